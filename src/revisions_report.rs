//! "What the vendor changed": every pending tracked change of a contract, by
//! author and date, with the terms it weakens or strengthens (`mc2lint check
//! --revisions`).
//!
//! The contract is checked twice, as if every pending change were rejected
//! (the text before this round) and accepted (the text after it); each term
//! whose verdict or kinds differ is compared with `diff::classify` and put on
//! the revisions whose text lies in its clause in either view. A reviewer can
//! then answer "what did they weaken in this round?" without reading every
//! change. JSON: `mc2lint/revisions@1`.

use std::path::Path;

use serde::Serialize;

use crate::check::Checker;
use crate::diff::{classify, Change};
use crate::document::{Document, RevisionSpan, View};
use crate::docx::{self, RevisionKind};
use crate::error::ReadError;
use crate::model::{Finding, Kind, Verdict};

pub const SCHEMA: &str = "mc2lint/revisions@1";

/// How one pending change moves one term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermEffect {
    pub term: String,
    /// `weaker`, `stronger` or `different`.
    pub change: Change,
    pub before: Verdict,
    pub after: Verdict,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds_before: Vec<Kind>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds_after: Vec<Kind>,
}

/// One pending revision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub id: String,
    pub kind: RevisionKind,
    pub author: String,
    pub date: Option<String>,
    /// The clause number of the paragraph it is in (or the nearest before it).
    pub clause: Option<String>,
    /// The inserted or deleted text.
    pub text: String,
    pub terms: Vec<TermEffect>,
}

/// One author's changes in short.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Author {
    pub author: String,
    pub revisions: usize,
    pub weakens: Vec<String>,
    pub strengthens: Vec<String>,
}

/// The pending revisions of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRevisions {
    pub path: String,
    pub authors: Vec<Author>,
    pub revisions: Vec<Revision>,
    /// Terms that changed between the views without a revision in their clause.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<TermEffect>,
}

impl DocumentRevisions {
    /// Whether any pending change makes a term weaker.
    pub fn weakens_any(&self) -> bool {
        self.revisions.iter().flat_map(|r| &r.terms).chain(&self.unplaced).any(|t| t.change == Change::Weaker)
    }
}

/// Reads and compares the two views of `bytes`.
pub fn analyse(checker: &Checker, path: &Path, bytes: &[u8]) -> Result<DocumentRevisions, ReadError> {
    let raw = docx::read_bytes(path, bytes, checker.options.limits)?;
    let view = |v: View| {
        let mut c = checker.clone();
        c.options.view = v;
        c.analyse_read(path, &raw)
    };
    let (before, after) = (view(View::Original), view(View::Accepted));
    let mut revisions: Vec<Revision> = after
        .doc
        .revisions
        .iter()
        .map(|r| Revision {
            id: r.id.clone(),
            kind: r.kind,
            author: r.author.clone(),
            date: r.date.clone(),
            clause: clause_of(&after.doc, r.paragraph),
            text: r.text.clone(),
            terms: Vec::new(),
        })
        .collect();
    let mut unplaced = Vec::new();
    for old in &before.findings {
        let Some(new) = after.findings.iter().find(|f| f.term == old.term) else { continue };
        let change = classify(old, new);
        if change == Change::Same {
            continue;
        }
        let effect = TermEffect {
            term: old.term.clone(),
            change,
            before: old.verdict,
            after: new.verdict,
            kinds_before: old.kinds.clone(),
            kinds_after: new.kinds.clone(),
        };
        let mut placed = false;
        for (i, r) in after.doc.revisions.iter().enumerate() {
            let in_original = before.doc.revisions.iter().find(|o| o.raw == r.raw);
            if touches(r, new) || in_original.is_some_and(|o| touches(o, old)) {
                revisions[i].terms.push(effect.clone());
                placed = true;
            }
        }
        if !placed {
            unplaced.push(effect);
        }
    }
    Ok(DocumentRevisions { path: path.display().to_string(), authors: authors(&revisions), revisions, unplaced })
}

/// Whether a revision's text lies in (or at the edge of) a finding's clause.
fn touches(r: &RevisionSpan, f: &Finding) -> bool {
    f.span.is_some_and(|s| r.start <= s.end && r.end >= s.start)
}

fn clause_of(doc: &Document, paragraph: usize) -> Option<String> {
    doc.paragraphs.get(..=paragraph)?.iter().rev().find_map(|p| p.number.clone())
}

fn authors(revisions: &[Revision]) -> Vec<Author> {
    let mut out: Vec<Author> = Vec::new();
    for r in revisions {
        let at = match out.iter().position(|a| a.author == r.author) {
            Some(i) => i,
            None => {
                out.push(Author {
                    author: r.author.clone(),
                    revisions: 0,
                    weakens: Vec::new(),
                    strengthens: Vec::new(),
                });
                out.len() - 1
            }
        };
        let a = &mut out[at];
        a.revisions += 1;
        for t in &r.terms {
            let list = match t.change {
                Change::Weaker => &mut a.weakens,
                Change::Stronger => &mut a.strengthens,
                _ => continue,
            };
            if !list.contains(&t.term) {
                list.push(t.term.clone());
            }
        }
    }
    out
}

fn kinds(k: &[Kind]) -> String {
    if k.is_empty() {
        String::new()
    } else {
        format!(": {}", k.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
    }
}

fn effect_line(t: &TermEffect) -> String {
    let verb = match t.change {
        Change::Weaker => "weakens",
        Change::Stronger => "strengthens",
        _ => "changes",
    };
    format!(
        "{verb} {} ({}{} -> {}{})",
        t.term,
        t.before.as_str(),
        kinds(&t.kinds_before),
        t.after.as_str(),
        kinds(&t.kinds_after)
    )
}

/// Text for a terminal: authors first, then each revision with its terms.
pub fn render_text(d: &DocumentRevisions) -> String {
    let mut s = format!("{}: {} pending revisions by {} authors\n", d.path, d.revisions.len(), d.authors.len());
    for a in &d.authors {
        let list = |l: &[String]| if l.is_empty() { "nothing".to_string() } else { l.join(", ") };
        s += &format!(
            "  {} ({} revisions): weakens {}; strengthens {}\n",
            a.author,
            a.revisions,
            list(&a.weakens),
            list(&a.strengthens)
        );
    }
    for r in &d.revisions {
        let text: String = r.text.chars().take(80).collect();
        let more = if r.text.chars().count() > 80 { "…" } else { "" };
        let kind = serde_json::to_value(r.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        s += &format!(
            "  {} {} by {}{} in {}: \"{}{more}\"\n",
            kind,
            r.id,
            r.author,
            r.date.as_deref().map(|d| format!(", {d}")).unwrap_or_default(),
            r.clause.as_deref().unwrap_or("the document"),
            text.replace('\n', " ")
        );
        for t in &r.terms {
            s += &format!("      {}\n", effect_line(t));
        }
    }
    for t in &d.unplaced {
        s += &format!("  (no revision in its clause) {}\n", effect_line(t));
    }
    s
}

/// The JSON document for several inputs.
pub fn to_json(documents: &[DocumentRevisions]) -> serde_json::Value {
    serde_json::json!({ "schema": SCHEMA, "documents": documents })
}
