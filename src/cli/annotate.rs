//! `mc2lint annotate IN.docx -o OUT.docx`: a copy of the contract with every
//! finding as a Word comment (author "mc2lint"). The input is never modified.

use std::path::PathBuf;

use clap::Args;

use super::check::{ignored_suppressions, CheckCommon, Checkers};
use super::{EXIT_ERROR, EXIT_OK};

#[derive(Args)]
#[command(after_help = "Example:\n  mc2lint annotate contract.docx -o contract.reviewed.docx")]
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
    #[command(flatten)]
    common: CheckCommon,
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
    match crate::annotate::annotate(&checker, &args.input, &args.output, args.common.budget()) {
        Ok(s) => {
            // Say which suppression comments did not count (their findings were annotated).
            let (report, doc) = checker.check_path_keep(&args.input);
            for n in ignored_suppressions(&checker, &report, doc.as_ref()) {
                crate::eline!("warning: {}: {}", n.path, n.message);
            }
            crate::eline!("{}: wrote {} comments to {}", args.input.display(), s.comments, args.output.display());
            EXIT_OK
        }
        Err(e) => {
            crate::eline!("error: {e}");
            EXIT_ERROR
        }
    }
}
