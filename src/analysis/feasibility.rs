//! **feasibility**: the duty applies only where the supplier finds it possible.
//!
//! What it does: flags *where technically feasible, to the extent possible,
//! where possible, if available, subject to product design, to the extent the
//! product supports, subject to technical limitations* in the term's sentences.
//!
//! Why it matters: the supplier designs the product, so it decides what is
//! "feasible"; the qualifier lets it opt out of encryption, logging or MFA.
//!
//! Example: `Data shall be encrypted at rest where technically feasible`.

use super::Cx;
use crate::model::{Evidence, Kind};

pub(super) const PATTERN: &str = r"\b(?:(?:where|when|if|to\s+the\s+extent|insofar\s+as)\s+(?:\w+\s+){0,2}(?:technically\s+|commercially\s+|operationally\s+)?(?:feasible|possible|available|supported|achievable)|(?:technical|technological)\s+(?:feasibility|limitations?|constraints?)|subject\s+to\s+(?:the\s+)?(?:product(?:'s)?\s+)?(?:design|architecture|technical\s+limitations?|capabilities|availability)|to\s+the\s+extent\s+(?:the\s+)?(?:product|device|system|software)s?\s+(?:\w+\s+)?(?:supports?|permits?|allows?|is\s+capable))\b";

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    cx.scan(PATTERN, Kind::Feasibility, |m| format!("only where feasible ('{m}')"))
}
