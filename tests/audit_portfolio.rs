//! A portfolio folder as auditors find one (issue 17): DOCX, a broken DOCX, a
//! PDF, a legacy .doc, an OpenDocument file, symbolic-link loops and an
//! unreadable file. Every path appears exactly once in JSONL, CSV and HTML,
//! with its code; the summary adds up; `--only-docx` lists only DOCX;
//! resuming writes no second row for a file that was not checked.

mod audit_support;

use std::collections::HashMap;

use audit_support::*;
use mc2lint::model::DocumentReport;

fn codes(docs: &[DocumentReport]) -> HashMap<String, (String, String)> {
    docs.iter()
        .map(|d| (d.path.clone(), (d.status.clone(), d.error.as_ref().map_or(String::new(), |e| e.code.clone()))))
        .collect()
}

/// The number after `label` in the summary ("documents: 12  ok: 4 ...").
fn count(summary: &str, label: &str) -> usize {
    let at = summary.find(label).unwrap_or_else(|| panic!("{label} in {summary}")) + label.len();
    summary[at..].trim_start().split(|c: char| !c.is_ascii_digit()).next().unwrap().parse().unwrap()
}

#[test]
fn every_file_once_with_its_code_in_jsonl_csv_and_html() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let Some(expected) = mixed_portfolio(dir, 4) else { return };

    let out = mc2lint(dir).args(["audit", "in", "-o", "out.jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "unreadable files give exit 2");
    let docs = parse_jsonl(&std::fs::read_to_string(dir.join("out.jsonl")).unwrap());
    let mut paths: Vec<String> = docs.iter().map(|d| d.path.clone()).collect();
    paths.sort();
    assert_eq!(paths, expected, "every path exactly once; notes.txt is no row");

    let by_path = codes(&docs);
    let code = |p: &str| by_path[p].clone();
    assert_eq!(code("in/scan.pdf"), ("skipped".into(), "not-docx: pdf".into()));
    assert_eq!(code("in/old.doc"), ("skipped".into(), "legacy-doc".into()));
    assert_eq!(code("in/draft.odt"), ("skipped".into(), "not-docx: odt".into()));
    assert_eq!(code("in/broken.docx"), ("error".into(), "not-a-zip".into()));
    assert_eq!(code("in/sub/up"), ("error".into(), "symlink-loop".into()));
    assert_eq!(code("in/self.docx"), ("error".into(), "symlink-loop".into()));
    if permissions_apply() {
        assert_eq!(code("in/locked.docx"), ("error".into(), "io".into()));
    } else {
        assert_eq!(code("in/locked.docx").0, "error", "as root the mode does not stop reading; the junk is refused");
    }
    for d in docs.iter().filter(|d| d.status != "ok") {
        let e = d.error.as_ref().unwrap();
        assert!(e.message.starts_with(&format!("{}: ", d.path)), "the message names the file: {}", e.message);
        assert!(e.message.len() > d.path.len() + 20, "and says what is wrong and what to do: {}", e.message);
    }

    // The summary adds up and names what is not checked, by kind.
    let stderr = String::from_utf8(out.stderr).unwrap();
    let (ok, errors, skipped) = (count(&stderr, "ok:"), count(&stderr, "errors:"), count(&stderr, "not checked:"));
    assert_eq!(count(&stderr, "documents:"), expected.len(), "{stderr}");
    assert_eq!(ok + errors + skipped, expected.len(), "{stderr}");
    assert_eq!((ok, skipped), (4, 3), "{stderr}");
    assert!(stderr.contains("legacy-doc 1, not-docx: odt 1, not-docx: pdf 1"), "{stderr}");
    assert!(stderr.contains("other files, not contracts (no row): 1 .txt"), "{stderr}");
    assert!(stderr.contains(&format!("skipped 3 (not DOCX), resumed 0, failed {errors}")), "{stderr}");
    // Checked: the four contracts, the broken and the unreadable DOCX (not the loops, not the PDF).
    assert!(stderr.contains("checked 6 document(s) in") && stderr.contains("docs/s"), "{stderr}");

    // CSV: the same rows, codes and messages; a byte order mark on request.
    let out = mc2lint(dir).args(["audit", "in", "-q", "--format", "csv", "--bom", "-o", "a.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let csv = std::fs::read_to_string(dir.join("a.csv")).unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("a UTF-8 byte order mark first");
    let rows: Vec<Vec<String>> = csv.lines().skip(1).map(split_csv_line).collect();
    let csv_paths: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(csv_paths, expected, "every path exactly once in the CSV");
    for r in &rows {
        assert_eq!((r[1].clone(), r[2].clone()), code(&r[0]), "{}: status and code as in JSONL", r[0]);
        let message = docs.iter().find(|d| d.path == r[0]).unwrap().error.as_ref().map(|e| e.message.clone());
        assert_eq!(r[3], message.unwrap_or_default(), "the error message");
    }

    // HTML: one rendered row per path, its code in the row.
    let out = mc2lint(dir).args(["audit", "in", "-q", "--format", "html", "-o", "r.html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let Some(chrome) = chromium() else { return };
    let rows = probe(
        &chrome,
        &dir.join("profile"),
        &dir.join("r.html"),
        "return Array.prototype.map.call(document.querySelectorAll('#heat tbody tr[data-i]'),function(tr){\
return [tr.cells[0].title,tr.cells[2].textContent];});",
    );
    let rows: Vec<(String, String)> = serde_json::from_value(rows).unwrap();
    let mut html_paths: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    html_paths.sort();
    assert_eq!(html_paths, expected, "every path exactly once in the HTML table");
    for (path, cell) in &rows {
        let (status, code) = code(path);
        if status != "ok" {
            assert_eq!(cell, &code, "{path}: the code in its row");
        } else {
            assert!(cell.ends_with('%'), "{path}: coverage as `check` prints it, got {cell}");
        }
    }
}

/// One CSV line split into fields (quotes as RFC 4180; no line breaks inside fields here).
fn split_csv_line(line: &str) -> Vec<String> {
    let (mut fields, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

#[test]
fn only_docx_lists_what_it_did_before() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let Some(expected) = mixed_portfolio(dir, 2) else { return };
    let out = mc2lint(dir).args(["audit", "in", "-q", "--only-docx"]).output().unwrap();
    let docs = parse_jsonl(&String::from_utf8(out.stdout).unwrap());
    let mut paths: Vec<String> = docs.iter().map(|d| d.path.clone()).collect();
    paths.sort();
    let docx: Vec<String> = expected.into_iter().filter(|p| p.ends_with(".docx") && p != "in/self.docx").collect();
    assert_eq!(paths, docx, "only DOCX files; no rows for PDFs, .doc files or loops");
}

#[test]
fn resuming_writes_no_second_row_for_files_not_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let Some(expected) = mixed_portfolio(dir, 2) else { return };
    mc2lint(dir).args(["audit", "in", "-q", "-o", "out.jsonl"]).output().unwrap();
    let out = mc2lint(dir).args(["audit", "in", "--resume", "out.jsonl"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("resumed {}", expected.len())), "{stderr}");
    assert!(stderr.contains("checked 0 document(s)"), "{stderr}");
    let docs = parse_jsonl(&std::fs::read_to_string(dir.join("out.jsonl")).unwrap());
    assert_eq!(docs.len(), expected.len(), "each path still once");

    // merge keeps the rows, and their summary; --bom is for CSV only.
    let out = mc2lint(dir).args(["merge", "out.jsonl", "--format", "csv", "--bom"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("\u{feff}path,") && csv.lines().count() == 1 + expected.len());
    assert!(String::from_utf8(out.stderr).unwrap().contains("not checked: 3"));
    let out = mc2lint(dir).args(["merge", "out.jsonl", "--format", "html", "--bom"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "--bom with HTML is a usage error");
    let out = mc2lint(dir).args(["merge", "out.jsonl", "--format", "html", "-q", "-o", "m.html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(dir.join("m.html")).unwrap();
    assert!(html.contains("id=\"h-skipped\">3<"), "the merged report counts the files not checked");
}
