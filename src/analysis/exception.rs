//! **exception**: a carve-out takes cases out of the duty.
//!
//! What it does: flags *except, unless, other than, excluding, provided that
//! Supplier shall not be required to, provided however, notwithstanding the
//! foregoing, shall not apply to* in the term's sentences. "Except as required
//! by law" in a data-use clause (a narrower disclosure) is not flagged, nor
//! an exception left to the contract's own terms ("unless this Agreement
//! states otherwise"), whose words are not read as a denial of the duty.
//!
//! Why it matters: exceptions quietly remove the cases that matter most
//! (legacy products, third-party software, incidents caused by "misuse").
//!
//! Example: `Supplier shall provide patches, except for products past their warranty period`.
//!
//! Use instead: `Supplier shall provide Customer with security patches for every Product it supplies.`

use super::{clip, Cx};
use crate::model::{Evidence, Kind};

const BENIGN: &str = r"^(?:except\s+(?:as\s+)?(?:required|permitted|necessary|expressly|otherwise|authori[sz]ed|set\s+forth|provided|stated)|unless\s+(?:otherwise\s+)?(?:required|prohibited|forbidden|directed|instructed|authori[sz]ed|(?:the\s+|applicable\s+|such\s+)?(?:laws?|legislation|regulations?)\s+(?:prohibits?|forbids?|prevents?)|agreed\s+in\s+writing\s+by\s+(?:the\s+)?(?:hdo|customer|hospital)|customer|the\s+customer|hdo|the\s+hospital|hospital|(?:otherwise\s+)?(?:stated|provided|specified|set\s+forth)\s+in\s+(?:the\s+|this\s+)?(?:contract|agreement|order)|(?:the\s+|this\s+)?(?:contract|agreement|order|statement\s+of\s+work)\s+(?:itself\s+)?(?:otherwise\s+)?(?:states?|provides?|specifies|requires?|directs?))|other\s+than\s+(?:to|for)\s+(?:perform|provide)|other\s+than\s+(?:the\s+)?mdm\b)";
/// Words before the match that turn it into a strengthening: a use limit
/// ("for no purpose other than"), or a carve-out from a limitation of
/// liability ("the limitations in Section 11 shall not apply to").
const STRENGTHENS: &str = r"\b(?:no|any)\s+(?:\w+\s+)?purposes?\s*$";
/// "the limitations in Section 11 shall not apply to ...": a limitation of
/// liability carved out, which strengthens the duty (only for "not apply").
const UNCAPPED: &str = r"\b(?:limitations?|exclusions?|caps?|limits?)\b[^.;]{0,100}$";

/// Whether byte `at` lies in a benign exception of its sentence ("... unless
/// the contract states that destruction is not required"): words there
/// belong to the exception (the contract's own terms), not to the duty.
pub(super) fn within_benign_exception(cx: &Cx, at: usize) -> bool {
    let Some((start, _)) = cx.sentence_at(at) else { return false };
    let before = clip(cx.roles(), start, at);
    let Some(opening) = re!(r"\b(?:unless|except)\b[^;]*$").find(before) else { return false };
    benign().is_match(clip(cx.roles(), start + opening.start(), start + opening.start() + 80))
}

/// `BENIGN`, compiled once for the detector and `within_benign_exception`.
fn benign() -> &'static regex::Regex {
    re!(BENIGN)
}

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    let benign = benign();
    let strengthens = re!(STRENGTHENS);
    let uncapped = re!(UNCAPPED);
    cx.scan("exception", Kind::Exception, |m| format!("carved out by '{m}'"))
        .into_iter()
        .filter(|e| !benign.is_match(clip(cx.roles(), e.start, e.start + 60)))
        .filter(|e| !strengthens.is_match(clip(cx.roles(), e.start.saturating_sub(120), e.start)))
        .filter(|e| {
            let not_apply = clip(cx.roles(), e.start, e.end).contains("apply");
            !(not_apply && uncapped.is_match(clip(cx.roles(), e.start.saturating_sub(120), e.start)))
        })
        .collect()
}
