//! **discretion**: the supplier decides whether the duty applies.
//!
//! What it does: flags *sole discretion, absolute discretion, as Supplier deems
//! appropriate, if Supplier determines, at its option, in its judgment, as it
//! sees fit* in the sentences that carry the term.
//!
//! Why it matters: a duty the supplier may switch off at will gives the HDO
//! nothing to enforce.
//!
//! The customer's own judgement ("the Government, at its sole discretion,
//! may ...") is its right and weakens nothing.
//!
//! Example: `Supplier shall provide an SBOM at Supplier's sole discretion`.
//!
//! Use instead: `Supplier shall provide Customer with an SBOM for each release of the Product.`

use super::{clip, Cx};
use crate::model::{Evidence, Kind};

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    let found = cx.scan("discretion", Kind::Discretion, |m| format!("left to the supplier's discretion ('{m}')"));
    found.into_iter().filter(|e| !customers_own(cx, e)).collect()
}

/// The customer's own judgement is its right, not a weaker duty: "the
/// Government, at its sole discretion, may obtain assistance", "at
/// Customer's option", "if you decide to end the service" (the role text
/// reads every customer name as `hdo`; consumer terms address it as "you").
fn customers_own(cx: &Cx, e: &Evidence) -> bool {
    let roles = cx.roles();
    let named_in_it = re!(r"\b(?:hdo|you)\b").is_match(&roles[e.start..e.end]);
    let possessive = re!(r"\bhdo['’]s\s+$").is_match(clip(roles, e.start.saturating_sub(16), e.start));
    // "The Government, at its sole discretion, ...": the customer opens the sentence.
    let subject = cx.sentence_at(e.start).is_some_and(|(s, _)| {
        re!(r"^\s*(?:\(?[a-z0-9]{1,4}[.)]\s*)?(?:the\s+)?hdo\s*,\s*$").is_match(clip(roles, s, e.start))
    });
    named_in_it || possessive || subject
}
