//! The HTML review page (`check --format html`) in headless Chromium with the
//! network cut off: the DOM holds every finding with its clause number and
//! highlighted words, the filters work, a screenshot is kept under
//! `target/tmp/` (a CI artifact), and the print stylesheet renders to a PDF
//! whose words all lie inside the page (`pdftotext -bbox`). Clause text and
//! file names carrying `<script>`/`onerror` payloads stay text.
//! Skips without Chromium or pdftotext unless MC2LINT_REQUIRE_TOOLS=1.

mod review_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mc2lint::model::{Report, Verdict};
use review_support::{as_text, assert_findings_in_dom, chromium, headless, review_order, tool};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contracts").join(name)
}

fn mc2lint(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("mc2lint").unwrap().current_dir(dir).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn dump_dom(chrome: &Path, dir: &Path, page: &Path) -> String {
    let out =
        headless(chrome, &dir.join("profile")).arg("--dump-dom").arg(format!("file://{}", page.display())).output();
    let out = out.expect("run chromium");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A copy of the page without its Content-Security-Policy and with `probe`
/// appended, so that a test script may run (the policy admits only the page's own).
fn probed(dir: &Path, html: &str, probe: &str) -> PathBuf {
    let start = html.find("<meta http-equiv=\"Content-Security-Policy\"").unwrap();
    let end = start + html[start..].find('>').unwrap() + 1;
    let path = dir.join("probe.html");
    std::fs::write(&path, format!("{}{}<script>{probe}</script>", &html[..start], &html[end..])).unwrap();
    path
}

#[test]
fn review_page_renders_filters_prints_and_keeps_a_screenshot() {
    let Some(chrome) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(fixture("001-vantage-biomedical-capital.docx"), dir.join("contract.docx")).unwrap();
    let (code, _) = mc2lint(dir, &["check", "--format", "html", "-o", "review.html", "contract.docx"]);
    assert_eq!(code, 1, "findings reach error");
    let (_, json) = mc2lint(dir, &["check", "--format", "json", "contract.docx"]);
    let report: Report = serde_json::from_str(&json).unwrap();
    let doc = &report.documents[0];
    let html = std::fs::read_to_string(dir.join("review.html")).unwrap();
    for outside in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(outside), "self-contained: {outside}");
    }
    assert!(html.contains("default-src 'none'"), "no network by policy");

    let dom = dump_dom(&chrome, dir, &dir.join("review.html"));
    assert_findings_in_dom(&dom, doc, 0);
    let n = review_order(doc).len();
    assert!(dom.contains(&format!("{n} of {n} findings shown")), "the page's own script ran under its policy");
    let customer = &doc.parties.as_ref().unwrap().hdo[0];
    assert!(dom.contains(&format!("(\"{}\")", as_text(customer))) || dom.contains(&as_text(customer)));

    // The filters, driven by a probe.
    let probe = "var c=document.querySelector('.contract'),v=c.querySelector('.f-verdict');v.value='missing';\
v.dispatchEvent(new Event('change'));var boxes=c.querySelectorAll('.detail:not([hidden])').length;\
var first=c.querySelector('.shown').textContent;\
var s=c.querySelector('.f-severity');s.value='error';s.dispatchEvent(new Event('change'));\
var out=document.createElement('pre');out.id='probe';\
out.textContent='missing='+first+' boxes='+boxes+' critical-missing='+c.querySelector('.shown').textContent;\
document.body.appendChild(out);";
    let probe_dom = dump_dom(&chrome, dir, &probed(dir, &html, probe));
    let missing = review_order(doc).iter().filter(|f| f.verdict == Verdict::Missing).count();
    let critical_missing = review_order(doc)
        .iter()
        .filter(|f| f.verdict == Verdict::Missing && f.severity == mc2lint::model::Severity::Error)
        .count();
    let want = format!(
        "missing={missing} of {n} findings shown boxes={missing} critical-missing={critical_missing} of {n} findings shown"
    );
    assert!(probe_dom.contains(&want), "filters: want {want}");

    // Screenshot, kept as an artifact under target/.
    let shot = dir.join("review.png");
    let out = headless(&chrome, &dir.join("profile"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1400,1000")
        .arg(format!("file://{}", dir.join("review.html").display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "screenshot: {}", String::from_utf8_lossy(&out.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert!(png.len() > 10_000 && png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let kept = Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-page.png");
    std::fs::copy(&shot, &kept).unwrap();
    println!("screenshot kept at {}", kept.display());

    // Print → PDF with the print stylesheet: every word inside the page, the findings there.
    let pdf = dir.join("review.pdf");
    let out = headless(&chrome, &dir.join("profile"))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", dir.join("review.html").display()))
        .output()
        .unwrap();
    assert!(out.status.success(), "print-to-pdf: {}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"), "a PDF");
    std::fs::copy(&pdf, Path::new(env!("CARGO_TARGET_TMPDIR")).join("review-page.pdf")).unwrap();
    let Some(pdftotext) = tool(&["/usr/bin/pdftotext"], "pdftotext (poppler-utils)") else { return };
    let bbox = std::process::Command::new(&pdftotext).arg("-bbox").arg(&pdf).arg("-").output().unwrap();
    let bbox = String::from_utf8_lossy(&bbox.stdout).into_owned();
    assert_words_inside_pages(&bbox);
    let text = std::process::Command::new(&pdftotext).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    for f in review_order(doc) {
        if let Some(c) = &f.clause {
            assert!(text.contains(&format!("§ {c}")), "the printed memo names § {c}");
        }
    }
    assert!(!text.contains("findings shown"), "the panel and filters are not printed");
}

/// Every word box of `pdftotext -bbox` output lies within its page.
fn assert_words_inside_pages(bbox: &str) {
    let num = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let (mut width, mut height, mut words) = (0.0, 0.0, 0);
    for line in bbox.lines().map(str::trim) {
        if line.starts_with("<page ") {
            (width, height) = (num(line, "width"), num(line, "height"));
        } else if line.starts_with("<word ") {
            words += 1;
            let (x0, x1, y0, y1) = (num(line, "xMin"), num(line, "xMax"), num(line, "yMin"), num(line, "yMax"));
            assert!(x0 >= 0.0 && x1 <= width && y0 >= 0.0 && y1 <= height, "clipped word: {line}");
        }
    }
    assert!(words > 200, "the PDF holds the memo's text ({words} words)");
}

#[test]
fn script_in_clause_text_and_file_names_stays_text() {
    let Some(chrome) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let payload_script = "<script>document.title='pwned-script'</script>";
    let payload_img = "<img src=x onerror=\"document.title='pwned-img'\">";
    let clause = format!(
        "7.1 Supplier may notify Customer of security incidents {payload_script} within ten (10) business days {payload_img}."
    );
    let preamble =
        "This Agreement is made between Acme Medical, Inc. (\"Supplier\") and General Hospital (\"Customer\").";
    let bytes = docx(&[preamble, "7. Security", &clause]);
    let name = "<img src=x onerror=\"document.title='pwned-name'\">.docx";
    std::fs::write(dir.join(name), bytes).unwrap();
    let (code, _) = mc2lint(dir, &["check", "--format", "html", "-o", "review.html", name]);
    assert_eq!(code, 1);
    let html = std::fs::read_to_string(dir.join("review.html")).unwrap();
    // With and without the page's Content-Security-Policy: escaping alone keeps it text.
    let bare = probed(dir, &html, "");
    for page in [dir.join("review.html"), bare] {
        let dom = dump_dom(&chrome, dir, &page);
        assert!(dom.contains("<title>mc2lint review</title>"), "document.title unchanged");
        assert!(!dom.contains("pwned-script</title>") && !dom.contains("<img"), "nothing ran or loaded");
        assert!(dom.contains(&as_text(payload_script)), "the clause's script shown as text");
        assert!(
            dom.contains(&as_text(name).replace('"', "&quot;")) || dom.contains(&as_text(name)),
            "file name as text"
        );
    }
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use docx_rs::{Docx, Paragraph, Run};
    let doc =
        paragraphs.iter().fold(Docx::new(), |d, t| d.add_paragraph(Paragraph::new().add_run(Run::new().add_text(*t))));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).unwrap();
    out.into_inner()
}
