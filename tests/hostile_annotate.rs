//! `annotate` on unusual and hostile packages (issue 13): it either writes a
//! copy that our reader opens with the contract's text unchanged, or refuses
//! with exit 2 and one line; it never panics and never writes a broken file.

mod hostile_support;

use std::path::Path;

use hostile_support::*;

const WEAK: &str = "7.1 Supplier will use commercially reasonable efforts to notify Customer of security incidents within ten (10) business days.";

fn doc_with(prefix: &str, body: &str) -> String {
    let (open, decl) = if prefix.is_empty() {
        ("".to_string(), format!("xmlns=\"{W_NS}\""))
    } else {
        (format!("{prefix}:"), format!("xmlns:{prefix}=\"{W_NS}\""))
    };
    let body = body.replace("w:", &open);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><{open}document {decl}><{open}body>{body}</{open}body></{open}document>"#
    )
}

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// Body, table and revision-view text of every paragraph, as `dump` reads it.
fn contract_text(dir: &Path, file: &str) -> Vec<String> {
    let (status, out, err) = run(mc2lint(dir, 60).args(["dump", "--format", "json", file]));
    assert_eq!(status, 0, "{file}: {err}");
    let dump: serde_json::Value = serde_json::from_str(&out).unwrap();
    dump["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "body" || p["kind"] == "table")
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect()
}

fn variants() -> Vec<(&'static str, Vec<u8>)> {
    let plain = format!("{}{}", para("Security."), para(WEAK));
    let utf16: Vec<u8> =
        doc_with("w", &plain).replace("UTF-8", "UTF-16").encode_utf16().flat_map(u16::to_le_bytes).collect();
    let tracked = format!(
        "{}<w:p><w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t>{WEAK}</w:t></w:r></w:ins><w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>Supplier shall notify within 72 hours.</w:delText></w:r></w:del></w:p>",
        para("Security.")
    );
    let table = format!("<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>", para("Incidents"), para(WEAK));
    let multibyte = format!("{}{}", para("Sécurité — 安全 🔒."), para(&format!("{WEAK} « café » 中文 😀")));
    let empty = format!("<w:p/>{}<w:p/><w:p><w:pPr/></w:p>{}", para("Security."), para(WEAK));
    let doc = doc_with("w", &plain);
    let duplicate = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
        ("Word/Document.xml", doc_with("w", &para("Supplier shall notify within 72 hours.")).as_bytes()),
    ]);
    let slash = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("/word/document.xml", doc.as_bytes()),
    ]);
    let escaped = package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/%64ocument.xml", doc.as_bytes()),
    ]);
    vec![
        ("plain.docx", minimal(doc.as_bytes())),
        ("default-ns.docx", minimal(doc_with("", &plain).as_bytes())),
        ("other-prefix.docx", minimal(doc_with("x", &plain).as_bytes())),
        ("utf16.docx", minimal(&[&[0xFF, 0xFE][..], &utf16].concat())),
        ("bom.docx", minimal(&[&[0xEF, 0xBB, 0xBF][..], doc.as_bytes()].concat())),
        ("tracked.docx", minimal(doc_with("w", &tracked).as_bytes())),
        ("table.docx", minimal(doc_with("w", &table).as_bytes())),
        ("multibyte.docx", minimal(doc_with("w", &multibyte).as_bytes())),
        ("empty-paragraphs.docx", minimal(doc_with("w", &empty).as_bytes())),
        ("duplicate.docx", duplicate),
        ("slash.docx", slash),
        ("escaped.docx", escaped),
    ]
}

#[test]
fn annotate_writes_a_readable_copy_with_the_same_text_or_refuses_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut written = 0;
    for (file, bytes) in variants() {
        std::fs::write(dir.path().join(file), bytes).unwrap();
        let out = format!("annotated-{file}");
        let (status, _, err) = run(mc2lint(dir.path(), 60).args(["annotate", file, "-o", &out]));
        println!("{file}: exit {status} {}", err.trim());
        match status {
            0 => {
                assert_eq!(contract_text(dir.path(), &out), contract_text(dir.path(), file), "{file}");
                let (_, dump, _) = run(mc2lint(dir.path(), 60).args(["dump", &out]));
                assert!(dump.contains("mc2lint"), "{file}: no comment written: {dump}");
                written += 1;
            }
            2 => {
                assert_eq!(err.lines().count(), 1, "{file}: {err}");
                assert!(err.contains(file), "{file}: {err}");
                assert!(file != "duplicate.docx" || err.contains("[duplicate-part]"), "{err}");
                assert!(!dir.path().join(&out).exists(), "{file}: refused but wrote {out}");
            }
            _ => panic!("{file}: exit {status}: {err}"),
        }
    }
    assert_eq!(written, 11, "every variant but the duplicate is annotated");
}
