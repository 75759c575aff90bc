//! Command-line edges: `check DIR`, `check -o`, `check --hook`'s last line,
//! `explain` by any spelling with nearest-ID suggestions and terminal
//! rendering, and `merge` of a file that is not audit JSONL.

mod cli_support;

use cli_support::*;

#[test]
fn check_of_a_directory_points_at_audit() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contracts/a.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (code, _, err) = run(mc2lint(dir.path()).args(["check", "contracts"]));
    assert_eq!(code, 2);
    assert!(err.contains("error[not-a-file]: contracts: is a directory; use `mc2lint audit contracts`"), "{err}");
}

#[test]
fn check_writes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (code, out, _) = run(mc2lint(dir.path()).args(["check", "--format", "json", "-o", "report.json", "a.docx"]));
    assert_eq!(code, 1);
    assert!(out.is_empty(), "{out}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(finding(&report, C3).unwrap()["verdict"], "weakened");
    let (code, _, err) = run(mc2lint(dir.path()).args(["check", "-o", "no/such/dir/r.txt", "a.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("cannot write no/such/dir/r.txt"), "{err}");
}

#[test]
fn a_hook_shows_what_blocks_and_ends_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (code, out, _) = run(mc2lint(dir.path()).args(["check", "--hook", "a.docx"]));
    assert_eq!(code, 1);
    assert!(out.contains("error[C3-incident-notification]"), "{out}");
    assert!(!out.contains("warning["), "only blocking findings are shown:\n{out}");
    let last = out.lines().last().unwrap();
    assert_eq!(
        last,
        "10 findings at or above error block this commit: fix, suppress with a reason, or update the baseline"
    );
    let (_, plain, _) = run(mc2lint(dir.path()).args(["check", "a.docx"]));
    assert!(plain.contains("warning["), "without --hook everything shows");
    assert!(plain.lines().last().unwrap().ends_with("hidden by suppressions, 0 by the baseline"), "{plain}");
}

#[test]
fn explain_by_any_spelling_rendered_for_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let explain = |topic: &str| run(mc2lint(dir.path()).args(["explain", topic]));
    for topic in ["C3", "c3", "C3-Incident-Notification", "incident", "Incident notification"] {
        let (code, out, err) = explain(topic);
        assert_eq!(code, 0, "{topic}: {err}");
        assert!(out.starts_with("C3-incident-notification"), "{topic}: {out}");
    }
    let (_, out, _) = explain("patching");
    assert!(out.starts_with("C1-patching"), "{out}");
    let (code, _, err) = explain("sbomm");
    assert_eq!(code, 2);
    assert!(err.contains("nearest terms: B1-sbom"), "{err}");
    let (code, _, err) = explain("security");
    assert_eq!(code, 2);
    assert!(err.contains("matches several terms"), "{err}");

    let (code, out, _) = explain("Efforts");
    assert_eq!(code, 0);
    assert!(out.starts_with("efforts: the duty is only to try."), "{out}");
    assert!(!out.contains("**") && !out.contains(" *"), "no raw markdown:\n{out}");
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "wrapped at 100 columns: {line:?}");
    }
    // Reflowed: a sentence continues on the next line only when the line is full.
    let lines: Vec<&str> = out.lines().collect();
    for pair in lines.windows(2) {
        if !pair[0].is_empty() && !pair[1].is_empty() && !pair[1].starts_with(['-', ' ']) {
            let next_word = pair[1].split_whitespace().next().unwrap();
            assert!(pair[0].chars().count() + 1 + next_word.chars().count() > 100, "cut early: {pair:?}");
        }
    }
}

#[test]
fn merge_refuses_a_file_that_is_not_audit_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (_, out, _) = run(mc2lint(dir.path()).args(["check", "--format", "json", "a.docx"]));
    std::fs::write(dir.path().join("report.json"), out).unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).args(["merge", "report.json", "--format", "csv"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("report.json is not JSONL from `mc2lint audit`"), "{err}");
    // Real audit output still merges.
    let (code, _, err) = run(mc2lint(dir.path()).args(["audit", "a.docx", "-q", "-o", "a.jsonl"]));
    assert_eq!(code, 1, "{err}");
    let (code, out, err) = run(mc2lint(dir.path()).args(["merge", "a.jsonl", "--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("a.docx"), "{out}");
}
