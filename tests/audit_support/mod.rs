//! Shared by the portfolio tests (`audit_portfolio`, `audit_config`,
//! `html_chromium`): the fixture contracts, a mixed portfolio folder, headless
//! Chromium, and the figures a report should show, computed from JSONL.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command as Proc;

use mc2lint::model::{DocumentReport, Verdict};

/// The generated fixture contracts, sorted; empty when absent.
pub fn fixtures(max: usize) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contracts");
    let Ok(rd) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut v: Vec<PathBuf> =
        rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "docx")).collect();
    v.sort();
    v.truncate(max);
    v
}

pub fn mc2lint(dir: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("mc2lint").unwrap();
    c.current_dir(dir);
    c
}

pub fn parse_jsonl(text: &str) -> Vec<DocumentReport> {
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("valid JSONL line")).collect()
}

/// Whether the process can be kept from reading a file by its mode (not as root).
pub fn permissions_apply() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions.
        unsafe { libc::geteuid() != 0 }
    }
    #[cfg(not(unix))]
    false
}

/// A portfolio folder `in/` as an auditor finds one: DOCX contracts (one in a
/// subfolder, one with a name that needs escaping), a broken DOCX, a PDF, a
/// legacy .doc, an OpenDocument file, a symbolic-link loop (a link to its own
/// folder and a link to itself), an unreadable file, and notes that are not
/// contracts. Returns the paths that must each appear exactly once, sorted, or
/// `None` (the test skips) without fixtures.
pub fn mixed_portfolio(root: &Path, contracts: usize) -> Option<Vec<String>> {
    let src = fixtures(contracts);
    if src.len() < contracts {
        eprintln!("SKIP: fixtures/contracts holds fewer than {contracts} contracts");
        return None;
    }
    let input = root.join("in");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    let mut expected = Vec::new();
    for (i, f) in src.iter().enumerate() {
        let rel = match i {
            0 => "in/a&b <c>.docx".to_string(),
            1 => "in/sub/c1.docx".to_string(),
            _ => format!("in/c{i}.docx"),
        };
        std::fs::copy(f, root.join(&rel)).unwrap();
        expected.push(rel);
    }
    let mut write = |rel: &str, bytes: &[u8]| {
        std::fs::write(root.join(rel), bytes).unwrap();
        expected.push(rel.to_string());
    };
    write("in/broken.docx", b"not a zip");
    write("in/scan.pdf", b"%PDF-1.4\n");
    write("in/old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1");
    write("in/draft.odt", b"PK\x03\x04");
    write("in/locked.docx", b"PK\x03\x04 unreadable");
    std::fs::write(input.join("notes.txt"), b"not a contract").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(input.join("locked.docx"), std::fs::Permissions::from_mode(0o000)).unwrap();
        std::os::unix::fs::symlink("..", input.join("sub/up")).unwrap();
        std::os::unix::fs::symlink("self.docx", input.join("self.docx")).unwrap();
        expected.push("in/sub/up".into());
        expected.push("in/self.docx".into());
    }
    expected.sort();
    Some(expected)
}

pub fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].iter().map(PathBuf::from).find(|p| p.exists());
    if found.is_none() {
        if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("chromium is required (MC2LINT_REQUIRE_TOOLS=1) but /usr/bin/chromium is missing");
        }
        eprintln!("SKIP: chromium not installed");
    }
    found
}

pub fn headless(chrome: &Path, profile: &Path) -> Proc {
    let mut c = Proc::new(chrome);
    c.args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"])
        .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// The DOM of `page` after its scripts ran.
pub fn dump_dom(chrome: &Path, profile: &Path, page: &Path, fragment: &str) -> String {
    let out = headless(chrome, profile)
        .arg("--dump-dom")
        .arg(format!("file://{}{fragment}", page.display()))
        .output()
        .expect("run chromium");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `probe` (JavaScript, after the report's own script) in a copy of the
/// report and returns what it wrote into `<pre id="probe">`, as JSON.
pub fn probe(chrome: &Path, profile: &Path, html: &Path, probe: &str) -> serde_json::Value {
    let page = html.with_extension("probe.html");
    let report = std::fs::read_to_string(html).unwrap();
    let script = format!(
        "<script>(function(){{var out=document.createElement('pre');out.id='probe';\
try{{out.textContent=JSON.stringify((function(){{{probe}}})());}}catch(e){{out.textContent=JSON.stringify({{error:String(e)}});}}\
document.body.appendChild(out);}})();</script>"
    );
    std::fs::write(&page, format!("{report}{script}")).unwrap();
    let dom = dump_dom(chrome, profile, &page, "");
    let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end].replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("probe output {text}: {e}"));
    assert!(value.get("error").is_none(), "the probe failed: {value}");
    value
}

/// What the report's headline must say, computed from the JSONL.
#[derive(Debug, PartialEq)]
pub struct Figures {
    pub checked: usize,
    pub unreadable: usize,
    pub skipped: usize,
    pub critical_share: String,
    pub median: String,
    pub top: Vec<String>,
    /// The five worst contracts: most critical terms missing, then lowest coverage as shown, then path.
    pub worst: Vec<String>,
}

pub fn figures(docs: &[DocumentReport]) -> Figures {
    let pack = mc2lint::reference::Pack::load(mc2lint::reference::DEFAULT_PACK).unwrap();
    let critical: Vec<&str> = pack.terms.iter().filter(|t| t.spec.critical).map(|t| t.spec.id.as_str()).collect();
    let ok: Vec<&DocumentReport> = docs.iter().filter(|d| d.status == "ok").collect();
    let lacking = ok
        .iter()
        .filter(|d| d.terms.iter().any(|f| critical.contains(&f.term.as_str()) && f.verdict == Verdict::Missing))
        .count();
    let mut cov: Vec<f64> = ok.iter().map(|d| d.summary.as_ref().unwrap().coverage).collect();
    cov.sort_by(|a, b| a.total_cmp(b));
    let median = match cov.len() {
        0 => None,
        n if n % 2 == 1 => Some(cov[n / 2]),
        n => Some((cov[n / 2 - 1] + cov[n / 2]) / 2.0),
    };
    let mut exposed: Vec<(usize, &str, usize)> = pack
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let n = ok
                .iter()
                .filter(|d| {
                    d.terms
                        .iter()
                        .any(|f| f.term == t.spec.id && matches!(f.verdict, Verdict::Missing | Verdict::Weakened))
                })
                .count();
            (i, t.spec.id.as_str(), n)
        })
        .filter(|x| x.2 > 0)
        .collect();
    exposed.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let pct = mc2lint::report::portfolio::coverage_percent;
    let critical_missing = |d: &DocumentReport| {
        d.terms.iter().filter(|f| critical.contains(&f.term.as_str()) && f.verdict == Verdict::Missing).count()
    };
    let shown = |d: &DocumentReport| -> i64 {
        pct(d.summary.as_ref().unwrap().coverage).trim_end_matches('%').parse().unwrap()
    };
    let mut worst: Vec<&DocumentReport> = ok.clone();
    worst.sort_by(|a, b| {
        critical_missing(b).cmp(&critical_missing(a)).then(shown(a).cmp(&shown(b))).then(a.path.cmp(&b.path))
    });
    Figures {
        checked: ok.len(),
        unreadable: docs.iter().filter(|d| d.status == "error").count(),
        skipped: docs.iter().filter(|d| d.status == "skipped").count(),
        critical_share: pct(lacking as f64 / ok.len() as f64),
        median: median.map_or("—".into(), pct),
        top: exposed.iter().take(5).map(|x| x.1.to_string()).collect(),
        worst: worst.iter().take(5).map(|d| d.path.clone()).collect(),
    }
}

/// The probe that reads the headline: compare with `figures`.
pub const HEADLINE_PROBE: &str = "var t=function(id){return document.getElementById(id).textContent;};\
return {checked:+t('h-contracts'),unreadable:+t('h-unreadable'),skipped:+t('h-skipped'),\
critical:t('h-critical'),median:t('h-median'),\
top:Array.prototype.map.call(document.querySelectorAll('#h-top li'),function(li){return li.getAttribute('data-term');}),\
worst:Array.prototype.map.call(document.querySelectorAll('#h-worst a'),function(a){return a.title;})};";

pub fn assert_headline(probed: &serde_json::Value, want: &Figures) {
    assert_eq!(probed["checked"], want.checked, "contracts checked");
    assert_eq!(probed["unreadable"], want.unreadable, "unreadable");
    assert_eq!(probed["skipped"], want.skipped, "not checked");
    assert_eq!(probed["critical"], want.critical_share.as_str(), "share lacking a critical term");
    assert_eq!(probed["median"], want.median.as_str(), "median coverage");
    let top: Vec<String> = serde_json::from_value(probed["top"].clone()).unwrap();
    assert_eq!(top, want.top, "the five terms most often missing or weakened");
    let worst: Vec<String> = serde_json::from_value(probed["worst"].clone()).unwrap();
    assert_eq!(worst, want.worst, "the five worst contracts");
}
