//! Writing what mc2lint produces without losing a report.
//!
//! Files are written to a temporary file in the target's directory and renamed
//! into place only after a successful flush and sync, so a full disk, a crash or
//! Ctrl-C leaves the previous file intact. Standard output that the reader has
//! closed (`| head`) ends the command quietly; any other write error is one line
//! and exit status 2.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::cli::EXIT_ERROR;

/// Writes `path` through `fill`, atomically where the file system allows: the
/// old file stays as it was unless the new one was written completely. A target
/// that exists but is not a regular file (`/dev/stdout`, a FIFO) is written
/// directly: renaming over it would replace the device, not feed it.
pub fn write_file(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), String> {
    let shown = path.display();
    let fail = |e: io::Error| format!("cannot write {shown} ({e}); the previous file, if any, is unchanged");
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut out = BufWriter::new(File::create(path).map_err(fail)?);
        return fill(&mut out).and_then(|_| out.flush()).map_err(|e| format!("cannot write {shown} ({e})"));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new().prefix(".mc2lint-").suffix(".tmp").tempfile_in(dir).map_err(fail)?;
    keep_permissions(path, tmp.as_file());
    let mut out = BufWriter::new(tmp);
    fill(&mut out).and_then(|_| out.flush()).map_err(fail)?;
    let tmp = out.into_inner().map_err(|e| fail(e.into_error()))?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// A replaced file keeps its mode; a new one gets the usual 0644 rather than
/// the temporary file's 0600.
fn keep_permissions(path: &Path, tmp: &File) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0o644);
        let _ = tmp.set_permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (path, tmp);
}

/// What a failed write to standard output means for the exit status: a closed
/// pipe (the reader has all it wanted) ends quietly with `code`; anything else
/// is reported in one line and is exit status 2.
pub fn stdout_failed(e: &io::Error, code: i32) -> i32 {
    if is_broken_pipe(e) {
        return code;
    }
    eprintln!("error: cannot write to standard output ({e})");
    EXIT_ERROR
}

/// EPIPE, also when wrapped (codespan's renderer wraps the io::Error it met).
fn is_broken_pipe(e: &io::Error) -> bool {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = current {
        let io = err.downcast_ref::<io::Error>();
        if io.is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe) {
            return true;
        }
        // A wrapping io::Error's `source` skips the error it wraps: look at that first.
        current = io.and_then(|io| io.get_ref()).map(|inner| inner as _).or_else(|| err.source());
    }
    false
}

/// Prints `text` to standard output, with the exit status `stdout_failed` gives on error.
pub fn print(text: &str, code: i32) -> i32 {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => code,
        Err(e) => stdout_failed(&e, code),
    }
}

/// Whether two paths name the same file (device and inode: hard links and
/// symlinks included). False when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok(),
        _ => false,
    }
}
