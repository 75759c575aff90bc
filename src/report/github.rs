//! `--format github`: GitHub Actions workflow commands, one line per finding,
//! e.g. `::error file=contract.docx,line=12,title=C3-incident-notification weakened::...`.
//! The line is the paragraph number (as in SARIF), paths are relative to the
//! repository root. Suppressed and switched-off findings are not printed.
//!
//! GitHub shows at most ten errors, ten warnings and ten notices per step and
//! drops the rest, so a level with more findings than that gets one
//! annotation per file listing them all. `job_summary` writes the markdown for
//! `$GITHUB_STEP_SUMMARY`: every contract's terms and verdicts.

use super::human::Totals;
use super::{headline, Places};
use crate::model::{DocumentReport, Finding, Notice, Severity, Verdict};

/// Annotations per level GitHub shows for one step.
pub const LIMIT: usize = 10;

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

fn short(f: &Finding) -> String {
    let clause = f.clause.as_deref().map(|c| format!(" in clause {c}")).unwrap_or_default();
    format!("{} {}{clause}", f.term, f.verdict.as_str())
}

fn line(path: &str, at: usize, f: &Finding) -> String {
    format!(
        "::{} file={},line={at},title={}::{}",
        command(f.severity),
        escape_property(path),
        escape_property(&short(f)),
        escape_data(&headline(f))
    )
}

/// One annotation for all of a file's findings at one level.
fn grouped(path: &str, at: usize, level: &str, findings: &[&Finding]) -> String {
    let list: Vec<String> = findings.iter().map(|f| short(f)).collect();
    let title = format!("{} {level} findings in this contract", findings.len());
    format!(
        "::{level} file={},line={at},title={}::{}",
        escape_property(path),
        escape_property(&title),
        escape_data(&format!(
            "{}\n(one annotation per file: GitHub shows {LIMIT} per level; the job summary and SARIF list each)",
            list.join("\n")
        ))
    )
}

/// A `::warning` for a notice (an ignored suppression comment).
pub fn notice(n: &Notice, places: &Places) -> String {
    let path = places.relative(&n.path).unwrap_or_else(|| n.path.clone());
    format!("::warning file={},title=mc2lint::{}", escape_property(&path), escape_data(&n.message))
}

/// The workflow commands for all reports: unreadable inputs and notices one
/// each, findings one each unless their level passes `LIMIT`, then grouped per file.
pub fn render(reports: &[DocumentReport], notices: &[Notice], places: &Places) -> Vec<String> {
    let path_of = |r: &DocumentReport| places.relative(&r.path).unwrap_or_else(|| r.path.clone());
    let mut out: Vec<String> = reports
        .iter()
        .filter_map(|r| {
            let e = r.error.as_ref()?;
            Some(format!(
                "::error file={},title={}::{}",
                escape_property(&path_of(r)),
                escape_property(&format!("error[{}]", e.code)),
                escape_data(&e.message)
            ))
        })
        .collect();
    out.extend(notices.iter().map(|n| notice(n, places)));
    for level in ["error", "warning", "notice"] {
        let taken = out.iter().filter(|l| l.starts_with(&format!("::{level} "))).count();
        let mut by_file: Vec<(&DocumentReport, Vec<&Finding>)> = Vec::new();
        for r in reports {
            let fs: Vec<&Finding> = r.terms.iter().filter(|f| f.is_issue() && command(f.severity) == level).collect();
            if !fs.is_empty() {
                by_file.push((r, fs));
            }
        }
        let count: usize = by_file.iter().map(|(_, fs)| fs.len()).sum();
        if taken + count <= LIMIT {
            for (r, fs) in by_file {
                let path = path_of(r);
                out.extend(fs.iter().map(|f| line(&path, places.line(&r.path, f), f)));
            }
            continue;
        }
        // Grouped per file; past the limit in files too, the rest in one last line,
        // so that GitHub drops nothing silently.
        let room = LIMIT.saturating_sub(taken).max(1);
        let shown = if by_file.len() <= room { by_file.len() } else { room - 1 };
        for (r, fs) in &by_file[..shown] {
            out.push(grouped(&path_of(r), places.line(&r.path, fs[0]), level, fs));
        }
        let rest = &by_file[shown..];
        if !rest.is_empty() {
            let n: usize = rest.iter().map(|(_, fs)| fs.len()).sum();
            let files: Vec<String> = rest.iter().map(|(r, _)| path_of(r)).collect();
            out.push(format!(
                "::{level} title={}::{}",
                escape_property(&format!("{n} more {level} findings in {} more contracts", rest.len())),
                escape_data(&format!("{}\n(see the job summary or SARIF for each finding)", files.join("\n")))
            ));
        }
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Markdown for `$GITHUB_STEP_SUMMARY`: totals, one row per contract, and
/// each contract's terms and verdicts (hidden ones with their reason).
pub fn job_summary(reports: &[DocumentReport], notices: &[Notice], places: &Places) -> String {
    let path_of = |p: &str| places.relative(p).unwrap_or_else(|| p.to_string());
    let totals = Totals::of(reports);
    let mut md = format!("## mc2lint: {}\n\n", totals.line());
    md += "| Contract | Conformant | Weakened | Deviating | Missing | Hidden |\n|---|---:|---:|---:|---:|---:|\n";
    for r in reports {
        match (&r.summary, &r.error) {
            (Some(s), _) => {
                md += &format!(
                    "| {} | {} | {} | {} | {} | {} |\n",
                    cell(&path_of(&r.path)),
                    s.conformant,
                    s.weakened,
                    s.deviating,
                    s.missing,
                    s.suppressed + s.baselined + s.off
                )
            }
            (None, e) => {
                let why = e.as_ref().map_or("not checked".to_string(), |e| format!("error[{}]", e.code));
                md += &format!("| {} | {} | | | | |\n", cell(&path_of(&r.path)), cell(&why));
            }
        }
    }
    if !notices.is_empty() {
        md += "\n### Suppressions that did not count\n\n";
        for n in notices {
            md += &format!("- `{}`: {}\n", path_of(&n.path), n.message);
        }
    }
    for r in reports.iter().filter(|r| !r.is_error()) {
        let name = super::escape_markup(&path_of(&r.path));
        md += &format!("\n<details><summary>{name}: terms and verdicts</summary>\n\n");
        md += "| Term | Verdict | Clause | Kinds | Note |\n|---|---|---|---|---|\n";
        for f in &r.terms {
            let verdict = match (f.verdict, f.suppressed) {
                (Verdict::Conformant, _) => "conformant".to_string(),
                (v, false) => format!("**{}**", v.as_str()),
                (v, true) => format!("{} (hidden)", v.as_str()),
            };
            let kinds: Vec<&str> = f.kinds.iter().map(|k| k.as_str()).collect();
            let note = if f.suppressed { f.suppression.clone().unwrap_or_default() } else { String::new() };
            md += &format!(
                "| {} | {verdict} | {} | {} | {} |\n",
                f.term,
                f.clause.as_deref().unwrap_or(""),
                kinds.join(", "),
                cell(&note)
            );
        }
        md += "\n</details>\n";
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, errors: usize) -> DocumentReport {
        let f = |i: usize| Finding::missing(format!("T{i}"), "no clause");
        DocumentReport {
            path: path.into(),
            status: "ok".into(),
            sha256: None,
            parties: None,
            terms: (0..errors).map(f).collect(),
            summary: None,
            error: None,
        }
    }

    #[test]
    fn never_past_the_limit() {
        let places = Places::new(std::env::temp_dir());
        let few: Vec<DocumentReport> = (0..2).map(|i| report(&format!("c{i}.docx"), 4)).collect();
        assert_eq!(render(&few, &[], &places).len(), 8, "eight findings: one annotation each");
        let many: Vec<DocumentReport> = (0..14).map(|i| report(&format!("c{i}.docx"), 3)).collect();
        let lines = render(&many, &[], &places);
        assert_eq!(lines.len(), LIMIT, "{lines:#?}");
        assert!(lines[..9].iter().all(|l| l.contains("3 error findings in this contract")));
        assert!(lines[9].contains("15 more error findings in 5 more contracts"), "{}", lines[9]);
        assert!(lines[9].contains("c13.docx"), "{}", lines[9]);
    }

    #[test]
    fn escapes() {
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(escape_data("50% within 10, days\n"), "50%25 within 10, days%0A");
    }
}
