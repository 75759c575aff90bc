//! Portfolio outputs shared by `audit` and `merge`: JSONL lines, CSV rows, the
//! JSON report, and the summary table printed on stderr at the end of a run.
//! Both commands go through [`Portfolio`], so a merged set of shard outputs
//! renders exactly like a single-machine run over the same inputs.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, BufRead, Write};
use std::path::Path;

use crate::model::{DocumentReport, Report, Verdict};
use crate::reference::Pack;

/// Output formats of `audit` and `merge`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One report-schema document object per line, written as each document finishes.
    Jsonl,
    /// One row per file: status, error code and message, supplier and customer, coverage,
    /// counts, one verdict column per term, then one clause-number column per term.
    Csv,
    /// The `mc2lint/report@1` JSON report.
    Json,
    /// A self-contained HTML portfolio report (headline, chart, totals, heatmap, drill-down).
    Html,
}

/// A term column: ID, title, and whether the reference marks it critical, in reference order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermCol {
    pub id: String,
    pub title: String,
    pub critical: bool,
}

/// What the portfolio outputs need to know about the reference.
#[derive(Debug, Clone)]
pub struct Columns {
    pub reference: String,
    pub view: String,
    pub terms: Vec<TermCol>,
}

impl Columns {
    pub fn from_pack(pack: &Pack, view: &str) -> Columns {
        Columns {
            reference: pack.id.clone(),
            view: view.to_string(),
            terms: pack
                .terms
                .iter()
                .map(|t| TermCol { id: t.spec.id.clone(), title: t.spec.title.clone(), critical: t.spec.critical })
                .collect(),
        }
    }

    /// Adds, after the pack's terms, any term a document reports that the pack lacks.
    pub fn extend_from(&mut self, docs: &[DocumentReport]) {
        for d in docs {
            for f in &d.terms {
                if !self.terms.iter().any(|t| t.id == f.term) {
                    self.terms.push(TermCol { id: f.term.clone(), title: f.term.clone(), critical: false });
                }
            }
        }
    }
}

/// One JSONL line (with its newline) for a document.
pub fn jsonl_line(doc: &DocumentReport) -> String {
    let mut s = serde_json::to_string(doc).expect("document report serialises");
    s.push('\n');
    s
}

/// Reads a JSONL file of document reports. Blank lines are ignored; a line that
/// does not parse (e.g. the last line of a run that was killed mid-write) is
/// skipped and counted in the second value.
pub fn read_jsonl(path: &Path) -> io::Result<(Vec<DocumentReport>, usize)> {
    let mut docs = Vec::new();
    let bad = for_each_jsonl(path, |d| docs.push(d))?;
    Ok((docs, bad))
}

/// Hands each document report of a JSONL file to `each`, one at a time (a
/// 100,000-line file is never held whole); returns how many lines were not reports.
pub fn for_each_jsonl(path: &Path, mut each: impl FnMut(DocumentReport)) -> io::Result<usize> {
    let file = std::fs::File::open(path)?;
    let mut bad = 0;
    for line in io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<DocumentReport>(&line) {
            Ok(d) => each(d),
            Err(_) => bad += 1,
        }
    }
    Ok(bad)
}

/// Quotes a CSV field when needed (RFC 4180).
pub fn csv_field(s: &str) -> String {
    // A cell a spreadsheet would run as a formula (a file named `=HYPERLINK(...).docx`)
    // is prefixed with an apostrophe, as OWASP's CSV-injection advice says.
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub const CSV_FIXED: [&str; 11] = [
    "path",
    "status",
    "error_code",
    "error_message",
    "supplier",
    "customer",
    "coverage",
    "conformant",
    "weakened",
    "deviating",
    "missing",
];

/// The byte order mark `--bom` puts first, so spreadsheet software reads the CSV as UTF-8.
pub const UTF8_BOM: &str = "\u{feff}";

/// The clause-number column of each term: `C3_clause` (the ID's short form),
/// or `C3-incident-notification_clause` when two terms share a short form.
fn clause_headers(cols: &Columns) -> Vec<String> {
    let short = |id: &str| super::html::short(id).to_string();
    let unique = {
        let mut seen = std::collections::HashSet::new();
        cols.terms.iter().all(|t| seen.insert(short(&t.id)))
    };
    cols.terms.iter().map(|t| format!("{}_clause", if unique { short(&t.id) } else { t.id.clone() })).collect()
}

/// The header line: the fixed columns, one verdict column per term (its ID),
/// then one clause-number column per term.
pub fn csv_header(cols: &Columns) -> String {
    let mut fields: Vec<String> = CSV_FIXED.iter().map(|s| s.to_string()).collect();
    fields.extend(cols.terms.iter().map(|t| csv_field(&t.id)));
    fields.extend(clause_headers(cols).iter().map(|h| csv_field(h)));
    let mut s = fields.join(",");
    s.push('\n');
    s
}

/// One CSV row (with its newline). Error and skipped rows carry their code and
/// message and leave the counts, verdicts and clauses empty. Coverage is the
/// fraction (0.444), for other tools; reports for people print it as `check` does (44%).
pub fn csv_row(doc: &DocumentReport, cols: &Columns) -> String {
    let mut fields = vec![csv_field(&doc.path), csv_field(&doc.status)];
    fields.push(doc.error.as_ref().map(|e| csv_field(&e.code)).unwrap_or_default());
    fields.push(doc.error.as_ref().map(|e| csv_field(&e.message)).unwrap_or_default());
    let names = |pick: fn(&crate::model::Parties) -> &Vec<String>| {
        let name = doc.parties.as_ref().and_then(|p| super::portfolio::counterparty(pick(p)));
        name.map(csv_field).unwrap_or_default()
    };
    fields.push(names(|p| &p.mdm));
    fields.push(names(|p| &p.hdo));
    match &doc.summary {
        Some(s) if !doc.is_error() => {
            fields.push(format!("{:.3}", s.coverage));
            fields.extend([s.conformant, s.weakened, s.deviating, s.missing].iter().map(|n| n.to_string()));
        }
        _ => fields.extend(std::iter::repeat_n(String::new(), 5)),
    }
    let by_term: HashMap<&str, &crate::model::Finding> = doc.terms.iter().map(|f| (f.term.as_str(), f)).collect();
    for t in &cols.terms {
        fields.push(by_term.get(t.id.as_str()).map(|f| f.verdict.as_str().to_string()).unwrap_or_default());
    }
    for t in &cols.terms {
        fields.push(by_term.get(t.id.as_str()).and_then(|f| f.clause.as_deref()).map(csv_field).unwrap_or_default());
    }
    let mut s = fields.join(",");
    s.push('\n');
    s
}

/// Per-run counts for the summary table.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub documents: usize,
    pub errors: usize,
    /// Documents taken from an earlier run (`--resume`).
    pub resumed: usize,
    /// Per term ID: counts indexed like `Verdict::ALL`.
    pub per_term: HashMap<String, [usize; 4]>,
    pub error_codes: HashMap<String, usize>,
    /// Files not checked (PDF, legacy .doc, ...): rows with status `skipped`.
    pub skipped: usize,
    pub skipped_codes: HashMap<String, usize>,
}

impl Tally {
    pub fn add(&mut self, doc: &DocumentReport) {
        self.documents += 1;
        if crate::audit::files::is_skipped(doc) {
            self.skipped += 1;
            let code = doc.error.as_ref().map_or("skipped", |e| e.code.as_str());
            *self.skipped_codes.entry(code.to_string()).or_default() += 1;
            return;
        }
        if let Some(e) = &doc.error {
            self.errors += 1;
            *self.error_codes.entry(e.code.clone()).or_default() += 1;
        } else if doc.is_error() {
            self.errors += 1;
        }
        for f in &doc.terms {
            let i = Verdict::ALL.iter().position(|v| *v == f.verdict).expect("verdict in ALL");
            self.per_term.entry(f.term.clone()).or_default()[i] += 1;
        }
    }

    pub fn count(&self, term: &str, v: Verdict) -> usize {
        let i = Verdict::ALL.iter().position(|x| *x == v).expect("verdict in ALL");
        self.per_term.get(term).map_or(0, |c| c[i])
    }

    /// The plain-text summary table (documents, errors, files not checked, per-term counts).
    /// The first line adds up: documents = ok + errors + not checked.
    pub fn render(&self, cols: &Columns) -> String {
        let mut s = String::new();
        let ok = self.documents - self.errors - self.skipped;
        let _ = write!(s, "documents: {}  ok: {}  errors: {}", self.documents, ok, self.errors);
        if self.skipped > 0 {
            let _ = write!(s, "  not checked: {}", self.skipped);
        }
        if self.resumed > 0 {
            let _ = write!(s, "  (from earlier run: {})", self.resumed);
        }
        s.push('\n');
        if !self.error_codes.is_empty() {
            let _ = writeln!(s, "errors by code: {}", by_code(&self.error_codes));
        }
        if !self.skipped_codes.is_empty() {
            let _ = writeln!(
                s,
                "not checked, by kind: {}; convert them to DOCX and audit again (the rows say how)",
                by_code(&self.skipped_codes)
            );
        }
        let width = cols.terms.iter().map(|t| t.id.len()).max().unwrap_or(4).max(4);
        let _ = writeln!(
            s,
            "{:<width$}  {:>8}  {:>8}  {:>9}  {:>10}",
            "term", "missing", "weakened", "deviating", "conformant"
        );
        for t in &cols.terms {
            let _ = writeln!(
                s,
                "{:<width$}  {:>8}  {:>8}  {:>9}  {:>10}",
                t.id,
                self.count(&t.id, Verdict::Missing),
                self.count(&t.id, Verdict::Weakened),
                self.count(&t.id, Verdict::Deviating),
                self.count(&t.id, Verdict::Conformant),
            );
        }
        s
    }
}

/// "legacy-doc 9, not-docx: pdf 14", sorted by code.
fn by_code(counts: &HashMap<String, usize>) -> String {
    let mut codes: Vec<_> = counts.iter().collect();
    codes.sort();
    codes.iter().map(|(c, n)| format!("{c} {n}")).collect::<Vec<_>>().join(", ")
}

/// Sorts documents by path and keeps, for each path, the last report given.
pub fn dedup_by_path(docs: Vec<DocumentReport>) -> Vec<DocumentReport> {
    let mut last: HashMap<String, DocumentReport> = HashMap::with_capacity(docs.len());
    for d in docs {
        last.insert(d.path.clone(), d);
    }
    let mut out: Vec<DocumentReport> = last.into_values().collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Writes a finished set of documents (already in output order) in `format`.
pub fn write_all(w: &mut dyn Write, format: Format, docs: &[DocumentReport], cols: &Columns) -> io::Result<()> {
    match format {
        Format::Jsonl => {
            for d in docs {
                w.write_all(jsonl_line(d).as_bytes())?;
            }
        }
        Format::Csv => {
            w.write_all(csv_header(cols).as_bytes())?;
            for d in docs {
                w.write_all(csv_row(d, cols).as_bytes())?;
            }
        }
        Format::Json => {
            let report = Report::new(&cols.reference, cols.terms.len(), &cols.view, docs.to_vec());
            serde_json::to_writer_pretty(&mut *w, &report).map_err(io::Error::other)?;
            w.write_all(b"\n")?;
        }
        Format::Html => {
            let mut portfolio = super::portfolio::Portfolio::new(cols);
            docs.iter().for_each(|d| portfolio.add(d));
            super::html::write(w, &mut portfolio)?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ErrorInfo, Finding, Severity, Summary};

    fn cols() -> Columns {
        Columns {
            reference: "mc2@2".into(),
            view: "accepted".into(),
            terms: vec![
                TermCol { id: "A1-sdl".into(), title: "SDL".into(), critical: false },
                TermCol { id: "B1-sbom".into(), title: "SBOM".into(), critical: true },
            ],
        }
    }

    fn finding(term: &str, verdict: Verdict) -> Finding {
        Finding { verdict, severity: Severity::Warning, ..Finding::missing(term, "") }
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(csv_field("=HYPERLINK(\"x\").docx"), "\"'=HYPERLINK(\"\"x\"\").docx\"");
        for s in ["+1.docx", "-x.docx", "@SUM(A1).docx", "\tx.docx"] {
            assert_eq!(csv_field(s), format!("'{s}"));
        }
        assert_eq!(csv_field("\rx.docx"), "\"'\rx.docx\"");
        assert_eq!(csv_field("a-b.docx"), "a-b.docx");
    }

    #[test]
    fn csv_rows_quote_and_leave_error_rows_empty() {
        let mut terms = vec![finding("A1-sdl", Verdict::Conformant), finding("B1-sbom", Verdict::Missing)];
        // A clause number and a supplier name a spreadsheet would run as formulas.
        terms[0].clause = Some("-1".into());
        let ok = DocumentReport {
            path: "a,\"b\".docx".into(),
            status: "ok".into(),
            sha256: Some("x".into()),
            parties: Some(crate::model::Parties { mdm: vec!["=Evil Corp".into()], hdo: vec![] }),
            summary: Some(Summary::of(&terms)),
            terms,
            error: None,
        };
        let bad = DocumentReport {
            path: "bad.docx".into(),
            status: "error".into(),
            sha256: None,
            parties: None,
            terms: vec![],
            summary: None,
            error: Some(ErrorInfo { code: "not-a-zip".into(), message: "m".into() }),
        };
        let c = cols();
        assert_eq!(
            csv_header(&c),
            "path,status,error_code,error_message,supplier,customer,coverage,conformant,weakened,deviating,missing,\
A1-sdl,B1-sbom,A1_clause,B1_clause\n"
        );
        assert_eq!(csv_row(&ok, &c), "\"a,\"\"b\"\".docx\",ok,,,'=Evil Corp,,0.500,1,0,0,1,conformant,missing,'-1,\n");
        assert_eq!(csv_row(&bad, &c), "bad.docx,error,not-a-zip,m,,,,,,,,,,,\n");
        let mut t = Tally::default();
        t.add(&ok);
        t.add(&bad);
        assert_eq!((t.documents, t.errors), (2, 1));
        assert_eq!(t.count("B1-sbom", Verdict::Missing), 1);
        assert!(t.render(&c).contains("documents: 2  ok: 1  errors: 1"));
    }
}
