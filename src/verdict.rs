//! Judging one clause for one term: the detectors' evidence, parameters,
//! deviations and disclaimers become a verdict (conformant, weakened,
//! deviating or missing) with typed evidence; the message is rendered from
//! the evidence, never read back.

use crate::analysis::{self, disclaimer, params, Cx};
use crate::clauses::{Clauses, UnitKind};
use crate::matcher::{Hits, Indexed, Match};
use crate::model::{Basis, Evidence, Finding, Kind, Severity, Span, Verdict};
use crate::provision::{
    family_sentences, lead_in_family, section_sentences, span_with, whole_provision, SentenceTopics,
};
use crate::reference::{Term, Vocabulary};

/// Below this share of a term's elements, a clause that states nothing weaker
/// or different is a passing mention.
const WEAK_MATCH: f64 = 0.5;

/// Below this fit, a clause that shifts a duty, lacks part of the term's
/// scope and states none of its actions is about something else that
/// shares the topic's words.
const SHIFTED_FIT: f64 = 0.6;

pub(crate) fn missing(term: &Term) -> Finding {
    Finding::missing(term.spec.id.clone(), format!("no clause requires {}", term.spec.requires))
}

/// Turns a match and the detectors' evidence into a verdict.
/// What `judge` knows of the document beyond the clause at hand.
pub(crate) struct DocFacts<'a> {
    pub(crate) ix: &'a Indexed<'a>,
    pub(crate) clauses: &'a Clauses,
    pub(crate) denials: &'a [disclaimer::DenialSentence],
    pub(crate) topics: &'a SentenceTopics,
    pub(crate) vocabulary: &'a Vocabulary,
}

/// Judges term `term` (number `i` in the pack) on the clause `m`.
/// `contested`: another term fits this clause at least as well.
pub(crate) fn judge(facts: &DocFacts, term: &Term, i: usize, m: &Match, hits: &[Hits], contested: bool) -> Finding {
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
    let (mut start, mut end) = span_with(m.span(), &evidence, &provision.sentences);
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
    evidence.extend(params::stated_cap(&cx));
    let Mechanism { mut deviations, intended, specific } = mechanism_deviations(&cx, start);
    deviations.extend(param_deviations);
    evidence.extend(disclaimer_evidence(ix, clauses, term, hits, denials));
    // A different mechanism explains the missing details: "jointly owned data"
    // lacks a use limit because the whole arrangement differs, not because it
    // is narrower. Keep only weakenings that are stated in words.
    if !deviations.is_empty() {
        evidence.retain(|e| !is_absence(e));
    }
    // The numbers and coverage of another arrangement ("the parties shall
    // jointly compile an SBOM ... at each quarterly review", "95% of the
    // systems carry all patches at each quarterly review") measure that
    // arrangement, not a weaker version of this term.
    if intended {
        evidence.retain(|e| !matches!(e.kind, Some(Kind::Deadline | Kind::Bound | Kind::Scope)));
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
    // Asked by both passing-mention exits below; read at most once.
    let carries_duty = std::cell::LazyCell::new(|| duty_on_topic(&cx, hits, &provision.sentences));
    if only_topic && !textual && !intended && !*carries_duty {
        // The topic is mentioned, but nothing is promised or qualified about it.
        return missing(term);
    }
    let short = ix.doc.text[start..end].split_whitespace().nth(5).is_none();
    if short && evidence.iter().all(is_absence) {
        if !intended {
            // A caption ("Backup of configuration") names the topic but promises nothing.
            return missing(term);
        }
        // Unless the clause under it states another arrangement ("8.6 System
        // Hardening. The parties shall jointly review ..."): that is the term's.
        (start, end) = span_with((start, end), &deviations, &provision.sentences);
    }
    if evidence.iter().all(is_absence) && deviations.iter().all(is_absence) && m.score < WEAK_MATCH && !*carries_duty {
        // Under half the term's elements and nothing stated, weaker or
        // different (only lacking): a passing mention ("comply with the requirements in
        // Attachment B", "recover the Product after a cybersecurity incident").
        return missing(term);
    }
    let states_an_action = m.states_an_action(term);
    if kinds.contains(&Kind::PartyShift)
        && m.score < SHIFTED_FIT
        && !states_an_action
        && evidence.iter().any(|e| is_absence(e) && e.kind == Some(Kind::Scope))
    {
        // The customer's (or both parties') duty about something else that
        // shares the topic's words ("each party represents that no further
        // authentication of the signature is needed"): it moves no part of
        // this term, because it does not state the term's duty at all.
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
            out.push(Evidence::absent(None, at, format!("lacks {}", e.spec.label)));
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
    Some(Evidence::stated(Some(Kind::Disclaimer), s, e, format!("emptied by a disclaimer {at}")))
}

/// Evidence about something the clause lacks (an element or a number), as
/// opposed to words it contains.
pub(crate) fn is_absence(e: &Evidence) -> bool {
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

/// Whether a sentence makes the topic the object of a duty that nobody
/// but the supplier (or its product) holds: a duty word, one of the term's
/// other elements within three words (its action, or a part of the duty
/// such as returning data) and the topic soon after ("shall permit Customer
/// to install anti-virus software", "shall provide the ability to deliver all
/// SMTP logs", "shall return all protected health information"). Such a
/// clause is a weak form of the term, never a passing mention, however few
/// of its elements it names. A duty to meet requirements "set out in
/// Exhibit B" points to another part instead.
fn duty_on_topic(cx: &Cx, hits: &[Hits], sentences: &[(usize, usize)]) -> bool {
    const NEAR: usize = 3;
    const OBJECT: usize = 8;
    static ELSEWHERE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let elsewhere = analysis::re(
        &ELSEWHERE,
        r"\b(?:set (?:out|forth)|specified|described|contained|listed|referred to|stated) in (?:the )?(?:attachment|exhibit|schedule|annex|appendix)",
    );
    let (ix, term) = (cx.ix, cx.term);
    // Document-wide hits: a lead-in's action lies outside the item's unit.
    let starts = |wanted: fn(&crate::reference::Element) -> bool| -> Vec<usize> {
        term.elements.iter().zip(hits).filter(|(e, _)| wanted(e)).flat_map(|(_, h)| h.iter().map(|&(a, _)| a)).collect()
    };
    let core = starts(|e| e.spec.core);
    let actions = starts(|e| !e.spec.core);
    let within = |from: usize, to: usize, starts: &[usize]| starts.iter().any(|&x| x > from && x <= to);
    // A lead-in's duty ("shall assist Customer with the following:") takes
    // its object from the items that follow it, whether or not the item was
    // judged with its lead-in.
    let lead_ins = cx.m.unit.context.iter().copied().chain(lead_in_above(ix, cx.m.unit.first)).filter_map(|p| {
        let last = *ix.para_sentences[p].last()?;
        ix.doc.text[last.0..last.1].trim_end().ends_with(':').then_some(last)
    });
    let mut lead_in_duty = false;
    lead_ins.chain(sentences.iter().copied()).any(|(s, e)| {
        let text = &ix.doc.text[s..e];
        if elsewhere.is_match(text) || analysis::party_shift::subject_role(cx, (s, e)) == Some("hdo") {
            lead_in_duty = false;
            return false;
        }
        let (a, b) = ix.token_range(s, e);
        let duties: Vec<usize> =
            (a..b).filter(|&t| crate::matcher::DUTY_STEMS.contains(&ix.tokens[t].stem.as_str())).collect();
        let acting: Vec<usize> =
            duties.iter().flat_map(|&d| actions.iter().copied().filter(move |&x| x > d && x <= d + NEAR)).collect();
        // "Backups of the event logs shall be retained for a year": in a
        // passive the topic is the subject, before the duty word.
        let passive = duties.iter().any(|&d| {
            ix.tokens.get(d + 1).is_some_and(|t| t.stem == "be")
                && within(d, d + NEAR, &actions)
                && core.iter().any(|&x| x >= a.max(d.saturating_sub(OBJECT)) && x < d)
        });
        let on_topic = passive || acting.iter().any(|&x| within(x, (x + OBJECT).min(b.saturating_sub(1)), &core));
        let completes = lead_in_duty && core.iter().any(|&x| x >= a && x < b);
        lead_in_duty = text.trim_end().ends_with(':') && !acting.is_empty() || lead_in_duty && !on_topic;
        on_topic || completes
    })
}

/// The paragraph ending with a colon above a run of list items that holds
/// paragraph `p` ("shall assist the controller with the following: (1) ...
/// (2) ..."), when the reader did not nest the items under it.
fn lead_in_above(ix: &Indexed, p: usize) -> Option<usize> {
    const MAX_ITEMS: usize = 12;
    static ITEM: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let item =
        ITEM.get_or_init(|| regex::Regex::new(r"^\s*\(?(?:[0-9]{1,3}|[a-z]{1,2}|[ivx]{1,5})[.)]\s").expect("valid"));
    let text = |q: usize| ix.doc.paragraph_text(&ix.doc.paragraphs[q]);
    if !item.is_match(text(p)) {
        return None;
    }
    (p.saturating_sub(MAX_ITEMS)..p)
        .rev()
        .take_while(|&q| q + 1 == p || item.is_match(text(q + 1)))
        .find(|&q| !item.is_match(text(q)) || text(q).trim_end().ends_with(':'))
        .filter(|&q| text(q).trim_end().ends_with(':'))
}

/// Whether the sentence holding byte `at` has the supplier as its actor.
fn supplier_sentence(cx: &Cx, sentences: &[(usize, usize)], at: usize) -> bool {
    sentences
        .iter()
        .find(|&&(a, b)| a <= at && at < b)
        .is_some_and(|&sentence| analysis::party_shift::subject_role(cx, sentence) == Some("mdm"))
}

/// A finding placed in a part of the contract that the general terms empty
/// ("Exhibit A ... for information purposes only ... creates no
/// obligation") is weakened with kind `disclaimer`, whatever it said before:
/// the exhibit's wording binds nobody.
pub(crate) fn apply_emptied_parts(ix: &Indexed, clauses: &Clauses, parts: &[disclaimer::EmptiedPart], f: &mut Finding) {
    if f.verdict == Verdict::Missing {
        return;
    }
    let Some(para) = f.paragraph else { return };
    let Some(part) = parts.iter().find(|p| p.paragraphs.0 <= para && para <= p.paragraphs.1) else { return };
    let (s, e) = part.statement;
    let at = ix
        .doc
        .paragraph_at(s)
        .and_then(|p| clauses.info[p.index].number.clone())
        .map_or_else(|| "elsewhere".to_string(), |c| format!("in clause {c}"));
    let note = format!("stands in a part of the contract declared non-binding {at}");
    f.message = if f.verdict == Verdict::Weakened { format!("{note}; {}", f.message) } else { note.clone() };
    if f.verdict == Verdict::Deviating {
        f.evidence.clear();
    }
    f.verdict = Verdict::Weakened;
    f.kinds.push(Kind::Disclaimer);
    f.kinds.sort();
    f.kinds.dedup();
    f.evidence.push(Evidence::stated(Some(Kind::Disclaimer), s, e, note));
}
