//! `--format github`: GitHub Actions workflow commands, one line per finding,
//! e.g. `::error file=contract.docx,line=12,title=C3-incident-notification weakened::...`.
//! The line is the paragraph number (as in SARIF). Suppressed and switched-off
//! findings are not printed.

use crate::model::{DocumentReport, Finding, Severity};

/// Escapes a workflow-command message (`%`, CR, LF).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "notice",
    }
}

fn line(path: &str, f: &Finding) -> String {
    let clause = f.clause.as_deref().map(|c| format!(" in clause {c}")).unwrap_or_default();
    let title = format!("{} {}{clause}", f.term, f.verdict.as_str());
    let kinds = if f.kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
    };
    format!(
        "::{} file={},line={},title={}::{}{kinds}",
        command(f.severity),
        escape_property(path),
        f.paragraph.map_or(1, |p| p + 1),
        escape_property(&title),
        escape_data(&f.message)
    )
}

/// The workflow commands for one document (an unreadable one gives one `::error`).
pub fn render(report: &DocumentReport) -> Vec<String> {
    if let Some(e) = &report.error {
        return vec![format!(
            "::error file={},title={}::{}",
            escape_property(&report.path),
            escape_property(&format!("error[{}]", e.code)),
            escape_data(&e.message)
        )];
    }
    report.terms.iter().filter(|f| f.is_issue()).map(|f| line(&report.path, f)).collect()
}

/// A `::warning` for a notice (an ignored suppression comment).
pub fn notice(n: &crate::model::Notice) -> String {
    format!("::warning file={},title=mc2lint::{}", escape_property(&n.path), escape_data(&n.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(escape_data("50% within 10, days\n"), "50%25 within 10, days%0A");
    }
}
