//! Baselines for legacy repositories: `mc2lint baseline create` records
//! today's findings by fingerprint; `check --baseline FILE` then hides the
//! findings whose fingerprint is recorded and shows every other one.
//!
//! A fingerprint (`mc2lint/baseline@2`) hashes the document's path relative to
//! the repository root, the term ID, the verdict, the *normalised* clause text
//! and the parameters the finding states (numbers and units). It leaves out
//! the clause number, the paragraph index and byte offsets, so it survives
//! edits elsewhere in the document and renumbering. It changes when the
//! clause's words change, when a number gets worse (even one stated in a
//! neighbouring sub-clause), and for every finding of a document the baseline
//! has never seen: a baseline never hides anything it did not record.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{DocumentReport, Finding, Verdict, BASELINE_REASON};

pub const BASELINE_SCHEMA: &str = "mc2lint/baseline@2";
/// The first format: fingerprints without the document or the parameters.
pub const BASELINE_SCHEMA_V1: &str = "mc2lint/baseline@1";

/// The clause text reduced to lowercase words: punctuation, spacing and a
/// leading typed clause number ("9.2(b)", "12.", "(iv)") do not count.
pub fn normalise_clause(text: &str) -> String {
    static LABEL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let label = LABEL.get_or_init(|| {
        regex::Regex::new(concat!(
            r"^\s*(?:\d+(?:\.\d+)*\.|\d+(?:\.\d+)+|\(?[A-Za-z0-9]{1,4}\)|[A-Za-z]{1,4}\.)",
            r"(?:\s*(?:\(?[A-Za-z0-9]{1,4}\)|\d+(?:\.\d+)+))*\s+"
        ))
        .expect("valid")
    });
    let text = label.find(text).map_or(text, |m| &text[m.end()..]);
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    words.join(" ")
}

fn sha_hex(input: &str) -> String {
    Sha256::digest(input.as_bytes()).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Term ID + normalised clause text: where the finding is, not what it says
/// (SARIF `partialFingerprints`).
pub fn clause_fingerprint(f: &Finding) -> String {
    sha_hex(&format!("{}\n{}", f.term, normalise_clause(f.text.as_deref().unwrap_or(""))))
}

/// The parameters a finding states, normalised: the analysis writes every
/// quantity it compared in digits with its unit ("notice deadline 10 business
/// days exceeds the reference 24 hours"), so the notes that carry a digit are
/// the obligation's numbers, whichever way the contract spells them.
pub fn params(f: &Finding) -> Vec<String> {
    let mut out: Vec<String> = f
        .evidence
        .iter()
        .filter(|e| e.note.bytes().any(|b| b.is_ascii_digit()))
        .map(|e| normalise_clause(&e.note))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The baseline key: document, term, verdict, clause words, parameters.
pub fn fingerprint(path: &str, f: &Finding) -> String {
    let clause = normalise_clause(f.text.as_deref().unwrap_or(""));
    sha_hex(&format!("{path}\n{}\n{}\n{clause}\n{}", f.term, f.verdict.as_str(), params(f).join("\n")))
}

/// The `mc2lint/baseline@1` key (term, verdict, clause words), to read old files.
fn fingerprint_v1(f: &Finding) -> String {
    sha_hex(&format!("{}\n{}\n{}", f.term, f.verdict.as_str(), normalise_clause(f.text.as_deref().unwrap_or(""))))
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Relative to the repository root.
    pub path: String,
    pub term: String,
    pub verdict: Verdict,
    /// The parameters as recorded (for people reading the file; the fingerprint decides).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<String>,
    pub fingerprint: String,
}

/// The `.mc2lint-baseline.json` file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub schema: String,
    pub findings: Vec<Entry>,
    /// (path, fingerprint) → entry, built on first use: a portfolio's baseline
    /// holds thousands of entries, looked up for every finding.
    #[serde(skip)]
    index: std::sync::OnceLock<HashMap<(String, String), usize>>,
}

/// Paths as recorded: forward slashes, no leading `./`.
pub fn normalise_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    p.strip_prefix("./").unwrap_or(&p).to_string()
}

/// A report's document as the baseline names it: relative to `root`.
pub fn doc_id(report: &DocumentReport, root: &Path) -> String {
    normalise_path(&crate::repo::relative(Path::new(&report.path), root))
}

impl Baseline {
    /// Records every issue (not conformant, not switched off) in `reports`,
    /// paths relative to `root`. Suppressed findings are recorded too, so
    /// removing a suppression later does not surface them as new.
    pub fn from_reports(reports: &[DocumentReport], root: &Path) -> Baseline {
        let mut findings = Vec::new();
        for r in reports.iter().filter(|r| !r.is_error()) {
            let path = doc_id(r, root);
            for f in r.terms.iter().filter(|f| f.verdict != Verdict::Conformant) {
                findings.push(Entry {
                    path: path.clone(),
                    term: f.term.clone(),
                    verdict: f.verdict,
                    params: params(f),
                    fingerprint: fingerprint(&path, f),
                });
            }
        }
        Baseline { schema: BASELINE_SCHEMA.into(), findings, index: Default::default() }
    }

    /// Reads a baseline of either format; fails with what to do next.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!("{}: cannot read baseline ({e}); create one with `mc2lint baseline create`", path.display())
        })?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!("{}: not a baseline file ({e}); create one with `mc2lint baseline create`", path.display())
        })?;
        if b.schema != BASELINE_SCHEMA && b.schema != BASELINE_SCHEMA_V1 {
            return Err(format!(
                "{}: unknown baseline schema '{}' (expected {BASELINE_SCHEMA}); recreate it with `mc2lint baseline create`",
                path.display(),
                b.schema
            ));
        }
        Ok(b)
    }

    pub fn is_v1(&self) -> bool {
        self.schema == BASELINE_SCHEMA_V1
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("baseline serialises") + "\n"
    }

    /// Hides in `report` the findings the baseline records for this document
    /// (its path relative to `root`): marked suppressed with `BASELINE_REASON`,
    /// kept in the report. Entries it places are added to `placed`. Returns
    /// how many findings it hid.
    ///
    /// An old (`@1`) entry is placed only on its own document, and never on a
    /// finding that states a number: it did not record the number, so it
    /// cannot tell whether the number got worse.
    pub fn apply(&self, report: &mut DocumentReport, root: &Path, placed: &mut HashSet<usize>) -> usize {
        let path = doc_id(report, root);
        let mut hidden = 0;
        for f in report.terms.iter_mut().filter(|f| f.verdict != Verdict::Conformant && !f.suppressed) {
            let key = if self.is_v1() {
                if !params(f).is_empty() {
                    continue;
                }
                fingerprint_v1(f)
            } else {
                fingerprint(&path, f)
            };
            let index = self.index.get_or_init(|| {
                let entries = self.findings.iter().enumerate();
                entries.map(|(i, e)| ((e.path.clone(), e.fingerprint.clone()), i)).collect()
            });
            if let Some(&i) = index.get(&(path.clone(), key)) {
                placed.insert(i);
                f.suppressed = true;
                f.suppression = Some(BASELINE_REASON.into());
                hidden += 1;
            }
        }
        hidden
    }

    /// For an old (`@1`) baseline: the entries for the `checked` documents
    /// that matched no finding, and how many entries name other documents.
    /// Reported once per run, so that nothing is dropped silently.
    pub fn unplaced<'a>(&'a self, checked: &HashSet<String>, placed: &HashSet<usize>) -> (Vec<&'a Entry>, usize) {
        if !self.is_v1() {
            return (Vec::new(), 0);
        }
        let (mine, others): (Vec<_>, Vec<_>) = self
            .findings
            .iter()
            .enumerate()
            .filter(|(i, _)| !placed.contains(i))
            .partition(|(_, e)| checked.contains(&e.path));
        (mine.into_iter().map(|(_, e)| e).collect(), others.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_and_spacing_do_not_count() {
        assert_eq!(normalise_clause("9.2(b)  Supplier shall, notify."), "supplier shall notify");
        assert_eq!(normalise_clause("(iv) Supplier shall notify"), "supplier shall notify");
        assert_eq!(normalise_clause("12. A vendor shall"), "a vendor shall");
        assert_eq!(normalise_clause("(a) Supplier shall"), normalise_clause("(c) Supplier shall"));
        assert_ne!(normalise_clause("24 hours after discovery"), normalise_clause("48 hours after discovery"));
    }

    fn finding(note: &str) -> Finding {
        Finding {
            verdict: Verdict::Weakened,
            clause: Some("4.2".into()),
            paragraph: Some(3),
            score: 0.8,
            text: Some("4.2 Supplier shall retain logs as set out in Schedule 2.".into()),
            evidence: vec![crate::model::Evidence::stated(None, 0, 0, note)],
            ..Finding::missing("C7-log-retention", "")
        }
    }

    #[test]
    fn a_number_stated_elsewhere_and_the_document_count() {
        let thirty = finding("retention 30 days is below the reference 90 days");
        let one = finding("retention 1 day is below the reference 90 days");
        assert_eq!(params(&thirty), ["retention 30 days is below the reference 90 days"]);
        assert_ne!(fingerprint("a.docx", &thirty), fingerprint("a.docx", &one), "same words, worse number");
        assert_ne!(fingerprint("a.docx", &thirty), fingerprint("c.docx", &thirty), "another contract");
        assert_eq!(fingerprint("a.docx", &thirty), fingerprint("a.docx", &thirty.clone()));
        assert!(params(&finding("qualified by 'commercially reasonable efforts'")).is_empty());
    }
}
