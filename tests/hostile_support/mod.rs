//! Shared by the hostile-input tests: packages built part by part (so a test can
//! write what no word processor would), and the binary run with a time bound.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::time::Duration;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

pub const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// `word/_rels/document.xml.rels` linking a numbering and a styles part.
pub const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// A main document part holding these paragraphs (XML-escaped by the caller).
pub fn document_xml(paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>"#
    )
}

/// A zip of these entries, names and bytes exactly as given.
pub fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The three parts every package here has, with `document` as the main part.
pub fn minimal(document: &[u8]) -> Vec<u8> {
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/document.xml", document),
    ])
}

/// The `mc2lint` binary in `dir`, killed if it runs past `secs` (a hang fails the test).
pub fn mc2lint(dir: &Path, secs: u64) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("mc2lint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1").timeout(Duration::from_secs(secs));
    cmd
}

/// Runs and returns (exit code, stdout, stderr); -1 when killed.
pub fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `check FILE` refuses with exit 2 and exactly one stderr line naming the file
/// and `code`; returns that line.
pub fn refused(dir: &Path, file: &str, code: &str) -> String {
    let (status, out, err) = run(mc2lint(dir, 60).args(["check", file]));
    assert_eq!(status, 2, "{file}: exit 2 expected\nstdout: {out}\nstderr: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{file}: one line expected: {err}");
    assert!(lines[0].contains(&format!("[{code}]")), "{file}: code {code} expected: {err}");
    assert!(lines[0].contains(file), "{file}: the line names the file: {err}");
    lines[0].to_string()
}

/// What one measured run of the binary cost.
pub struct Measured {
    /// Exit code; None when killed (by the watchdog or a signal).
    pub status: Option<i32>,
    pub secs: f64,
    pub peak_mib: u64,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `mc2lint ARGS` in `dir` as a child process, killed after `limit_secs`,
/// and reads its own peak memory and time from `wait4` (not this process's).
/// Output goes to files, so a huge report cannot block the child on a pipe.
#[cfg(unix)]
pub fn measured(dir: &Path, args: &[&str], limit_secs: u64) -> Measured {
    use std::os::unix::process::ExitStatusExt;
    let (out_path, err_path) = (dir.join(".measured.out"), dir.join(".measured.err"));
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_mc2lint"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let started = std::time::Instant::now();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(Duration::from_secs(limit_secs)).is_err() {
            // SAFETY: `pid` is our child, not yet reaped (wait4 below reaps it).
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    });
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid out-parameter for wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, writing into the locals above.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = started.elapsed().as_secs_f64();
    let _ = done_tx.send(());
    watchdog.join().unwrap();
    assert_eq!(reaped, pid, "wait4 failed");
    std::mem::forget(child); // already reaped
    let status = std::process::ExitStatus::from_raw(status).code();
    Measured {
        status,
        secs,
        peak_mib: usage.ru_maxrss as u64 / 1024,
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    }
}
