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
//!
//! Use instead: `Supplier shall ensure that Customer Data is encrypted at rest and in transit.`

use super::Cx;
use crate::model::{Evidence, Kind};

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    cx.scan("feasibility", Kind::Feasibility, |m| format!("only where feasible ('{m}')"))
}
