//! Output formats. Each renderer takes finished results and only formats them.

pub mod diff;
pub mod dump;
pub mod github;
pub mod html;
pub mod human;
pub mod portfolio;
pub mod review;
pub mod review_html;
pub mod review_text;
pub mod sarif;
pub mod table;
pub mod terminal;

/// Escapes text for XML and HTML content and quoted attributes, dropping the
/// control characters XML 1.0 forbids. Shared by the HTML report and the
/// Word comments `annotate` writes.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Where findings go in CI outputs (SARIF, GitHub annotations): paths
/// relative to the repository root, and the paragraph a missing term points
/// at (the security section heading, else the first paragraph).
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub root: std::path::PathBuf,
    missing_at: std::collections::HashMap<String, usize>,
}

impl Places {
    pub fn new(root: std::path::PathBuf) -> Places {
        Places { root, missing_at: Default::default() }
    }

    /// Remembers where missing terms of the report at `path` belong in `doc`.
    pub fn note(&mut self, path: &str, doc: &crate::document::Document) {
        let first = || doc.paragraphs.iter().find(|p| p.kind.is_contract_text());
        if let Some(p) = doc.security_heading().or_else(first) {
            self.missing_at.insert(path.to_string(), p.index);
        }
    }

    /// The report's path relative to the root, or `None` when it lies outside.
    pub fn relative(&self, path: &str) -> Option<String> {
        crate::repo::inside(std::path::Path::new(path), &self.root)
    }

    /// The 1-based line (paragraph number) of a finding.
    pub fn line(&self, path: &str, f: &crate::model::Finding) -> usize {
        f.paragraph.or_else(|| self.missing_at.get(path).copied()).map_or(1, |p| p + 1)
    }
}

/// One line about a finding for CI outputs: term, verdict, kinds, clause
/// number, an excerpt of the clause, and what is wrong:
/// `C3-incident-notification weakened (efforts) in clause 7.1: "…use commercially
/// reasonable efforts to notify…": qualified by 'commercially reasonable efforts'`.
pub fn headline(f: &crate::model::Finding) -> String {
    let kinds = if f.kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
    };
    let clause = f.clause.as_deref().map(|c| format!(" in clause {c}")).unwrap_or_default();
    let words = excerpt(f).map(|e| format!(" \"{e}\":")).unwrap_or_default();
    format!("{} {}{kinds}{clause}:{words} {}", f.term, f.verdict.as_str(), f.message)
}

/// A short excerpt of the clause around its first weakening words, on one
/// line, for outputs where the reader cannot open the DOCX (a pull request):
/// `…will use commercially reasonable efforts to notify Customer of…`.
pub fn excerpt(f: &crate::model::Finding) -> Option<String> {
    const CONTEXT: usize = 50;
    let (text, span) = (f.text.as_deref()?, f.span?);
    let focus = f
        .evidence
        .iter()
        .find(|e| e.end > e.start && e.start >= span.start && e.end <= span.end)
        .map_or((0, 0), |e| (e.start - span.start, e.end - span.start));
    let mut from = focus.0.saturating_sub(CONTEXT);
    let mut to = (focus.1 + CONTEXT).max(2 * CONTEXT).min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    while !text.is_char_boundary(to) {
        to += 1;
    }
    // Whole words only: cut after the space before `from` and before the space after `to`.
    if from > 0 {
        from = text[..from].rfind(char::is_whitespace).map_or(0, |i| i + 1);
    }
    if to < text.len() {
        to = text[to..].find(char::is_whitespace).map_or(text.len(), |i| to + i);
    }
    let words = text[from..to].split_whitespace().collect::<Vec<_>>().join(" ");
    let (open, close) = (if from > 0 { "…" } else { "" }, if to < text.len() { "…" } else { "" });
    Some(format!("{open}{words}{close}"))
}

#[cfg(test)]
mod tests {
    use crate::model::{Evidence, Finding, Severity, Span, Verdict};

    #[test]
    fn excerpt_centres_on_the_weakening_words() {
        let text = "7.1 Supplier will, subject to the terms of this Agreement and to any applicable law, use commercially reasonable efforts to notify Customer of security incidents within ten (10) business days after it has confirmed them.";
        let at = text.find("commercially").unwrap();
        let f = Finding {
            term: "C3".into(),
            verdict: Verdict::Weakened,
            kinds: Vec::new(),
            severity: Severity::Error,
            clause: Some("7.1".into()),
            paragraph: Some(1),
            span: Some(Span { start: 100, end: 100 + text.len() }),
            score: 0.5,
            message: String::new(),
            text: Some(text.into()),
            suppressed: false,
            suppression: None,
            evidence: vec![Evidence::stated(None, 100 + at, 100 + at + 31, String::new())],
        };
        let e = super::excerpt(&f).unwrap();
        assert!(e.starts_with('…') && e.ends_with('…'), "{e}");
        assert!(e.contains("use commercially reasonable efforts to notify"), "{e}");
        assert!(e.len() < 160, "{e}");
        assert!(!e.contains("7.1 Supplier"), "{e}");
    }
}
