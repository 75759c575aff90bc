//! The review for people (`check --format review`, `check`'s output on a
//! terminal) at 80 and 120 columns: no line over the width, the summary
//! first, findings by severity and in clause order within it, every numbered
//! clause named as Word shows it, the weakening words highlighted, nothing
//! said twice. The order and locations expected are computed here from the
//! JSON report of the same run, not taken from the renderer.

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use mc2lint::model::{Basis, DocumentReport, Report, Severity, Verdict, Visibility};

const FIXTURES: [&str; 4] = [
    "000-northwind-imaging-software.docx",
    "001-vantage-biomedical-capital.docx",
    "002-apex-neuro-equipment.docx",
    "003-vantage-biomedical-software.docx",
];

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contracts").join(name).display().to_string()
}

fn run(args: &[&str], columns: usize) -> (i32, String) {
    let out = Command::cargo_bin("mc2lint").unwrap().env("COLUMNS", columns.to_string()).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

fn json(file: &str) -> DocumentReport {
    let (_, out) = run(&["check", "--format", "json", file], 100);
    let report: Report = serde_json::from_str(&out).unwrap();
    report.documents.into_iter().next().unwrap()
}

/// The findings in the order the issue asks for: severity, then place in the contract.
fn expected_order(doc: &DocumentReport) -> Vec<&mc2lint::model::Finding> {
    let mut shown: Vec<_> = doc.terms.iter().filter(|f| f.visibility() == Visibility::Shown).collect();
    shown.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.span.map_or(usize::MAX, |s| s.start)));
    shown
}

/// Blocks of the output separated by blank lines, each joined into one line.
fn blocks(text: &str) -> Vec<(Vec<&str>, String)> {
    text.split("\n\n")
        .map(|b| {
            let lines: Vec<&str> = b.lines().collect();
            let joined = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
            (lines, joined)
        })
        .collect()
}

fn finding_blocks(text: &str) -> HashMap<usize, (Vec<&str>, String)> {
    let head = regex::Regex::new(r"^(\d+)\. ").unwrap();
    blocks(text)
        .into_iter()
        .filter_map(|(lines, joined)| {
            let n = head.captures(lines.first()?)?[1].parse().ok()?;
            Some((n, (lines, joined)))
        })
        .collect()
}

#[test]
fn the_review_fits_the_width_orders_findings_and_says_each_thing_once() {
    let pack = mc2lint::reference::Pack::load(mc2lint::reference::DEFAULT_PACK).unwrap();
    for name in FIXTURES {
        let file = fixture(name);
        let doc = json(&file);
        let order = expected_order(&doc);
        assert!(!order.is_empty(), "{name}: the fixture has findings");
        let customer = doc.parties.as_ref().and_then(|p| p.hdo.first().cloned()).unwrap_or("Customer".into());
        for width in [80, 120] {
            let (code, out) = run(&["check", "--format", "review", &file], width);
            assert!(code == 0 || code == 1, "{name}: exit {code}");
            for line in out.lines() {
                assert!(line.chars().count() <= width, "{name} at {width}: {} chars: {line:?}", line.chars().count());
            }
            // The summary comes first.
            let first_text = out.lines().find(|l| !l.trim().is_empty() && !l.starts_with('═')).unwrap();
            assert!(first_text.starts_with("Contract "), "{name}: summary first, got {first_text:?}");
            let summary_end = out.find("\n1. ").expect("a first finding");
            let summary = &out[..summary_end];
            for label in ["Supplier ", "Customer ", "Checked ", "Critical ", "Overall "] {
                assert!(summary.contains(&format!("\n{label}")), "{name}: summary has {label}");
            }
            assert!(summary.contains(&customer), "{name}: the customer as the contract names it");

            let found = finding_blocks(&out);
            assert_eq!(found.len(), order.len(), "{name} at {width}: one block per shown finding");
            let mut explained = std::collections::HashSet::new();
            for (i, f) in order.iter().enumerate() {
                let (lines, joined) = &found[&(i + 1)];
                let title = pack.term(&f.term).unwrap().spec.title.replace("HDO", &customer);
                assert!(joined.contains(&title), "{name}: finding {} is {} ({title}): {joined}", i + 1, f.term);
                // Word's clause number, when the clause has one.
                if let Some(c) = &f.clause {
                    assert!(joined.contains(&format!("§ {c} ·")), "{name}: finding {} names § {c}: {joined}", i + 1);
                } else if f.verdict == Verdict::Missing {
                    assert!(joined.contains("not in the contract"), "{joined}");
                } else {
                    assert!(!joined.contains(":1 ") && !joined.contains('¶'), "no paragraph index: {joined}");
                }
                // Nothing said twice within a finding.
                let mut seen = std::collections::HashSet::new();
                for l in lines.iter().filter(|l| !l.trim().is_empty()) {
                    assert!(seen.insert(l.trim()), "{name}: line said twice in finding {}: {l:?}", i + 1);
                }
                // The weakening words, highlighted once (asterisks: no colour in a pipe).
                let text = f.text.as_deref().unwrap_or_default();
                let span = f.span.map_or(0, |s| s.start);
                let stated =
                    f.evidence.iter().filter(|e| e.basis == Basis::Stated && e.end > e.start && e.start >= span);
                for (j, e) in stated.enumerate() {
                    let words = text.get(e.start - span..e.end - span).unwrap_or_default();
                    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
                    let n = joined.matches(&format!("*{words}")).count();
                    assert!(n <= 1, "{name}: {words:?} highlighted {n} times");
                    // The excerpt is centred on the first weakening words: they are always shown.
                    if j == 0 {
                        assert!(
                            n == 1 || joined.contains(&format!("{words}*")),
                            "{name}: finding {} marks {words:?}: {joined}",
                            i + 1
                        );
                    }
                }
                for k in &f.kinds {
                    explained.insert(*k);
                }
                // The model wording, with the contract's names, once.
                assert_eq!(joined.matches("Suggested: ").count() + joined.matches("Add a clause such as: ").count(), 1);
            }
            // Kinds explained on first use only: each explanation line appears once.
            let mut labels = std::collections::HashSet::new();
            for line in out.lines().filter_map(|l| l.trim_start().strip_prefix("- Kind: ")) {
                if let Some((label, _meaning)) = line.split_once(": ") {
                    assert!(labels.insert(label.to_string()), "{name}: kind {label:?} explained twice");
                }
            }
            assert_eq!(labels.len(), explained.len(), "{name}: every kind explained on first use");
            // Severity groups in order, each once.
            let groups: Vec<usize> =
                ["\nCRITICAL (", "\nIMPORTANT (", "\nMINOR ("].iter().filter_map(|g| out.find(g)).collect();
            assert!(groups.windows(2).all(|w| w[0] < w[1]), "{name}: groups by severity");
            let critical = order.iter().filter(|f| f.severity == Severity::Error).count();
            if critical > 0 {
                assert!(out.contains(&format!("CRITICAL ({critical})")), "{name}: {critical} critical findings");
            }
            // No jargon left for the reader.
            for jargon in ["HDO", "MDM", "the reference"] {
                assert!(!out.contains(jargon), "{name}: {jargon:?} in the review");
            }
        }
    }
}

#[test]
fn diagnostics_stay_available_and_are_what_a_pipe_gets_by_default() {
    let file = fixture(FIXTURES[1]);
    let (_, piped) = run(&["check", &file], 100);
    let (_, diagnostics) = run(&["check", "--format", "diagnostics", &file], 100);
    assert_eq!(piped, diagnostics, "a pipe gets the compiler-style output");
    assert!(diagnostics.contains("error[") || diagnostics.contains("warning["), "{diagnostics}");
    let (_, review) = run(&["check", "--format", "review", "-q", &file], 100);
    assert!(review.starts_with('═') && review.contains("\nContract ") && !review.contains("\n1. "), "{review}");
}

#[test]
fn file_names_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = "deal\x1b[2J\n::error::x.docx";
    std::fs::copy(fixture(FIXTURES[1]), dir.path().join(name)).unwrap();
    let out = Command::cargo_bin("mc2lint")
        .unwrap()
        .current_dir(dir.path())
        .env("COLUMNS", "80")
        .args(["check", "--format", "review", name])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b') && !text.lines().any(|l| l.starts_with("::")), "{text}");
    assert!(text.contains("deal\\x1b[2J\\x0a::error::x.docx"), "escaped as text: {text}");
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
}

/// On a terminal (a pseudo-terminal from `script`), plain `check` prints the
/// review, in colour unless NO_COLOR is set.
#[test]
fn a_terminal_gets_the_review_in_colour_unless_no_color() {
    let Some(script) = ["/usr/bin/script", "/bin/script"].iter().map(Path::new).find(|p| p.exists()) else {
        if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("script (util-linux) is required (MC2LINT_REQUIRE_TOOLS=1) but missing");
        }
        eprintln!("SKIP: script (util-linux) not installed");
        return;
    };
    let file = fixture(FIXTURES[2]);
    let on_terminal = |no_color: bool| {
        let mut cmd = std::process::Command::new(script);
        let command = format!("{} check '{}'", env!("CARGO_BIN_EXE_mc2lint"), file);
        cmd.args(["-qec", &command, "/dev/null"]).env("COLUMNS", "90").stdin(std::process::Stdio::null());
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap().replace("\r\n", "\n")
    };
    let plain = on_terminal(true);
    assert!(plain.starts_with('═') && plain.contains("\nContract "), "the review: {plain}");
    assert!(!plain.contains('\x1b'), "NO_COLOR honoured");
    assert!(plain.lines().all(|l| l.chars().count() <= 90), "COLUMNS when the terminal has no size");
    let coloured = on_terminal(false);
    assert!(coloured.contains("\x1b[") && coloured.contains("Contract "), "colour on a terminal");
}
