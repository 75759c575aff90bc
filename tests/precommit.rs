//! pre-commit round trip: a commit with a weakened contract is refused with the
//! findings printed, then accepted once the clause is suppressed.
//!
//! Skips (saying so) unless `pre-commit` and `git` are on PATH; `.ci/run`
//! installs pre-commit from PyPI. The hook comes from our
//! `.pre-commit-hooks.yaml` (id, entry, files), run as a `local` hook with
//! `language: system` and the binary under test, because `language: rust`
//! would `cargo install` the whole crate in release mode inside the test.

mod cli_support;

use std::path::Path;
use std::process::Command;

use cli_support::*;

fn on_path(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

/// The value of `key: value` in our hook definition.
fn hook_field(hooks: &str, key: &str) -> String {
    let line = hooks
        .lines()
        .map(str::trim)
        .map(|l| l.trim_start_matches("- "))
        .find(|l| l.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("{key} missing from .pre-commit-hooks.yaml"));
    line[key.len() + 1..].trim().trim_matches('\'').trim_matches('"').to_string()
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("PRE_COMMIT_HOME", dir.join(".cache-pre-commit"))
        .output()
        .unwrap()
}

#[test]
fn commit_is_refused_then_accepted() {
    if !on_path("pre-commit") || !on_path("git") {
        if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("pre-commit and git are required (MC2LINT_REQUIRE_TOOLS=1)");
        }
        println!("SKIP: pre-commit or git not on PATH (pip install pre-commit)");
        return;
    }
    let hooks = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml")).unwrap();
    assert_eq!(hook_field(&hooks, "id"), "mc2lint");
    assert_eq!(hook_field(&hooks, "language"), "rust");
    let entry = hook_field(&hooks, "entry");
    let files = hook_field(&hooks, "files");
    let args = entry.strip_prefix("mc2lint").expect("entry runs mc2lint").trim();
    let bin = assert_cmd::cargo::cargo_bin("mc2lint");

    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    assert!(git(repo, &["init", "-q"]).status.success());
    let config = format!(
        "repos:\n- repo: local\n  hooks:\n  - id: mc2lint\n    name: mc2lint\n    entry: '{} {args}'\n    language: system\n    files: '{files}'\n",
        bin.display()
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    let install = Command::new("pre-commit")
        .current_dir(repo)
        .arg("install")
        .env("PRE_COMMIT_HOME", repo.join(".cache-pre-commit"))
        .output()
        .unwrap();
    assert!(install.status.success(), "{}", String::from_utf8_lossy(&install.stderr));

    // This small contract lacks most terms: accept those in config, so that
    // only C3 decides; and trust the comments of the organisation's counsel.
    let others: String = mc2lint::reference::Pack::builtin_default()
        .terms
        .iter()
        .filter(|t| t.spec.id != C3)
        .map(|t| format!("[[suppress.rules]]\nterm = \"{}\"\nreason = \"not in this test\"\n", t.spec.id))
        .collect();
    std::fs::write(repo.join("mc2lint.toml"), format!("[suppress]\ncomment-authors = [\"Counsel\"]\n{others}"))
        .unwrap();
    write(repo, "contracts/acme.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    git(repo, &["add", "-A"]);
    let refused = git(repo, &["commit", "-q", "-m", "add contract"]);
    let printed = String::from_utf8_lossy(&refused.stdout).into_owned() + &String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "the commit should be refused:\n{printed}");
    assert!(printed.contains(C3) && printed.contains("acme.docx"), "findings are printed:\n{printed}");
    let last = printed.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    assert!(
        last.ends_with(
            "1 finding at or above error block this commit: fix, suppress with a reason, or update the baseline"
        ),
        "the last line says what blocks:\n{printed}"
    );

    // Suppress the clause in the document with a Word comment.
    let allow = "mc2lint: allow C3-incident-notification -- accepted for this vendor";
    write(repo, "contracts/acme.docx", &[p(PREAMBLE), commented(WEAK_C3, allow)]);
    git(repo, &["add", "-A"]);
    let accepted = git(repo, &["commit", "-q", "-m", "add contract"]);
    assert!(
        accepted.status.success(),
        "the commit should pass:\n{}{}",
        String::from_utf8_lossy(&accepted.stdout),
        String::from_utf8_lossy(&accepted.stderr)
    );
}
