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

use codespan_reporting::term::termcolor;

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

/// `eprintln!` for messages that may carry file names or document text: one
/// line, control characters escaped (see `escape_line`).
#[macro_export]
macro_rules! eline {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::output::escape_line(&format!($($arg)*)))
    };
}

/// Escapes text for a terminal or a CI log, keeping line breaks: control
/// characters (C0 but tab and line feed, DEL, C1: ESC sequences can erase lines,
/// retitle the terminal or write the clipboard) become `\xNN`, and a line that
/// would start with `::` (a GitHub Actions workflow command) starts `\x3a:`.
pub fn escape_text(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, true, true).0
}

/// Like `escape_text` for a message that must stay one line: line breaks are escaped too.
pub fn escape_line(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, false, true).0
}

fn unsafe_char(c: char, keep_newlines: bool) -> bool {
    c.is_control() && c != '\t' && !(keep_newlines && c == '\n')
}

/// The escaped text, and whether it ends at the start of a line. `line_start`:
/// whether `text` begins one.
fn escape(text: &str, keep_newlines: bool, line_start: bool) -> (std::borrow::Cow<'_, str>, bool) {
    let ends_at_start = |s: &str| if s.is_empty() { line_start } else { s.ends_with('\n') };
    let risky = (line_start && text.starts_with("::")) || (keep_newlines && text.contains("\n::"));
    if !risky && !text.chars().any(|c| unsafe_char(c, keep_newlines)) {
        return (std::borrow::Cow::Borrowed(text), ends_at_start(text));
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut at_start = line_start;
    for (i, c) in text.char_indices() {
        if at_start && text[i..].starts_with("::") {
            out.push_str("\\x3a");
        } else if unsafe_char(c, keep_newlines) {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push(c);
        }
        // An escaped line break does not start a line.
        at_start = keep_newlines && c == '\n';
    }
    let end = ends_at_start(&out);
    (std::borrow::Cow::Owned(out), end)
}

/// A terminal stream that escapes what is written to it as `escape_text` does.
/// Colour changes go straight through (they are ours); text is passed on line
/// by line, and before each colour change, so the two stay in order.
pub struct Escaping<W> {
    inner: W,
    pending: Vec<u8>,
    line_start: bool,
}

impl<W: termcolor::WriteColor> Escaping<W> {
    pub fn new(inner: W) -> Self {
        Escaping { inner, pending: Vec::new(), line_start: true }
    }

    /// The stream itself, for output that must not be escaped (GitHub commands
    /// we mean to print); pending text is written first.
    pub fn raw(&mut self) -> io::Result<&mut W> {
        self.emit(self.pending.len())?;
        Ok(&mut self.inner)
    }

    /// The stream, after writing out what is pending.
    pub fn into_inner(mut self) -> io::Result<W> {
        self.emit(self.pending.len())?;
        Ok(self.inner)
    }

    /// Writes out pending text up to `upto` bytes.
    fn emit(&mut self, upto: usize) -> io::Result<()> {
        if upto == 0 {
            return Ok(());
        }
        let chunk: Vec<u8> = self.pending.drain(..upto).collect();
        let text = String::from_utf8_lossy(&chunk);
        let (escaped, line_start) = escape(&text, true, self.line_start);
        self.line_start = line_start;
        self.inner.write_all(escaped.as_bytes())
    }
}

impl<W: termcolor::WriteColor> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Only the new bytes are searched: a 10 MB line arrives in many small writes.
        let before = self.pending.len();
        self.pending.extend_from_slice(buf);
        if let Some(last) = buf.iter().rposition(|b| *b == b'\n') {
            self.emit(before + last + 1)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.emit(self.pending.len())?;
        self.inner.flush()
    }
}

impl<W: termcolor::WriteColor> termcolor::WriteColor for Escaping<W> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &termcolor::ColorSpec) -> io::Result<()> {
        self.emit(self.pending.len())?;
        self.inner.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.emit(self.pending.len())?;
        self.inner.reset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_workflow_commands_are_escaped() {
        assert_eq!(escape_text("plain\ntext"), "plain\ntext");
        assert_eq!(escape_text("a\x1b]52;c;x\x07b\u{9b}"), "a\\x1b]52;c;x\\x07b\\x9b");
        assert_eq!(escape_text("::error::x\nok\n::warning ::y"), "\\x3a:error::x\nok\n\\x3a:warning ::y");
        assert_eq!(escape_line("a.docx\n::error::b\r"), "a.docx\\x0a::error::b\\x0d");
        assert_eq!(escape_line("::x"), "\\x3a:x");
    }

    #[test]
    fn the_escaping_stream_keeps_line_starts_across_writes() {
        let mut out = Escaping::new(termcolor::NoColor::new(Vec::new()));
        for part in ["fine ::", "not a command\n", "::", "error::x\n", "\x1b[2J"] {
            out.write_all(part.as_bytes()).unwrap();
        }
        out.flush().unwrap();
        let text = String::from_utf8(out.inner.into_inner()).unwrap();
        assert_eq!(text, "fine ::not a command\n\\x3a:error::x\n\\x1b[2J");
    }
}
