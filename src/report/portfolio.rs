//! The portfolio HTML report's data: every document reduced to what the page
//! shows, once. Strings that repeat across documents (folders, supplier
//! names, clause numbers, messages, clause texts) are stored once in a table
//! and referred to by number; clause texts are kept only for findings (not
//! for conformant terms). Documents are added one at a time, so `merge` can
//! build a 100,000-document report without holding every report in memory.
//!
//! Also the figures the report opens on (`Headline`) and the one coverage
//! format every output shares (`coverage_percent`).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use super::table::Columns;
use crate::audit::files::is_skipped;
use crate::model::{DocumentReport, Verdict, Visibility};

/// Coverage as `check`'s summary line prints it ("44%"): the one format of the
/// report, its headline and its drill-down.
pub fn coverage_percent(coverage: f64) -> String {
    format!("{:.0}%", coverage * 100.0)
}

/// The counterparty to show for a document: of the names the party detection
/// gives (role words such as "Supplier" and the full name), the longest,
/// which is the full name when the preamble gives one.
pub fn counterparty(names: &[String]) -> Option<&str> {
    names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).max_by_key(|n| n.chars().count())
}

/// One letter per verdict: upper case when the finding is shown, lower case
/// when a suppression, the baseline or config hides it.
fn verdict_letter(v: Verdict, shown: bool) -> u8 {
    let c = match v {
        Verdict::Conformant => b'C',
        Verdict::Weakened => b'W',
        Verdict::Deviating => b'D',
        Verdict::Missing => b'M',
    };
    if shown || v == Verdict::Conformant {
        c
    } else {
        c.to_ascii_lowercase()
    }
}

/// A term no finding covers (a document checked against another pack).
const ABSENT: u8 = b'-';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Error,
    Skipped,
}

/// A document as the report holds it. String fields are indices into
/// `Portfolio::strings` (0 is the empty string).
#[derive(Debug, Clone)]
struct Row {
    dir: u32,
    name: String,
    status: Status,
    supplier: u32,
    customer: u32,
    coverage: Option<f64>,
    /// One letter per column (see `verdict_letter`).
    verdicts: Vec<u8>,
    /// Clause number per column.
    clauses: Vec<u32>,
    /// Findings that are not conformant: column, kinds, message, clause text.
    findings: Vec<[u32; 4]>,
    error_code: u32,
    error_message: String,
}

/// Strings stored once.
#[derive(Debug, Default)]
struct Interner {
    list: Vec<String>,
    index: HashMap<String, u32>,
}

impl Interner {
    fn new() -> Interner {
        let mut i = Interner::default();
        i.id("");
        i
    }

    fn id(&mut self, s: &str) -> u32 {
        if let Some(n) = self.index.get(s) {
            return *n;
        }
        let n = self.list.len() as u32;
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), n);
        n
    }
}

/// The documents of a portfolio report, with its columns.
#[derive(Debug)]
pub struct Portfolio {
    pub cols: Columns,
    strings: Interner,
    rows: Vec<Row>,
    by_path: HashMap<String, usize>,
}

impl Portfolio {
    pub fn new(cols: &Columns) -> Portfolio {
        Portfolio { cols: cols.clone(), strings: Interner::new(), rows: Vec::new(), by_path: HashMap::new() }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Adds a document; a path added before is replaced (the last report wins, as in `merge`).
    pub fn add(&mut self, doc: &DocumentReport) {
        let row = self.row_of(doc);
        match self.by_path.get(&doc.path) {
            Some(i) => self.rows[*i] = row,
            None => {
                self.by_path.insert(doc.path.clone(), self.rows.len());
                self.rows.push(row);
            }
        }
    }

    /// The column of `term`; `hint` is where it usually is (reports list terms in pack order).
    fn column(&mut self, term: &str, hint: usize) -> usize {
        if self.cols.terms.get(hint).is_some_and(|t| t.id == term) {
            return hint;
        }
        match self.cols.terms.iter().position(|t| t.id == term) {
            Some(i) => i,
            None => {
                let id = term.to_string();
                self.cols.terms.push(super::table::TermCol { id: id.clone(), title: id, critical: false });
                self.cols.terms.len() - 1
            }
        }
    }

    fn row_of(&mut self, doc: &DocumentReport) -> Row {
        let (dir, name) = match doc.path.rfind(['/', '\\']) {
            Some(i) => doc.path.split_at(i + 1),
            None => ("", doc.path.as_str()),
        };
        let status = if is_skipped(doc) {
            Status::Skipped
        } else if doc.is_error() {
            Status::Error
        } else {
            Status::Ok
        };
        let parties = doc.parties.as_ref();
        let supplier = parties.and_then(|p| counterparty(&p.mdm)).unwrap_or("");
        let customer = parties.and_then(|p| counterparty(&p.hdo)).unwrap_or("");
        let mut row = Row {
            dir: self.strings.id(dir),
            name: name.to_string(),
            status,
            supplier: self.strings.id(supplier),
            customer: self.strings.id(customer),
            coverage: doc.summary.as_ref().filter(|_| status == Status::Ok).map(|s| s.coverage),
            verdicts: Vec::new(),
            clauses: Vec::new(),
            findings: Vec::new(),
            error_code: 0,
            error_message: String::new(),
        };
        if let Some(e) = &doc.error {
            row.error_code = self.strings.id(&e.code);
            row.error_message = e.message.clone();
        }
        for (i, f) in doc.terms.iter().enumerate() {
            let col = self.column(&f.term, i);
            if row.verdicts.len() <= col {
                row.verdicts.resize(col + 1, ABSENT);
                row.clauses.resize(col + 1, 0);
            }
            row.verdicts[col] = verdict_letter(f.verdict, f.visibility() == Visibility::Shown);
            row.clauses[col] = self.strings.id(f.clause.as_deref().unwrap_or(""));
            if f.verdict != Verdict::Conformant {
                let kinds: Vec<&str> = f.kinds.iter().map(|k| k.as_str()).collect();
                let message = match (&f.suppression, f.suppressed) {
                    (Some(reason), true) => format!("{} (suppressed: {reason})", f.message),
                    (None, true) => format!("{} (suppressed)", f.message),
                    _ => f.message.clone(),
                };
                let finding = [
                    col as u32,
                    self.strings.id(&kinds.join(", ")),
                    self.strings.id(&message),
                    self.strings.id(f.text.as_deref().unwrap_or("")),
                ];
                row.findings.push(finding);
            }
        }
        row
    }

    /// Puts the rows in path order (the order of the data, and of `#doc-N` links).
    fn sorted(&mut self) {
        let strings = &self.strings.list;
        self.rows.sort_by_cached_key(|r| format!("{}{}", strings[r.dir as usize], r.name));
        // Rows moved: index them again, so that a later `add` still replaces by path.
        let paths = self.rows.iter().map(|r| format!("{}{}", strings[r.dir as usize], r.name));
        self.by_path = paths.enumerate().map(|(i, p)| (p, i)).collect();
    }

    /// The paths of the rows, in data order.
    pub fn paths(&mut self) -> Vec<String> {
        self.sorted();
        self.rows.iter().map(|r| format!("{}{}", self.strings.list[r.dir as usize], r.name)).collect()
    }

    /// Verdict counts per column, indexed like `Verdict::ALL`, over checked documents.
    pub fn totals(&self) -> Vec<[usize; 4]> {
        let mut out = vec![[0usize; 4]; self.cols.terms.len()];
        for r in self.rows.iter().filter(|r| r.status == Status::Ok) {
            for (col, v) in r.verdicts.iter().enumerate() {
                if let Some(i) = verdict_index(*v) {
                    out[col][i] += 1;
                }
            }
        }
        out
    }

    /// The summary table's counts, as `Tally::add` would give for the documents kept.
    pub fn tally(&self) -> super::table::Tally {
        let mut t = super::table::Tally::default();
        for r in &self.rows {
            t.documents += 1;
            let code = self.strings.list[r.error_code as usize].clone();
            match r.status {
                Status::Ok => {}
                Status::Error => {
                    t.errors += 1;
                    *t.error_codes.entry(code).or_default() += 1;
                }
                Status::Skipped => {
                    t.skipped += 1;
                    *t.skipped_codes.entry(code).or_default() += 1;
                }
            }
            for (col, v) in r.verdicts.iter().enumerate() {
                if let Some(i) = verdict_index(*v) {
                    t.per_term.entry(self.cols.terms[col].id.clone()).or_default()[i] += 1;
                }
            }
        }
        t
    }

    /// The figures the report opens on.
    /// Puts the rows in path order first (the worst contracts are named by
    /// their index in the data, for `#doc-N` links).
    pub fn headline(&mut self) -> Headline {
        self.sorted();
        let mut h = Headline::default();
        let mut coverages = Vec::new();
        for r in &self.rows {
            match r.status {
                Status::Ok => h.checked += 1,
                Status::Error => h.unreadable += 1,
                Status::Skipped => {
                    h.skipped += 1;
                    *h.skipped_by_code.entry(self.strings.list[r.error_code as usize].clone()).or_default() += 1;
                }
            }
            if r.status != Status::Ok {
                continue;
            }
            coverages.extend(r.coverage);
            h.lacking_critical += usize::from(self.critical_missing(r) > 0);
        }
        h.median_coverage = median(&mut coverages);
        let totals = self.totals();
        let mut exposed: Vec<(usize, usize)> =
            totals.iter().enumerate().map(|(col, t)| (col, t[WEAKENED] + t[MISSING])).filter(|x| x.1 > 0).collect();
        // Most often first; ties in reference order (a stable sort keeps it).
        exposed.sort_by_key(|x| std::cmp::Reverse(x.1));
        exposed.truncate(5);
        h.most_exposed = exposed;
        h.worst = self.worst(5);
        h
    }

    /// Critical terms missing in a row (hidden findings included, as everywhere in the report).
    fn critical_missing(&self, r: &Row) -> usize {
        let critical = |col: usize| self.cols.terms.get(col).is_some_and(|t| t.critical);
        r.verdicts.iter().enumerate().filter(|(col, v)| critical(*col) && verdict_index(**v) == Some(MISSING)).count()
    }

    /// The `n` worst checked contracts, in the table's default order: most
    /// critical terms missing, then lowest coverage (as shown), then path.
    fn worst(&self, n: usize) -> Vec<Worst> {
        let mut ranked: Vec<(usize, i64, usize)> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.status == Status::Ok)
            .map(|(i, r)| (self.critical_missing(r), shown_percent(r.coverage), i))
            .collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        ranked
            .into_iter()
            .take(n)
            .map(|(critical_missing, _, index)| {
                let r = &self.rows[index];
                Worst {
                    index,
                    path: format!("{}{}", self.strings.list[r.dir as usize], r.name),
                    supplier: self.strings.list[r.supplier as usize].clone(),
                    critical_missing,
                    coverage: r.coverage.unwrap_or(0.0),
                }
            })
            .collect()
    }

    /// The data block of the report: compact JSON, safe inside a `<script>`
    /// element (`<` is written `\u003c`). Rows in path order.
    pub fn to_json(&mut self) -> String {
        self.sorted();
        let mut out = String::with_capacity(1024 + self.rows.len() * 400);
        out.push_str("{\"terms\":[");
        for (i, t) in self.cols.terms.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('[');
            json_str(&mut out, &t.id);
            out.push(',');
            json_str(&mut out, super::html::short(&t.id));
            out.push(',');
            json_str(&mut out, &t.title);
            let _ = write!(out, ",{}]", u8::from(t.critical));
        }
        out.push_str("],\"s\":[");
        for (i, s) in self.strings.list.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_str(&mut out, s);
        }
        out.push_str("],\"d\":[\n");
        for (i, r) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            row_json(&mut out, r);
        }
        out.push_str("]}");
        out
    }
}

const WEAKENED: usize = 1;
const MISSING: usize = 3;

/// Index into `Verdict::ALL` of a verdict letter, hidden findings included.
fn verdict_index(letter: u8) -> Option<usize> {
    match letter.to_ascii_uppercase() {
        b'C' => Some(0),
        b'W' => Some(WEAKENED),
        b'D' => Some(2),
        b'M' => Some(MISSING),
        _ => None,
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 })
}

/// `[dir, name, status, supplier, customer, coverage %, verdicts, [clauses], [findings...], error code, error message]`.
fn row_json(out: &mut String, r: &Row) {
    let status = match r.status {
        Status::Ok => 0,
        Status::Error => 1,
        Status::Skipped => 2,
    };
    let _ = write!(out, "[{},", r.dir);
    json_str(out, &r.name);
    let coverage = shown_percent(r.coverage);
    let _ = write!(out, ",{status},{},{},{coverage},\"", r.supplier, r.customer);
    out.push_str(std::str::from_utf8(&r.verdicts).unwrap_or(""));
    out.push_str("\",[");
    if r.clauses.iter().any(|c| *c != 0) {
        join_numbers(out, r.clauses.iter().copied());
    }
    out.push_str("],[");
    join_numbers(out, r.findings.iter().flatten().copied());
    let _ = write!(out, "],{},", r.error_code);
    json_str(out, &r.error_message);
    out.push(']');
}

/// The coverage percentage as `coverage_percent` prints it (Rust's rounding,
/// not JavaScript's), -1 for none: what the table shows and sorts by.
fn shown_percent(coverage: Option<f64>) -> i64 {
    coverage.and_then(|c| coverage_percent(c).trim_end_matches('%').parse().ok()).unwrap_or(-1)
}

fn join_numbers(out: &mut String, numbers: impl Iterator<Item = u32>) {
    for (i, n) in numbers.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{n}");
    }
}

/// A JSON string literal with `<` escaped, so that no text can close the script element.
fn json_str(out: &mut String, s: &str) {
    let quoted = serde_json::to_string(s).expect("a string serialises");
    if quoted.contains('<') {
        out.push_str(&quoted.replace('<', "\\u003c"));
    } else {
        out.push_str(&quoted);
    }
}

/// What the report says first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headline {
    /// DOCX files checked.
    pub checked: usize,
    /// DOCX files that could not be read.
    pub unreadable: usize,
    /// Files not checked (PDF, legacy .doc, ...), by code.
    pub skipped: usize,
    pub skipped_by_code: BTreeMap<String, usize>,
    /// Checked documents where at least one critical term is missing.
    pub lacking_critical: usize,
    pub median_coverage: Option<f64>,
    /// Up to five (column, documents) most often missing or weakened.
    pub most_exposed: Vec<(usize, usize)>,
    /// Up to five checked contracts, worst first (the table's default order).
    pub worst: Vec<Worst>,
}

/// One of the worst contracts in the headline.
#[derive(Debug, Clone, PartialEq)]
pub struct Worst {
    /// Index in the report's data (`#doc-N`).
    pub index: usize,
    pub path: String,
    pub supplier: String,
    pub critical_missing: usize,
    pub coverage: f64,
}

impl Headline {
    /// `part` of the checked documents, as a percentage in the coverage format.
    pub fn share(&self, part: usize) -> String {
        if self.checked == 0 {
            return "—".into();
        }
        coverage_percent(part as f64 / self.checked as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ErrorInfo, Finding, Parties, Severity, Summary};
    use crate::report::table::TermCol;

    fn cols() -> Columns {
        Columns {
            reference: "mc2@2".into(),
            view: "accepted".into(),
            terms: vec![
                TermCol { id: "A1-sdl".into(), title: "SDL".into(), critical: false },
                TermCol { id: "C3-notice".into(), title: "Notice".into(), critical: true },
            ],
        }
    }

    fn doc(path: &str, verdicts: [Verdict; 2]) -> DocumentReport {
        let terms: Vec<Finding> = ["A1-sdl", "C3-notice"]
            .iter()
            .zip(verdicts)
            .map(|(t, v)| Finding {
                verdict: v,
                severity: if v == Verdict::Conformant { Severity::None } else { Severity::Error },
                clause: Some("9.2".into()),
                text: Some("Supplier <b> shall".into()),
                ..Finding::missing(*t, "msg")
            })
            .collect();
        DocumentReport {
            path: path.into(),
            status: "ok".into(),
            sha256: None,
            parties: Some(Parties { mdm: vec!["Vendor".into(), "Acme Medical, Inc.".into()], hdo: vec![] }),
            summary: Some(Summary::of(&terms)),
            terms,
            error: None,
        }
    }

    #[test]
    fn headline_counts_and_medians() {
        let mut p = Portfolio::new(&cols());
        p.add(&doc("b/x.docx", [Verdict::Conformant, Verdict::Missing]));
        p.add(&doc("a/y.docx", [Verdict::Weakened, Verdict::Conformant]));
        p.add(&doc("a/z.docx", [Verdict::Conformant, Verdict::Conformant]));
        let mut bad = doc("bad.docx", [Verdict::Missing, Verdict::Missing]);
        bad.status = "error".into();
        bad.terms.clear();
        bad.error = Some(ErrorInfo { code: "not-a-zip".into(), message: "m".into() });
        p.add(&bad);
        let pdf = crate::audit::files::skipped_row(
            std::path::Path::new("s.pdf"),
            crate::audit::files::other_format(std::path::Path::new("s.pdf")).unwrap(),
        );
        p.add(&pdf);
        let h = p.headline();
        assert_eq!((h.checked, h.unreadable, h.skipped, h.lacking_critical), (3, 1, 1, 1));
        assert_eq!(h.skipped_by_code["not-docx: pdf"], 1);
        assert_eq!(h.median_coverage, Some(0.5));
        assert_eq!(h.most_exposed, vec![(0, 1), (1, 1)], "ties keep reference order");
        assert_eq!(h.share(1), "33%");
        let worst: Vec<&str> = h.worst.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(worst, ["b/x.docx", "a/y.docx", "a/z.docx"], "a critical term missing first, then coverage");
        assert_eq!((h.worst[0].index, h.worst[0].critical_missing), (2, 1));
        assert_eq!(p.paths(), ["a/y.docx", "a/z.docx", "b/x.docx", "bad.docx", "s.pdf"]);
    }

    #[test]
    fn data_is_compact_safe_and_deduplicated() {
        let mut p = Portfolio::new(&cols());
        for i in 0..50 {
            p.add(&doc(&format!("dir/c{i}.docx"), [Verdict::Weakened, Verdict::Conformant]));
        }
        p.add(&doc("dir/c0.docx", [Verdict::Missing, Verdict::Missing]));
        assert_eq!(p.len(), 50, "a path added again replaces its row");
        let json = p.to_json();
        assert!(!json.contains("<b>") && json.contains("\\u003cb>"));
        assert_eq!(json.matches("Supplier \\u003cb> shall").count(), 1, "one copy of a repeated clause text");
        assert_eq!(json.matches("Acme Medical, Inc.").count(), 1);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let first = &v["d"][0];
        assert_eq!(first[1], "c0.docx");
        assert_eq!(first[6], "MM");
        assert_eq!(first[5], 0);
        assert_eq!(v["s"][first[0].as_u64().unwrap() as usize], "dir/");
        assert_eq!(v["d"][1][6], "WC");
        assert_eq!(v["d"][1][5], 50);
        assert_eq!(v["d"][1][8].as_array().unwrap().len(), 4, "only the non-conformant finding carries text");
    }

    #[test]
    fn counterparty_prefers_the_full_name() {
        let names = vec!["Supplier".to_string(), "Apex Neuro Devices, Inc.".to_string()];
        assert_eq!(counterparty(&names), Some("Apex Neuro Devices, Inc."));
        assert_eq!(counterparty(&[]), None);
        assert_eq!(coverage_percent(0.259), "26%");
    }
}
