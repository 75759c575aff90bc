//! **modality**: the obligation is no longer mandatory.
//!
//! What it does: finds the first modal verb of each sentence that carries the
//! term and flags weak ones: *may, should, ought to, might, is expected to,
//! expects to, intends to, intends that, it is Supplier's intention, aims to,
//! will endeavour to, will try to, will seek to, reserves the right*.
//!
//! Why it matters: "shall" and "must" create a duty the HDO can enforce; "may"
//! or "should" leave it to the supplier's goodwill.
//!
//! Example: `Supplier may notify Customer of Security Incidents` (weakened) versus
//! `Supplier shall notify Customer ...` (conformant).
//!
//! Use instead: `Supplier shall notify Customer of every Security Incident within twenty-four (24) hours.`

use super::Cx;
use crate::model::{Evidence, Kind};

const STRONG: &str = r"\b(?:shall|must|will|agrees?\s+to|undertakes?\s+to|covenants?\s+to|commits?\s+to|is\s+(?:required|obligated|obliged)\s+to|are\s+(?:required|obligated)\s+to)\b";
const WEAK: &str = r"\b(?:may|should|might|is\s+expected\s+to|are\s+expected\s+to|intends?\s+(?:to|that)|(?:it\s+is|it\s+remains)\s+(?:the\s+)?(?:mdm's|its|our|\w+'s)\s+(?:intention|intent|aim|expectation)|expects?\s+to|ought\s+to|aims?\s+to|plans?\s+to|hopes?\s+to|will\s+(?:endeavou?r|try|seek|attempt|strive|aim|consider)\s+to|endeavou?rs?\s+to|strives?\s+to|reserves?\s+the\s+right\s+to|is\s+encouraged\s+to|would\s+(?:expect|intend)|anticipates)\b";

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    let (strong, weak) = (re!(STRONG), re!(WEAK));
    let mut out = Vec::new();
    for &(s, e) in cx.sentences() {
        let sentence = &cx.text()[s..e];
        let Some(w) = weak.find(sentence) else { continue };
        // "Customer may request ..., and Supplier shall ..." keeps the duty strong
        // when a strong modal governs the supplier's action.
        let first_strong = strong.find(sentence).map(|m| m.start());
        // "Supplier shall notify ... and may also provide a report" adds an
        // option to a strong duty; "must deliver it with the bid and will
        // endeavour to deliver a revised one" weakens the second duty.
        let word = w.as_str().to_ascii_lowercase();
        let bare = matches!(word.as_str(), "may" | "might" | "should");
        let before = &cx.roles()[s..s + w.start()];
        // "Customer may audit ..." grants the HDO a right; it weakens nothing.
        if (bare && first_strong.is_some_and(|fs| fs < w.start()))
            || weak_is_about_hdo(cx, s, w.start())
            || someone_else_may(before)
            || efforts_noun(before)
            || (!matches!(word.as_str(), "may" | "might") && in_condition(before))
            || permits_a_form(super::clip(cx.roles(), s + w.end(), e))
            || !governs_supplier_duty(cx, s, w.start(), w.end(), e)
        {
            continue;
        }
        out.push(Evidence::stated(
            Some(Kind::Modality),
            s + w.start(),
            s + w.end(),
            format!("'{}' makes the duty optional", w.as_str()),
        ));
    }
    out
}

/// "shall use reasonable endeavours to": the endeavours are the efforts
/// standard of a strong duty (the efforts detector's finding), not a verb
/// that replaces the duty.
fn efforts_noun(before: &str) -> bool {
    re!(r"\buse\s+(?:[\w-]+\s+){0,3}$").is_match(before)
}

/// True when the weak modal's subject is the HDO ("Customer may request",
/// "Customer's staff may"), not when the HDO ends a prepositional phrase
/// ("access to the network of Customer should be made ...").
fn weak_is_about_hdo(cx: &Cx, sentence_start: usize, at: usize) -> bool {
    let toks = cx.tokens((sentence_start, sentence_start + at));
    let n = toks.len();
    (n.saturating_sub(3)..n).any(|i| {
        toks[i].stem == "hdo"
            && !(i > 0
                && matches!(toks[i - 1].stem.as_str(), "of" | "to" | "by" | "for" | "with" | "from" | "on" | "in"))
    })
}

/// "If the Contractor intends to use a cloud provider, it shall ...": the
/// weak verb sits in the condition, and the main clause's modal states the
/// duty. (Not asked for "may": in "patches where available may be provided"
/// the condition ends before the modal.)
fn in_condition(before: &str) -> bool {
    re!(r"\b(?:if|where|when|whenever|unless|in\s+the\s+event\s+(?:that\s+)?)\s+(?:the\s+|its\s+|any\s+)?(?:[\w-]+\s+){0,2}$")
        .is_match(before)
}

/// "Notice may first be given by telephone but must be confirmed in writing":
/// the modal permits a form; the duty itself stays with the strong modal.
fn permits_a_form(after: &str) -> bool {
    re!(r"^\s+(?:[\w-]+\s+){0,4}?(?:orally|verbally|informally|by\s+(?:tele)?phone|by\s+e-?mail)\b[^.;]{0,120}?\bbut\s+(?:[\w-]+\s+){0,2}?(?:must|shall|will)\b")
        .is_match(after)
}

/// "by which anyone may report", "users may": the weak
/// modal belongs to a relative clause or to someone other than the supplier,
/// and grants a right rather than weakening the supplier's duty. "Should
/// Customer so request" is a condition, not a modal.
fn someone_else_may(before: &str) -> bool {
    let other = re!(
        r"(?:\b(?:which|whom|whose|who)\s+(?:[\w-]+\s+){0,3}|\b(?:anyone|anybody|any\s+person|users?|researchers?|third\s+parties|the\s+public)\s+|^\s*)$",
    );
    other.is_match(before)
}

/// A bare modal ("may", "might", "should") weakens the term only as the
/// main verb of the supplier's duty: with the supplier as its subject
/// ("Supplier may notify", "we may provide"), or in a passive that states
/// the duty without an actor ("patches may be provided"), or with the
/// supplier's product as subject ("the Products should permit"). "The networks
/// may experience breaches" or "plans may also include" promise nothing,
/// and "may only use" or "may not disclose" limit a permission, which
/// strengthens the term.
fn governs_supplier_duty(cx: &Cx, s: usize, at: usize, end: usize, sentence_end: usize) -> bool {
    let roles = cx.roles();
    if !re!(r"^(?:may|might|should)$").is_match(&roles[s + at..s + end]) {
        return true;
    }
    let after = super::clip(roles, s + end, (s + end + 40).min(sentence_end));
    if re!(r"^\s+(?:only|not|never|solely)\b").is_match(after) {
        return false;
    }
    let before = super::clip(roles, (s + at).saturating_sub(60), s + at);
    // "the networks that support the Tidepool Apps may experience breaches":
    // the supplier's name ends a relative clause; the modal's subject is the
    // noun before "that".
    if re!(r"\b(?:that|which|who)\s+[\w-]+\s+(?:the\s+|its\s+|our\s+|their\s+)?(?:[\w-]+\s+){0,2}$").is_match(before) {
        return false;
    }
    // "your healthcare provider may be able to review": the user's own provider.
    if re!(r"\byour\s+(?:[\w-]+\s+){0,2}$").is_match(before) {
        return false;
    }
    let supplier = re!(
        r"\b(?:mdm|we|mdm's\s+[\w-]+|supplier|vendor|manufacturer|seller|company|contractor|licensor|provider|products?|devices?|systems?|software|equipment|solutions?)(?:\s*,[^,]{0,60},)?\s+(?:[\w-]+\s+)?$",
    );
    // "instructions may be given by Customer": the customer acts; a
    // passive without that agent states the supplier's duty.
    supplier.is_match(before)
        || re!(r"^\s+(?:\w+\s+)?be\s+\w+").is_match(after)
            && !re!(r"^\s+(?:\w+\s+)?be\s+\w+\s+(?:\w+\s+)?by\s+(?:the\s+)?hdo\b").is_match(after)
}
