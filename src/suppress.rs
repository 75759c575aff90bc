//! Suppressions: a Word comment on a clause reading
//! `mc2lint: allow C3-incident-notification -- reason` silences that term there;
//! config entries do the same by path and term. Suppressed findings stay in
//! JSON and SARIF, marked with their reason; `--no-suppress` shows everything.

use std::sync::OnceLock;

use regex::Regex;

use crate::document::Document;
use crate::model::{Finding, Verdict};

/// A suppression from config: a path glob (or substring), a term ID (`*` for all), a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSuppression {
    pub path: String,
    pub term: String,
    pub reason: String,
}

/// `allow TERM[, TERM...] [-- reason]` inside a comment.
fn allow_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)mc2lint\s*:\s*allow\s+([A-Za-z0-9*,\s-]+?)\s*(?:--\s*(.+))?$").expect("valid"))
}

/// Term IDs and reason of a suppression comment, if it is one.
pub fn parse_comment(text: &str) -> Option<(Vec<String>, String)> {
    let line = text.lines().find(|l| l.to_lowercase().contains("mc2lint"))?;
    let c = allow_re().captures(line.trim())?;
    let terms = c[1].split([',', ' ']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
    let reason = c
        .get(2)
        .map_or_else(|| "suppressed by a comment in the document".to_string(), |m| m.as_str().trim().to_string());
    Some((terms, reason))
}

fn term_matches(pattern: &str, term: &str) -> bool {
    pattern == "*"
        || pattern.eq_ignore_ascii_case(term)
        || term.split('-').next().is_some_and(|id| id.eq_ignore_ascii_case(pattern))
}

/// Marks findings suppressed by comments anchored on their clause (or, for
/// missing terms, anywhere in the document) and by config entries for `path`.
pub fn apply(doc: &Document, path: &str, findings: &mut [Finding], config: &[ConfigSuppression]) {
    for c in &doc.comments {
        let Some((terms, reason)) = parse_comment(&c.text) else { continue };
        for f in findings.iter_mut().filter(|f| terms.iter().any(|t| term_matches(t, &f.term))) {
            let anchored = match (f.paragraph, f.span, c.start, c.paragraph) {
                _ if f.verdict == Verdict::Missing => true,
                (_, Some(span), Some(start), _) => {
                    let end = c.end.unwrap_or(start);
                    let (ps, pe) = doc.paragraph_at(span.start).map_or((span.start, span.end), |p| (p.start, p.end));
                    start <= span.end.max(pe) && ps.min(span.start) <= end
                }
                (Some(p), _, None, Some(cp)) => p == cp,
                _ => false,
            };
            if anchored {
                f.suppressed = true;
                f.suppression = Some(reason.clone());
            }
        }
    }
    for s in config.iter().filter(|s| path_matches(&s.path, path)) {
        for f in findings.iter_mut().filter(|f| term_matches(&s.term, &f.term) && !f.suppressed) {
            f.suppressed = true;
            f.suppression = Some(s.reason.clone());
        }
    }
}

/// Glob with `*` (any run of characters) and `**`, or a plain suffix match.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let path = path.replace('\\', "/");
    if !pattern.contains('*') {
        return path == pattern || path.ends_with(&format!("/{pattern}"));
    }
    let re = format!("^(?:.*/)?{}$", regex::escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*"));
    Regex::new(&re).is_ok_and(|r| r.is_match(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_allow_comments() {
        let (terms, reason) = parse_comment("mc2lint: allow C3-incident-notification -- agreed with CISO").unwrap();
        assert_eq!(terms, ["C3-incident-notification"]);
        assert_eq!(reason, "agreed with CISO");
        assert!(parse_comment("please fix this clause").is_none());
    }

    #[test]
    fn globs() {
        assert!(path_matches("contracts/legacy/*.docx", "contracts/legacy/a.docx"));
        assert!(path_matches("**/old-*.docx", "x/y/old-1.docx"));
        assert!(!path_matches("legacy/*.docx", "contracts/new/a.docx"));
    }
}
