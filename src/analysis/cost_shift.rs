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

use std::sync::OnceLock;

use super::{clip, re, Cx};
use crate::model::{Evidence, Kind};

pub(super) const PATTERN: &str = r"\b(?:at\s+(?:the\s+)?(?:hdo|customer|buyer|purchaser|hospital|facility|licensee|member|client)(?:'s)?\s+(?:sole\s+|own\s+)?(?:cost|expense|charge)|(?:for|at|subject\s+to)\s+(?:an?\s+)?(?:additional|separate|extra|further)\s+(?:fees?|costs?|charges?|price|payment)|(?:additional|separate)\s+(?:fees?|charges?)\s+(?:shall|will|may)\s+apply|(?:chargeable|billable|separately\s+(?:priced|chargeable|billed))|at\s+(?:[\w’'-]+\s+)?(?:then[\s-]current|standard|prevailing)\s+(?:rates?|prices?|fees?|charges?)|(?:hdo|customer|buyer|purchaser|hospital|facility)\s+(?:shall|will|must|agrees\s+to)\s+(?:pay|bear|reimburse)|for\s+a\s+fee|subject\s+to\s+(?:[\w’'-]+\s+){0,3}payment|(?:purchase|purchasing)\s+(?:of\s+)?(?:a\s+)?(?:separate|premium|paid)\s+(?:support|service|maintenance))\b";

/// "at its own expense": the HDO's when the HDO is the subject.
pub(super) const OWN_EXPENSE: &str = r"\bat\s+its\s+(?:own|sole)\s+(?:cost|expense|charge)\b";

/// "Customer may, at its own expense, conduct ...": the HDO bears the cost.
fn hdo_own_expense(cx: &Cx) -> Vec<Evidence> {
    cx.scan(OWN_EXPENSE, Kind::CostShift, |m| format!("the HDO pays ('{m}')"))
        .into_iter()
        .filter(|e| {
            cx.sentences()
                .iter()
                .find(|(s, t)| *s <= e.start && e.start < *t)
                .is_some_and(|&sent| super::party_shift::subject_role(cx, sent) == Some("hdo"))
        })
        .collect()
}

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    static FREE: OnceLock<regex::Regex> = OnceLock::new();
    let free = re(&FREE, r"\b(?:no|without|free\s+of|not\s+subject\s+to)\s+(?:any\s+)?$");
    let mut out = hdo_own_expense(cx);
    out.extend(
        cx.scan(PATTERN, Kind::CostShift, |m| format!("the HDO pays ('{m}')"))
            .into_iter()
            .filter(|e| !free.is_match(clip(cx.text(), e.start.saturating_sub(24), e.start))),
    );
    out
}
