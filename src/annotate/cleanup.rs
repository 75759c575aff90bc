//! Takes mc2lint's own earlier annotations out of a document before it is
//! annotated again: comments by "mc2lint" (with their ranges and reference
//! marks), tracked insertions by "mc2lint" (removed, as when rejected),
//! tracked deletions by "mc2lint" (their text restored, as when rejected) and
//! paragraphs whose mark mc2lint inserted. Nobody else's comments or changes
//! are touched. Runs that were cut to place them are joined again where the
//! two halves have the same start tag and properties (see `runs`).

use std::collections::HashSet;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::runs::Run;
use crate::docx::xml::attr;

/// One edit of a part: (start, end, replacement), and whether runs may need joining after it.
type Edit = (usize, usize, String, bool);

/// The comments part without `author`'s comments, and their ids.
pub fn comments_without(xml: &str, author: &str) -> (String, HashSet<String>) {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut ids = HashSet::new();
    let mut cut: Vec<(usize, usize)> = Vec::new();
    loop {
        let before = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e))
                if e.local_name().as_ref() == b"comment" && attr(&e, b"author").as_deref() == Some(author) =>
            {
                ids.extend(attr(&e, b"id"));
                if reader.read_to_end(e.name()).is_err() {
                    break;
                }
                cut.push((before, reader.buffer_position() as usize));
            }
            Ok(Event::Empty(e))
                if e.local_name().as_ref() == b"comment" && attr(&e, b"author").as_deref() == Some(author) =>
            {
                ids.extend(attr(&e, b"id"));
                cut.push((before, reader.buffer_position() as usize));
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let mut out = String::with_capacity(xml.len());
    let mut last = 0;
    for (a, b) in cut {
        out.push_str(&xml[last..a]);
        last = b;
    }
    out.push_str(&xml[last..]);
    (out, ids)
}

/// The main part without `author`'s revisions and the comment marks of `ids`.
/// `None` when there is nothing of theirs in it.
pub fn main_without(xml: &str, author: &str, ids: &HashSet<String>) -> Option<String> {
    let edits = find_edits(xml, author, ids);
    if edits.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(xml.len());
    let mut seams = Vec::new();
    let mut last = 0;
    for (start, end, text, seam) in edits {
        if start < last {
            continue;
        }
        out.push_str(&xml[last..start]);
        out.push_str(&text);
        if seam {
            seams.push(out.len());
        }
        last = end;
    }
    out.push_str(&xml[last..]);
    seams.dedup();
    for seam in seams.into_iter().rev() {
        join_runs_at(&mut out, seam);
    }
    Some(out)
}

struct Open {
    local: Vec<u8>,
    start: usize,
    /// A paragraph whose mark `author` inserted, or a run holding one of the comment references.
    ours: bool,
}

fn find_edits(xml: &str, author: &str, ids: &HashSet<String>) -> Vec<Edit> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Open> = Vec::new();
    let mut edits: Vec<Edit> = Vec::new();
    let mut paragraphs: Vec<(usize, usize)> = Vec::new();
    // Open `w:del` elements of `author` (depth in `stack`), whose `w:delText` become `w:t`.
    let mut dels: Vec<usize> = Vec::new();
    let in_props = |stack: &[Open]| stack.iter().any(|o| o.local == b"rPr" || o.local == b"pPr");
    loop {
        let before = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                let local = e.local_name().as_ref().to_vec();
                let by_author = attr(&e, b"author").as_deref() == Some(author);
                if local == b"ins" && by_author && !in_props(&stack) {
                    if reader.read_to_end(e.name()).is_err() {
                        break;
                    }
                    edits.push((before, reader.buffer_position() as usize, String::new(), true));
                    continue;
                }
                if local == b"del" && by_author && !in_props(&stack) {
                    edits.push((before, after, String::new(), true));
                    dels.push(stack.len());
                } else if local == b"delText" && !dels.is_empty() {
                    edits.push((before, after, rename(&xml[before..after], "delText", "t"), false));
                }
                stack.push(Open { local, start: before, ours: false });
            }
            Event::Empty(e) => {
                let local = e.local_name();
                let id = attr(&e, b"id");
                match local.as_ref() {
                    b"ins" if in_props(&stack) && attr(&e, b"author").as_deref() == Some(author) => {
                        if let Some(p) = stack.iter_mut().rev().find(|o| o.local == b"p") {
                            p.ours = true;
                        }
                    }
                    b"commentRangeStart" | b"commentRangeEnd" if id.as_ref().is_some_and(|i| ids.contains(i)) => {
                        edits.push((before, after, String::new(), true));
                    }
                    b"commentReference" if id.as_ref().is_some_and(|i| ids.contains(i)) => {
                        if let Some(r) = stack.last_mut().filter(|o| o.local == b"r") {
                            r.ours = true;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                let Some(open) = stack.pop() else {
                    continue;
                };
                match e.local_name().as_ref() {
                    b"delText" if !dels.is_empty() => {
                        edits.push((before, after, rename(&xml[before..after], "delText", "t"), false));
                    }
                    b"del" if dels.last() == Some(&stack.len()) => {
                        dels.pop();
                        edits.push((before, after, String::new(), true));
                    }
                    b"r" if open.ours => edits.push((open.start, after, String::new(), true)),
                    b"p" if open.ours => paragraphs.push((open.start, after)),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    // A paragraph mc2lint inserted goes whole, with everything inside it.
    edits.retain(|(s, e, _, _)| !paragraphs.iter().any(|&(a, b)| a <= *s && *e <= b));
    edits.extend(paragraphs.into_iter().map(|(a, b)| (a, b, String::new(), false)));
    edits.sort_by_key(|(s, e, _, _)| (*s, *e));
    edits
}

/// A start or end tag with its local name changed (`<w:delText ...>` → `<w:t ...>`).
fn rename(tag: &str, from: &str, to: &str) -> String {
    for lead in [":", "<", "</"] {
        let pat = format!("{lead}{from}");
        if let Some(at) = tag.find(&pat) {
            let end = at + pat.len();
            if tag[end..].starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace()) {
                return format!("{}{lead}{to}{}", &tag[..at], &tag[end..]);
            }
        }
    }
    tag.to_string()
}

/// Joins the run ending at `seam` with the run starting there, when they have
/// the same start tag and properties and can both be cut (see `runs`).
fn join_runs_at(xml: &mut String, seam: usize) {
    let (head, tail) = xml.split_at(seam);
    let Some(prefix) = run_prefix(tail) else {
        return;
    };
    let close = if prefix.is_empty() { "</r>".to_string() } else { format!("</{prefix}:r>") };
    if !head.ends_with(&close) {
        return;
    }
    let open_a = if prefix.is_empty() { "<r".to_string() } else { format!("<{prefix}:r") };
    let left_start = head
        .rmatch_indices(open_a.as_str())
        .map(|(i, _)| i)
        .find(|&i| head[i + open_a.len()..].starts_with(['>', ' ']));
    let Some(left_start) = left_start else {
        return;
    };
    let Some(right_end) = tail.find(&close).map(|i| i + close.len()) else {
        return;
    };
    let (Some(left), Some(right)) = (Run::parse(&head[left_start..]), Run::parse(&tail[..right_end])) else {
        return;
    };
    // Runs without text were never part of a cut (see `edits::Plan::render`).
    if left.open != right.open || left.props != right.props || left.text().is_empty() || right.text().is_empty() {
        return;
    }
    let mut items = left.items.clone();
    items.extend(right.items);
    let joined = left.render(&items, false);
    xml.replace_range(left_start..seam + right_end, &joined);
}

/// The prefix of a `w:r` start tag at the start of `tail`.
fn run_prefix(tail: &str) -> Option<String> {
    let rest = tail.strip_prefix('<')?;
    let name_end = rest.find(['>', ' ', '/'])?;
    let name = &rest[..name_end];
    match name.rsplit_once(':') {
        Some((p, "r")) => Some(p.to_string()),
        None if name == "r" => Some(String::new()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_mc2lint_and_joins_cut_runs() {
        let ids: HashSet<String> = ["7".to_string()].into_iter().collect();
        let original =
            r#"<w:p><w:r><w:t xml:space="preserve">Vendor shall use reasonable efforts to notify.</w:t></w:r></w:p>"#;
        let annotated = concat!(
            r#"<w:p><w:r><w:t xml:space="preserve">Vendor shall </w:t></w:r><w:commentRangeStart w:id="7"/>"#,
            r#"<w:del w:id="8" w:author="mc2lint" w:date="2026-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">use reasonable efforts to </w:delText></w:r></w:del>"#,
            r#"<w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r>"#,
            r#"<w:ins w:id="9" w:author="Jane"><w:r><w:t>x</w:t></w:r></w:ins>"#,
            r#"<w:r><w:t xml:space="preserve">notify.</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:rPr><w:ins w:id="10" w:author="mc2lint" w:date="d"/></w:rPr></w:pPr><w:ins w:id="11" w:author="mc2lint" w:date="d"><w:r><w:t>New.</w:t></w:r></w:ins></w:p>"#
        );
        let cleaned = main_without(annotated, "mc2lint", &ids).unwrap();
        // Jane's insertion stays, so the runs around it stay apart.
        assert!(cleaned.contains(r#"<w:ins w:id="9" w:author="Jane">"#));
        assert!(!cleaned.contains("mc2lint") && !cleaned.contains("New."));
        let without_jane = cleaned.replace(r#"<w:ins w:id="9" w:author="Jane"><w:r><w:t>x</w:t></w:r></w:ins>"#, "");
        assert_ne!(without_jane, original);
        let joined = main_without(
            &annotated.replace(r#"<w:ins w:id="9" w:author="Jane"><w:r><w:t>x</w:t></w:r></w:ins>"#, ""),
            "mc2lint",
            &ids,
        )
        .unwrap();
        assert_eq!(joined, original);
        assert_eq!(rename(r#"<w:delText xml:space="preserve">"#, "delText", "t"), r#"<w:t xml:space="preserve">"#);
        assert_eq!(rename("</w:delText>", "delText", "t"), "</w:t>");
        let (c, found) = comments_without(
            r#"<w:comments><w:comment w:id="7" w:author="mc2lint"><w:p/></w:comment><w:comment w:id="3" w:author="Ann"/></w:comments>"#,
            "mc2lint",
        );
        assert_eq!(c, r#"<w:comments><w:comment w:id="3" w:author="Ann"/></w:comments>"#);
        assert!(found.contains("7"));
    }
}
