//! `mc2lint dump`: the document model as an outline or as JSON
//! (`mc2lint/dump@1`). Spans index the canonical text of the chosen view.

use serde::Serialize;

use crate::document::{Comment, Document, NumberKind, RevisionSpan};
use crate::docx::ParaKind;

#[derive(Serialize)]
struct DumpParagraph<'a> {
    index: usize,
    kind: ParaKind,
    number: Option<&'a str>,
    number_kind: Option<NumberKind>,
    level: Option<u8>,
    heading: Option<u8>,
    style: Option<&'a str>,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct Dump<'a> {
    schema: &'static str,
    path: &'a str,
    view: &'static str,
    paragraphs: Vec<DumpParagraph<'a>>,
    revisions: &'a [RevisionSpan],
    comments: &'a [Comment],
    warnings: &'a [String],
}

pub fn to_json(path: &str, doc: &Document) -> String {
    let paragraphs = doc
        .paragraphs
        .iter()
        .map(|p| DumpParagraph {
            index: p.index,
            kind: p.kind,
            number: p.number.as_deref(),
            number_kind: p.number_kind,
            level: p.level,
            heading: p.heading,
            style: p.style.as_deref(),
            start: p.start,
            end: p.end,
            text: doc.paragraph_text(p),
        })
        .collect();
    let dump = Dump {
        schema: "mc2lint/dump@1",
        path,
        view: doc.view.as_str(),
        paragraphs,
        revisions: &doc.revisions,
        comments: &doc.comments,
        warnings: &doc.warnings,
    };
    serde_json::to_string_pretty(&dump).expect("dump serialises")
}

/// A readable outline: numbers indented by level, tables and notes marked.
pub fn to_text(doc: &Document) -> String {
    let mut out = String::new();
    for p in &doc.paragraphs {
        let text = doc.paragraph_text(p);
        if text.trim().is_empty() && p.number.is_none() {
            continue;
        }
        let indent = "  ".repeat(p.level.unwrap_or(0) as usize);
        let tag = match (p.kind, p.cell) {
            (ParaKind::Body, _) => String::new(),
            (ParaKind::Table, Some(c)) => format!("[table {} r{}c{}] ", c.table, c.row, c.col),
            (kind, _) => format!("[{}] ", kind.as_str()),
        };
        // Typed numbers are already part of the text.
        let number = match (&p.number, p.number_kind) {
            (Some(n), Some(kind)) if kind != NumberKind::Typed => format!("{n} "),
            _ => String::new(),
        };
        let marker = if p.heading.is_some() { "# " } else { "" };
        out.push_str(&format!("{:>5}  {indent}{tag}{marker}{number}{}\n", p.index, text.replace('\n', " ⏎ ")));
    }
    for r in &doc.revisions {
        out.push_str(&format!("revision {} {:?} by {} in ¶{}: {:?}\n", r.id, r.kind, r.author, r.paragraph, r.text));
    }
    for c in &doc.comments {
        out.push_str(&format!(
            "comment {} by {} on ¶{}: {}\n",
            c.id,
            c.author,
            c.paragraph.map_or("-".into(), |p| p.to_string()),
            c.text
        ));
    }
    for w in &doc.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}
