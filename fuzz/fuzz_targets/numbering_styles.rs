//! Arbitrary bytes as `word/numbering.xml` and, after the first NUL,
//! `word/styles.xml`, under a fixed document that numbers paragraphs at every
//! level, directly and through styles. The reader must refuse or read them,
//! never panic, and every displayed label stays short (issue 13: a 2 KB
//! numbering part used to abort the process or take a minute).
#![no_main]

use std::io::Write;
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mc2lint::document::{Document, View};
use mc2lint::docx::numbering::MAX_LABEL;
use mc2lint::docx::{read_bytes, Limits};

const CONTENT_TYPES: &str = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const DOC_RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Paragraphs numbered directly (lists 0-3, levels 0-8) and through common styles.
fn document() -> String {
    let mut body = String::new();
    for num in 0..4 {
        for ilvl in 0..9 {
            body.push_str(&format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>Clause {num}.{ilvl}</w:t></w:r></w:p>"#
            ));
        }
    }
    for style in ["Heading1", "Heading2", "ListParagraph", "ListNumber", "Normal"] {
        body.push_str(&format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{style}</w:t></w:r></w:p>"#));
    }
    format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#)
}

fuzz_target!(|data: &[u8]| {
    let (numbering, styles) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let doc = document();
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
        ("word/numbering.xml", numbering),
        ("word/styles.xml", styles),
    ] {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    if let Ok(raw) = read_bytes(Path::new("fuzz.docx"), &bytes, Limits::default()) {
        for view in [View::Accepted, View::Original] {
            let doc = Document::build(&raw, view);
            for p in &doc.paragraphs {
                let label = p.number.as_deref().unwrap_or_default();
                assert!(label.chars().count() <= MAX_LABEL, "label of {} chars", label.chars().count());
            }
        }
    }
});
