//! `mc2lint diff OLD NEW`: how every term of the pack changed between two
//! versions of a contract (the vendor's round 2 against round 1, or a commit
//! against its parent): verdicts, kinds and clause numbers before and after,
//! a word diff of the clause, and whether the term got weaker, stronger, or
//! stayed. JSON schema `mc2lint/diff@1`.

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use crate::baseline::params;
use crate::model::{DocumentReport, Finding, Kind, Verdict};

pub const DIFF_SCHEMA: &str = "mc2lint/diff@1";

/// A term in one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Side {
    pub verdict: Verdict,
    pub kinds: Vec<Kind>,
    pub clause: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Weaker,
    Stronger,
    Same,
    /// Changed, but neither clearly weaker nor stronger (weakened for another reason).
    Different,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Weaker => "weaker",
            Change::Stronger => "stronger",
            Change::Same => "same",
            Change::Different => "different",
        }
    }
}

/// A run of words kept, removed or added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    /// `equal`, `delete` or `insert`.
    pub op: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermDiff {
    pub term: String,
    pub before: Side,
    pub after: Side,
    pub change: Change,
    /// Word diff of the clause text, when it changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Words>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub schema: String,
    pub old: String,
    pub new: String,
    pub terms: Vec<TermDiff>,
}

impl Diff {
    pub fn any_weaker(&self) -> bool {
        self.terms.iter().any(|t| t.change == Change::Weaker)
    }
}

fn side(f: &Finding) -> Side {
    Side { verdict: f.verdict, kinds: f.kinds.clone(), clause: f.clause.clone() }
}

/// How a term changed. Verdicts rank conformant, deviating (another way, not
/// less), weakened (less), missing (nothing): a later one is weaker, an
/// earlier one stronger. With the same verdict, more kinds is weaker and fewer
/// stronger; other kinds, or the same kinds with other numbers, is different.
pub fn classify(before: &Finding, after: &Finding) -> Change {
    use Verdict::*;
    let rank = |v: Verdict| match v {
        Conformant => 0,
        Deviating => 1,
        Weakened => 2,
        Missing => 3,
    };
    let (a, b) = (rank(before.verdict), rank(after.verdict));
    if a != b {
        return if b > a { Change::Weaker } else { Change::Stronger };
    }
    let more = after.kinds.iter().all(|k| before.kinds.contains(k));
    let fewer = before.kinds.iter().all(|k| after.kinds.contains(k));
    match (more, fewer) {
        (true, true) if params(before) == params(after) => Change::Same,
        (true, true) => Change::Different,
        (false, true) => Change::Weaker,
        (true, false) => Change::Stronger,
        (false, false) => Change::Different,
    }
}

/// Word diff of two clause texts (`None` for a missing clause).
pub fn word_diff(old: Option<&str>, new: Option<&str>) -> Vec<Words> {
    let (old, new) = (old.unwrap_or(""), new.unwrap_or(""));
    if old == new {
        return Vec::new();
    }
    let mut out: Vec<Words> = Vec::new();
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Delete => "delete",
            ChangeTag::Insert => "insert",
        };
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => out.push(Words { op: op.into(), text: change.value().to_string() }),
        }
    }
    out
}

/// Compares two checked versions term by term (both checked with one pack).
pub fn diff(old: &DocumentReport, new: &DocumentReport) -> Diff {
    let terms = old
        .terms
        .iter()
        .filter_map(|b| {
            let a = new.terms.iter().find(|f| f.term == b.term)?;
            Some(TermDiff {
                term: b.term.clone(),
                before: side(b),
                after: side(a),
                change: classify(b, a),
                words: word_diff(b.text.as_deref(), a.text.as_deref()),
            })
        })
        .collect();
    Diff { schema: DIFF_SCHEMA.into(), old: old.path.clone(), new: new.path.clone(), terms }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    fn f(verdict: Verdict, kinds: &[Kind], note: &str) -> Finding {
        Finding {
            verdict,
            kinds: kinds.to_vec(),
            evidence: vec![Evidence::stated(None, 0, 0, note)],
            ..Finding::missing("C3", "")
        }
    }

    #[test]
    fn classifies_changes() {
        use Kind::*;
        use Verdict::*;
        let c = |a: Finding, b: Finding| classify(&a, &b);
        assert_eq!(c(f(Conformant, &[], ""), f(Weakened, &[Efforts], "")), Change::Weaker);
        assert_eq!(c(f(Weakened, &[Efforts], ""), f(Missing, &[], "")), Change::Weaker);
        assert_eq!(c(f(Missing, &[], ""), f(Deviating, &[], "")), Change::Stronger);
        assert_eq!(c(f(Weakened, &[Efforts], ""), f(Weakened, &[Efforts, Deadline], "")), Change::Weaker);
        assert_eq!(c(f(Weakened, &[Efforts, Deadline], ""), f(Weakened, &[Efforts], "")), Change::Stronger);
        assert_eq!(c(f(Weakened, &[Efforts], ""), f(Weakened, &[Deadline], "")), Change::Different);
        assert_eq!(c(f(Weakened, &[Deadline], "10 days"), f(Weakened, &[Deadline], "30 days")), Change::Different);
        assert_eq!(c(f(Weakened, &[Deadline], "10 days"), f(Weakened, &[Deadline], "10 days")), Change::Same);
        assert_eq!(c(f(Deviating, &[], ""), f(Weakened, &[Deadline], "")), Change::Weaker);
        assert_eq!(c(f(Weakened, &[Efforts], ""), f(Deviating, &[], "")), Change::Stronger);
    }

    #[test]
    fn word_diff_marks_the_changed_words() {
        let w = word_diff(Some("notify within ten days"), Some("notify within thirty days"));
        let ops: Vec<(&str, &str)> = w.iter().map(|w| (w.op.as_str(), w.text.as_str())).collect();
        assert_eq!(ops, [("equal", "notify within "), ("delete", "ten"), ("insert", "thirty"), ("equal", " days")]);
        assert!(word_diff(Some("same"), Some("same")).is_empty());
    }
}
