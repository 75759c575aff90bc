//! `mc2lint diff OLD.docx NEW.docx`, or `mc2lint diff REV [REV] -- PATH` for
//! versions in git (the old blob read with `git show REV:./PATH`).

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Args, ValueEnum};

use super::check::{CheckCommon, Checkers};
use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::check::Checker;
use crate::model::DocumentReport;

#[derive(Args)]
#[command(after_help = "Examples:\n  mc2lint diff round1.docx round2.docx\n  \
mc2lint diff HEAD~1 -- contracts/acme.docx\n  \
mc2lint diff --format markdown --fail-on weaker main HEAD -- contracts/acme.docx")]
pub struct DiffArgs {
    /// OLD.docx NEW.docx; or, before `-- PATH`, a git revision (compared with the
    /// working tree) or two.
    #[arg(required = true, num_args = 1..=2, value_name = "OLD NEW | REV [REV]")]
    versions: Vec<String>,
    /// The contract to compare across git revisions.
    #[arg(last = true, value_name = "PATH")]
    path: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit with status 1 when a term got weaker.
    #[arg(long, value_enum, default_value_t = DiffFail::Never)]
    fail_on: DiffFail,
    /// Use this config file instead of the nearest `mc2lint.toml` above the contract.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(flatten)]
    common: CheckCommon,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// Changed terms, weaker first, with `[-removed-]{+added+}` word diffs.
    Text,
    /// The `mc2lint/diff@1` JSON object.
    Json,
    /// A table of every term and the changed clauses, for a pull-request comment.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DiffFail {
    Weaker,
    Never,
}

/// One version of the contract: a file, or a blob at a git revision.
enum Version {
    File(PathBuf),
    Git { rev: String, path: PathBuf },
}

impl Version {
    fn shown(&self) -> String {
        match self {
            Version::File(p) => p.display().to_string(),
            Version::Git { rev, path } => format!("{rev}:{}", path.display()),
        }
    }

    fn check(&self, checker: &Checker) -> Result<DocumentReport, String> {
        let report = match self {
            Version::File(p) => checker.check_path(p),
            Version::Git { rev, path } => {
                let bytes = git_show(rev, path)?;
                let mut r = checker.check_bytes(path, &bytes);
                r.path = self.shown();
                r
            }
        };
        match &report.error {
            Some(e) => Err(format!("{}: {} [{}]", self.shown(), e.message, e.code)),
            None => Ok(report),
        }
    }
}

/// The blob of `path` (relative to the current folder) at `rev`.
fn git_show(rev: &str, path: &Path) -> Result<Vec<u8>, String> {
    let spec = format!("{rev}:./{}", path.display());
    let out = Command::new("git").args(["show", &spec]).output().map_err(|e| {
        format!("cannot run git ({e}); install git, or compare two files: mc2lint diff OLD.docx NEW.docx")
    })?;
    if !out.status.success() {
        return Err(format!(
            "git show {spec} failed: {}; check the revision and that the file is tracked there",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// OLD and NEW from the arguments.
fn versions(args: &DiffArgs) -> Result<(Version, Version), String> {
    match (args.versions.as_slice(), args.path.as_slice()) {
        ([old, new], []) => Ok((Version::File(old.into()), Version::File(new.into()))),
        ([_], []) => Err("give two files (mc2lint diff OLD.docx NEW.docx) or a revision and a path \
(mc2lint diff HEAD~1 -- contract.docx)"
            .into()),
        ([rev], [path]) => Ok((Version::Git { rev: rev.clone(), path: path.clone() }, Version::File(path.clone()))),
        ([a, b], [path]) => Ok((
            Version::Git { rev: a.clone(), path: path.clone() },
            Version::Git { rev: b.clone(), path: path.clone() },
        )),
        _ => Err("diff compares one contract: give one PATH after `--` (run it once per file)".into()),
    }
}

pub fn run(args: DiffArgs) -> i32 {
    match diff(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_ERROR
        }
    }
}

fn diff(args: &DiffArgs) -> Result<i32, String> {
    let (old, new) = versions(args)?;
    let anchor = match &new {
        Version::File(p) | Version::Git { path: p, .. } => p.clone(),
    };
    // Suppressions do not change verdicts; a diff compares verdicts.
    let mut checkers = Checkers::new(&args.common, args.config.as_deref(), true)?;
    let (_, checker) = checkers.for_input(&anchor)?;
    let d = crate::diff::diff(&old.check(checker)?, &new.check(checker)?);
    match args.format {
        DiffFormat::Text => print!("{}", crate::report::diff::text(&d)),
        DiffFormat::Json => println!("{}", serde_json::to_string_pretty(&d).expect("diff serialises")),
        DiffFormat::Markdown => print!("{}", crate::report::diff::markdown(&d)),
    }
    Ok(if args.fail_on == DiffFail::Weaker && d.any_weaker() { EXIT_FINDINGS } else { EXIT_OK })
}
