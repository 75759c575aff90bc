//! Walks one story part (document, footnotes, endnotes, headers, footers,
//! comments) and records its paragraphs as text pieces tied to their runs.
//!
//! Hand-written on quick-xml because no crate keeps what we need at once: both
//! revision views, field results without instructions, the right branch of
//! `mc:AlternateContent`, and byte positions of every run for write-back.

use quick_xml::events::{BytesStart, BytesText, Event};

use super::ns_reader::OoxmlReader;
use super::xml::{attr, choice_understood, on_off, symbol_char, val_num, Ns, WellFormed};
use super::{CellPos, CommentMeta, ParaKind, Piece, RawDocument, RawParagraph, Revision, RevisionKind, RunRef, Status};

/// One open paragraph (text boxes nest paragraphs inside runs).
struct OpenPara {
    para: RawParagraph,
    /// Tracked insertion or deletion of the table row holding the paragraph.
    row: Option<(Status, u32)>,
    /// The run of the enclosing paragraph, for text-box paragraphs.
    outer_run: Option<(u32, usize)>,
}

struct Walker<'d> {
    doc: &'d mut RawDocument,
    part: u16,
    kind: ParaKind,
    story: u32,
    stack: Vec<OpenPara>,
    /// Paragraphs from text boxes, emitted after the paragraph that anchors them.
    nested_done: Vec<RawParagraph>,
    /// Open revisions: the status of text inside all of them (combined when
    /// pushed, so nesting a hundred thousand deep costs nothing per text) and
    /// the innermost revision.
    revisions: Vec<(Status, u32)>,
    /// Complex fields: true while in the instruction half (before `separate`).
    fields: Vec<bool>,
    /// How many of `fields` are in their instruction half.
    fields_in_instruction: usize,
    tables: Vec<CellPos>,
    /// Tracked insertion/deletion of the current row of each open table.
    rows: Vec<Option<(Status, u32)>>,
    /// Per open table, the innermost tracked row around it when it opened, so
    /// finding the row that hides a paragraph does not walk every level (a
    /// hostile file nests tables a hundred thousand deep).
    rows_around: Vec<Option<(Status, u32)>>,
    in_trpr: bool,
    table_counter: u32,
    /// `(prop context depth)`: inside pPr / rPr we read properties, not content.
    in_ppr: bool,
    in_ppr_rpr: bool,
    in_rpr: bool,
    in_numpr: bool,
    /// Text-bearing element we are inside: 1 = w:t, 2 = w:delText.
    in_text: u8,
    run_start: Option<(u32, usize)>,
    /// mc:AlternateContent nesting: whether a branch was taken at each level.
    alternate: Vec<bool>,
    comment: Option<usize>,
    /// The part's text, and the well-formedness tests run on the way
    /// (`walk_well_formed`); `unsure` once a skipped subtree could hide
    /// something those tests refuse.
    source: &'d [u8],
    check: Option<WellFormed<'d>>,
    unsure: bool,
}

pub fn walk(doc: &mut RawDocument, xml: &str, part: u16, kind: ParaKind, story: u32) -> Result<(), quick_xml::Error> {
    walk_checking(doc, xml, part, kind, story, None).map(|_| ())
}

/// `walk`, also applying `xml::check_well_formed(xml, roots)` to the events
/// it reads, so a part is parsed once instead of twice. True only when the
/// walk succeeded and the part certainly passes that check. Otherwise (a
/// failed test, a parse error, or a skipped subtree holding `&` or `!`, whose
/// entities or DOCTYPE only the full check would see) the caller must read
/// the package the original way: check, then walk, for the same result and
/// message. `doc` is then left half-filled.
pub fn walk_well_formed(
    doc: &mut RawDocument,
    xml: &str,
    part: u16,
    kind: ParaKind,
    story: u32,
    roots: &[&str],
) -> bool {
    matches!(walk_checking(doc, xml, part, kind, story, Some(WellFormed::new(roots))), Ok(true))
}

fn walk_checking<'d>(
    doc: &'d mut RawDocument,
    xml: &'d str,
    part: u16,
    kind: ParaKind,
    story: u32,
    check: Option<WellFormed<'d>>,
) -> Result<bool, quick_xml::Error> {
    let mut reader = OoxmlReader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut w = Walker {
        doc,
        part,
        kind,
        story,
        stack: Vec::new(),
        nested_done: Vec::new(),
        revisions: Vec::new(),
        fields: Vec::new(),
        fields_in_instruction: 0,
        tables: Vec::new(),
        rows: Vec::new(),
        rows_around: Vec::new(),
        in_trpr: false,
        table_counter: 0,
        in_ppr: false,
        in_ppr_rpr: false,
        in_rpr: false,
        in_numpr: false,
        in_text: 0,
        run_start: None,
        alternate: Vec::new(),
        comment: None,
        source: xml.as_bytes(),
        check,
        unsure: false,
    };
    loop {
        let before = reader.buffer_position() as u32;
        let (ns, event) = reader.read_event()?;
        // Text is checked in `Walker::text`, which unescapes it once for both uses.
        if let Some(check) = w.check.as_mut().filter(|_| !matches!(event, Event::Text(_))) {
            if check.event(&event).is_err() {
                return Ok(false);
            }
        }
        match event {
            Event::Start(e) => {
                w.start(&mut reader, ns, &e, before, false)?;
            }
            Event::Empty(e) => {
                w.start(&mut reader, ns, &e, before, true)?;
            }
            Event::End(e) => {
                let after = reader.buffer_position() as u32;
                let local = e.local_name();
                if ns == Ns::W {
                    w.end(local.as_ref(), after);
                } else if ns == Ns::Mc && local.as_ref() == b"AlternateContent" {
                    w.alternate.pop();
                }
            }
            // Kept by `w.text` (in the guard), which is false when the check fails.
            Event::Text(t) if !w.text(&t) => return Ok(false),
            Event::CData(t) if w.in_text > 0 => {
                let text = String::from_utf8_lossy(&t).into_owned();
                w.push_text(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(!w.unsure)
}

impl Walker<'_> {
    /// A text event: checked, if checking, and kept inside `w:t` or
    /// `w:delText`, unescaping it once for both. False when the check fails.
    fn text(&mut self, t: &BytesText) -> bool {
        if self.in_text == 0 && self.check.is_none() {
            return true;
        }
        let unescaped = t.unescape();
        if let Some(check) = &self.check {
            if check.text(t, &unescaped).is_err() {
                return false;
            }
        }
        if self.in_text > 0 {
            let text = unescaped.unwrap_or_else(|_| String::from_utf8_lossy(t).into_owned().into());
            self.push_text(&text);
        }
        true
    }

    /// Handles a start (or empty) element. Returns true when it skipped the subtree.
    fn start(
        &mut self,
        reader: &mut OoxmlReader,
        ns: Ns,
        e: &BytesStart,
        pos: u32,
        empty: bool,
    ) -> Result<bool, quick_xml::Error> {
        let local = e.local_name();
        let name = local.as_ref();
        match ns {
            Ns::Mc => return self.alternate_content(reader, e, name, empty),
            Ns::Other => return Ok(false),
            Ns::W => {}
        }
        let skip = |w: &mut Self, reader: &mut OoxmlReader| -> Result<bool, quick_xml::Error> {
            if !empty {
                let span = reader.read_to_end(e.name())?;
                w.skipped(span);
            }
            Ok(true)
        };
        match name {
            // Property changes record the old formatting: ignored by design.
            b"pPrChange" | b"rPrChange" | b"sectPrChange" | b"tblPrChange" | b"trPrChange" | b"tcPrChange"
            | b"tblGridChange" | b"tblPrExChange" | b"numberingChange" | b"sectPr" | b"sdtPr" | b"sdtEndPr"
            | b"instrText" | b"delInstrText" | b"rt" | b"tabs" => return skip(self, reader),
            b"p" if !empty => self.open_paragraph(pos),
            b"p" => {
                self.open_paragraph(pos);
                self.close_paragraph(reader_pos_after(reader));
            }
            b"pPr" if !empty && !self.stack.is_empty() => self.in_ppr = true,
            b"rPr" if !empty => {
                if self.in_ppr {
                    self.in_ppr_rpr = true;
                } else {
                    self.in_rpr = true;
                }
            }
            // Hidden text in a comment: a suppression nobody can see must not count.
            b"vanish" if self.in_rpr && on_off(e) => {
                if let Some(c) = self.comment {
                    self.doc.comments[c].hidden = true;
                }
            }
            b"pStyle" if self.in_ppr => {
                if let Some(p) = self.stack.last_mut() {
                    p.para.style = attr(e, b"val");
                }
            }
            b"numPr" if self.in_ppr => self.in_numpr = true,
            b"ilvl" if self.in_numpr => {
                if let Some(p) = self.stack.last_mut() {
                    let lvl = val_num(e).unwrap_or(0).clamp(0, 8) as u8;
                    p.para.num = Some((p.para.num.and_then(|n| n.0), Some(lvl)));
                }
            }
            b"numId" if self.in_numpr => {
                if let Some(p) = self.stack.last_mut() {
                    let id = val_num(e).unwrap_or(0).max(0) as u32;
                    p.para.num = Some((Some(id), p.para.num.and_then(|n| n.1)));
                }
            }
            b"outlineLvl" if self.in_ppr => {
                if let Some(p) = self.stack.last_mut() {
                    p.para.outline = val_num(e).filter(|v| (0..9).contains(v)).map(|v| v as u8);
                }
            }
            b"ins" | b"del" | b"moveFrom" | b"moveTo" if self.in_ppr_rpr => self.mark_revision(e, name),
            b"ins" | b"del" if self.in_trpr => {
                let (status, kind) = if name == b"ins" {
                    (Status::Inserted, RevisionKind::RowInserted)
                } else {
                    (Status::Deleted, RevisionKind::RowDeleted)
                };
                let rev = self.new_revision(e, kind);
                if let Some(row) = self.rows.last_mut() {
                    *row = Some((status, rev));
                }
            }
            b"trPr" if !empty => self.in_trpr = true,
            b"ins" | b"del" | b"moveFrom" | b"moveTo" if self.in_rpr || self.in_ppr => {}
            b"ins" | b"del" | b"moveFrom" | b"moveTo" if !empty => {
                let (status, kind) = match name {
                    b"ins" => (Status::Inserted, RevisionKind::Insertion),
                    b"del" => (Status::Deleted, RevisionKind::Deletion),
                    b"moveTo" => (Status::Inserted, RevisionKind::MoveTo),
                    _ => (Status::Deleted, RevisionKind::MoveFrom),
                };
                let rev = self.new_revision(e, kind);
                let outer = self.revisions.last().map_or(Status::Normal, |&(s, _)| s);
                self.revisions.push((outer.and(status), rev));
            }
            b"r" if !empty && !self.stack.is_empty() => {
                let first = self.stack.last().map_or(0, |p| p.para.pieces.len());
                self.run_start = Some((pos, first));
            }
            b"t" if !empty => self.in_text = 1,
            b"delText" if !empty => self.in_text = 2,
            b"tab" | b"ptab" if self.in_content() => self.push_text("\t"),
            b"br" | b"cr" if self.in_content() && attr(e, b"type").as_deref() != Some("page") => self.push_text("\n"),
            b"noBreakHyphen" if self.in_content() => self.push_text("\u{2011}"),
            b"softHyphen" if self.in_content() => self.push_text("\u{00AD}"),
            b"sym" if self.in_content() => {
                if let Some(c) = attr(e, b"char").and_then(|c| u32::from_str_radix(&c, 16).ok()).and_then(symbol_char) {
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            b"fldChar" => self.field_char(attr(e, b"fldCharType").as_deref()),
            b"commentRangeStart" | b"commentRangeEnd" => {
                if let (Some(id), Some(p)) = (attr(e, b"id"), self.stack.last_mut()) {
                    let piece =
                        if name == b"commentRangeStart" { Piece::CommentStart(id) } else { Piece::CommentEnd(id) };
                    p.para.pieces.push(piece);
                }
            }
            b"tbl" if !empty => {
                self.table_counter += 1;
                let depth = (self.tables.len() + 1).min(u8::MAX as usize) as u8;
                self.tables.push(CellPos { table: self.table_counter, row: 0, col: 0, depth });
                let around = self.row_around();
                self.rows_around.push(around);
                self.rows.push(None);
            }
            b"tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.row += 1;
                    t.col = 0;
                }
                if let Some(row) = self.rows.last_mut() {
                    *row = None;
                }
            }
            b"tc" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.col += 1;
                }
            }
            b"footnote" | b"endnote" => {
                if matches!(
                    attr(e, b"type").as_deref(),
                    Some("separator" | "continuationSeparator" | "continuationNotice")
                ) {
                    return skip(self, reader);
                }
                self.story = attr(e, b"id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0) as u32;
            }
            b"comment" if !empty => self.open_comment(e),
            b"altChunk" => {
                let id = attr(e, b"id").unwrap_or_default();
                self.doc.warnings.push(format!(
                    "altChunk {id}: imported content (HTML, RTF or another document) is not read; its text is not checked"
                ));
            }
            _ => {}
        }
        Ok(false)
    }

    fn in_content(&self) -> bool {
        self.run_start.is_some() && !self.in_rpr && !self.stack.is_empty()
    }

    fn end(&mut self, name: &[u8], after: u32) {
        match name {
            b"p" => self.close_paragraph(after),
            b"pPr" => {
                self.in_ppr = false;
                if let Some(p) = self.stack.last_mut() {
                    p.para.content_at = after;
                }
            }
            b"rPr" => {
                if self.in_ppr_rpr {
                    self.in_ppr_rpr = false;
                } else {
                    self.in_rpr = false;
                }
            }
            b"numPr" => self.in_numpr = false,
            b"ins" | b"del" | b"moveFrom" | b"moveTo" if !self.in_ppr && !self.in_rpr => {
                self.revisions.pop();
            }
            b"r" => self.close_run(after),
            b"t" | b"delText" => self.in_text = 0,
            b"tbl" => {
                self.tables.pop();
                self.rows.pop();
                self.rows_around.pop();
            }
            b"trPr" => self.in_trpr = false,
            b"comment" => self.comment = None,
            _ => {}
        }
    }

    /// `mc:AlternateContent`: read the first `mc:Choice` we understand, else `mc:Fallback`.
    fn alternate_content(
        &mut self,
        reader: &mut OoxmlReader,
        e: &BytesStart,
        name: &[u8],
        empty: bool,
    ) -> Result<bool, quick_xml::Error> {
        if empty {
            return Ok(true);
        }
        let taken = match name {
            b"AlternateContent" => {
                self.alternate.push(false);
                return Ok(false);
            }
            b"Choice" => choice_understood(e) && !self.alternate.last().copied().unwrap_or(false),
            b"Fallback" => !self.alternate.last().copied().unwrap_or(false),
            _ => return Ok(false),
        };
        if taken {
            if let Some(t) = self.alternate.last_mut() {
                *t = true;
            }
            Ok(false)
        } else {
            let span = reader.read_to_end(e.name())?;
            self.skipped(span);
            Ok(true)
        }
    }

    /// A subtree read past unseen: while checking well-formedness, only one
    /// without `&` (an entity or character reference, which the check
    /// resolves) and without `!` (a DOCTYPE, which it refuses) is certainly
    /// fine; its tags were parsed, and balance, on the way.
    fn skipped(&mut self, span: quick_xml::reader::Span) {
        if let Some(check) = self.check.as_mut() {
            check.skipped_subtree();
            let inner = &self.source[span.start as usize..span.end as usize];
            self.unsure |= inner.iter().any(|&b| b == b'&' || b == b'!');
        }
    }

    fn open_paragraph(&mut self, pos: u32) {
        let kind = if self.tables.is_empty() || self.kind != ParaKind::Body { self.kind } else { ParaKind::Table };
        let mut para = RawParagraph::new(kind, self.part, self.story, pos);
        para.cell = self.tables.last().copied();
        para.comment = self.comment;
        let outer_run = self.run_start.take();
        // A deleted row hides every paragraph in it, nested tables included.
        let row = self.row_around();
        self.stack.push(OpenPara { para, outer_run, row });
    }

    /// The innermost tracked row holding the current position, if any.
    fn row_around(&self) -> Option<(Status, u32)> {
        self.rows.last().copied().flatten().or_else(|| self.rows_around.last().copied().flatten())
    }

    fn close_paragraph(&mut self, after: u32) {
        let Some(mut open) = self.stack.pop() else {
            return;
        };
        self.run_start = open.outer_run;
        open.para.xml_end = after;
        if open.para.content_at == 0 {
            open.para.content_at = open.para.xml_start;
        }
        if let Some((status, rev)) = open.row {
            // Text-box paragraphs land after the paragraph that anchors them.
            let nested = if self.stack.is_empty() { 0 } else { 1 + self.nested_done.len() };
            let index = self.doc.paragraphs.len() + nested;
            self.doc.row_changes.push((index, status, rev));
        }
        if self.stack.is_empty() {
            self.doc.paragraphs.push(open.para);
            self.doc.paragraphs.append(&mut self.nested_done);
        } else {
            // A text-box paragraph inside a run; its run context is the outer one.
            self.nested_done.push(open.para);
        }
        if let Some(c) = self.comment {
            self.doc.comments[c].paragraphs += 1;
        }
    }

    fn close_run(&mut self, after: u32) {
        let Some((start, first)) = self.run_start.take() else {
            return;
        };
        if let Some(p) = self.stack.last_mut() {
            let first = first.min(p.para.pieces.len());
            for piece in &mut p.para.pieces[first..] {
                if let Piece::Text { run, .. } = piece {
                    if run.start == start {
                        run.end = after;
                    }
                }
            }
        }
        self.in_rpr = false;
    }

    /// `w:fldChar`: a field begins (in its instruction half), turns to its
    /// result (`separate`) or ends.
    fn field_char(&mut self, kind: Option<&str>) {
        match kind {
            Some("begin") => {
                self.fields.push(true);
                self.fields_in_instruction += 1;
            }
            Some("separate") => {
                if let Some(top) = self.fields.last_mut().filter(|top| **top) {
                    *top = false;
                    self.fields_in_instruction -= 1;
                }
            }
            // The guard pops the field in every case; the count drops only for one still in its instructions.
            Some("end") if self.fields.pop() == Some(true) => self.fields_in_instruction -= 1,
            _ => {}
        }
    }

    fn visible_field_text(&self) -> bool {
        self.fields_in_instruction == 0
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() || !self.visible_field_text() {
            return;
        }
        // Nested revisions combine: text inserted and then deleted is in neither view.
        let mut status = self.revisions.last().map_or(Status::Normal, |&(s, _)| s);
        let mut rev = self.revisions.last().map(|&(_, r)| r);
        if self.in_text == 2 && !matches!(status, Status::Deleted | Status::InsertedDeleted) {
            // delText outside w:del: still deleted text.
            status = status.and(Status::Deleted);
            if status == Status::Deleted {
                rev = None;
            }
        }
        let run_start = self.run_start.map_or(0, |r| r.0);
        let Some(open) = self.stack.last_mut() else {
            return;
        };
        let start = self.doc.text.len() as u32;
        self.doc.text.push_str(text);
        let end = self.doc.text.len() as u32;
        if let Some(Piece::Text { end: last_end, status: s, rev: r, run, .. }) = open.para.pieces.last_mut() {
            if *last_end == start && *s == status && *r == rev && run.start == run_start {
                *last_end = end;
                return;
            }
        }
        let run = RunRef { part: self.part, start: run_start, end: run_start };
        open.para.pieces.push(Piece::Text { start, end, status, rev, run });
    }

    fn new_revision(&mut self, e: &BytesStart, kind: RevisionKind) -> u32 {
        self.doc.revisions.push(Revision {
            id: attr(e, b"id").unwrap_or_default(),
            kind,
            author: attr(e, b"author").unwrap_or_default(),
            date: attr(e, b"date"),
        });
        (self.doc.revisions.len() - 1) as u32
    }

    fn mark_revision(&mut self, e: &BytesStart, name: &[u8]) {
        let (status, kind) = match name {
            b"ins" | b"moveTo" => (Status::Inserted, RevisionKind::ParagraphInserted),
            _ => (Status::Deleted, RevisionKind::ParagraphDeleted),
        };
        let rev = self.new_revision(e, kind);
        if let Some(p) = self.stack.last_mut() {
            // A mark both inserted and deleted is in neither view.
            p.para.mark = p.para.mark.and(status);
            p.para.mark_rev = Some(rev);
        }
    }

    fn open_comment(&mut self, e: &BytesStart) {
        self.doc.comments.push(CommentMeta {
            id: attr(e, b"id").unwrap_or_default(),
            author: attr(e, b"author").unwrap_or_default(),
            initials: attr(e, b"initials"),
            date: attr(e, b"date"),
            first_paragraph: self.doc.paragraphs.len(),
            paragraphs: 0,
            hidden: false,
        });
        self.comment = Some(self.doc.comments.len() - 1);
        self.story = self.doc.comments.len() as u32;
    }
}

fn reader_pos_after(reader: &OoxmlReader) -> u32 {
    reader.buffer_position() as u32
}
