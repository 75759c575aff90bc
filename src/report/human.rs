//! Human output, the way rustc shows errors: the clause text with the weakening
//! words underlined, a `= help:` line with the reference wording, and a summary.

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};

use crate::document::Document;
use crate::model::{DocumentReport, Finding, Severity, Verdict, Visibility};
use crate::reference::Pack;

fn cs_severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        _ => CsSeverity::Note,
    }
}

/// Writes one document's findings at or above `min` severity.
pub fn emit(
    out: &mut dyn WriteColor,
    report: &DocumentReport,
    doc: Option<&Document>,
    pack: &Pack,
    min: Severity,
) -> std::io::Result<()> {
    if let Some(err) = &report.error {
        writeln!(out, "error[{}]: {}", err.code, err.message)?;
        return Ok(());
    }
    let source = doc.map_or("", |d| d.text.as_str());
    let file = SimpleFile::new(report.path.as_str(), source);
    let config = term::Config::default();
    for f in report.terms.iter().filter(|f| f.is_issue() && f.severity >= min) {
        let diagnostic = diagnostic(f, pack, doc.is_some());
        term::emit(out, &config, &file, &diagnostic).map_err(std::io::Error::other)?;
    }
    Ok(())
}

fn diagnostic(f: &Finding, pack: &Pack, has_source: bool) -> Diagnostic<()> {
    let term = pack.term(&f.term);
    let title = term.map_or(f.term.as_str(), |t| t.spec.title.as_str());
    let kinds = if f.kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
    };
    let clause = f.clause.as_deref().map(|c| format!(" in clause {c}")).unwrap_or_default();
    let mut d = Diagnostic::new(cs_severity(f.severity))
        .with_code(f.term.clone())
        .with_message(format!("{title}: {}{kinds}{clause}", f.verdict.as_str()));
    if let (Some(span), true) = (f.span, has_source) {
        // The clause is underlined quietly; the weakening words carry the notes.
        let mut labels = vec![Label::secondary((), span.start..span.end)];
        for e in f.evidence.iter().filter(|e| e.start >= span.start && e.end <= span.end && e.end > e.start) {
            labels.push(Label::primary((), e.start..e.end).with_message(e.note.clone()));
        }
        if labels.len() == 1 {
            labels[0] = Label::primary((), span.start..span.end).with_message(f.message.clone());
        }
        d = d.with_labels(labels);
        let outside: Vec<String> = f
            .evidence
            .iter()
            .filter(|e| e.start >= span.end || e.end <= span.start || e.end == e.start)
            .map(|e| e.note.clone())
            .collect();
        if !outside.is_empty() {
            d = d.with_notes(outside.into_iter().map(|n| format!("note: {n}")).collect());
        }
    } else {
        d = d.with_notes(vec![f.message.clone()]);
    }
    if let Some(t) = term {
        let verb = if f.verdict == Verdict::Missing { "add a clause such as" } else { "reference wording" };
        d.notes.push(format!("help: {verb}: {}", t.spec.model));
        d.notes.push(format!("help: `mc2lint explain {}` for details", f.term));
    }
    d
}

/// "contract.docx: 27 terms: 15 conformant, 5 weakened, 1 deviating, 2 missing,
/// 4 hidden (1 suppressed, 3 in the baseline) (coverage 56%)": the counts add up
/// to the terms, and hidden findings are never left unsaid.
pub fn summary_line(report: &DocumentReport) -> String {
    match &report.summary {
        Some(s) => {
            let hidden = s.suppressed + s.baselined + s.off;
            let off = if s.off == 0 { String::new() } else { format!(", {} switched off", s.off) };
            let hidden = if hidden == 0 {
                String::new()
            } else {
                format!(", {hidden} hidden ({} suppressed, {} in the baseline{off})", s.suppressed, s.baselined)
            };
            format!(
                "{}: {} terms: {} conformant, {} weakened, {} deviating, {} missing{hidden} (coverage {})",
                report.path,
                report.terms.len(),
                s.conformant,
                s.weakened,
                s.deviating,
                s.missing,
                super::portfolio::coverage_percent(s.coverage)
            )
        }
        None => format!("{}: not checked", report.path),
    }
}

/// Shown and hidden findings over all reports.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub documents: usize,
    pub shown: usize,
    pub suppressed: usize,
    pub baselined: usize,
    pub off: usize,
}

impl Totals {
    pub fn of(reports: &[DocumentReport]) -> Totals {
        let mut t = Totals { documents: reports.len(), ..Totals::default() };
        for f in reports.iter().flat_map(|r| &r.terms) {
            match f.visibility() {
                Visibility::Shown => t.shown += 1,
                Visibility::Baselined => t.baselined += 1,
                Visibility::Suppressed => t.suppressed += 1,
                Visibility::Off => t.off += 1,
                Visibility::Conformant => {}
            }
        }
        t
    }

    /// The last line of text output: "2 contracts: 12 findings shown; 3 hidden
    /// by suppressions, 5 by the baseline".
    pub fn line(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let off = if self.off == 0 { String::new() } else { format!(" ({} more switched off in config)", self.off) };
        format!(
            "{}: {} shown; {} hidden by suppressions, {} by the baseline{off}",
            plural(self.documents, "contract", "contracts"),
            plural(self.shown, "finding", "findings"),
            self.suppressed,
            self.baselined
        )
    }
}
