//! pre-commit round trip: a commit with a weakened contract is refused with the
//! findings printed, then accepted once the clause is suppressed.
//!
//! Skips (saying so) unless `pre-commit` and `git` are on PATH; `.ci/run`
//! installs pre-commit from PyPI. The hook comes from our
//! `.pre-commit-hooks.yaml` (id, entry, files), run as a `local` hook with
//! `language: system` and the binary under test; `tests/wheel.rs` runs it as
//! `language: python` from the wheel.

mod cli_support;

use std::process::Command;

use cli_support::*;

#[test]
fn commit_is_refused_then_accepted() {
    if !tool_or_skip("pre-commit", "pip install pre-commit") || !tool_or_skip("git", "install git") {
        return;
    }
    assert_eq!(hook_field("id"), "mc2lint");
    assert_eq!(hook_field("language"), "python", "tests/wheel.rs runs it from the wheel");
    let entry = hook_field("entry");
    let files = hook_field("files");
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
