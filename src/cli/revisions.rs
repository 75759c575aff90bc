//! `mc2lint check --revisions`: the pending tracked changes of each contract,
//! by author, with the terms each weakens or strengthens (see
//! `revisions_report`). Exit 1 when a pending change weakens a term.

use std::path::{Path, PathBuf};

use super::check::{CheckCommon, Checkers};
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::revisions_report::{self, DocumentRevisions};

pub fn run(files: &[PathBuf], common: &CheckCommon, config: Option<&Path>, json: bool, output: Option<&Path>) -> i32 {
    let mut checkers = match Checkers::new(common, config, true) {
        Ok(c) => c,
        Err(e) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut code = EXIT_OK;
    let mut documents: Vec<DocumentRevisions> = Vec::new();
    for file in files {
        let checker = match checkers.for_input(file) {
            Ok((_, c)) => std::sync::Arc::clone(c),
            Err(e) => {
                crate::eline!("error: {e}");
                return EXIT_ERROR;
            }
        };
        let read = crate::docx::read_input(file, checker.options.limits.max_file)
            .and_then(|bytes| revisions_report::analyse(&checker, file, &bytes));
        match read {
            Ok(d) => {
                if d.weakens_any() {
                    code = code.max(EXIT_FINDINGS);
                }
                documents.push(d);
            }
            Err(e) => {
                crate::eline!("error: {e}");
                code = EXIT_ERROR;
            }
        }
    }
    let text = if json {
        serde_json::to_string_pretty(&revisions_report::to_json(&documents)).unwrap_or_default() + "\n"
    } else {
        crate::output::escape_text(&documents.iter().map(revisions_report::render_text).collect::<String>())
            .into_owned()
    };
    match output {
        Some(path) => match crate::output::write_file(path, |w| w.write_all(text.as_bytes())) {
            Ok(()) => code,
            Err(e) => {
                crate::eline!("error: {e}");
                EXIT_ERROR
            }
        },
        None => crate::output::print(&text, code),
    }
}
