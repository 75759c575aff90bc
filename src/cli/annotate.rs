//! `mc2lint annotate IN.docx -o OUT.docx`: a copy of the contract with every
//! finding as a Word comment (author "mc2lint"). The input is never modified.

use std::path::PathBuf;

use clap::Args;

use super::check::{ignored_suppressions, CheckCommon, Checkers};
use super::{EXIT_ERROR, EXIT_OK};

#[derive(Args)]
#[command(
    after_help = "Examples:\n  mc2lint annotate contract.docx -o contract.reviewed.docx\n  mc2lint annotate vendor-draft.docx -o vendor-draft.redline.docx --suggest"
)]
pub struct AnnotateArgs {
    /// The contract to annotate (never modified).
    #[arg(value_name = "IN.docx")]
    input: PathBuf,
    /// Where to write the annotated copy.
    #[arg(long, short = 'o', value_name = "OUT.docx")]
    output: PathBuf,
    /// Use this config file instead of the nearest `mc2lint.toml` above the input.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Ignore every suppression (Word comments and config) and annotate everything.
    #[arg(long)]
    no_suppress: bool,
    /// Also write each fix as a tracked change by "mc2lint": the smallest edit that removes a
    /// weakening, the reference clause for a missing term (in the contract's own names).
    #[arg(long)]
    suggest: bool,
    /// The date on comments and changes, e.g. 2026-12-06T09:00:00Z [default: $SOURCE_DATE_EPOCH, else now].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    date: Option<String>,
    #[command(flatten)]
    common: CheckCommon,
}

/// `--date`: a W3C date-time in UTC, as Word writes it.
fn parse_date(s: &str) -> Result<String, String> {
    let ok = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$").expect("valid").is_match(s);
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!("expected a UTC date-time such as 2026-12-06T09:00:00Z, got {s:?}"))
    }
}

pub fn run(args: AnnotateArgs) -> i32 {
    let mut checkers = match Checkers::new(&args.common, args.config.as_deref(), args.no_suppress) {
        Ok(c) => c,
        Err(e) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let checker = match checkers.for_input(&args.input) {
        Ok((_, c)) => std::sync::Arc::new(c.clone()),
        Err(e) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let options = crate::annotate::Options { suggest: args.suggest, date: args.date.clone() };
    match crate::annotate::annotate_with(&checker, &args.input, &args.output, args.common.budget(), &options) {
        Ok(s) => {
            // Say which suppression comments did not count (their findings were annotated).
            let (report, doc) = checker.check_path_keep(&args.input);
            for n in ignored_suppressions(&checker, &report, doc.as_ref()) {
                crate::eline!("warning: {}: {}", n.path, n.message);
            }
            let changes = if args.suggest { format!(" and {} tracked changes", s.changes) } else { String::new() };
            crate::eline!(
                "{}: wrote {} comments{changes} to {}",
                args.input.display(),
                s.comments,
                args.output.display()
            );
            EXIT_OK
        }
        Err(e) => {
            crate::eline!("error: {e}");
            EXIT_ERROR
        }
    }
}
