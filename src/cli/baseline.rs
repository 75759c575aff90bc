//! `mc2lint baseline create -o .mc2lint-baseline.json FILES`: records today's
//! findings by fingerprint, so that `check --baseline FILE` reports only new or
//! changed ones.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::check::{check_files, CheckCommon};
use super::{EXIT_ERROR, EXIT_OK};
use crate::baseline::Baseline;

#[derive(Args)]
#[command(after_help = "Example:\n  mc2lint baseline create -o .mc2lint-baseline.json contracts/*.docx\n  \
mc2lint check --baseline .mc2lint-baseline.json contracts/*.docx")]
pub struct BaselineArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Subcommand)]
enum Action {
    /// Record the current findings of FILES.
    Create(CreateArgs),
}

#[derive(Args)]
struct CreateArgs {
    /// DOCX files to record.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Where to write the baseline.
    #[arg(long, short = 'o', value_name = "FILE", default_value = ".mc2lint-baseline.json")]
    output: PathBuf,
    /// Use this config file instead of the nearest `mc2lint.toml` above each input.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(flatten)]
    common: CheckCommon,
}

pub fn run(args: BaselineArgs) -> i32 {
    match args.action {
        Action::Create(a) => create(a),
    }
}

fn create(args: CreateArgs) -> i32 {
    if args.files.iter().any(|f| crate::output::same_file(f, &args.output)) {
        crate::eline!("error: {}: is one of the inputs; choose another -o path", args.output.display());
        return EXIT_ERROR;
    }
    let mut reports = Vec::new();
    let result = check_files(&args.common, args.config.as_deref(), false, &args.files, |_, _, report, _| {
        if let Some(e) = &report.error {
            crate::eline!("error[{}]: {}", e.code, e.message);
        }
        reports.push(report);
    });
    if let Err(e) = result {
        crate::eline!("error: {e}");
        return EXIT_ERROR;
    }
    if reports.iter().any(|r| r.is_error()) {
        crate::eline!("error: not writing a baseline while an input cannot be read");
        return EXIT_ERROR;
    }
    let baseline = Baseline::from_reports(&reports, &crate::repo::root());
    let json = baseline.to_json();
    if let Err(e) = crate::output::write_file(&args.output, |w| w.write_all(json.as_bytes())) {
        crate::eline!("error: {e}");
        return EXIT_ERROR;
    }
    crate::eline!(
        "wrote {} findings of {} documents to {}",
        baseline.findings.len(),
        reports.len(),
        args.output.display()
    );
    EXIT_OK
}
