//! Which clause carries a term: its best candidate not claimed by a term
//! that fits the clause much better, preferring a clause no other term fits
//! as well; a liability denial is never a term's clause.

use crate::analysis::disclaimer;
use crate::matcher::{Hits, Indexed, Match};
use crate::model::{Finding, Kind, Verdict};

/// Whether every sentence naming the term in `m` denies liability (a
/// warranty denial that names the duty is the duty negated, and stays);
/// captions ("12.3 Limitation of Liability") are neither.
pub(crate) fn only_denials(ix: &Indexed, m: &Match, denials: &[disclaimer::DenialSentence]) -> bool {
    let denied = |&&(s, e): &&(usize, usize)| {
        denials.iter().any(|d| d.start < e && s < d.end && d.denial == crate::reference::Denial::Liability)
    };
    let sentences: Vec<&(usize, usize)> =
        m.sentences.iter().filter(|&&(s, e)| ix.doc.text[s..e].split_whitespace().nth(5).is_some()).collect();
    !sentences.is_empty() && sentences.iter().all(denied)
}

/// Term `i`'s finding: the chosen clause judged; when that is only a passing
/// mention, or the customer's own duty, a nearly as good candidate instead.
///
/// `titled(m)`: `m` is a section under a bare title ("ARTICLE 8 -
/// CONFIDENTIALITY AND CUSTOMER DATA"), a container of separate clauses
/// rather than one provision. `alone(m)`: `m` holds a sentence that names
/// term `i`'s topic and no other term's, so another term fitting the
/// paragraph better (its own duty shares the paragraph) cannot claim it.
pub(crate) fn best_finding(
    i: usize,
    all: &[TermMatches],
    titled: &dyn Fn(&Match) -> bool,
    alone: &dyn Fn(&Match) -> bool,
    judged: impl Fn(&Match) -> Finding,
) -> Option<Finding> {
    let chosen = choose(i, all, titled, alone)?;
    let first = judged(chosen);
    let shifted = first.kinds.contains(&Kind::PartyShift);
    if first.verdict != Verdict::Missing && !shifted {
        return Some(first);
    }
    // The best fit was a passing mention; another clause may still carry the
    // term in a weaker or different form, however fewer of its words it
    // shares (`judge` calls bare mentions missing). And the customer's own
    // duty ("Customer is responsible for installing updates") yields to the
    // supplier's clause on the topic when one fits nearly as well.
    let margin = if shifted { PARTY_MARGIN } else { f64::INFINITY };
    let wanted = |f: &Finding| f.verdict != Verdict::Missing && !(shifted && f.kinds.contains(&Kind::PartyShift));
    let open = |m: &&Match| !(claimed_by_other(i, m, all, titled, alone) || shifted && contested(i, m, all));
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
fn choose<'a>(
    i: usize,
    all: &'a [TermMatches],
    titled: &dyn Fn(&Match) -> bool,
    alone: &dyn Fn(&Match) -> bool,
) -> Option<&'a Match> {
    let mut open = all[i].1.iter().filter(|m| !claimed_by_other(i, m, all, titled, alone));
    let best = open.next()?;
    if !contested(i, best, all) {
        return Some(best);
    }
    let rival = open.take_while(|m| m.score >= best.score - TIE).find(|m| !contested(i, m, all));
    Some(rival.unwrap_or(best))
}

/// Whether another term's best clause is this one and fits it at least as well.
pub(crate) fn contested(i: usize, m: &Match, all: &[TermMatches]) -> bool {
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
/// term looks for its next best clause. Not a clause with a sentence about
/// this term alone: two provisions share the paragraph ("1.3 Security
/// Contact. Supplier will name ... . Customer may audit ...").
fn claimed_by_other(
    i: usize,
    m: &Match,
    all: &[TermMatches],
    titled: &dyn Fn(&Match) -> bool,
    alone: &dyn Fn(&Match) -> bool,
) -> bool {
    m.score < CLAIM_SAFE
        && !alone(m)
        && all.iter().enumerate().any(|(j, (_, others))| {
            j != i
                && others
                    .first()
                    .is_some_and(|o| o.overlaps(m) && fit_to(o, m, others, titled) >= m.score + CLAIM_MARGIN)
        })
}

/// How well a rival term fits the clause `m`, given its best clause `best`.
/// A best clause that is a titled section around `m` fits the section as a
/// whole, not each separate clause in it: there the rival's own candidate
/// for `m`'s paragraphs counts (none: it names nothing in them). A section
/// that opens with a lead-in ("Seller shall, at least annually: (a) ...")
/// is one provision, and its fit holds for each of its items.
fn fit_to(best: &Match, m: &Match, rival: &[Match], titled: &dyn Fn(&Match) -> bool) -> f64 {
    let around = best.unit.first <= m.unit.first
        && m.unit.last <= best.unit.last
        && (best.unit.first, best.unit.last) != (m.unit.first, m.unit.last);
    if !around || !titled(best) {
        return best.score;
    }
    let same = |o: &&Match| (o.unit.first, o.unit.last) == (m.unit.first, m.unit.last);
    rival.iter().find(same).map_or(0.0, |o| o.score)
}

/// A term's element occurrences and its candidate clauses, best first.
pub(crate) type TermMatches = (Vec<Hits>, Vec<Match>);

/// A match this good is never given up to another term.
const CLAIM_SAFE: f64 = 0.8;

/// How much better another term must fit a clause to claim it.
const CLAIM_MARGIN: f64 = 0.2;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clauses::{Unit, UnitKind};

    fn candidate(paragraph: usize, score: f64) -> Match {
        let (start, end) = (paragraph * 100, paragraph * 100 + 50);
        let unit =
            Unit { kind: UnitKind::Paragraph, first: paragraph, last: paragraph, start, end, context: Vec::new() };
        Match { unit, score, hits: Vec::new(), in_context: Vec::new(), sentences: vec![(start, end)] }
    }

    #[test]
    fn a_passing_mention_yields_to_a_clause_that_carries_the_term_however_weaker_its_fit() {
        // The best fit names many of the term's words and promises nothing;
        // a clause sharing far fewer of them states the duty.
        let all: Vec<TermMatches> = vec![(Vec::new(), vec![candidate(1, 0.7), candidate(2, 0.3)])];
        let judged = |m: &Match| {
            let mut f = Finding::missing("B5-logging", "no clause");
            if m.unit.first == 2 {
                f.verdict = Verdict::Weakened;
            }
            f
        };
        let found = best_finding(0, &all, &|_| false, &|_| false, judged).unwrap();
        assert_eq!(found.verdict, Verdict::Weakened);
    }

    #[test]
    fn a_sentence_about_the_term_alone_is_never_claimed_by_another_term() {
        // Term 0 fits paragraph 3 far better (it holds term 0's duty too);
        // term 1's own sentence in it is still term 1's clause.
        let all: Vec<TermMatches> = vec![(Vec::new(), vec![candidate(3, 1.0)]), (Vec::new(), vec![candidate(3, 0.5)])];
        let judged = |m: &Match| {
            let mut f = Finding::missing("A2-security-contact", "no clause");
            f.verdict = Verdict::Weakened;
            f.paragraph = Some(m.unit.first);
            f
        };
        assert!(best_finding(1, &all, &|_| false, &|_| false, judged).is_none());
        let found = best_finding(1, &all, &|_| false, &|_| true, judged).expect("its own sentence");
        assert_eq!(found.paragraph, Some(3));
    }

    /// Paragraphs `first..=last` as one section (a title or lead-in and the clauses under it).
    fn section(first: usize, last: usize, score: f64) -> Match {
        let (start, end) = (first * 100, last * 100 + 50);
        let unit = Unit { kind: UnitKind::Section, first, last, start, end, context: Vec::new() };
        Match { unit, score, hits: Vec::new(), in_context: Vec::new(), sentences: vec![(start, end)] }
    }

    #[test]
    fn a_titled_section_claims_only_the_clauses_in_it_that_its_term_fits_better() {
        // Term 0 (data use) fits "Article 8 - Confidentiality and Customer Data"
        // (paragraphs 1-4) as a whole, and its clause 4 (return of equipment)
        // no better than term 1 (decommissioning) does.
        let data_use = vec![section(1, 4, 1.0), candidate(2, 0.6), candidate(4, 0.4)];
        let all: Vec<TermMatches> = vec![(Vec::new(), data_use), (Vec::new(), vec![candidate(4, 0.4)])];
        let titled = |m: &Match| m.unit.first == 1;
        let judged = |m: &Match| {
            let mut f = Finding::missing("C7-decommissioning", "no clause");
            f.verdict = Verdict::Weakened;
            f.paragraph = Some(m.unit.first);
            f
        };
        let found = best_finding(1, &all, &titled, &|_| false, judged).expect("clause 4 is term 1's");
        assert_eq!(found.paragraph, Some(4));
        // A section that opens with a lead-in ("Seller shall, at least
        // annually: (a) ...") is one provision: its items are its term's.
        assert!(best_finding(1, &all, &|_| false, &|_| false, judged).is_none());
    }
}
