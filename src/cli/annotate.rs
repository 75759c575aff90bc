//! `mc2lint annotate IN.docx -o OUT.docx`: a copy of the contract with every
//! finding as a Word comment (author "mc2lint"). The input is never modified.

use std::path::PathBuf;

use clap::Args;

use super::check::CheckCommon;
use super::{EXIT_ERROR, EXIT_OK};
use crate::config::Config;

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
    let config = match args.config.clone().or_else(|| Config::discover(&args.input)).map(|p| Config::load(&p)) {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
        None => None,
    };
    let checker = match args.common.checker_with(config.as_ref(), args.no_suppress) {
        Ok(c) => c,
        Err(e) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let checker = std::sync::Arc::new(checker);
    match crate::annotate::annotate(&checker, &args.input, &args.output, args.common.budget()) {
        Ok(s) => {
            crate::eline!("{}: wrote {} comments to {}", args.input.display(), s.comments, args.output.display());
            EXIT_OK
        }
        Err(e) => {
            crate::eline!("error: {e}");
            EXIT_ERROR
        }
    }
}
