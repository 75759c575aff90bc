use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{LimitArgs, EXIT_ERROR, EXIT_OK};
use crate::document::{Document, View};
use crate::report::dump;

#[derive(Args)]
pub struct DumpArgs {
    /// The DOCX file to read.
    file: PathBuf,
    /// Which text to show when the document has pending tracked changes.
    #[arg(long, value_enum, default_value_t = View::Accepted)]
    view: View,
    /// `text` is a readable outline; `json` is the `mc2lint/dump@1` model.
    #[arg(long, value_enum, default_value_t = DumpFormat::Text)]
    format: DumpFormat,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum DumpFormat {
    Text,
    Json,
}

pub fn run(args: DumpArgs) -> i32 {
    let raw = match crate::docx::read_file(&args.file, args.limits.limits()) {
        Ok(raw) => raw,
        Err(e) => {
            crate::eline!("error[{}]: {}", e.code, e.message());
            return EXIT_ERROR;
        }
    };
    let doc = Document::build(&raw, args.view);
    let out = match args.format {
        // Document text and names, escaped for the terminal (output::escape_text).
        DumpFormat::Text => crate::output::escape_text(&dump::to_text(&doc)).into_owned(),
        DumpFormat::Json => dump::to_json(&args.file.display().to_string(), &doc),
    };
    let newline = if out.ends_with('\n') { "" } else { "\n" };
    crate::output::print(&format!("{out}{newline}"), EXIT_OK)
}
