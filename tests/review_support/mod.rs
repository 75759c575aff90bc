//! Shared by the review page and `serve` tests: headless Chromium with the
//! network cut off, the tool checks, and what a review should list.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command as Proc;

use mc2lint::model::{DocumentReport, Finding, Visibility};

/// The path of `tool` when installed; otherwise `None` after saying so,
/// or a panic under `MC2LINT_REQUIRE_TOOLS=1` (as CI runs).
pub fn tool(paths: &[&str], name: &str) -> Option<PathBuf> {
    if let Some(p) = paths.iter().map(PathBuf::from).find(|p| p.exists()) {
        return Some(p);
    }
    if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("{name} is required (MC2LINT_REQUIRE_TOOLS=1) but {} is missing", paths[0]);
    }
    eprintln!("SKIP: {name} not installed ({})", paths[0]);
    None
}

pub fn chromium() -> Option<PathBuf> {
    tool(&["/usr/bin/chromium", "/usr/bin/chromium-browser"], "chromium")
}

/// Headless Chromium that cannot reach the network: every host name fails
/// to resolve and connections go to a dead proxy (Chromium bypasses the
/// proxy for 127.0.0.1 only, where `serve` listens).
pub fn headless(chrome: &Path, profile: &Path) -> Proc {
    let mut c = Proc::new(chrome);
    c.args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
        .arg("--proxy-server=127.0.0.1:9");
    c
}

/// Text as the DOM serialises it: & < > escaped in text nodes.
pub fn as_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\u{a0}', "&nbsp;")
}

/// The findings a review shows, in its order: severity, then place in the contract.
pub fn review_order(doc: &DocumentReport) -> Vec<&Finding> {
    let mut shown: Vec<_> = doc.terms.iter().filter(|f| f.visibility() == Visibility::Shown).collect();
    shown.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.span.map_or(usize::MAX, |s| s.start)));
    shown
}

/// The stated weakening words of a finding, as they stand in its clause.
pub fn marked_words(f: &Finding) -> Vec<String> {
    let (Some(text), Some(span)) = (f.text.as_deref(), f.span) else { return Vec::new() };
    f.evidence
        .iter()
        .filter(|e| e.basis == mc2lint::model::Basis::Stated && e.end > e.start && e.start >= span.start)
        .filter_map(|e| text.get(e.start - span.start..e.end - span.start).map(str::to_string))
        .collect()
}

/// Checks that a dumped DOM holds every finding of `doc` (section `index`):
/// its entry with the clause number, and its highlighted words.
pub fn assert_findings_in_dom(dom: &str, doc: &DocumentReport, index: usize) {
    for (i, f) in review_order(doc).iter().enumerate() {
        let n = i + 1;
        let clause = f.clause.as_deref().unwrap_or_default();
        let entry = format!("data-n=\"{n}\" data-term=\"{}\" data-verdict=\"{}\"", f.term, f.verdict.as_str());
        assert!(dom.contains(&entry), "{}: finding {n} ({}) listed", doc.path, f.term);
        assert!(dom.contains(&format!("data-clause=\"{}\"", as_text(clause))), "clause {clause} of {}", f.term);
        assert!(dom.contains(&format!("id=\"c{index}-f{n}\"")), "finding {n} has its box to jump to");
        assert!(dom.contains(&format!("href=\"#c{index}-f{n}\"")), "finding {n} is linked from the panel");
        if !clause.is_empty() {
            assert!(dom.contains(&format!("§ {}", as_text(clause))), "§ {clause} shown for {}", f.term);
        }
        for words in marked_words(f).iter().take(1) {
            let mark = format!("<mark data-f=\"{n}\">{}</mark>", as_text(words));
            let other = dom.contains(&format!(">{}</mark>", as_text(words)));
            assert!(dom.contains(&mark) || other, "{}: {words:?} highlighted for finding {n}", f.term);
        }
    }
}
