//! Reads DOCX files in-process and reports throughput: the reader's part of
//! `benches/read_corpus.sh`.
//!
//! ```text
//! cargo run --release --example read_corpus -- [--repeat N] [--json] [--inflate-only] FILE...
//! cargo run --release --example read_corpus -- --list FILE_OF_PATHS
//! ```
//!
//! For each file: `docx::read_file`, then `Document::build` for the accepted and
//! the original view (and, with `--json`, the `dump` JSON of the accepted view).
//! `--inflate-only` instead just inflates `word/document.xml` with the `zip`
//! crate: the in-process floor, like `unzip -p FILE word/document.xml`.
//! Prints files, bytes, seconds and MB/s (input bytes per second) on one line.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use mc2lint::document::{Document, View};
use mc2lint::docx::{read_file, Limits};

fn main() {
    let mut files: Vec<PathBuf> = Vec::new();
    let (mut repeat, mut json, mut inflate_only) = (1usize, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).expect("--repeat N"),
            "--json" => json = true,
            "--inflate-only" => inflate_only = true,
            "--list" => {
                let list = std::fs::read_to_string(args.next().expect("--list FILE")).expect("readable list");
                files.extend(list.lines().filter(|l| !l.is_empty()).map(PathBuf::from));
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    let bytes: u64 = files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let (mut read, mut refused, mut paragraphs) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    for _ in 0..repeat {
        for file in &files {
            if inflate_only {
                match inflate(file) {
                    Some(n) => {
                        read += 1;
                        paragraphs += n;
                    }
                    None => refused += 1,
                }
                continue;
            }
            match read_file(file, Limits::default()) {
                Ok(raw) => {
                    read += 1;
                    let accepted = Document::build(&raw, View::Accepted);
                    let original = Document::build(&raw, View::Original);
                    paragraphs += accepted.paragraphs.len() + original.paragraphs.len();
                    if json {
                        let out = mc2lint::report::dump::to_json(&file.display().to_string(), &accepted);
                        std::hint::black_box(out);
                    }
                }
                Err(_) => refused += 1,
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let mb = (bytes * repeat as u64) as f64 / 1e6;
    let what = if inflate_only { "inflate word/document.xml" } else { "read + both views" };
    println!(
        "in-process ({what}): {} files x{repeat} ({read} read, {refused} refused, {paragraphs} paragraphs or bytes), {mb:.1} MB in {secs:.3}s = {:.1} MB/s",
        files.len(),
        mb / secs.max(1e-9)
    );
}

/// Inflates `word/document.xml`; returns its size.
fn inflate(path: &Path) -> Option<usize> {
    let bytes = std::fs::read(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut part = zip.by_name("word/document.xml").ok()?;
    let mut out = Vec::new();
    part.read_to_end(&mut out).ok()?;
    Some(out.len())
}
