//! `audit` under concurrency, interruption and resumption (issue 13): a second
//! writer of the same output is refused, Ctrl-C writes what is complete, and
//! resuming after a crash neither glues lines nor repeats error rows.

#![cfg(unix)]

mod hostile_support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hostile_support::*;

/// `n` copies of a contract that takes a noticeable time to check (a debug
/// build spends about a second on each).
fn slow_contracts(dir: &Path, n: usize) -> Vec<String> {
    let sentence = "The Supplier shall notify the Customer of any security incident within 72 hours of discovery. ";
    let runs = format!(r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#, sentence.repeat(20)).repeat(1000);
    let bytes = minimal(document_xml(&[]).replace("<w:body>", &format!("<w:body><w:p>{runs}</w:p>")).as_bytes());
    (0..n)
        .map(|i| {
            let name = format!("c{i:03}.docx");
            std::fs::write(dir.join(&name), &bytes).unwrap();
            name
        })
        .collect()
}

fn audit(dir: &Path, args: &[&str], files: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_mc2lint"))
        .arg("audit")
        .args(["-q", "-j", "1"])
        .args(args)
        .args(files)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path).unwrap_or_default().lines().map(str::to_string).collect()
}

fn wait_for_lines(path: &Path, n: usize) {
    let started = Instant::now();
    while lines(path).len() < n {
        assert!(started.elapsed() < Duration::from_secs(120), "no progress in {}", path.display());
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn interrupt(child: &Child) {
    // SAFETY: sends SIGINT to our own running child.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) }, 0);
}

fn finish(child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn one_writer_per_output_ctrl_c_keeps_whole_lines_and_resume_completes_once() {
    let dir = tempfile::tempdir().unwrap();
    let files = slow_contracts(dir.path(), 16);
    let out = dir.path().join("out.jsonl");
    let first = audit(dir.path(), &["-o", "out.jsonl"], &files);
    wait_for_lines(&out, 1);

    // A second writer, or a resume of the same file, is refused while the first runs.
    for args in [&["-o", "out.jsonl"][..], &["--resume", "out.jsonl"]] {
        let (status, err) = finish(audit(dir.path(), args, &files[..1]));
        assert_eq!(status, Some(2), "{args:?}: {err}");
        assert!(err.contains("being written by another mc2lint audit"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }

    interrupt(&first);
    let (status, err) = finish(first);
    assert_eq!(status, Some(130), "{err}");
    assert!(err.contains("interrupted") && err.contains("--resume out.jsonl"), "{err}");
    let done = lines(&out);
    assert!(!done.is_empty() && done.len() < files.len(), "{} lines", done.len());
    for line in &done {
        serde_json::from_str::<serde_json::Value>(line).expect("only whole lines");
    }

    // A crash mid-write leaves a partial line longer than 1 MiB; resume cuts it
    // off, checks the rest, and adds the missing file's error row once.
    let mut text = std::fs::read_to_string(&out).unwrap();
    text.push_str(&format!("{{\"path\":\"{}\",\"status\":\"ok\",\"x\":\"{}", files[15], "y".repeat(3 << 20)));
    std::fs::write(&out, text).unwrap();
    let mut all = files.clone();
    all.push("missing.docx".into());
    for round in 0..2 {
        let (status, err) = finish(audit(dir.path(), &["--resume", "out.jsonl"], &all));
        assert_eq!(status, Some(2), "round {round}: {err}");
        let rows: Vec<serde_json::Value> =
            lines(&out).iter().map(|l| serde_json::from_str(l).expect("whole lines")).collect();
        let mut paths: Vec<&str> = rows.iter().map(|r| r["path"].as_str().unwrap()).collect();
        paths.sort();
        let before = paths.len();
        paths.dedup();
        assert_eq!(before, paths.len(), "round {round}: a document written twice");
        assert_eq!(paths.len(), all.len(), "round {round}");
    }
}

#[test]
fn ctrl_c_writes_a_table_of_the_finished_documents() {
    let dir = tempfile::tempdir().unwrap();
    let files = slow_contracts(dir.path(), 16);
    std::fs::write(dir.path().join("out.csv"), "previous report\n").unwrap();
    let child = audit(dir.path(), &["--format", "csv", "-o", "out.csv"], &files);
    std::thread::sleep(Duration::from_millis(1500));
    interrupt(&child);
    let (status, err) = finish(child);
    assert_eq!(status, Some(130), "{err}");
    assert!(err.contains("finished documents only"), "{err}");
    let csv = lines(&dir.path().join("out.csv"));
    assert!(csv[0].starts_with("path"), "a new report, header first: {csv:?}");
    assert!(csv.len() <= files.len(), "{}", csv.len());
}

#[test]
fn output_to_a_device_is_written_without_a_lock() {
    // `-o /dev/null` (the benchmark's) or a pipe: nothing to lock or truncate.
    let dir = tempfile::tempdir().unwrap();
    let files = slow_contracts(dir.path(), 1);
    let out = audit(dir.path(), &["-o", "/dev/null", "--fail-on", "never"], &files).wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}
