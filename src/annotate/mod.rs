//! Writes findings back into a copy of the DOCX: Word comments by "mc2lint"
//! anchored on the weakening words, and with `--suggest` the fixes as tracked
//! changes by "mc2lint" in the contract's own words.
//!
//! - `cleanup`: mc2lint's own earlier comments and changes are taken out
//!   first, so annotating an annotated file replaces them; nobody else's are touched.
//! - `suggest`: the smallest edit per weakening, else the provision replaced
//!   by the pack's wording; `placement`: where a missing term's clause goes.
//! - `wording`: party, product and data names and quotation marks of the contract.
//! - `edits`, `runs`: offsets in the analysed text to cut runs, `w:ins`, `w:del`.
//! - `review`: accept or reject one author's changes, to re-check the
//!   suggestions (each weakened term takes the first candidate that the
//!   checker finds conformant once accepted; one that makes another term
//!   worse is dropped) and to prove that rejecting them gives the input back.
//! - `package`: every other part stays byte-identical.

pub mod cleanup;
mod edits;
mod numbers;
mod package;
mod placement;
pub mod review;
mod runs;
mod suggest;
pub mod wording;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::check::{Analysis, Checker};
use crate::docx::{self, ParaKind, Piece, RawDocument};
use crate::model::{Basis, Finding, Verdict};
use crate::reference::Pack;
use edits::{Plan, Refusal, Stamp};
use package::Package;
use suggest::Candidate;
use wording::Words;

pub const AUTHOR: &str = "mc2lint";

/// How to annotate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Also write the fixes as tracked changes.
    pub suggest: bool,
    /// The date on comments and changes (`2026-12-06T05:00:00Z`); default:
    /// `SOURCE_DATE_EPOCH` if set, else now.
    pub date: Option<String>,
}

/// What `annotate` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub comments: usize,
    pub findings: usize,
    /// Findings fixed by a tracked change.
    pub changes: usize,
}

/// The comment body for a finding: "[verdict] TERM: message" and the reference wording.
pub fn comment_body(f: &Finding, pack: &Pack) -> Vec<String> {
    let kinds = if f.kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
    };
    let mut lines = vec![format!("[{}] {}: {}{kinds}", f.verdict.as_str(), f.term, f.message)];
    if let Some(t) = pack.term(&f.term) {
        lines.push(format!("Reference: {}", t.spec.model));
    }
    lines
}

/// The namespace prefix of a `w:p` start tag (`w` in `<w:p ...>`; empty for a default namespace).
fn prefix_at(xml: &str, at: usize) -> String {
    let tag = xml.get(at..).unwrap_or_default();
    let name_end = tag.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(0);
    let name = tag.get(1..name_end).unwrap_or("p");
    name.rsplit_once(':').map(|(p, _)| p.to_string()).unwrap_or_default()
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

/// The namespace URI bound to `prefix` somewhere in `xml` (the root usually).
fn namespace_of(xml: &str, prefix: &str) -> Option<String> {
    let attr = if prefix.is_empty() { "xmlns=\"".to_string() } else { format!("xmlns:{prefix}=\"") };
    let at = xml.find(&attr)? + attr.len();
    Some(xml[at..].split('"').next()?.to_string())
}

/// The largest `w:id` of any annotation (comments, changes, bookmarks) in `xml`.
fn max_id(xml: &str) -> i64 {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r#"\s(?:[A-Za-z_][\w.-]*:)?id="(-?\d{1,15})""#).expect("valid"));
    re.captures_iter(xml).filter_map(|c| c[1].parse::<i64>().ok()).max().unwrap_or(-1)
}

/// The raw paragraph of the first heading about security, where a missing term would be added.
fn security_heading(doc: &crate::document::Document) -> Option<usize> {
    doc.security_heading().and_then(|p| p.sources.first().copied())
}

/// The raw paragraphs a finding's paragraph-wide comment spans.
fn anchor(raw: &RawDocument, doc: &crate::document::Document, f: &Finding, fallback: usize) -> (usize, usize) {
    let usable = |i: usize| raw.paragraphs.get(i).is_some_and(|p| p.part == 0 && usable_kind(p.kind));
    let span = f.span.and_then(|s| {
        let first = doc.paragraph_at(s.start)?;
        let last = doc.paragraph_at(s.end.saturating_sub(1).max(s.start)).unwrap_or(first);
        let a = *first.sources.iter().find(|i| usable(**i))?;
        let b = last.sources.iter().rev().copied().find(|i| usable(*i)).unwrap_or(a);
        Some((a, b.max(a)))
    });
    let by_paragraph = || {
        let p = doc.paragraphs.get(f.paragraph?)?;
        let a = *p.sources.iter().find(|i| usable(**i))?;
        Some((a, p.sources.iter().rev().copied().find(|i| usable(*i)).unwrap_or(a)))
    };
    span.or_else(by_paragraph).unwrap_or((fallback, fallback))
}

fn usable_kind(k: ParaKind) -> bool {
    matches!(k, ParaKind::Body | ParaKind::Table)
}

fn has_text(p: &docx::RawParagraph) -> bool {
    p.pieces.iter().any(|piece| matches!(piece, Piece::Text { start, end, .. } if end > start))
}

/// Where content may be inserted at the start of a paragraph (after `w:pPr`,
/// or after the start tag), and where its end tag begins. `None` for `<w:p/>`.
fn paragraph_slots(xml: &str, p: &docx::RawParagraph) -> Option<(usize, usize)> {
    let (start, end) = (p.xml_start as usize, p.xml_end as usize);
    let element = xml.get(start..end)?;
    if element.ends_with("/>") && !element.contains("</") {
        return None;
    }
    let open_end = start + element.find('>')? + 1;
    let content = (p.content_at as usize).max(open_end);
    let close = start + element.rfind("</")?;
    (content <= close).then_some((content, close))
}

/// Writes the annotated copy of `input` to `output` (comments only).
/// The analysis and the copy run within `budget` (`--max-seconds`, see `cli::budget`).
pub fn annotate(
    checker: &Arc<Checker>,
    input: &Path,
    output: &Path,
    budget: Option<Duration>,
) -> Result<Summary, String> {
    annotate_with(checker, input, output, budget, &Options::default())
}

/// `annotate` with options (`--suggest`, `--date`).
pub fn annotate_with(
    checker: &Arc<Checker>,
    input: &Path,
    output: &Path,
    budget: Option<Duration>,
    options: &Options,
) -> Result<Summary, String> {
    // Device and inode, so a hard link to the input is caught too.
    if crate::output::same_file(input, output) {
        return Err(format!("{}: refusing to write over the input; choose another -o path", output.display()));
    }
    // `path: cause [code]`: the same line and stable code as `check`.
    let bytes = docx::read_input(input, checker.options.limits.max_file).map_err(|e| e.to_string())?;
    let (worker, owned, opts) = (Arc::clone(checker), input.to_path_buf(), options.clone());
    let (data, summary) = crate::cli::run_within(budget, move || annotate_bytes_with(&worker, &owned, &bytes, &opts))
        .map_err(|(code, cause)| format!("{}: {cause} [{code}]", input.display()))??;
    crate::output::write_file(output, |w| w.write_all(&data))?;
    Ok(summary)
}

/// The annotated copy (comments only) of the DOCX `bytes`.
pub fn annotate_bytes(checker: &Checker, input: &Path, bytes: &[u8]) -> Result<(Vec<u8>, Summary), String> {
    annotate_bytes_with(checker, input, bytes, &Options::default())
}

/// The annotated copy of the DOCX `bytes` (`input` names it in messages),
/// checked before it is returned: it must open, and rejecting mc2lint's
/// changes must give the input's text back in both views.
pub fn annotate_bytes_with(
    checker: &Checker,
    input: &Path,
    bytes: &[u8],
    options: &Options,
) -> Result<(Vec<u8>, Summary), String> {
    let raw0 = docx::read_bytes(input, bytes, checker.options.limits).map_err(|e| e.to_string())?;
    let bytes = without_earlier_annotations(input, bytes, &raw0.main_part)?;
    let raw = match &bytes {
        Cow::Borrowed(_) => raw0,
        Cow::Owned(b) => docx::read_bytes(input, b, checker.options.limits).map_err(|e| e.to_string())?,
    };
    let analysis = checker.analyse_read(input, &raw);
    let pkg = Package::open(input, &bytes, &raw.main_part)?;
    let date = options.date.clone().unwrap_or_else(default_date);
    let job = Job::new(input, checker, &raw, &analysis, &pkg, date, options.suggest)?;
    let mut choices = job.first_choices();
    let mut rounds = 0;
    loop {
        let (data, summary) = job.render(&choices)?;
        rounds += 1;
        if !options.suggest || rounds > 4 || !job.revise(&data, &mut choices)? {
            verify(&data, input, &raw, checker.options.limits)?;
            return Ok((data, summary));
        }
    }
}

/// The input without mc2lint's earlier comments and changes (borrowed when it has none).
fn without_earlier_annotations<'b>(input: &Path, bytes: &'b [u8], main: &str) -> Result<Cow<'b, [u8]>, String> {
    let pkg = Package::open(input, bytes, main)?;
    let (comments, ids) = match &pkg.comments_xml {
        Some(xml) => {
            let (c, ids) = cleanup::comments_without(xml, AUTHOR);
            (Some(c), ids)
        }
        None => (None, Default::default()),
    };
    match cleanup::main_without(&pkg.main_xml, AUTHOR, &ids) {
        Some(main) => Ok(Cow::Owned(pkg.with_parts(&main, comments.as_deref())?)),
        None if !ids.is_empty() => Ok(Cow::Owned(pkg.with_parts(&pkg.main_xml, comments.as_deref())?)),
        None => Ok(Cow::Borrowed(bytes)),
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible output), else the current time, as W3C date-time.
fn default_date() -> String {
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        });
    iso_date(secs)
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ` (days to civil date after
/// Howard Hinnant's algorithm; a date crate for one format is not worth it).
pub fn iso_date(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

/// Which fix a finding gets: an index into its candidates, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Candidate(usize),
    /// Comment only (no candidate, deviating, or every candidate refused).
    None,
    /// Comment only: the change made another term weaker once accepted.
    Dropped,
}

/// One annotation run over one document.
struct Job<'a> {
    input: &'a Path,
    checker: &'a Checker,
    raw: &'a RawDocument,
    analysis: &'a Analysis,
    pkg: &'a Package<'a>,
    findings: Vec<&'a Finding>,
    candidates: Vec<Vec<Candidate>>,
    words: Words,
    prefix: String,
    strict: bool,
    fallback: usize,
    date: String,
    suggest: bool,
    /// Missing terms go to a new article before the signature block, not to
    /// the end of the security section (set when the clauses added there
    /// changed how a neighbouring clause reads).
    own_article: std::cell::Cell<bool>,
}

impl<'a> Job<'a> {
    fn new(
        input: &'a Path,
        checker: &'a Checker,
        raw: &'a RawDocument,
        analysis: &'a Analysis,
        pkg: &'a Package<'a>,
        date: String,
        suggest: bool,
    ) -> Result<Job<'a>, String> {
        let findings: Vec<&Finding> = analysis.findings.iter().filter(|f| f.is_issue()).collect();
        let first_para = raw.paragraphs.iter().position(|p| p.part == 0 && usable_kind(p.kind) && has_text(p));
        let fallback = first_para
            .or_else(|| raw.paragraphs.iter().position(|p| p.part == 0))
            .ok_or_else(|| format!("{}: the document has no paragraph to anchor comments on", input.display()))?;
        let prefix = prefix_at(&pkg.main_xml, raw.paragraphs[fallback].xml_start as usize);
        let strict = namespace_of(&pkg.main_xml, &prefix).as_deref() == Some(package::W_STRICT);
        let words = Words::learn(&analysis.doc, &checker.options.parties);
        let candidates = findings
            .iter()
            .map(|f| match (suggest, f.verdict, checker.pack.term(&f.term)) {
                (true, Verdict::Weakened, Some(t)) => suggest::candidates(&analysis.doc, f, t, &words),
                _ => Vec::new(),
            })
            .collect();
        Ok(Job {
            input,
            checker,
            raw,
            analysis,
            pkg,
            findings,
            candidates,
            words,
            prefix,
            strict,
            fallback,
            date,
            suggest,
            own_article: std::cell::Cell::new(false),
        })
    }

    fn first_choices(&self) -> Vec<Choice> {
        self.candidates.iter().map(|c| if c.is_empty() { Choice::None } else { Choice::Candidate(0) }).collect()
    }

    /// The annotated package for these choices.
    fn render(&self, choices: &[Choice]) -> Result<(Vec<u8>, Summary), String> {
        let comments_max = self.pkg.comments_xml.as_deref().map_or(-1, max_id);
        let next_id = max_id(&self.pkg.main_xml).max(comments_max) + 1;
        let stamp = Stamp { author: AUTHOR.into(), date: self.date.clone() };
        let mut plan = Plan::new(self.raw, &self.analysis.doc, &self.pkg.main_xml, &self.prefix, stamp, next_id);
        let mut bodies: Vec<(i64, Vec<String>)> = Vec::new();
        let mut changes = 0;
        let mut missing_new: Vec<(i64, String)> = Vec::new();
        // Where missing terms' clauses go; none in a document without body paragraphs to follow.
        let slot = self
            .suggest
            .then(|| placement::slot(self.raw, &self.analysis.doc, &self.pkg.main_xml, self.own_article.get()))
            .flatten();
        for (i, f) in self.findings.iter().enumerate() {
            let id = plan.take_id();
            let mut lines = self.explain(f);
            let mut range: Option<(usize, usize)> = self.evidence_range(f);
            if choices[i] == Choice::Dropped {
                lines.push(
                    "No tracked change: the edit that fixes this made another term weaker once accepted; please edit by hand."
                        .into(),
                );
            }
            if let Choice::Candidate(k) = choices[i] {
                let c = &self.candidates[i][k];
                match apply_candidate(&mut plan, c) {
                    Ok(()) => {
                        changes += 1;
                        lines.push(format!("Suggested (tracked change): {}.", self.words.rewrite(&c.how)));
                        // The comment covers the change too.
                        if let Some(e) = c.edits.first() {
                            let p = &self.analysis.doc.paragraphs[e.paragraph];
                            let same = range.filter(|&(a, _)| a >= p.start && a <= p.end);
                            let (a, b) = same.unwrap_or((e.start, e.end));
                            let last = c.edits.iter().filter(|x| x.paragraph == e.paragraph).map(|x| x.end).max();
                            range = Some((a.min(e.start), b.max(last.unwrap_or(e.end))));
                        }
                    }
                    Err(why) => lines.push(refusal_line(why)),
                }
            }
            if slot.is_some() && f.verdict == Verdict::Missing {
                if let Some(t) = self.checker.pack.term(&f.term) {
                    missing_new.push((id, self.words.rewrite(&t.spec.model)));
                    lines.push(
                        "Suggested (tracked change): the reference clause, added as a new numbered clause.".into(),
                    );
                    bodies.push((id, lines));
                    changes += 1;
                    continue;
                }
            }
            match range {
                Some((a, b)) => plan.comment(id, a, b),
                None => self.paragraph_comment(&mut plan, f, id),
            }
            bodies.push((id, lines));
        }
        if let (Some(slot), false) = (&slot, missing_new.is_empty()) {
            self.insert_clauses(&mut plan, slot, &missing_new);
        }
        let written = bodies.len();
        let main = plan.render().map_err(|e| format!("{}: {e}", self.input.display()))?;
        let data = self.pkg.write(&main, &bodies, &self.prefix, self.strict, &self.date)?;
        Ok((data, Summary { comments: written, findings: self.findings.len(), changes }))
    }

    /// The comment's lines, in the contract's names.
    fn explain(&self, f: &Finding) -> Vec<String> {
        let w = &self.words;
        let kinds = if f.kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
        };
        let mut lines = vec![format!("[{}] {}: {}{kinds}", f.verdict.as_str(), f.term, w.rewrite_roles(&f.message))];
        let weaker: Vec<String> =
            f.evidence.iter().filter(|e| !e.note.is_empty()).map(|e| w.rewrite_roles(&e.note)).collect();
        match f.verdict {
            Verdict::Weakened if !weaker.is_empty() => {
                lines.push(format!("Weaker than the reference: {}.", weaker.join("; ")))
            }
            Verdict::Deviating if !weaker.is_empty() => {
                lines.push(format!("Differs from the reference: {}.", weaker.join("; ")))
            }
            _ => {}
        }
        if f.verdict == Verdict::Deviating {
            lines.push(
                "This differs from the reference rather than weakening it: please decide whether it is acceptable."
                    .into(),
            );
        }
        if let Some(t) = self.checker.pack.term(&f.term) {
            lines.push(format!("Reference wording: {}", w.rewrite(&t.spec.model)));
            if !t.spec.fix.is_empty() {
                lines.push(format!("How to fix: {}", w.rewrite_roles(&t.spec.fix)));
            }
        }
        lines
    }

    /// The weakening words: from the first stated evidence to the last one in the same paragraph.
    fn evidence_range(&self, f: &Finding) -> Option<(usize, usize)> {
        let doc = &self.analysis.doc;
        let in_clause = |s: usize| f.span.is_none_or(|sp| s >= sp.start && s <= sp.end);
        let mut ev: Vec<(usize, usize)> = f
            .evidence
            .iter()
            .filter(|e| e.basis == Basis::Stated && e.end > e.start && in_clause(e.start))
            .map(|e| (e.start, e.end))
            .collect();
        ev.sort_unstable();
        let &(a, _) = ev.first()?;
        let p = doc.paragraph_at(a)?;
        let main = p.sources.iter().all(|&i| self.raw.paragraphs.get(i).is_some_and(|r| r.part == 0));
        if !main || !usable_kind(p.kind) {
            return None;
        }
        let b = ev.iter().filter(|(s, _)| *s <= p.end).map(|(_, e)| (*e).min(p.end)).max()?;
        Some((a, b))
    }

    /// The paragraph-wide comment of a finding without words to point at.
    fn paragraph_comment(&self, plan: &mut Plan, f: &Finding, id: i64) {
        let home = security_heading(&self.analysis.doc).filter(|&i| i < self.raw.paragraphs.len());
        let fallback = if f.span.is_none() { home.unwrap_or(self.fallback) } else { self.fallback };
        let (a, b) = anchor(self.raw, &self.analysis.doc, f, fallback);
        let xml = &self.pkg.main_xml;
        let slots = (paragraph_slots(xml, &self.raw.paragraphs[a]), paragraph_slots(xml, &self.raw.paragraphs[b]));
        let ((start_at, _), (_, end_at)) = match slots {
            (Some(s), Some(e)) => (s, e),
            _ => match paragraph_slots(xml, &self.raw.paragraphs[self.fallback]) {
                Some(s) => (s, s),
                None => return,
            },
        };
        plan.raw_insert(start_at, format!("<{} {}=\"{id}\"/>", plan.w("commentRangeStart"), plan.w("id")));
        plan.raw_insert(end_at, edits::comment_end(&self.prefix, id));
    }

    /// New tracked paragraphs for missing terms, each carrying its comment.
    fn insert_clauses(&self, plan: &mut Plan, slot: &placement::Slot, clauses: &[(i64, String)]) {
        let mut xml = String::new();
        if let Some((props, run_props, title)) = &slot.heading {
            xml.push_str(&self.new_paragraph(plan, props, run_props, &[title.as_str()], None));
        }
        let mut typed = slot.typed.clone();
        for (id, text) in clauses {
            let mut pieces: Vec<&str> = Vec::new();
            if let Some((n, sep)) = &typed {
                pieces.push(n);
                pieces.push(sep);
            }
            pieces.push(text);
            xml.push_str(&self.new_paragraph(plan, &slot.props, &slot.run_props, &pieces, Some(*id)));
            typed = typed.and_then(|(n, sep)| increment(&n).map(|n| (n, sep)));
        }
        plan.raw_insert(slot.at, xml);
    }

    /// `<w:p>` with an inserted mark and inserted text, optionally commented.
    fn new_paragraph(
        &self,
        plan: &mut Plan,
        props: &str,
        run_props: &str,
        pieces: &[&str],
        comment: Option<i64>,
    ) -> String {
        let w = |l: &str| qualified(&self.prefix, l);
        let mark_id = plan.take_id();
        let mark = format!("<{} {}/>", w("ins"), plan.change_attrs(mark_id));
        let mut run = format!("<{}>{run_props}", w("r"));
        for piece in pieces {
            if *piece == "\t" {
                run.push_str(&format!("<{}/>", w("tab")));
            } else if !piece.is_empty() {
                let t = w("t");
                run.push_str(&format!("<{t} xml:space=\"preserve\">{}</{t}>", crate::report::escape_markup(piece)));
            }
        }
        run.push_str(&format!("</{}>", w("r")));
        let inserted = plan.wrap("ins", &run);
        let (start, end) = match comment {
            Some(id) => {
                (format!("<{} {}=\"{id}\"/>", w("commentRangeStart"), w("id")), edits::comment_end(&self.prefix, id))
            }
            None => (String::new(), String::new()),
        };
        let ppr = w("pPr");
        let rpr = w("rPr");
        format!("<{p}><{ppr}>{props}<{rpr}>{mark}</{rpr}></{ppr}>{start}{inserted}{end}</{p}>", p = w("p"))
    }

    /// Checks the accepted copy: moves a weakened term that is still not
    /// conformant to its next candidate, and drops a change that made another
    /// term worse. Returns whether anything changed.
    fn revise(&self, data: &[u8], choices: &mut [Choice]) -> Result<bool, String> {
        let path = Path::new("suggested.docx");
        let out = docx::read_bytes(path, data, self.checker.options.limits).map_err(|e| e.to_string())?;
        let accepted = review::resolve(&out, AUTHOR, true);
        let after = self.checker.analyse(&accepted);
        let after: HashMap<&str, &Finding> = after.findings.iter().map(|f| (f.term.as_str(), f)).collect();
        let mut changed = false;
        for (i, f) in self.findings.iter().enumerate() {
            let Choice::Candidate(k) = choices[i] else { continue };
            if after.get(f.term.as_str()).is_some_and(|a| a.verdict != Verdict::Conformant)
                && k + 1 < self.candidates[i].len()
            {
                choices[i] = Choice::Candidate(k + 1);
                changed = true;
            }
        }
        // Another term got worse: the change touching its clause goes.
        for before in &self.analysis.findings {
            let own = self.findings.iter().position(|f| f.term == before.term);
            if own.is_some_and(|i| matches!(choices[i], Choice::Candidate(_))) {
                continue;
            }
            let Some(now) = after.get(before.term.as_str()) else { continue };
            if crate::diff::classify(before, now) != crate::diff::Change::Weaker {
                continue;
            }
            let Some(span) = before.span else { continue };
            let mut blamed = false;
            for (i, choice) in choices.iter_mut().enumerate() {
                if let Choice::Candidate(k) = *choice {
                    let edits = &self.candidates[i][k].edits;
                    if edits.iter().any(|e| e.start < span.end && span.start < e.end.max(e.start + 1)) {
                        *choice = Choice::Dropped;
                        changed = true;
                        blamed = true;
                    }
                }
            }
            // No change touched it: the clauses added after it are read with it.
            if !blamed && !self.own_article.get() && self.findings.iter().any(|f| f.verdict == Verdict::Missing) {
                self.own_article.set(true);
                changed = true;
            }
        }
        Ok(changed)
    }
}

fn apply_candidate(plan: &mut Plan, c: &Candidate) -> Result<(), Refusal> {
    for e in &c.edits {
        plan.check_edit(e.paragraph, e.start, e.end, &e.insert)?;
    }
    for e in &c.edits {
        plan.try_change(e.paragraph, e.start, e.end, &e.insert)?;
    }
    Ok(())
}

fn refusal_line(why: Refusal) -> String {
    match why {
        Refusal::OthersRevision => {
            "No tracked change: the clause sits inside another author's pending change; accept or reject it first, or edit by hand.".into()
        }
        Refusal::Structure => "No tracked change: a field or other structure is in the way; please edit by hand.".into(),
        Refusal::Overlap => "No tracked change: another suggestion already changes these words.".into(),
    }
}

/// "9.4" → "9.5", "(d)" → "(e)".
fn increment(n: &str) -> Option<String> {
    let at = n.rfind(|c: char| c.is_ascii_alphanumeric())?;
    let digits_start = n[..=at].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    if digits_start <= at && n[digits_start..=at].chars().all(|c| c.is_ascii_digit()) {
        let v: u64 = n[digits_start..=at].parse().ok()?;
        return Some(format!("{}{}{}", &n[..digits_start], v + 1, &n[at + 1..]));
    }
    let ch = n[at..].chars().next()?;
    let next = char::from_u32(ch as u32 + 1).filter(|c| c.is_ascii_alphabetic())?;
    Some(format!("{}{next}{}", &n[..at], &n[at + ch.len_utf8()..]))
}

/// Reopens the annotated copy with our own reader before it is written: every
/// part must be well-formed, and the contract's text with mc2lint's changes
/// rejected (the main part's paragraphs, both revision views) exactly the input's.
fn verify(data: &[u8], input: &Path, before: &RawDocument, limits: docx::Limits) -> Result<(), String> {
    let refuse =
        |why: String| format!("{}: {why}; nothing was written (please report this with the file)", input.display());
    let after = docx::read_bytes(input, data, limits)
        .map_err(|e| refuse(format!("the annotated copy would not be a readable document ({})", e.cause)))?;
    let rejected = review::resolve(&after, AUTHOR, false);
    if review::main_text(before) != review::main_text(&rejected) {
        return Err(refuse("the annotated copy would change the contract's text".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_ids_dates_numbers() {
        assert_eq!(prefix_at("<w:p w:rsidR=\"1\">", 0), "w");
        assert_eq!(prefix_at("<p>", 0), "");
        assert_eq!(max_id("<w:comment w:id=\"3\" w:author=\"x\"><w:commentRangeStart w:id=\"7\"/>"), 7);
        assert_eq!(package::root_prefix("<?xml version=\"1.0\"?>\n<w:comments xmlns:w=\"x\"/>"), "w");
        assert_eq!(
            edits::apply("abcd", vec![(2, 2, "X".into()), (0, 0, "Y".into()), (2, 2, "Z".into())]).unwrap(),
            "YabXZcd"
        );
        assert!(edits::apply("é", vec![(1, 1, "X".into())]).is_err());
        assert_eq!(prefix_at("é", 1), "");
        assert_eq!(iso_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_date(1_796_529_600), "2026-12-06T04:00:00Z");
        assert_eq!(increment("9.4").as_deref(), Some("9.5"));
        assert_eq!(increment("(d)").as_deref(), Some("(e)"));
        assert_eq!(increment("12.").as_deref(), Some("13."));
    }
}
