//! Shared by the CLI integration tests: small contracts written with docx-rs,
//! and running the `mc2lint` binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use docx_rs::{Comment, Docx, Paragraph, Run};

pub const PREAMBLE: &str =
    "This Agreement is made between Acme Medical, Inc. (\"Supplier\") and General Hospital (\"Customer\").";
pub const WEAK_C3: &str = "7.1 Supplier will use commercially reasonable efforts to notify Customer of security incidents within ten (10) business days.";
pub const C3: &str = "C3-incident-notification";

/// A paragraph, optionally carrying a Word comment over its whole text.
pub struct Para<'a> {
    pub text: &'a str,
    pub comment: Option<&'a str>,
}

pub fn p(text: &str) -> Para<'_> {
    Para { text, comment: None }
}

pub fn commented<'a>(text: &'a str, comment: &'a str) -> Para<'a> {
    Para { text, comment: Some(comment) }
}

/// A DOCX holding `paras`, one paragraph each.
pub fn docx(paras: &[Para]) -> Vec<u8> {
    let mut doc = Docx::new();
    let mut id = 0;
    for para in paras {
        let mut p = Paragraph::new();
        if let Some(c) = para.comment {
            id += 1;
            p = p.add_comment_start(
                Comment::new(id)
                    .author("Counsel")
                    .date("2024-01-01T00:00:00Z")
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(c))),
            );
        }
        p = p.add_run(Run::new().add_text(para.text));
        if para.comment.is_some() {
            p = p.add_comment_end(id);
        }
        doc = doc.add_paragraph(p);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).expect("docx-rs packs");
    out.into_inner()
}

pub fn write(dir: &Path, name: &str, paras: &[Para]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, docx(paras)).unwrap();
    path
}

/// The `mc2lint` binary, run in `dir`.
pub fn mc2lint(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("mc2lint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// Runs and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `check --format json` of `files` in `dir` (plus `extra` args): (code, the report).
pub fn check_json(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let (code, out, err) = run(mc2lint(dir).arg("check").arg("--format").arg("json").args(args));
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\nstderr: {err}"));
    (code, json, err)
}

/// The finding for `term` in the first document of a JSON report.
pub fn finding<'a>(report: &'a serde_json::Value, term: &str) -> Option<&'a serde_json::Value> {
    report["documents"][0]["terms"].as_array()?.iter().find(|t| t["term"] == term)
}

/// Whether `tool --version` runs. When not, says SKIP, or panics under
/// `MC2LINT_REQUIRE_TOOLS=1` (CI), where a missing tool is a failure.
pub fn tool_or_skip(tool: &str, hint: &str) -> bool {
    let ok = std::process::Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("{tool} is required (MC2LINT_REQUIRE_TOOLS=1): {hint}");
        }
        println!("SKIP: {tool} not on PATH ({hint})");
    }
    ok
}

/// The value of `key: value` in our `.pre-commit-hooks.yaml`.
pub fn hook_field(key: &str) -> String {
    let hooks = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.pre-commit-hooks.yaml")).unwrap();
    let line = hooks
        .lines()
        .map(str::trim)
        .map(|l| l.trim_start_matches("- "))
        .find(|l| l.starts_with(&format!("{key}:")))
        .unwrap_or_else(|| panic!("{key} missing from .pre-commit-hooks.yaml"));
    line[key.len() + 1..].trim().trim_matches('\'').trim_matches('"').to_string()
}

/// Runs git in `dir` with a throwaway identity, and pre-commit's cache under `dir`.
pub fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("PRE_COMMIT_HOME", dir.join(".cache-pre-commit"))
        .output()
        .unwrap()
}
