//! Writes findings back into a copy of the DOCX as Word comments (author
//! "mc2lint"), anchored on the matched clause's paragraphs.
//!
//! Every zip entry is copied byte-identical (compressed data and all) except
//! the main document part (comment ranges and references inserted at the
//! paragraph positions the reader recorded), the comments part (created, or
//! extended keeping existing comments; new ids above the highest in use) and,
//! only when the comments part is new, `[Content_Types].xml` and the main
//! part's relationships. Missing terms anchor on the first security heading
//! ("Cybersecurity", "Security Requirements"), else on the first body paragraph.

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use regex::Regex;

use crate::check::Checker;
use crate::docx::package::{decode_xml, normal_name};
use crate::docx::{self, ParaKind, Piece, RawDocument};
use crate::model::Finding;
use crate::reference::Pack;
use crate::report::escape_markup;

pub const AUTHOR: &str = "mc2lint";
const COMMENTS_CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const REL_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const REL_STRICT: &str = "http://purl.oclc.org/ooxml/officeDocument/relationships/comments";

/// What `annotate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub comments: usize,
    pub findings: usize,
}

/// The comment body for a finding: "[verdict] TERM: message" and the reference wording.
pub fn comment_body(f: &Finding, pack: &Pack) -> Vec<String> {
    let kinds = if f.kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
    };
    let mut lines = vec![format!("[{}] {}: {}{kinds}", f.verdict.as_str(), f.term, f.message)];
    if let Some(t) = pack.term(&f.term) {
        lines.push(format!("Reference: {}", t.spec.model));
    }
    lines
}

/// The namespace prefix of a `w:p` start tag (`w` in `<w:p ...>`; empty for a default namespace).
fn prefix_at(xml: &str, at: usize) -> String {
    let tag = xml.get(at..).unwrap_or_default();
    let name_end = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(0);
    let name = tag.get(1..name_end).unwrap_or("p");
    name.rsplit_once(':').map(|(p, _)| p.to_string()).unwrap_or_default()
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

/// The namespace URI bound to `prefix` somewhere in `xml` (the root usually).
fn namespace_of(xml: &str, prefix: &str) -> Option<String> {
    let attr = if prefix.is_empty() { "xmlns=\"".to_string() } else { format!("xmlns:{prefix}=\"") };
    let at = xml.find(&attr)? + attr.len();
    Some(xml[at..].split('"').next()?.to_string())
}

fn id_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"<(?:[A-Za-z_][\w.-]*:)?(?:comment|commentRangeStart|commentReference)\b[^>]*?\b(?:[A-Za-z_][\w.-]*:)?id="(-?\d+)""#)
            .expect("valid")
    })
}

fn max_id(xml: &str) -> i64 {
    id_re().captures_iter(xml).filter_map(|c| c[1].parse::<i64>().ok()).max().unwrap_or(-1)
}

/// Raw paragraph indices (main part, body or table) a finding's comment spans.
/// The raw paragraph of the first heading about security, where a missing term would be added.
fn security_heading(doc: &crate::document::Document) -> Option<usize> {
    doc.security_heading().and_then(|p| p.sources.first().copied())
}

fn anchor(raw: &RawDocument, doc: &crate::document::Document, f: &Finding, fallback: usize) -> (usize, usize) {
    let usable = |i: usize| raw.paragraphs.get(i).is_some_and(|p| p.part == 0 && usable_kind(p.kind));
    let span = f.span.and_then(|s| {
        let first = doc.paragraph_at(s.start)?;
        let last = doc.paragraph_at(s.end.saturating_sub(1).max(s.start)).unwrap_or(first);
        let a = *first.sources.iter().find(|i| usable(**i))?;
        let b = last.sources.iter().rev().copied().find(|i| usable(*i)).unwrap_or(a);
        Some((a, b.max(a)))
    });
    let by_paragraph = || {
        let p = doc.paragraphs.get(f.paragraph?)?;
        let a = *p.sources.iter().find(|i| usable(**i))?;
        Some((a, p.sources.iter().rev().copied().find(|i| usable(*i)).unwrap_or(a)))
    };
    span.or_else(by_paragraph).unwrap_or((fallback, fallback))
}

fn usable_kind(k: ParaKind) -> bool {
    matches!(k, ParaKind::Body | ParaKind::Table)
}

fn has_text(p: &docx::RawParagraph) -> bool {
    p.pieces.iter().any(|piece| matches!(piece, Piece::Text { start, end, .. } if end > start))
}

/// Inserts into `xml` (sorted by position, stable). Positions come from the
/// reader; one that is not a character boundary inside `xml` means the reader
/// and this writer disagree about the part, and nothing is written.
fn apply_inserts(xml: &str, mut inserts: Vec<(usize, String)>) -> Result<String, String> {
    inserts.sort_by_key(|(at, _)| *at);
    if let Some((at, _)) = inserts.iter().find(|(at, _)| !xml.is_char_boundary(*at)) {
        return Err(format!("cannot place a comment at byte {at} of the main part"));
    }
    let mut out = String::with_capacity(xml.len() + inserts.iter().map(|(_, s)| s.len()).sum::<usize>());
    let mut last = 0;
    for (at, s) in inserts {
        out.push_str(&xml[last..at]);
        out.push_str(&s);
        last = at;
    }
    out.push_str(&xml[last..]);
    Ok(out)
}

/// Where content may be inserted at the start of a paragraph (after `w:pPr`,
/// or after the start tag), and where its end tag begins. `None` for `<w:p/>`.
fn paragraph_slots(xml: &str, p: &docx::RawParagraph) -> Option<(usize, usize)> {
    let (start, end) = (p.xml_start as usize, p.xml_end as usize);
    let element = xml.get(start..end)?;
    if element.ends_with("/>") && !element.contains("</") {
        return None;
    }
    let open_end = start + element.find('>')? + 1;
    let content = (p.content_at as usize).max(open_end);
    let close = start + element.rfind("</")?;
    (content <= close).then_some((content, close))
}

/// Writes the annotated copy of `input` to `output`.
/// The analysis and the copy run within `budget` (`--max-seconds`, see `cli::budget`).
pub fn annotate(
    checker: &Arc<Checker>,
    input: &Path,
    output: &Path,
    budget: Option<Duration>,
) -> Result<Summary, String> {
    // Device and inode, so a hard link to the input is caught too.
    if crate::output::same_file(input, output) {
        return Err(format!("{}: refusing to write over the input; choose another -o path", output.display()));
    }
    // `path: cause [code]`: the same line and stable code as `check`.
    let bytes = docx::read_input(input, checker.options.limits.max_file).map_err(|e| e.to_string())?;
    let (worker, owned) = (Arc::clone(checker), input.to_path_buf());
    let (data, summary) = crate::cli::run_within(budget, move || annotate_bytes(&worker, &owned, &bytes))
        .map_err(|(code, cause)| format!("{}: {cause} [{code}]", input.display()))??;
    crate::output::write_file(output, |w| w.write_all(&data))?;
    Ok(summary)
}

/// The annotated copy of the DOCX `bytes` (`input` names it in messages),
/// checked with `verify` before it is returned.
pub fn annotate_bytes(checker: &Checker, input: &Path, bytes: &[u8]) -> Result<(Vec<u8>, Summary), String> {
    let raw = docx::read_bytes(input, bytes, checker.options.limits).map_err(|e| e.to_string())?;
    let analysis = checker.analyse_read(input, &raw);
    let findings: Vec<&Finding> = analysis.findings.iter().filter(|f| f.is_issue()).collect();

    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("{}: {e}", input.display()))?;
    let entry_names: Vec<String> = (0..zip.len()).filter_map(|i| zip.name_for_index(i).map(str::to_string)).collect();
    // Part names compared as the reader compares them (case, slash, %-escapes).
    let normal: Vec<String> = entry_names.iter().map(|n| normal_name(n)).collect();
    let find_entry = |name: &str| {
        let wanted = normal_name(name);
        normal.iter().position(|n| *n == wanted)
    };
    let read_part = |zip: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize| -> Result<String, String> {
        let mut buf = Vec::new();
        zip.by_index(index)
            .and_then(|mut e| e.read_to_end(&mut buf).map_err(Into::into))
            .map_err(|e| format!("{}: {e}", input.display()))?;
        decode_xml(&buf).ok_or_else(|| format!("{}: part {} is not text", input.display(), entry_names[index]))
    };

    let main = raw.main_part.clone();
    let main_index = find_entry(&main).ok_or_else(|| format!("{}: {main} is missing", input.display()))?;
    let main_xml = read_part(&mut zip, main_index)?;
    let main_dir = main.rfind('/').map_or("", |i| &main[..=i]).to_string();
    let main_file = main.rsplit('/').next().unwrap_or(&main).to_string();

    // The existing comments part, if the main part has one.
    let rels_name = format!("{main_dir}_rels/{main_file}.rels");
    let rels_index = find_entry(&rels_name);
    let rels_xml = rels_index.map(|i| read_part(&mut zip, i)).transpose()?;
    let comments_target = rels_xml.as_deref().and_then(existing_comments_target);
    let comments_name = comments_target
        .as_deref()
        .map(|t| if let Some(abs) = t.strip_prefix('/') { abs.to_string() } else { format!("{main_dir}{t}") })
        .filter(|n| find_entry(n).is_some());
    let comments_index = comments_name.as_deref().and_then(find_entry);
    let comments_xml = comments_index.map(|i| read_part(&mut zip, i)).transpose()?;

    let first_para = raw.paragraphs.iter().position(|p| p.part == 0 && usable_kind(p.kind) && has_text(p));
    let Some(fallback) = first_para.or_else(|| raw.paragraphs.iter().position(|p| p.part == 0)) else {
        return Err(format!("{}: the document has no paragraph to anchor comments on", input.display()));
    };
    let prefix = prefix_at(&main_xml, raw.paragraphs[fallback].xml_start as usize);
    let w = |local: &str| qualified(&prefix, local);
    let strict = namespace_of(&main_xml, &prefix).as_deref() == Some(W_STRICT);

    let mut next_id = max_id(&main_xml).max(comments_xml.as_deref().map_or(-1, max_id)) + 1;
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut bodies: Vec<(i64, Vec<String>)> = Vec::new();
    // Missing terms belong in the security section, when the contract has one.
    let home = security_heading(&analysis.doc).filter(|&i| i < raw.paragraphs.len()).unwrap_or(fallback);
    for f in &findings {
        let (a, b) = anchor(&raw, &analysis.doc, f, if f.span.is_none() { home } else { fallback });
        let slots = (paragraph_slots(&main_xml, &raw.paragraphs[a]), paragraph_slots(&main_xml, &raw.paragraphs[b]));
        let ((start_at, _), (_, end_at)) = match slots {
            (Some(s), Some(e)) => (s, e),
            _ => match paragraph_slots(&main_xml, &raw.paragraphs[fallback]) {
                Some(s) => (s, s),
                None => continue,
            },
        };
        let id = next_id;
        next_id += 1;
        inserts.push((start_at, format!("<{} {}=\"{id}\"/>", w("commentRangeStart"), w("id"))));
        inserts.push((
            end_at,
            format!(
                "<{0} {1}=\"{id}\"/><{2}><{3} {1}=\"{id}\"/></{2}>",
                w("commentRangeEnd"),
                w("id"),
                w("r"),
                w("commentReference")
            ),
        ));
        bodies.push((id, comment_body(f, &checker.pack)));
    }
    let written = bodies.len();
    let render =
        |w: &dyn Fn(&str) -> String| -> String { bodies.iter().map(|(id, b)| comment_xml(w, *id, b)).collect() };
    let new_main = apply_inserts(&main_xml, inserts).map_err(|e| format!("{}: {e}", input.display()))?;

    // The comments part: extend the existing one or create one.
    let (comments_part, new_comments) = match (&comments_name, &comments_xml) {
        (Some(name), Some(xml)) => {
            let cp = root_prefix(xml);
            let cw = |local: &str| qualified(&cp, local);
            // Rendered with the comments part's own prefix.
            let extra = render(&cw);
            let close = format!("</{}>", cw("comments"));
            let updated = match xml.rfind(&close) {
                Some(at) => format!("{}{extra}{}", &xml[..at], &xml[at..]),
                None => {
                    // `<w:comments/>`: open it.
                    let empty = xml.rfind("/>").ok_or_else(|| format!("{name}: unexpected comments part"))?;
                    format!("{}>{extra}{close}{}", &xml[..empty], &xml[empty + 2..])
                }
            };
            (name.clone(), updated)
        }
        _ => {
            let ns = if strict { W_STRICT } else { W_TRANSITIONAL };
            let comments = render(&w);
            let decl = if prefix.is_empty() { format!("xmlns=\"{ns}\"") } else { format!("xmlns:{prefix}=\"{ns}\"") };
            let xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<{0} {decl}>{comments}</{0}>",
                w("comments")
            );
            (unique_part_name(&format!("{main_dir}comments.xml"), &entry_names), xml)
        }
    };
    let comments_is_new = comments_xml.is_none();

    // Package plumbing for a new comments part.
    let mut replaced: Vec<(usize, String)> = vec![(main_index, new_main)];
    let mut added: Vec<(String, String)> = Vec::new();
    if let (false, Some(i)) = (comments_is_new, comments_index) {
        replaced.push((i, new_comments));
    } else {
        added.push((comments_part.clone(), new_comments));
        let ct_index = find_entry("[Content_Types].xml")
            .ok_or_else(|| format!("{}: [Content_Types].xml is missing", input.display()))?;
        let ct = read_part(&mut zip, ct_index)?;
        let override_el =
            format!("<Override PartName=\"/{}\" ContentType=\"{COMMENTS_CT}\"/>", escape_markup(&comments_part));
        let at = ct.rfind("</").ok_or("[Content_Types].xml: no closing tag")?;
        replaced.push((ct_index, format!("{}{override_el}{}", &ct[..at], &ct[at..])));
        let target = comments_part.strip_prefix(&main_dir).unwrap_or(&comments_part).to_string();
        let rel_type = if strict { REL_STRICT } else { REL_TRANSITIONAL };
        let rel_id = unique_rel_id(rels_xml.as_deref().unwrap_or(""));
        let rel = format!("<Relationship Id=\"{rel_id}\" Type=\"{rel_type}\" Target=\"{}\"/>", escape_markup(&target));
        match (rels_index, &rels_xml) {
            (Some(i), Some(xml)) => {
                let at = xml.rfind("</").ok_or("relationships part: no closing tag")?;
                replaced.push((i, format!("{}{rel}{}", &xml[..at], &xml[at..])));
            }
            _ => added.push((
                rels_name.clone(),
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rel}</Relationships>"),
            )),
        }
    }

    // Write the package: untouched entries raw-copied, changed ones deflated anew.
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let zip_err = |e: zip::result::ZipError| format!("{}: {e}", input.display());
    for (i, name) in entry_names.iter().enumerate() {
        if let Some((_, text)) = replaced.iter().find(|(r, _)| *r == i) {
            out.start_file(name.as_str(), options).map_err(zip_err)?;
            out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        } else {
            let entry = zip.by_index_raw(i).map_err(zip_err)?;
            out.raw_copy_file(entry).map_err(zip_err)?;
        }
    }
    for (name, text) in &added {
        out.start_file(name.as_str(), options).map_err(zip_err)?;
        out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    let data = out.finish().map_err(zip_err)?.into_inner();
    verify(&data, input, &raw, checker.options.limits)?;
    Ok((data, Summary { comments: written, findings: findings.len() }))
}

/// Reopens the annotated copy with our own reader before it is written: every
/// part must be well-formed, and the contract's text (the main part's
/// paragraphs, both revision views) exactly the input's.
fn verify(data: &[u8], input: &Path, before: &RawDocument, limits: docx::Limits) -> Result<(), String> {
    let refuse =
        |why: String| format!("{}: {why}; nothing was written (please report this with the file)", input.display());
    let after = docx::read_bytes(input, data, limits)
        .map_err(|e| refuse(format!("the annotated copy would not be a readable document ({})", e.cause)))?;
    if main_text(before) != main_text(&after) {
        return Err(refuse("the annotated copy would change the contract's text".into()));
    }
    Ok(())
}

/// Each main-part paragraph's text pieces with their revision status.
fn main_text(raw: &RawDocument) -> Vec<Vec<(&str, docx::Status)>> {
    let text = |p: &docx::RawParagraph| {
        p.pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Text { start, end, status, .. } => Some((&raw.text[*start as usize..*end as usize], *status)),
                _ => None,
            })
            .collect()
    };
    raw.paragraphs.iter().filter(|p| p.part == 0).map(text).collect()
}

fn comment_xml(w: &dyn Fn(&str) -> String, id: i64, lines: &[String]) -> String {
    let mut s =
        format!("<{} {}=\"{id}\" {}=\"{AUTHOR}\" {}=\"MC2\">", w("comment"), w("id"), w("author"), w("initials"));
    for (n, line) in lines.iter().enumerate() {
        s += &format!("<{}>", w("p"));
        if n == 0 {
            s += &format!("<{0}><{1}/></{0}>", w("r"), w("annotationRef"));
        }
        s += &format!("<{0}><{1} xml:space=\"preserve\">{2}</{1}></{0}>", w("r"), w("t"), escape_markup(line));
        s += &format!("</{}>", w("p"));
    }
    s + &format!("</{}>", w("comment"))
}

/// The prefix of the root element of a part.
fn root_prefix(xml: &str) -> String {
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        let tail = &rest[at..];
        if !tail.starts_with("<?") && !tail.starts_with("<!") {
            return prefix_at(tail, 0);
        }
        rest = &tail[1..];
    }
    "w".into()
}

fn existing_comments_target(rels: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r#"<(?:\w+:)?Relationship\b[^>]*>"#).expect("valid"));
    re.find_iter(rels).map(|m| m.as_str()).find_map(|el| {
        let ty = attr(el, "Type")?;
        (ty.rsplit('/').next() == Some("comments") && attr(el, "TargetMode").is_none()).then(|| attr(el, "Target"))?
    })
}

fn attr(el: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = el.find(&key)? + key.len();
    Some(el[at..].split('"').next()?.replace("&amp;", "&"))
}

fn unique_part_name(wanted: &str, names: &[String]) -> String {
    let taken: HashSet<String> = names.iter().map(|n| n.trim_start_matches('/').to_ascii_lowercase()).collect();
    if !taken.contains(&wanted.to_ascii_lowercase()) {
        return wanted.to_string();
    }
    let stem = wanted.trim_end_matches(".xml");
    (1..).map(|n| format!("{stem}{n}.xml")).find(|n| !taken.contains(&n.to_ascii_lowercase())).expect("unbounded")
}

fn unique_rel_id(rels: &str) -> String {
    (1..).map(|n| format!("rIdMc2lint{n}")).find(|id| !rels.contains(&format!("\"{id}\""))).expect("unbounded")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_ids() {
        assert_eq!(prefix_at("<w:p w:rsidR=\"1\">", 0), "w");
        assert_eq!(prefix_at("<p>", 0), "");
        assert_eq!(max_id("<w:comment w:id=\"3\" w:author=\"x\"><w:commentRangeStart w:id=\"7\"/>"), 7);
        assert_eq!(root_prefix("<?xml version=\"1.0\"?>\n<w:comments xmlns:w=\"x\"/>"), "w");
        assert_eq!(apply_inserts("abcd", vec![(2, "X".into()), (0, "Y".into()), (2, "Z".into())]).unwrap(), "YabXZcd");
        assert!(apply_inserts("é", vec![(1, "X".into())]).is_err());
        assert_eq!(prefix_at("é", 1), "");
    }
}
