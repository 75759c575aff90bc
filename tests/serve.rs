//! `mc2lint serve` end to end: started on a free port, its first line is the
//! URL; the API answers fixtures, a bad file, an oversized upload and 8
//! uploads at once; then headless Chromium posts a contract and a bad file
//! through the page's file input (a form POST), the findings list and the
//! bad file's message appear, and the
//! annotated copy the page offers opens with our reader. The server's temp
//! directory is empty afterwards (files stay in memory).

mod review_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use mc2lint::model::Report;
use review_support::{assert_findings_in_dom, chromium, headless, review_order};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contracts").join(name)
}

/// The desk, killed when dropped.
struct Desk {
    child: Child,
    addr: String,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(tmp: &Path, extra: &[&str]) -> Desk {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mc2lint"))
        .args(["serve", "--port", "0", "--max-upload", "2", "--threads", "4"])
        .args(extra)
        .env("TMPDIR", tmp)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let url = first.trim().to_string();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with('/'), "first line is the URL: {url:?}");
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    Desk { child, addr }
}

/// One HTTP/1.1 request; (status, headers, body).
fn http(addr: &str, method: &str, path: &str, content_type: Option<&str>, body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    if let Some(ct) = content_type {
        head += &format!("Content-Type: {ct}\r\n");
    }
    head += "\r\n";
    s.write_all(head.as_bytes()).unwrap();
    // A refused upload may be answered before the whole body is sent.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a response head");
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if headers.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (status, headers, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 4 + size..];
    }
}

/// A multipart/form-data body: (field, file name, bytes) each.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "mc2lintTestBoundary7MA4YWxk";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes());
        if let Some(f) = file {
            body.extend_from_slice(format!("; filename=\"{f}\"\r\nContent-Type: application/octet-stream").as_bytes());
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn check_upload(addr: &str, files: &[(&str, &[u8])]) -> (u16, Vec<u8>) {
    let parts: Vec<(&str, Option<&str>, &[u8])> = files.iter().map(|(n, b)| ("file", Some(*n), *b)).collect();
    let (ct, body) = multipart(&parts);
    let (status, _, body) = http(addr, "POST", "/api/check", Some(&ct), &body);
    (status, body)
}

/// The CLI's JSON verdicts for a file, to compare the desk's with.
fn cli_verdicts(file: &Path) -> Vec<(String, String)> {
    let out =
        Command::new(env!("CARGO_BIN_EXE_mc2lint")).args(["check", "--format", "json"]).arg(file).output().unwrap();
    let report: Report = serde_json::from_slice(&out.stdout).unwrap();
    verdicts(&report, 0)
}

fn verdicts(report: &Report, doc: usize) -> Vec<(String, String)> {
    report.documents[doc].terms.iter().map(|t| (t.term.clone(), t.verdict.as_str().to_string())).collect()
}

#[test]
fn the_desk_serves_the_api_and_the_page_from_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let server_tmp = tmp.path().join("server-tmp");
    std::fs::create_dir(&server_tmp).unwrap();
    let desk = start(&server_tmp, &[]);
    let addr = desk.addr.clone();

    let (status, _, body) = http(&addr, "GET", "/api/health", None, b"");
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let (status, _, _) = http(&addr, "GET", "/nothing-here", None, b"");
    assert_eq!(status, 404);

    // Fixtures and a bad file in one upload: the report@1 JSON, the bad one as an error entry.
    let names = ["001-vantage-biomedical-capital.docx", "002-apex-neuro-equipment.docx"];
    let bytes: Vec<Vec<u8>> = names.iter().map(|n| std::fs::read(fixture(n)).unwrap()).collect();
    let mut files: Vec<(&str, &[u8])> = names.iter().zip(&bytes).map(|(n, b)| (*n, b.as_slice())).collect();
    files.push(("broken.docx", b"this is not a zip"));
    let (status, body) = check_upload(&addr, &files);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let report: Report = serde_json::from_slice(&body).unwrap();
    assert_eq!(report.schema, "mc2lint/report@1");
    assert_eq!(report.documents.len(), 3);
    for (i, name) in names.iter().enumerate() {
        assert_eq!(report.documents[i].path, *name);
        assert_eq!(verdicts(&report, i), cli_verdicts(&fixture(name)), "{name}: same verdicts as the CLI");
    }
    let broken = &report.documents[2];
    assert!(broken.is_error() && broken.error.as_ref().unwrap().code == "not-a-zip", "{broken:?}");

    // An unknown pack, a path on the server as a pack, no file, an oversized upload.
    for reference in ["mc2@9", "/etc/passwd", "reference/mc2-v2.toml"] {
        let (ct, body) = multipart(&[("reference", None, reference.as_bytes()), ("file", Some(names[0]), &bytes[0])]);
        let (status, _, body) = http(&addr, "POST", "/api/check", Some(&ct), &body);
        assert_eq!(status, 400, "{reference}: {}", String::from_utf8_lossy(&body));
        assert!(String::from_utf8_lossy(&body).contains("unknown reference"), "{reference}");
    }
    let (ct, body) = multipart(&[("reference", None, b"mc2@1"), ("file", Some(names[0]), &bytes[0])]);
    let (status, _, body) = http(&addr, "POST", "/api/check", Some(&ct), &body);
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_slice::<Report>(&body).unwrap().reference.id, "mc2@1", "the pack chosen");
    // An uploaded pack is used; a broken one is refused naming its line.
    let pack = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("reference/mc2-v1.toml")).unwrap();
    let (ct, body) = multipart(&[("reference", Some("ours.toml"), &pack), ("file", Some(names[0]), &bytes[0])]);
    let (status, _, body) = http(&addr, "POST", "/api/check", Some(&ct), &body);
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert_eq!(serde_json::from_slice::<Report>(&body).unwrap().reference.id, "mc2@1", "the uploaded pack");
    let (ct, body) =
        multipart(&[("reference", Some("bad.toml"), b"[pack]\nid = 3\n"), ("file", Some(names[0]), &bytes[0])]);
    let (status, _, body) = http(&addr, "POST", "/api/check", Some(&ct), &body);
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("bad.toml:"), "{}", String::from_utf8_lossy(&body));
    let (status, _) = check_upload(&addr, &[]);
    assert_eq!(status, 400, "no file");
    let big = vec![b'x'; 3 << 20];
    let (status, body) = check_upload(&addr, &[("big.docx", &big)]);
    assert_eq!(status, 413, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("larger than 2 MiB"));

    // 8 uploads at once: all answered, all the same, none waiting for the others to finish one by one.
    let started = Instant::now();
    let one = check_upload(&addr, &[(names[0], &bytes[0])]);
    let single = started.elapsed();
    let started = Instant::now();
    let answers: Vec<(u16, Vec<u8>)> = std::thread::scope(|s| {
        let handles: Vec<_> =
            (0..8).map(|_| s.spawn(|| check_upload(&addr, &[(names[0], bytes[0].as_slice())]))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let eight = started.elapsed();
    let first: Report = serde_json::from_slice(&one.1).unwrap();
    for (status, body) in &answers {
        assert_eq!(*status, 200);
        assert_eq!(verdicts(&serde_json::from_slice(body).unwrap(), 0), verdicts(&first, 0));
    }
    println!("one upload {single:?}; eight at once {eight:?}");

    // The annotated copy from the API opens with our reader, with mc2lint's comments.
    let (ct, body) = multipart(&[("file", Some(names[0]), &bytes[0])]);
    let (status, headers, docx) = http(&addr, "POST", "/api/annotate", Some(&ct), &body);
    assert_eq!(status, 200, "{headers}");
    assert!(headers.contains("001-vantage-biomedical-capital.annotated.docx"), "{headers}");
    let raw = mc2lint::docx::read_bytes(Path::new("annotated.docx"), &docx, Default::default()).unwrap();
    assert!(raw.comments.iter().any(|c| c.author == "mc2lint"), "comments by mc2lint");
    assert!(raw.revisions.iter().any(|r| r.author == "mc2lint"), "the suggested fixes as tracked changes");
    let (ct, body) = multipart(&[("file", Some("broken.docx"), b"not a zip")]);
    let (status, _, body) = http(&addr, "POST", "/api/annotate", Some(&ct), &body);
    assert_eq!(status, 422);
    assert!(String::from_utf8_lossy(&body).contains("broken.docx"), "the error names the file");

    page_in_chromium(&addr, tmp.path(), &bytes[0]);

    drop(desk);
    let left: Vec<_> = std::fs::read_dir(&server_tmp).unwrap().collect();
    assert!(left.is_empty(), "the server left files in its temp directory: {left:?}");
}

/// Headless Chromium posts `contract` through the page's file input.
fn page_in_chromium(addr: &str, dir: &Path, contract: &[u8]) {
    let Some(chrome) = chromium() else { return };
    let (status, _, desk_page) = http(addr, "GET", "/", None, b"");
    assert_eq!(status, 200);
    let desk_page = String::from_utf8(desk_page).unwrap();
    assert!(desk_page.contains("name=\"file\"") && desk_page.contains("action=\"/review\""), "the upload form");
    // The desk's own form, with the contract put into its file input by a script, then submitted.
    let name = "deal <img src=x onerror=alert(1)>.docx";
    let b64 = base64::engine::general_purpose::STANDARD.encode(contract);
    let driver = format!(
        "<!DOCTYPE html><html><body><form id=\"f\" method=\"post\" action=\"http://{addr}/review\" \
enctype=\"multipart/form-data\"><input type=\"file\" name=\"file\" id=\"i\"><input name=\"reference\" value=\"mc2@2\"></form>\
<script>var bin=atob(\"{b64}\"),bytes=new Uint8Array(bin.length);for(var k=0;k<bin.length;k++)bytes[k]=bin.charCodeAt(k);\
var dt=new DataTransfer();dt.items.add(new File([bytes],{name:?}));dt.items.add(new File([\"not a zip\"],\"broken.docx\"));\
document.getElementById('i').files=dt.files;document.getElementById('f').submit();</script></body></html>"
    );
    let driver_path = dir.join("drive.html");
    std::fs::write(&driver_path, driver).unwrap();
    let out = headless(&chrome, &dir.join("profile"))
        .arg("--dump-dom")
        .arg(format!("file://{}", driver_path.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(dom.contains("<title>mc2lint review</title>"), "the review page came back: {}", &dom[..dom.len().min(500)]);
    let shown = dom.find("class=\"path\">").map(|i| &dom[i..(i + 80).min(dom.len())]);
    assert!(
        dom.contains("deal &lt;img src=x onerror=alert(1)&gt;.docx") && !dom.contains("<img"),
        "the file name as text: {shown:?}"
    );

    // The bad file of the same upload: a clear message in its place.
    assert!(dom.contains("This file could not be checked") && dom.contains("[not-a-zip]"), "the bad file's message");
    assert_eq!(dom.matches("<section class=\"contract\"").count(), 2, "one section per file");

    // The same findings as the API gives for the file.
    let (_, body) = check_upload(addr, &[(name, contract)]);
    let report: Report = serde_json::from_slice(&body).unwrap();
    assert_findings_in_dom(&dom, &report.documents[0], 0);
    let n = review_order(&report.documents[0]).len();
    assert!(dom.contains(&format!("{n} of {n} findings shown")), "the findings list is there and counted");

    // The download the page offers: the annotated DOCX, which our reader opens.
    let at = dom.find("href=\"data:application/vnd.openxmlformats-officedocument.wordprocessingml.document;base64,");
    let at = at.expect("a download link") + "href=\"".len();
    assert!(
        dom.contains("download=\"deal _img src_x onerror_alert_1__.annotated.docx\""),
        "named after the upload, header-safe"
    );
    let data = &dom[at..at + dom[at..].find('"').unwrap()];
    let encoded = data.split_once(";base64,").unwrap().1;
    let docx = base64::engine::general_purpose::STANDARD.decode(encoded).unwrap();
    let raw = mc2lint::docx::read_bytes(Path::new("download.docx"), &docx, Default::default()).unwrap();
    assert!(raw.comments.iter().any(|c| c.author == "mc2lint"), "the download carries the comments");

    let shot = dir.join("desk.png");
    let out = headless(&chrome, &dir.join("profile"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1400,1000")
        .arg(format!("file://{}", driver_path.display()))
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::copy(&shot, Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-review.png")).unwrap();
}

#[test]
fn a_wider_host_is_warned_about_and_a_busy_port_is_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mut desk = start(tmp.path(), &[]);
    let port = desk.addr.rsplit_once(':').unwrap().1.to_string();
    let busy = Command::new(env!("CARGO_BIN_EXE_mc2lint")).args(["serve", "--port", &port]).output().unwrap();
    assert_eq!(busy.status.code(), Some(2));
    let err = String::from_utf8_lossy(&busy.stderr);
    assert!(err.lines().count() == 1 && err.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{err}");
    let _ = desk.child.kill();

    let mut wide = Command::new(env!("CARGO_BIN_EXE_mc2lint"))
        .args(["serve", "--host", "0.0.0.0", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(wide.stderr.take().unwrap()).read_line(&mut line).unwrap();
    let _ = wide.kill();
    let _ = wide.wait();
    assert!(line.starts_with("warning: listening on 0.0.0.0") && line.contains("anyone"), "{line}");
}
