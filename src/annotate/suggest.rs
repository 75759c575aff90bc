//! What to change for a weakened term: the smallest edit that removes each
//! weakening, else the provision replaced by the pack's wording.
//!
//! Minimal edits, per kind of evidence (each kind's words come from the
//! detectors, `Finding::evidence`):
//! - efforts: "use commercially reasonable efforts to" is deleted with its verb and "to";
//! - discretion, feasibility, condition, exception, scope, cost-shift: the
//!   qualifying phrase is deleted up to the comma, semicolon or sentence end
//!   that closes it ("If Customer so requests, " / ", where technically feasible");
//!   a narrowing adjective ("confirmed Security Incident") alone;
//! - modality: "may", "should", "will seek to" become "shall";
//! - deadline, bound: the number is replaced by the reference one in the
//!   clause's own style ("ten (10) business days" → "twenty-four (24) hours");
//! - disclaimer: the disclaiming sentence elsewhere is deleted.
//!
//! Party-shifts, negations, absent elements and anything without a rule get
//! no minimal edit: the sentences holding the evidence are replaced by the
//! pack's model clause in the contract's words, then, as a last resort, the
//! whole paragraph. `annotate` tries the candidates in order and keeps the
//! first one its own re-check finds conformant (see `mod.rs`).

use std::sync::OnceLock;

use regex::Regex;

use super::wording::Words;
use crate::document::{Document, NumberKind, Paragraph};
use crate::model::{Basis, Evidence, Finding, Kind};
use crate::reference::{ParamSpec, Term, Unit};

/// Delete `[start, end)` of the analysed text and insert `insert` after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    pub insert: String,
}

/// One way to fix a finding: its edits and a line for the comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub edits: Vec<Edit>,
    pub how: String,
}

/// The candidates for a weakened finding, smallest first.
pub fn candidates(doc: &Document, f: &Finding, term: &Term, words: &Words) -> Vec<Candidate> {
    let mut out = Vec::new();
    if let Some(c) = minimal(doc, f, term) {
        out.push(c);
    }
    let model = words.rewrite(&term.spec.model);
    if let Some(c) = replace_sentences(doc, f, &model) {
        out.push(c);
    }
    if let Some(c) = replace_paragraph(doc, f, &model) {
        if !out.iter().any(|o| o.edits == c.edits) {
            out.push(c);
        }
    }
    out
}

fn stated(f: &Finding) -> impl Iterator<Item = &Evidence> {
    f.evidence.iter().filter(|e| e.basis == Basis::Stated && e.end > e.start)
}

/// Every stated weakening removed by its own small edit, or `None`.
fn minimal(doc: &Document, f: &Finding, term: &Term) -> Option<Candidate> {
    let evidence: Vec<&Evidence> = stated(f).collect();
    if evidence.is_empty() || f.evidence.iter().any(|e| e.basis == Basis::Absent) {
        return None;
    }
    let mut edits: Vec<Edit> = Vec::new();
    let mut how = Vec::new();
    for e in evidence {
        let p = doc.paragraph_at(e.start)?;
        let text = doc.paragraph_text(p);
        let (s, t) = (e.start - p.start, e.end.min(p.end) - p.start);
        if s > t || !text.is_char_boundary(s) || !text.is_char_boundary(t) {
            return None;
        }
        let (a, b, insert) = match e.kind? {
            Kind::Efforts => efforts(text, s, t)?,
            Kind::Modality => modal(text, s, t)?,
            Kind::Deadline | Kind::Bound => number(text, s, t, param_for(term, e.param.as_deref()?)?)?,
            Kind::Scope => narrowing_word(text, s, t).or_else(|| qualifier(text, body_start(p, text), s, t, false))?,
            // A carve-out lists what it carves out ("except for A, B and C"): it runs to the sentence end.
            Kind::Exception => qualifier(text, body_start(p, text), s, t, true)?,
            Kind::Discretion | Kind::Feasibility | Kind::Condition | Kind::CostShift => {
                qualifier(text, body_start(p, text), s, t, false)?
            }
            Kind::Disclaimer => {
                let (a, b) = sentence(p, text, s, t);
                (a, b, String::new())
            }
            Kind::PartyShift | Kind::Negation | Kind::Revision => return None,
        };
        let edit = Edit { paragraph: p.index, start: p.start + a, end: p.start + b, insert };
        // Two pieces of evidence in one phrase: one edit covering both, when both only delete.
        if let Some(prev) =
            edits.iter_mut().find(|x| x.paragraph == edit.paragraph && x.start < edit.end && edit.start < x.end)
        {
            if !prev.insert.is_empty() || !edit.insert.is_empty() {
                return None;
            }
            prev.start = prev.start.min(edit.start);
            prev.end = prev.end.max(edit.end);
            continue;
        }
        how.push(describe(doc, &edit));
        edits.push(edit);
    }
    edits.sort_by_key(|e| e.start);
    Some(Candidate { edits, how: how.join("; ") })
}

fn describe(doc: &Document, e: &Edit) -> String {
    let old = doc.text.get(e.start..e.end).unwrap_or("").trim();
    match (old.is_empty(), e.insert.is_empty()) {
        (false, true) => format!("delete \"{old}\""),
        (true, false) => format!("insert \"{}\"", e.insert.trim()),
        _ => format!("replace \"{old}\" with \"{}\"", e.insert.trim()),
    }
}

/// The start of a paragraph's own text, after a typed clause number and the space after it.
fn body_start(p: &Paragraph, text: &str) -> usize {
    if p.number_kind != Some(NumberKind::Typed) {
        return 0;
    }
    let Some(n) = p.number.as_deref() else {
        return 0;
    };
    match text.find(n) {
        Some(at) if text[..at].trim().is_empty() => {
            let after = at + n.len();
            after + (text[after..].len() - text[after..].trim_start().len())
        }
        _ => 0,
    }
}

/// The sentences of `text` holding `[s, t)`: from after the previous sentence
/// end (or the clause number) to the end of the last one (its full stop kept in).
fn sentence(p: &Paragraph, text: &str, s: usize, t: usize) -> (usize, usize) {
    let floor = body_start(p, text);
    let start = text[..s.max(floor)]
        .rmatch_indices(". ")
        .filter(|&(i, _)| sentence_break(text, i))
        .map(|(i, _)| i + 2)
        .find(|&i| i >= floor && i <= s)
        .unwrap_or(floor);
    let end = text[t..]
        .match_indices(". ")
        .map(|(i, _)| t + i)
        .find(|&i| sentence_break(text, i))
        .map_or(text.len(), |i| i + 1);
    let end = text[..end].trim_end().len();
    (start, end.max(start))
}

/// Whether the full stop at byte `dot` ends a sentence: a capital follows, and
/// the word before is no abbreviation ("U.S.C. 360n", "Inc. (the", "e.g. IEC").
fn sentence_break(text: &str, dot: usize) -> bool {
    const ABBREVIATIONS: &[&str] =
        &["inc", "ltd", "co", "corp", "no", "nos", "sec", "art", "st", "vs", "etc", "cf", "approx"];
    let next = text[dot + 1..].trim_start().chars().next();
    if !next.is_some_and(|c| c.is_uppercase() || c == '"' || c == '“') {
        return false;
    }
    let word = text[..dot].rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    !(word.contains('.') || ABBREVIATIONS.contains(&word.to_lowercase().as_str()) || word.chars().count() == 1)
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid"))
}

/// "use commercially reasonable efforts to " / ", using reasonable efforts," / " with best endeavours".
fn efforts(text: &str, s: usize, t: usize) -> Option<(usize, usize, String)> {
    static BACK: OnceLock<Regex> = OnceLock::new();
    static TO: OnceLock<Regex> = OnceLock::new();
    let back = re(
        &BACK,
        r"(?i)(?:\b(?:use|uses|using|make|makes|making|exercise|exercises|exercising|employ|employs|employing|apply|applies|with|through|by)\s+)?(?:\b(?:its|their|all|his|her|the|every)\s+)?$",
    );
    let to = re(&TO, r"^\s+to\s+");
    let s = back.find(&text[..s]).map_or(s, |m| m.start());
    if let Some(m) = to.find(&text[t..]) {
        return Some((s, t + m.end(), String::new()));
    }
    delimited(text, s, t)
}

/// Deletes a phrase set off by commas, or with the space before it.
fn delimited(text: &str, s: usize, t: usize) -> Option<(usize, usize, String)> {
    let before = text[..s].trim_end();
    let after = &text[t..];
    if before.ends_with(',') && after.starts_with(',') {
        return Some((before.len() - 1, t, String::new()));
    }
    if after.starts_with([',', '.', ';', ':', ')']) && text[..s].ends_with(' ') {
        return Some((s - 1, t, String::new()));
    }
    None
}

/// Words a qualifying phrase may start with before the detector's words.
const LEADS: &[&str] = &[
    "only", "solely", "but", "and", "that", "to", "the", "extent", "where", "when", "if", "as", "unless", "in", "at",
    "so", "long", "provided", "which",
];

/// A qualifying phrase deleted up to the punctuation that closes it.
fn qualifier(text: &str, floor: usize, s: usize, t: usize, list: bool) -> Option<(usize, usize, String)> {
    let mut s = s.max(floor);
    for _ in 0..4 {
        let head = text[..s].trim_end();
        let word_start = head.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| i + 1);
        let word = head[word_start..].to_lowercase();
        if word.is_empty() || !LEADS.contains(&word.as_str()) {
            break;
        }
        s = word_start;
    }
    let before = text[..s].trim_end();
    let leading = before.len() <= floor || before.ends_with(['.', ';', ':', '(']);
    let close = closing(text, t);
    if leading {
        // "If Customer so requests, Supplier shall ..." → "Supplier shall ...".
        let (at, ch) = close?;
        if ch != ',' {
            return None;
        }
        let rest = &text[at + 1..];
        let next = at + 1 + (rest.len() - rest.trim_start().len());
        let first = text[next..].chars().next()?;
        if first.is_lowercase() {
            let upper: String = first.to_uppercase().collect();
            return Some((s, next + first.len_utf8(), upper));
        }
        return Some((s, next, String::new()));
    }
    let from = if before.ends_with(',') { before.len() - 1 } else { s - (text[..s].len() - before.len()) };
    // "Vendor shall, where feasible, deliver": the qualifier sits between the modal and its verb.
    let after_modal = before.ends_with(',') && {
        let head = before.trim_end_matches(',').to_lowercase();
        ["shall", "will", "must", "may", "should", "agrees to"].iter().any(|m| head.ends_with(m))
    };
    match close {
        Some((at, ',')) if (after_modal || duty_after(&text[at..])) && before.ends_with(',') => {
            Some((from, at + 1, String::new()))
        }
        Some((at, ',')) if !list || duty_after(&text[at..]) => Some((from, at, String::new())),
        Some((at, ',')) => Some((from, sentence_end(text, at), String::new())),
        Some((at, _)) => Some((from, at, String::new())),
        None => Some((from, text.trim_end().len(), String::new())),
    }
}

/// The first comma, semicolon or full stop (followed by a space or the end) at or after `t`.
fn closing(text: &str, t: usize) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    text[t..].char_indices().map(|(i, c)| (t + i, c)).find(|&(i, c)| match c {
        ',' | ';' => true,
        '.' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
        _ => false,
    })
}

fn sentence_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    text[from..]
        .char_indices()
        .map(|(i, c)| (from + i, c))
        .find(|&(i, c)| c == ';' || c == '.' && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()))
        .map_or(text.trim_end().len(), |(i, _)| i)
}

/// Whether a duty follows in the same sentence (so a comma closes the qualifier, not the sentence).
fn duty_after(rest: &str) -> bool {
    static DUTY: OnceLock<Regex> = OnceLock::new();
    let end = rest.find(". ").unwrap_or(rest.len());
    re(&DUTY, r"(?i)\b(?:shall|will|must|agrees?|undertakes?|is\s+responsible)\b").is_match(&rest[..end])
}

/// "confirmed Security Incident": the narrowing adjective alone.
fn narrowing_word(text: &str, s: usize, t: usize) -> Option<(usize, usize, String)> {
    const WORDS: &[&str] = &[
        "confirmed",
        "material",
        "successful",
        "known",
        "actual",
        "significant",
        "major",
        "verified",
        "substantiated",
    ];
    let phrase = &text[s..t];
    let first = phrase.split_whitespace().next()?;
    let lower = first.to_lowercase();
    if !WORDS.contains(&lower.as_str()) {
        return None;
    }
    let at = s + phrase.find(first)?;
    let mut end = at + first.len();
    end += text[end..].len() - text[end..].trim_start().len();
    Some((at, end, String::new()))
}

/// "may" / "should" / "will seek to" → "shall".
fn modal(text: &str, s: usize, t: usize) -> Option<(usize, usize, String)> {
    let phrase = &text[s..t];
    if phrase.split_whitespace().any(|w| w.eq_ignore_ascii_case("not")) {
        return None;
    }
    let shall = if phrase.starts_with(char::is_uppercase) { "Shall" } else { "shall" };
    Some((s, t, shall.to_string()))
}

/// The pack parameter `id` that a deadline or bound weakening measures (`Evidence::param`).
fn param_for<'t>(term: &'t Term, id: &str) -> Option<&'t ParamSpec> {
    term.spec.params.iter().find(|p| p.id == id)
}

/// The number in `[s, t)` replaced by the reference value in the clause's style.
fn number(text: &str, s: usize, t: usize, param: &ParamSpec) -> Option<(usize, usize, String)> {
    static DIGITS: OnceLock<Regex> = OnceLock::new();
    let phrase = &text[s..t];
    let digits = re(&DIGITS, r"\d[\d,]*(?:\.\d+)?");
    let value = param.value;
    let replaced = match param.unit {
        Unit::Version => digits.replace(phrase, format!("{value:.1}").as_str()).into_owned(),
        Unit::Bits | Unit::Usd => {
            let n = super::numbers::thousands(value as i64);
            let n = if param.unit == Unit::Bits { format!("{}", value as i64) } else { n };
            if !digits.is_match(phrase) {
                return None;
            }
            digits.replace(phrase, n.as_str()).into_owned()
        }
        unit => duration(phrase, value, unit)?,
    };
    (replaced != phrase).then_some((s, t, replaced))
}

/// Words that start a number ("ten", "twenty-four", "a" in "a year"): digits,
/// or a number word from "a"/"one" to "hundred".
fn is_number_word(w: &str) -> bool {
    let w = w.to_lowercase();
    let first = w.split('-').next().unwrap_or("");
    w.starts_with(|c: char| c.is_ascii_digit())
        || matches!(crate::normalize::word_value(first), Some(v) if (1..=100).contains(&v))
}

/// A duration in the phrase's style: "ten (10) business days", "10 days" or
/// "ten days", after the phrase's own leading words ("within", "no later than");
/// "once per calendar year" becomes "once every thirty days", and a phrase
/// without a number ("promptly") becomes "within twenty-four (24) hours".
fn duration(phrase: &str, value: f64, unit: Unit) -> Option<String> {
    static STYLE: OnceLock<Regex> = OnceLock::new();
    let style = re(&STYLE, r"(?i)^([a-z][a-z\- ]*?)\s*\(\s*\d[\d,]*\s*\)\s+\S");
    let n = value as i64;
    let words = crate::normalize::cardinal(n)?;
    let unit_words = unit.label(value).split_once(' ').map(|(_, u)| u.to_string())?;
    let number_at = phrase
        .split_whitespace()
        .position(is_number_word)
        .and_then(|i| phrase.split_whitespace().nth(i))
        .and_then(|w| phrase.find(w));
    let lower = phrase.to_lowercase();
    if ["per ", "every ", "each "].iter().any(|p| lower.starts_with(p)) {
        return Some(format!("every {words} {unit_words}"));
    }
    let Some(at) = number_at else {
        return Some(format!("within {words} ({n}) {unit_words}"));
    };
    let (lead, rest) = phrase.split_at(at);
    let words = if lead.is_empty() && rest.starts_with(char::is_uppercase) { capitalise(&words) } else { words };
    let number = if style.is_match(rest) {
        format!("{words} ({n}) {unit_words}")
    } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{n} {unit_words}")
    } else {
        format!("{words} {unit_words}")
    };
    Some(format!("{lead}{number}"))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The paragraph and range a replacement takes: the evidence's, else the clause's start.
fn where_to_replace<'d>(doc: &'d Document, f: &Finding) -> Option<(&'d Paragraph, usize, usize)> {
    let in_clause = |e: &&Evidence| f.span.is_none_or(|sp| e.start >= sp.start && e.end <= sp.end);
    let ev: Vec<&Evidence> = stated(f).filter(in_clause).collect();
    let first = ev.first().map(|e| e.start).or(f.span.map(|s| s.start))?;
    let p = doc.paragraph_at(first)?;
    let last = ev.iter().filter(|e| e.end <= p.end).map(|e| e.end).max().unwrap_or(first);
    let (s, t) = (first - p.start, last.max(first) - p.start);
    let text = doc.paragraph_text(p);
    (text.is_char_boundary(s) && text.is_char_boundary(t)).then_some((p, s, t))
}

/// The sentences holding the evidence replaced by the model clause.
fn replace_sentences(doc: &Document, f: &Finding, model: &str) -> Option<Candidate> {
    let (p, s, t) = where_to_replace(doc, f)?;
    let text = doc.paragraph_text(p);
    let (a, b) = sentence(p, text, s, t.max(s));
    (b > a).then(|| replacement(doc, p, a, b, model))
}

/// The whole paragraph (after its typed number) replaced by the model clause.
fn replace_paragraph(doc: &Document, f: &Finding, model: &str) -> Option<Candidate> {
    let (p, _, _) = where_to_replace(doc, f)?;
    let text = doc.paragraph_text(p);
    let a = body_start(p, text);
    let b = text.trim_end().len();
    (b > a).then(|| replacement(doc, p, a, b, model))
}

/// Replaces `[a, b)` of paragraph `p` by `model`, keeping the old ending
/// ("; and" in a list) instead of the model's full stop.
fn replacement(doc: &Document, p: &Paragraph, a: usize, b: usize, model: &str) -> Candidate {
    let old = &doc.paragraph_text(p)[a..b];
    let tail_at = old.trim_end_matches(|c: char| c.is_whitespace() || ",;:.".contains(c)).len();
    let ending = &old[tail_at..];
    let ending = if ending.is_empty() || ending == "." {
        // "; and" / "; or" after a list item: keep those words too.
        let lower = old.to_lowercase();
        if lower.ends_with("; and") || lower.ends_with("; or") {
            &old[old.rfind(';').unwrap_or(old.len())..]
        } else {
            ending
        }
    } else {
        ending
    };
    let body = model.trim_end_matches('.');
    let insert = if ending.is_empty() { body.to_string() } else { format!("{body}{ending}") };
    let start = p.start + a;
    let end = p.start + b;
    Candidate {
        edits: vec![Edit { paragraph: p.index, start, end, insert }],
        how: "replace the provision with the reference wording".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, (a, b, ins): (usize, usize, String)) -> String {
        format!("{}{ins}{}", &text[..a], &text[b..])
    }

    fn at(text: &str, words: &str) -> (usize, usize) {
        let s = text.find(words).unwrap();
        (s, s + words.len())
    }

    #[test]
    fn minimal_edits_read_well() {
        let t = "Vendor shall use commercially reasonable efforts to notify Customer.";
        let (s, e) = at(t, "commercially reasonable efforts");
        assert_eq!(apply(t, efforts(t, s, e).unwrap()), "Vendor shall notify Customer.");
        let t = "Vendor shall, where technically feasible, deliver patches.";
        let (s, e) = at(t, "where technically feasible");
        assert_eq!(apply(t, qualifier(t, 0, s, e, false).unwrap()), "Vendor shall deliver patches.");
        let t = "Vendor shall deliver patches, to the extent possible.";
        let (s, e) = at(t, "to the extent possible");
        assert_eq!(apply(t, qualifier(t, 0, s, e, false).unwrap()), "Vendor shall deliver patches.");
        let t = "If Customer so requests, the Vendor shall deliver an SBOM.";
        let (s, e) = at(t, "If Customer so requests");
        assert_eq!(apply(t, qualifier(t, 0, s, e, false).unwrap()), "The Vendor shall deliver an SBOM.");
        let t = "Vendor shall notify Customer unless the incident is minor, and Vendor shall cooperate.";
        let (s, e) = at(t, "unless");
        assert_eq!(
            apply(t, qualifier(t, 0, s, e, false).unwrap()),
            "Vendor shall notify Customer, and Vendor shall cooperate."
        );
        let t = "Vendor shall patch within 90 days, except for legacy systems, third-party code and others.";
        let (s, e) = at(t, "except for");
        assert_eq!(apply(t, qualifier(t, 0, s, e, true).unwrap()), "Vendor shall patch within 90 days.");
        let t = "Vendor shall permit Customer to install it, if Vendor determines it is necessary, and confirms that it does not void the warranty.";
        let (s, e) = at(t, "if Vendor determines");
        assert_eq!(
            apply(t, qualifier(t, 0, s, e, false).unwrap()),
            "Vendor shall permit Customer to install it, and confirms that it does not void the warranty."
        );
        let t = "Vendor may notify Customer.";
        let (s, e) = at(t, "may");
        assert_eq!(apply(t, modal(t, s, e).unwrap()), "Vendor shall notify Customer.");
        assert_eq!(duration("ten (10) business days", 24.0, Unit::Hours).unwrap(), "twenty-four (24) hours");
        assert_eq!(duration("10 days", 72.0, Unit::Hours).unwrap(), "72 hours");
        assert_eq!(duration("one year", 30.0, Unit::Days).unwrap(), "thirty days");
        assert_eq!(duration("per calendar year", 30.0, Unit::Days).unwrap(), "every thirty days");
        let t = "Vendor complies with 21 U.S.C. 360n-2 and HIPAA. Vendor may patch. Done.";
        assert!(!sentence_break(t, t.find("C. 360").unwrap() + 1));
        assert!(sentence_break(t, t.find("HIPAA.").unwrap() + 5));
        assert_eq!(duration("promptly", 24.0, Unit::Hours).unwrap(), "within twenty-four (24) hours");
        assert_eq!(
            duration("within ten (10) business days", 24.0, Unit::Hours).unwrap(),
            "within twenty-four (24) hours"
        );
        assert_eq!(duration("Ten (10) days", 72.0, Unit::Hours).unwrap(), "Seventy-two (72) hours");
        let t = "7.2(c) At Vendor's sole discretion, each Product shall log.";
        let (s, e) = at(t, "At Vendor's sole discretion");
        assert_eq!(apply(t, qualifier(t, 7, s, e, false).unwrap()), "7.2(c) Each Product shall log.");
    }
}
