//! Arbitrary bytes as `word/document.xml` (and, after the first NUL, as an
//! existing `word/comments.xml`) inside a valid package, annotated in memory:
//! `annotate` must refuse or return a copy, never panic, and a copy it returns
//! must open with the reader (issue 13: it used to panic at a char boundary or
//! write a malformed document.xml with exit 0).
#![no_main]

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mc2lint::annotate::annotate_bytes;
use mc2lint::check::{Checker, Options};
use mc2lint::docx::{read_bytes, Limits};
use mc2lint::reference::Pack;

const CONTENT_TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const DOC_RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| Checker::new(Pack::load("mc2@2").expect("built-in pack"), Options::default()))
}

fuzz_target!(|data: &[u8]| {
    let (document, comments) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut parts = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document),
    ];
    if let Some(comments) = comments {
        parts.push(("word/_rels/document.xml.rels", DOC_RELS.as_bytes()));
        parts.push(("word/comments.xml", comments));
    }
    for (name, body) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    let path = Path::new("fuzz.docx");
    if let Ok((copy, _)) = annotate_bytes(checker(), path, &bytes) {
        assert!(read_bytes(path, &copy, Limits::default()).is_ok(), "annotate returned a copy the reader refuses");
    }
});
