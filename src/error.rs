//! Errors for unreadable inputs: a stable machine-readable code plus one line a
//! person can act on. The code is API (JSON reports, CSV rows, baselines).

use std::fmt;
use std::path::Path;

/// Why an input could not be read. The string forms are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    NotAZip,
    Encrypted,
    LegacyDoc,
    MissingPart,
    MalformedXml,
    TooLarge,
    Io,
    /// Two zip entries name the same part once OPC normalises them (case,
    /// leading slash, percent-encoding): readers would disagree on which is shown.
    DuplicatePart,
    /// A FIFO, device, socket or directory where a DOCX file was expected.
    NotAFile,
    /// Checking took longer than the per-document budget (`audit --max-seconds`).
    Timeout,
    /// mc2lint itself failed on this input (a bug); other inputs are still checked.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotAZip => "not-a-zip",
            ErrorCode::Encrypted => "encrypted",
            ErrorCode::LegacyDoc => "legacy-doc",
            ErrorCode::MissingPart => "missing-part",
            ErrorCode::MalformedXml => "malformed-xml",
            ErrorCode::TooLarge => "too-large",
            ErrorCode::Io => "io",
            ErrorCode::DuplicatePart => "duplicate-part",
            ErrorCode::NotAFile => "not-a-file",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Internal => "internal-error",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An input that cannot be read, with the file it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub code: ErrorCode,
    /// The file, as the user named it.
    pub path: String,
    /// What is wrong and what to do next, without the path.
    pub cause: String,
}

impl ReadError {
    pub fn new(code: ErrorCode, path: &Path, cause: impl Into<String>) -> Self {
        ReadError { code, path: path.display().to_string(), cause: cause.into() }
    }

    /// The one-line message shown to users and stored in reports.
    pub fn message(&self) -> String {
        format!("{}: {}", self.path, self.cause)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message(), self.code)
    }
}

impl std::error::Error for ReadError {}
