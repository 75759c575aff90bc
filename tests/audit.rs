//! `mc2lint audit` and `mc2lint merge` end to end: every input appears exactly
//! once, a bad file is an error row, CSV shape, shards partition the inputs,
//! resume skips finished documents, merge reproduces the single-run CSV.
//! Inputs are the generated fixtures (`fixtures/contracts`) when present, else
//! files of the shared public corpus; the tests skip when neither exists.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mc2lint::model::DocumentReport;

const MAX_FILES: usize = 6;

fn sources() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("fixtures/contracts");
    let mut from_fixtures = docx_in(&fixtures);
    if !from_fixtures.is_empty() {
        from_fixtures.truncate(MAX_FILES);
        return from_fixtures;
    }
    let corpus = root.join("../shared/corpus/public-docx/OfficeDev_Open-Xml-PowerTools");
    let mut files = docx_in(&corpus);
    files.truncate(MAX_FILES);
    files
}

fn docx_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<PathBuf> =
        rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "docx")).collect();
    v.sort();
    v
}

/// A temp dir `work/in` holding copies of the sources (some in a subdirectory),
/// a bad file, a non-DOCX file and an ignored DOCX. Returns (tempdir, expected paths).
fn setup() -> Option<(tempfile::TempDir, Vec<String>)> {
    let src = sources();
    if src.len() < 2 {
        eprintln!("SKIP: no fixture or corpus DOCX files found");
        return None;
    }
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    let mut expected = Vec::new();
    for (i, f) in src.iter().enumerate() {
        let rel = if i % 2 == 0 { format!("in/c{i}.docx") } else { format!("in/sub/c{i}.docx") };
        std::fs::copy(f, tmp.path().join(&rel)).unwrap();
        expected.push(rel);
    }
    std::fs::write(input.join("sub/broken.docx"), b"this is not a zip file").unwrap();
    expected.push("in/sub/broken.docx".into());
    std::fs::write(input.join("notes.txt"), b"not a contract").unwrap();
    std::fs::write(input.join(".gitignore"), b"drafts/\n").unwrap();
    std::fs::create_dir_all(input.join("drafts")).unwrap();
    std::fs::copy(&src[0], input.join("drafts/ignored.docx")).unwrap();
    expected.sort();
    Some((tmp, expected))
}

fn mc2lint(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("mc2lint").unwrap();
    c.current_dir(dir);
    c
}

fn parse_jsonl(text: &str) -> Vec<DocumentReport> {
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("valid JSONL line")).collect()
}

fn paths(docs: &[DocumentReport]) -> Vec<String> {
    let mut p: Vec<String> = docs.iter().map(|d| d.path.clone()).collect();
    p.sort();
    p
}

#[test]
fn every_input_once_bad_file_is_an_error_row() {
    let Some((tmp, expected)) = setup() else { return };
    let out = mc2lint(tmp.path()).args(["audit", "in", "-q"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "an unreadable input gives exit 2");
    let docs = parse_jsonl(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(paths(&docs), expected, "every input exactly once, ignored and non-DOCX files left out");
    let bad: Vec<&DocumentReport> = docs.iter().filter(|d| d.is_error()).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].path, "in/sub/broken.docx");
    assert_eq!(bad[0].error.as_ref().unwrap().code, "not-a-zip");
    for d in docs.iter().filter(|d| !d.is_error()) {
        assert_eq!(d.terms.len(), 27, "{}: one finding per term", d.path);
        assert!(d.sha256.is_some());
    }

    // The same inputs through an @list, with a duplicate, give the same set.
    let list: String = expected.iter().chain(expected.iter().take(1)).map(|p| format!("{p}\n")).collect();
    std::fs::write(tmp.path().join("list.txt"), format!("# inputs\n{list}")).unwrap();
    let out = mc2lint(tmp.path()).args(["audit", "@list.txt", "-q", "-o", "list.jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let docs = parse_jsonl(&std::fs::read_to_string(tmp.path().join("list.jsonl")).unwrap());
    assert_eq!(paths(&docs), expected);
}

#[test]
fn csv_has_header_and_one_row_per_document() {
    let Some((tmp, expected)) = setup() else { return };
    let out = mc2lint(tmp.path()).args(["audit", "in", "--format", "csv", "-o", "a.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("documents: {}", expected.len())), "summary on stderr: {stderr}");
    assert!(stderr.contains("C3-incident-notification"), "per-term counts on stderr: {stderr}");
    let csv = std::fs::read_to_string(tmp.path().join("a.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(
        header[..11],
        [
            "path",
            "status",
            "error_code",
            "error_message",
            "supplier",
            "customer",
            "coverage",
            "conformant",
            "weakened",
            "deviating",
            "missing"
        ]
    );
    assert_eq!(header.len(), 11 + 27 + 27, "a verdict and a clause column per term");
    assert!(header.contains(&"C3-incident-notification") && header.contains(&"C3_clause"));
    assert_eq!(lines.len(), 1 + expected.len());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut reader = csv_rows(&csv);
    reader.remove(0);
    rows.extend(reader);
    assert_eq!(rows.iter().map(|r| r[0].to_string()).collect::<Vec<_>>(), expected, "sorted by path");
    for r in &rows {
        assert_eq!(r.len(), header.len());
        if r[0] == "in/sub/broken.docx" {
            assert_eq!(r[1..3], ["error", "not-a-zip"]);
            assert!(r[3].starts_with("in/sub/broken.docx: "), "the error message: {}", r[3]);
            assert!(r[4..].iter().all(|f| f.is_empty()));
        } else {
            assert_eq!(r[1], "ok");
            assert!(!r[4].is_empty(), "{}: the supplier is named", r[0]);
            assert!(r[11..38].iter().all(|v| ["conformant", "weakened", "deviating", "missing"].contains(&v.as_str())));
        }
    }
    let numbered = rows.iter().filter(|r| r[38..].iter().any(|c| !c.is_empty())).count();
    assert!(numbered > 0, "clause numbers of the numbered contracts");
}

/// Splits CSV text into rows of fields (RFC 4180 quoting), enough for these tests.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

#[test]
fn shards_partition_and_merge_reproduces_csv() {
    let Some((tmp, expected)) = setup() else { return };
    let dir = tmp.path();
    let mut seen: Vec<BTreeSet<String>> = Vec::new();
    for k in 1..=2 {
        let shard = format!("{k}/2");
        let out_file = format!("shard-{k}.jsonl");
        mc2lint(dir).args(["audit", "in", "-q", "--shard", &shard, "-o", &out_file]).output().unwrap();
        let docs = parse_jsonl(&std::fs::read_to_string(dir.join(&out_file)).unwrap());
        seen.push(docs.iter().map(|d| d.path.clone()).collect());
    }
    assert!(seen[0].is_disjoint(&seen[1]), "shards are disjoint");
    let union: Vec<String> = seen[0].union(&seen[1]).cloned().collect();
    assert_eq!(union, expected, "shards cover every input");

    mc2lint(dir).args(["audit", "in", "-q", "--format", "csv", "-o", "whole.csv"]).output().unwrap();
    let merged =
        mc2lint(dir).args(["merge", "shard-1.jsonl", "shard-2.jsonl", "--format", "csv", "-q"]).output().unwrap();
    assert_eq!(merged.status.code(), Some(0));
    assert_eq!(String::from_utf8(merged.stdout).unwrap(), std::fs::read_to_string(dir.join("whole.csv")).unwrap());

    // JSON from merge is the report object.
    let json =
        mc2lint(dir).args(["merge", "shard-1.jsonl", "shard-2.jsonl", "--format", "json", "-q"]).output().unwrap();
    let report: mc2lint::model::Report = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report.schema, mc2lint::model::REPORT_SCHEMA);
    assert_eq!(paths(&report.documents), expected);
}

#[test]
fn resume_skips_documents_already_done() {
    let Some((tmp, expected)) = setup() else { return };
    let dir = tmp.path();
    // First run over part of the inputs, then kill-style damage: a partial last line.
    let first: Vec<&String> = expected.iter().filter(|p| !p.contains("/sub/")).collect();
    let mut args = vec!["audit", "-q", "--resume", "out.jsonl"];
    args.extend(first.iter().map(|s| s.as_str()));
    mc2lint(dir).args(&args).output().unwrap();
    let before = std::fs::read_to_string(dir.join("out.jsonl")).unwrap();
    assert_eq!(parse_jsonl(&before).len(), first.len());
    std::fs::write(dir.join("out.jsonl"), format!("{before}{{\"path\":\"in/sub/c1.do")).unwrap();

    let out = mc2lint(dir).args(["audit", "in", "--resume", "out.jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("(from earlier run: {})", first.len())), "{stderr}");
    let after = std::fs::read_to_string(dir.join("out.jsonl")).unwrap();
    assert!(after.starts_with(&before), "earlier lines kept");
    let docs = parse_jsonl(&after);
    assert_eq!(paths(&docs), expected, "each document once after resuming");
    let unique: HashSet<&str> = docs.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(unique.len(), docs.len());

    // A changed file is checked again (new hash); the rest are skipped.
    let changed = first[0];
    std::fs::write(dir.join(changed), b"now broken").unwrap();
    mc2lint(dir).args(["audit", "in", "-q", "--resume", "out.jsonl"]).output().unwrap();
    let docs = parse_jsonl(&std::fs::read_to_string(dir.join("out.jsonl")).unwrap());
    assert_eq!(docs.len(), expected.len() + 1, "only the changed file was checked again");
    assert_eq!(docs.last().unwrap().path, *changed);
}

#[test]
fn missing_file_is_an_error_row_and_usage_errors_exit_2() {
    let Some((tmp, _)) = setup() else { return };
    let out = mc2lint(tmp.path()).args(["audit", "in/c0.docx", "nope.docx", "-q"]).output().unwrap();
    let docs = parse_jsonl(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(paths(&docs), ["in/c0.docx", "nope.docx"]);
    assert_eq!(docs.iter().find(|d| d.path == "nope.docx").unwrap().error.as_ref().unwrap().code, "io");
    let out = mc2lint(tmp.path()).args(["audit", "in", "--shard", "3/2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = mc2lint(tmp.path()).args(["audit", "in", "--resume", "x.jsonl", "--format", "csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn globs_expand_inside_the_walker() {
    let Some((tmp, expected)) = setup() else { return };
    let out = mc2lint(tmp.path()).args(["audit", "in/**/*.docx", "-q"]).output().unwrap();
    assert_eq!(paths(&parse_jsonl(&String::from_utf8(out.stdout).unwrap())), expected, "** and .gitignore");
    let out = mc2lint(tmp.path()).args(["audit", "in/sub/*.docx", "-q"]).output().unwrap();
    let sub: Vec<String> = expected.iter().filter(|p| p.starts_with("in/sub/")).cloned().collect();
    assert_eq!(paths(&parse_jsonl(&String::from_utf8(out.stdout).unwrap())), sub, "* stays in one directory");
}
