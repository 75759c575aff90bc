//! Reading OOXML word-processing packages into raw paragraphs.
//!
//! `read` opens the package (see `package`), then walks every story part:
//! the main document, footnotes, endnotes, headers, footers and comments.
//! The result keeps both revision views; `document` turns it into text.

mod body;
mod input;
mod ns_reader;
pub mod numbering;
pub mod package;
pub mod styles;
pub mod xml;

use std::path::Path;

use serde::Serialize;

use crate::error::{ErrorCode, ReadError};
pub use input::read_input;
pub use numbering::Numbering;
pub use package::Limits;
pub use styles::Styles;

/// Where a paragraph lives. Headers, footers and comments are kept but never
/// carry findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum ParaKind {
    Body,
    Table,
    Footnote,
    Endnote,
    Header,
    Footer,
    Comment,
}

impl ParaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ParaKind::Body => "body",
            ParaKind::Table => "table",
            ParaKind::Footnote => "footnote",
            ParaKind::Endnote => "endnote",
            ParaKind::Header => "header",
            ParaKind::Footer => "footer",
            ParaKind::Comment => "comment",
        }
    }

    /// Text a contract "says": body, tables and notes; not headers, footers, comments.
    pub fn is_contract_text(self) -> bool {
        matches!(self, ParaKind::Body | ParaKind::Table | ParaKind::Footnote | ParaKind::Endnote)
    }
}

/// Revision status of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Normal,
    Inserted,
    Deleted,
    /// Inserted, then deleted by a later revision (`w:del` inside `w:ins`):
    /// in neither the accepted nor the original text.
    InsertedDeleted,
}

impl Status {
    /// The status of text under both an outer and an inner revision.
    pub fn and(self, other: Status) -> Status {
        match (self, other) {
            (Status::Normal, s) | (s, Status::Normal) => s,
            (a, b) if a == b => a,
            _ => Status::InsertedDeleted,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RevisionKind {
    Insertion,
    Deletion,
    MoveFrom,
    MoveTo,
    ParagraphInserted,
    ParagraphDeleted,
    /// A table row inserted or deleted as a whole (`w:trPr/w:ins|w:del`).
    RowInserted,
    RowDeleted,
}

/// A pending tracked change (`w:ins`, `w:del`, moves, paragraph marks).
#[derive(Debug, Clone)]
pub struct Revision {
    pub id: String,
    pub kind: RevisionKind,
    pub author: String,
    pub date: Option<String>,
}

/// Byte range of a `w:r` element in its (decoded) part, for writing back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RunRef {
    pub part: u16,
    pub start: u32,
    pub end: u32,
}

/// Position of a paragraph inside (possibly nested) tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellPos {
    pub table: u32,
    pub row: u32,
    pub col: u32,
    pub depth: u8,
}

/// Text (a range of `RawDocument::text`) or a comment anchor.
#[derive(Debug, Clone)]
pub enum Piece {
    Text { start: u32, end: u32, status: Status, rev: Option<u32>, run: RunRef },
    CommentStart(String),
    CommentEnd(String),
}

/// One `w:p` as written, before revision views are applied.
#[derive(Debug, Clone)]
pub struct RawParagraph {
    pub kind: ParaKind,
    pub part: u16,
    /// Footnote id, comment number or header index: paragraphs merge only within a story.
    pub story: u32,
    pub xml_start: u32,
    pub xml_end: u32,
    /// Where content starts (after `w:pPr`): the place to anchor a comment.
    pub content_at: u32,
    pub style: Option<String>,
    /// Direct `w:numPr`: (numId, ilvl); numId 0 switches numbering off.
    pub num: Option<(Option<u32>, Option<u8>)>,
    pub outline: Option<u8>,
    /// Tracked insertion or deletion of the paragraph mark itself.
    pub mark: Status,
    pub mark_rev: Option<u32>,
    pub pieces: Vec<Piece>,
    pub cell: Option<CellPos>,
    /// Index into `RawDocument::comments` for comment paragraphs.
    pub comment: Option<usize>,
}

impl RawParagraph {
    /// An empty paragraph starting at `xml_start` in its part; the walker fills it in.
    pub fn new(kind: ParaKind, part: u16, story: u32, xml_start: u32) -> RawParagraph {
        RawParagraph {
            kind,
            part,
            story,
            xml_start,
            xml_end: xml_start,
            content_at: 0,
            style: None,
            num: None,
            outline: None,
            mark: Status::Normal,
            mark_rev: None,
            pieces: Vec::new(),
            cell: None,
            comment: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CommentMeta {
    pub id: String,
    pub author: String,
    pub initials: Option<String>,
    pub date: Option<String>,
    pub first_paragraph: usize,
    pub paragraphs: usize,
    /// Some of its text is hidden (`w:vanish`).
    pub hidden: bool,
}

/// Everything read from a package.
#[derive(Debug, Clone, Default)]
pub struct RawDocument {
    /// Part names; `RunRef::part` and `RawParagraph::part` index this.
    pub parts: Vec<String>,
    pub main_part: String,
    /// All text pieces, concatenated; pieces refer to ranges of it.
    pub text: String,
    pub paragraphs: Vec<RawParagraph>,
    pub revisions: Vec<Revision>,
    pub comments: Vec<CommentMeta>,
    pub styles: Styles,
    pub numbering: Numbering,
    /// Things the user should know that do not stop the read (altChunk, ...).
    pub warnings: Vec<String>,
    /// Paragraphs in table rows whose insertion or deletion is tracked:
    /// (index into `paragraphs`, status of the row, index into `revisions`).
    pub row_changes: Vec<(usize, Status, u32)>,
}

/// Reads a DOCX file from disk.
pub fn read_file(path: &Path, limits: Limits) -> Result<RawDocument, ReadError> {
    let bytes = read_input(path, limits.max_file)?;
    read_bytes(path, &bytes, limits)
}

pub fn io_error(path: &Path, e: &std::io::Error) -> ReadError {
    let cause = match e.kind() {
        std::io::ErrorKind::NotFound => "does not exist; check the path".to_string(),
        std::io::ErrorKind::PermissionDenied => "cannot be read (permission denied)".to_string(),
        _ => format!("cannot be read ({e})"),
    };
    ReadError::new(ErrorCode::Io, path, cause)
}

/// Story parts read after the main document, in canonical-text order.
const STORIES: &[(&str, ParaKind)] = &[
    ("footnotes", ParaKind::Footnote),
    ("endnotes", ParaKind::Endnote),
    ("header", ParaKind::Header),
    ("footer", ParaKind::Footer),
    ("comments", ParaKind::Comment),
];

/// The root element of a story part of this kind.
fn story_root(kind: ParaKind) -> &'static str {
    match kind {
        ParaKind::Footnote => "footnotes",
        ParaKind::Endnote => "endnotes",
        ParaKind::Header => "hdr",
        ParaKind::Footer => "ftr",
        ParaKind::Comment => "comments",
        ParaKind::Body | ParaKind::Table => "document",
    }
}

/// Reads a DOCX held in memory. `path` is only used in messages.
///
/// Story parts are checked for well-formedness while they are walked, in one
/// parse (`body::walk_well_formed`); a part that this cannot clear (malformed,
/// or with entities or a DTD inside a subtree the walk skips) sends the whole
/// package through the original order instead, check before walk, so the
/// result and the message are those of that order.
pub fn read_bytes(path: &Path, bytes: &[u8], limits: Limits) -> Result<RawDocument, ReadError> {
    let unread = |u: Unread| match u {
        Unread::Error(e) => e,
        Unread::Unsure => unreachable!("only the one-pass reading is ever unsure"),
    };
    match read_package(path, bytes, limits, true) {
        Err(Unread::Unsure) => read_package(path, bytes, limits, false).map_err(unread),
        other => other.map_err(unread),
    }
}

/// Why `read_package` returned no document.
enum Unread {
    Error(ReadError),
    /// The one-pass reading could not tell whether a part is well-formed.
    Unsure,
}

impl From<ReadError> for Unread {
    fn from(e: ReadError) -> Unread {
        Unread::Error(e)
    }
}

fn read_package(path: &Path, bytes: &[u8], limits: Limits, one_pass: bool) -> Result<RawDocument, Unread> {
    let mut pkg = package::Package::open(path, bytes, limits)?;
    let main = pkg.main_part.clone();
    let rels = pkg.relationships_of(&main)?;
    let mut doc = RawDocument { main_part: main.clone(), ..RawDocument::default() };
    let malformed = |part: &str, e: quick_xml::Error| {
        ReadError::new(
            ErrorCode::MalformedXml,
            path,
            format!("part {part} is not well-formed XML ({e}); open and re-save the file in Word"),
        )
    };
    let optional = |kind: &str| rels.iter().find(|r| r.kind == kind && !r.external).map(|r| r.target.clone());
    if let Some(part) = optional("styles").filter(|p| pkg.has_part(p)) {
        let xml = pkg.read_xml(&part, &["styles"])?;
        doc.styles = Styles::parse(&xml).map_err(|e| malformed(&part, e))?;
    }
    if let Some(part) = optional("numbering").filter(|p| pkg.has_part(p)) {
        let xml = pkg.read_xml(&part, &["numbering"])?;
        doc.numbering = Numbering::parse(&xml).map_err(|e| malformed(&part, e))?;
    }
    // One story part: read, checked and walked, in one parse or in two.
    let story = |pkg: &mut package::Package,
                 doc: &mut RawDocument,
                 name: &str,
                 part: u16,
                 kind: ParaKind,
                 n: u32,
                 root: &str|
     -> Result<(), Unread> {
        if one_pass {
            let xml = pkg.read_xml_checking(name, None)?;
            doc.parts.push(name.to_string());
            if !body::walk_well_formed(doc, &xml, part, kind, n, &[root]) {
                return Err(Unread::Unsure);
            }
        } else {
            let xml = pkg.read_xml(name, &[root])?;
            doc.parts.push(name.to_string());
            body::walk(doc, &xml, part, kind, n).map_err(|e| malformed(name, e))?;
        }
        Ok(())
    };
    story(&mut pkg, &mut doc, &main, 0, ParaKind::Body, 0, "document")?;
    // Parts already read: a hostile package can list tens of thousands of stories.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::from([main.clone()]);
    for (kind_name, kind) in STORIES {
        for (n, rel) in rels.iter().filter(|r| r.kind == *kind_name && !r.external).enumerate() {
            if !pkg.has_part(&rel.target) || !seen.insert(rel.target.clone()) {
                continue;
            }
            if doc.parts.len() >= u16::MAX as usize {
                // Part numbers are 16-bit; no document has this many notes, headers and footers.
                return Err(ReadError::new(
                    ErrorCode::TooLarge,
                    path,
                    format!("has more than {} story parts (headers, footers, notes, comments)", u16::MAX),
                )
                .into());
            }
            let part = doc.parts.len() as u16;
            story(&mut pkg, &mut doc, &rel.target, part, *kind, n as u32, story_root(*kind))?;
        }
    }
    Ok(doc)
}
