//! **efforts**: the duty is only to try.
//!
//! What it does: flags effort qualifiers in the sentences that carry the term:
//! *commercially reasonable efforts, reasonable efforts, best efforts, good faith
//! efforts, reasonable endeavours, where practicable, as far as practicable*.
//!
//! Why it matters: an efforts obligation is breached only if the supplier did
//! not try; a missed deadline or an unpatched device is no longer a breach.
//!
//! Example: `Supplier will use commercially reasonable efforts to provide patches`.
//!
//! Use instead: `Supplier shall provide Customer with security patches for the Product within thirty (30) days after their release.`

use super::Cx;
use crate::model::{Evidence, Kind};

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    cx.scan("efforts", Kind::Efforts, |m| format!("qualified by '{m}'"))
}
