//! **exception**: a carve-out takes cases out of the duty.
//!
//! What it does: flags *except, unless, other than, excluding, provided that
//! Supplier shall not be required to, provided however, notwithstanding the
//! foregoing, shall not apply to* in the term's sentences. "Except as required
//! by law" in a data-use clause (a narrower disclosure) is not flagged.
//!
//! Why it matters: exceptions quietly remove the cases that matter most
//! (legacy products, third-party software, incidents caused by "misuse").
//!
//! Example: `Supplier shall provide patches, except for products past their warranty period`.

use std::sync::OnceLock;

use super::{clip, re, Cx};
use crate::model::{Evidence, Kind};

const BENIGN: &str = r"^(?:except\s+(?:as\s+)?(?:required|permitted|necessary|expressly|otherwise|authori[sz]ed|set\s+forth|provided|stated)|unless\s+(?:otherwise\s+)?(?:required|directed|instructed|authori[sz]ed|agreed\s+in\s+writing\s+by\s+(?:the\s+)?(?:hdo|customer|hospital)|customer|the\s+customer|hdo|the\s+hospital|hospital)|other\s+than\s+(?:to|for)\s+(?:perform|provide))";

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    static OK: OnceLock<regex::Regex> = OnceLock::new();
    let benign = re(&OK, BENIGN);
    cx.scan("exception", Kind::Exception, |m| format!("carved out by '{m}'"))
        .into_iter()
        .filter(|e| !benign.is_match(clip(cx.text(), e.start, e.start + 60)))
        .collect()
}
