//! Reading an input file from disk: regular files only, size limit enforced
//! while reading.
//!
//! The reported length is not trusted (a symlink to `/dev/zero` says 0 bytes and
//! never ends), and opening a FIFO for reading blocks until a writer appears, so
//! the file is opened non-blocking and its type checked on the open handle (no
//! race between a `stat` and the `open`).

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

use crate::error::{ErrorCode, ReadError};

/// The bytes of the DOCX at `path`, refusing anything but a regular file and
/// anything larger than `max_file` bytes.
pub fn read_input(path: &Path, max_file: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path).map_err(|e| super::io_error(path, &e))?;
    let meta = file.metadata().map_err(|e| super::io_error(path, &e))?;
    if !meta.is_file() {
        return Err(not_a_file(path, &meta.file_type()));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(max_file) as usize);
    file.take(max_file.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| super::io_error(path, &e))?;
    if bytes.len() as u64 > max_file {
        return Err(too_large(path, max_file));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: a FIFO opens at once instead of waiting for a writer; it has
    // no effect on reads from regular files.
    OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

fn not_a_file(path: &Path, kind: &std::fs::FileType) -> ReadError {
    let what = if kind.is_dir() {
        format!("is a directory; use `mc2lint audit {}` to check the contracts in it", path.display())
    } else {
        "is not a regular file (a FIFO, device or socket); pass a DOCX file saved on disk".to_string()
    };
    ReadError::new(ErrorCode::NotAFile, path, what)
}

fn too_large(path: &Path, max_file: u64) -> ReadError {
    ReadError::new(
        ErrorCode::TooLarge,
        path,
        format!("is over the {} MiB limit; raise it with --max-file-size if the file is genuine", max_file >> 20),
    )
}
