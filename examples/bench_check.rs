//! Speed of `check` on a 40-page contract: builds one long contract from the
//! bundled fixtures (about 20,000 words, the length of 40 pages), then times
//! reading and analysing it, and prints the ratio to the 50 ms target.
//! Run: `cargo run --release --example bench_check`.

use std::path::Path;
use std::time::Instant;

use mc2lint::check::{raw_from_paragraphs, Checker, Options};
use mc2lint::document::{Document, View};
use mc2lint::docx::{read_file, Limits};
use mc2lint::reference::Pack;

const WORDS_PER_PAGE: usize = 500;
const TARGET_MS: f64 = 50.0;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contracts");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").flatten().map(|e| e.path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "docx"));
    files.sort();
    // Parsing cost per byte of DOCX, from the real files.
    let t = Instant::now();
    let mut bytes = 0u64;
    for f in &files {
        bytes += std::fs::metadata(f).map(|m| m.len()).unwrap_or(0);
        read_file(f, Limits::default()).expect("fixture reads");
    }
    let read_ms_per_byte = t.elapsed().as_secs_f64() * 1000.0 / bytes as f64;
    // A 40-page contract: paragraphs of several fixtures, first preamble kept.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut words = 0;
    for f in files.iter().cycle() {
        let raw = read_file(f, Limits::default()).unwrap();
        let doc = Document::build(&raw, View::Accepted);
        for p in &doc.paragraphs {
            let text = doc.paragraph_text(p).to_string();
            words += text.split_whitespace().count();
            paragraphs.push(text);
        }
        if words >= 40 * WORDS_PER_PAGE {
            break;
        }
    }
    let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let raw = raw_from_paragraphs(&refs);
    let checker = Checker::new(Pack::load("mc2@2").unwrap(), Options::default());
    checker.analyse(&raw); // warm up: compile patterns, fill caches
    let runs = 20;
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(checker.analyse(&raw));
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[runs / 2];
    // Reading a DOCX of this size: about 14 KB of package per 5 pages in the fixtures.
    let est_bytes = bytes as f64 / files.len() as f64 * (words as f64 / WORDS_PER_PAGE as f64) / 5.0;
    let read_ms = read_ms_per_byte * est_bytes;
    let total = median + read_ms;
    println!(
        "contract: {} paragraphs, {words} words ({:.0} pages)",
        paragraphs.len(),
        words as f64 / WORDS_PER_PAGE as f64
    );
    println!("analyse: median {median:.1} ms over {runs} runs (one core)");
    println!("read (estimated from fixture parsing speed): {read_ms:.1} ms");
    println!("total: {total:.1} ms; ratio to the {TARGET_MS} ms target: {:.2}", total / TARGET_MS);
}
