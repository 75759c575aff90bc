//! The HTML portfolio report in a real browser (headless Chromium, no
//! network): the headline shows what the JSONL gives; sorting by a column and
//! filtering by verdict, term and text work when driven by scripted clicks;
//! the drill-down shows clause numbers, messages and texts; the totals sort;
//! and a report of 100,000 documents renders its first rows within seconds
//! while keeping only the rows in view in the DOM. Skips when Chromium is
//! absent, unless MC2LINT_REQUIRE_TOOLS=1.

mod audit_support;

use std::time::Instant;

use audit_support::*;
use mc2lint::model::DocumentReport;
use mc2lint::report::portfolio::Portfolio;
use mc2lint::report::table::Columns;

/// The audit of a mixed portfolio: (tempdir, JSONL reports, the HTML report's path).
fn audited() -> Option<(tempfile::TempDir, Vec<DocumentReport>, std::path::PathBuf)> {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    mixed_portfolio(dir, 8)?;
    mc2lint(dir).args(["audit", "in", "-q", "-o", "out.jsonl"]).output().unwrap();
    let docs = parse_jsonl(&std::fs::read_to_string(dir.join("out.jsonl")).unwrap());
    let out = mc2lint(dir).args(["audit", "in", "-q", "--format", "html", "-o", "report.html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url("), "self-contained");
    let report = dir.join("report.html");
    Some((tmp, docs, report))
}

#[test]
fn headline_equals_the_jsonl_figures() {
    let Some(chrome) = chromium() else { return };
    let Some((tmp, docs, html)) = audited() else { return };
    let probed = probe(&chrome, &tmp.path().join("profile"), &html, HEADLINE_PROBE);
    let want = figures(&docs);
    assert!(want.checked >= 8 && want.skipped == 3 && want.top.len() == 5, "{want:?}");
    assert_headline(&probed, &want);
}

/// Clicks, filters and reads the table back: what the probe returns.
const SORT_AND_FILTER: &str = r#"
var grid=document.getElementById('grid');
function rows(){return Array.prototype.slice.call(document.querySelectorAll('#heat tbody tr[data-i]'));}
function col(key){return Array.prototype.indexOf.call(document.querySelectorAll('#heat thead th'),document.querySelector('#heat th[data-key="'+key+'"]'));}
function cells(key){var i=col(key);return rows().map(function(tr){return tr.cells[i].textContent;});}
function set(id,v){var e=document.getElementById(id);e.value=v;e.dispatchEvent(new Event('change'));}
var out={};
out.worst=cells('coverage');out.worstPaths=rows().map(function(tr){return tr.cells[0].title;});
var th=document.querySelector('#heat th[data-key="coverage"]');
th.click();out.asc=cells('coverage');out.ascMark=th.className;
th.click();out.desc=cells('coverage');
document.querySelector('#heat th[data-key="t18"]').click();out.byTerm=cells('t18');
document.querySelector('#heat th[data-key="path"]').click();out.byPath=rows().map(function(tr){return tr.cells[0].title;});
set('verdict','error');out.errors=rows().map(function(tr){return tr.cells[0].title;});out.errorsShown=document.getElementById('shown').textContent;
set('verdict','skipped');out.skipped=rows().map(function(tr){return tr.cells[0].title;});
set('verdict','M');set('term','18');out.missingC3=rows().map(function(tr){return tr.cells[0].title;});
set('verdict','');set('term','');
var q=document.getElementById('q');q.value='SUB/';q.dispatchEvent(new Event('input'));
out.text=rows().map(function(tr){return tr.cells[0].title;});
q.value='';q.dispatchEvent(new Event('input'));
var tot=document.querySelector('#totals th:nth-child(3)');tot.click();
out.totalsAsc=Array.prototype.map.call(document.querySelectorAll('#totals tbody tr'),function(tr){return +tr.cells[2].getAttribute('data-v');});
tot.click();
out.totalsDesc=Array.prototype.map.call(document.querySelectorAll('#totals tbody tr'),function(tr){return +tr.cells[2].getAttribute('data-v');});
return out;
"#;

fn pct(cells: &serde_json::Value) -> Vec<i64> {
    let cells: Vec<String> = serde_json::from_value(cells.clone()).unwrap();
    cells.iter().filter_map(|c| c.strip_suffix('%')).map(|c| c.parse().unwrap()).collect()
}

#[test]
fn sorting_and_filtering_work_when_clicked() {
    let Some(chrome) = chromium() else { return };
    let Some((tmp, docs, html)) = audited() else { return };
    let out = probe(&chrome, &tmp.path().join("profile"), &html, SORT_AND_FILTER);
    let ok: Vec<&DocumentReport> = docs.iter().filter(|d| d.status == "ok").collect();
    let paths_where = |f: &dyn Fn(&DocumentReport) -> bool| {
        let mut v: Vec<String> = docs.iter().filter(|d| f(d)).map(|d| d.path.clone()).collect();
        v.sort();
        v
    };
    let sorted = |v: &serde_json::Value| {
        let mut v: Vec<String> = serde_json::from_value(v.clone()).unwrap();
        v.sort();
        v
    };

    // Worst first by default: readable contracts first, fewest critical terms, then lowest coverage.
    let worst = pct(&out["worst"]);
    assert_eq!(worst.len(), ok.len(), "checked contracts come first, then unreadable and unchecked files");
    let first_rows: Vec<String> = serde_json::from_value(out["worstPaths"].clone()).unwrap();
    assert_eq!(first_rows[..5], figures(&docs).worst[..], "the table opens on the headline's worst contracts");
    let asc = pct(&out["asc"]);
    assert!(asc.windows(2).all(|w| w[0] <= w[1]) && asc.len() == ok.len(), "coverage ascending: {asc:?}");
    assert_eq!(out["ascMark"], "sorted-asc");
    let desc = pct(&out["desc"]);
    assert!(desc.windows(2).all(|w| w[0] >= w[1]), "then descending: {desc:?}");
    let by_term: Vec<String> = serde_json::from_value(out["byTerm"].clone()).unwrap();
    let rank = |c: &str| ["M", "D", "W", "C"].iter().position(|x| *x == c.to_uppercase()).unwrap_or(9);
    assert!(by_term.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])), "a term column: worst verdict first: {by_term:?}");
    let by_path: Vec<String> = serde_json::from_value(out["byPath"].clone()).unwrap();
    assert!(by_path.windows(2).all(|w| w[0] <= w[1]), "by path: {by_path:?}");

    assert_eq!(sorted(&out["errors"]), paths_where(&|d| d.status == "error"), "filter: unreadable");
    let errors = docs.iter().filter(|d| d.status == "error").count();
    assert_eq!(out["errorsShown"], format!("{errors} of {} documents shown", docs.len()));
    assert_eq!(sorted(&out["skipped"]), paths_where(&|d| d.status == "skipped"), "filter: not checked");
    let c3_missing = paths_where(&|d| {
        d.terms.iter().any(|f| f.term == "C3-incident-notification" && f.verdict == mc2lint::model::Verdict::Missing)
    });
    assert!(!c3_missing.is_empty(), "the fixtures lack C3 somewhere");
    assert_eq!(sorted(&out["missingC3"]), c3_missing, "filter: C3 missing");
    assert_eq!(sorted(&out["text"]), paths_where(&|d| d.path.contains("sub/")), "filter: text, case-insensitive");

    let asc: Vec<i64> = serde_json::from_value(out["totalsAsc"].clone()).unwrap();
    assert!(asc.windows(2).all(|w| w[0] <= w[1]), "totals sort ascending: {asc:?}");
    let desc: Vec<i64> = serde_json::from_value(out["totalsDesc"].clone()).unwrap();
    assert!(desc.windows(2).all(|w| w[0] >= w[1]), "then descending: {desc:?}");
}

#[test]
fn drill_down_shows_clause_numbers_messages_and_texts() {
    let Some(chrome) = chromium() else { return };
    let Some((tmp, docs, html)) = audited() else { return };
    let mut sorted: Vec<&DocumentReport> = docs.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let (i, doc) = sorted
        .iter()
        .enumerate()
        .find(|(_, d)| d.terms.iter().any(|f| f.clause.is_some() && f.verdict != mc2lint::model::Verdict::Conformant))
        .expect("a numbered contract with findings");
    let opened = dump_dom(&chrome, &tmp.path().join("profile"), &html, &format!("#doc-{i}"));
    let as_text =
        |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\u{a0}', "&nbsp;");
    assert!(opened.contains(&format!("<section id=\"detail\" data-i=\"{i}\">")), "document {i} opened");
    assert!(opened.contains(&format!("coverage <b id=\"d-coverage\">{}</b>", {
        mc2lint::report::portfolio::coverage_percent(doc.summary.as_ref().unwrap().coverage)
    })));
    for f in &doc.terms {
        assert!(opened.contains(&format!("<tr data-term=\"{}\">", f.term)), "{} listed", f.term);
        if let Some(c) = &f.clause {
            assert!(opened.contains(&format!("<td class=\"clause\">{}</td>", as_text(c))), "clause {c} shown");
        }
        if f.verdict == mc2lint::model::Verdict::Conformant {
            continue;
        }
        assert!(opened.contains(&as_text(&f.message)), "message of {}: {}", f.term, f.message);
        if let Some(t) = &f.text {
            assert!(opened.contains(&as_text(t.lines().next().unwrap_or(""))), "text of {}", f.term);
        }
    }

    let shot = tmp.path().join("report.png");
    let status = headless(&chrome, &tmp.path().join("profile"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1400,1000")
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    assert!(status.status.success(), "screenshot failed: {}", String::from_utf8_lossy(&status.stderr));
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.len() > 1000 && png.starts_with(b"\x89PNG"), "a PNG screenshot");
    if let Ok(keep) = std::env::var("MC2LINT_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}

/// Documents in the large-report test (the issue asks for 100,000).
const LARGE: usize = 100_000;

#[test]
fn a_hundred_thousand_documents_render_their_first_rows_within_seconds() {
    let Some(chrome) = chromium() else { return };
    let Some((tmp, docs, _)) = audited() else { return };
    // The audited reports, again and again under new names, as `merge` would add them.
    let pack = mc2lint::reference::Pack::load(mc2lint::reference::DEFAULT_PACK).unwrap();
    let mut portfolio = Portfolio::new(&Columns::from_pack(&pack, "accepted"));
    for i in 0..LARGE {
        let mut d = docs[i % docs.len()].clone();
        d.path = format!("portfolio/region-{:02}/vendor-{:03}/contract-{i:06}.docx", i % 17, i % 211);
        portfolio.add(&d);
    }
    let html = tmp.path().join("large.html");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&html).unwrap());
    mc2lint::report::html::write(&mut file, &mut portfolio).unwrap();
    drop(file);
    let size = std::fs::metadata(&html).unwrap().len();
    eprintln!("{LARGE} documents: {:.1} MB of HTML", size as f64 / 1e6);

    let started = Instant::now();
    let dom = dump_dom(&chrome, &tmp.path().join("profile"), &html, "");
    let wall = started.elapsed();
    let at = dom.find("data-first-render=\"").expect("the table rendered") + "data-first-render=\"".len();
    let first_render: u64 = dom[at..].split('"').next().unwrap().parse().unwrap();
    eprintln!("first rows after {first_render} ms in the page; chromium ran {:.1} s in all", wall.as_secs_f64());
    assert!(first_render < 5_000, "first rows within a few seconds, took {first_render} ms");
    assert!(dom.contains(&format!("{LARGE} of {LARGE} documents shown")));
    let rendered = dom.matches("<tr data-i=").count();
    assert!(rendered > 10 && rendered < 200, "only the rows in view are in the DOM: {rendered}");
}
