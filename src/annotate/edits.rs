//! Turns comment ranges and tracked changes, given as byte offsets in the
//! analysed text, into edits of the main part's XML.
//!
//! Offsets map to runs through the paragraphs' source pieces. A run that a
//! range starts or ends inside is cut (`runs::Run`), so a comment covers
//! exactly the weakening words and a deletion exactly the words it removes.
//! Changes (`w:del`, `w:ins`) are only made on runs outside every pending
//! revision, in paragraphs whose mark and row are not tracked: a clause that
//! sits inside another author's change gets a comment, never a nested change
//! (`Plan::try_change` refuses, and the caller says so in the comment).

use std::collections::{BTreeSet, HashMap};

use super::runs::{Item, Run};
use crate::document::Document;
use crate::docx::{RawDocument, RunRef, Status};

/// Who and when, for every change written.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub author: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Event {
    /// Text inserted here (after the deletion that ends here, if any).
    Insert(String),
    CommentEnd(i64),
    CommentStart(i64),
}

impl Event {
    /// Events at one offset: what ends there first, then what starts.
    fn order(&self) -> u8 {
        match self {
            Event::Insert(_) => 0,
            Event::CommentEnd(_) => 1,
            Event::CommentStart(_) => 2,
        }
    }

    fn starts(&self) -> bool {
        matches!(self, Event::CommentStart(_))
    }
}

/// A run of the analysed text: where its text is, and whether it may change.
#[derive(Debug, Clone)]
struct RunSpan {
    run: RunRef,
    start: usize,
    end: usize,
    /// Outside every pending revision and tracked paragraph mark or row.
    editable: bool,
}

/// Why a change cannot be made as a tracked change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The words sit inside another author's pending change.
    OthersRevision,
    /// A field, drawing or similar is in the way, or the range crosses paragraphs.
    Structure,
    /// Another suggestion already changes these words.
    Overlap,
}

/// Everything to write into the main part.
pub struct Plan<'a> {
    raw: &'a RawDocument,
    doc: &'a Document,
    xml: &'a str,
    stamp: Stamp,
    /// `w` in `<w:p>`: the prefix of everything written.
    prefix: String,
    pub next_id: i64,
    parsed: HashMap<u32, Option<Run>>,
    events: Vec<(usize, Event)>,
    deletions: Vec<(usize, usize)>,
    /// Edits at XML byte positions that need no run: (start, end, text).
    raw_edits: Vec<(usize, usize, String)>,
}

impl<'a> Plan<'a> {
    pub fn new(
        raw: &'a RawDocument,
        doc: &'a Document,
        xml: &'a str,
        prefix: &str,
        stamp: Stamp,
        next_id: i64,
    ) -> Self {
        Plan {
            raw,
            doc,
            xml,
            stamp,
            prefix: prefix.to_string(),
            next_id,
            parsed: HashMap::new(),
            events: Vec::new(),
            deletions: Vec::new(),
            raw_edits: Vec::new(),
        }
    }

    pub fn w(&self, local: &str) -> String {
        super::qualified(&self.prefix, local)
    }

    pub fn take_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id - 1
    }

    /// The runs of the analysed paragraph holding byte `at`, in text order.
    fn spans_of(&self, paragraph: usize) -> Vec<RunSpan> {
        let Some(p) = self.doc.paragraphs.get(paragraph) else {
            return Vec::new();
        };
        // Only the main part is written: notes, headers and comments are left alone.
        if p.sources.iter().any(|&i| self.raw.paragraphs[i].part != 0) {
            return Vec::new();
        }
        let raw_ok = p.sources.iter().all(|&i| {
            let rp = &self.raw.paragraphs[i];
            rp.part == 0 && rp.mark == Status::Normal && !self.raw.row_changes.iter().any(|&(r, _, _)| r == i)
        });
        let mut out: Vec<RunSpan> = Vec::new();
        for piece in &p.pieces {
            let editable = raw_ok && piece.revision.is_none() && piece.run.part == 0;
            match out.last_mut() {
                Some(last) if last.run == piece.run && last.end == piece.start => {
                    last.end = piece.end;
                    last.editable &= editable;
                }
                _ => out.push(RunSpan { run: piece.run, start: piece.start, end: piece.end, editable }),
            }
        }
        out
    }

    /// The parsed run, if it can be cut and its text is the text the reader read.
    fn parsed(&mut self, span: &RunSpan) -> Option<Run> {
        let key = span.run.start;
        if !self.parsed.contains_key(&key) {
            let slice = self.xml.get(span.run.start as usize..span.run.end as usize);
            let run = slice.and_then(Run::parse);
            self.parsed.insert(key, run);
        }
        let run = self.parsed[&key].clone()?;
        // Pieces of one run that are not adjacent in the text mean something sits between them.
        let whole = self.doc.text.get(span.start..span.end)?;
        (run.text() == whole).then_some(run)
    }

    /// Marks `[start, end)` with a comment `id` (both in one analysed paragraph or not).
    pub fn comment(&mut self, id: i64, start: usize, end: usize) {
        self.events.push((start, Event::CommentStart(id)));
        self.events.push((end.max(start), Event::CommentEnd(id)));
    }

    /// Whether `[start, end)` of paragraph `paragraph` can be deleted (and
    /// `insert` added after it) as a tracked change.
    pub fn check_change(&mut self, paragraph: usize, start: usize, end: usize) -> Result<(), Refusal> {
        let Some(p) = self.doc.paragraphs.get(paragraph) else {
            return Err(Refusal::Structure);
        };
        if start > end || start < p.start || end > p.end {
            return Err(Refusal::Structure);
        }
        if self.deletions.iter().any(|&(a, b)| a < end.max(start + 1) && start < b.max(a + 1)) {
            return Err(Refusal::Overlap);
        }
        let spans = self.spans_of(paragraph);
        // The run holding the insertion point, and every run the deletion covers.
        let covered: Vec<RunSpan> = spans
            .iter()
            .filter(|s| (s.start < end && start < s.end) || (start == end && s.start < start && start <= s.end))
            .cloned()
            .collect();
        if covered.is_empty() {
            return Err(Refusal::Structure);
        }
        // No gap: all the deleted text comes from these runs.
        let mut at = start;
        for s in &covered {
            if !s.editable {
                return Err(Refusal::OthersRevision);
            }
            if self.parsed(s).is_none() {
                return Err(Refusal::Structure);
            }
            if s.start > at {
                return Err(Refusal::Structure);
            }
            at = at.max(s.end);
        }
        if at < end {
            return Err(Refusal::Structure);
        }
        Ok(())
    }

    /// `check_change`, allowing a second replacement of exactly the same words (see `try_change`).
    pub fn check_edit(&mut self, paragraph: usize, start: usize, end: usize, insert: &str) -> Result<(), Refusal> {
        if end > start && !insert.is_empty() && self.deletions.contains(&(start, end)) {
            let replaced =
                self.events.iter().any(|(at, e)| *at == end && matches!(e, Event::Insert(t) if !t.is_empty()));
            if replaced {
                return Ok(());
            }
        }
        self.check_change(paragraph, start, end)
    }

    /// Deletes `[start, end)` and inserts `insert` after it, as tracked changes,
    /// or says why not (nothing is recorded then).
    pub fn try_change(&mut self, paragraph: usize, start: usize, end: usize, insert: &str) -> Result<(), Refusal> {
        // Two terms replacing the same provision: one deletion, both clauses inserted.
        if end > start && !insert.is_empty() && self.deletions.contains(&(start, end)) {
            let existing = self.events.iter_mut().find(|(at, e)| *at == end && matches!(e, Event::Insert(_)));
            if let Some((_, Event::Insert(text))) = existing {
                if !text.is_empty() {
                    text.push(' ');
                    text.push_str(insert);
                    return Ok(());
                }
            }
        }
        self.check_change(paragraph, start, end)?;
        if end > start {
            self.deletions.push((start, end));
        }
        if !insert.is_empty() {
            self.events.push((end, Event::Insert(insert.to_string())));
        }
        Ok(())
    }

    /// Adds raw XML at a byte position of the main part (new paragraphs,
    /// paragraph-wide comment anchors).
    pub fn raw_insert(&mut self, at: usize, xml: String) {
        self.raw_edits.push((at, at, xml));
    }

    /// The analysed paragraph holding byte `at` (a range end belongs to the paragraph it ends).
    fn paragraph_of(&self, at: usize) -> Option<usize> {
        let ps = &self.doc.paragraphs;
        let i = ps.partition_point(|p| p.end < at);
        let p = ps.get(i)?;
        if p.start > at {
            return None;
        }
        Some(i)
    }

    /// The main part with every edit applied.
    ///
    /// Runs are rewritten in groups: a run that must be cut or wrapped takes
    /// along its neighbours that continue it (adjacent in the XML, same start
    /// tag and properties), so that the output does not depend on how the
    /// text happened to be split into runs, and the clean-up of the next
    /// annotation (which joins such runs) leads back to the same output.
    pub fn render(mut self) -> Result<String, String> {
        let events = std::mem::take(&mut self.events);
        let deletions = self.deletions.clone();
        // Per analysed paragraph: its runs, which are selected, and the events placed in them.
        let mut by_paragraph: HashMap<usize, ParagraphWork> = HashMap::new();
        let mut edits = std::mem::take(&mut self.raw_edits);
        for (at, event) in events {
            let Some(paragraph) = self.paragraph_of(at) else {
                continue;
            };
            let work = self.work(&mut by_paragraph, paragraph);
            if work.spans.is_empty() {
                // A paragraph without runs: anchor on its content slot.
                let rp = &self.raw.paragraphs[self.doc.paragraphs[paragraph].sources[0]];
                if rp.part != 0 {
                    continue;
                }
                if let Some((content, _)) = super::paragraph_slots(self.xml, rp) {
                    edits.push((content, content, self.marker(&event)?));
                }
                continue;
            }
            let spans = &work.spans;
            let right = spans.iter().position(|s| s.start <= at && at < s.end);
            let left = spans.iter().position(|s| s.start < at && at <= s.end);
            let chosen = if event.starts() { right.or(left) } else { left.or(right) };
            let chosen = chosen.unwrap_or(if at <= spans[0].start { 0 } else { spans.len() - 1 });
            work.selected.insert(chosen);
            work.placed.push((chosen, at, event));
        }
        for &(start, end) in &deletions {
            let Some(paragraph) = self.paragraph_of(start) else {
                continue;
            };
            let work = self.work(&mut by_paragraph, paragraph);
            let covered: Vec<usize> =
                work.spans.iter().enumerate().filter(|(_, s)| s.start < end && start < s.end).map(|(i, _)| i).collect();
            work.selected.extend(covered);
        }
        let mut paragraphs: Vec<usize> = by_paragraph.keys().copied().collect();
        paragraphs.sort_unstable();
        for paragraph in paragraphs {
            let work = by_paragraph.remove(&paragraph).expect("key");
            for (first, last) in self.groups(&work.spans, &work.selected) {
                let group_events: Vec<(usize, Event)> = work
                    .placed
                    .iter()
                    .filter(|(i, _, _)| (first..=last).contains(i))
                    .map(|(_, at, e)| (*at, e.clone()))
                    .collect();
                edits.extend(self.render_group(&work.spans[first..=last], group_events, &deletions)?);
            }
        }
        apply(self.xml, edits)
    }

    fn work<'m>(&self, map: &'m mut HashMap<usize, ParagraphWork>, paragraph: usize) -> &'m mut ParagraphWork {
        map.entry(paragraph).or_insert_with(|| ParagraphWork {
            spans: self.spans_of(paragraph),
            selected: BTreeSet::new(),
            placed: Vec::new(),
        })
    }

    /// Selected runs and the neighbours that continue them, as (first, last) index ranges.
    fn groups(&mut self, spans: &[RunSpan], selected: &BTreeSet<usize>) -> Vec<(usize, usize)> {
        let parsed: Vec<Option<Run>> = spans.iter().map(|s| self.parsed(s)).collect();
        let continues = |a: usize, b: usize| match (&parsed[a], &parsed[b]) {
            (Some(x), Some(y)) => {
                spans[a].run.end == spans[b].run.start
                    && spans[a].end == spans[b].start
                    && x.open == y.open
                    && x.props == y.props
            }
            _ => false,
        };
        let mut out: Vec<(usize, usize)> = Vec::new();
        for &i in selected {
            if out.last().is_some_and(|&(_, last)| i <= last) {
                continue;
            }
            let (mut first, mut last) = (i, i);
            while first > 0 && continues(first - 1, first) {
                first -= 1;
            }
            while last + 1 < spans.len() && continues(last, last + 1) {
                last += 1;
            }
            out.push((first, last));
        }
        out
    }

    /// The XML for a group of runs (one run, or runs that continue each other) and the events inside it.
    fn render_group(
        &mut self,
        group: &[RunSpan],
        mut events: Vec<(usize, Event)>,
        deletions: &[(usize, usize)],
    ) -> Result<Vec<(usize, usize, String)>, String> {
        events.sort_by_key(|(at, e)| (*at, e.order()));
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let (xml_start, xml_end) = (first.run.start as usize, last.run.end as usize);
        let (start, end) = (first.start, last.end);
        let parsed: Option<Vec<Run>> = group.iter().map(|s| self.parsed(s)).collect();
        let Some(runs) = parsed else {
            // Opaque: events go to its edges, the run stays as it is.
            let mut out = Vec::new();
            for (_, e) in &events {
                let at = if e.starts() { xml_start } else { xml_end };
                out.push((at, at, self.marker(e)?));
            }
            return Ok(out);
        };
        let mut run = runs[0].clone();
        run.items = runs.into_iter().flat_map(|r| r.items).collect();
        let offset = |at: usize| at.clamp(start, end) - start;
        let mut cuts: BTreeSet<usize> = [0, end - start].into_iter().collect();
        cuts.extend(events.iter().map(|(at, _)| offset(*at)));
        for &(a, b) in deletions {
            for x in [a, b] {
                if x > start && x < end {
                    cuts.insert(x - start);
                }
            }
        }
        let cuts: Vec<usize> = cuts.into_iter().collect();
        let mut xml = String::new();
        for (k, &cut) in cuts.iter().enumerate() {
            for (_, e) in events.iter().filter(|(at, _)| offset(*at) == cut) {
                xml.push_str(&match e {
                    Event::Insert(text) => self.wrap("ins", &run.render_new(text)),
                    other => self.marker(other)?,
                });
            }
            let Some(&next) = cuts.get(k + 1) else {
                break;
            };
            let items: Vec<Item> = run.slice(cut, next);
            let (a, b) = (start + cut, start + next);
            if deletions.iter().any(|&(s, e)| s <= a && b <= e) {
                let inner = run.render(&items, true);
                if !inner.is_empty() {
                    xml.push_str(&self.wrap("del", &inner));
                }
            } else {
                xml.push_str(&run.render(&items, false));
            }
        }
        Ok(vec![(xml_start, xml_end, xml)])
    }

    /// `<w:ins|w:del w:id w:author w:date>inner</...>`.
    pub fn wrap(&mut self, local: &str, inner: &str) -> String {
        let id = self.take_id();
        let tag = self.w(local);
        format!("<{tag} {}>{inner}</{tag}>", self.change_attrs(id))
    }

    /// The attributes of a tracked change.
    pub fn change_attrs(&self, id: i64) -> String {
        format!(
            "{}=\"{id}\" {}=\"{}\" {}=\"{}\"",
            self.w("id"),
            self.w("author"),
            crate::report::escape_markup(&self.stamp.author),
            self.w("date"),
            self.stamp.date
        )
    }

    fn marker(&self, e: &Event) -> Result<String, String> {
        Ok(match e {
            Event::CommentStart(id) => format!("<{} {}=\"{id}\"/>", self.w("commentRangeStart"), self.w("id")),
            Event::CommentEnd(id) => comment_end(&self.prefix, *id),
            Event::Insert(_) => return Err("an insertion needs a run to take its formatting from".into()),
        })
    }
}

/// `w:commentRangeEnd` and the run holding the comment's reference mark.
pub fn comment_end(prefix: &str, id: i64) -> String {
    let w = |l: &str| super::qualified(prefix, l);
    format!(
        "<{0} {1}=\"{id}\"/><{2}><{3} {1}=\"{id}\"/></{2}>",
        w("commentRangeEnd"),
        w("id"),
        w("r"),
        w("commentReference")
    )
}

/// Applies (start, end, text) edits to `xml`: sorted by position, insertions
/// before a replacement at the same place; overlapping edits or positions off
/// a character boundary mean the reader and this writer disagree, and nothing
/// is written.
pub fn apply(xml: &str, mut edits: Vec<(usize, usize, String)>) -> Result<String, String> {
    edits.sort_by_key(|(s, e, _)| (*s, *e > *s));
    let mut out = String::with_capacity(xml.len() + edits.iter().map(|e| e.2.len()).sum::<usize>());
    let mut last = 0;
    for (start, end, text) in edits {
        if start < last || end < start || !at_tag_boundary(xml, start) || !at_tag_boundary(xml, end) {
            let around = xml.get(start.saturating_sub(80)..(end + 80).min(xml.len())).unwrap_or("");
            return Err(format!("cannot place an edit at bytes {start}..{end} of the main part (near {around:?})"));
        }
        out.push_str(&xml[last..start]);
        out.push_str(&text);
        last = end;
    }
    out.push_str(&xml[last..]);
    Ok(out)
}

/// Whether `at` is between elements (not inside a tag), where markup may go.
fn at_tag_boundary(xml: &str, at: usize) -> bool {
    if !xml.is_char_boundary(at) {
        return false;
    }
    let head = &xml[..at];
    match (head.rfind('<'), head.rfind('>')) {
        (Some(open), Some(close)) => close > open,
        (Some(_), None) => false,
        _ => true,
    }
}

/// What `Plan::render` gathers for one analysed paragraph.
struct ParagraphWork {
    spans: Vec<RunSpan>,
    /// Indices into `spans` that are cut, wrapped or marked.
    selected: BTreeSet<usize>,
    /// (index into `spans`, offset in the text, event).
    placed: Vec<(usize, usize, Event)>,
}
