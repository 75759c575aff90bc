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
//!
//! Use instead: `Supplier shall provide Customer with an SBOM for each release of the Product.`

use super::Cx;
use crate::model::{Evidence, Kind};

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    cx.scan("discretion", Kind::Discretion, |m| format!("left to the supplier's discretion ('{m}')"))
}
