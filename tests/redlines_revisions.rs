//! `mc2lint check --revisions`: what the vendor changed in this round, by
//! author, with the terms each pending change weakens or strengthens.

mod cli_support;
mod reader_support;

use cli_support::{mc2lint, run};

const PREAMBLE: &str = r#"<w:p><w:r><w:t>This Agreement is made between Acme Medical, Inc. ("Vendor") and General Hospital ("Customer").</w:t></w:r></w:p><w:p><w:r><w:t>7. Cybersecurity</w:t></w:r></w:p>"#;

/// A round in which "Vendor Counsel" weakened the incident clause and "Hospital Counsel" tightened patching.
fn contract() -> Vec<u8> {
    let incident = concat!(
        r#"<w:p><w:r><w:t xml:space="preserve">7.1 Vendor shall notify Customer in writing of any actual or suspected security incident affecting the Products or Customer data within </w:t></w:r>"#,
        r#"<w:del w:id="11" w:author="Vendor Counsel" w:date="2026-11-02T10:00:00Z"><w:r><w:delText>twenty-four (24) hours</w:delText></w:r></w:del>"#,
        r#"<w:ins w:id="12" w:author="Vendor Counsel" w:date="2026-11-02T10:00:00Z"><w:r><w:t>ten (10) business days</w:t></w:r></w:ins>"#,
        r#"<w:r><w:t xml:space="preserve"> after becoming aware of it.</w:t></w:r></w:p>"#
    );
    let patching = concat!(
        r#"<w:p><w:r><w:t xml:space="preserve">7.2 Vendor shall validate and make available security patches for the Products, their operating system and third-party components at no additional cost within </w:t></w:r>"#,
        r#"<w:del w:id="21" w:author="Hospital Counsel" w:date="2026-11-03T09:00:00Z"><w:r><w:delText>one hundred eighty (180)</w:delText></w:r></w:del>"#,
        r#"<w:ins w:id="22" w:author="Hospital Counsel" w:date="2026-11-03T09:00:00Z"><w:r><w:t>sixty (60)</w:t></w:r></w:ins>"#,
        r#"<w:r><w:t xml:space="preserve"> days after release.</w:t></w:r></w:p>"#
    );
    reader_support::build_docx(&format!("{PREAMBLE}{incident}{patching}"), None, None)
}

#[test]
fn lists_each_authors_changes_with_the_terms_they_move() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("round2.docx"), contract()).unwrap();
    let (code, out, err) = run(mc2lint(dir.path()).args(["check", "--revisions", "--format", "json", "round2.docx"]));
    assert_eq!(code, 1, "a pending change weakens a term: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "mc2lint/revisions@1");
    let doc = &v["documents"][0];
    let authors = doc["authors"].as_array().unwrap();
    let vendor = authors.iter().find(|a| a["author"] == "Vendor Counsel").expect("the vendor's changes");
    assert_eq!(vendor["revisions"], 2);
    assert!(vendor["weakens"].as_array().unwrap().iter().any(|t| t == "C3-incident-notification"), "{vendor}");
    let hospital = authors.iter().find(|a| a["author"] == "Hospital Counsel").expect("the hospital's changes");
    assert!(hospital["weakens"].as_array().unwrap().is_empty(), "{hospital}");
    let inserted = doc["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["text"] == "ten (10) business days")
        .expect("the vendor's insertion");
    assert_eq!(inserted["author"], "Vendor Counsel");
    assert_eq!(inserted["date"], "2026-11-02T10:00:00Z");
    assert_eq!(inserted["clause"], "7.1");
    let effect = &inserted["terms"][0];
    assert_eq!(effect["term"], "C3-incident-notification");
    assert_eq!(effect["change"], "weaker");

    let (code, text, _) = run(mc2lint(dir.path()).args(["check", "--revisions", "round2.docx"]));
    assert_eq!(code, 1);
    assert!(text.contains("Vendor Counsel (2 revisions): weakens C3-incident-notification"), "{text}");
    assert!(
        text.contains("insertion 12 by Vendor Counsel, 2026-11-02T10:00:00Z in 7.1: \"ten (10) business days\""),
        "{text}"
    );
}

#[test]
fn a_contract_without_pending_changes_has_nothing_to_list() {
    let dir = tempfile::tempdir().unwrap();
    let body =
        format!("{PREAMBLE}<w:p><w:r><w:t>7.1 Vendor shall notify Customer of security incidents.</w:t></w:r></w:p>");
    std::fs::write(dir.path().join("clean.docx"), reader_support::build_docx(&body, None, None)).unwrap();
    let (code, text, err) = run(mc2lint(dir.path()).args(["check", "--revisions", "clean.docx"]));
    assert_eq!(code, 0, "{err}");
    assert!(text.starts_with("clean.docx: 0 pending revisions by 0 authors"), "{text}");
}
