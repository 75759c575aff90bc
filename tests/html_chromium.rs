//! The HTML portfolio report in a real browser: headless Chromium loads the
//! file (no network), the DOM holds every document path and every term ID, the
//! script runs (it fills in the "N of M documents shown" counter), and a
//! screenshot is taken. Skips when Chromium is absent, unless
//! MC2LINT_REQUIRE_TOOLS=1.

use std::path::{Path, PathBuf};
use std::process::Command as Proc;

use assert_cmd::Command;

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().map(PathBuf::from).find(|p| p.exists())
}

fn inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in
        [root.join("fixtures/contracts"), root.join("../shared/corpus/public-docx/OfficeDev_Open-Xml-PowerTools")]
    {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            let mut v: Vec<PathBuf> = rd
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "docx"))
                .collect();
            v.sort();
            v.truncate(5);
            if !v.is_empty() {
                return v;
            }
        }
    }
    Vec::new()
}

fn headless(chrome: &Path, profile: &Path) -> Proc {
    let mut c = Proc::new(chrome);
    c.args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(chrome) = chromium() else {
        if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("chromium is required (MC2LINT_REQUIRE_TOOLS=1) but /usr/bin/chromium is missing");
        }
        eprintln!("SKIP: chromium not installed");
        return;
    };
    let src = inputs();
    if src.is_empty() {
        eprintln!("SKIP: no fixture or corpus DOCX files found");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let mut paths = Vec::new();
    for (i, f) in src.iter().enumerate() {
        // A name that needs escaping, to see it survive as text.
        let rel = if i == 0 { "in/a&b <c>.docx".to_string() } else { format!("in/c{i}.docx") };
        std::fs::copy(f, dir.join(&rel)).unwrap();
        paths.push(rel);
    }
    std::fs::write(dir.join("in/broken.docx"), b"not a zip").unwrap();
    paths.push("in/broken.docx".into());

    let out = Command::cargo_bin("mc2lint")
        .unwrap()
        .current_dir(dir)
        .args(["audit", "in", "-q", "--format", "html", "-o", "report.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let html_path = dir.join("report.html");
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "self-contained");

    let url = format!("file://{}", html_path.display());
    let profile = dir.join("profile");
    let dom = headless(&chrome, &profile).arg("--dump-dom").arg(&url).output().expect("run chromium");
    assert!(dom.status.success(), "chromium failed: {}", String::from_utf8_lossy(&dom.stderr));
    let dom = String::from_utf8(dom.stdout).unwrap();
    // Text as the DOM serialises it: & < > escaped in text nodes.
    let as_text =
        |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('\u{a0}', "&nbsp;");
    for p in &paths {
        assert!(dom.contains(&as_text(p)), "document {p} missing from the DOM");
    }
    let pack = mc2lint::reference::Pack::load(mc2lint::reference::DEFAULT_PACK).unwrap();
    for t in &pack.terms {
        assert!(dom.contains(&t.spec.id), "term {} missing from the DOM", t.spec.id);
    }
    let shown = format!("{n} of {n} documents shown", n = paths.len());
    assert!(dom.contains(&shown), "the script ran and counted the documents");

    // Sorting and filtering, driven by a probe script appended to a copy of the report.
    let probe = r#"<script>(function(){
  var heat=document.getElementById('heat'),th=heat.tHead.rows[0].cells;
  th[1].click();
  var rows=heat.tBodies[0].rows,keys=[];
  for(var i=0;i<rows.length;i++)keys.push(parseFloat(rows[i].cells[1].getAttribute('data-sort')));
  var v=document.getElementById('verdict');v.value='error';v.dispatchEvent(new Event('change'));
  var out=document.createElement('pre');out.id='probe';
  out.textContent='sorted='+keys.every(function(k,i){return i===0||keys[i-1]<=k;})+' errors='+document.getElementById('shown').textContent;
  document.body.appendChild(out);})();</script>"#;
    std::fs::write(dir.join("probe.html"), format!("{html}{probe}")).unwrap();
    let probed = headless(&chrome, &profile)
        .arg("--dump-dom")
        .arg(format!("file://{}", dir.join("probe.html").display()))
        .output();
    let probed = String::from_utf8(probed.unwrap().stdout).unwrap();
    let want = format!("sorted=true errors=1 of {} documents shown", paths.len());
    assert!(probed.contains(&want), "sort by coverage and filter by unreadable: {want}");

    // Drill-down: opening a document (here via the URL fragment) renders each
    // finding with its clause number, message and text.
    let report: Vec<mc2lint::model::DocumentReport> = {
        let out = Command::cargo_bin("mc2lint").unwrap().current_dir(dir).args(["audit", "in", "-q"]).output().unwrap();
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let mut sorted: Vec<&mc2lint::model::DocumentReport> = report.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let (i, doc) = sorted.iter().enumerate().find(|(_, d)| !d.is_error()).expect("a readable document");
    let opened = headless(&chrome, &profile).arg("--dump-dom").arg(format!("{url}#doc-{i}")).output().unwrap();
    let opened = String::from_utf8(opened.stdout).unwrap();
    assert!(opened.contains(&format!("id=\"doc-{i}\" data-i=\"{i}\" open=\"\" data-filled=\"1\"")), "doc {i} opened");
    for f in &doc.terms {
        assert!(opened.contains(&as_text(&f.message)), "message of {} rendered: {}", f.term, f.message);
        if let Some(c) = &f.clause {
            assert!(opened.contains(&format!("<td>{}</td>", as_text(c))), "clause {c} rendered");
        }
        if let Some(t) = &f.text {
            let first_line = t.lines().next().unwrap_or("");
            assert!(opened.contains(&as_text(first_line)), "text of {} rendered", f.term);
        }
    }

    let shot = dir.join("report.png");
    let status = headless(&chrome, &profile)
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1400,1000")
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(status.status.success(), "screenshot failed: {}", String::from_utf8_lossy(&status.stderr));
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.len() > 1000 && png.starts_with(b"\x89PNG"), "a PNG screenshot");
    if let Ok(keep) = std::env::var("MC2LINT_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
