//! The review as text for people (`check`'s output on a terminal): a summary
//! first, then the findings by severity in clause order, every line fitted to
//! the width, the clause shortened around its weakening words, each thing
//! said once. Colour only when the stream supports it; without colour the
//! weakening words stand between asterisks.
//!
//! Lines are wrapped with textwrap's first-fit algorithm over words that
//! carry a style (the highlighted words), so highlighting never breaks the
//! width.

use std::io;

use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::wrap_first_fit;

use super::review::{kind_words, severity_label, Item, Review};
use crate::document::Document;
use crate::model::{DocumentReport, Notice, Severity};
use crate::output::escape_line;
use crate::reference::Pack;

/// Narrowest and widest layout; outside this the text is unreadable or the lines too long to follow.
const MIN_WIDTH: usize = 40;
const MAX_WIDTH: usize = 160;
/// Lines of clause text shown per finding.
const EXCERPT_LINES: usize = 3;

/// The width to lay out for: the terminal's, else `COLUMNS`, else 100.
pub fn width(on_terminal: bool) -> usize {
    // A pseudo-terminal nobody sized reports 0 columns.
    let terminal = terminal_size::terminal_size().filter(|(w, _)| on_terminal && w.0 > 0).map(|(w, _)| w.0 as usize);
    let columns = || std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok());
    terminal.or_else(columns).unwrap_or(100).clamp(MIN_WIDTH, MAX_WIDTH)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Strong,
    /// The weakening words.
    Mark,
    Dim,
    Severity(Severity),
}

impl Style {
    fn spec(self) -> Option<ColorSpec> {
        let mut spec = ColorSpec::new();
        match self {
            Style::Plain => return None,
            Style::Strong => spec.set_bold(true),
            Style::Mark => spec.set_bold(true).set_underline(true).set_fg(Some(Color::Yellow)),
            Style::Dim => spec.set_dimmed(true),
            Style::Severity(s) => spec.set_bold(true).set_fg(Some(match s {
                Severity::Error => Color::Red,
                Severity::Warning => Color::Yellow,
                _ => Color::Cyan,
            })),
        };
        Some(spec)
    }
}

/// A word to wrap: its pieces (a word can change style midway, "*annually*,").
#[derive(Debug)]
struct Word {
    pieces: Vec<(Style, String)>,
    width: usize,
}

impl Fragment for Word {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        1.0
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

type Line = Vec<(Style, String)>;

/// A paragraph of styled text, wrapped.
struct Para<'a> {
    out: &'a mut dyn WriteColor,
    width: usize,
}

impl Para<'_> {
    /// Writes `spans` wrapped to the width, `first` before the first line and
    /// `rest` before the others. Whitespace runs become one space.
    fn write(&mut self, first: &str, rest: &str, spans: &[(Style, &str)]) -> io::Result<()> {
        let words = split_words(spans, self.width.saturating_sub(first.chars().count().max(rest.chars().count())));
        let widths = [
            self.width.saturating_sub(first.chars().count()) as f64,
            self.width.saturating_sub(rest.chars().count()) as f64,
        ];
        for (i, line) in wrap_first_fit(&words, &widths).iter().enumerate() {
            let mut joined: Line = vec![(Style::Plain, if i == 0 { first } else { rest }.to_string())];
            for (j, w) in line.iter().enumerate() {
                // A space between two words of one style takes that style: one colour change per run.
                let space = match (joined.last(), w.pieces.first()) {
                    (Some((a, _)), Some((b, _))) if a == b => *a,
                    _ => Style::Plain,
                };
                if j > 0 {
                    push_merged(&mut joined, space, " ");
                }
                for (style, text) in &w.pieces {
                    push_merged(&mut joined, *style, text);
                }
            }
            self.line(&joined)?;
        }
        Ok(())
    }

    fn line(&mut self, line: &Line) -> io::Result<()> {
        for (style, text) in line {
            match style.spec() {
                Some(spec) if self.out.supports_color() => {
                    self.out.set_color(&spec)?;
                    write!(self.out, "{text}")?;
                    self.out.reset()?;
                }
                _ => write!(self.out, "{text}")?,
            }
        }
        writeln!(self.out)
    }
}

/// Appends `text` to the line, extending the last piece when the style is the same.
fn push_merged(line: &mut Line, style: Style, text: &str) {
    match line.last_mut() {
        Some((s, t)) if *s == style => t.push_str(text),
        _ => line.push((style, text.to_string())),
    }
}

/// Words with their styles; a word longer than `max` is cut into pieces that fit.
fn split_words(spans: &[(Style, &str)], max: usize) -> Vec<Word> {
    let max = max.max(1);
    let mut words: Vec<Word> = Vec::new();
    let mut open = false;
    for (style, text) in spans {
        for (i, chunk) in text.split(char::is_whitespace).enumerate() {
            if i > 0 {
                open = false;
            }
            if chunk.is_empty() {
                continue;
            }
            if !open {
                words.push(Word { pieces: Vec::new(), width: 0 });
                open = true;
            }
            let word = words.last_mut().expect("pushed");
            word.pieces.push((*style, chunk.to_string()));
            word.width += chunk.chars().count();
        }
    }
    words.into_iter().flat_map(|w| cut(w, max)).collect()
}

/// A word cut into pieces of at most `max` characters (a long URL or an
/// escaped control sequence run).
fn cut(word: Word, max: usize) -> Vec<Word> {
    if word.width <= max {
        return vec![word];
    }
    let mut out = vec![Word { pieces: Vec::new(), width: 0 }];
    for (style, text) in word.pieces {
        for c in text.chars() {
            if out.last().is_some_and(|w| w.width == max) {
                out.push(Word { pieces: Vec::new(), width: 0 });
            }
            let w = out.last_mut().expect("pushed");
            match w.pieces.last_mut() {
                Some((s, t)) if *s == style => t.push(c),
                _ => w.pieces.push((style, c.to_string())),
            }
            w.width += 1;
        }
    }
    out
}

/// Writes the review of one contract; `notices` are the suppression comments that did not count.
pub fn emit(
    out: &mut dyn WriteColor,
    report: &DocumentReport,
    doc: Option<&Document>,
    pack: &Pack,
    notices: &[Notice],
    width: usize,
    summary_only: bool,
) -> io::Result<()> {
    let width = width.clamp(MIN_WIDTH, MAX_WIDTH);
    let mut p = Para { out, width };
    if let Some(e) = &report.error {
        let line = format!("{}: cannot be read: {} [{}]", escape_line(&report.path), escape_line(&e.message), e.code);
        return p.write("", "  ", &[(Style::Strong, &line)]);
    }
    let review = Review::build(report, doc, pack);
    summary(&mut p, &review)?;
    for n in notices {
        let line = format!("Note: {}", escape_line(&n.message));
        p.write("", "  ", &[(Style::Plain, &line)])?;
    }
    if summary_only {
        return Ok(());
    }
    let mut current = None;
    for item in &review.items {
        if current != Some(item.finding.severity) {
            current = Some(item.finding.severity);
            group_heading(&mut p, &review, item.finding.severity)?;
        }
        finding(&mut p, &review, item)?;
    }
    if review.items.is_empty() {
        writeln!(p.out)?;
        p.write("", "", &[(Style::Plain, &format!("Nothing to review: every term shown meets {}.", review.standard))])?;
    }
    writeln!(p.out)
}

fn summary(p: &mut Para, r: &Review) -> io::Result<()> {
    let s = r.report.summary.clone().unwrap_or_default();
    let rule = "═".repeat(p.width);
    p.line(&vec![(Style::Dim, rule)])?;
    let row = |label: &str| format!("{label:<10}");
    let indent = " ".repeat(10);
    let rows = [
        ("Contract", escape_line(&r.report.path).into_owned()),
        ("Supplier", escape_line(&r.supplier.described()).into_owned()),
        ("Customer", escape_line(&r.customer.described()).into_owned()),
        ("Checked", format!("against {}: {} terms, {} of them critical", r.pack, r.terms, r.critical_terms)),
        (
            "Critical",
            format!(
                "{} critical {} missing, {} weakened",
                r.critical_missing,
                if r.critical_missing == 1 { "term" } else { "terms" },
                r.critical_weakened
            ),
        ),
        ("Overall", r.overall()),
    ];
    for (label, value) in rows {
        let style = if label == "Critical" && r.critical_missing + r.critical_weakened > 0 {
            Style::Severity(Severity::Error)
        } else {
            Style::Plain
        };
        p.write(&row(label), &indent, &[(style, &value)])?;
    }
    let hidden = s.suppressed + s.baselined + s.off;
    if hidden > 0 {
        let value = format!(
            "{hidden} findings not shown: {} suppressed, {} recorded in the baseline, {} switched off in config",
            s.suppressed, s.baselined, s.off
        );
        p.write(&row("Hidden"), &indent, &[(Style::Plain, &value)])?;
    }
    p.line(&vec![(Style::Dim, "═".repeat(p.width))])
}

fn group_heading(p: &mut Para, r: &Review, severity: Severity) -> io::Result<()> {
    let n = r.items.iter().filter(|i| i.finding.severity == severity).count();
    let what = match severity {
        Severity::Error => "critical terms missing or weaker than",
        Severity::Warning => "other terms missing, weaker or different from",
        _ => "for information: differences from",
    };
    writeln!(p.out)?;
    let head = format!("{} ({n})", severity_label(severity).to_uppercase());
    p.write("", "", &[(Style::Severity(severity), &head), (Style::Plain, &format!(" {what} {}", r.standard))])?;
    p.line(&vec![(Style::Dim, "─".repeat(p.width))])
}

fn finding(p: &mut Para, r: &Review, item: &Item) -> io::Result<()> {
    let f = item.finding;
    let number = format!("{}. ", item.number);
    let hang = " ".repeat(number.chars().count());
    writeln!(p.out)?;
    let missing = f.verdict == crate::model::Verdict::Missing;
    let location = if missing { String::new() } else { format!("{} · ", item.location) };
    let head = [
        (Style::Strong, number.as_str()),
        (Style::Strong, location.as_str()),
        (Style::Strong, item.title.as_str()),
        (Style::Plain, " · "),
        (Style::Severity(f.severity), item.verdict.as_str()),
    ];
    // Location and title come from the document and the pack: escaped like clause text.
    let escaped: Vec<(Style, String)> = head.iter().map(|(s, t)| (*s, escape_line(t).into_owned())).collect();
    let spans: Vec<(Style, &str)> = escaped.iter().map(|(s, t)| (*s, t.as_str())).collect();
    p.write("", &hang, &spans)?;
    if let Some(text) = f.text.as_deref() {
        let budget = EXCERPT_LINES * p.width.saturating_sub(hang.len() + 2);
        let excerpt = excerpt(text, &item.marks, budget, p.out.supports_color());
        let spans: Vec<(Style, &str)> = excerpt.iter().map(|(s, t)| (*s, t.as_str())).collect();
        p.write(&hang, &hang, &spans)?;
    }
    for note in &item.notes {
        let lead = match f.verdict {
            crate::model::Verdict::Missing => "",
            crate::model::Verdict::Deviating => "What differs: ",
            _ => "What is weaker: ",
        };
        p.write(&format!("{hang}- "), &format!("{hang}  "), &[(Style::Plain, &format!("{lead}{note}"))])?;
    }
    for (kind, meaning) in &item.kinds {
        let (label, _) = kind_words(*kind, &r.standard, &r.supplier.short, &r.customer.short);
        let text = match meaning {
            Some(m) => format!("{label}: {m}"),
            None => label.to_string(),
        };
        p.write(&format!("{hang}- "), &format!("{hang}  "), &[(Style::Dim, &format!("Kind: {text}"))])?;
    }
    if let Some(s) = &item.suggested {
        let lead = if missing { "Add a clause such as: " } else { "Suggested: " };
        p.write(&hang, &hang, &[(Style::Strong, lead), (Style::Plain, &escape_line(s))])?;
    }
    Ok(())
}

/// The clause in quotes, shortened to about `budget` characters around its
/// marked words (whole words, "…" where cut), the marks styled. Without
/// `colour` the marks stand between asterisks.
fn excerpt(text: &str, marks: &[(usize, usize)], budget: usize, colour: bool) -> Vec<(Style, String)> {
    let star = if colour { "" } else { "*" };
    let (from, to) = window(text, marks, budget.max(40));
    let mut out = vec![(Style::Plain, if from > 0 { "“…".to_string() } else { "“".to_string() })];
    let mut at = from;
    for &(s, e) in marks.iter().filter(|(s, e)| *s >= from && *e <= to) {
        out.push((Style::Plain, escape_line(&text[at..s]).into_owned()));
        out.push((Style::Mark, format!("{star}{}{star}", escape_line(&text[s..e]))));
        at = e;
    }
    out.push((Style::Plain, escape_line(&text[at..to]).into_owned()));
    out.push((Style::Plain, if to < text.len() { "…”".to_string() } else { "”".to_string() }));
    out
}

/// The byte window of `text` to show: all of it when it fits, else centred on
/// the first mark and widened to the following marks while they fit, cut at
/// whitespace.
fn window(text: &str, marks: &[(usize, usize)], budget: usize) -> (usize, usize) {
    let chars = |a: usize, b: usize| text[a..b].chars().count();
    if chars(0, text.len()) <= budget {
        return (0, text.len());
    }
    let (first, mut last) = marks.first().map_or((0, 0), |m| *m);
    for m in marks.iter().skip(1) {
        if chars(first, m.1) + 20 <= budget {
            last = m.1;
        }
    }
    let spare = budget.saturating_sub(chars(first, last.max(first)));
    let mut from = back(text, first, spare / 3);
    let to = forward(text, last.max(first), budget.saturating_sub(chars(from, last.max(first))));
    // Whole words: start after a space, end before one.
    if from > 0 {
        from = text[from..].find(char::is_whitespace).map_or(from, |i| (from + i + 1).min(first));
    }
    let to =
        if to < text.len() { text[..to].rfind(char::is_whitespace).filter(|&i| i >= last).unwrap_or(to) } else { to };
    (from, to)
}

/// The byte offset `n` characters before `at`.
fn back(text: &str, at: usize, n: usize) -> usize {
    text[..at].char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i)
}

/// The byte offset `n` characters after `at`.
fn forward(text: &str, at: usize, n: usize) -> usize {
    text[at..].char_indices().nth(n).map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_keeps_the_marks_and_the_budget() {
        let text = "Subject to the terms of this Agreement and to any applicable law, and without limiting anything else, Licensor will update the software bill of materials annually at no additional cost to Licensee, provided that Licensee has paid all fees then due and has installed every update Licensor has released.";
        let at = text.find("annually").unwrap();
        let parts = excerpt(text, &[(at, at + 8)], 90, false);
        let joined: String = parts.iter().map(|(_, t)| t.as_str()).collect();
        assert!(joined.contains("*annually*"), "{joined}");
        assert!(joined.starts_with("“…") && joined.ends_with("…”"), "{joined}");
        assert!(joined.chars().count() <= 90 + 8, "{joined}");
        let whole = excerpt("Short clause.", &[], 90, false);
        assert_eq!(whole.iter().map(|(_, t)| t.as_str()).collect::<String>(), "“Short clause.”");
    }

    #[test]
    fn colour_marks_the_words_instead_of_asterisks() {
        let text = "Licensor may encrypt Licensee data at rest.";
        let parts = excerpt(text, &[(9, 12)], 90, true);
        assert!(parts.iter().any(|(s, t)| *s == Style::Mark && t == "may"), "{parts:?}");
        let mut out = codespan_reporting::term::termcolor::Buffer::ansi();
        let mut p = Para { out: &mut out, width: 60 };
        let spans: Vec<(Style, &str)> = parts.iter().map(|(s, t)| (*s, t.as_str())).collect();
        p.write("", "", &spans).unwrap();
        let shown = String::from_utf8(out.into_inner()).unwrap();
        assert!(shown.contains("\x1b[") && shown.contains("may") && !shown.contains('*'), "{shown:?}");
    }

    #[test]
    fn wrapping_respects_the_width_with_long_words() {
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        let mut p = Para { out: &mut out, width: 40 };
        let long = format!("see {} and then *this*, done", "x".repeat(100));
        p.write("1. ", "   ", &[(Style::Plain, &long)]).unwrap();
        let text = String::from_utf8(out.into_inner()).unwrap();
        for line in text.lines() {
            assert!(line.chars().count() <= 40, "{line:?}");
        }
        assert!(text.starts_with("1. see\n   xxx"), "{text}");
    }
}
