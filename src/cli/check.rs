use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use super::{LimitArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::baseline::Baseline;
use crate::check::{Checker, Options};
use crate::config::{Config, FailLevel};
use crate::document::{Document, View};
use crate::error::ReadError;
use crate::model::{DocumentReport, Parties, Report, Severity};
use crate::output::Escaping;
use crate::reference::Pack;
use crate::report::{github, human, sarif};

/// Options every checking command shares.
#[derive(Args, Debug, Clone)]
pub struct CheckCommon {
    /// Reference pack: `mc2@1`, `mc2@2` (default), or a path to a pack TOML.
    #[arg(long, short = 'r', value_name = "PACK")]
    pub reference: Option<String>,
    /// Check the text as if pending tracked changes were accepted (default) or rejected.
    #[arg(long, value_enum, default_value_t = View::Accepted)]
    pub view: View,
    /// Name a party when the preamble does not make it clear, e.g. `--party mdm=Seller`
    /// or `--party hdo="St. Mary Hospital"`. Repeatable.
    #[arg(long, value_name = "ROLE=NAME")]
    pub party: Vec<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Give up on a document after this many seconds (error code `timeout`), so that one
    /// pathological file cannot stall the run; 0 means no limit.
    #[arg(long, value_name = "SECONDS", default_value = "120", value_parser = parse_seconds)]
    pub max_seconds: Duration,
}

/// `--max-seconds`: a non-negative number of seconds, fractions allowed.
fn parse_seconds(s: &str) -> Result<Duration, String> {
    let bad = || format!("expected a number of seconds such as 120 or 0.5 (0 = no limit), got {s:?}");
    let secs: f64 = s.trim().parse().map_err(|_| bad())?;
    if !secs.is_finite() || secs < 0.0 {
        return Err(bad());
    }
    Duration::try_from_secs_f64(secs).map_err(|_| bad())
}

impl CheckCommon {
    /// The time budget per document (`--max-seconds`).
    pub fn budget(&self) -> Option<Duration> {
        (!self.max_seconds.is_zero()).then_some(self.max_seconds)
    }

    /// Builds the checker, or explains on stderr why it cannot.
    pub fn checker(&self) -> Result<Checker, String> {
        self.checker_with(None, false)
    }

    /// Builds the checker from `config` (if any) overridden by these flags.
    pub fn checker_with(&self, config: Option<&Config>, no_suppress: bool) -> Result<Checker, String> {
        let reference = self
            .reference
            .clone()
            .or_else(|| config.and_then(Config::reference))
            .unwrap_or_else(|| crate::reference::DEFAULT_PACK.to_string());
        let mut pack = Pack::load(&reference).map_err(|e| e.to_string())?;
        let mut parties = config.map(Config::parties).unwrap_or_default();
        let mut cli_parties = Parties::default();
        for p in &self.party {
            let (role, name) =
                p.split_once('=').ok_or_else(|| format!("--party {p:?}: expected ROLE=NAME, e.g. mdm=Seller"))?;
            match role.trim().to_ascii_lowercase().as_str() {
                "mdm" | "supplier" => cli_parties.mdm.push(name.trim().to_string()),
                "hdo" | "customer" => cli_parties.hdo.push(name.trim().to_string()),
                other => return Err(format!("--party {p:?}: unknown role '{other}' (use mdm or hdo)")),
            }
        }
        if !cli_parties.mdm.is_empty() {
            parties.mdm = cli_parties.mdm;
        }
        if !cli_parties.hdo.is_empty() {
            parties.hdo = cli_parties.hdo;
        }
        let mut options =
            Options { view: self.view, limits: self.limits.limits(), parties, no_suppress, ..Options::default() };
        if let Some(c) = config {
            c.apply_params(&mut pack)?;
            options.severity = c.severities(&pack)?;
            options.suppressions = c.suppressions(&pack)?;
        }
        Ok(Checker::new(pack, options))
    }
}

/// Checks `files`, each with the checker for its config (`--config`, or the
/// nearest `mc2lint.toml` above it), and hands every result to `each`.
/// Files a config's `ignore` covers are skipped (noted on stderr).
/// Fails when a config cannot be loaded or applied.
pub fn check_files(
    common: &CheckCommon,
    explicit: Option<&Path>,
    no_suppress: bool,
    files: &[PathBuf],
    mut each: impl FnMut(&Checker, Option<&Config>, DocumentReport, Option<Document>),
) -> Result<(), String> {
    let explicit = explicit.map(Config::load).transpose()?;
    let mut configs: HashMap<Option<PathBuf>, (Option<Config>, Arc<Checker>)> = HashMap::new();
    for file in files {
        let key = match &explicit {
            Some(c) => Some(c.path.clone()),
            None => Config::discover(file),
        };
        if !configs.contains_key(&key) {
            let config = match (&explicit, &key) {
                (Some(c), _) => Some(c.clone()),
                (None, Some(path)) => Some(Config::load(path)?),
                (None, None) => None,
            };
            let checker = Arc::new(common.checker_with(config.as_ref(), no_suppress)?);
            configs.insert(key.clone(), (config, checker));
        }
        let (config, checker) = &configs[&key];
        if config.as_ref().is_some_and(|c| c.ignores(file)) {
            crate::eline!(
                "note: {} skipped (ignored by {})",
                file.display(),
                config.as_ref().expect("some").path.display()
            );
            continue;
        }
        let (report, doc) = check_one(checker, file, common.budget());
        each(checker, config.as_ref(), report, doc);
    }
    Ok(())
}

/// Reads and checks one file within `budget`; what cannot be read or checked in
/// time becomes an error report.
fn check_one(checker: &Arc<Checker>, file: &Path, budget: Option<Duration>) -> (DocumentReport, Option<Document>) {
    let failed = |e: &ReadError| (DocumentReport::from_error(&file.display().to_string(), e, None), None);
    let bytes = match crate::docx::read_input(file, checker.options.limits.max_file) {
        Ok(bytes) => bytes,
        Err(e) => return failed(&e),
    };
    let (worker, owned) = (Arc::clone(checker), file.to_path_buf());
    match super::budget::run_within(budget, move || worker.check_bytes_keep(&owned, &bytes)) {
        Ok(done) => done,
        Err((code, cause)) => failed(&ReadError::new(code, file, cause)),
    }
}

#[derive(Args)]
pub struct CheckArgs {
    /// DOCX files to check.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    common: CheckCommon,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with status 1 when a finding reaches this severity [default: error, or `fail-on` in mc2lint.toml].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Use this config file instead of the nearest `mc2lint.toml` above each input.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Report only findings that the baseline file (`mc2lint baseline create`) does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Ignore every suppression (Word comments and config) and show everything.
    #[arg(long)]
    no_suppress: bool,
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Also print warnings-level findings in text output (errors are always shown).
    #[arg(long, short = 'q', help = "Print only the summary line per file")]
    quiet: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Findings like compiler diagnostics, plus a summary per file.
    Text,
    /// The `mc2lint/report@1` JSON report (see report-schema.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and SARIF viewers (suppressed findings kept and marked).
    Sarif,
    /// GitHub Actions workflow annotations (`::error file=...,line=...::...`).
    Github,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }

    fn from_config(level: FailLevel) -> FailOn {
        match level {
            FailLevel::Error => FailOn::Error,
            FailLevel::Warning => FailOn::Warning,
            FailLevel::Info => FailOn::Info,
            FailLevel::Never => FailOn::Never,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

pub fn run(args: CheckArgs) -> i32 {
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let choice = match args.color {
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
        Color::Auto
            if std::io::IsTerminal::is_terminal(&std::io::stdout()) && std::env::var_os("NO_COLOR").is_none() =>
        {
            ColorChoice::Auto
        }
        Color::Auto => ColorChoice::Never,
    };
    let mut reports = Vec::new();
    let mut code = EXIT_OK;
    let mut header: Option<(Pack, String)> = None;
    // Clause text and file names come from the documents: escaped (see output::escape_text).
    let mut stdout = Escaping::new(StandardStream::stdout(choice));
    // The first failed write to stdout; nothing more is written after it.
    let mut write_error: Option<std::io::Error> = None;
    let result = check_files(
        &args.common,
        args.config.as_deref(),
        args.no_suppress,
        &args.files,
        |checker, config, mut report, doc| {
            let baselined = baseline.as_ref().map_or(0, |b| b.filter(std::slice::from_mut(&mut report)));
            let fail_on = args
                .fail_on
                .or_else(|| config.and_then(|c| c.file.fail_on).map(FailOn::from_config))
                .unwrap_or(FailOn::Error);
            code = code.max(exit_code(std::slice::from_ref(&report), fail_on));
            if header.is_none() {
                header = Some((checker.pack.clone(), checker.options.view.as_str().to_string()));
            }
            if write_error.is_none() {
                let written = match args.format {
                    Format::Text => write_text(&mut stdout, &report, doc.as_ref(), checker, args.quiet, baselined),
                    Format::Github => stdout
                        .raw()
                        .and_then(|out| github::render(&report).iter().try_for_each(|line| writeln!(out, "{line}"))),
                    Format::Json | Format::Sarif => Ok(()),
                };
                write_error = written.and_then(|_| stdout.flush()).err();
            }
            reports.push(report);
        },
    );
    if let Err(e) = result {
        crate::eline!("error: {e}");
        return EXIT_ERROR;
    }
    if let Some(e) = write_error {
        return crate::output::stdout_failed(&e, code);
    }
    let (pack, view) = match header {
        Some(h) => h,
        None => match args.common.checker() {
            Ok(c) => (c.pack, c.options.view.as_str().to_string()),
            Err(e) => {
                crate::eline!("error: {e}");
                return EXIT_ERROR;
            }
        },
    };
    match args.format {
        Format::Json => {
            let report = Report::new(&pack.id, pack.terms.len(), &view, reports);
            match serde_json::to_string_pretty(&report) {
                Ok(json) => crate::output::print(&format!("{json}\n"), code),
                Err(e) => {
                    crate::eline!("error: cannot write the JSON report ({e})");
                    EXIT_ERROR
                }
            }
        }
        Format::Sarif => crate::output::print(&format!("{}\n", sarif::render(&pack, &view, &reports)), code),
        Format::Text | Format::Github => code,
    }
}

/// One document in text output: an unreadable one as one line on stderr, else
/// its findings (unless `quiet`) and its summary line.
fn write_text(
    out: &mut Escaping<StandardStream>,
    report: &DocumentReport,
    doc: Option<&Document>,
    checker: &Checker,
    quiet: bool,
    baselined: usize,
) -> std::io::Result<()> {
    if let Some(e) = &report.error {
        crate::eline!("error[{}]: {}", e.code, e.message);
        return Ok(());
    }
    if !quiet {
        human::emit(out, report, doc, &checker.pack, Severity::Info)?;
    }
    writeln!(out, "{}", human::summary_line(report))?;
    if baselined > 0 {
        writeln!(out, "  ({baselined} findings recorded in the baseline not shown)")?;
    }
    Ok(())
}

/// 2 when an input could not be read, else 1 when findings reach `fail_on`, else 0.
pub fn exit_code(reports: &[crate::model::DocumentReport], fail_on: FailOn) -> i32 {
    if reports.iter().any(|r| r.is_error()) {
        return EXIT_ERROR;
    }
    let Some(threshold) = fail_on.threshold() else { return EXIT_OK };
    let failing = reports.iter().flat_map(|r| &r.terms).any(|f| f.is_issue() && f.severity >= threshold);
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
