//! Arbitrary bytes as a DOCX file: the reader must refuse or read them, never
//! panic, and every document it builds keeps its span invariants.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mc2lint::document::{Document, View};
use mc2lint::docx::{read_bytes, Limits};

fuzz_target!(|data: &[u8]| {
    // Small limits keep each run fast; the zip-bomb paths are still exercised.
    let limits = Limits { max_file: 4 << 20, max_part: 16 << 20, max_total: 32 << 20, max_ratio: 200 };
    match read_bytes(Path::new("fuzz.docx"), data, limits) {
        Ok(raw) => {
            for view in [View::Accepted, View::Original] {
                let doc = Document::build(&raw, view);
                let mut last = 0;
                for p in &doc.paragraphs {
                    assert!(last <= p.start && p.start <= p.end && p.end <= doc.text.len());
                    assert!(doc.text.is_char_boundary(p.start) && doc.text.is_char_boundary(p.end));
                    last = p.end;
                }
                for r in &doc.revisions {
                    assert!(r.start <= r.end && r.end <= doc.text.len());
                }
            }
        }
        Err(e) => {
            assert!(!e.cause.is_empty());
            assert!(e.message().starts_with("fuzz.docx: "));
        }
    }
});
