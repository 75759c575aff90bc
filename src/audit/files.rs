//! What a portfolio folder holds, file by file: contracts mc2lint checks
//! (DOCX, DOCM, DOTX), documents it cannot check (PDF, legacy Word, RTF,
//! OpenDocument, Pages, WordPerfect), and entries the walk could not follow
//! (symbolic link loops, unreadable folders). The last two become rows of
//! their own, with a stable code and a one-line action, so that every file is
//! accounted for. Everything else (spreadsheets, images, notes) is only counted.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::{DocumentReport, ErrorInfo};

/// File name extensions checked as DOCX (case-insensitive).
pub const DOCX_EXTENSIONS: [&str; 3] = ["docx", "docm", "dotx"];

/// `status` of a row for a file that was not checked (a PDF, a legacy .doc):
/// neither `ok` nor `error`, and it does not change the exit status.
pub const SKIPPED: &str = "skipped";

/// Whether a report is a row for a file that was not checked.
pub fn is_skipped(doc: &DocumentReport) -> bool {
    doc.status == SKIPPED
}

/// A document format a portfolio usually holds that mc2lint does not read:
/// the stable code of its row, what it is, and what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OtherFormat {
    pub code: &'static str,
    pub what: &'static str,
    pub action: &'static str,
}

const CONVERT: &str = "convert it to DOCX (LibreOffice: `soffice --headless --convert-to docx FILE`) and audit again";

/// Extensions (lower case) of the formats in `OtherFormat`, with their rows.
const OTHER_FORMATS: &[(&str, OtherFormat)] = &[
    (
        "pdf",
        OtherFormat {
            code: "not-docx: pdf",
            what: "is a PDF, which mc2lint does not read",
            action: "check it from the editable original (DOCX), or convert it to DOCX with a PDF tool and audit again",
        },
    ),
    ("doc", OtherFormat { code: "legacy-doc", what: "is a legacy Word 97-2003 document", action: CONVERT }),
    ("dot", OtherFormat { code: "legacy-doc", what: "is a legacy Word 97-2003 template", action: CONVERT }),
    ("rtf", OtherFormat { code: "not-docx: rtf", what: "is a Rich Text Format document", action: CONVERT }),
    ("odt", OtherFormat { code: "not-docx: odt", what: "is an OpenDocument text", action: CONVERT }),
    ("ott", OtherFormat { code: "not-docx: odt", what: "is an OpenDocument template", action: CONVERT }),
    ("fodt", OtherFormat { code: "not-docx: odt", what: "is a flat OpenDocument text", action: CONVERT }),
    (
        "pages",
        OtherFormat {
            code: "not-docx: pages",
            what: "is an Apple Pages document",
            action: "export it to Word (.docx) from Pages (File > Export To > Word) and audit again",
        },
    ),
    ("wpd", OtherFormat { code: "not-docx: wpd", what: "is a WordPerfect document", action: CONVERT }),
];

fn extension(path: &Path) -> Option<String> {
    path.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase())
}

/// Word's owner files (`~$name.docx`) are lock files, never contracts.
pub fn is_lock_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("~$"))
}

/// Whether a file found in a folder is checked as a DOCX.
pub fn is_docx(path: &Path) -> bool {
    !is_lock_file(path) && extension(path).is_some_and(|e| DOCX_EXTENSIONS.contains(&e.as_str()))
}

/// The format of a file mc2lint does not check, by its extension.
pub fn other_format(path: &Path) -> Option<OtherFormat> {
    let ext = extension(path)?;
    OTHER_FORMATS.iter().find(|(e, _)| *e == ext).map(|(_, f)| *f).filter(|_| !is_lock_file(path))
}

/// The row of a file that was not checked.
pub fn skipped_row(path: &Path, format: OtherFormat) -> DocumentReport {
    let shown = path.display().to_string();
    let message = format!("{shown}: {}; not checked: {}", format.what, format.action);
    row(shown, SKIPPED, format.code, message)
}

fn row(path: String, status: &str, code: &str, message: String) -> DocumentReport {
    DocumentReport {
        path,
        status: status.into(),
        sha256: None,
        parties: None,
        terms: Vec::new(),
        summary: None,
        error: Some(ErrorInfo { code: code.into(), message }),
    }
}

/// The error row for an entry the folder walk could not follow, or `None`
/// when the error names no path (nothing to put in a row).
pub fn walk_error_row(err: &ignore::Error) -> Option<DocumentReport> {
    let (path, cause) = walk_error_parts(err, None)?;
    let shown = path.display().to_string();
    let (code, what) = match cause {
        WalkCause::Loop(ancestor) => (
            "symlink-loop",
            format!(
                "is a symbolic link back to {} (a loop); not followed. Remove the link or point it outside that folder",
                ancestor.display()
            ),
        ),
        WalkCause::Io(e) if innermost(e).raw_os_error() == Some(libc_eloop()) => (
            "symlink-loop",
            "is a symbolic link that leads back to itself (a loop); remove it or point it at the real file".into(),
        ),
        WalkCause::Io(e) => match innermost(e).kind() {
            std::io::ErrorKind::NotFound => {
                ("io", "is a broken symbolic link (its target does not exist); fix or remove the link".into())
            }
            std::io::ErrorKind::PermissionDenied => (
                "io",
                "cannot be read (permission denied); nothing in it was checked: grant read access and audit again"
                    .into(),
            ),
            _ => ("io", format!("cannot be read ({e}); nothing in it was checked")),
        },
        WalkCause::Other(text) => ("io", format!("cannot be read ({text})")),
    };
    Some(row(shown.clone(), "error", code, format!("{shown}: {what}")))
}

/// The innermost I/O error: `ignore` wraps the error of the file system call
/// (where the OS error number is) in errors of its own.
fn innermost(e: &std::io::Error) -> &std::io::Error {
    let mut found = e;
    let mut next: Option<&(dyn std::error::Error + 'static)> = e.get_ref().map(|inner| inner as _);
    while let Some(err) = next {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            found = io;
        }
        next = err.source();
    }
    found
}

#[cfg(unix)]
fn libc_eloop() -> i32 {
    libc::ELOOP
}

#[cfg(not(unix))]
fn libc_eloop() -> i32 {
    -1
}

enum WalkCause<'a> {
    Loop(&'a Path),
    Io(&'a std::io::Error),
    Other(String),
}

/// The path and the innermost cause of a walk error (`ignore` wraps errors in
/// path and depth layers).
fn walk_error_parts<'a>(err: &'a ignore::Error, path: Option<&'a Path>) -> Option<(&'a Path, WalkCause<'a>)> {
    match err {
        ignore::Error::WithPath { path, err } => walk_error_parts(err, Some(path)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => walk_error_parts(err, path),
        ignore::Error::Loop { ancestor, child } => Some((child, WalkCause::Loop(ancestor))),
        ignore::Error::Io(e) => Some((path?, WalkCause::Io(e))),
        ignore::Error::Partial(errs) => errs.first().and_then(|e| walk_error_parts(e, path)),
        other => Some((path?, WalkCause::Other(other.to_string()))),
    }
}

/// Files a walk saw and took no row for, by extension (`(none)` without one):
/// for the summary line, so that the rest of the folder is accounted for too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Others(pub BTreeMap<String, usize>);

impl Others {
    pub fn add(&mut self, path: &Path) {
        let ext = extension(path).map_or_else(|| "(none)".to_string(), |e| format!(".{e}"));
        *self.0.entry(ext).or_default() += 1;
    }

    pub fn total(&self) -> usize {
        self.0.values().sum()
    }

    /// "other files, not contracts: 3 .txt, 1 .xlsx", or nothing.
    pub fn line(&self) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let mut by_count: Vec<(&String, &usize)> = self.0.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = by_count.iter().map(|(e, n)| format!("{n} {e}")).collect();
        Some(format!("other files, not contracts (no row): {}", list.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert!(is_docx(Path::new("a/b.DOCX")) && is_docx(Path::new("b.docm")) && is_docx(Path::new("b.dotx")));
        assert!(!is_docx(Path::new("b.doc")) && !is_docx(Path::new("~$b.docx")));
        assert_eq!(other_format(Path::new("x/Scan.PDF")).unwrap().code, "not-docx: pdf");
        assert_eq!(other_format(Path::new("old.doc")).unwrap().code, "legacy-doc");
        assert_eq!(other_format(Path::new("a.odt")).unwrap().code, "not-docx: odt");
        assert_eq!(other_format(Path::new("a.pages")).unwrap().code, "not-docx: pages");
        assert!(other_format(Path::new("notes.txt")).is_none() && other_format(Path::new("~$old.doc")).is_none());
        let row = skipped_row(Path::new("in/a.pdf"), other_format(Path::new("a.pdf")).unwrap());
        assert_eq!((row.status.as_str(), row.error.as_ref().unwrap().code.as_str()), (SKIPPED, "not-docx: pdf"));
        assert!(row.error.unwrap().message.starts_with("in/a.pdf: is a PDF"));
    }

    #[test]
    fn others_are_counted_by_extension() {
        let mut o = Others::default();
        for p in ["a.txt", "b.txt", "c.xlsx", "README"] {
            o.add(Path::new(p));
        }
        assert_eq!(o.total(), 4);
        assert_eq!(o.line().unwrap(), "other files, not contracts (no row): 2 .txt, 1 (none), 1 .xlsx");
    }
}
