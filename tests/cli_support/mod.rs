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
