//! Segments a document into matchable units: numbered clauses with their full
//! number ("9.2(b)"), the headings and lead-ins above them, table rows (exhibits
//! are often tables), and whole sections for terms split over sub-clauses.

use crate::document::Document;
use crate::docx::ParaKind;

/// What a unit covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Paragraph,
    TableRow,
    /// A clause with its sub-clauses.
    Section,
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub kind: UnitKind,
    /// Paragraph indices covered, in order.
    pub first: usize,
    pub last: usize,
    /// Byte range in the canonical text.
    pub start: usize,
    pub end: usize,
    /// Headings and lead-in paragraphs above the unit (paragraph indices).
    pub context: Vec<usize>,
}

/// Per-paragraph clause facts.
#[derive(Debug, Clone, Default)]
pub struct ClauseInfo {
    /// The clause number as shown, composed with its parents ("9.2" + "(b)").
    pub number: Option<String>,
    pub depth: usize,
    pub is_heading: bool,
    /// Nearest enclosing headings / lead-ins, innermost first.
    pub ancestors: Vec<usize>,
    /// A definition (`"Security Incident" means ...`): never an obligation.
    pub is_definition: bool,
    /// Inside a definitions block: every sentence defines, none is a clause.
    pub in_glossary: bool,
}

#[derive(Debug, Clone)]
pub struct Clauses {
    pub info: Vec<ClauseInfo>,
    pub units: Vec<Unit>,
}

/// Whether a paragraph reads as a title rather than a sentence.
fn looks_like_heading(doc: &Document, i: usize) -> bool {
    let p = &doc.paragraphs[i];
    if p.heading.is_some() {
        return true;
    }
    p.kind == ParaKind::Body && is_title(doc.paragraph_text(p))
}

pub(crate) fn is_definition(text: &str) -> bool {
    // Every paragraph is asked and most define nothing. The pattern is
    // anchored at the start and needs a quote within its first words, so the
    // engine gives up within a few bytes; a substring test for its verbs,
    // which had to scan the whole paragraph, cost more than it spared.
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    // ASCII `\w` (`ascii_words`): Unicode word classes under `{0,6}` cost
    // milliseconds to compile, and headings of defined terms are English.
    RE.get_or_init(|| {
        regex::Regex::new(&crate::reference::vocabulary::ascii_words(r#"^(?:(?:Section|Clause|Article|§)\s*)?[\s\d.()a-z]{0,12}(?:[A-Z][\w&'’-]*(?:\s+(?:[A-Z][\w&'’-]*|of|and|or|the|for|to|in|on)){0,6}\.\s+)?[“"'‘][^”"'’]{1,80}[”"'’]\s*(?:\([^)]{0,40}\)\s*)?(?:shall\s+)?(?:means?|refers?\s+to|has\s+the\s+meaning|is\s+defined|includes?)\b"#)).expect("valid")
    })
    .is_match(text)
        || is_unquoted_definition(text)
}

/// "(4) Breach window means the hours between ...": statutory style, the
/// defined words unquoted (often in italics). The words before "means" must
/// name a thing, not a clause whose object is "a means" ("Each Product shall
/// provide a means to ...").
fn is_unquoted_definition(text: &str) -> bool {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"^[\s\d.()a-z]{0,12}([A-Z][A-Za-z-]*(?:\s+[A-Za-z-]+){0,4})\s+(?:means|has\s+the\s+meaning)\b",
        )
        .expect("valid")
    });
    const NOT_A_NAME: &[&str] = &[
        "shall", "will", "must", "may", "should", "can", "a", "an", "the", "any", "each", "every", "no", "by", "this",
        "that",
    ];
    // `is_match` first: most paragraphs define nothing, and `captures`
    // allocates its slots even for those.
    re.is_match(text)
        && re
            .captures(text)
            .is_some_and(|c| c[1].split_whitespace().all(|w| !NOT_A_NAME.iter().any(|n| w.eq_ignore_ascii_case(n))))
}

#[cfg(test)]
#[test]
fn definitions_with_and_without_run_in_heading() {
    assert!(is_definition("“Cyber Cover” means a policy."));
    assert!(is_definition("7.7 Cyber Insurance. \"Cyber Cover\" means a policy."));
    assert!(!is_definition("Cyber Insurance. Supplier shall hold \"Cyber Cover\" at all times."));
    // Statutory style, the defined words unquoted (often in italics).
    assert!(is_definition("(4) Breach window means the hours between detection and notice."));
    assert!(!is_definition("(4) Supplier shall notify Customer of what each finding means for the Products."));
    assert!(!is_definition("Each Product shall offer a means to export its logs."));
    // Each verb of the pattern.
    for verb in ["means", "mean", "refers to", "refer to", "has the meaning", "is defined", "includes", "include"] {
        assert!(is_definition(&format!("“Cyber Cover” {verb} a policy.")), "{verb}");
    }
}

/// Marks as definitions the paragraphs of a definitions block: after a
/// numbered "(a) Definitions. As used in this clause—" up to its next
/// sibling ("(b)"), or after a "Definitions" heading up to the next heading
/// as high; a title-like paragraph ends either. Statutory definitions often
/// do without "means" ("(1) Vulnerability Information as defined in 6 CFR
/// part 27 ..."), and each names topics that no clause of the contract
/// promises. An opener that is neither numbered nor a heading opens no
/// block: nothing would say where it ends.
fn mark_definition_blocks(doc: &Document, info: &mut [ClauseInfo]) {
    // A block longer than this is a misread opener, not a glossary.
    const MAX_BLOCK: usize = 120;
    static OPENER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let opener = OPENER.get_or_init(|| {
        let label = r"(?:(?:section|clause|article)\s+)?(?:[0-9.]+|\(?[a-z0-9]{1,4}[.)])?\s*";
        let pattern = format!(
            r"(?i)^\s*{label}(?:(?:definitions?|defined terms)(?:\s+and\s+interpretation)?\s*(?:[.:\u{{2014}}\u{{2013}}-]|$)|as used in this (?:clause|section|agreement|contract|exhibit|schedule|addendum|article|attachment)\b|the following (?:terms|definitions|words)\b[^.]{{0,60}}\b(?:apply|have|shall have)\b)"
        );
        // ASCII `\b` (`ascii_words`), as `is_definition`: the pattern is asked of every paragraph.
        regex::Regex::new(&crate::reference::vocabulary::ascii_words(&pattern)).expect("valid")
    });
    let paras = &doc.paragraphs;
    let mut i = 0;
    while i < paras.len() {
        let p = &paras[i];
        let numbered = p.is_numbered();
        let opens = p.kind.is_contract_text() && (numbered || p.heading.is_some());
        if !opens || !opener.is_match(doc.paragraph_text(p)) {
            i += 1;
            continue;
        }
        let sibling = p.number.as_deref().filter(|_| numbered).and_then(next_label);
        let ends_block = |q: usize| {
            let q = &paras[q];
            let heading_as_high = q.heading.is_some_and(|h| p.heading.is_none_or(|ph| h <= ph));
            let title = q.heading.is_none() && q.number.is_none() && is_title(doc.paragraph_text(q));
            let next_sibling = sibling.is_some() && q.number.as_deref().map(str::trim) == sibling.as_deref();
            heading_as_high || title || next_sibling
        };
        let window = i + 1..paras.len().min(i + 1 + MAX_BLOCK);
        let end = window.clone().find(|&q| ends_block(q)).or((window.end == paras.len()).then_some(paras.len()));
        let Some(end) = end else {
            i += 1;
            continue;
        };
        for item in &mut info[i + 1..end] {
            item.is_definition = true;
            item.in_glossary = true;
        }
        i = end;
    }
}

/// The label after `label` at the same level: "(a)" → "(b)", "3." → "4.",
/// "7.2" → "7.3", "(iv)" → "(v)". None for what does not count.
fn next_label(label: &str) -> Option<String> {
    use crate::docx::numbering::{format_number, NumFmt};
    // Outline labels are small: the list formatter is run forward to the label.
    const MAX_ORDINAL: i64 = 200;
    let label = label.trim();
    let core_start = label.find(|c: char| c.is_ascii_alphanumeric())?;
    let core_end = label.rfind(|c: char| c.is_ascii_alphanumeric())? + 1;
    let (before, core, after) = (&label[..core_start], &label[core_start..core_end], &label[core_end..]);
    // "7.2", "Article X": the last part counts.
    let cut = core.rfind(['.', ' ']).map_or(0, |k| k + 1);
    let (stem, last) = core.split_at(cut);
    let next = if let Ok(n) = last.parse::<u32>() {
        (n + 1).to_string()
    } else {
        // A single letter is a letter, save "i"; longer runs of i, v, x are roman.
        let roman = last.len() > 1 || last == "i";
        let fmt = match (roman, last.chars().all(|c| c.is_ascii_uppercase())) {
            (true, false) => NumFmt::LowerRoman,
            (true, true) => NumFmt::UpperRoman,
            (false, false) => NumFmt::LowerLetter,
            (false, true) => NumFmt::UpperLetter,
        };
        let n = (1..=MAX_ORDINAL).find(|&n| format_number(n, fmt) == last)?;
        format_number(n + 1, fmt)
    };
    Some(format!("{before}{stem}{next}{after}"))
}

#[test]
fn next_labels() {
    assert_eq!(next_label("(a)").as_deref(), Some("(b)"));
    assert_eq!(next_label("3.").as_deref(), Some("4."));
    assert_eq!(next_label("7.2").as_deref(), Some("7.3"));
    assert_eq!(next_label("(iv)").as_deref(), Some("(v)"));
    assert_eq!(next_label("(i)").as_deref(), Some("(ii)"));
    assert_eq!(next_label("B)").as_deref(), Some("C)"));
    assert_eq!(next_label("Article IV").as_deref(), Some("Article V"));
}

fn is_sub_label(label: &str) -> bool {
    label.starts_with('(') || label.ends_with(')')
}

impl Clauses {
    pub fn build(doc: &Document) -> Clauses {
        let mut info = vec![ClauseInfo::default(); doc.paragraphs.len()];
        // Stack of (depth, paragraph, full number).
        let mut stack: Vec<(usize, usize, Option<String>)> = Vec::new();
        for (i, p) in doc.paragraphs.iter().enumerate() {
            if !p.kind.is_contract_text() {
                continue;
            }
            let heading = looks_like_heading(doc, i);
            let numbered = p.is_numbered();
            let depth = match (p.level, p.heading) {
                (Some(l), _) if numbered => l as usize + 1,
                (_, Some(h)) => h as usize + 1,
                _ => usize::MAX,
            };
            if depth != usize::MAX {
                while stack.last().is_some_and(|s| s.0 >= depth) {
                    stack.pop();
                }
            }
            let parent_number = stack.iter().rev().find_map(|s| s.2.clone());
            let number = if numbered {
                let label = p.number.as_deref().unwrap_or_default().trim_end_matches('.').to_string();
                match &parent_number {
                    Some(parent) if is_sub_label(&label) && !label.contains('.') => Some(format!("{parent}{label}")),
                    _ => Some(label),
                }
            } else {
                parent_number.clone()
            };
            info[i] = ClauseInfo {
                is_definition: is_definition(doc.paragraph_text(p)),
                number: number.clone(),
                depth: if depth == usize::MAX { stack.last().map_or(0, |s| s.0 + 1) } else { depth },
                is_heading: heading,
                ancestors: stack.iter().rev().take(2).map(|s| s.1).collect(),
                in_glossary: false,
            };
            if depth != usize::MAX {
                stack.push((depth, i, number));
            } else if let Some(top) = stack.last_mut() {
                // A lead-in ("Supplier shall:") without a number: keep its number, be the context.
                let text = doc.paragraph_text(p).trim_end();
                if text.ends_with(':') {
                    top.1 = i;
                }
            }
        }
        mark_definition_blocks(doc, &mut info);
        let units = build_units(doc, &info);
        Clauses { info, units }
    }
}

fn build_units(doc: &Document, info: &[ClauseInfo]) -> Vec<Unit> {
    let paras = &doc.paragraphs;
    let mut units = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let p = &paras[i];
        if !p.kind.is_contract_text() || doc.paragraph_text(p).trim().is_empty() {
            i += 1;
            continue;
        }
        if let (ParaKind::Table, Some(cell)) = (p.kind, p.cell) {
            let mut j = i;
            while j + 1 < paras.len() && paras[j + 1].cell.is_some_and(|c| c.table == cell.table && c.row == cell.row) {
                j += 1;
            }
            let mut context: Vec<usize> = heading_before(doc, info, i).into_iter().collect();
            // "MDS2 | Supplier shall furnish a white paper ...": the first cell
            // titles the requirement the way a heading does; it names the topic
            // but states nothing the row's sentence does not.
            let titled = j > i && is_title(doc.paragraph_text(p)) && (i + 1..=j).any(|k| is_sentence(doc, k));
            let first = if titled {
                context.insert(0, i);
                i + 1
            } else {
                i
            };
            units.push(Unit {
                kind: UnitKind::TableRow,
                first,
                last: j,
                start: paras[first].start,
                end: paras[j].end,
                context,
            });
            i = j + 1;
            continue;
        }
        // A bare definition is never an obligation; one followed by the duty
        // it defines for ("'Cyber Cover' means ... . Supplier must hold Cyber
        // Cover ...") is a clause whose topic the definition states.
        // (Sentences are counted for definitions only: splitting every
        // paragraph here cost about 2% of a document's instructions.)
        let bare = || info[i].in_glossary || crate::text::sentences(doc.paragraph_text(p)).len() < 2;
        if info[i].is_definition && bare() {
            i += 1;
            continue;
        }
        let context = info[i].ancestors.clone();
        units.push(Unit {
            kind: UnitKind::Paragraph,
            first: i,
            last: i,
            start: p.start,
            end: p.end,
            context: context.clone(),
        });
        // A clause with sub-clauses (or a heading with its body) as one unit too.
        let mut j = i;
        while j + 1 < paras.len()
            && j - i < 8
            && paras[j + 1].kind == ParaKind::Body
            && info[j + 1].depth > info[i].depth
        {
            j += 1;
        }
        // Only a heading or a lead-in ("Supplier shall:") groups what follows;
        // otherwise unrelated neighbouring clauses would pool their words.
        let groups = (info[i].is_heading || doc.paragraph_text(p).trim_end().ends_with(':'))
            && !(i + 1..=j).any(|k| info[k].is_definition);
        if j > i && groups {
            units.push(Unit { kind: UnitKind::Section, first: i, last: j, start: p.start, end: paras[j].end, context });
        }
        i += 1;
    }
    units
}

/// A short label without closing punctuation ("Patch Management").
fn is_title(text: &str) -> bool {
    let text = text.trim();
    // One to ten words; counting stops at the eleventh (most paragraphs are long).
    let mut words = text.split_whitespace();
    !text.ends_with(['.', ';', ':', ',']) && words.next().is_some() && words.nth(9).is_none()
}

fn is_sentence(doc: &Document, i: usize) -> bool {
    let text = doc.paragraph_text(&doc.paragraphs[i]).trim();
    text.ends_with(['.', ';']) && text.split_whitespace().nth(6).is_some()
}

/// The nearest heading-like body paragraph before `i` (for tables).
fn heading_before(doc: &Document, info: &[ClauseInfo], i: usize) -> Option<usize> {
    (i.saturating_sub(6)..i).rev().find(|&k| {
        doc.paragraphs[k].kind == ParaKind::Body
            && (info[k].is_heading || doc.paragraph_text(&doc.paragraphs[k]).trim_end().ends_with(':'))
    })
}
