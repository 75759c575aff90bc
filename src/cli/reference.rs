use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{LimitArgs, EXIT_ERROR, EXIT_OK};
use crate::document::{Document, View};
use crate::reference::import::{import_docx, to_toml, Mapping};
use crate::reference::{Pack, BUILTIN};

#[derive(Args)]
pub struct ReferenceArgs {
    #[command(subcommand)]
    command: ReferenceCommand,
}

#[derive(Subcommand)]
enum ReferenceCommand {
    /// List the built-in packs.
    List,
    /// Validate a pack file (or a built-in name) and summarise it.
    Check {
        /// `mc2@1`, `mc2@2`, or a path to a pack TOML.
        pack: String,
    },
    /// Turn a clause library or the official MC² document (DOCX) into a pack.
    ///
    /// Clauses whose heading or Word comment names a term ID (`C3` or
    /// `C3-incident-notification`) map directly; other clauses map to the
    /// nearest built-in term by similarity and are marked CONFIRM in the
    /// output's header. Elements and parameters come from the base pack.
    Import {
        /// The DOCX to import.
        file: PathBuf,
        /// Where to write the pack TOML.
        #[arg(short, long)]
        output: PathBuf,
        /// Pack whose terms, elements and parameters the new pack starts from.
        #[arg(long, default_value = crate::reference::DEFAULT_PACK)]
        base: String,
        /// ID of the new pack (what `--reference` and reports call it).
        #[arg(long)]
        id: Option<String>,
        #[command(flatten)]
        limits: LimitArgs,
    },
}

pub fn run(args: ReferenceArgs) -> i32 {
    match args.command {
        ReferenceCommand::List => {
            let mut text = String::new();
            for (id, _) in BUILTIN {
                text += &match Pack::load(id) {
                    Ok(p) => format!("{id:<8} {} ({} terms)\n", p.name, p.terms.len()),
                    Err(e) => format!("{id:<8} invalid: {e}\n"),
                };
            }
            crate::output::print(&text, EXIT_OK)
        }
        ReferenceCommand::Check { pack } => match Pack::load(&pack) {
            Ok(p) => {
                let critical = p.terms.iter().filter(|t| t.spec.critical).count();
                let line = format!(
                    "{}: valid pack {} ({}), {} terms, {critical} critical\n",
                    pack,
                    p.id,
                    p.name,
                    p.terms.len()
                );
                crate::output::print(&line, EXIT_OK)
            }
            Err(e) => {
                crate::eline!("error: {e}");
                EXIT_ERROR
            }
        },
        ReferenceCommand::Import { file, output, base, id, limits } => import(&file, &output, &base, id, &limits),
    }
}

fn import(file: &std::path::Path, output: &std::path::Path, base: &str, id: Option<String>, limits: &LimitArgs) -> i32 {
    if output == file || crate::output::same_file(file, output) {
        crate::eline!("error: refusing to overwrite the input {}", file.display());
        return EXIT_ERROR;
    }
    let base = match Pack::load(base) {
        Ok(p) => p,
        Err(e) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let raw = match crate::docx::read_file(file, limits.limits()) {
        Ok(r) => r,
        Err(e) => {
            crate::eline!("error[{}]: {}", e.code, e.message());
            return EXIT_ERROR;
        }
    };
    let doc = Document::build(&raw, View::Accepted);
    let stem = file.file_stem().map_or("imported".into(), |s| s.to_string_lossy().into_owned());
    let id = id.unwrap_or_else(|| format!("import:{stem}"));
    let imported = import_docx(&doc, &base, &id, &format!("{} (imported from {})", base.name, file.display()));
    let text = to_toml(&imported, &file.display().to_string());
    if let Err(e) = Pack::parse(&text, &output.display().to_string()) {
        crate::eline!("error: the imported pack does not validate: {e}");
        return EXIT_ERROR;
    }
    if let Err(e) = crate::output::write_file(output, |w| w.write_all(text.as_bytes())) {
        crate::eline!("error: {e}");
        return EXIT_ERROR;
    }
    let named = imported.mappings.iter().filter(|m| matches!(m, Mapping::Named { .. })).count();
    let similar = imported.mappings.len() - named;
    crate::eline!(
        "{}: {named} terms named in the document, {similar} mapped by similarity (marked CONFIRM), {} kept from {}",
        output.display(),
        base.terms.len() - imported.mappings.len(),
        base.id
    );
    for m in &imported.mappings {
        if let Mapping::Similar { term, paragraph, score } = m {
            crate::eline!("  confirm: paragraph {paragraph} -> {term} (similarity {score:.2})");
        }
    }
    EXIT_OK
}
