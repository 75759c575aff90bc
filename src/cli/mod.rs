//! The command line. Exit codes: 0 clean, 1 findings at or above `--fail-on`,
//! 2 usage error or an unreadable input (other inputs are still processed).

pub mod annotate;
pub mod audit;
pub mod baseline;
mod budget;
pub mod check;
pub mod diff;
mod dump;
pub mod explain;
pub mod init;
pub mod merge;
pub mod reference;
mod revisions;
pub mod serve;
pub mod textconv;
mod workers;

use clap::{Args, Parser, Subcommand};

pub use budget::run_within;

use crate::docx::Limits;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser)]
#[command(
    name = "mc2lint",
    version,
    about = "Lint medtech purchase agreements (DOCX) against the HSCC MC² cybersecurity terms",
    long_about = "mc2lint opens DOCX contracts, finds their clauses, and reports every HSCC MC² \
cybersecurity term that is missing, weakened or deviating, with the clause number and the exact \
words, the way a compiler points at a line.\n\n\
Exit status: 0 when nothing reaches --fail-on, 1 when findings do, 2 when an input cannot be read \
or the command line is wrong.",
    after_help = "Examples:\n  mc2lint check contract.docx\n  mc2lint dump contract.docx --format json\n  mc2lint explain C3-incident-notification"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check contracts against the MC² terms and report missing, weakened and deviating ones.
    Check(check::CheckArgs),
    /// Check a whole portfolio in parallel: directories, @lists, files; JSONL/CSV/JSON/HTML output.
    Audit(audit::AuditArgs),
    /// Join the JSONL outputs of audit shards into one CSV, JSON or HTML report.
    Merge(merge::MergeArgs),
    /// Explain a term (what it requires, reference wording, how to fix) or a weakening kind.
    Explain(explain::ExplainArgs),
    /// Show how mc2lint reads a document: paragraphs, numbers, revisions, comments.
    Dump(dump::DumpArgs),
    /// Write a commented starter mc2lint.toml.
    Init(init::InitArgs),
    /// Record today's findings so that `check --baseline` reports only new ones.
    Baseline(baseline::BaselineArgs),
    /// Compare two versions of a contract term by term: what got weaker, stronger, or stayed.
    Diff(diff::DiffArgs),
    /// Print a contract as plain text with clause numbers, for git's textconv.
    Textconv(textconv::TextconvArgs),
    /// Write a copy of a contract with every finding as a Word comment (`--suggest`: and each fix as a tracked change).
    Annotate(annotate::AnnotateArgs),
    /// List, validate or import reference packs.
    Reference(reference::ReferenceArgs),
    /// Run the review desk: a local web page to drop contracts on, and an HTTP API.
    Serve(serve::ServeArgs),
}

/// Limits against hostile files, shared by every command that reads DOCX.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Refuse input files larger than this many MiB.
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    max_file_size: u64,
    /// Refuse a package part that decompresses past this many MiB (zip bombs).
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    max_part_size: u64,
    /// Refuse a part larger than 1 MiB that expands more than this ratio.
    #[arg(long, value_name = "RATIO", default_value_t = 200)]
    max_ratio: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits {
            max_file: self.max_file_size << 20,
            max_part: self.max_part_size << 20,
            max_total: (self.max_part_size << 20).saturating_mul(4),
            max_ratio: self.max_ratio,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Dump(args) => dump::run(args),
        Command::Check(args) => check::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Init(args) => init::run(args),
        Command::Baseline(args) => baseline::run(args),
        Command::Annotate(args) => annotate::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Textconv(args) => textconv::run(args),
        Command::Reference(args) => reference::run(args),
        Command::Serve(args) => serve::run(args),
    }
}
