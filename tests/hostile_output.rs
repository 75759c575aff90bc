//! Output that fails (issue 13): a closed stdout ends quietly, any other write
//! error is one line and exit 2 for every format, a file output that cannot be
//! written completely leaves the previous file as it was, and a hard link to
//! the input is recognised as the input.

#![cfg(unix)]

mod hostile_support;

use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

use hostile_support::*;

const WEAK: &str = "The Supplier may notify the Customer of security incidents when practicable.";

fn contract(dir: &Path, name: &str) {
    std::fs::write(dir.join(name), minimal(document_xml(&[WEAK]).as_bytes())).unwrap();
}

/// The write end of a pipe whose read end is already closed: every write fails with EPIPE.
fn closed_pipe() -> Stdio {
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid out-array of two descriptors.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just returned by pipe(2) and are owned here.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    drop(read);
    Stdio::from(write)
}

fn mc2lint_cmd(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mc2lint"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1").stdin(Stdio::null());
    cmd
}

/// Every command that prints, in every format.
const PRINTING: &[&[&str]] = &[
    &["check", "a.docx"],
    &["check", "--format", "json", "a.docx"],
    &["check", "--format", "sarif", "a.docx"],
    &["check", "--format", "github", "a.docx"],
    &["dump", "a.docx"],
    &["dump", "--format", "json", "a.docx"],
    &["explain", "C3-incident-notification"],
    &["audit", "-q", "a.docx"],
    &["audit", "-q", "--format", "csv", "a.docx"],
    &["audit", "-q", "--format", "html", "a.docx"],
    &["reference", "list"],
];

#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    contract(dir.path(), "a.docx");
    for args in PRINTING {
        let out = mc2lint_cmd(dir.path(), args).stdout(closed_pipe()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {:?} {err}", out.status);
        assert!(err.is_empty() || args[0] == "audit" && !err.contains("error"), "{args:?}: {err}");
    }
}

#[test]
fn any_other_write_error_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    contract(dir.path(), "a.docx");
    for args in PRINTING {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = mc2lint_cmd(dir.path(), args).stdout(full).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(lines.len(), 1, "{args:?}: {err}");
        assert!(lines[0].contains("No space left"), "{args:?}: {err}");
    }
}

/// Runs with files limited to `max_bytes` (writes past it fail with EFBIG).
fn with_file_limit(mut cmd: Command, max_bytes: u64) -> std::process::Output {
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: max_bytes, rlim_max: max_bytes };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().unwrap()
}

#[test]
fn a_file_output_that_fails_leaves_the_previous_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    contract(dir.path(), "a.docx");
    let jsonl = mc2lint_cmd(dir.path(), &["audit", "-q", "-o", "a.jsonl", "a.docx"]).output().unwrap();
    assert_eq!(jsonl.status.code(), Some(1), "{}", String::from_utf8_lossy(&jsonl.stderr));
    let outputs: &[(&str, &[&str])] = &[
        ("out.html", &["audit", "-q", "--format", "html", "-o", "out.html", "a.docx"]),
        ("out.csv", &["merge", "-q", "a.jsonl", "-o", "out.csv"]),
        ("out.docx", &["annotate", "a.docx", "-o", "out.docx"]),
        ("base.json", &["baseline", "create", "-o", "base.json", "a.docx"]),
    ];
    for (file, args) in outputs {
        let target = dir.path().join(file);
        std::fs::write(&target, "previous report\n").unwrap();
        let out = with_file_limit(mc2lint_cmd(dir.path(), args), 300);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.lines().any(|l| l.contains(file) && l.contains("unchanged")), "{args:?}: {err}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "previous report\n", "{args:?}");
        // Without the limit the same command replaces the file (by rename: a new inode).
        let before = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&target).unwrap());
        let out = mc2lint_cmd(dir.path(), args).output().unwrap();
        assert!(out.status.code().unwrap() < 2, "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let meta = std::fs::metadata(&target).unwrap();
        assert_ne!(std::os::unix::fs::MetadataExt::ino(&meta), before, "{args:?}: written in place");
        assert!(meta.len() > 300, "{args:?}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn annotate_refuses_a_hard_link_to_its_input() {
    let dir = tempfile::tempdir().unwrap();
    contract(dir.path(), "a.docx");
    std::fs::hard_link(dir.path().join("a.docx"), dir.path().join("b.docx")).unwrap();
    let before = std::fs::read(dir.path().join("a.docx")).unwrap();
    let (status, _, err) = run(mc2lint(dir.path(), 60).args(["annotate", "a.docx", "-o", "b.docx"]));
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("refusing to write over the input"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("a.docx")).unwrap(), before);
}

#[test]
fn outputs_that_are_inputs_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    contract(dir.path(), "a.docx");
    std::fs::hard_link(dir.path().join("a.docx"), dir.path().join("link.docx")).unwrap();
    let before = std::fs::read(dir.path().join("a.docx")).unwrap();
    for args in [
        &["audit", "-q", "a.docx", "-o", "link.docx"][..],
        &["audit", "-q", "--format", "html", "a.docx", "-o", "a.docx"],
        &["baseline", "create", "a.docx", "-o", "link.docx"],
    ] {
        let (status, _, err) = run(mc2lint(dir.path(), 60).args(args));
        assert_eq!(status, 2, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains("is one of the inputs"), "{args:?}: {err}");
        assert_eq!(std::fs::read(dir.path().join("a.docx")).unwrap(), before, "{args:?}");
    }
}
