use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use super::{LimitArgs, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::check::{Checker, Options};
use crate::document::View;
use crate::model::{Parties, Report, Severity};
use crate::reference::Pack;
use crate::report::human;

/// Options every checking command shares.
#[derive(Args, Debug, Clone)]
pub struct CheckCommon {
    /// Reference pack: `mc2@1`, `mc2@2` (default), or a path to a pack TOML.
    #[arg(long, short = 'r', value_name = "PACK", default_value = crate::reference::DEFAULT_PACK)]
    pub reference: String,
    /// Check the text as if pending tracked changes were accepted (default) or rejected.
    #[arg(long, value_enum, default_value_t = View::Accepted)]
    pub view: View,
    /// Name a party when the preamble does not make it clear, e.g. `--party mdm=Seller`
    /// or `--party hdo="St. Mary Hospital"`. Repeatable.
    #[arg(long, value_name = "ROLE=NAME")]
    pub party: Vec<String>,
    #[command(flatten)]
    pub limits: LimitArgs,
}

impl CheckCommon {
    /// Builds the checker, or explains on stderr why it cannot.
    pub fn checker(&self) -> Result<Checker, String> {
        let pack = Pack::load(&self.reference).map_err(|e| e.to_string())?;
        let mut parties = Parties::default();
        for p in &self.party {
            let (role, name) =
                p.split_once('=').ok_or_else(|| format!("--party {p:?}: expected ROLE=NAME, e.g. mdm=Seller"))?;
            match role.trim().to_ascii_lowercase().as_str() {
                "mdm" | "supplier" => parties.mdm.push(name.trim().to_string()),
                "hdo" | "customer" => parties.hdo.push(name.trim().to_string()),
                other => return Err(format!("--party {p:?}: unknown role '{other}' (use mdm or hdo)")),
            }
        }
        let options = Options { view: self.view, limits: self.limits.limits(), parties, ..Options::default() };
        Ok(Checker::new(pack, options))
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
    /// Exit with status 1 when a finding reaches this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

pub fn run(args: CheckArgs) -> i32 {
    let checker = match args.common.checker() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
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
    let mut stdout = StandardStream::stdout(choice);
    for file in &args.files {
        let (report, doc) = checker.check_path_keep(file);
        if let Format::Text = args.format {
            if let Some(e) = &report.error {
                eprintln!("error[{}]: {}", e.code, e.message);
            } else {
                if !args.quiet {
                    let _ = human::emit(&mut stdout, &report, doc.as_ref(), &checker.pack, Severity::Info);
                }
                let _ = writeln!(stdout, "{}", human::summary_line(&report));
            }
        }
        reports.push(report);
    }
    if let Format::Json = args.format {
        let report =
            Report::new(&checker.pack.id, checker.pack.terms.len(), checker.options.view.as_str(), reports.clone());
        println!("{}", serde_json::to_string_pretty(&report).expect("report serialises"));
    }
    exit_code(&reports, args.fail_on)
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
