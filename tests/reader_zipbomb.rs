//! Zip bombs are refused with `too-large`, quickly and without inflating them:
//! a part whose header admits a huge ratio is refused before decompression; a
//! part whose header lies is inflated in chunks and dropped as soon as it passes
//! the ratio or size limit; many parts together stop at the total budget.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use mc2lint::docx::{read_bytes, Limits};
use mc2lint::error::ErrorCode;

const MIB: usize = 1 << 20;
const W: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

/// A package whose parts are `(name, size of whitespace padding)`; the document
/// part links footnotes, endnotes and headers named `word/*.xml` so all are read.
fn bomb(parts: &[(&str, usize)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    let add = |zip: &mut zip::ZipWriter<_>, name: &str, head: &str, padding: usize, tail: &str| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(head.as_bytes()).unwrap();
        let spaces = vec![b' '; MIB];
        let mut left = padding;
        while left > 0 {
            let n = left.min(MIB);
            zip.write_all(&spaces[..n]).unwrap();
            left -= n;
        }
        zip.write_all(tail.as_bytes()).unwrap();
    };
    add(
        &mut zip,
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        0,
        "",
    );
    add(
        &mut zip,
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        0,
        "",
    );
    let rels: String = parts
        .iter()
        .filter(|(n, _)| *n != "word/document.xml")
        .enumerate()
        .map(|(i, (n, _))| {
            format!(
                r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="{}"/>"#,
                i + 10,
                n.trim_start_matches("word/")
            )
        })
        .collect();
    add(
        &mut zip,
        "word/_rels/document.xml.rels",
        &format!(
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
        0,
        "",
    );
    for (name, padding) in parts {
        let root = if *name == "word/document.xml" { "document" } else { "hdr" };
        add(
            &mut zip,
            name,
            &format!("<?xml version=\"1.0\"?><w:{root} {W}><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>"),
            *padding,
            &format!("</w:body></w:{root}>"),
        );
    }
    zip.finish().unwrap().into_inner()
}

/// Rewrites the uncompressed size of every entry larger than `over` bytes, in the
/// local headers and the central directory, so the archive lies about it.
fn lie_about_sizes(bytes: &mut [u8], over: u32, claim: u32) {
    let mut i = 0;
    while i + 46 <= bytes.len() {
        let field = match &bytes[i..i + 4] {
            b"PK\x03\x04" => Some(i + 22),
            b"PK\x01\x02" => Some(i + 24),
            _ => None,
        };
        if let Some(at) = field {
            let size = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
            if size > over {
                bytes[at..at + 4].copy_from_slice(&claim.to_le_bytes());
            }
        }
        i += 1;
    }
}

/// Peak resident memory of this process so far, in bytes (Linux).
fn peak_rss() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse::<usize>().ok().map(|kb| kb * 1024)
}

fn refuse(bytes: &[u8], limits: Limits) -> (ErrorCode, String, Duration) {
    let started = Instant::now();
    let err = read_bytes(Path::new("bomb.docx"), bytes, limits).expect_err("a zip bomb must be refused");
    assert!(err.message().starts_with("bomb.docx: "), "names the file: {err}");
    (err.code, err.cause, started.elapsed())
}

/// One test, so the memory measurements are not disturbed by other threads.
#[test]
fn zip_bombs_are_refused_quickly_with_bounded_memory() {
    // 300 MiB of spaces in the main document part: about 1000:1.
    let mut bytes = bomb(&[("word/document.xml", 300 * MIB)]);
    println!("bomb: {} KiB compressed, 300 MiB inflated", bytes.len() / 1024);
    let before = peak_rss();

    let (code, cause, took) = refuse(&bytes, Limits::default());
    println!("honest header: {code} in {took:?}: {cause}");
    assert_eq!(code, ErrorCode::TooLarge);
    assert!(took < Duration::from_secs(2), "refused without inflating: {took:?}");

    // The same bomb claiming to be 1000 bytes: inflated in chunks, stopped at the ratio limit.
    lie_about_sizes(&mut bytes, 100 * MIB as u32, 1000);
    let (code, cause, took) = refuse(&bytes, Limits::default());
    println!("lying header: {code} in {took:?}: {cause}");
    assert!(matches!(code, ErrorCode::TooLarge | ErrorCode::NotAZip), "{code}: {cause}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    if let (Some(before), Some(after)) = (before, peak_rss()) {
        let grown = after.saturating_sub(before);
        println!("peak memory grew by {} MiB while reading both bombs", grown / MIB);
        assert!(grown < 200 * MIB, "memory must stay far below the 300 MiB the bomb inflates to");
    }

    // Below the ratio limit but over the size caps: each part, then all parts together.
    let lenient = Limits { max_ratio: u64::MAX, ..Limits::default() };
    let big = bomb(&[("word/document.xml", 300 * MIB)]);
    let (code, cause, _) = refuse(&big, lenient);
    assert_eq!(code, ErrorCode::TooLarge, "{cause}");
    assert!(cause.contains("256 MiB"), "{cause}");
    let many = bomb(&[("word/document.xml", 3 * MIB), ("word/header1.xml", 3 * MIB), ("word/header2.xml", 3 * MIB)]);
    let small = Limits { max_part: 4 << 20, max_total: 8 << 20, max_ratio: u64::MAX, ..Limits::default() };
    let (code, cause, _) = refuse(&many, small);
    assert_eq!(code, ErrorCode::TooLarge, "{cause}");
    // Within the limits the same package reads.
    let roomy = Limits { max_total: 16 << 20, ..small };
    assert!(read_bytes(Path::new("ok.docx"), &many, roomy).is_ok());
}
