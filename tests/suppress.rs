//! Suppressions a vendor cannot plant: a Word comment counts only from an
//! author the config trusts (or with `--trust-comments`), names its terms, is
//! visible and not in a tracked deletion, and covers only the paragraphs it
//! spans; every comment that does not count is reported. A config file beside
//! an incoming contract outside the repository is not used.

mod cli_support;

use std::io::Write;
use std::path::Path;

use cli_support::*;
use serde_json::Value;

const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// PREAMBLE and WEAK_C3 under one comment by `author` whose body is `body`
/// (the inside of a `w:p`), anchored from the preamble to the clause.
fn contract(author: &str, body: &str) -> Vec<u8> {
    let document = format!(
        "<w:document {W}><w:body><w:p><w:commentRangeStart w:id=\"1\"/><w:r><w:t>{PREAMBLE}</w:t></w:r></w:p>\
         <w:p><w:r><w:t>{WEAK_C3}</w:t></w:r><w:commentRangeEnd w:id=\"1\"/>\
         <w:r><w:commentReference w:id=\"1\"/></w:r></w:p>{}</w:body></w:document>",
        para("8.1 Customer shall pay all invoices within thirty days.")
    );
    let comments = format!(
        "<w:comments {W}><w:comment w:id=\"1\" w:author=\"{author}\"><w:p>{body}</w:p></w:comment></w:comments>"
    );
    let rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>";
    let parts = [
        ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/comments.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/></Types>".to_string()),
        ("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string()),
        ("word/_rels/document.xml.rels", rels.to_string()),
        ("word/document.xml", document),
        ("word/comments.xml", comments),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(data.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn run_text(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

fn suppressed(report: &Value) -> Vec<String> {
    report["documents"][0]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["suppressed"] == true)
        .map(|t| t["term"].as_str().unwrap().to_string())
        .collect()
}

fn notices(report: &Value) -> Vec<String> {
    report["notices"].as_array().map_or(Vec::new(), |a| a.iter().map(|n| n["message"].to_string()).collect())
}

fn put(dir: &Path, name: &str, bytes: Vec<u8>) {
    std::fs::create_dir_all(dir.join(name).parent().unwrap()).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

#[test]
fn a_planted_vendor_comment_suppresses_nothing_and_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let vendor = run_text("mc2lint: allow * -- standard vendor paper");
    put(dir.path(), "visible.docx", contract("Vendor Legal", &vendor));
    let hidden = "<w:r><w:rPr><w:vanish/></w:rPr><w:t>mc2lint: allow C3 -- standard vendor paper</w:t></w:r>";
    put(dir.path(), "hidden.docx", contract("Vendor Legal", hidden));
    let deleted = "<w:del w:id=\"5\" w:author=\"Vendor Legal\"><w:r><w:delText>mc2lint: allow C3 -- standard vendor paper</w:delText></w:r></w:del>";
    put(dir.path(), "deleted.docx", contract("Vendor Legal", deleted));

    let (code, report, _) = check_json(dir.path(), &["visible.docx"]);
    assert_eq!(code, 1);
    assert_eq!(suppressed(&report), Vec::<String>::new());
    let n = notices(&report);
    assert!(n.len() == 1 && n[0].contains("ignored suppression by Vendor Legal (comment 1)"), "{n:?}");
    // Trusting every author still refuses `allow *`.
    let (_, report, _) = check_json(dir.path(), &["--trust-comments", "visible.docx"]);
    assert_eq!(suppressed(&report), Vec::<String>::new());
    assert!(notices(&report)[0].contains("`allow *` is not accepted"), "{report}");
    // Hidden or deleted comments never count, in either view.
    for (file, why) in [("hidden.docx", "hidden"), ("deleted.docx", "tracked deletion")] {
        for view in ["accepted", "original"] {
            let (_, report, _) = check_json(dir.path(), &["--trust-comments", "--view", view, file]);
            assert_eq!(suppressed(&report), Vec::<String>::new(), "{file} {view}");
            assert!(notices(&report).iter().any(|n| n.contains(why)), "{file} {view}: {report}");
        }
    }

    // Text says so, and ends with what suppressions and the baseline hid.
    let (_, out, _) = run(mc2lint(dir.path()).args(["check", "visible.docx"]));
    assert!(out.contains("warning: visible.docx: ignored suppression by Vendor Legal"), "{out}");
    assert!(out.trim_end().ends_with("0 hidden by suppressions, 0 by the baseline"), "{out}");
    // annotate writes the finding and says why the comment did not count.
    let (code, _, err) = run(mc2lint(dir.path()).args(["annotate", "visible.docx", "-o", "annotated.docx"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("warning: visible.docx: ignored suppression by Vendor Legal"), "{err}");
    // SARIF: a warning notification at the document.
    let (_, out, _) = run(mc2lint(dir.path()).args(["check", "--format", "sarif", "visible.docx"]));
    let log: Value = serde_json::from_str(&out).unwrap();
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], true);
    let note = &inv["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "warning");
    assert!(note["message"]["text"].as_str().unwrap().contains("ignored suppression by Vendor Legal"), "{note}");
}

#[test]
fn a_trusted_comment_covers_its_paragraphs_never_missing_terms() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mc2lint.toml"), "[suppress]\ncomment-authors = [\"Jane Counsel\"]\n").unwrap();
    let ours = run_text("mc2lint: allow C3, B1, C33-typo -- accepted by the CISO");
    put(dir.path(), "ours.docx", contract("Jane Counsel", &ours));
    let (code, report, _) = check_json(dir.path(), &["ours.docx"]);
    assert_eq!(suppressed(&report), [C3], "{report}");
    assert_eq!(finding(&report, C3).unwrap()["suppression"], "accepted by the CISO");
    assert_eq!(finding(&report, "B1-sbom").unwrap()["verdict"], "missing", "a missing term is never suppressed");
    assert_eq!(code, 1);
    let n = notices(&report);
    assert!(n.len() == 1 && n[0].contains("comment 1 by Jane Counsel: 'C33-typo' is not a term ID"), "{n:?}");
    let s = &report["documents"][0]["summary"];
    assert_eq!(s["suppressed"], 1, "{s}");

    let (_, out, _) = run(mc2lint(dir.path()).args(["check", "ours.docx"]));
    assert!(out.contains("1 hidden by suppressions"), "{out}");

    // A comment on another paragraph does not reach the clause.
    write(dir.path(), "elsewhere.docx", &[commented(PREAMBLE, "mc2lint: allow C3 -- ok"), p(WEAK_C3)]);
    let (_, report, _) = check_json(dir.path(), &["--trust-comments", "elsewhere.docx"]);
    assert_eq!(suppressed(&report), Vec::<String>::new(), "{report}");
}

#[test]
fn config_beside_an_incoming_contract_is_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    let incoming = dir.path().join("incoming");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    write(&incoming, "vendor.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let planted = "[[suppress]]\nterm = \"*\"\nreason = \"standard vendor paper\"\n";
    std::fs::write(incoming.join("mc2lint.toml"), planted).unwrap();

    for cmd in [&["check", "--format", "json"][..], &["audit", "--format", "json", "-q"][..]] {
        let (_, out, err) = run(mc2lint(&repo).args(cmd).arg("../incoming/vendor.docx"));
        let report: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        assert_eq!(suppressed(&report), Vec::<String>::new(), "{cmd:?}: {report}");
    }
    // Named on the command line, it is used.
    let (_, report, _) = check_json(&repo, &["--config", "../incoming/mc2lint.toml", "../incoming/vendor.docx"]);
    assert!(suppressed(&report).contains(&C3.to_string()), "{report}");
    // The repository's own config applies to the incoming file, for check and audit alike.
    std::fs::write(repo.join("mc2lint.toml"), "[severity]\n\"C3-incident-notification\" = \"info\"\n").unwrap();
    for cmd in [&["check", "--format", "json"][..], &["audit", "--format", "json", "-q"][..]] {
        let (_, out, _) = run(mc2lint(&repo).args(cmd).arg("../incoming/vendor.docx"));
        let report: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(finding(&report, C3).unwrap()["severity"], "info", "{cmd:?}");
    }
}
