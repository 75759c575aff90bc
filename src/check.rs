//! Checks one document against a pack: read → canonical text → clauses →
//! candidates (`matcher`) → the clause for each term (`selection`) → its
//! provision (`provision`) → a verdict (`verdict`). Both revision views are
//! analysed so that a pending change that weakens a term is reported (kind
//! `revision`) in either view.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::analysis::disclaimer;
use crate::clauses::{Clauses, UnitKind};
use crate::document::{Document, View};
use crate::docx::{self, Limits, RawDocument};
use crate::error::ReadError;
use crate::matcher::{candidates, element_hits, Indexed, Match};
use crate::model::{DocumentReport, Finding, Kind, Parties, Severity, Summary, Verdict};
use crate::parties;
use crate::provision::SentenceTopics;
use crate::reference::{Pack, Term};
use crate::selection::{best_finding, contested, only_denials, TermMatches};
use crate::suppress::{self, ConfigSuppression};
use crate::text::{Aliases, Tokenizer};
use crate::verdict::{apply_emptied_parts, judge, missing, DocFacts};

/// How to check.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub view: View,
    pub limits: Limits,
    /// `--party` overrides (replace detected names for that role).
    pub parties: Parties,
    /// Per-term severity overrides from config.
    pub severity: HashMap<String, Severity>,
    /// Suppressions from config (by path and term).
    pub suppressions: Vec<ConfigSuppression>,
    /// Ignore every suppression (`--no-suppress`).
    pub no_suppress: bool,
}

#[derive(Clone)]
pub struct Checker {
    pub pack: Pack,
    pub options: Options,
}

/// A document and what was found in it (the chosen view).
pub struct Analysis {
    pub doc: Document,
    pub findings: Vec<Finding>,
    pub parties: Parties,
}

impl Checker {
    pub fn new(pack: Pack, options: Options) -> Checker {
        // The detectors' patterns compile meanwhile in the background, in
        // parallel, rather than one by one as the first document needs each
        // (the other thread of a two-core audit waiting on each in turn).
        static PRECOMPILE: std::sync::Once = std::sync::Once::new();
        PRECOMPILE.call_once(crate::analysis::precompile);
        Checker { pack, options }
    }

    /// Reads and checks one file; unreadable input becomes an error report.
    pub fn check_path(&self, path: &Path) -> DocumentReport {
        let shown = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return DocumentReport::from_error(&shown, &docx::io_error(path, &e), None),
        };
        self.check_bytes(path, &bytes)
    }

    pub fn check_bytes(&self, path: &Path, bytes: &[u8]) -> DocumentReport {
        self.check_bytes_keep(path, bytes).0
    }

    /// Like `check_path`, also returning the analysed document (for output
    /// that shows clause text, or writes comments back).
    pub fn check_path_keep(&self, path: &Path) -> (DocumentReport, Option<Document>) {
        match std::fs::read(path) {
            Ok(bytes) => self.check_bytes_keep(path, &bytes),
            Err(e) => (DocumentReport::from_error(&path.display().to_string(), &docx::io_error(path, &e), None), None),
        }
    }

    pub fn check_bytes_keep(&self, path: &Path, bytes: &[u8]) -> (DocumentReport, Option<Document>) {
        let shown = path.display().to_string();
        let sha = hex(&Sha256::digest(bytes));
        match self.analyse_bytes(path, bytes) {
            Ok(a) => (
                DocumentReport {
                    path: shown,
                    status: "ok".into(),
                    sha256: Some(sha),
                    parties: Some(a.parties),
                    summary: Some(Summary::of(&a.findings)),
                    terms: a.findings,
                    error: None,
                },
                Some(a.doc),
            ),
            Err(e) => (DocumentReport::from_error(&shown, &e, Some(sha)), None),
        }
    }

    pub fn analyse_bytes(&self, path: &Path, bytes: &[u8]) -> Result<Analysis, ReadError> {
        let raw = docx::read_bytes(path, bytes, self.options.limits)?;
        Ok(self.analyse_read(path, &raw))
    }

    /// `analyse`, then the suppressions (comments in the document and config
    /// entries for `path`) unless `--no-suppress`.
    pub fn analyse_read(&self, path: &Path, raw: &RawDocument) -> Analysis {
        let mut analysis = self.analyse(raw);
        if !self.options.no_suppress {
            let shown = path.display().to_string();
            suppress::apply(&analysis.doc, &shown, &mut analysis.findings, &self.options.suppressions);
        }
        analysis
    }

    /// Analyses both views and returns the chosen one, with revision findings.
    pub fn analyse(&self, raw: &RawDocument) -> Analysis {
        let view = self.options.view;
        let doc = Document::build(raw, view);
        let texts = contract_texts(&doc);
        let detected = parties::detect(&texts);
        let mut names = parties::matching_names(&detected, &self.options.parties);
        // "Protected Data" defined as the customer's or patients' data reads
        // as the customer's data wherever the contract uses it.
        names.hdo.extend(parties::customer_data_terms(&texts));
        let tok = Tokenizer::with_aliases(Aliases::new(&names.mdm, &names.hdo));
        let ix = Indexed::new(&doc, &tok, &self.pack);
        let mut findings = self.findings_where(&ix, |_| true);
        // Only a finding that touches a revision, and that the other view
        // could show weaker, can be marked: the other view judges just those
        // terms, and is not built when there are none.
        let touches: Vec<bool> =
            findings.iter().map(|f| touches_revision(&doc, f) && could_be_marked(view, f)).collect();
        if touches.contains(&true) {
            let other_view = if view == View::Accepted { View::Original } else { View::Accepted };
            let other = Document::build(raw, other_view);
            let other_ix = Indexed::reusing(&other, &tok, &self.pack, Some(&ix));
            let other_findings = self.findings_where(&other_ix, |i| touches[i]);
            let (accepted, original) =
                if view == View::Accepted { (&findings, &other_findings) } else { (&other_findings, &findings) };
            let weakened_by_revision: Vec<bool> =
                accepted.iter().zip(original).map(|(a, o)| revision_weakens(a, o)).collect();
            for ((f, weakens), touches) in findings.iter_mut().zip(weakened_by_revision).zip(touches) {
                if weakens && touches {
                    mark_revision(f);
                }
            }
        }
        for f in &mut findings {
            f.severity = self.severity(f);
        }
        let parties =
            if detected.mdm.is_empty() && detected.hdo.is_empty() { self.options.parties.clone() } else { detected };
        Analysis { doc, findings, parties }
    }

    fn severity(&self, f: &Finding) -> Severity {
        if f.verdict == Verdict::Conformant {
            return Severity::None;
        }
        if let Some(s) = self.options.severity.get(&f.term) {
            return *s;
        }
        let critical = self.pack.term(&f.term).is_some_and(|t| t.spec.critical);
        match f.verdict {
            Verdict::Weakened | Verdict::Missing if critical => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// One finding per term, in pack order, for one indexed view; only the terms
    /// `judge_term` selects (by index) are judged, the others are reported missing.
    fn findings_where(&self, ix: &Indexed, judge_term: impl Fn(usize) -> bool) -> Vec<Finding> {
        let clauses = Clauses::build(ix.doc);
        let denials = disclaimer::denial_sentences(ix);
        let all: Vec<TermMatches> = self
            .pack
            .terms
            .iter()
            .map(|term| {
                let hits = element_hits(ix, term);
                let mut cands = candidates(ix, &clauses, term, &hits);
                // "Vendor shall have no liability for any security incident":
                // a denial names the topic but is no clause of the term; it
                // empties the term's clause instead (kind `disclaimer`).
                // Terms about liability, indemnity or warranties are the
                // exception, as their clauses speak that language, but only
                // where the denial also states one of the term's duties: "in
                // no event shall Vendor be liable for a data breach" alone is
                // no indemnity.
                // (The cheap test first: `only_denials` splits the clause's sentences.)
                cands.retain(|m| {
                    !((!term.speaks_of_liability || !m.states_an_action(term)) && only_denials(ix, m, &denials))
                });
                (hits, cands)
            })
            .collect();
        let topics = SentenceTopics::new(ix, &self.pack, &all);
        let doc_facts =
            DocFacts { ix, clauses: &clauses, denials: &denials, topics: &topics, vocabulary: &self.pack.vocabulary };
        let emptied = disclaimer::emptied_parts(ix);
        let titled = |m: &Match| m.unit.kind == UnitKind::Section && ix.is_caption(m.unit.first);
        self.pack
            .terms
            .iter()
            .enumerate()
            .map(|(i, term)| {
                if !judge_term(i) {
                    return missing(term);
                }
                debug_candidates(ix, term, &all[i].1);
                // A clause that names this term as what it replaces is this
                // term's other arrangement, however well another term fits it.
                let replaces = |m: &Match| replaces_topic(ix, term, m);
                let judged =
                    |m: &Match| judge(&doc_facts, term, i, m, &all[i].0, contested(i, m, &all) && !replaces(m));
                let alone = |m: &Match| {
                    m.unit.kind != UnitKind::Section
                        && (m.sentences.iter().any(|&(s, _)| topics.only_topic_of(s, i)) || replaces(m))
                };
                let mut finding = best_finding(i, &all, &titled, &alone, judged).unwrap_or_else(|| missing(term));
                apply_emptied_parts(ix, &clauses, &emptied, &mut finding);
                finding
            })
            .collect()
    }
}

/// Whether the clause names the term's duty as what it replaces ("instead
/// of an indemnity, Supplier will add Customer to its cyber policy"):
/// however well another term fits it, it is this term's other arrangement.
fn replaces_topic(ix: &Indexed, term: &Term, m: &Match) -> bool {
    const REACH: usize = 4;
    let toks = &ix.tokens;
    // One of the term's required actions: "in place of an indemnity". Not its
    // topic words, which other terms share ("in place of multi-factor
    // authentication" replaces a part of remote access, not the credentials term).
    let names_action = |after: usize, last: usize| m.action_hits(term).flatten().any(|&(x, _)| x > after && x <= last);
    m.sentences.iter().any(|&(s, e)| {
        let (a, b) = ix.token_range(s, e);
        (a..b).any(|t| {
            let stem = toks[t].stem.as_str();
            let instead = stem == "instead" || (stem == "lieu" || stem == "place") && t > a && toks[t - 1].stem == "in";
            instead && names_action(t, (t + REACH).min(b.saturating_sub(1)))
        })
    })
}

/// `MC2LINT_DEBUG=TERM-ID` prints a term's candidate clauses to stderr: why
/// a clause was or was not chosen is otherwise invisible.
fn debug_candidates(ix: &Indexed, term: &Term, cands: &[Match]) {
    static WANTED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let Some(wanted) = WANTED.get_or_init(|| std::env::var("MC2LINT_DEBUG").ok()) else { return };
    if !term.spec.id.starts_with(wanted.as_str()) {
        return;
    }
    for m in cands.iter().take(6) {
        let (s, e) = m.span();
        let text: String = ix.doc.text[s..e].chars().take(140).collect();
        eprintln!("{} ¶{}-{} {:?} score {:.2}: {text}", term.spec.id, m.unit.first, m.unit.last, m.unit.kind, m.score);
    }
}

fn contract_texts(doc: &Document) -> Vec<&str> {
    doc.paragraphs.iter().filter(|p| p.kind.is_contract_text()).map(|p| doc.paragraph_text(p)).collect()
}

/// True when the accepted text protects the HDO less than the original.
fn revision_weakens(accepted: &Finding, original: &Finding) -> bool {
    let rank = |v: Verdict| match v {
        Verdict::Conformant => 0,
        Verdict::Deviating => 1,
        Verdict::Weakened => 2,
        Verdict::Missing => 3,
    };
    if original.verdict == Verdict::Missing {
        return false;
    }
    rank(accepted.verdict) > rank(original.verdict)
        || accepted.kinds.iter().any(|k| *k != Kind::Revision && !original.kinds.contains(k))
}

/// Whether `revision_weakens` can hold for this finding of `view`, whatever
/// the other view says: never for a conformant clause with no kinds in the
/// accepted text (nothing ranks below it, and it has no kind to add), nor
/// for a term missing from the original text.
fn could_be_marked(view: View, f: &Finding) -> bool {
    match view {
        View::Accepted => !(f.verdict == Verdict::Conformant && f.kinds.is_empty()),
        View::Original => f.verdict != Verdict::Missing,
    }
}

fn touches_revision(doc: &Document, f: &Finding) -> bool {
    match f.span {
        Some(span) => doc.revisions.iter().any(|r| r.start <= span.end && span.start <= r.end),
        None => !doc.revisions.is_empty(),
    }
}

fn mark_revision(f: &mut Finding) {
    if !f.kinds.contains(&Kind::Revision) {
        f.kinds.push(Kind::Revision);
        f.kinds.sort();
    }
    let note = "a pending tracked change weakens this clause";
    // A conformant clause's message says what is provided; the change is
    // then the whole reason.
    f.message = if f.message.is_empty() || f.verdict == Verdict::Conformant {
        note.to_string()
    } else {
        format!("{}; {note}", f.message)
    };
    if f.verdict != Verdict::Missing {
        f.verdict = Verdict::Weakened;
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A document made of plain paragraphs (no package), for tests and for
/// checking pack examples.
pub fn raw_from_paragraphs(paragraphs: &[&str]) -> RawDocument {
    use crate::docx::{ParaKind, Piece, RawParagraph, RunRef, Status};
    let mut raw = RawDocument {
        parts: vec!["word/document.xml".into()],
        main_part: "word/document.xml".into(),
        ..RawDocument::default()
    };
    for p in paragraphs {
        let start = raw.text.len() as u32;
        raw.text.push_str(p);
        let end = raw.text.len() as u32;
        let mut para = RawParagraph::new(ParaKind::Body, 0, 0, 0);
        let run = RunRef { part: 0, start: 0, end: 0 };
        para.pieces.push(Piece::Text { start, end, status: Status::Normal, rev: None, run });
        raw.paragraphs.push(para);
    }
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every finding a term may have: each verdict with no kind, one kind or two.
    fn findings() -> Vec<Finding> {
        let verdicts = [Verdict::Conformant, Verdict::Deviating, Verdict::Weakened, Verdict::Missing];
        let kind_sets: Vec<Vec<Kind>> = std::iter::once(Vec::new())
            .chain(Kind::ALL.iter().map(|&k| vec![k]))
            .chain([vec![Kind::Scope, Kind::Deadline]])
            .collect();
        let mut out = Vec::new();
        for v in verdicts {
            for kinds in &kind_sets {
                let mut f = Finding::missing("C3-incident-notification", "");
                f.verdict = v;
                f.kinds = kinds.clone();
                out.push(f);
            }
        }
        out
    }

    #[test]
    fn a_finding_that_could_not_be_marked_is_never_weakened_by_the_other_view() {
        let all = findings();
        for f in &all {
            for other in &all {
                if !could_be_marked(View::Accepted, f) {
                    assert!(!revision_weakens(f, other), "accepted {f:?} against original {other:?}");
                }
                if !could_be_marked(View::Original, f) {
                    assert!(!revision_weakens(other, f), "original {f:?} against accepted {other:?}");
                }
            }
        }
        // And the pruning leaves something to do: a weakened accepted clause can be marked.
        assert!(all.iter().any(|f| could_be_marked(View::Accepted, f) && all.iter().any(|o| revision_weakens(f, o))));
    }
}
