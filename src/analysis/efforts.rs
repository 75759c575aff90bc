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

use super::Cx;
use crate::model::{Evidence, Kind};

pub(super) const PATTERN: &str = r"\b(?:(?:commercially\s+)?reasonable\s+(?:commercial\s+)?(?:efforts?|endeavou?rs?)|(?:best|good[\s-]faith|diligent|all\s+reasonable)\s+(?:efforts?|endeavou?rs?)|(?:use|make|exercise)s?\s+(?:its|their)\s+efforts|(?:where|when|if|to\s+the\s+extent|as\s+far\s+as|as\s+soon\s+as)\s+(?:reasonably\s+)?practicable|efforts\s+to)\b";

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    cx.scan(PATTERN, Kind::Efforts, |m| format!("qualified by '{m}'"))
}
