use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, ValueEnum};
use codespan_reporting::term::termcolor::{Buffer, ColorChoice, StandardStream, WriteColor};

use super::{LimitArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::baseline::{doc_id, Baseline};
use crate::check::{Checker, Options};
use crate::config::{Config, FailLevel};
use crate::document::{Document, View};
use crate::error::ReadError;
use crate::model::{DocumentReport, Notice, Parties, Report, Severity, Summary};
use crate::output::Escaping;
use crate::reference::Pack;
use crate::report::{github, human, review_html, review_text, sarif, Places};
use crate::suppress::ConfigSuppression;

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
    /// Count `mc2lint: allow` Word comments by any author, not only those in
    /// `[suppress] comment-authors` (only for documents you wrote yourself).
    #[arg(long)]
    pub trust_comments: bool,
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
        if self.trust_comments {
            options.suppressions.push(ConfigSuppression::CommentAuthor("*".into()));
        }
        Ok(Checker::new(pack, options))
    }
}

/// One checker per config file, for the inputs of one command. Every command
/// that checks (check, baseline, annotate, audit) finds config this way:
/// `--config`, else `Config::discover` under the repository root.
pub struct Checkers<'a> {
    common: &'a CheckCommon,
    no_suppress: bool,
    root: PathBuf,
    explicit: Option<Config>,
    by_config: HashMap<Option<PathBuf>, (Option<Config>, Arc<Checker>)>,
}

impl<'a> Checkers<'a> {
    pub fn new(common: &'a CheckCommon, explicit: Option<&Path>, no_suppress: bool) -> Result<Self, String> {
        Ok(Checkers {
            common,
            no_suppress,
            root: crate::repo::root(),
            explicit: explicit.map(Config::load).transpose()?,
            by_config: HashMap::new(),
        })
    }

    /// The config (and its checker) for `input`; fails when it cannot be loaded or applied.
    pub fn for_input(&mut self, input: &Path) -> Result<(Option<&Config>, &Arc<Checker>), String> {
        let key = match &self.explicit {
            Some(c) => Some(c.path.clone()),
            None => Config::discover(input, &self.root),
        };
        if !self.by_config.contains_key(&key) {
            let config = match (&self.explicit, &key) {
                (Some(c), _) => Some(c.clone()),
                (None, Some(path)) => Some(Config::load(path)?),
                (None, None) => None,
            };
            let checker = Arc::new(self.common.checker_with(config.as_ref(), self.no_suppress)?);
            self.by_config.insert(key.clone(), (config, checker));
        }
        let (config, checker) = &self.by_config[&key];
        Ok((config.as_ref(), checker))
    }

    /// The checker for a whole portfolio: `--config`, else the root's config.
    pub fn for_portfolio(&mut self) -> Result<&Arc<Checker>, String> {
        let beside_root = self.root.join(crate::config::CONFIG_NAME);
        Ok(self.for_input(&beside_root)?.1)
    }
}

/// Checks `files`, each with the checker for its config (see `Checkers`),
/// and hands every result to `each`. Files a config's `ignore` covers are
/// skipped (noted on stderr). Fails when a config cannot be loaded or applied.
pub fn check_files(
    common: &CheckCommon,
    explicit: Option<&Path>,
    no_suppress: bool,
    files: &[PathBuf],
    mut each: impl FnMut(&Checker, Option<&Config>, DocumentReport, Option<Document>),
) -> Result<(), String> {
    let mut checkers = Checkers::new(common, explicit, no_suppress)?;
    for file in files {
        let (config, checker) = checkers.for_input(file)?;
        if let Some(c) = config.filter(|c| c.ignores(file)) {
            crate::eline!("note: {} skipped (ignored by {})", file.display(), c.path.display());
            continue;
        }
        let (report, doc) = check_one(checker, file, common.budget());
        each(checker, config, report, doc);
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
    /// Write the output to this file instead of stdout (without colour).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit with status 1 when a finding reaches this severity [default: error, or `fail-on` in mc2lint.toml].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Use this config file instead of the nearest `mc2lint.toml` above each input.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Report only findings that the baseline file (`mc2lint baseline create`) does not record.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Make SARIF and GitHub paths relative to this folder [default: the repository root,
    /// the nearest folder above holding `.git`, else the current folder].
    #[arg(long, value_name = "DIR")]
    sarif_root: Option<PathBuf>,
    /// Ignore every suppression (Word comments and config) and show everything.
    #[arg(long)]
    no_suppress: bool,
    /// When to colour text output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Also print warnings-level findings in text output (errors are always shown).
    #[arg(long, short = 'q', help = "Print only the summary line per file")]
    quiet: bool,
    /// Running as a git hook (pre-commit): print only the findings that block the commit, and end
    /// with how many block it.
    #[arg(long)]
    hook: bool,
    /// List every pending tracked change by author and date with the terms it weakens or
    /// strengthens ("what the vendor changed"), text or JSON; exit 1 when one weakens a term.
    #[arg(long)]
    revisions: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// The review on a terminal; compiler-style diagnostics when piped or written with -o.
    Text,
    /// A review for people: summary first, findings by severity in clause order, plain words.
    Review,
    /// Findings like compiler diagnostics, plus a summary per file (for editors and CI).
    Diagnostics,
    /// A self-contained HTML review page: the contract text with each finding's clause
    /// highlighted, a filterable list of findings, a print stylesheet.
    Html,
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

    fn name(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Info => "info",
            FailOn::Never => "never",
        }
    }

    pub fn from_config(level: FailLevel) -> FailOn {
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
    if args.revisions {
        let json = matches!(args.format, Format::Json);
        return super::revisions::run(&args.files, &args.common, args.config.as_deref(), json, args.output.as_deref());
    }
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
    let root = crate::repo::root();
    let mut placed = HashSet::new();
    let mut checked = HashSet::new();
    let mut reports = Vec::new();
    let mut notices = Vec::new();
    let mut places = Places::new(args.sarif_root.as_deref().map_or_else(|| root.clone(), crate::repo::absolute));
    let mut code = EXIT_OK;
    let mut blocking = Blocking::default();
    let mut header: Option<(Pack, String)> = None;
    // With -o everything goes to a buffer, written to the file once complete.
    // Clause text and file names come from the documents: escaped (see output::escape_text).
    let mut terminal = Escaping::new(StandardStream::stdout(choice));
    let mut buffer = Escaping::new(Buffer::no_color());
    let stdout: &mut dyn WriteColor = if args.output.is_some() { &mut buffer } else { &mut terminal };
    let on_terminal = args.output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
    // On a terminal, `text` is the review for people; pipes, files and hooks get diagnostics.
    let format = match args.format {
        Format::Text if on_terminal && !args.hook => Format::Review,
        Format::Text => Format::Diagnostics,
        other => other,
    };
    let width = crate::report::review_text::width(on_terminal);
    let mut html_sections = Vec::new();
    // The first failed write to stdout; nothing more is written after it.
    let mut write_error: Option<std::io::Error> = None;
    let result = check_files(
        &args.common,
        args.config.as_deref(),
        args.no_suppress,
        &args.files,
        |checker, config, mut report, doc| {
            if let (Some(b), false) = (&baseline, report.is_error()) {
                b.apply(&mut report, &root, &mut placed);
                checked.insert(doc_id(&report, &root));
                report.summary = Some(Summary::of(&report.terms));
            }
            let fail_on = args
                .fail_on
                .or_else(|| config.and_then(|c| c.file.fail_on).map(FailOn::from_config))
                .unwrap_or(FailOn::Error);
            code = code.max(exit_code(std::slice::from_ref(&report), fail_on));
            blocking.add(&report, fail_on);
            // A hook shows what blocks the commit; the rest is in the summary line.
            let min = if args.hook { fail_on.threshold().unwrap_or(Severity::Info) } else { Severity::Info };
            let ignored = ignored_suppressions(checker, &report, doc.as_ref());
            if let Some(d) = &doc {
                places.note(&report.path, d);
            }
            if header.is_none() {
                header = Some((checker.pack.clone(), checker.options.view.as_str().to_string()));
            }
            if write_error.is_none() {
                let written = match format {
                    Format::Diagnostics | Format::Text => {
                        write_text(stdout, &report, doc.as_ref(), checker, args.quiet, min, &ignored)
                    }
                    Format::Review => write_review(stdout, &report, doc.as_ref(), checker, args.quiet, &ignored, width),
                    Format::Html => {
                        // The page shows the error too; the terminal must not stay silent.
                        if let Some(e) = &report.error {
                            crate::eline!("error[{}]: {}", e.code, e.message);
                        }
                        html_sections.push(review_html::section(&report, doc.as_ref(), &checker.pack, reports.len()));
                        Ok(())
                    }
                    Format::Json | Format::Sarif | Format::Github => Ok(()),
                };
                write_error = written.and_then(|_| stdout.flush()).err();
            }
            notices.extend(ignored);
            reports.push(report);
        },
    );
    if let Err(e) = result {
        crate::eline!("error: {e}");
        return EXIT_ERROR;
    }
    if let Some(b) = &baseline {
        report_unplaced(b, args.baseline.as_deref().unwrap_or(Path::new("")), &checked, &placed);
    }
    if let (Format::Diagnostics | Format::Review, None) = (format, &write_error) {
        let totals = writeln!(stdout, "{}", human::Totals::of(&reports).line());
        // A blocked commit ends with what blocks it (after the hidden counts).
        let blocked = match blocking.line().filter(|_| args.hook) {
            Some(line) => totals.and_then(|_| writeln!(stdout, "{line}")),
            None => totals,
        };
        write_error = blocked.and_then(|_| stdout.flush()).err();
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
    // On GitHub Actions the annotations come with a markdown summary of the run.
    let summary_file = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty());
    if let (Format::Github, Some(file)) = (format, summary_file) {
        if let Err(e) = append(Path::new(&file), &github::job_summary(&reports, &notices, &places)) {
            crate::eline!(
                "error: GITHUB_STEP_SUMMARY {}: cannot append the job summary ({e}); unset it to skip the summary",
                Path::new(&file).display()
            );
            return EXIT_ERROR;
        }
    }
    // JSON and SARIF escape what they carry; GitHub commands are meant as
    // commands. So these go out unescaped.
    let raw: &mut dyn Write = if args.output.is_some() {
        match buffer.raw() {
            Ok(b) => b,
            Err(e) => return crate::output::stdout_failed(&e, code),
        }
    } else {
        match terminal.raw() {
            Ok(t) => t,
            Err(e) => return crate::output::stdout_failed(&e, code),
        }
    };
    let rendered = match format {
        Format::Json => {
            let mut report = Report::new(&pack.id, pack.terms.len(), &view, reports);
            report.notices = notices;
            match serde_json::to_string_pretty(&report) {
                Ok(json) => writeln!(raw, "{json}"),
                Err(e) => {
                    crate::eline!("error: cannot write the JSON report ({e})");
                    return EXIT_ERROR;
                }
            }
        }
        Format::Sarif => writeln!(raw, "{}", sarif::render(&pack, &view, &reports, &notices, &places)),
        Format::Github => {
            github::render(&reports, &notices, &places).iter().try_for_each(|line| writeln!(raw, "{line}"))
        }
        Format::Html => writeln!(raw, "{}", review_html::page(&html_sections)),
        Format::Text | Format::Review | Format::Diagnostics => Ok(()),
    };
    if let Err(e) = rendered.and_then(|_| raw.flush()) {
        return crate::output::stdout_failed(&e, code);
    }
    if let Some(path) = &args.output {
        let written = buffer.into_inner().map(|b| b.into_inner()).and_then(|bytes| {
            crate::output::write_file(path, |w| w.write_all(&bytes)).map_err(|e| std::io::Error::other(e.to_string()))
        });
        if let Err(e) = written {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    }
    code
}

/// One document in text output: an unreadable one as one line on stderr, else
/// its findings (unless `quiet`), the suppressions that did not count, and its
/// summary line.
fn write_text(
    out: &mut dyn WriteColor,
    report: &DocumentReport,
    doc: Option<&Document>,
    checker: &Checker,
    quiet: bool,
    min: Severity,
    ignored: &[Notice],
) -> std::io::Result<()> {
    if let Some(e) = &report.error {
        crate::eline!("error[{}]: {}", e.code, e.message);
        return Ok(());
    }
    if !quiet {
        human::emit(out, report, doc, &checker.pack, min)?;
    }
    for n in ignored {
        writeln!(out, "warning: {}: {}", n.path, n.message)?;
    }
    writeln!(out, "{}", human::summary_line(report))
}

/// One document as the review for people (an unreadable one as one line on stderr).
fn write_review(
    out: &mut dyn WriteColor,
    report: &DocumentReport,
    doc: Option<&Document>,
    checker: &Checker,
    quiet: bool,
    ignored: &[Notice],
    width: usize,
) -> std::io::Result<()> {
    if let Some(e) = &report.error {
        crate::eline!("error[{}]: {}", e.code, e.message);
        return Ok(());
    }
    review_text::emit(out, report, doc, &checker.pack, ignored, width, quiet)
}

fn append(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::OpenOptions::new().create(true).append(true).open(path)?.write_all(text.as_bytes())
}

/// Says once, on stderr, which entries of an old baseline hide nothing.
fn report_unplaced(b: &Baseline, file: &Path, checked: &HashSet<String>, placed: &HashSet<usize>) {
    let (mine, others) = b.unplaced(checked, placed);
    if mine.is_empty() && others == 0 {
        return;
    }
    crate::eline!(
        "note: {} is an old baseline ({}); {} of its entries for the checked contracts match no finding and hide \
nothing, {others} name contracts not checked here. Rewrite it with `mc2lint baseline create`.",
        file.display(),
        crate::baseline::BASELINE_SCHEMA_V1,
        mine.len()
    );
    for e in mine {
        crate::eline!("  {}: {} {}", e.path, e.term, e.verdict.as_str());
    }
}

/// The suppression comments in `doc` that did not count, and why (none
/// under `--no-suppress`, where no suppression counts).
pub fn ignored_suppressions(checker: &Checker, report: &DocumentReport, doc: Option<&Document>) -> Vec<Notice> {
    let Some(doc) = doc.filter(|_| !checker.options.no_suppress) else { return Vec::new() };
    let messages = crate::suppress::notices(doc, &report.terms, &checker.options.suppressions);
    messages.into_iter().map(|message| Notice { path: report.path.clone(), message }).collect()
}

/// Findings at or above their file's `--fail-on` level, for the last line.
#[derive(Default)]
struct Blocking {
    count: usize,
    levels: Vec<&'static str>,
}

impl Blocking {
    fn add(&mut self, report: &DocumentReport, fail_on: FailOn) {
        let Some(threshold) = fail_on.threshold() else { return };
        let n = report.terms.iter().filter(|f| f.is_issue() && f.severity >= threshold).count();
        self.count += n;
        if n > 0 && !self.levels.contains(&fail_on.name()) {
            self.levels.push(fail_on.name());
        }
    }

    /// "3 findings at or above error block this commit: fix, suppress with a
    /// reason, or update the baseline", or nothing when none block.
    fn line(&self) -> Option<String> {
        let level = match self.levels.as_slice() {
            [one] => *one,
            _ => "their fail-on level",
        };
        let n = self.count;
        (n > 0).then(|| {
            format!(
                "{n} finding{} at or above {level} block this commit: fix, suppress with a reason, or update the baseline",
                if n == 1 { "" } else { "s" }
            )
        })
    }
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
