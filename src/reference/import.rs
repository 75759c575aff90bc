//! `mc2lint reference import`: turns a clause library (or the official MC²
//! document a user holds) into a pack. Clauses whose heading or Word comment
//! names a term ID map directly; other substantive clauses map to the nearest
//! built-in term by the matcher's own scoring and are listed for confirmation.
//! The new pack keeps the base pack's elements and parameters and takes the
//! imported wording as each term's model clause.

use std::sync::OnceLock;

use regex::Regex;

use super::{Pack, PackFile, PackMeta};
use crate::clauses::Clauses;
use crate::document::Document;
use crate::matcher::{candidates, element_hits, Indexed};
use crate::text::{Aliases, Tokenizer};

/// How a term got its imported wording.
#[derive(Debug, Clone, PartialEq)]
pub enum Mapping {
    /// A heading or comment named the term ID.
    Named { term: String, paragraph: usize },
    /// The nearest term by similarity; the user should confirm it.
    Similar { term: String, paragraph: usize, score: f64 },
}

impl Mapping {
    pub fn term(&self) -> &str {
        match self {
            Mapping::Named { term, .. } | Mapping::Similar { term, .. } => term,
        }
    }
}

/// The imported pack and how each term was mapped.
pub struct Imported {
    pub pack: PackFile,
    pub mappings: Vec<Mapping>,
    /// Imported wording per mapped term (same order as `mappings`).
    pub texts: Vec<String>,
}

fn id_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\b([ABC]\d{1,2})(?:-[a-z0-9-]+)?\b").expect("valid"))
}

/// The base term named in `text` ("C3", "C3-incident-notification"), if any.
fn named_term(base: &Pack, text: &str) -> Option<String> {
    id_pattern().captures_iter(text).find_map(|c| {
        let short = c.get(1)?.as_str();
        base.terms.iter().find(|t| t.spec.id.split('-').next() == Some(short)).map(|t| t.spec.id.clone())
    })
}

/// Text of a clause: the paragraph and, for a heading, the body paragraphs under
/// it (up to the next heading or the next paragraph in `stops`).
fn clause_text(doc: &Document, clauses: &Clauses, p: usize, stops: &[usize]) -> String {
    let mut parts = Vec::new();
    let heading = clauses.info[p].is_heading;
    if !heading {
        parts.push(doc.paragraph_text(&doc.paragraphs[p]).trim().to_string());
    }
    let mut q = p + 1;
    while heading && q < doc.paragraphs.len() && !clauses.info[q].is_heading && !stops.contains(&q) && parts.len() < 8 {
        let t = doc.paragraph_text(&doc.paragraphs[q]).trim();
        if !t.is_empty() && doc.paragraphs[q].kind.is_contract_text() {
            parts.push(t.to_string());
        }
        q += 1;
    }
    parts.join(" ")
}

/// Maps the document's clauses to the base pack's terms and builds the new pack.
pub fn import_docx(doc: &Document, base: &Pack, id: &str, name: &str) -> Imported {
    let clauses = Clauses::build(doc);
    let mut mappings: Vec<Mapping> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    // 1. Headings and comments that name a term.
    let mut named: Vec<(usize, String)> = Vec::new();
    for p in doc.paragraphs.iter().filter(|p| p.kind.is_contract_text()) {
        let comment_names =
            doc.comments.iter().filter(|c| c.paragraph == Some(p.index)).find_map(|c| named_term(base, &c.text));
        let heading_names = clauses.info[p.index].is_heading.then(|| named_term(base, doc.paragraph_text(p))).flatten();
        if let Some(term) = heading_names.or(comment_names) {
            if named.iter().all(|(_, t)| *t != term) {
                named.push((p.index, term));
            }
        }
    }
    let stops: Vec<usize> = named.iter().map(|(p, _)| *p).collect();
    for (p, term) in named {
        let text = clause_text(doc, &clauses, p, &stops);
        if !text.is_empty() {
            mappings.push(Mapping::Named { term, paragraph: p });
            texts.push(text);
        }
    }
    // 2. The nearest term for the rest, by the matcher's scoring.
    let tok = Tokenizer::with_aliases(Aliases::new(
        &["Supplier".into(), "Manufacturer".into(), "Vendor".into(), "MDM".into()],
        &["Customer".into(), "HDO".into(), "Hospital".into()],
    ));
    let ix = Indexed::new(doc, &tok, base);
    for term in &base.terms {
        if mappings.iter().any(|m| m.term() == term.spec.id) {
            continue;
        }
        let hits = element_hits(&ix, term);
        let best = candidates(&ix, &clauses, term, &hits).into_iter().find(|m| m.score >= 0.5);
        if let Some(m) = best {
            let text = clause_text(doc, &clauses, m.unit.first, &[]);
            if text.split_whitespace().count() >= 8 {
                mappings.push(Mapping::Similar { term: term.spec.id.clone(), paragraph: m.unit.first, score: m.score });
                texts.push(text);
            }
        }
    }
    let mut file = PackFile {
        weakening: Default::default(),
        pack: PackMeta { id: id.to_string(), name: name.to_string(), version: base.version, distractors: Vec::new() },
        terms: base.terms.iter().map(|t| t.spec.clone()).collect(),
    };
    file.pack.distractors = base.distractors.texts().map(String::from).collect();
    for (m, text) in mappings.iter().zip(&texts) {
        if let Some(t) = file.terms.iter_mut().find(|t| t.id == m.term()) {
            t.model = text.clone();
        }
    }
    Imported { pack: file, mappings, texts }
}

/// The pack as TOML, with a header that lists each mapping for review.
pub fn to_toml(imported: &Imported, source: &str) -> String {
    let mut out = format!("# Imported by `mc2lint reference import` from {source}.\n# Model clauses below come from that document; elements and parameters from the base pack.\n");
    for (m, text) in imported.mappings.iter().zip(&imported.texts) {
        let preview: String = text.chars().take(70).collect();
        match m {
            Mapping::Named { term, paragraph } => {
                out += &format!("#   {term}: named in the document (paragraph {paragraph}): {preview}…\n")
            }
            Mapping::Similar { term, paragraph, score } => {
                out += &format!(
                    "#   {term}: CONFIRM, nearest by similarity {score:.2} (paragraph {paragraph}): {preview}…\n"
                )
            }
        }
    }
    out.push('\n');
    out + &toml::to_string_pretty(&imported.pack).expect("pack serialises")
}
