//! Hostile packages and special files (issue 13): each is refused with exit 2,
//! one line naming the file, and a stable code; none hangs.

mod hostile_support;

use hostile_support::*;

const GOOD: &str = "The Supplier shall notify the Customer of security incidents within 72 hours.";
const DECOY: &str = "The Supplier may notify the Customer of security incidents.";

fn utf16(text: &str, le: bool) -> Vec<u8> {
    text.encode_utf16().flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
}

#[test]
fn part_names_that_differ_only_in_case_slash_or_escapes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (good, decoy) = (document_xml(&[GOOD]), document_xml(&[DECOY]));
    for (file, second) in [
        ("case.docx", "WORD/DOCUMENT.XML"),
        ("slash.docx", "/word/document.xml"),
        ("escaped.docx", "word/%64ocument.xml"),
        ("escaped-case.docx", "Word/%44ocument.xml"),
    ] {
        let bytes = package(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", ROOT_RELS.as_bytes()),
            ("word/document.xml", decoy.as_bytes()),
            (second, good.as_bytes()),
        ]);
        std::fs::write(dir.path().join(file), bytes).unwrap();
        let line = refused(dir.path(), file, "duplicate-part");
        assert!(line.contains(second), "names both entries: {line}");
    }
    // Distinct names that only look alike still read.
    let bytes = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", good.as_bytes()),
        ("word/document2.xml", decoy.as_bytes()),
    ]);
    std::fs::write(dir.path().join("distinct.docx"), bytes).unwrap();
    let (status, _, err) = run(mc2lint(dir.path(), 60).args(["check", "distinct.docx"]));
    assert!(status < 2, "{err}");
}

#[test]
fn doctype_in_any_part_is_refused_naming_the_part() {
    let dir = tempfile::tempdir().unwrap();
    let dtd = r#"<!DOCTYPE w:document [<!ENTITY x "decoy">]>"#;
    let doc = document_xml(&["&x; clause"]).replacen("?>", &format!("?>{dtd}"), 1);
    std::fs::write(dir.path().join("main.docx"), minimal(doc.as_bytes())).unwrap();
    let line = refused(dir.path(), "main.docx", "malformed-xml");
    assert!(line.contains("word/document.xml") && line.contains("DOCTYPE"), "{line}");

    let numbering = format!(r#"<?xml version="1.0"?><!DOCTYPE x><w:numbering xmlns:w="{W_NS}"/>"#);
    let styles = format!(r#"<?xml version="1.0"?><w:styles xmlns:w="{W_NS}"/>"#);
    let bytes = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes()),
        ("word/document.xml", document_xml(&[GOOD]).as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ]);
    std::fs::write(dir.path().join("numbering.docx"), bytes).unwrap();
    let line = refused(dir.path(), "numbering.docx", "malformed-xml");
    assert!(line.contains("word/numbering.xml"), "{line}");
}

#[test]
fn parts_that_are_not_xml_in_a_known_encoding_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let doc = document_xml(&[GOOD]);
    let doc16 = doc.replace("UTF-8", "UTF-16");
    let utf32: Vec<u8> = doc.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("utf32.docx", utf32),
        ("wrong-bom.docx", [&[0xFE, 0xFF][..], &utf16(&doc16, true)].concat()),
        ("utf8-bom-utf16.docx", [&[0xEF, 0xBB, 0xBF][..], &utf16(&doc16, true)].concat()),
        ("declared-utf16.docx", doc16.clone().into_bytes()),
        ("latin1.docx", doc.replace("UTF-8", "ISO-8859-1").into_bytes()),
        ("not-xml.docx", b"This is not XML; the Supplier shall do nothing.".to_vec()),
        ("wrong-root.docx", doc.replace("w:document", "w:ftr").into_bytes()),
        ("unclosed.docx", doc.replace("</w:body></w:document>", "").into_bytes()),
        ("two-roots.docx", format!("{doc}<w:document xmlns:w=\"{W_NS}\"/>").into_bytes()),
        ("unknown-entity.docx", document_xml(&["&decoy; clause"]).into_bytes()),
    ];
    for (file, bytes) in cases.drain(..) {
        std::fs::write(dir.path().join(file), minimal(&bytes)).unwrap();
        let line = refused(dir.path(), file, "malformed-xml");
        assert!(line.contains("word/document.xml"), "{line}");
    }
    // Genuine UTF-16, with or without its byte order mark, still reads.
    for (file, bytes) in [
        ("utf16le.docx", [&[0xFF, 0xFE][..], &utf16(&doc16, true)].concat()),
        ("utf16be.docx", [&[0xFE, 0xFF][..], &utf16(&doc16, false)].concat()),
        ("utf16-nobom.docx", utf16(&doc16, true)),
        ("utf8-bom.docx", [&[0xEF, 0xBB, 0xBF][..], doc.as_bytes()].concat()),
    ] {
        std::fs::write(dir.path().join(file), minimal(&bytes)).unwrap();
        let (status, out, err) = run(mc2lint(dir.path(), 60).args(["dump", file]));
        assert_eq!(status, 0, "{file}: {err}");
        assert!(out.contains("72 hours"), "{file}: {out}");
    }
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_directories_are_not_files() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.docx");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.docx")).unwrap();
    std::fs::create_dir(dir.path().join("folder.docx")).unwrap();
    std::fs::write(dir.path().join("good.docx"), minimal(document_xml(&[GOOD]).as_bytes())).unwrap();
    for file in ["pipe.docx", "zero.docx", "folder.docx"] {
        refused(dir.path(), file, "not-a-file");
        let (status, _, err) = run(mc2lint(dir.path(), 60).args(["dump", file]));
        assert_eq!(status, 2, "{err}");
        assert!(err.contains("[not-a-file]"), "{err}");
    }
    // In a batch the other files are still checked: one error row each, in time.
    let (status, out, err) = run(mc2lint(dir.path(), 60).args(["audit", "-q", "pipe.docx", "zero.docx", "good.docx"]));
    assert_eq!(status, 2, "{err}");
    let rows: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 3, "{out}");
    let errors = rows.iter().filter(|r| r["error"]["code"] == "not-a-file").count();
    assert_eq!(errors, 2, "{out}");
    assert!(rows.iter().any(|r| r["path"] == "good.docx" && r["status"] == "ok"), "{out}");
}

#[test]
fn the_size_limit_is_enforced_on_the_bytes_read() {
    let dir = tempfile::tempdir().unwrap();
    // Two MiB on disk, over a one MiB limit: refused however the length is reported.
    std::fs::write(dir.path().join("big.docx"), vec![b'P'; 2 << 20]).unwrap();
    let (status, _, err) = run(mc2lint(dir.path(), 60).args(["check", "--max-file-size", "1", "big.docx"]));
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("[too-large]") && err.contains("big.docx"), "{err}");
}
