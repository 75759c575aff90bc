//! Baselines for legacy repositories: `mc2lint baseline create` records
//! today's findings by fingerprint; `check --baseline FILE` then reports only
//! findings whose fingerprint is not recorded.
//!
//! A fingerprint is a hash of the term ID, the verdict and the *normalised*
//! clause text. It leaves out the clause number, the paragraph index and byte
//! offsets, so it survives edits elsewhere in the document and renumbering;
//! it changes when the clause's own words change (a new or changed finding).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{DocumentReport, Finding, Verdict};

pub const BASELINE_SCHEMA: &str = "mc2lint/baseline@1";

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

/// Term ID + verdict + normalised clause text: the baseline key.
pub fn fingerprint(f: &Finding) -> String {
    sha_hex(&format!("{}\n{}\n{}", f.term, f.verdict.as_str(), normalise_clause(f.text.as_deref().unwrap_or(""))))
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub term: String,
    pub verdict: Verdict,
    pub fingerprint: String,
}

/// The `.mc2lint-baseline.json` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub schema: String,
    pub findings: Vec<Entry>,
}

/// Paths as recorded: forward slashes, no leading `./`.
pub fn normalise_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    p.strip_prefix("./").unwrap_or(&p).to_string()
}

impl Baseline {
    /// Records every issue (not conformant, not switched off) in `reports`.
    /// Suppressed findings are recorded too, so removing a suppression later
    /// does not surface them as new.
    pub fn from_reports(reports: &[DocumentReport]) -> Baseline {
        let mut findings = Vec::new();
        for r in reports.iter().filter(|r| !r.is_error()) {
            for f in r.terms.iter().filter(|f| f.verdict != Verdict::Conformant) {
                findings.push(Entry {
                    path: normalise_path(&r.path),
                    term: f.term.clone(),
                    verdict: f.verdict,
                    fingerprint: fingerprint(f),
                });
            }
        }
        Baseline { schema: BASELINE_SCHEMA.into(), findings }
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read baseline ({e})", path.display()))?;
        let b: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("{}: not a baseline file ({e})", path.display()))?;
        if b.schema != BASELINE_SCHEMA {
            return Err(format!(
                "{}: unknown baseline schema '{}' (expected {BASELINE_SCHEMA})",
                path.display(),
                b.schema
            ));
        }
        Ok(b)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("baseline serialises") + "\n"
    }

    /// Removes from each report the non-conformant findings the baseline
    /// already records. A document the baseline names is matched by path and
    /// fingerprint; one it does not name (moved or renamed) by fingerprint alone.
    /// Returns how many findings were left out.
    pub fn filter(&self, reports: &mut [DocumentReport]) -> usize {
        let mut by_path: HashMap<&str, HashSet<&str>> = HashMap::new();
        for e in &self.findings {
            by_path.entry(e.path.as_str()).or_default().insert(e.fingerprint.as_str());
        }
        let all: HashSet<&str> = self.findings.iter().map(|e| e.fingerprint.as_str()).collect();
        let mut removed = 0;
        for r in reports.iter_mut() {
            let path = normalise_path(&r.path);
            let known = by_path.get(path.as_str()).unwrap_or(&all);
            let before = r.terms.len();
            r.terms.retain(|f| f.verdict == Verdict::Conformant || !known.contains(fingerprint(f).as_str()));
            removed += before - r.terms.len();
        }
        removed
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
}
