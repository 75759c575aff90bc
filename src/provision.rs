//! What a term is judged on: the provision around a matched clause. A
//! sub-clause widens to its lead-in and siblings when they form one
//! provision; a paragraph's sentences belong to the term whose topic they
//! name (a qualifying sentence stays with the one before it); the reported
//! span covers the sentences that name the term and those with evidence.

use crate::clauses::{Clauses, UnitKind};
use crate::matcher::{within, Hits, Indexed, Match};
use crate::model::Evidence;
use crate::reference::{Pack, Term};
use crate::selection::TermMatches;

/// A sub-clause judged alone loses what its lead-in and siblings say
/// ("Supplier shall procure that: (a) stored data is encrypted ...; (b) data
/// in transit is encrypted ..."): a match inside a lead-in's list, or on the
/// lead-in itself, widens to the lead-in and all its items, with the term's
/// element occurrences over that range.
pub(crate) fn lead_in_family(ix: &Indexed, term: &Term, clauses: &Clauses, m: &Match, hits: &[Hits]) -> Match {
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
pub(crate) fn family_sentences(ix: &Indexed, clauses: &Clauses, family: &Match) -> Vec<(usize, usize)> {
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
pub(crate) fn whole_provision(
    ix: &Indexed,
    clauses: &Clauses,
    m: &Match,
    owner: impl Fn((usize, usize)) -> Owner,
) -> Match {
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
pub(crate) struct SentenceTopics {
    /// Sentence byte ranges in document order, with (topic bits, element bits).
    sentences: Vec<((usize, usize), u128, u128)>,
}

impl SentenceTopics {
    pub(crate) fn new(ix: &Indexed, pack: &Pack, all: &[TermMatches]) -> SentenceTopics {
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

    /// Whether the sentence holding byte `at` names term `i`'s topic and no
    /// other term's.
    pub(crate) fn only_topic_of(&self, at: usize, i: usize) -> bool {
        let k = self.sentences.partition_point(|((_, end), _, _)| *end <= at);
        self.sentences.get(k).is_some_and(|&((start, _), topic, _)| start <= at && i < 128 && topic == 1u128 << i)
    }

    /// Whose provision a sentence is, seen from term `i`: a sentence that
    /// names another term's topic and nothing of term `i` is that term's
    /// provision sharing a paragraph ("Either party may audit ... . Supplier
    /// shall indemnify ..."), not part of this one.
    pub(crate) fn owner(&self, ix: &Indexed, sentence: (usize, usize), i: usize) -> Owner {
        let k = self.sentences.partition_point(|(range, _, _)| range.0 < sentence.0);
        let Some(&(range, topic, any)) = self.sentences.get(k).filter(|(range, _, _)| *range == sentence) else {
            return Owner::None;
        };
        // Topics are kept for the first 128 terms of a pack; a sentence of a
        // later term is judged with its paragraph, as before sentences had owners.
        if i >= 128 {
            return Owner::None;
        }
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
pub(crate) enum Owner {
    This,
    Other,
    None,
}

/// The reported span: the sentences that name the term, widened to the
/// sentences holding stated evidence, so the finding shows its reason.
pub(crate) fn span_with(
    (start, end): (usize, usize),
    evidence: &[Evidence],
    sentences: &[(usize, usize)],
) -> (usize, usize) {
    let stated = evidence.iter().filter(|e| e.start < e.end);
    stated.fold((start, end), |(s, t), e| {
        let sentence =
            sentences.iter().find(|&&(a, b)| a <= e.start && e.start < b).copied().unwrap_or((e.start, e.end));
        (s.min(sentence.0), t.max(sentence.1))
    })
}

/// Sentences of the clause's parent section (its sub-clauses and siblings).
pub(crate) fn section_sentences(ix: &Indexed, clauses: &Clauses, m: &Match) -> Vec<(usize, usize)> {
    let first = m.unit.first;
    let depth = clauses.info[first].depth;
    let mut last = m.unit.last;
    while last + 1 < ix.doc.paragraphs.len() && last - first < 8 && clauses.info[last + 1].depth > depth {
        last += 1;
    }
    (first..=last).flat_map(|p| ix.para_sentences[p].iter().copied()).collect()
}
