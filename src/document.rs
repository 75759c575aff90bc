//! The document model: one canonical UTF-8 text per revision view, paragraphs
//! with byte ranges into it, displayed list numbers, revisions and comments.
//!
//! Everything later stages report (clause numbers, spans) comes from here, so a
//! span printed by `check` always slices `dump`'s text to the reported words.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::docx::numbering::Numberer;
use crate::docx::{CellPos, ParaKind, Piece, RawDocument, RawParagraph, RevisionKind, RunRef, Status};

/// Which text of a document with pending tracked changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    /// As if every pending revision were accepted (what the document will say).
    #[default]
    Accepted,
    /// As if every pending revision were rejected (the text before the changes).
    Original,
}

impl View {
    pub fn as_str(self) -> &'static str {
        match self {
            View::Accepted => "accepted",
            View::Original => "original",
        }
    }

    fn shows(self, status: Status) -> bool {
        match (self, status) {
            (_, Status::Normal) => true,
            (View::Accepted, s) => s == Status::Inserted,
            (View::Original, s) => s == Status::Deleted,
        }
    }
}

/// How a paragraph's number came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberKind {
    /// Word's automatic numbering (`numbering.xml`), as displayed.
    Auto,
    /// Typed into the text ("9.2(b) Supplier shall ...").
    Typed,
    /// A bullet from automatic numbering (not a clause number).
    Bullet,
}

/// A stretch of a paragraph's text that came from one run.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SourcePiece {
    pub start: usize,
    pub end: usize,
    pub run: RunRef,
    #[serde(skip)]
    pub revision: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub index: usize,
    pub kind: ParaKind,
    pub number: Option<String>,
    pub number_kind: Option<NumberKind>,
    pub level: Option<u8>,
    /// Outline level of a heading (0 = top), from its style.
    pub heading: Option<u8>,
    pub style: Option<String>,
    pub start: usize,
    pub end: usize,
    #[serde(skip)]
    pub cell: Option<CellPos>,
    /// Raw paragraphs merged into this one (deleted paragraph marks merge).
    #[serde(skip)]
    pub sources: Vec<usize>,
    #[serde(skip)]
    pub pieces: Vec<SourcePiece>,
}

impl Paragraph {
    /// Numbered as an outline item ("3.", "(a)"): a list number that is not a bullet.
    pub fn is_numbered(&self) -> bool {
        self.number.is_some() && self.number_kind != Some(NumberKind::Bullet)
    }
}

/// A pending revision located in this view.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionSpan {
    #[serde(skip)]
    pub raw: usize,
    pub id: String,
    pub kind: RevisionKind,
    pub author: String,
    pub date: Option<String>,
    pub paragraph: usize,
    /// Where the revision sits in this view (empty range when its text is hidden here).
    pub start: usize,
    pub end: usize,
    /// The inserted or deleted text.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub date: Option<String>,
    pub text: String,
    /// The commented range in the canonical text, when anchored.
    pub paragraph: Option<usize>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    /// Some of its text is hidden (`w:vanish`): Word does not show it.
    pub hidden: bool,
    /// Its text, or all the text it is anchored on, is in a tracked deletion.
    pub deleted: bool,
    /// Its text as written, tracked insertions and deletions included (`text`
    /// is the view's): what a suppression is judged on, in either view.
    #[serde(skip)]
    pub written: String,
}

/// One revision view of a document.
#[derive(Debug, Clone)]
pub struct Document {
    pub view: View,
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    pub revisions: Vec<RevisionSpan>,
    pub comments: Vec<Comment>,
    pub warnings: Vec<String>,
}

impl Document {
    /// The first heading about security ("9. Cybersecurity", "Exhibit C –
    /// Security Requirements"): where a missing term would be added, so where
    /// annotations and SARIF results for missing terms point.
    pub fn security_heading(&self) -> Option<&Paragraph> {
        let is_title = |p: &Paragraph| {
            let t = self.paragraph_text(p).trim();
            p.heading.is_some() || (t.split_whitespace().count() <= 10 && !t.ends_with('.'))
        };
        self.paragraphs.iter().filter(|p| p.kind == ParaKind::Body && is_title(p)).find(|p| {
            let t = self.paragraph_text(p).to_lowercase();
            ["secur", "cyber", "data protection", "privacy"].iter().any(|w| t.contains(w))
        })
    }

    /// Builds the canonical text of one view.
    pub fn build(raw: &RawDocument, view: View) -> Document {
        let mut b = Builder::new(raw, view);
        b.run();
        b.finish()
    }

    pub fn paragraph_text(&self, p: &Paragraph) -> &str {
        &self.text[p.start..p.end]
    }

    /// The paragraph containing byte `offset`.
    pub fn paragraph_at(&self, offset: usize) -> Option<&Paragraph> {
        let i = self.paragraphs.partition_point(|p| p.end < offset);
        self.paragraphs.get(i).filter(|p| p.start <= offset)
    }
}

/// Longest paragraph analysed as one, in bytes. No contract has longer ones
/// (a long clause is a few thousand bytes); a hostile file can have a 10 MB
/// paragraph, and analysing a paragraph costs more than linear time in its
/// sentences, so longer ones are analysed in pieces of about this size.
pub const MAX_PARAGRAPH: usize = 32 * 1024;

/// Where to cut a long text into pieces of at most `max` bytes: (start, end)
/// of each piece, relative to `text`. Cuts after a sentence end in the second
/// half of the window, else at a space (which then belongs to neither piece,
/// like the line break between paragraphs), else at a character boundary.
fn cut_points(text: &str, max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while text.len() - pos > max {
        let mut limit = pos + max;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &text[pos..limit];
        let sentence = window.rfind(". ").filter(|&i| i >= max / 2).map(|i| (i + 1, i + 2));
        let space = || window.rfind(' ').filter(|&i| i > 0).map(|i| (i, i + 1));
        let (end, next) = sentence.or_else(space).unwrap_or((window.len(), window.len()));
        out.push((pos, pos + end));
        pos += next;
    }
    out.push((pos, text.len()));
    out
}

struct Builder<'a> {
    raw: &'a RawDocument,
    view: View,
    text: String,
    paragraphs: Vec<Paragraph>,
    rev_spans: Vec<Option<(usize, usize, usize, String)>>,
    anchors: Vec<(String, usize, Option<usize>, Option<usize>)>,
    /// Comment id -> index in `anchors`: a document can hold many thousands.
    anchor_index: std::collections::HashMap<String, usize>,
    typed: TypedLevels,
    /// Raw paragraphs in tracked table rows: (row status, revision). The view
    /// leaves out deleted rows when accepted, inserted rows when original.
    rows: std::collections::HashMap<usize, (Status, u32)>,
}

impl<'a> Builder<'a> {
    fn new(raw: &'a RawDocument, view: View) -> Self {
        Builder {
            raw,
            view,
            text: String::with_capacity(raw.text.len()),
            paragraphs: Vec::with_capacity(raw.paragraphs.len()),
            rev_spans: vec![None; raw.revisions.len()],
            anchors: Vec::new(),
            anchor_index: std::collections::HashMap::new(),
            typed: TypedLevels::default(),
            rows: raw.row_changes.iter().map(|&(i, status, rev)| (i, (status, rev))).collect(),
        }
    }

    /// The revision of the tracked row that hides raw paragraph `i` in this view.
    fn hidden_row(&self, i: usize) -> Option<u32> {
        self.rows.get(&i).filter(|(status, _)| !self.view.shows(*status)).map(|&(_, rev)| rev)
    }

    fn mark_removed(&self, p: &RawParagraph) -> bool {
        p.mark != Status::Normal && !self.view.shows(p.mark)
    }

    /// Groups raw paragraphs joined by removed paragraph marks.
    fn groups(&self) -> Vec<Vec<usize>> {
        let paras = &self.raw.paragraphs;
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut current = Vec::new();
        for (i, p) in paras.iter().enumerate() {
            if self.hidden_row(i).is_some() {
                // Left out whole; `run` only records its revisions.
                if !current.is_empty() {
                    groups.push(std::mem::take(&mut current));
                }
                groups.push(vec![i]);
                continue;
            }
            current.push(i);
            let joins_next = self.mark_removed(p)
                && self.hidden_row(i + 1).is_none()
                && paras
                    .get(i + 1)
                    .is_some_and(|n| n.kind == p.kind && n.part == p.part && n.story == p.story && n.cell == p.cell);
            if !joins_next {
                groups.push(std::mem::take(&mut current));
            }
        }
        groups
    }

    fn run(&mut self) {
        let raw = self.raw;
        let mut body_numbers = Numberer::new(&raw.numbering, &raw.styles);
        let mut other_numbers = Numberer::new(&raw.numbering, &raw.styles);
        for group in self.groups() {
            if let Some(rev) = self.hidden_row(group[0]) {
                self.skip_hidden(group[0], rev);
                continue;
            }
            if !self.text.is_empty() || !self.paragraphs.is_empty() {
                self.text.push('\n');
            }
            let start = self.text.len();
            let mut pieces = Vec::new();
            // Where each source paragraph's pieces end in `pieces`.
            let mut ends = Vec::with_capacity(group.len());
            for &i in &group {
                self.append_pieces(i, &mut pieces);
                ends.push(pieces.len());
            }
            let end = self.text.len();
            let rp = &raw.paragraphs[self.head_of(&group, &pieces, &ends)];
            let numberer = if matches!(rp.kind, ParaKind::Body | ParaKind::Table) {
                &mut body_numbers
            } else {
                &mut other_numbers
            };
            let index = self.paragraphs.len();
            let mut para = Paragraph {
                index,
                kind: rp.kind,
                number: None,
                number_kind: None,
                level: None,
                heading: None,
                style: rp.style.clone(),
                start,
                end,
                cell: rp.cell,
                sources: group.clone(),
                pieces,
            };
            assign_number(raw, rp, numberer, &mut para, &self.text[start..end], &mut self.typed);
            for &i in &group {
                if let Some(rev) = raw.paragraphs[i].mark_rev {
                    self.note_revision(rev as usize, index, end, end, "\u{b6}");
                }
            }
            // A tracked row shown in this view spans its paragraphs.
            let row_revs: Vec<u32> = group.iter().filter_map(|i| self.rows.get(i)).map(|&(_, rev)| rev).collect();
            for rev in row_revs {
                let text = format!("{}\u{b6}", &self.text[start..end]);
                self.note_revision(rev as usize, index, start, end, &text);
            }
            self.push_split(para);
        }
    }

    /// Pushes a paragraph, cut into pieces of at most `MAX_PARAGRAPH` bytes
    /// when longer. Later pieces continue the clause: no number or heading of
    /// their own, the same source paragraphs.
    fn push_split(&mut self, para: Paragraph) {
        if para.end - para.start <= MAX_PARAGRAPH {
            self.paragraphs.push(para);
            return;
        }
        let cuts = cut_points(&self.text[para.start..para.end], MAX_PARAGRAPH);
        let mut pieces = para.pieces.iter().peekable();
        for (k, &(from, to)) in cuts.iter().enumerate() {
            let (start, end) = (para.start + from, para.start + to);
            let mut chunk = Paragraph { index: self.paragraphs.len(), start, end, pieces: Vec::new(), ..para.clone() };
            if k > 0 {
                (chunk.number, chunk.number_kind, chunk.level, chunk.heading) = (None, None, None, None);
            }
            // Pieces are in text order; one crossing a cut goes to both sides, clipped.
            while let Some(p) = pieces.peek() {
                if p.start >= end {
                    break;
                }
                if p.end > start {
                    chunk.pieces.push(SourcePiece { start: p.start.max(start), end: p.end.min(end), ..**p });
                }
                if p.end > end {
                    break;
                }
                pieces.next();
            }
            self.paragraphs.push(chunk);
        }
    }

    /// A paragraph of a table row this view leaves out: its text is not shown,
    /// but its revisions and comment anchors are kept (as empty spans here).
    fn skip_hidden(&mut self, i: usize, row_rev: u32) {
        let raw = self.raw;
        let index = self.paragraphs.len();
        let at = self.text.len();
        let mut content = String::new();
        for piece in &raw.paragraphs[i].pieces {
            match piece {
                Piece::Text { start, end, status, rev, .. } => {
                    let text = &raw.text[*start as usize..*end as usize];
                    if let Some(r) = rev {
                        self.note_revision(*r as usize, index, at, at, text);
                    }
                    // The row as the other view shows it.
                    if *status == Status::Normal || !self.view.shows(*status) {
                        content.push_str(text);
                    }
                }
                Piece::CommentStart(id) => self.anchor(id, Some(at), None),
                Piece::CommentEnd(id) => self.anchor(id, None, Some(at)),
            }
        }
        if let Some(rev) = raw.paragraphs[i].mark_rev {
            self.note_revision(rev as usize, index, at, at, "\u{b6}");
        }
        content.push('\u{b6}');
        self.note_revision(row_rev as usize, index, at, at, &content);
    }

    /// The source paragraph that gives a merged paragraph its properties: the
    /// first with visible text. A paragraph's own pieces are looked at first;
    /// all of them only for one that holds text boxes (whose paragraphs follow
    /// it), so a group of a hundred thousand merged paragraphs is not quadratic.
    fn head_of(&self, group: &[usize], pieces: &[SourcePiece], ends: &[usize]) -> usize {
        let paras = &self.raw.paragraphs;
        let inside = |i: usize, p: &SourcePiece| p.run.part == paras[i].part && self.piece_in(i, p);
        let mut from = 0;
        for (&i, &to) in group.iter().zip(ends) {
            let own = &pieces[from..to];
            from = to;
            let holds_nested = paras.get(i + 1).is_some_and(|n| {
                n.part == paras[i].part && n.xml_start >= paras[i].xml_start && n.xml_end <= paras[i].xml_end
            });
            if own.iter().any(|p| inside(i, p)) || holds_nested && pieces.iter().any(|p| inside(i, p)) {
                return i;
            }
        }
        group[0]
    }

    fn piece_in(&self, i: usize, p: &SourcePiece) -> bool {
        let rp = &self.raw.paragraphs[i];
        p.run.start >= rp.xml_start && p.run.end <= rp.xml_end
    }

    fn append_pieces(&mut self, i: usize, out: &mut Vec<SourcePiece>) {
        let raw = self.raw;
        let index = self.paragraphs.len();
        for piece in &raw.paragraphs[i].pieces {
            match piece {
                Piece::Text { start, end, status, rev, run } => {
                    let content = &raw.text[*start as usize..*end as usize];
                    let at = self.text.len();
                    if self.view.shows(*status) {
                        self.text.push_str(content);
                        out.push(SourcePiece { start: at, end: self.text.len(), run: *run, revision: *rev });
                    }
                    if let Some(r) = rev {
                        let end = self.text.len();
                        self.note_revision(*r as usize, index, at, end, content);
                    }
                }
                Piece::CommentStart(id) => self.anchor(id, Some(self.text.len()), None),
                Piece::CommentEnd(id) => self.anchor(id, None, Some(self.text.len())),
            }
        }
    }

    fn note_revision(&mut self, rev: usize, paragraph: usize, start: usize, end: usize, content: &str) {
        match &mut self.rev_spans[rev] {
            Some((_, s, e, text)) => {
                *s = (*s).min(start);
                *e = (*e).max(end);
                text.push_str(content);
            }
            slot => *slot = Some((paragraph, start, end, content.to_string())),
        }
    }

    fn anchor(&mut self, id: &str, start: Option<usize>, end: Option<usize>) {
        let paragraph = self.paragraphs.len();
        match self.anchor_index.get(id) {
            Some(&i) => {
                let a = &mut self.anchors[i];
                a.2 = a.2.or(start);
                a.3 = a.3.or(end);
            }
            None => {
                self.anchor_index.insert(id.to_string(), self.anchors.len());
                self.anchors.push((id.to_string(), paragraph, start, end));
            }
        }
    }

    fn finish(self) -> Document {
        let raw = self.raw;
        let revisions = self
            .rev_spans
            .into_iter()
            .enumerate()
            .filter_map(|(i, span)| {
                let (paragraph, start, end, text) = span?;
                // Text hidden after the last paragraph belongs to the last one.
                let paragraph = paragraph.min(self.paragraphs.len().saturating_sub(1));
                let r = &raw.revisions[i];
                Some(RevisionSpan {
                    raw: i,
                    id: r.id.clone(),
                    kind: r.kind,
                    author: r.author.clone(),
                    date: r.date.clone(),
                    paragraph,
                    start,
                    end,
                    text,
                })
            })
            .collect();
        let (deleted, mut written) = comment_states(raw);
        // Each comment's paragraphs, in one pass (by id, as comments are matched).
        let mut bodies: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
        for p in &self.paragraphs {
            let mut ids: Vec<&str> = p
                .sources
                .iter()
                .filter_map(|&s| raw.paragraphs[s].comment)
                .map(|ci| raw.comments[ci].id.as_str())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                bodies.entry(id).or_default().push(&self.text[p.start..p.end]);
            }
        }
        let comments = raw
            .comments
            .iter()
            .enumerate()
            .map(|(ci, c)| {
                let body = bodies.get(c.id.as_str()).map(|b| b.join("\n")).unwrap_or_default();
                let anchor = self.anchor_index.get(&c.id).map(|&i| &self.anchors[i]);
                Comment {
                    id: c.id.clone(),
                    author: c.author.clone(),
                    date: c.date.clone(),
                    text: body,
                    paragraph: anchor.map(|a| a.1),
                    start: anchor.and_then(|a| a.2),
                    end: anchor.and_then(|a| a.3.or(a.2)),
                    hidden: c.hidden,
                    deleted: deleted.contains(&ci),
                    written: std::mem::take(&mut written[ci]).trim_end().to_string(),
                }
            })
            .collect();
        Document {
            view: self.view,
            text: self.text,
            paragraphs: self.paragraphs,
            revisions,
            comments,
            warnings: raw.warnings.clone(),
        }
    }
}

/// Comments (indexes into `raw.comments`) whose own text holds a tracked
/// deletion, or whose anchored text is all deleted: in either view, such a
/// comment says something the document no longer says, or says it about
/// nothing. Also each comment's text as written, tracked changes included.
/// Both are the same for both views, so a suppression cannot depend on one.
fn comment_states(raw: &RawDocument) -> (std::collections::HashSet<usize>, Vec<String>) {
    let is_deleted = |s: Status| matches!(s, Status::Deleted | Status::InsertedDeleted);
    let mut out = std::collections::HashSet::new();
    let mut written = vec![String::new(); raw.comments.len()];
    if raw.comments.is_empty() {
        // Most contracts: no walk over every piece, twice per document (two views).
        return (out, written);
    }
    // (comment id, any live text, any deleted text) for anchors still open.
    let mut open: Vec<(&str, bool, bool)> = Vec::new();
    let mut spans: Vec<(&str, bool, bool)> = Vec::new();
    for p in &raw.paragraphs {
        if let Some(text) = p.comment.and_then(|ci| written.get_mut(ci)).filter(|t| !t.is_empty()) {
            text.push('\n');
        }
        for piece in &p.pieces {
            match piece {
                Piece::Text { status, start, end, .. } => {
                    if let Some(ci) = p.comment {
                        written[ci].push_str(&raw.text[*start as usize..*end as usize]);
                        if is_deleted(*status) {
                            out.insert(ci);
                        }
                    }
                    for a in open.iter_mut().filter(|_| p.comment.is_none()) {
                        if is_deleted(*status) {
                            a.2 = true;
                        } else {
                            a.1 = true;
                        }
                    }
                }
                Piece::CommentStart(id) => open.push((id.as_str(), false, false)),
                Piece::CommentEnd(id) => {
                    if let Some(i) = open.iter().position(|a| a.0 == id.as_str()) {
                        spans.push(open.remove(i));
                    }
                }
            }
        }
    }
    for (id, live, dead) in spans {
        if dead && !live {
            out.extend(raw.comments.iter().position(|c| c.id == id));
        }
    }
    (out, written)
}

/// Automatic number (direct `numPr`, else through the style chain), else a
/// typed number at the start of the text; plus heading level from the style.
fn assign_number(
    raw: &RawDocument,
    rp: &RawParagraph,
    numberer: &mut Numberer,
    para: &mut Paragraph,
    text: &str,
    typed: &mut TypedLevels,
) {
    let style = raw.styles.resolve(rp.style.as_deref());
    let (direct_id, direct_lvl) = rp.num.unwrap_or((None, None));
    let num_id = direct_id.or(style.num_id).filter(|&id| id != 0);
    para.heading = rp
        .outline
        .or(style.outline)
        .filter(|&l| l < 9)
        .or_else(|| rp.style.as_deref().and_then(|s| raw.styles.heading_level(s)));
    if let Some(num_id) = num_id {
        let ilvl = direct_lvl
            .or(if direct_id.is_some() { None } else { style.ilvl })
            .or_else(|| rp.style.as_deref().and_then(|s| raw.numbering.level_for_style(num_id, s, &raw.styles)))
            .unwrap_or(0);
        if let Some(label) = numberer.next(num_id, ilvl) {
            para.level = Some(label.level);
            if label.bullet {
                para.number_kind = Some(NumberKind::Bullet);
                para.number = Some(label.text).filter(|t| !t.is_empty());
            } else if !label.text.trim().is_empty() {
                para.number_kind = Some(NumberKind::Auto);
                para.number = Some(label.text.trim().to_string());
                typed.after_auto(label.level);
            }
            return;
        }
    }
    if let Some((label, level)) = typed.detect(text) {
        para.number = Some(label);
        para.number_kind = Some(NumberKind::Typed);
        para.level = Some(level);
    } else if let Some(h) = para.heading {
        para.level = Some(h);
    }
}

/// Detects typed clause numbers and infers their depth from what came before:
/// "9." → 0, "9.2" → 1, then "(b)" → 2, "(iv)" below a letter → 3.
#[derive(Default)]
struct TypedLevels {
    numeric: Option<u8>,
    alpha: Option<u8>,
}

fn typed_patterns() -> &'static [Regex; 3] {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    RE.get_or_init(|| {
        [
            // 9. / 9.2 / 9.2.1 / 9.2(b) / Section 9.2 / Article IV
            Regex::new(r"^(?:(?i:section|article|clause|§)\s*)?(\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.|(?i:section|article|clause)\s+(?:\d{1,3}|[IVXLC]{1,6}))((?:\s?\([a-zA-Z0-9]{1,4}\))*)[\s\t]+\S").unwrap(),
            // (a) / a) / (iv) / (1)
            Regex::new(r"^(\(?(?:[a-z]{1,2}|[ivxl]{1,6}|[A-Z]|\d{1,2})\))[\s\t]+\S").unwrap(),
            // A. / IV.
            Regex::new(r"^((?:[A-Z]|[IVX]{1,5})\.)[\s\t]+[A-Z]").unwrap(),
        ]
    })
}

/// A quick necessary condition for `typed_patterns`, read off their
/// openings: a digit (any script's: `\d` is Unicode, "３."), `(` or `§`;
/// "Section", "Article" or "Clause"; or an ASCII letter whose `.` or `)`
/// follows within six bytes ("a)", "iv)", "IV."). Most paragraphs fail it,
/// and the capturing regexes are slow even when they fail.
fn may_be_typed_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let word = |w: &str| bytes.len() >= w.len() && bytes[..w.len()].eq_ignore_ascii_case(w.as_bytes());
    match text.chars().next() {
        Some(c) if c.is_numeric() || c == '(' || c == '§' => true,
        Some(c) if c.is_ascii_alphabetic() => {
            let head = &bytes[1..bytes.len().min(7)];
            head.iter().any(|b| matches!(b, b'.' | b')')) || word("section") || word("article") || word("clause")
        }
        _ => false,
    }
}

impl TypedLevels {
    fn after_auto(&mut self, level: u8) {
        self.numeric = Some(level);
        self.alpha = None;
    }

    fn detect(&mut self, text: &str) -> Option<(String, u8)> {
        let text = text.trim_start_matches([' ', '\u{a0}']);
        if !may_be_typed_number(text) {
            return None;
        }
        let [numeric, paren, letter] = typed_patterns();
        if let Some(c) = numeric.captures(text) {
            let base = c.get(1)?.as_str();
            let subs = c.get(2).map_or("", |m| m.as_str()).replace(' ', "");
            let digits = base.trim_end_matches('.');
            let is_word = digits.chars().next().is_some_and(|ch| ch.is_alphabetic() && ch != '§');
            let depth = if is_word { 0 } else { digits.matches('.').count() as u8 };
            let label_base =
                if is_word { digits.rsplit(' ').next().unwrap_or(digits).to_string() } else { base.to_string() };
            let depth = depth + subs.matches('(').count() as u8;
            self.numeric = Some(depth);
            self.alpha = None;
            return Some((format!("{label_base}{subs}"), depth));
        }
        if let Some(c) = paren.captures(text) {
            let label = c.get(1)?.as_str().to_string();
            let inner = label.trim_matches(['(', ')']);
            let roman =
                inner.chars().all(|ch| "ivxl".contains(ch)) && inner != "i" || inner == "i" && self.alpha.is_some();
            let base = self.numeric.map_or(0, |n| n + 1);
            let level = if roman && self.alpha.is_some() { self.alpha.unwrap_or(base) + 1 } else { base };
            if !roman || self.alpha.is_none() {
                self.alpha = Some(level);
            }
            return Some((label, level));
        }
        if let Some(c) = letter.captures(text) {
            let label = c.get(1)?.as_str().to_string();
            self.numeric = Some(0);
            self.alpha = None;
            return Some((label, 0));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_all(lines: &[&str]) -> Vec<Option<(String, u8)>> {
        let mut t = TypedLevels::default();
        lines.iter().map(|l| t.detect(l)).collect()
    }

    #[test]
    fn the_quick_test_passes_every_opening_the_patterns_take() {
        for typed in ["9. Security", "\u{ff13}. Scope", "(a) each", "iv) each", "IV. Terms", "Section 4 x", "§ 4.1 x"]
        {
            assert!(may_be_typed_number(typed), "{typed}");
            assert!(detect_all(&[typed])[0].is_some(), "{typed}");
        }
        for prose in ["Supplier shall patch. Then", "The Term. It", "e.g. this"] {
            assert!(!may_be_typed_number(prose) || detect_all(&[prose])[0].is_none(), "{prose}");
        }
        assert!(!may_be_typed_number("Supplier shall patch. Then"));
    }

    #[test]
    fn typed_numbers_and_levels() {
        let got = detect_all(&[
            "9. Security",
            "9.2 Notice. Supplier",
            "(a) first",
            "(i) sub",
            "(ii) sub",
            "(b) second",
            "9.2(c) Supplier shall",
            "30 days later",
        ]);
        let labels: Vec<_> = got.iter().map(|g| g.as_ref().map(|(l, d)| format!("{l}@{d}"))).collect();
        assert_eq!(
            labels,
            vec![
                Some("9.@0".into()),
                Some("9.2@1".into()),
                Some("(a)@2".into()),
                Some("(i)@3".into()),
                Some("(ii)@3".into()),
                Some("(b)@2".into()),
                Some("9.2(c)@2".into()),
                None
            ]
        );
    }

    #[test]
    fn long_text_is_cut_at_sentences_then_spaces() {
        let text = "Aaaa bbbb. ".repeat(10);
        let cuts = cut_points(&text, 32);
        assert!(cuts.iter().all(|&(a, b)| a < b && b - a <= 32), "{cuts:?}");
        assert!(cuts.iter().all(|&(_, b)| b == text.len() || text[..b].ends_with('.')), "{cuts:?}");
        assert_eq!(cuts.last().unwrap().1, text.len());
        let unspaced = "é".repeat(40);
        let cuts = cut_points(&unspaced, 33);
        assert_eq!(cuts, vec![(0, 32), (32, 64), (64, 80)]);
    }

    #[test]
    fn section_words() {
        let got = detect_all(&["Section 12 Security", "Article IV Term"]);
        assert_eq!(got[0], Some(("12".into(), 0)));
        assert_eq!(got[1], Some(("IV".into(), 0)));
    }
}
