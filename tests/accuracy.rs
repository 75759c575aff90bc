//! Accuracy over the labelled fixtures (`fixtures/contracts/*.expected.json`,
//! written by `examples/gen_fixtures.rs`): decision accuracy over every
//! (document, term) pair, per-verdict precision/recall/F1, weakening-kind recall,
//! and the span contract (a finding's span slices `dump`'s text to its `text`).
//! Thresholds are set from measurement; the figures are printed on every run.

use std::collections::BTreeMap;
use std::path::Path;

use mc2lint::check::{Checker, Options};
use mc2lint::document::{Document, View};
use mc2lint::docx::{read_file, Limits};
use mc2lint::model::{Kind, Verdict};
use mc2lint::reference::Pack;
use serde_json::Value;

fn verdict(s: &str) -> Verdict {
    match s {
        "conformant" => Verdict::Conformant,
        "weakened" => Verdict::Weakened,
        "deviating" => Verdict::Deviating,
        _ => Verdict::Missing,
    }
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn prf(c: &Counts) -> (f64, f64, f64) {
    let p = c.tp as f64 / (c.tp + c.fp).max(1) as f64;
    let r = c.tp as f64 / (c.tp + c.fn_).max(1) as f64;
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

#[test]
fn fixture_accuracy() {
    let dir = std::env::var_os("MC2LINT_FIXTURES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contracts"));
    let mut labels: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).filter(|p| p.to_string_lossy().ends_with(".expected.json")).collect())
        .unwrap_or_default();
    labels.sort();
    assert!(!labels.is_empty(), "no labelled fixtures in {}", dir.display());
    let pack = Pack::load("mc2@2").unwrap();
    let checker = Checker::new(pack, Options::default());
    let (mut pairs, mut right) = (0usize, 0usize);
    let mut per_verdict: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut kinds: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut confusion: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for label_path in &labels {
        let label: Value = serde_json::from_str(&std::fs::read_to_string(label_path).unwrap()).unwrap();
        let docx = label_path.to_string_lossy().replace(".expected.json", ".docx");
        let raw = read_file(Path::new(&docx), Limits::default()).unwrap();
        let analysis = checker.analyse(&raw);
        let doc = Document::build(&raw, View::Accepted);
        for f in &analysis.findings {
            if let (Some(span), Some(text)) = (f.span, &f.text) {
                assert_eq!(
                    &doc.text[span.start..span.end],
                    text,
                    "{docx}: span of {} must slice the dump text",
                    f.term
                );
            }
            let Some(want) = label["terms"].get(&f.term) else { continue };
            let want_v = verdict(want["verdict"].as_str().unwrap_or("missing"));
            pairs += 1;
            if f.verdict == want_v {
                right += 1;
            } else {
                errors.push(format!(
                    "{} {}: want {} {:?} got {} {:?} — {}",
                    Path::new(&docx).file_name().unwrap().to_string_lossy(),
                    f.term,
                    want_v.as_str(),
                    want["kinds"],
                    f.verdict.as_str(),
                    f.kinds,
                    f.message
                ));
            }
            *confusion.entry((want_v.as_str().to_string(), f.verdict.as_str().to_string())).or_default() += 1;
            for v in Verdict::ALL {
                let c = per_verdict.entry(v.as_str()).or_default();
                match (want_v == v, f.verdict == v) {
                    (true, true) => c.tp += 1,
                    (false, true) => c.fp += 1,
                    (true, false) => c.fn_ += 1,
                    _ => {}
                }
            }
            if want_v == Verdict::Weakened {
                for k in want["kinds"].as_array().into_iter().flatten().filter_map(|k| k.as_str()) {
                    let e = kinds.entry(k.to_string()).or_default();
                    e.1 += 1;
                    if Kind::parse(k).is_some_and(|k| f.kinds.contains(&k)) {
                        e.0 += 1;
                    }
                }
            }
        }
    }
    let accuracy = right as f64 / pairs.max(1) as f64;
    println!("fixtures: {} documents, {pairs} (document, term) pairs", labels.len());
    println!("decision accuracy: {accuracy:.3}");
    for (v, c) in &per_verdict {
        let (p, r, f) = prf(c);
        println!("  {v:<11} precision {p:.3} recall {r:.3} F1 {f:.3}");
    }
    let (kh, kt) = kinds.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("weakening-kind recall: {:.3} ({kh}/{kt})", kh as f64 / kt.max(1) as f64);
    for (k, (h, t)) in &kinds {
        println!("  {k:<12} {h}/{t}");
    }
    println!("confusion (want -> got): {confusion:?}");
    let shown = if std::env::var_os("MC2LINT_ACCURACY_ALL").is_some() { usize::MAX } else { 40 };
    for e in errors.iter().take(shown) {
        println!("  MISS {e}");
    }
    let (_, missing_recall, _) = prf(&per_verdict["missing"]);
    let (missing_precision, _, _) = prf(&per_verdict["missing"]);
    let (_, weakened_recall, _) = prf(&per_verdict["weakened"]);
    // Floors set from the measured figures (see README); raise them as accuracy improves.
    assert!(accuracy >= ACCURACY_FLOOR, "decision accuracy {accuracy:.3}");
    assert!(missing_recall >= MISSING_RECALL_FLOOR, "missing recall {missing_recall:.3}");
    assert!(missing_precision >= MISSING_PRECISION_FLOOR, "missing precision {missing_precision:.3}");
    assert!(weakened_recall >= WEAKENED_RECALL_FLOOR, "weakened recall {weakened_recall:.3}");
}

// The targets (measured: 0.957, 0.984, 0.956, 0.943).
const ACCURACY_FLOOR: f64 = 0.95;
const MISSING_RECALL_FLOOR: f64 = 0.98;
const MISSING_PRECISION_FLOOR: f64 = 0.95;
const WEAKENED_RECALL_FLOOR: f64 = 0.93;
