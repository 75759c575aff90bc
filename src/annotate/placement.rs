//! Where a missing term's model clause goes, and how it is numbered: a new
//! paragraph at the end of the security section, formatted like the last
//! clause there (its paragraph properties, so automatic numbering continues
//! through its `w:numPr`; a typed number continued: "9.4" after "9.3"), or,
//! with no security section, a new "Cybersecurity" article before the
//! signature block.

use std::sync::OnceLock;

use regex::Regex;

use super::runs::Run;
use crate::document::{Document, NumberKind, Paragraph};
use crate::docx::{RawDocument, Status};

/// How new clauses are written.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Byte position in the main part where the new paragraphs go.
    pub at: usize,
    /// `w:pPr` content for the new clauses (without the `w:pPr` tags and without `w:rPr`).
    pub props: String,
    /// `w:rPr` of the new text, verbatim (or empty).
    pub run_props: String,
    /// The next typed number and what separates it from the text ("9.4", "\t").
    pub typed: Option<(String, String)>,
    /// A heading to write first, when the contract has no security section:
    /// (its pPr content, its rPr, its text).
    pub heading: Option<(String, String, String)>,
}

/// Finds the slot for new clauses (`own_article`: a new article even when
/// the contract has a security section).
pub fn slot(raw: &RawDocument, doc: &Document, xml: &str, own_article: bool) -> Option<Slot> {
    match doc.security_heading() {
        Some(h) if !own_article => in_section(raw, doc, xml, h),
        _ => new_article(raw, doc, xml),
    }
}

fn is_title(doc: &Document, p: &Paragraph) -> bool {
    let t = doc.paragraph_text(p).trim();
    p.heading.is_some() || (!t.is_empty() && t.split_whitespace().count() <= 10 && !t.ends_with(['.', ';', ',', ':']))
}

fn depth(number: &str) -> usize {
    number.split(['.', '(', ')']).filter(|s| !s.is_empty()).count()
}

/// The last clause of the section under heading `h`, and the section's last body paragraph.
fn section(doc: &Document, h: &Paragraph) -> (Option<usize>, usize) {
    let h_depth = h.number.as_deref().map(depth);
    let mut last = h.index;
    let mut sibling = None;
    for p in &doc.paragraphs[h.index + 1..] {
        if p.kind != crate::docx::ParaKind::Body && p.kind != crate::docx::ParaKind::Table {
            break;
        }
        let numbered = p.is_numbered();
        let next_article = match (h.heading, p.heading) {
            (Some(a), Some(b)) => b <= a,
            _ => false,
        } || (numbered && h_depth.is_some_and(|d| depth(p.number.as_deref().unwrap_or("")) <= d))
            || (h.number.is_none() && h.heading.is_none() && is_title(doc, p) && !numbered);
        if next_article {
            break;
        }
        if p.kind == crate::docx::ParaKind::Body {
            last = p.index;
            if numbered && !is_title(doc, p) {
                let shallower = sibling.is_some_and(|s: usize| {
                    depth(doc.paragraphs[s].number.as_deref().unwrap_or("")) >= depth(p.number.as_deref().unwrap_or(""))
                });
                if sibling.is_none() || shallower {
                    sibling = Some(p.index);
                }
            }
        }
    }
    (sibling, last)
}

fn in_section(raw: &RawDocument, doc: &Document, xml: &str, h: &Paragraph) -> Option<Slot> {
    let (sibling, last) = section(doc, h);
    let last_raw = *doc.paragraphs[last].sources.last()?;
    let at = raw.paragraphs.get(last_raw)?.xml_end as usize;
    let model = sibling.map(|s| &doc.paragraphs[s]).or_else(|| (last != h.index).then(|| &doc.paragraphs[last]));
    let (props, run_props) = model.map(|m| looks(raw, doc, xml, m)).unwrap_or_default();
    let typed = sibling.map(|s| &doc.paragraphs[s]).and_then(|s| next_typed(doc, s));
    Some(Slot { at, props, run_props, typed, heading: None })
}

/// A new article before the signature block (or at the end of the body).
fn new_article(raw: &RawDocument, doc: &Document, xml: &str) -> Option<Slot> {
    static SIGN: OnceLock<Regex> = OnceLock::new();
    let sign = SIGN.get_or_init(|| {
        Regex::new(r"(?i)^\s*(?:in\s+witness\s+whereof|signatures?\b|signed\b|executed\s+by|agreed\s+and\s+accepted)")
            .expect("valid")
    });
    let body: Vec<&Paragraph> = doc.paragraphs.iter().filter(|p| p.kind == crate::docx::ParaKind::Body).collect();
    let before = body.iter().position(|p| sign.is_match(doc.paragraph_text(p)));
    let at = match before {
        Some(i) => raw.paragraphs.get(*body[i].sources.first()?)?.xml_start as usize,
        None => raw.paragraphs.get(*body.last()?.sources.last()?)?.xml_end as usize,
    };
    let upto = before.unwrap_or(body.len());
    // The last article heading before that point, and a clause after it.
    let heading = body[..upto].iter().rposition(|p| is_title(doc, p) && (p.heading.is_some() || p.number.is_some()));
    let clause = heading.and_then(|h| body[h + 1..upto].iter().find(|p| !is_title(doc, p)));
    let (h_props, h_run) = heading.map(|h| looks(raw, doc, xml, body[h])).unwrap_or_default();
    let h_number = heading.and_then(|h| next_typed(doc, body[h]));
    let title = match &h_number {
        Some((n, sep)) => format!("{n}{sep}Cybersecurity"),
        None => "Cybersecurity".to_string(),
    };
    let (props, run_props) = clause.map(|c| looks(raw, doc, xml, c)).unwrap_or_default();
    let typed = match (
        &h_number,
        clause
            .and_then(|c| c.number.clone())
            .filter(|_| clause.is_some_and(|c| c.number_kind == Some(NumberKind::Typed))),
    ) {
        (Some((n, _)), Some(_)) => Some((format!("{}.1", n.trim_end_matches('.')), " ".to_string())),
        _ => None,
    };
    Some(Slot { at, props, run_props, typed, heading: Some((h_props, h_run, title)) })
}

/// A paragraph's properties (without its mark's run properties, section break
/// or property change) and the run properties of its first text.
fn looks(raw: &RawDocument, doc: &Document, xml: &str, p: &Paragraph) -> (String, String) {
    let Some(rp) = p.sources.first().and_then(|&i| raw.paragraphs.get(i)) else {
        return Default::default();
    };
    if rp.mark != Status::Normal {
        return Default::default();
    }
    let element = xml.get(rp.xml_start as usize..rp.content_at as usize).unwrap_or("");
    // `<w:p ...><w:pPr>...</w:pPr>`: the content of the `w:pPr`.
    let inner = element.find('>').map_or("", |open| element[open + 1..].trim_start());
    let name = inner.get(1..).and_then(|t| t.split([' ', '>', '/']).next()).unwrap_or("");
    let props = if inner.starts_with('<') && (name == "pPr" || name.ends_with(":pPr")) {
        let open_end = inner.find('>').unwrap_or(0);
        let close = inner.rfind("</").unwrap_or(0);
        if inner[..open_end].ends_with('/') || close <= open_end {
            String::new()
        } else {
            inner[open_end + 1..close].to_string()
        }
    } else {
        String::new()
    };
    let props = strip(&strip(&strip(&props, "sectPr"), "pPrChange"), "rPr");
    let run_props = p
        .pieces
        .first()
        .and_then(|piece| xml.get(piece.run.start as usize..piece.run.end as usize))
        .and_then(Run::parse)
        .map(|r| strip(&r.props, "rPrChange"))
        .unwrap_or_default();
    let _ = doc;
    (props, run_props)
}

/// `xml` without the (first) element of this local name, empty or not.
fn strip(xml: &str, local: &str) -> String {
    let re = Regex::new(&format!(r"<(?:\w+:)?{local}\b[^>]*/>|<((?:\w+:)?{local})\b[^>]*>[\s\S]*?</(?:\w+:)?{local}>"))
        .expect("valid");
    re.replace(xml, "").into_owned()
}

/// The typed number after paragraph `p`'s ("9.3" → "9.4", "(c)" → "(d)") and its separator.
fn next_typed(doc: &Document, p: &Paragraph) -> Option<(String, String)> {
    if p.number_kind != Some(NumberKind::Typed) {
        return None;
    }
    let n = p.number.as_deref()?;
    let text = doc.paragraph_text(p);
    let after = text.find(n).map(|i| &text[i + n.len()..])?;
    let sep: String = after.chars().take_while(|c| c.is_whitespace()).collect();
    let sep = if sep.is_empty() { " ".to_string() } else { sep };
    static LAST: OnceLock<Regex> = OnceLock::new();
    let last = LAST.get_or_init(|| Regex::new(r"(\d+|[a-z]|[A-Z])(\W*)$").expect("valid"));
    let c = last.captures(n)?;
    let m = c.get(1)?;
    let next = match m.as_str().parse::<u64>() {
        Ok(v) => (v + 1).to_string(),
        Err(_) => {
            let ch = m.as_str().chars().next()?;
            if ch == 'z' || ch == 'Z' {
                return None;
            }
            char::from_u32(ch as u32 + 1)?.to_string()
        }
    };
    Some((format!("{}{next}{}", &n[..m.start()], &n[m.end()..]), sep))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_elements() {
        assert_eq!(strip(r#"<w:pStyle w:val="A"/><w:rPr><w:b/></w:rPr>"#, "rPr"), r#"<w:pStyle w:val="A"/>"#);
        assert_eq!(strip(r#"<w:jc/><w:sectPr/>"#, "sectPr"), "<w:jc/>");
        assert_eq!(depth("9.3"), 2);
        assert_eq!(depth("(c)"), 1);
    }
}
