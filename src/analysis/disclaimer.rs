//! **disclaimer**: a clause elsewhere empties the term.
//!
//! What it does: finds sentences anywhere in the contract that deny liability
//! or responsibility (*shall have no liability for, in no event shall ... be
//! liable, disclaims, "as is", no warranty*) and that name a term's topic
//! (security incidents, vulnerabilities, patches, ...). A matched term that
//! such a sentence covers is weakened, with the disclaimer's clause in the
//! message. Also caught: a warranty voided by the very thing the term allows
//! (installing anti-malware), a liability cap on the term's losses, and a
//! "notwithstanding anything ... Supplier may" override. Carve-outs *from* a
//! cap ("the limitation shall not apply to data breaches") help the HDO and are
//! not flagged.
//!
//! Why it matters: a strong incident clause is worth little when the
//! limitation-of-liability section says the supplier owes nothing for incidents.
//!
//! Example: `In no event shall Vendor be liable for any damages arising from
//! security incidents or data breaches.`

use std::sync::OnceLock;

use regex::Regex;

use super::re;
use crate::matcher::{Hits, Indexed};
use crate::reference::Term;

const DENIAL: &str = r"\b(?:(?:shall|will)\s+(?:have|bear)\s+no\s+(?:liability|responsibility)|(?:has|bears|assumes)\s+no\s+(?:liability|responsibility)|(?:shall|will)\s+not\s+be\s+(?:liable|responsible)|in\s+no\s+event\s+(?:shall|will)|(?:is|are)\s+not\s+(?:liable|responsible)|disclaims?\s+(?:any\s+and\s+)?all|(?:provided|supplied|furnished|delivered|licensed)\s+[\W_]{0,2}as\s+is|without\s+(?:any\s+)?warrant(?:y|ies)|makes\s+no\s+warrant(?:y|ies)|excludes?\s+(?:all\s+)?liability|(?:voids?|invalidates?|voiding|invalidating)\s+(?:the\s+|any\s+|all\s+|its\s+)?(?:\w+\s+)?(?:warrant(?:y|ies)|regulatory\s+clearance|support)|notwithstanding\s+(?:anything|the\s+foregoing)[^.;]{0,200}?\b(?:may|is\s+entitled\s+to|shall\s+be\s+free\s+to|reserves\s+the\s+right|is\s+permitted\s+to)|(?:aggregate\s+)?liability\s+(?:for|arising\s+(?:from|out\s+of))\s+[^.;]{0,80}?(?:shall|will)\s+not\s+exceed|(?:capped|limited)\s+(?:at|to)\s+(?:the\s+)?(?:fees|amounts?))";
const CARVE_OUT: &str = r"\b(?:shall|will|does)\s+not\s+apply\s+to|(?:excluded|exempt)\s+from\s+(?:the\s+|any\s+|such\s+)?(?:limitation|cap)|not\s+(?:be\s+)?subject\s+to\s+(?:the\s+|any\s+)?(?:limitation|cap)|(?:not|n't|without|never)\s+(?:\w+\s+){0,9}?(?:void|invalidat)|(?:shall|will)\s+not\s+(?:void|invalidate)|outside\s+(?:the|any)\s+(?:limitation|cap)";

/// Sentences that deny liability, as absolute byte ranges.
pub fn denial_sentences(ix: &Indexed) -> Vec<(usize, usize)> {
    static D: OnceLock<Regex> = OnceLock::new();
    static C: OnceLock<Regex> = OnceLock::new();
    let (denial, carve) = (re(&D, DENIAL), re(&C, CARVE_OUT));
    ix.para_sentences
        .iter()
        .flatten()
        .copied()
        .filter(|&(s, e)| {
            let t = &ix.doc.text[s..e];
            denial.is_match(t) && !carve.is_match(t)
        })
        .collect()
}

/// The first denial sentence that names the term's topic; one inside the
/// clause itself ("... voids the warranty") empties it too.
pub fn covering(ix: &Indexed, term: &Term, hits: &[Hits], denials: &[(usize, usize)]) -> Option<(usize, usize)> {
    denials.iter().copied().find(|&(s, e)| {
        let (a, b) = ix.token_range(s, e);
        term.elements.iter().zip(hits).any(|(el, h)| el.spec.core && h.iter().any(|&(x, y)| x >= a && y <= b))
    })
}
