//! Every `ok` file of the shared public corpus opens; every `bad` one is refused
//! with a stable code; nothing panics. Skips (with a message) when the corpus is absent.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use mc2lint::document::{Document, View};
use mc2lint::docx::{read_file, Limits};

/// The corpus; when absent the test skips, unless `MC2LINT_REQUIRE_TOOLS=1`
/// (CI), where it fails: a corpus test that passes on no files guards nothing.
fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/public-docx");
    if dir.join("MANIFEST.tsv").exists() {
        return Some(dir);
    }
    if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("{} is required (MC2LINT_REQUIRE_TOOLS=1) but absent", dir.display());
    }
    None
}

/// Checks the span invariants of one view: paragraphs are ordered, disjoint and
/// on char boundaries; revision and comment spans stay inside the text.
fn check_view(doc: &Document, name: &str) {
    let mut last_end = 0;
    for p in &doc.paragraphs {
        assert!(p.start >= last_end && p.start <= p.end && p.end <= doc.text.len(), "{name}: bad span ¶{}", p.index);
        assert!(
            doc.text.is_char_boundary(p.start) && doc.text.is_char_boundary(p.end),
            "{name}: span off char boundary"
        );
        for piece in &p.pieces {
            assert!(piece.start >= p.start && piece.end <= p.end, "{name}: piece outside ¶{}", p.index);
        }
        last_end = p.end;
    }
    for r in &doc.revisions {
        assert!(r.start <= r.end && r.end <= doc.text.len(), "{name}: bad revision span");
    }
}

#[test]
fn public_corpus_opens_or_is_refused_cleanly() {
    let Some(dir) = corpus_dir() else {
        eprintln!("SKIP: ../shared/corpus/public-docx is absent");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let (mut ok, mut refused, mut either, mut failures) = (0, 0, 0, Vec::new());
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (rel, kind) = (cols[0], cols[3]);
        let path = dir.join(rel);
        let result = catch_unwind(AssertUnwindSafe(|| {
            read_file(&path, Limits::default()).map(|raw| {
                for view in [View::Accepted, View::Original] {
                    check_view(&Document::build(&raw, view), rel);
                }
            })
        }));
        match (kind, result) {
            (_, Err(_)) => failures.push(format!("PANIC {rel}")),
            ("ok", Ok(Ok(()))) => ok += 1,
            ("ok", Ok(Err(e))) => failures.push(format!("ok file refused: {e}")),
            ("bad", Ok(Err(e))) => {
                assert!(e.message().contains(&*path.display().to_string()), "message names the file: {e}");
                refused += 1
            }
            ("bad", Ok(Ok(()))) => failures.push(format!("bad file accepted: {rel}")),
            _ => either += 1,
        }
    }
    println!(
        "public corpus: {ok} ok files opened, {refused} bad files refused, {either} either, {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ok >= 500, "expected the full corpus, opened only {ok}");
}
