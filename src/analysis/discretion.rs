//! **discretion**: the supplier decides whether the duty applies.
//!
//! What it does: flags *sole discretion, absolute discretion, as Supplier deems
//! appropriate, if Supplier determines, at its option, in its judgment, as it
//! sees fit* in the sentences that carry the term.
//!
//! Why it matters: a duty the supplier may switch off at will gives the HDO
//! nothing to enforce.
//!
//! Example: `Supplier shall provide an SBOM at Supplier's sole discretion`.

use super::Cx;
use crate::model::{Evidence, Kind};

pub(super) const PATTERN: &str = r"\b(?:(?:sole|absolute|complete|exclusive|reasonable|own)\s+(?:and\s+(?:absolute|sole)\s+)?discretion|as\s+(?:it|mdm|supplier|vendor|manufacturer|seller|company)\s+(?:\w+\s+)?(?:deems?|considers?|determines?|sees\s+fit|judges?)|(?:deems?|considers?)\s+(?:it\s+)?(?:appropriate|necessary|advisable|reasonable)|if\s+(?:\w+\s+){0,2}(?:determines?|decides?|elects?|chooses?)|at\s+(?:its|their|\w+'?s?)\s+(?:sole\s+)?(?:option|election|choice)|in\s+its\s+(?:sole\s+)?(?:judgment|judgement|opinion)|as\s+it\s+sees\s+fit)\b";

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    cx.scan(PATTERN, Kind::Discretion, |m| format!("left to the supplier's discretion ('{m}')"))
}
