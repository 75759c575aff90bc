//! **disclaimer**: a clause elsewhere empties the term.
//!
//! What it does: finds sentences anywhere in the contract that deny liability
//! or responsibility (*shall have no liability for, in no event shall ... be
//! liable, disclaims, "as is", no warranty*) and that name a term's topic
//! (security incidents, vulnerabilities, patches, ...). A matched term that
//! such a sentence covers is weakened, with the disclaimer's clause in the
//! message. Also caught: a warranty voided by the very thing the term allows
//! (installing anti-malware), a liability cap on the term's losses, and a
//! "notwithstanding anything ... Supplier may" override. Each pack term says
//! which of these can empty it (`emptied_by`): a liability cap empties an
//! indemnity, not a duty to notify; "as is" empties a compliance warranty; a
//! voided warranty empties the permission it punishes; an override empties
//! whatever it names. Carve-outs *from* a
//! cap ("the limitation shall not apply to data breaches") help the HDO and are
//! not flagged. A part of the contract that the general terms declare
//! non-binding ("Exhibit A describes the supplier's practices for information
//! purposes only and creates no obligation") empties every term placed in it,
//! whatever its wording.
//!
//! Why it matters: a strong incident clause is worth little when the
//! limitation-of-liability section says the supplier owes nothing for incidents.
//!
//! Example: `In no event shall Vendor be liable for any damages arising from
//! security incidents or data breaches.`

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::matcher::{Hits, Indexed};
use crate::reference::{Denial, Term};

/// Liability excluded or capped: *shall have no liability for, in no event
/// shall ... be liable, total liability ... shall not exceed*.
const LIABILITY: &str = r"\b(?:(?:shall|will)\s+(?:have|bear)\s+no\s+(?:liability|responsibility)|(?:has|bears|assumes)\s+no\s+(?:liability|responsibility)|(?:shall|will)\s+not\s+be\s+(?:liable|responsible)|in\s+no\s+event\s+(?:shall|will)|(?:is|are)\s+not\s+(?:liable|responsible)|excludes?\s+(?:all\s+)?liability|liability\b[^.;]{0,250}?\b(?:shall|will|may)\s+not\s+exceed|liability\b[^.;]{0,120}?\b(?:is|are|shall\s+be|will\s+be)\s+limited\s+to|(?:capped|limited)\s+(?:at|to)\s+(?:the\s+)?(?:fees|amounts?))";
/// Warranties disclaimed: *as is, without warranty, makes no warranty*.
const WARRANTY: &str = r"\b(?:disclaims?\s+(?:any\s+and\s+)?all|(?:provided|supplied|furnished|delivered|licensed)\s+[\W_]{0,2}as\s+is|without\s+(?:any\s+)?warrant(?:y|ies)|makes\s+no\s+(?:representations?\s+or\s+)?warrant(?:y|ies)|makes\s+no\s+representation)";
/// A warranty or support voided by what the term allows: *installing
/// anti-malware voids the warranty*, *the warranties are void if ...*.
const VOIDING: &str = r"\b(?:(?:voids?|invalidates?|voiding|invalidating)\s+(?:the\s+|any\s+|all\s+|its\s+)?(?:\w+\s+)?(?:warrant(?:y|ies)|regulatory\s+clearance|support)|warrant(?:y|ies)\b[^.;]{0,80}?\b(?:is|are|shall\s+be|will\s+be|becomes?|shall\s+become|will\s+become)\s+(?:null\s+and\s+)?(?:void|voided|invalid|invalidated)\b)";
/// An override of the whole agreement: *notwithstanding anything to the
/// contrary, Supplier may ...*.
const OVERRIDE: &str = r"\bnotwithstanding\s+(?:anything|the\s+foregoing)[^.;]{0,200}?\b(?:may|is\s+entitled\s+to|shall\s+be\s+free\s+to|reserves\s+the\s+right|is\s+permitted\s+to)";
const CARVE_OUT: &str = r"\b(?:shall|will|does)\s+not\s+apply\s+to|(?:excluded|exempt)\s+from\s+(?:the\s+|any\s+|such\s+)?(?:limitation|cap)|not\s+(?:be\s+)?subject\s+to\s+(?:the\s+|any\s+)?(?:limitation|cap)|(?:not|n't|without|never)\s+(?:\w+\s+){0,9}?(?:void|invalidat)|(?:shall|will)\s+not\s+(?:void|invalidate)|outside\s+(?:the|any)\s+(?:limitation|cap)";

/// A sentence that denies liability or a warranty, as an absolute byte range,
/// with what it denies.
#[derive(Debug, Clone, Copy)]
pub struct DenialSentence {
    pub start: usize,
    pub end: usize,
    pub denial: Denial,
}

/// The denial classes, in the order a sentence is tried against them (the
/// first that matches names it).
const CLASSES: [(&str, Denial); 4] = [
    (LIABILITY, Denial::Liability),
    (WARRANTY, Denial::Warranty),
    (VOIDING, Denial::Voiding),
    (OVERRIDE, Denial::Override),
];

/// Words one of which each denial class's pattern needs, with that class
/// (its index in `CLASSES`): most sentences have none, and a substring test
/// is far cheaper than four case-insensitive regexes; a sentence is tried
/// only against the classes whose words it has.
const DENIAL_WORDS: &[(&str, usize)] = &[
    ("liab", 0),
    ("responsib", 0),
    ("no event", 0),
    ("limited", 0),
    ("capped", 0),
    ("warrant", 1),
    ("as is", 1),
    ("as\u{a0}is", 1),
    ("as-is", 1),
    ("disclaim", 1),
    ("representation", 1),
    ("void", 2),
    ("invalid", 2),
    ("notwithstanding", 3),
];

/// Byte ranges of every denial word in the lower-cased text, in order, with
/// the class needing it: one pass over the document instead of a substring
/// search per word and sentence.
///
/// Leftmost-first, not the standard semantics: only then does the automaton
/// skip ahead with a vectorised search for the words (Teddy) instead of
/// stepping through every byte, which took about 2% of a bulk audit. The
/// matches are the same as long as no word contains another
/// (`no_denial_word_contains_another`): of two overlapping words the one that
/// starts first then also ends first, and both semantics report it.
fn denial_words(lower: &str) -> Vec<(usize, usize, usize)> {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    let ac = AC.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(DENIAL_WORDS.iter().map(|(w, _)| w))
            .expect("denial words build")
    });
    ac.find_iter(lower).map(|m| (m.start(), m.end(), DENIAL_WORDS[m.pattern().as_usize()].1)).collect()
}

/// The classes (bits by index in `CLASSES`) whose words lie inside
/// `[start, end)` (`words` sorted, not overlapping).
fn classes_named(words: &[(usize, usize, usize)], start: usize, end: usize) -> u8 {
    let i = words.partition_point(|&(s, _, _)| s < start);
    words[i..].iter().take_while(|&&(_, e, _)| e <= end).fold(0, |bits, &(_, _, class)| bits | 1 << class)
}

/// `CLASSES[k]`'s pattern, compiled.
fn class_pattern(k: usize) -> &'static Regex {
    const _: () = assert!(CLASSES.len() == 4, "one arm per class");
    match k {
        0 => re!(CLASSES[0].0),
        1 => re!(CLASSES[1].0),
        2 => re!(CLASSES[2].0),
        _ => re!(CLASSES[3].0),
    }
}

/// Sentences that deny liability or warranties, or override the agreement.
pub fn denial_sentences(ix: &Indexed) -> Vec<DenialSentence> {
    let carve = re!(CARVE_OUT);
    let classify = |t: &str, named: u8| {
        let denial = (0..CLASSES.len())
            .filter(|k| named & 1 << k != 0)
            .find(|&k| class_pattern(k).is_match(t))
            .map(|k| CLASSES[k].1)?;
        (!carve.is_match(t)).then_some(denial)
    };
    let words = denial_words(ix.lower());
    let mut out = Vec::new();
    for &(start, end) in ix.para_sentences.iter().flatten() {
        let named = classes_named(&words, start, end);
        if named == 0 {
            continue;
        }
        let t = &ix.doc.text[start..end];
        if let Some(denial) = classify(t, named) {
            out.push(DenialSentence { start, end, denial });
        }
    }
    out
}

/// The first denial sentence that names the term's topic; one inside the
/// clause itself ("... voids the warranty") empties it too.
pub fn covering(ix: &Indexed, term: &Term, hits: &[Hits], denials: &[DenialSentence]) -> Option<(usize, usize)> {
    let applies = |d: &&DenialSentence| term.spec.emptied_by.contains(&d.denial);
    denials.iter().filter(applies).map(|d| (d.start, d.end)).find(|&(s, e)| {
        let (a, b) = ix.token_range(s, e);
        term.elements.iter().zip(hits).any(|(el, h)| el.spec.core && h.iter().any(|&(x, y)| x >= a && y <= b))
    })
}

/// A part of the contract (an exhibit, schedule, annex, appendix or
/// attachment) that the general terms empty: "Exhibit A describes Company's
/// current security practices for information purposes only ... creates no
/// obligation". Every term placed in it is weakened (`disclaimer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmptiedPart {
    /// Paragraphs of the part, first to last.
    pub paragraphs: (usize, usize),
    /// The emptying statement's byte range.
    pub statement: (usize, usize),
}

/// The words that name a contract part, as in "Exhibit A" or "Schedule 2".
const PART: &str = r"\b(exhibit|schedule|annex|appendix|attachment)\s+([a-z]|\d+|[ivx]+)\b";

/// What empties it: information only, no obligation, not binding.
const EMPTIES: &str = r"\b(?:for\s+information(?:al)?\s+(?:purposes\s+)?only|(?:is|are)\s+(?:provided\s+)?(?:for\s+)?information(?:al)?\s+only|creates?\s+no\s+(?:\w+\s+)?(?:obligations?|liability|duties)|(?:does|do|shall)\s+not\s+create\s+any\s+(?:\w+\s+)?(?:obligations?|duties)|(?:is|are)\s+not\s+(?:contractually\s+)?binding|non[\s-]binding|(?:does|do|shall)\s+not\s+form\s+part\s+of)";

/// Words one of which each alternative of `EMPTIES` contains: a sentence
/// without one cannot match it. `EMPTIES` starts with words as common as "is"
/// and "do", which give the regex engine no literal to skip ahead on, and it
/// ran over every sentence. A plain substring test on the lower-cased text is
/// exact here: no character outside ASCII folds to these letters
/// (`empties_words_need_no_case_folding`). "form" also stands for
/// "information(al)", which contains it; the most common word goes first.
const EMPTIES_WORDS: &[&str] = &["form", "creat", "binding"];

/// Every occurrence of an `EMPTIES_WORDS` word in `lower`, by start.
fn empties_words(lower: &str) -> Vec<(usize, usize)> {
    static FINDERS: OnceLock<Vec<memchr::memmem::Finder<'static>>> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| EMPTIES_WORDS.iter().map(memchr::memmem::Finder::new).collect());
    // `find_iter` reports occurrences that do not overlap: exact, as no word
    // can overlap itself (`empties_words_cannot_overlap_themselves`).
    let mut found: Vec<(usize, usize)> =
        finders.iter().flat_map(|f| f.find_iter(lower.as_bytes()).map(move |at| (at, at + f.needle().len()))).collect();
    found.sort_unstable();
    found
}

/// Parts of the contract emptied by a statement outside them.
pub fn emptied_parts(ix: &Indexed) -> Vec<EmptiedPart> {
    let (part, empties) = (re!(PART), re!(EMPTIES));
    let lower = ix.lower();
    // Every sentence of the document is asked; the literal test rejects
    // nearly all of them before the full pattern runs. The words are found in
    // one pass over the text: a substring search per sentence and word cost
    // more to set up than to run.
    let words = empties_words(lower);
    let has_word = |start: usize, end: usize| {
        let first = words.partition_point(|&(s, _)| s < start);
        words[first..].iter().take_while(|&&(s, _)| s < end).any(|&(_, e)| e <= end)
    };
    let mut out = Vec::new();
    for (p, sentences) in ix.para_sentences.iter().enumerate() {
        for &(start, end) in sentences {
            let sentence = &lower[start..end];
            if !has_word(start, end) || !empties.is_match(sentence) {
                continue;
            }
            let Some(named) = part.captures(sentence) else { continue };
            let Some(paragraphs) = part_paragraphs(ix, &named[1], &named[2], p) else { continue };
            out.push(EmptiedPart { paragraphs, statement: (start, end) });
        }
    }
    out
}

/// Where the named part stands: from its title ("EXHIBIT A", "Schedule 2 -
/// Security"), a short paragraph that is no sentence, to the paragraph
/// before the next part's title, or the end. The statement's own paragraph is
/// never the title.
fn part_paragraphs(ix: &Indexed, kind: &str, label: &str, statement: usize) -> Option<(usize, usize)> {
    let title = re!(r"^[\s#*]*(exhibit|schedule|annex|appendix|attachment)\s+([a-z]|\d+|[ivx]+)\b");
    let doc = ix.doc;
    let titles: Vec<(usize, String, String)> = (0..doc.paragraphs.len())
        .filter(|&p| p != statement)
        .filter_map(|p| {
            let text = doc.paragraph_text(&doc.paragraphs[p]).trim();
            if text.len() > 120 || text.ends_with(['.', ';', ',']) {
                return None;
            }
            let lower = text.to_lowercase();
            title.captures(&lower).map(|c| (p, c[1].to_string(), c[2].to_string()))
        })
        .collect();
    let at = titles.iter().position(|(_, k, l)| k == kind && l == label)?;
    let first = titles[at].0;
    let last = titles.get(at + 1).map_or(doc.paragraphs.len() - 1, |next| next.0.saturating_sub(1));
    (first <= last).then_some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::vocabulary::compile_pattern;

    /// A sentence is tried only against the classes whose words it holds, and
    /// every class's own example holds one of its words.
    #[test]
    fn each_class_is_named_by_its_words() {
        let named = |t: &str| {
            let lower = t.to_ascii_lowercase();
            classes_named(&denial_words(&lower), 0, lower.len())
        };
        assert_eq!(named("In no event shall Vendor be liable for lost data."), 0b0001);
        assert_eq!(named("The Software is provided as is, without warranty."), 0b0010);
        assert_eq!(named("Installing third-party software voids the warranty."), 0b0110);
        assert_eq!(named("Notwithstanding anything to the contrary, Vendor may suspend support."), 0b1000);
        assert_eq!(named("Vendor shall patch within thirty days."), 0);
        for (class, (pattern, _)) in CLASSES.iter().enumerate() {
            let examples = [
                "Vendor shall have no liability for breaches.",
                "Vendor disclaims all warranties.",
                "Unauthorised changes invalidate the warranty.",
                "Notwithstanding the foregoing, Vendor may act.",
            ];
            let re = Regex::new(&compile_pattern(pattern)).unwrap();
            for t in examples.iter().filter(|t| re.is_match(t)) {
                assert!(named(t) & 1 << class != 0, "{t}: matches class {class} without its words");
            }
        }
    }

    #[test]
    fn empties_words_cannot_overlap_themselves() {
        // A word whose start repeats its end ("abab") could hide a second
        // occurrence inside the first from `empties_words`.
        for w in EMPTIES_WORDS {
            assert!((1..w.len()).all(|k| w[..k] != w[w.len() - k..]), "{w} overlaps itself");
        }
    }

    #[test]
    fn no_denial_word_contains_another() {
        for (a, _) in DENIAL_WORDS {
            for (b, _) in DENIAL_WORDS {
                assert!(a == b || !a.contains(b), "{a:?} contains {b:?}: denial_words would change its matches");
            }
        }
        let words: Vec<(usize, usize, usize)> = denial_words("as is; invalidisclaim, limitation of liability");
        assert_eq!(words, [(0, 5, 1), (7, 14, 2), (37, 41, 0)], "overlapping words: the first one found");
    }

    /// `emptied_parts` tests `EMPTIES_WORDS` as plain substrings of the
    /// ASCII-lower-cased text before the case-insensitive `EMPTIES`: exact only
    /// if no other character folds to one of their letters (as K, the Kelvin
    /// sign, folds to k).
    #[test]
    fn empties_words_need_no_case_folding() {
        let letters: String = EMPTIES_WORDS.concat();
        for letter in letters.chars() {
            let re = Regex::new(&compile_pattern(&letter.to_string())).unwrap();
            for c in (0..=0x10FFFF).filter_map(char::from_u32) {
                let mut buf = [0; 4];
                if re.is_match(c.encode_utf8(&mut buf)) {
                    assert_eq!(c.to_ascii_lowercase(), letter, "{c:?} folds to {letter:?}");
                }
            }
        }
    }

    #[test]
    fn the_word_test_keeps_every_emptying_statement() {
        let empties = re!(EMPTIES);
        for s in [
            "exhibit a is provided for information purposes only.",
            "schedule 2 is for informational purposes only.",
            "exhibit b creates no binding obligations.",
            "annex 1 does not create any legal obligations.",
            "appendix c is not contractually binding.",
            "the attachment is non-binding.",
            "schedule 3 shall not form part of this agreement.",
        ] {
            assert!(empties.is_match(s), "{s}");
            assert!(EMPTIES_WORDS.iter().any(|w| s.contains(w)), "{s}");
        }
    }
}
