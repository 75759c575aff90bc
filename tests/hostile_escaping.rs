//! Injection into what users open (issue 13): CSV cells never start a formula,
//! text output shows control characters escaped and never starts a line with
//! `::` (a GitHub Actions command), and `@name.docx` is a document when it exists.

#![cfg(unix)]

mod hostile_support;

use hostile_support::*;

const WEAK: &str = "The Supplier may notify the Customer of security incidents when practicable.";

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), minimal(document_xml(&[text]).as_bytes())).unwrap();
}

#[test]
fn csv_cells_from_file_names_are_not_formulas_and_at_names_are_documents() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["=HYPERLINK(1).docx", "+1.docx", "-2.docx", "@SUM(1).docx", "\tx.docx"];
    for n in names {
        write(dir.path(), n, WEAK);
    }
    let mut args = vec!["audit", "-q", "--format", "csv", "--"];
    args.extend(names);
    let (status, out, err) = run(mc2lint(dir.path(), 120).args(&args));
    assert_eq!(status, 1, "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(rows.len(), names.len(), "{out}");
    for row in rows {
        let cell = row.trim_start_matches('"');
        assert!(cell.starts_with('\''), "a formula cell: {row}");
        assert!(row.contains(",ok,"), "checked as a document: {row}");
    }
    // A list is still a list: by `@` when no such file exists, or by --from-list.
    std::fs::write(dir.path().join("todo.txt"), "+1.docx\n").unwrap();
    for args in [&["audit", "-q", "@todo.txt"][..], &["audit", "-q", "--from-list", "todo.txt"]] {
        let (status, out, err) = run(mc2lint(dir.path(), 120).args(args));
        assert_eq!(status, 1, "{args:?}: {err}");
        assert_eq!(out.lines().count(), 1, "{args:?}: {out}");
        assert!(out.contains("\"path\":\"+1.docx\""), "{args:?}: {out}");
    }
}

#[test]
fn text_output_escapes_control_characters_and_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "::error title=pwned::\u{1b}]52;c;Y2xpcA==\u{7}\u{1b}[2J.docx";
    write(dir.path(), hostile, WEAK);
    for args in [&["check", hostile][..], &["check", "-q", hostile], &["dump", hostile]] {
        let (status, out, err) = run(mc2lint(dir.path(), 60).args(args));
        assert!(status < 2, "{args:?}: {err}");
        for line in out.lines().chain(err.lines()) {
            assert!(!line.starts_with("::"), "{args:?}: a workflow command: {line:?}");
            assert!(!line.contains('\u{1b}') && !line.contains('\u{7}'), "{args:?}: raw control: {line:?}");
        }
        assert!(args[0] == "dump" || out.contains("\\x1b]52;c;"), "{args:?}: shown escaped: {out}");
    }
    // Control characters in the document's own text.
    write(dir.path(), "esc.docx", "Supplier\u{1b}[2J\u{9b}31m shall notify.");
    let (status, out, err) = run(mc2lint(dir.path(), 60).args(["dump", "esc.docx"]));
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("Supplier\\x1b[2J\\x9b31m shall") && !out.contains('\u{1b}'), "{out}");
    // One-line errors about such files are escaped too, and stay one line.
    let missing = "gone\n::error::x\u{1b}[2J.docx";
    let (status, _, err) = run(mc2lint(dir.path(), 60).args(["check", missing]));
    assert_eq!(status, 2);
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(err.contains("gone\\x0a::error::x\\x1b[2J.docx") && err.contains("[io]"), "{err:?}");
    // GitHub output still prints the commands it means to.
    let (_, out, _) = run(mc2lint(dir.path(), 60).args(["check", "--format", "github", hostile]));
    assert!(out.lines().any(|l| l.starts_with("::error ") || l.starts_with("::warning ")), "{out}");
}
