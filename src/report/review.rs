//! The review a lawyer reads, before it is laid out as text or HTML: the
//! findings of one contract ordered by severity and then by where they stand
//! in the contract, each with the clause number Word shows, the term's title,
//! what is weaker in plain words (the contract's own party names instead of
//! "MDM"/"HDO", "MC²" instead of "the reference") and the suggested wording
//! written with those names.
//!
//! Nothing here decides anything: the verdicts, notes and evidence come from
//! the checker, the titles and wording from the pack.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::document::Document;
use crate::model::{Basis, DocumentReport, Finding, Kind, Severity, Verdict, Visibility};
use crate::reference::Pack;

/// The parties as the contract names them, for prose: the defined name
/// ("Licensor") and, when the preamble gives one, the full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub short: String,
    pub full: Option<String>,
}

impl Party {
    fn from_names(names: &[String], role_word: &str) -> Party {
        let short = names.first().cloned().unwrap_or_else(|| role_word.to_string());
        let full = names.iter().skip(1).find(|n| n.len() > short.len()).cloned();
        Party { short, full }
    }

    /// `Northwind Imaging Systems Corporation ("Licensor")`, or the one name known.
    pub fn described(&self) -> String {
        match &self.full {
            Some(full) => format!("{full} (\"{}\")", self.short),
            None => self.short.clone(),
        }
    }
}

/// One finding, ready to be laid out.
#[derive(Debug, Clone)]
pub struct Item<'r> {
    pub finding: &'r Finding,
    /// 1-based, in reading order of the review (the same in text and HTML).
    pub number: usize,
    /// "§ 9.3(a)", "table row “Encryption”", "unnumbered clause under “Security”",
    /// or "not in the contract".
    pub location: String,
    /// Whether `location` is a clause number as Word shows it.
    pub numbered: bool,
    pub title: String,
    /// "weaker than MC²", "not in the contract", "different from MC²".
    pub verdict: String,
    /// What is weaker, in plain words, each said once.
    pub notes: Vec<String>,
    /// Byte ranges of `finding.text` holding the weakening words (sorted, disjoint).
    pub marks: Vec<(usize, usize)>,
    /// The kinds, each with its explanation when this is its first use in the review.
    pub kinds: Vec<(Kind, Option<String>)>,
    /// The pack's wording with the contract's party names.
    pub suggested: Option<String>,
    /// The pack's wording as the pack states it.
    pub reference: Option<String>,
    pub fix: Option<String>,
}

/// A contract's review: a summary, then the findings to show.
#[derive(Debug, Clone)]
pub struct Review<'r> {
    pub report: &'r DocumentReport,
    pub supplier: Party,
    pub customer: Party,
    /// "HSCC MC²v.2 (2025), restated (mc2@2)".
    pub pack: String,
    /// What the pack is called in prose: "MC²", or "the reference" for other packs.
    pub standard: String,
    pub terms: usize,
    pub critical_terms: usize,
    pub critical_missing: usize,
    pub critical_weakened: usize,
    pub items: Vec<Item<'r>>,
}

/// Severity in words: "critical" is the pack's word for the terms whose
/// weakening is an error.
pub fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Critical",
        Severity::Warning => "Important",
        _ => "Minor",
    }
}

/// A short name for a kind, and what it means, with `customer` for the HDO.
pub fn kind_words(kind: Kind, standard: &str, supplier: &str, customer: &str) -> (&'static str, String) {
    let (label, meaning) = match kind {
        Kind::Modality => ("optional wording", format!("'may' or 'should' where {standard} says 'shall'")),
        Kind::Efforts => ("efforts only", "a promise to try ('reasonable efforts'), not to do".to_string()),
        Kind::Discretion => ("supplier's discretion", format!("{supplier} decides whether the duty applies")),
        Kind::Feasibility => ("only if feasible", format!("the duty applies only where {supplier} finds it possible")),
        Kind::Deadline => ("longer deadline", format!("a time limit longer than {standard} asks for, or none")),
        Kind::Bound => ("weaker number", format!("a limit, interval or version weaker than {standard} asks for")),
        Kind::Scope => ("narrower scope", format!("the duty covers less than {standard} asks for")),
        Kind::Condition => ("conditional", "the duty applies only once something else happens".to_string()),
        Kind::Exception => ("carve-out", "an exception takes cases out of the duty".to_string()),
        Kind::CostShift => ("customer pays", format!("{customer} pays for what {standard} gives at no charge")),
        Kind::PartyShift => ("wrong party", format!("the duty is put on {customer}, or shared, instead of {supplier}")),
        Kind::Negation => ("disclaimed", "the clause disclaims the very duty it mentions".to_string()),
        Kind::Disclaimer => ("disclaimer elsewhere", "another clause takes the duty away".to_string()),
        Kind::Revision => {
            ("pending tracked change", "a tracked change would weaken the clause once accepted".to_string())
        }
    };
    (label, meaning)
}

impl<'r> Review<'r> {
    /// The review of `report` (a readable document) against `pack`; `doc`
    /// names the heading above an unnumbered clause when given.
    pub fn build(report: &'r DocumentReport, doc: Option<&Document>, pack: &Pack) -> Review<'r> {
        let parties = report.parties.clone().unwrap_or_default();
        let supplier = Party::from_names(&parties.mdm, "Supplier");
        let customer = Party::from_names(&parties.hdo, "Customer");
        let standard = if pack.id.starts_with("mc2@") { "MC²" } else { "the reference" }.to_string();
        let critical = |f: &Finding| pack.term(&f.term).is_some_and(|t| t.spec.critical);
        let shown: Vec<&Finding> = report.terms.iter().filter(|f| f.visibility() == Visibility::Shown).collect();
        let count = |v: Verdict| shown.iter().filter(|f| f.verdict == v && critical(f)).count();
        let mut review = Review {
            report,
            pack: format!("{} ({})", pack.name, pack.id),
            standard,
            terms: report.terms.len(),
            critical_terms: pack.terms.iter().filter(|t| t.spec.critical).count(),
            critical_missing: count(Verdict::Missing),
            critical_weakened: count(Verdict::Weakened),
            items: Vec::new(),
            supplier,
            customer,
        };
        let mut ordered = shown;
        ordered.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.span.map_or(usize::MAX, |s| s.start)));
        let mut explained = HashSet::new();
        review.items =
            ordered.into_iter().enumerate().map(|(i, f)| review.item(f, i + 1, doc, pack, &mut explained)).collect();
        review
    }

    fn item(
        &self,
        f: &'r Finding,
        number: usize,
        doc: Option<&Document>,
        pack: &Pack,
        explained: &mut HashSet<Kind>,
    ) -> Item<'r> {
        let term = pack.term(&f.term);
        let (location, numbered) = location(f, doc);
        let kinds = f
            .kinds
            .iter()
            .map(|k| {
                let first = explained.insert(*k);
                let (_, meaning) = kind_words(*k, &self.standard, &self.supplier.short, &self.customer.short);
                (*k, first.then_some(meaning))
            })
            .collect();
        Item {
            finding: f,
            number,
            location,
            numbered,
            title: term.map_or_else(|| f.term.clone(), |t| self.plain(&t.spec.title)),
            verdict: match f.verdict {
                Verdict::Missing => "not in the contract".to_string(),
                Verdict::Deviating => format!("different from {}", self.standard),
                _ => format!("weaker than {}", self.standard),
            },
            notes: self.notes(f),
            marks: marks(f),
            kinds,
            suggested: term.map(|t| self.with_party_names(&t.spec.model)),
            reference: term.map(|t| t.spec.model.clone()),
            fix: term.filter(|t| !t.spec.fix.is_empty()).map(|t| self.plain(&t.spec.fix)),
        }
    }

    /// The evidence notes in plain words, each once; the finding's message
    /// when there is no evidence (a missing term says what no clause requires).
    fn notes(&self, f: &Finding) -> Vec<String> {
        let mut seen = HashSet::new();
        let raw: Vec<&str> = if f.evidence.is_empty() {
            f.message.split("; ").collect()
        } else {
            f.evidence.iter().map(|e| e.note.as_str()).collect()
        };
        raw.into_iter()
            .filter(|n| !n.trim().is_empty())
            .map(|n| self.plain(n))
            .filter(|n| seen.insert(n.clone()))
            .collect()
    }

    /// Jargon into plain words: the parties by the contract's names, the pack
    /// by name, numbers compared as "X; MC² asks for Y".
    pub fn plain(&self, note: &str) -> String {
        let asks = format!("{} asks for", self.standard);
        let compared = compared_re().replace(note, |c: &regex::Captures| {
            let (label, have, want) = (&c["label"], &c["have"], &c["want"]);
            match &c["what"] {
                "exceeds" => format!("the {label} is {have}; {asks} {want} at most"),
                _ => format!("the {label} is {have}; {asks} at least {want}"),
            }
        });
        let text = compared.replace("; the reference is ", &format!("; {asks} "));
        let text =
            incomparable_re().replace(&text, format!("cannot be compared with the $want {asks}").as_str()).into_owned();
        let text = text.replace("the reference's terms", &format!("{}'s terms", self.standard));
        let text = text.replace("the reference", &self.standard);
        let (s, c) = (&self.supplier.short, &self.customer.short);
        let words = [
            ("the HDO's", format!("{c}'s")),
            ("the HDO", c.clone()),
            ("the MDM's", format!("{s}'s")),
            ("the MDM", s.clone()),
            ("the supplier's", format!("{s}'s")),
            ("HDO", c.clone()),
            ("MDM", s.clone()),
        ];
        words.iter().fold(text, |t, (from, to)| replace_words(&t, from, to))
    }

    /// The summary's "Overall" line, the same on the terminal and the page.
    pub fn overall(&self) -> String {
        let s = self.report.summary.clone().unwrap_or_default();
        format!(
            "{} of {} terms meet {} (coverage {}); {} weakened, {} different, {} missing",
            s.conformant,
            self.terms,
            self.standard,
            super::portfolio::coverage_percent(s.coverage),
            s.weakened,
            s.deviating,
            s.missing
        )
    }

    /// The pack's wording with "Supplier" and "Customer" as the contract names them.
    pub fn with_party_names(&self, model: &str) -> String {
        let t = replace_words(model, "Supplier", &self.supplier.short);
        replace_words(&t, "Customer", &self.customer.short)
    }
}

fn compared_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^(?P<label>.+?) (?P<have>(?:[A-Z]{3} |[$£€])?[\d.,]+(?: [a-z][a-z ]*?)?) (?P<what>exceeds|is below) the reference (?P<want>.+)$",
        )
        .expect("valid")
    })
}

fn incomparable_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"cannot be compared with the reference (?P<want>.+)$").expect("valid"))
}

/// Replaces `from` where it stands as whole words.
fn replace_words(text: &str, from: &str, to: &str) -> String {
    let re = Regex::new(&format!(r"\b{}\b", regex::escape(from))).expect("escaped");
    re.replace_all(text, regex::NoExpand(to)).into_owned()
}

/// Where the finding stands, as a reader of the contract in Word sees it.
fn location(f: &Finding, doc: Option<&Document>) -> (String, bool) {
    if let Some(c) = f.clause.as_deref().filter(|c| !c.trim().is_empty()) {
        return (format!("§ {}", c.trim()), true);
    }
    if f.verdict == Verdict::Missing || f.span.is_none() {
        return ("not in the contract".to_string(), false);
    }
    let heading = doc.zip(f.paragraph).and_then(|(d, p)| heading_above(d, p));
    match heading {
        Some(h) => (h, false),
        None => ("unnumbered clause".to_string(), false),
    }
}

/// How to find an unnumbered paragraph in Word: the table row it sits in
/// (by its first cell, "row “Encryption”"), else the title above it.
fn heading_above(doc: &Document, index: usize) -> Option<String> {
    let here = doc.paragraphs.get(index)?;
    if let Some(cell) = here.cell.filter(|c| c.col > 1) {
        let first = doc.paragraphs[..index]
            .iter()
            .rev()
            .take(100)
            .find(|p| p.cell.is_some_and(|c| c.table == cell.table && c.row == cell.row && c.col == 1));
        if let Some(label) = first.map(|p| doc.paragraph_text(p).trim()).filter(|t| !t.is_empty()) {
            return Some(format!("table row “{}”", clip(label, 60)));
        }
    }
    let before = doc.paragraphs.get(..index)?;
    let title = before.iter().rev().take(300).find(|p| {
        let text = doc.paragraph_text(p).trim();
        let titled = p.heading.is_some() || (text.split_whitespace().count() <= 10 && !text.ends_with(['.', ';', ':']));
        p.kind == crate::docx::ParaKind::Body && titled && text.chars().any(char::is_alphabetic)
    })?;
    let number = title.number.as_deref().map(|n| format!("{n} ")).unwrap_or_default();
    Some(format!("unnumbered clause under “{number}{}”", clip(doc.paragraph_text(title).trim(), 60)))
}

/// At most `max` characters of `text`, with "…" when cut.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// The stated evidence inside the clause, as byte ranges of `f.text`, sorted and merged.
fn marks(f: &Finding) -> Vec<(usize, usize)> {
    let (Some(text), Some(span)) = (f.text.as_deref(), f.span) else { return Vec::new() };
    let mut ranges: Vec<(usize, usize)> = f
        .evidence
        .iter()
        .filter(|e| e.basis == Basis::Stated && e.end > e.start && e.start >= span.start)
        .map(|e| (e.start - span.start, e.end - span.start))
        .filter(|&(s, e)| e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e))
        .collect();
    ranges.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Parties, Span, Summary};

    fn finding(term: &str, severity: Severity, clause: Option<&str>, at: Option<usize>) -> Finding {
        let text = "Licensor will update the SBOM annually at no additional cost to Licensee.";
        let mut f = Finding::missing(term, "no clause requires an SBOM");
        f.severity = severity;
        f.clause = clause.map(str::to_string);
        if let Some(at) = at {
            f.verdict = Verdict::Weakened;
            f.kinds = vec![Kind::Deadline];
            f.span = Some(Span { start: at, end: at + text.len() });
            f.text = Some(text.to_string());
            let w = text.find("annually").unwrap();
            f.message = "SBOM update interval 12 months exceeds the reference 30 days".into();
            f.evidence = vec![Evidence::stated(Some(Kind::Deadline), at + w, at + w + 8, f.message.clone())];
        }
        f
    }

    fn report(terms: Vec<Finding>) -> DocumentReport {
        DocumentReport {
            path: "c.docx".into(),
            status: "ok".into(),
            sha256: None,
            parties: Some(Parties {
                mdm: vec!["Licensor".into(), "Northwind Imaging Systems Corporation".into()],
                hdo: vec!["Licensee".into()],
            }),
            summary: Some(Summary::of(&terms)),
            terms,
            error: None,
        }
    }

    #[test]
    fn orders_by_severity_then_clause_and_speaks_plainly() {
        let pack = Pack::load(crate::reference::DEFAULT_PACK).unwrap();
        let r = report(vec![
            finding("B2-mds2", Severity::Warning, None, None),
            finding("B1-sbom", Severity::Error, Some("9.3(a)"), Some(500)),
            finding("C3-incident-notification", Severity::Error, Some("4.1"), Some(100)),
        ]);
        let review = Review::build(&r, None, &pack);
        let order: Vec<&str> = review.items.iter().map(|i| i.finding.term.as_str()).collect();
        assert_eq!(order, ["C3-incident-notification", "B1-sbom", "B2-mds2"]);
        let sbom = &review.items[1];
        assert_eq!(sbom.location, "§ 9.3(a)");
        assert_eq!(sbom.notes, ["the SBOM update interval is 12 months; MC² asks for 30 days at most"]);
        assert_eq!(sbom.marks.len(), 1);
        assert!(sbom.kinds[0].1.is_none(), "deadline was explained on its first use, in C3");
        assert!(review.items[0].kinds[0].1.is_some());
        let suggested = sbom.suggested.as_deref().unwrap();
        assert!(suggested.contains("Licensor shall") && !suggested.contains("Supplier"), "{suggested}");
        assert_eq!(review.items[2].location, "not in the contract");
        assert_eq!(review.supplier.described(), "Northwind Imaging Systems Corporation (\"Licensor\")");
        assert_eq!(review.plain("makes the HDO responsible"), "makes Licensee responsible");
        assert_eq!(
            review.plain("no incident notice is stated; the reference is 24 hours"),
            "no incident notice is stated; MC² asks for 24 hours"
        );
    }
}
