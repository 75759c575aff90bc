//! **cost-shift**: the HDO pays for what the reference gives at no charge.
//!
//! What it does: flags *at Customer's expense, for an additional fee, at
//! additional cost, chargeable, billable, at then-current rates, separately
//! priced, subject to payment, Customer shall pay/bear/reimburse* in the term's
//! sentences, and ignores the conformant *at no additional cost/charge*.
//!
//! Why it matters: patches, SBOM updates and remediation priced as extras are
//! often not bought, leaving devices unpatched.
//!
//! Example: `Security patches are available for an additional fee under a support plan`.
//!
//! Use instead: `Supplier shall make security patches for the Product available to Customer at no additional charge within thirty (30) days.`

use super::{clip, Cx};
use crate::model::{Evidence, Kind};

/// "Customer may, at its own expense, conduct ...": the HDO bears the cost.
fn hdo_own_expense(cx: &Cx) -> Vec<Evidence> {
    cx.scan("cost-shift-own-expense", Kind::CostShift, |m| format!("the HDO pays ('{m}')"))
        .into_iter()
        .filter(|e| {
            cx.sentence_at(e.start).is_some_and(|sent| super::party_shift::subject_role(cx, sent) == Some("hdo"))
        })
        .collect()
}

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    let free = re!(r"\b(?:no|without|free\s+of|not\s+subject\s+to)\s+(?:any\s+)?$");
    let mut out = hdo_own_expense(cx);
    out.extend(
        cx.scan("cost-shift", Kind::CostShift, |m| format!("the HDO pays ('{m}')"))
            .into_iter()
            .filter(|e| !free.is_match(clip(cx.text(), e.start.saturating_sub(24), e.start))),
    );
    out
}
