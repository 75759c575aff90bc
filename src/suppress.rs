//! Suppressions: a Word comment on a clause reading
//! `mc2lint: allow C3-incident-notification -- reason` silences that term on
//! the paragraphs the comment spans; config entries do the same by path and
//! term. Suppressed findings stay in JSON and SARIF, marked with their reason;
//! `--no-suppress` shows everything.
//!
//! A contract often arrives from the vendor, comments included, so a comment
//! counts only when the policy trusts its author (`[suppress] comment-authors`
//! in config, or `--trust-comments` for any author), names its terms (no
//! `allow *`), is visible, and is not in a tracked deletion. It never
//! suppresses a missing term: there is no clause for it to sit on. Every
//! suppression comment that does not count is reported, with why.

use std::sync::OnceLock;

use regex::Regex;

use crate::document::{Comment, Document};
use crate::model::{Finding, Verdict};

/// One entry of the suppression policy a checker applies
/// (`check::Options::suppressions`), built from config and flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSuppression {
    /// `[[suppress]]`: silence `term` (`*` for all) on files matching `path`.
    Rule { path: String, term: String, reason: String },
    /// Word comments by this author count (`[suppress] comment-authors`);
    /// `*` trusts every author (`--trust-comments`).
    CommentAuthor(String),
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

/// What a suppression comment is worth under a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRuling {
    /// Term IDs (as written) the comment may suppress.
    pub accepted: Vec<String>,
    pub reason: String,
    /// Why the comment, or part of it, does not count: "ignored suppression by ...".
    pub notices: Vec<String>,
}

/// Judges one comment: `None` when it is not a suppression comment at all.
/// `terms` are the IDs of the pack (one finding per term).
pub fn rule_on(c: &Comment, policy: &[ConfigSuppression], terms: &[&str]) -> Option<CommentRuling> {
    let (written, reason) = parse_comment(&c.written)?;
    let author = if c.author.is_empty() { "an unnamed author" } else { c.author.as_str() };
    let ignored = |why: &str| format!("ignored suppression by {author} (comment {}): {why}", c.id);
    let trusted = policy.iter().any(|p| match p {
        ConfigSuppression::CommentAuthor(a) => a == "*" || a.eq_ignore_ascii_case(c.author.trim()),
        ConfigSuppression::Rule { .. } => false,
    });
    let refuse = if c.hidden {
        Some("its text is hidden".to_string())
    } else if c.deleted {
        Some("it is in a tracked deletion".to_string())
    } else if !trusted {
        Some(format!(
            "the author is not trusted; add \"{author}\" to [suppress] comment-authors in mc2lint.toml, or pass --trust-comments"
        ))
    } else {
        None
    };
    let mut ruling = CommentRuling { accepted: Vec::new(), reason, notices: Vec::new() };
    if let Some(why) = refuse {
        ruling.notices.push(ignored(&why));
        return Some(ruling);
    }
    for t in written {
        if t == "*" {
            ruling.notices.push(ignored("`allow *` is not accepted from comments; name the terms"));
        } else if !terms.iter().any(|id| term_matches(&t, id)) {
            ruling.notices.push(format!(
                "comment {} by {author}: '{t}' is not a term ID, so it suppresses nothing (see `mc2lint explain terms`)",
                c.id
            ));
        } else {
            ruling.accepted.push(t);
        }
    }
    Some(ruling)
}

/// Whether the finding's clause starts on a paragraph the comment spans.
fn spans(doc: &Document, c: &Comment, f: &Finding) -> bool {
    match (f.span, c.start, f.paragraph, c.paragraph) {
        (Some(span), Some(start), _, _) => {
            let end = c.end.unwrap_or(start);
            let (ps, pe) = doc.paragraph_at(span.start).map_or((span.start, span.end), |p| (p.start, p.end));
            start <= pe && ps <= end
        }
        (_, None, Some(p), Some(cp)) => p == cp,
        _ => false,
    }
}

/// Marks findings suppressed by the comments the policy accepts (on the
/// paragraphs they span; never a missing term) and by config rules for `path`.
pub fn apply(doc: &Document, path: &str, findings: &mut [Finding], policy: &[ConfigSuppression]) {
    let terms: Vec<String> =
        if doc.comments.is_empty() { Vec::new() } else { findings.iter().map(|f| f.term.clone()).collect() };
    let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
    for c in &doc.comments {
        let Some(ruling) = rule_on(c, policy, &terms) else { continue };
        for f in findings.iter_mut().filter(|f| f.verdict != Verdict::Missing) {
            if ruling.accepted.iter().any(|t| term_matches(t, &f.term)) && spans(doc, c, f) {
                f.suppressed = true;
                f.suppression = Some(ruling.reason.clone());
            }
        }
    }
    for p in policy {
        let ConfigSuppression::Rule { path: glob, term, reason } = p else { continue };
        if !path_matches(glob, path) {
            continue;
        }
        for f in findings.iter_mut().filter(|f| term_matches(term, &f.term) && !f.suppressed) {
            f.suppressed = true;
            f.suppression = Some(reason.clone());
        }
    }
}

/// The suppression comments in `doc` that did not (wholly) count, and why.
pub fn notices(doc: &Document, findings: &[Finding], policy: &[ConfigSuppression]) -> Vec<String> {
    let terms: Vec<&str> = findings.iter().map(|f| f.term.as_str()).collect();
    doc.comments.iter().filter_map(|c| rule_on(c, policy, &terms)).flat_map(|r| r.notices).collect()
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

    fn comment(author: &str, text: &str) -> Comment {
        Comment {
            id: "7".into(),
            author: author.into(),
            date: None,
            text: text.into(),
            paragraph: Some(1),
            start: Some(10),
            end: Some(20),
            hidden: false,
            deleted: false,
            written: text.into(),
        }
    }

    #[test]
    fn only_trusted_visible_named_terms_count() {
        let terms = ["C3-incident-notification", "A6-vulnerability-disclosure"];
        let policy = [ConfigSuppression::CommentAuthor("Jane Counsel".into())];
        let vendor = comment("Vendor Legal", "mc2lint: allow C3 -- standard vendor paper");
        let r = rule_on(&vendor, &policy, &terms).unwrap();
        assert!(r.accepted.is_empty());
        assert!(r.notices[0].starts_with("ignored suppression by Vendor Legal (comment 7): the author is not trusted"));

        let ours = comment("jane counsel", "mc2lint: allow *, C3, X9-typo -- agreed");
        let r = rule_on(&ours, &policy, &terms).unwrap();
        assert_eq!(r.accepted, ["C3"]);
        assert!(r.notices[0].contains("`allow *` is not accepted"), "{:?}", r.notices);
        assert!(r.notices[1].contains("'X9-typo' is not a term ID"), "{:?}", r.notices);

        let hidden = Comment { hidden: true, ..comment("Jane Counsel", "mc2lint: allow C3") };
        assert!(rule_on(&hidden, &policy, &terms).unwrap().accepted.is_empty());
        let deleted = Comment { deleted: true, ..comment("Jane Counsel", "mc2lint: allow C3") };
        assert!(rule_on(&deleted, &policy, &terms).unwrap().notices[0].contains("tracked deletion"));
        let any = [ConfigSuppression::CommentAuthor("*".into())];
        assert_eq!(rule_on(&vendor, &any, &terms).unwrap().accepted, ["C3"]);
        assert!(rule_on(&comment("x", "looks fine"), &any, &terms).is_none());
    }

    #[test]
    fn globs() {
        assert!(path_matches("contracts/legacy/*.docx", "contracts/legacy/a.docx"));
        assert!(path_matches("**/old-*.docx", "x/y/old-1.docx"));
        assert!(!path_matches("legacy/*.docx", "contracts/new/a.docx"));
    }
}
