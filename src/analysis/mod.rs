//! Verdicts: one small detector per weakening kind (see each module's docs,
//! which `mc2lint explain KIND` prints), parameter checks, and the rules that
//! combine them into conformant / weakened / deviating.

/// `re!(PATTERN)`: a detector pattern (see `compile_pattern`), compiled once
/// per process: on first use, or earlier by `precompile`, which each
/// expansion registers with. A pattern is a literal or a constant.
macro_rules! re {
    ($pattern:expr $(,)?) => {{
        static CELL: ::std::sync::OnceLock<::regex::Regex> = ::std::sync::OnceLock::new();
        #[::linkme::distributed_slice($crate::analysis::PRECOMPILE)]
        #[linkme(crate = ::linkme)]
        static WARM: fn() = || {
            $crate::analysis::re(&CELL, $pattern);
        };
        $crate::analysis::re(&CELL, $pattern)
    }};
}

mod condition;
mod cost_shift;
pub mod disclaimer;
mod discretion;
mod efforts;
mod exception;
mod feasibility;
mod modality;
mod negation;
pub mod params;
pub mod party_shift;
mod scope;
pub mod standards;

use std::cell::OnceCell;
use std::sync::OnceLock;
use std::thread::LocalKey;

use regex::Regex;

use crate::reference::vocabulary::ListMatches;

use crate::matcher::{Indexed, Match};
use crate::memo::{cached_by_id, IdMemo};
use crate::model::{Evidence, Kind};
use crate::reference::vocabulary::compile_pattern;
use crate::reference::{Term, Vocabulary};
use crate::text::Token;

/// What a detector looks at: the sentences of the provision the term is
/// judged on (`provision::whole_provision`), with the document around them.
pub struct Cx<'a> {
    pub ix: &'a Indexed<'a>,
    pub term: &'a Term,
    pub m: &'a Match,
    /// The pack's weakening phrase lists.
    vocabulary: &'a Vocabulary,
    /// Per sentence, which vocabulary lists match in it (computed on the
    /// first `scan`).
    scanned: OnceCell<Vec<ListMatches>>,
}

impl<'a> Cx<'a> {
    pub fn new(ix: &'a Indexed<'a>, vocabulary: &'a Vocabulary, term: &'a Term, m: &'a Match) -> Cx<'a> {
        Cx { ix, term, m, vocabulary, scanned: OnceCell::new() }
    }

    pub fn text(&self) -> &'a str {
        &self.ix.doc.text
    }

    /// The text lower-cased with party names as role words (`hdo`, `mdm`),
    /// at the same offsets: what detector patterns match.
    pub fn roles(&self) -> &'a str {
        self.ix.roles()
    }

    /// The provision's sentences as absolute byte ranges.
    pub fn sentences(&self) -> &'a [(usize, usize)] {
        &self.m.sentences
    }

    /// The sentence of the clause that holds byte `at`.
    pub fn sentence_at(&self, at: usize) -> Option<(usize, usize)> {
        self.sentences().iter().find(|&&(s, end)| s <= at && at < end).copied()
    }

    /// The start of the token that holds byte `at` (or `at` between tokens).
    fn word_start(&self, at: usize) -> usize {
        let toks = &self.ix.tokens;
        let k = toks.partition_point(|t| t.end <= at);
        toks.get(k).filter(|t| t.start < at).map_or(at, |t| t.start)
    }

    /// Tokens of one sentence.
    pub fn tokens(&self, (s, e): (usize, usize)) -> &'a [Token] {
        let (a, b) = self.ix.token_range(s, e);
        &self.ix.tokens[a..b]
    }

    /// Every match of the vocabulary list `list` (`reference/weakening.toml`)
    /// in the sentences, as evidence of `kind`; `note` renders the matched words.
    pub fn scan(&self, list: &str, kind: Kind, note: impl Fn(&str) -> String) -> Vec<Evidence> {
        self.scan_as(list, Some(kind), note)
    }

    /// `scan` for a list whose matches are a deviation (no weakening kind).
    pub fn scan_as(&self, list: &str, kind: Option<Kind>, note: impl Fn(&str) -> String) -> Vec<Evidence> {
        let i = self.vocabulary.list(list);
        let matched = self.scanned.get_or_init(|| {
            self.sentences().iter().map(|&(s, e)| self.ix.vocabulary_matches(self.vocabulary, s, e)).collect()
        });
        let mut out = Vec::new();
        for (&(s, e), hits) in self.sentences().iter().zip(matched) {
            if !hits.matched(i) {
                continue;
            }
            let sentence = &self.roles()[s..e];
            for m in self.vocabulary.find_iter(i, sentence, hits) {
                // A match that starts on a role word begins with the party's
                // name ("Vendor determines", not "dor determines").
                let start = self.word_start(s + m.start());
                let end = s + m.end();
                out.push(Evidence::stated(kind, start, end, note(&self.text()[start..end])));
            }
        }
        out
    }
}

/// A detector: its kind, its function, and its documentation (the module's `//!` text).
pub struct Detector {
    pub kind: Kind,
    pub detect: fn(&Cx) -> Vec<Evidence>,
    source: &'static str,
}

impl Detector {
    /// The module documentation: what it does, why it matters, an example.
    pub fn doc(&self) -> String {
        module_doc(self.source)
    }
}

/// Extracts `//!` lines from a module's source (single source of truth for `explain`).
pub fn module_doc(source: &str) -> String {
    source
        .lines()
        .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

macro_rules! detector {
    ($kind:expr, $module:ident, $file:literal) => {
        Detector { kind: $kind, detect: $module::detect, source: include_str!($file) }
    };
}

/// The clause-level detectors, in report order.
pub const DETECTORS: &[Detector] = &[
    detector!(Kind::Modality, modality, "modality.rs"),
    detector!(Kind::Efforts, efforts, "efforts.rs"),
    detector!(Kind::Discretion, discretion, "discretion.rs"),
    detector!(Kind::Feasibility, feasibility, "feasibility.rs"),
    detector!(Kind::Scope, scope, "scope.rs"),
    detector!(Kind::Condition, condition, "condition.rs"),
    detector!(Kind::Exception, exception, "exception.rs"),
    detector!(Kind::CostShift, cost_shift, "cost_shift.rs"),
    detector!(Kind::PartyShift, party_shift, "party_shift.rs"),
    detector!(Kind::Negation, negation, "negation.rs"),
];

/// Documentation of the kinds that are not clause-level detectors.
pub fn kind_doc(kind: Kind) -> String {
    match kind {
        Kind::Deadline | Kind::Bound => module_doc(include_str!("params.rs")),
        Kind::Disclaimer => module_doc(include_str!("disclaimer.rs")),
        Kind::Revision => module_doc(include_str!("revision_doc.rs")),
        k => DETECTORS.iter().find(|d| d.kind == k).map(Detector::doc).unwrap_or_default(),
    }
}

/// `text[start..end]`, with both ends moved inward to char boundaries.
pub fn clip(text: &str, mut start: usize, mut end: usize) -> &str {
    end = end.min(text.len());
    start = start.min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end.max(start)]
}

/// Every `re!` pattern's compile step.
#[linkme::distributed_slice]
pub(crate) static PRECOMPILE: [fn()];

/// Starts compiling every detector pattern in the background, spread over
/// short-lived threads (`startup`), instead of one at a time as the first
/// document reaches each (about a third of the work `check` does on one
/// file; see `Checker::new`). A pattern still compiling when a document needs
/// it is waited for (`OnceLock`).
pub fn precompile() {
    crate::startup::spawn_jobs(&PRECOMPILE);
}

/// Compiles a case-insensitive pattern once. Word boundaries and word
/// characters are ASCII ones: Unicode `\b` keeps the regex engine off its fast
/// lazy DFA, Unicode `\w` costs a millisecond of compiling each, and contract
/// vocabulary is ASCII.
pub fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(&compile_pattern(pattern)).expect("detector pattern compiles"))
}

/// Whether the term's reference wording matches `re`. It is a fact about the
/// pack, asked again for every clause judged, so each thread remembers it per
/// term in `memo` (one per question).
pub fn reference_matches(cx: &Cx, memo: &'static LocalKey<IdMemo<bool>>, re: &Regex) -> bool {
    cached_by_id(memo, cx.term.uid, 1024, || re.is_match(&cx.term.spec.model))
}

/// "The parties shall jointly ...": reported as deviating, not weakened.
pub fn party_shift_joint(cx: &Cx) -> Option<Evidence> {
    party_shift::joint(cx)
}

/// A different mechanism instead of the recognised one: the supplier's own
/// ("Supplier's proprietary format", "its standard questionnaire", "its
/// internal complaint procedure"), a substitute ("a Trust Center in lieu of
/// questionnaires"), or a joint body ("the joint governance board"). Neither
/// clearly weaker nor conformant, so the term is deviating.
pub fn own_mechanism(cx: &Cx) -> Option<Evidence> {
    let pattern = re!(
        r"\b(?:(?:proprietary|in[\s-]house|internal|vendor[\s-]specific|supplier[\s-]specific|non[\s-]standard|own)\s+(?:[\w-]+\s+){0,3}?(?:format|scheme|policy|policies|procedures?|process|framework|standards?|methodology|algorithms?|forms?|questionnaires?|templates?|program(?:me)?|method|protocol|schedule)|\w+'s\s+(?:own\s+)?(?:standard|usual|customary|general)\s+(?:[\w-]+\s+){0,2}?(?:format|form|template|process|policy|procedures?|questionnaire)|in\s+lieu\s+of|instead\s+of|rather\s+than|in\s+place\s+of|as\s+a\s+substitute\s+for|joint\s+(?:[\w-]+\s+)?(?:board|committee|governance|review|team|forum|working\s+group))\b",
    );
    // "a public policy, together with internal procedures for ...": an
    // addition to the recognised mechanism, not a substitute for it.
    let added = re!(
        r"\b(?:together\s+with|in\s+addition\s+to|as\s+well\s+as|along\s+with|supported\s+by|backed\s+by)\s+(?:its\s+|the\s+|their\s+)?$",
    );
    cx.sentences().iter().find_map(|&(s, e)| {
        let sentence = &cx.text()[s..e];
        let m = pattern.find_iter(sentence).find(|m| !added.is_match(&sentence[..m.start()]))?;
        Some(Evidence::stated(
            None,
            s + m.start(),
            s + m.end(),
            format!("uses a different mechanism ('{}') than the reference", m.as_str()),
        ))
    })
}

/// Runs every clause-level detector.
pub fn detect_all(cx: &Cx) -> Vec<Evidence> {
    DETECTORS.iter().flat_map(|d| (d.detect)(cx)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detector_pattern_is_registered_and_compiles() {
        // One registration per `re!` use; rarely reached ones included, so a
        // pattern that does not compile fails here rather than on the one
        // contract that reaches it.
        assert!(PRECOMPILE.len() >= 40, "{} patterns registered", PRECOMPILE.len());
        PRECOMPILE.iter().for_each(|compile| compile());
    }
}
