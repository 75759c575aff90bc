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

use std::sync::OnceLock;

use super::{re, Cx};
use crate::model::{Evidence, Kind};

const PATTERN: &str = r"\b(?:(?:upon|on|following|after|at)\s+(?:(?:the\s+)?(?:\w+\s+){0,2})?(?:written\s+|reasonable\s+|prior\s+|specific\s+|express\s+)?request|(?:if|when|where|as)\s+(?:so\s+)?(?:specifically\s+|expressly\s+)?requested|(?:if|where|when|to\s+the\s+extent|only\s+as)\s+(?:\w+\s+){0,2}required\s+by\s+(?:applicable\s+)?(?:law|regulation|statute)|subject\s+to\s+(?:a\s+|the\s+)?(?:separate|additional|mutual(?:ly)?|further|executed)\s+(?:written\s+)?(?:agreement|agreed|contract|statement\s+of\s+work|sow|purchase|terms)|subject\s+to\s+(?:the\s+)?(?:execution|purchase|availability\s+of\s+a)|(?:if|provided)\s+(?:that\s+)?(?:the\s+)?(?:hdo|customer|buyer|purchaser|hospital)\s+(?:has\s+)?(?:purchased|subscribes?|pays?|maintains?|enters?)|upon\s+mutual\s+agreement|only\s+if)\b";

/// A condition governs the duty when it comes before the obligation verb or
/// right after it; one at the end of a second duty ("... and shall provide
/// certificates upon request") qualifies only that side duty.
pub fn detect(cx: &Cx) -> Vec<Evidence> {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    static MODAL: OnceLock<regex::Regex> = OnceLock::new();
    let modal = re(&MODAL, r"\b(?:shall|must|will|agrees?\s+to|may|should)\b");
    cx.scan(re(&RE, PATTERN), Kind::Condition, |m| format!("only on condition ('{m}')"))
        .into_iter()
        .filter(|e| {
            let Some(&(s, end)) = cx.sentences().iter().find(|(s, t)| *s <= e.start && e.start < *t) else {
                return true;
            };
            let sentence = &cx.text()[s..end];
            let modals: Vec<usize> = modal.find_iter(sentence).map(|m| s + m.start()).collect();
            match modals.first() {
                None => true,
                Some(&first) => e.start < first || (modals.len() == 1 && e.start - first < 160),
            }
        })
        .collect()
}
