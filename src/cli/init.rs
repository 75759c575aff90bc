//! `mc2lint init`: writes a commented starter `mc2lint.toml`; with `--git`,
//! also sets git up to diff contracts as text (`mc2lint textconv`).

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Args;

use super::{EXIT_ERROR, EXIT_OK};
use crate::config::{self, CONFIG_NAME};

/// The `.gitattributes` line that routes DOCX diffs through `mc2lint textconv`.
pub const GITATTRIBUTES_LINE: &str = "*.docx diff=mc2lint";

#[derive(Args)]
pub struct InitArgs {
    /// Where to write the config (refuses to overwrite an existing file).
    #[arg(value_name = "PATH", default_value = CONFIG_NAME)]
    path: PathBuf,
    /// Also make `git diff` show contract wording: add `*.docx diff=mc2lint` to the
    /// repository's .gitattributes and set `git config diff.mc2lint.textconv "mc2lint textconv"`
    /// (an existing config file is then kept).
    #[arg(long)]
    git: bool,
}

pub fn run(args: InitArgs) -> i32 {
    let root = crate::repo::root();
    if args.git && !root.join(".git").exists() {
        eprintln!(
            "error: {} is not in a git repository; run `mc2lint init --git` inside your contracts repository \
(or `git init` first)",
            root.display()
        );
        return EXIT_ERROR;
    }
    let written = match config::init(&args.path) {
        Ok(()) => {
            crate::eline!("wrote {}; edit it, then run `mc2lint check`", args.path.display());
            true
        }
        Err(e) if args.git && args.path.exists() => {
            crate::eline!("note: {e}");
            false
        }
        Err(e) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if !args.git {
        crate::eline!(
            "to see contract wording in `git diff` and pull requests, run `mc2lint init --git` \
(adds `{GITATTRIBUTES_LINE}` to .gitattributes and git config diff.mc2lint.textconv)"
        );
        return EXIT_OK;
    }
    match setup_git(&root) {
        Ok(notes) => {
            notes.iter().for_each(|n| crate::eline!("{n}"));
            EXIT_OK
        }
        Err(e) => {
            crate::eline!("error: {e}");
            if written {
                crate::eline!("note: {} was written", args.path.display());
            }
            EXIT_ERROR
        }
    }
}

/// Adds the attributes line (once) and sets the textconv driver in the repository's config.
fn setup_git(root: &Path) -> Result<Vec<String>, String> {
    let attributes = root.join(".gitattributes");
    let current = std::fs::read_to_string(&attributes).unwrap_or_default();
    let mut notes = Vec::new();
    if current.lines().any(|l| l.trim() == GITATTRIBUTES_LINE) {
        notes.push(format!("{} already routes DOCX diffs through mc2lint", attributes.display()));
    } else {
        let sep = if current.is_empty() || current.ends_with('\n') { "" } else { "\n" };
        std::fs::write(&attributes, format!("{current}{sep}{GITATTRIBUTES_LINE}\n"))
            .map_err(|e| format!("{}: cannot write ({e})", attributes.display()))?;
        notes.push(format!("added `{GITATTRIBUTES_LINE}` to {}; commit it", attributes.display()));
    }
    for (key, value) in [("diff.mc2lint.textconv", "mc2lint textconv"), ("diff.mc2lint.cachetextconv", "true")] {
        let out = Command::new("git")
            .current_dir(root)
            .args(["config", key, value])
            .output()
            .map_err(|e| format!("cannot run git ({e}); install git, or set {key} yourself"))?;
        if !out.status.success() {
            return Err(format!("git config {key} failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
    }
    notes.push("set git config diff.mc2lint.textconv = \"mc2lint textconv\" (each clone needs this once)".into());
    Ok(notes)
}
