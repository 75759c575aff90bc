//! `mc2lint textconv FILE`: the contract as plain text, one paragraph per
//! line with its clause number, for git's textconv (`*.docx diff=mc2lint` in
//! `.gitattributes`, `git config diff.mc2lint.textconv "mc2lint textconv"`),
//! so that `git diff` and pull-request reviews show the words that changed.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{LimitArgs, EXIT_ERROR, EXIT_OK};
use crate::document::{Document, NumberKind, View};

#[derive(Args)]
pub struct TextconvArgs {
    /// The DOCX file (git passes a temporary copy).
    file: PathBuf,
    /// Which text to show when the document has pending tracked changes.
    #[arg(long, value_enum, default_value_t = View::Accepted)]
    view: View,
    #[command(flatten)]
    limits: LimitArgs,
}

/// One line per paragraph of contract text; automatic clause numbers are
/// written before the text, as Word displays them (typed ones are in the text).
pub fn to_text(doc: &Document) -> String {
    let mut out = String::new();
    for p in doc.paragraphs.iter().filter(|p| p.kind.is_contract_text()) {
        let text = doc.paragraph_text(p).split_whitespace().collect::<Vec<_>>().join(" ");
        match (&p.number, p.number_kind) {
            (Some(n), Some(NumberKind::Auto)) => out += &format!("{n} {text}\n"),
            _ if text.is_empty() => continue,
            _ => out += &format!("{text}\n"),
        }
    }
    out
}

pub fn run(args: TextconvArgs) -> i32 {
    let raw = match crate::docx::read_file(&args.file, args.limits.limits()) {
        Ok(raw) => raw,
        Err(e) => {
            eprintln!("error[{}]: {}", e.code, e.message());
            return EXIT_ERROR;
        }
    };
    let text = to_text(&Document::build(&raw, args.view));
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(text.as_bytes()) {
        eprintln!("error: cannot write the text ({e})");
        return EXIT_ERROR;
    }
    EXIT_OK
}
