//! **condition**: the duty is triggered only by something the HDO must do or
//! that may never happen.
//!
//! What it does: flags *upon (written) request, if requested, at Customer's
//! request, if required by law, to the extent required by law, subject to a
//! separate agreement, subject to mutual agreement, only if* in the term's sentences.
//!
//! Why it matters: the reference duty is unconditional; a request-only SBOM or a
//! law-only incident notice leaves the HDO uninformed by default.
//!
//! Example: `Upon Customer's written request, Supplier shall provide an SBOM`.
//!
//! Use instead: `Supplier shall provide Customer with an SBOM for each release of the Product.`

use super::Cx;
use crate::model::{Evidence, Kind};

/// "annually and upon request" adds a right rather than conditioning the duty;
/// "certificates of insurance upon request" is proof on demand, not a
/// condition on the cover itself.
fn benign(cx: &Cx, e: &Evidence) -> bool {
    let before = super::clip(cx.text(), e.start.saturating_sub(80), e.start);
    let additive = re!(r"(?:\band|\bor|as\s+well\s+as)\s*$");
    let proof = re!(r"\b(?:certificates?|certification|evidence|copies|copy|proof|confirmation)\b[^.;]*$");
    let on_request = re!(r"^(?:upon|on|at|following|after|per)\b").is_match(&cx.text()[e.start..e.end]);
    (on_request && additive.is_match(before))
        || proof.is_match(super::clip(cx.text(), e.start.saturating_sub(40), e.start))
}

/// A condition governs the duty unless it trails the third or later duty of
/// one sentence ("shall maintain ..., shall name ..., and shall provide
/// certificates upon request").
pub fn detect(cx: &Cx) -> Vec<Evidence> {
    let modal = re!(r"\b(?:shall|must|will|agrees?\s+to|may|should)\b");
    cx.scan("condition", Kind::Condition, |m| format!("only on condition ('{m}')"))
        .into_iter()
        .filter(|e| !benign(cx, e))
        .filter(|e| !states_an_element(cx, e))
        .filter(|e| {
            let Some((s, end)) = cx.sentence_at(e.start) else {
                return true;
            };
            let sentence = &cx.text()[s..end];
            let modals: Vec<usize> = modal.find_iter(sentence).map(|m| s + m.start()).collect();
            // In a long list of duties, a request at the tail ("..., and shall
            // provide certificates upon request") qualifies only the last one;
            // an outside trigger ("if and when its licensor releases a fix")
            // still gates a part of the term.
            let words = super::clip(cx.roles(), e.start, e.end);
            let request = words.contains("request") || words.contains("ask");
            !request || modals.get(2).is_none_or(|&third| e.start < third)
        })
        .collect()
}

/// "only once Customer has enabled the connection": the trigger is itself
/// what the reference asks for (customer-enabled sessions), not a condition
/// on the duty.
fn states_an_element(cx: &Cx, e: &Evidence) -> bool {
    let toks = &cx.ix.tokens;
    cx.m.hits.iter().flatten().any(|&(a, b)| b > a + 1 && e.start <= toks[a].start && toks[b - 1].end <= e.end)
}
