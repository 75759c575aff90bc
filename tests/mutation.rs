//! Deterministic mutation testing of the reader: raw byte flips and truncations
//! of whole packages, and XML-level damage to `word/document.xml` re-zipped with
//! the `zip` crate. Reading must never panic; every refusal carries a stable code
//! and names the file. Both views of every accepted mutant keep the span
//! invariants. Seeded, so failures reproduce (the case number is printed).

mod reader_support;

use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use mc2lint::document::{Document, View};
use mc2lint::docx::{read_bytes, Limits};
use mc2lint::error::ErrorCode;

/// SplitMix64: small, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Inputs: the reader fixtures plus a few small corpus files of different kinds.
fn inputs() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = reader_support::REVISION_FIXTURES
        .iter()
        .map(|n| (n.to_string(), std::fs::read(reader_support::fixture(n)).unwrap()))
        .collect();
    let wanted = [
        "apache_tika/testWORD_override_list_numbering.docx",
        "dotnet_Open-XML-SDK/TestFiles__Strict01.docx",
        "OfficeDev_Open-Xml-PowerTools/NewDocxDocuments__RevisionTracking.docx",
        "bokuweb_docx-rs/spec_vanish__spec_vanish.docx",
        "jgm_pandoc/docx__lists_restart_8367.docx",
        "dotnet_Open-XML-SDK/TestFiles__Document.docx",
    ];
    for (name, path) in reader_support::corpus_files("ok") {
        if wanted.contains(&name.as_str()) {
            out.push((name, std::fs::read(path).unwrap()));
        }
    }
    out
}

fn mutate_bytes(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    match rng.below(5) {
        0 => b.truncate(rng.below(b.len())),
        1 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        2 => {
            let i = rng.below(b.len());
            let n = rng.below(64).min(b.len() - i);
            b[i..i + n].fill(if rng.below(2) == 0 { 0 } else { 0xFF });
        }
        3 => {
            // Damage the central directory or local headers, where offsets live.
            let i = if rng.below(2) == 0 { b.len().saturating_sub(1 + rng.below(200)) } else { rng.below(64) };
            b[i] = rng.next() as u8;
        }
        _ => {
            let i = rng.below(b.len());
            let junk: Vec<u8> = (0..1 + rng.below(32)).map(|_| rng.next() as u8).collect();
            b.splice(i..i, junk);
        }
    }
    b
}

/// Byte ranges of the tags in an XML text.
fn tags(xml: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &c) in xml.iter().enumerate() {
        match c {
            b'<' => start = Some(i),
            b'>' => {
                if let Some(s) = start.take() {
                    out.push((s, i + 1));
                }
            }
            _ => {}
        }
    }
    out
}

fn mutate_xml(rng: &mut Rng, xml: &[u8]) -> Vec<u8> {
    let mut x = xml.to_vec();
    let t = tags(&x);
    if t.is_empty() {
        return x;
    }
    let (s, e) = t[rng.below(t.len())];
    match rng.below(8) {
        0 => {
            x.drain(s..e);
        }
        1 => {
            let tag = x[s..e].to_vec();
            let (_, at) = t[rng.below(t.len())];
            x.splice(at..at, tag);
        }
        2 => {
            let (s2, e2) = t[rng.below(t.len())];
            if e <= s2 {
                let (a, b) = (x[s..e].to_vec(), x[s2..e2].to_vec());
                x.splice(s2..e2, a);
                x.splice(s..e, b);
            }
        }
        3 => {
            let n = rng.below(4096).min(x.len() - s);
            x.drain(s..s + n);
        }
        4 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(x.len());
                const JUNK: &[u8] = b"<>/&\"'=;#x0w:pPrt \xff\xfe\x00";
                x[i] = JUNK[rng.below(JUNK.len())];
            }
        }
        5 => {
            // Attribute values that parse as numbers or ids: huge, negative, junk.
            let values: [&[u8]; 6] = [b"-1", b"99999999999999999999", b"0", b"4294967296", b"x", b""];
            if let Some(q) = x[s..e].iter().position(|&c| c == b'"').map(|q| s + q + 1) {
                if let Some(end) = x[q..e].iter().position(|&c| c == b'"').map(|n| q + n) {
                    x.splice(q..end, values[rng.below(values.len())].iter().copied());
                }
            }
        }
        6 => x.truncate(s + rng.below(e - s)),
        _ => {
            let extra: [&[u8]; 6] = [
                b"<w:p>",
                b"</w:p>",
                b"<w:del w:id=\"9\" w:author=\"x\">",
                b"<w:tbl><w:tr><w:tc>",
                b"<mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><mc:Choice Requires=\"zz\">",
                b"<w:fldChar w:fldCharType=\"begin\"/>",
            ];
            let piece = extra[rng.below(extra.len())];
            x.splice(s..s, piece.iter().copied());
        }
    }
    x
}

/// Re-zips `input` with the main document part replaced.
fn with_document(input: &[u8], xml: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(input)).ok()?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let file = zip.by_index(i).ok()?;
        if file.name().ends_with("document.xml") || file.name().ends_with("document2.xml") {
            let name = file.name().to_string();
            drop(file);
            out.start_file(name, opts).ok()?;
            out.write_all(xml).ok()?;
        } else {
            out.raw_copy_file(file).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

fn document_xml(input: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(input)).ok()?;
    let name = zip.file_names().find(|n| n.ends_with("document.xml") || n.ends_with("document2.xml"))?.to_string();
    let mut xml = Vec::new();
    zip.by_name(&name).ok()?.read_to_end(&mut xml).ok()?;
    Some(xml)
}

enum Outcome {
    Read,
    Refused,
    Failed(String),
}

/// Reads one mutant and builds both views.
fn check(path: &Path, bytes: &[u8]) -> Outcome {
    let result = catch_unwind(AssertUnwindSafe(|| {
        let raw = read_bytes(path, bytes, Limits::default())?;
        for view in [View::Accepted, View::Original] {
            let doc = Document::build(&raw, view);
            let mut last = 0;
            for p in &doc.paragraphs {
                assert!(last <= p.start && p.start <= p.end && p.end <= doc.text.len(), "paragraph span");
                assert!(doc.text.is_char_boundary(p.start) && doc.text.is_char_boundary(p.end), "char boundary");
                last = p.end;
            }
            for r in &doc.revisions {
                assert!(r.start <= r.end && r.end <= doc.text.len(), "revision span");
            }
        }
        Ok::<_, mc2lint::error::ReadError>(())
    }));
    match result {
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("?");
            Outcome::Failed(format!("panicked: {msg}"))
        }
        Ok(Err(e)) => {
            let named = e.path == path.display().to_string() && e.message().contains(&e.path);
            let coded = matches!(
                e.code,
                ErrorCode::NotAZip
                    | ErrorCode::Encrypted
                    | ErrorCode::LegacyDoc
                    | ErrorCode::MissingPart
                    | ErrorCode::MalformedXml
                    | ErrorCode::TooLarge
                    | ErrorCode::Io
            );
            if !named || !coded || e.cause.is_empty() {
                Outcome::Failed(format!("bad error: {e}"))
            } else {
                Outcome::Refused
            }
        }
        Ok(Ok(())) => Outcome::Read,
    }
}

#[test]
fn mutated_packages_never_panic() {
    let started = Instant::now();
    let inputs = inputs();
    // Panics are caught and reported below; keep the default hook from flooding stderr.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(0x006d_6332_6c69_6e74);
    let (mut cases, mut refused, mut failures) = (0usize, 0usize, Vec::new());
    for (name, input) in &inputs {
        let path = PathBuf::from(format!("mutants/{name}"));
        let Some(xml) = document_xml(input) else {
            failures.push(format!("{name}: cannot extract the document part"));
            continue;
        };
        for case in 0..300 {
            let bytes = if case % 2 == 0 {
                mutate_bytes(&mut rng, input)
            } else {
                let mut damaged = xml.clone();
                for _ in 0..1 + rng.below(3) {
                    damaged = mutate_xml(&mut rng, &damaged);
                }
                match with_document(input, &damaged) {
                    Some(b) => b,
                    None => continue,
                }
            };
            cases += 1;
            match check(&path, &bytes) {
                Outcome::Read => {}
                Outcome::Refused => refused += 1,
                Outcome::Failed(f) => failures.push(format!("{name} case {case}: {f}")),
            }
        }
    }
    std::panic::set_hook(hook);
    println!(
        "mutation: {cases} mutants, {refused} refused with a code, {} failures in {:.1}s",
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(cases >= 2000, "too few cases: {cases}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn truncation_at_every_length_of_a_small_file() {
    let input = std::fs::read(reader_support::fixture("rev-insert-delete.docx")).unwrap();
    let path = Path::new("truncated.docx");
    for len in 0..input.len() {
        if let Outcome::Failed(f) = check(path, &input[..len]) {
            panic!("truncated to {len} bytes: {f}");
        }
    }
}
