//! Checks one document against a pack: read → canonical text → clauses →
//! matches → verdicts. Both revision views are analysed so that a pending
//! change that weakens a term is reported (kind `revision`) in either view.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::analysis::{self, disclaimer, params, Cx};
use crate::clauses::Clauses;
use crate::clauses::UnitKind;
use crate::document::{Document, View};
use crate::docx::{self, Limits, RawDocument};
use crate::error::ReadError;
use crate::matcher::{candidates, element_hits, within, Hits, Indexed, Match};
use crate::model::{Basis, DocumentReport, Evidence, Finding, Kind, Parties, Severity, Span, Summary, Verdict};
use crate::parties;
use crate::reference::{Pack, Term, Vocabulary};
use crate::suppress::{self, ConfigSuppression};
use crate::text::{Aliases, Tokenizer};

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
        // Only a finding that touches a revision can be marked: the other view
        // judges just those terms, and is not built when there are none.
        let touches: Vec<bool> = findings.iter().map(|f| touches_revision(&doc, f)).collect();
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
                // exception: their clauses speak that language.
                if !speaks_of_liability(term) {
                    cands.retain(|m| !only_denials(ix, m, &denials));
                }
                (hits, cands)
            })
            .collect();
        let topics = SentenceTopics::new(ix, &self.pack, &all);
        let doc_facts =
            DocFacts { ix, clauses: &clauses, denials: &denials, topics: &topics, vocabulary: &self.pack.vocabulary };
        self.pack
            .terms
            .iter()
            .enumerate()
            .map(|(i, term)| {
                if !judge_term(i) {
                    return missing(term);
                }
                debug_candidates(ix, term, &all[i].1);
                let judged = |m: &Match| judge(&doc_facts, term, i, m, &all[i].0, contested(i, m, &all));
                best_finding(i, &all, judged).unwrap_or_else(|| missing(term))
            })
            .collect()
    }
}

fn speaks_of_liability(term: &Term) -> bool {
    let model = term.spec.model.to_ascii_lowercase();
    ["liab", "indemn", "warrant", "insur"].iter().any(|w| model.contains(w))
}

/// Whether every sentence naming the term in `m` denies liability (a
/// warranty denial that names the duty is the duty negated, and stays);
/// captions ("12.3 Limitation of Liability") are neither.
fn only_denials(ix: &Indexed, m: &Match, denials: &[disclaimer::DenialSentence]) -> bool {
    let denied = |&&(s, e): &&(usize, usize)| {
        denials.iter().any(|d| d.start < e && s < d.end && d.denial == crate::reference::Denial::Liability)
    };
    let sentences: Vec<&(usize, usize)> =
        m.sentences.iter().filter(|&&(s, e)| ix.doc.text[s..e].split_whitespace().nth(5).is_some()).collect();
    !sentences.is_empty() && sentences.iter().all(denied)
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

/// Term `i`'s finding: the chosen clause judged; when that is only a passing
/// mention, or the customer's own duty, a nearly as good candidate instead.
fn best_finding(i: usize, all: &[TermMatches], judged: impl Fn(&Match) -> Finding) -> Option<Finding> {
    let chosen = choose(i, all)?;
    let first = judged(chosen);
    let shifted = first.kinds.contains(&Kind::PartyShift);
    if first.verdict != Verdict::Missing && !shifted {
        return Some(first);
    }
    // The best fit was a passing mention; a clause that fits nearly as well
    // may still carry the term in a different form. And the customer's own
    // duty ("Customer is responsible for installing updates") yields to the
    // supplier's clause on the topic when one fits nearly as well.
    let margin = if shifted { PARTY_MARGIN } else { TIE };
    let wanted = |f: &Finding| f.verdict != Verdict::Missing && !(shifted && f.kinds.contains(&Kind::PartyShift));
    let open = |m: &&Match| !(claimed_by_other(i, m, all) || shifted && contested(i, m, all));
    let alternative = all[i]
        .1
        .iter()
        .filter(|m| !std::ptr::eq(*m, chosen) && m.score >= chosen.score - margin)
        .filter(open)
        .take(3)
        .map(&judged)
        .find(wanted);
    Some(alternative.unwrap_or(first))
}

/// The clause that carries term `i`: its best candidate not claimed by another
/// term; among candidates that fit about as well, one that no other term fits
/// at least as well (an SBOM clause mentioning "software updates" scores as
/// high for patching as the patching clause does, but it is the SBOM's).
fn choose(i: usize, all: &[TermMatches]) -> Option<&Match> {
    let mut open = all[i].1.iter().filter(|m| !claimed_by_other(i, m, all));
    let best = open.next()?;
    if !contested(i, best, all) {
        return Some(best);
    }
    let rival = open.take_while(|m| m.score >= best.score - TIE).find(|m| !contested(i, m, all));
    Some(rival.unwrap_or(best))
}

/// Whether another term's best clause is this one and fits it at least as well.
fn contested(i: usize, m: &Match, all: &[TermMatches]) -> bool {
    all.iter()
        .enumerate()
        .any(|(j, (_, others))| j != i && others.first().is_some_and(|o| o.score >= m.score && o.overlaps(m)))
}

/// Scores this close are a tie for `choose`.
const TIE: f64 = 0.05;
/// How much less a supplier's clause may fit than a clause shifting the duty
/// to the customer and still be preferred.
const PARTY_MARGIN: f64 = 0.25;

/// A weak match on a clause that clearly belongs to another term ("secure
/// configuration guides" inside the documentation clause is not a hardening
/// clause): the other term's much better score claims the clause, and the
/// term looks for its next best clause.
fn claimed_by_other(i: usize, m: &Match, all: &[TermMatches]) -> bool {
    m.score < CLAIM_SAFE
        && all.iter().enumerate().any(|(j, (_, others))| {
            j != i && others.first().is_some_and(|o| o.score >= m.score + CLAIM_MARGIN && o.overlaps(m))
        })
}

/// A term's element occurrences and its candidate clauses, best first.
type TermMatches = (Vec<Hits>, Vec<Match>);

/// Below this share of a term's elements, a clause that states nothing weaker
/// or different is a passing mention.
const WEAK_MATCH: f64 = 0.5;

/// A match this good is never given up to another term.
const CLAIM_SAFE: f64 = 0.8;
/// How much better another term must fit a clause to claim it.
const CLAIM_MARGIN: f64 = 0.2;

fn contract_texts(doc: &Document) -> Vec<&str> {
    doc.paragraphs.iter().filter(|p| p.kind.is_contract_text()).map(|p| doc.paragraph_text(p)).collect()
}

fn missing(term: &Term) -> Finding {
    Finding {
        term: term.spec.id.clone(),
        verdict: Verdict::Missing,
        kinds: Vec::new(),
        severity: Severity::Error,
        clause: None,
        paragraph: None,
        span: None,
        score: 0.0,
        message: format!("no clause requires {}", term.spec.requires),
        text: None,
        suppressed: false,
        suppression: None,
        evidence: Vec::new(),
    }
}

/// Turns a match and the detectors' evidence into a verdict.
/// What `judge` knows of the document beyond the clause at hand.
struct DocFacts<'a> {
    ix: &'a Indexed<'a>,
    clauses: &'a Clauses,
    denials: &'a [disclaimer::DenialSentence],
    topics: &'a SentenceTopics,
    vocabulary: &'a Vocabulary,
}

/// Judges term `term` (number `i` in the pack) on the clause `m`.
/// `contested`: another term fits this clause at least as well.
fn judge(facts: &DocFacts, term: &Term, i: usize, m: &Match, hits: &[Hits], contested: bool) -> Finding {
    let DocFacts { ix, clauses, denials, topics, vocabulary } = *facts;
    if states_nothing(ix, term, m) {
        return missing(term);
    }
    // Detectors read the whole provision: a weakening often sits in the
    // sentence after the one that names the topic ("Summaries are furnished
    // ... separately priced"), or after a semicolon.
    let family = lead_in_family(ix, term, clauses, m, hits);
    let provision = whole_provision(ix, clauses, &family, |sentence| topics.owner(ix, sentence, i));
    let cx = Cx::new(ix, vocabulary, term, &provision);
    let mut evidence = analysis::detect_all(&cx);
    let (start, end) = span_with(m.span(), &evidence, &provision.sentences);
    let mut sentences = m.sentences.clone();
    if !term.spec.params.is_empty() {
        // Parameters may sit in a neighbouring sub-clause of the same section,
        // or anywhere in the provision ("(b) ... a limit of the same amount").
        sentences.extend(section_sentences(ix, clauses, m));
        sentences.extend(family_sentences(ix, clauses, &family));
        sentences.sort_unstable();
        sentences.dedup();
    }
    let (param_weak, param_deviations) = params::check(&cx, &sentences);
    evidence.extend(param_weak);
    let Mechanism { mut deviations, intended, specific } = mechanism_deviations(&cx, start);
    deviations.extend(param_deviations);
    evidence.extend(disclaimer_evidence(ix, clauses, term, hits, denials));
    // A different mechanism explains the missing details: "jointly owned data"
    // lacks a use limit because the whole arrangement differs, not because it
    // is narrower. Keep only weakenings that are stated in words.
    if !deviations.is_empty() {
        evidence.retain(|e| !is_absence(e));
    }
    let mut kinds: Vec<Kind> = evidence.iter().filter_map(|e| e.kind).collect();
    kinds.sort();
    kinds.dedup();
    let only_topic = term.elements.iter().zip(&m.hits).all(|(e, h)| e.spec.core || h.is_empty());
    // Only weakenings of an obligation itself show that a bare topic mention is
    // meant as the term; a stray "unless" or "upon request" does not.
    // A weak modal counts only when the supplier is its actor: "the networks
    // may experience breaches" or "plans may also include" promise nothing.
    let textual = evidence.iter().any(|e| match e.kind {
        Some(Kind::PartyShift | Kind::Efforts | Kind::Discretion | Kind::Feasibility | Kind::CostShift) => true,
        Some(Kind::Modality) => supplier_sentence(&cx, &provision.sentences, e.start),
        _ => false,
    });
    if only_topic && !textual && !intended {
        // The topic is mentioned, but nothing is promised or qualified about it.
        return missing(term);
    }
    let short = ix.doc.text[start..end].split_whitespace().nth(5).is_none();
    if short && evidence.iter().all(is_absence) {
        // A caption ("Backup of configuration") names the topic but promises nothing.
        return missing(term);
    }
    if kinds.is_empty() && deviations.iter().all(is_absence) && m.score < WEAK_MATCH {
        // Under half the term's elements and nothing stated differently (only
        // lacking): a passing mention ("comply with the requirements in
        // Attachment B", "recover the Product after a cybersecurity incident").
        return missing(term);
    }
    let verdict = if !kinds.is_empty() {
        Verdict::Weakened
    } else if !deviations.is_empty() {
        Verdict::Deviating
    } else {
        Verdict::Conformant
    };
    // Another term's clause that only touches this topic ("update the SBOM
    // with each patch") lacks this term's number because it is not this
    // term, not because the term was weakened; and a different arrangement
    // in it ("jointly agree a procedure for reported vulnerabilities") is
    // that term's deviation. A standard or measure compared with this
    // term's own reference is this term's, wherever it stands.
    let only_lacks = verdict == Verdict::Weakened && evidence.iter().all(is_absence);
    if contested && !specific && (only_lacks || verdict == Verdict::Deviating) {
        return missing(term);
    }
    let notes: Vec<&Evidence> =
        if verdict == Verdict::Deviating { deviations.iter().collect() } else { evidence.iter().collect() };
    let message = match verdict {
        Verdict::Conformant => format!("{} is provided", term.spec.requires),
        _ => dedup_notes(&notes),
    };
    let para = ix.doc.paragraph_at(start).map(|p| p.index).unwrap_or(m.unit.first);
    let mut all_evidence = evidence;
    if verdict == Verdict::Deviating {
        all_evidence.extend(deviations);
    }
    Finding {
        term: term.spec.id.clone(),
        verdict,
        kinds,
        severity: Severity::Warning,
        clause: clauses.info.get(para).and_then(|c| c.number.clone()),
        paragraph: Some(para),
        span: Some(Span { start, end }),
        score: crate::model::round3(m.score),
        message,
        text: Some(ix.doc.text[start..end].to_string()),
        suppressed: false,
        suppression: None,
        evidence: all_evidence,
    }
}

/// Ways the clause differs from the reference without being weaker: a joint
/// duty, another mechanism or standard, a measure, a required element
/// replaced. Also says whether the clause is meant as the term even if it
/// names only the topic: a joint duty or a substitute ("protect against malware through its proprietary
/// integrity monitoring, in lieu of anti-malware software") replaces the term.
fn mechanism_deviations(cx: &Cx, at: usize) -> Mechanism {
    let joint = analysis::party_shift_joint(cx);
    let own = analysis::own_mechanism(cx);
    let standard = analysis::standards::other_standard(cx);
    let measure = analysis::standards::incomparable_measure(cx);
    let specific = standard.is_some() || measure.is_some();
    let intended = joint.is_some() || own.is_some() || specific;
    let mut out: Vec<Evidence> = joint.into_iter().chain(own).chain(standard).chain(measure).collect();
    let elements = cx.term.elements.iter().zip(cx.m.hits.iter().zip(&cx.m.in_context));
    for (e, (h, ctx)) in elements {
        if e.spec.required && e.spec.absent == crate::reference::Absent::Deviating && h.is_empty() && !ctx {
            out.push(Evidence {
                basis: Basis::Absent,
                kind: None,
                start: at,
                end: at,
                note: format!("lacks {}", e.spec.label),
            });
        }
    }
    Mechanism { deviations: out, intended, specific }
}

/// How a clause differs from the reference without being weaker.
struct Mechanism {
    deviations: Vec<Evidence>,
    /// The clause is meant as the term even if it names only the topic.
    intended: bool,
    /// A standard or measure judged against this term's own reference.
    specific: bool,
}

/// A liability denial anywhere in the contract that names the term's topic.
fn disclaimer_evidence(
    ix: &Indexed,
    clauses: &Clauses,
    term: &Term,
    hits: &[Hits],
    denials: &[disclaimer::DenialSentence],
) -> Option<Evidence> {
    let (s, e) = disclaimer::covering(ix, term, hits, denials)?;
    let clause = ix.doc.paragraph_at(s).and_then(|p| clauses.info[p.index].number.clone());
    let at = clause.map_or_else(|| "elsewhere".to_string(), |c| format!("in clause {c}"));
    Some(Evidence {
        basis: crate::model::Basis::Stated,
        kind: Some(Kind::Disclaimer),
        start: s,
        end: e,
        note: format!("emptied by a disclaimer {at}"),
    })
}

/// Evidence about something the clause lacks (an element or a number), as
/// opposed to words it contains.
fn is_absence(e: &Evidence) -> bool {
    e.basis == Basis::Absent
}

fn dedup_notes(notes: &[&Evidence]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for n in notes {
        if !seen.contains(&n.note.as_str()) {
            seen.push(&n.note);
        }
    }
    seen.join("; ")
}

/// A unit that can carry no duty: a table row of labels with no
/// obligation word ("Installing validated software updates | Customer" in
/// a responsibility matrix), unless the term is about such a matrix.
fn states_nothing(ix: &Indexed, term: &Term, m: &Match) -> bool {
    static DUTY: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    if m.unit.kind != UnitKind::TableRow || term.spec.model.to_ascii_lowercase().contains("matrix") {
        return false;
    }
    let duty = DUTY.get_or_init(|| {
        regex::Regex::new(r"(?i)\b(?:shall|must|will|agrees?|undertakes?|responsible|required|obliged|obligated|warrants?|provides?|ensures?)\b")
            .expect("valid")
    });
    let row = &ix.doc.text[m.unit.start..m.unit.end];
    // Note-style duties ("Supplier to keep a documented process.") end
    // like sentences; matrix labels do not.
    let sentence_like = (m.unit.first..=m.unit.last)
        .any(|p| ix.doc.paragraph_text(&ix.doc.paragraphs[p]).trim_end().ends_with(['.', ';']));
    !duty.is_match(row) && !sentence_like
}

/// Whether the sentence holding byte `at` has the supplier as its actor.
fn supplier_sentence(cx: &Cx, sentences: &[(usize, usize)], at: usize) -> bool {
    sentences
        .iter()
        .find(|&&(a, b)| a <= at && at < b)
        .is_some_and(|&sentence| analysis::party_shift::subject_role(cx, sentence) == Some("mdm"))
}

/// A sub-clause judged alone loses what its lead-in and siblings say
/// ("Supplier shall procure that: (a) stored data is encrypted ...; (b) data
/// in transit is encrypted ..."): a match inside a lead-in's list, or on the
/// lead-in itself, widens to the lead-in and all its items, with the term's
/// element occurrences over that range.
fn lead_in_family(ix: &Indexed, term: &Term, clauses: &Clauses, m: &Match, hits: &[Hits]) -> Match {
    // The items continue the lead-in's sentence, or the lead-in names the
    // term's topic ("The following shall apply to Security Incidents:").
    let one_provision = |u: &crate::clauses::Unit| {
        (u.first + 1..u.last).all(|p| continues_sentence(ix.doc.paragraph_text(&ix.doc.paragraphs[p])))
            || term.elements.iter().zip(hits).any(|(e, h)| {
                let head = ix.para_tokens[u.first];
                e.spec.core && h.iter().any(|&(a, b)| a >= head.0 && b <= head.1)
            })
    };
    let family = clauses.units.iter().find(|u| {
        u.kind == UnitKind::Section
            && u.first <= m.unit.first
            && m.unit.last <= u.last
            && is_lead_in(ix.doc.paragraph_text(&ix.doc.paragraphs[u.first]))
            && !(u.first + 1..=u.last).any(|p| clauses.info[p].is_heading)
            && one_provision(u)
    });
    let Some(unit) = family.filter(|u| u.first != m.unit.first || u.last != m.unit.last) else {
        return m.clone();
    };
    let range = ix.unit_tokens(unit);
    let mut wide = m.clone();
    wide.hits = hits.iter().map(|h| within(h, range)).collect();
    wide.unit = unit.clone();
    wide
}

/// Every sentence of a widened provision (the lead-in and its items), when
/// `lead_in_family` widened it; the defining sentence of a definition aside.
fn family_sentences(ix: &Indexed, clauses: &Clauses, family: &Match) -> Vec<(usize, usize)> {
    if family.unit.kind != UnitKind::Section {
        return Vec::new();
    }
    (family.unit.first..=family.unit.last)
        .flat_map(|p| ix.para_sentences[p].iter().skip(usize::from(clauses.info[p].is_definition)).copied())
        .collect()
}

/// A paragraph that introduces a list of duties ("Supplier shall:"), not
/// a recital ("the parties agree as follows:").
fn is_lead_in(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with(':') && !text.to_ascii_lowercase().contains("as follows")
}

/// A list item that continues its lead-in's sentence ("(a) encrypt stored
/// data; and"), as opposed to a sentence of its own under a caption.
fn continues_sentence(text: &str) -> bool {
    let text = text.trim_end();
    text.ends_with([';', ',']) || text.ends_with(" and") || text.ends_with(" or")
}

/// The match with every sentence of its unit (a definition's defining
/// sentence aside): the provision a term is judged on.
fn whole_provision(ix: &Indexed, clauses: &Clauses, m: &Match, owner: impl Fn((usize, usize)) -> Owner) -> Match {
    let mut all = m.clone();
    all.sentences.clear();
    for p in m.unit.first..=m.unit.last {
        let skip = usize::from(clauses.info[p].is_definition);
        // A sentence that names no term continues the provision before it
        // ("Onboarding to that platform will be charged ..." after the
        // remote-access sentence).
        let mut other = false;
        for &sentence in ix.para_sentences[p].iter().skip(skip) {
            match owner(sentence) {
                Owner::This => other = false,
                Owner::Other => other = true,
                Owner::None => {}
            }
            if !other {
                all.sentences.push(sentence);
            }
        }
    }
    all.sentences.extend_from_slice(&m.sentences);
    all.sentences.sort_unstable();
    all.sentences.dedup();
    all
}

/// Which terms each sentence is about: a bit per term whose topic (a core
/// element) occurs in it, and a bit per term with any element in it.
struct SentenceTopics {
    /// Sentence byte ranges in document order, with (topic bits, element bits).
    sentences: Vec<((usize, usize), u128, u128)>,
}

impl SentenceTopics {
    fn new(ix: &Indexed, pack: &Pack, all: &[TermMatches]) -> SentenceTopics {
        let mut sentences: Vec<((usize, usize), u128, u128)> =
            ix.para_sentences.iter().flatten().map(|&s| (s, 0, 0)).collect();
        for (j, (term, (hits, _))) in pack.terms.iter().zip(all).enumerate().take(128) {
            for (e, h) in term.elements.iter().zip(hits) {
                for &(a, _) in h {
                    let at = ix.tokens[a].start;
                    let k = sentences.partition_point(|((_, end), _, _)| *end <= at);
                    if let Some((range, topic, any)) = sentences.get_mut(k) {
                        if range.0 <= at {
                            *any |= 1 << j;
                            if e.spec.core {
                                *topic |= 1 << j;
                            }
                        }
                    }
                }
            }
        }
        SentenceTopics { sentences }
    }

    /// Whose provision a sentence is, seen from term `i`: a sentence that
    /// names another term's topic and nothing of term `i` is that term's
    /// provision sharing a paragraph ("Either party may audit ... . Supplier
    /// shall indemnify ..."), not part of this one.
    fn owner(&self, ix: &Indexed, sentence: (usize, usize), i: usize) -> Owner {
        let k = self.sentences.partition_point(|(range, _, _)| range.0 < sentence.0);
        let Some(&(range, topic, any)) = self.sentences.get(k).filter(|(range, _, _)| *range == sentence) else {
            return Owner::None;
        };
        let mine = 1u128 << i;
        if topic & mine != 0 {
            Owner::This
        } else if continues(&ix.doc.text[range.0..range.1]) {
            Owner::None
        } else if topic & !mine != 0 {
            Owner::Other
        } else if any & mine != 0 {
            Owner::This
        } else {
            Owner::None
        }
    }
}

/// A sentence that qualifies the one before it ("however, ...", "such
/// remediation is invoiced ...") whatever topic words it holds.
fn continues(sentence: &str) -> bool {
    let lower = sentence.trim_start().to_ascii_lowercase();
    let first = lower.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
    matches!(
        first,
        "however"
            | "provided"
            | "but"
            | "except"
            | "save"
            | "unless"
            | "subject"
            | "notwithstanding"
            | "such"
            | "it"
            | "this"
            | "these"
            | "those"
            | "they"
            | "that"
    ) || lower.contains(" such ")
}

/// Which term's provision a sentence belongs to.
enum Owner {
    This,
    Other,
    None,
}

/// The reported span: the sentences that name the term, widened to the
/// sentences holding stated evidence, so the finding shows its reason.
fn span_with((start, end): (usize, usize), evidence: &[Evidence], sentences: &[(usize, usize)]) -> (usize, usize) {
    let stated = evidence.iter().filter(|e| e.start < e.end);
    stated.fold((start, end), |(s, t), e| {
        let sentence =
            sentences.iter().find(|&&(a, b)| a <= e.start && e.start < b).copied().unwrap_or((e.start, e.end));
        (s.min(sentence.0), t.max(sentence.1))
    })
}

/// Sentences of the clause's parent section (its sub-clauses and siblings).
fn section_sentences(ix: &Indexed, clauses: &Clauses, m: &Match) -> Vec<(usize, usize)> {
    let first = m.unit.first;
    let depth = clauses.info[first].depth;
    let mut last = m.unit.last;
    while last + 1 < ix.doc.paragraphs.len() && last - first < 8 && clauses.info[last + 1].depth > depth {
        last += 1;
    }
    (first..=last).flat_map(|p| ix.para_sentences[p].iter().copied()).collect()
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
