//! The HTML portfolio report: one self-contained file (inline CSS, JS and SVG,
//! no network) that answers "where is our exposure": a headline (contracts,
//! unreadable files, files not checked, the share lacking a critical term, the
//! median coverage, the five terms most often missing or weakened, the five
//! worst contracts), a per-term chart and sortable totals, then every
//! document × term, worst first, with a drill-down per document (clause
//! numbers, messages and clause texts).
//!
//! The documents are in the page once, as compact JSON (`portfolio::Portfolio`),
//! and the script renders only the rows in view (a virtualised table), so a
//! report of 100,000 documents opens in seconds. The headline, chart and
//! totals are static HTML. All text is escaped.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::portfolio::{coverage_percent, Headline, Portfolio};
use super::table::Columns;
use crate::model::{DocumentReport, Verdict};

pub use super::escape_markup as esc;

/// Short column label: the part of the ID before the first '-' (e.g. `C3`).
pub fn short(id: &str) -> &str {
    id.split('-').next().filter(|s| !s.is_empty()).unwrap_or(id)
}

const CSS: &str = include_str!("portfolio.css");
const JS: &str = include_str!("portfolio.js");

/// Verdicts in the order the report lists them: the worst first.
const WORST_FIRST: [Verdict; 4] = [Verdict::Missing, Verdict::Weakened, Verdict::Deviating, Verdict::Conformant];

fn verdict_index(v: Verdict) -> usize {
    Verdict::ALL.iter().position(|x| *x == v).expect("verdict in ALL")
}

/// Renders the whole report for `docs` (in memory; `write` streams a `Portfolio`).
pub fn render(docs: &[DocumentReport], cols: &Columns) -> String {
    let mut portfolio = Portfolio::new(cols);
    docs.iter().for_each(|d| portfolio.add(d));
    let mut out = Vec::new();
    write(&mut out, &mut portfolio).expect("writing to memory");
    String::from_utf8(out).expect("the report is UTF-8")
}

/// Writes the report.
pub fn write(w: &mut dyn Write, portfolio: &mut Portfolio) -> io::Result<()> {
    let headline = portfolio.headline();
    let totals = portfolio.totals();
    let cols = portfolio.cols.clone();
    let mut h = String::with_capacity(64 << 10);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n");
    let _ = writeln!(h, "<title>mc2lint portfolio: {} files</title>", portfolio.len());
    let _ = writeln!(h, "<style>{CSS}</style></head><body>");
    h.push_str("<h1>MC² contract portfolio</h1>\n");
    let _ = writeln!(
        h,
        "<div class=\"meta\">reference <b>{}</b> · view <b>{}</b> · {} files · mc2lint {}</div>",
        esc(&cols.reference),
        esc(&cols.view),
        portfolio.len(),
        env!("CARGO_PKG_VERSION")
    );
    headline_html(&mut h, &headline, &cols);
    // The chart and the totals side by side where the window is wide enough.
    h.push_str("<div class=\"pair\"><div>");
    chart_svg(&mut h, &totals, &cols, headline.checked);
    h.push_str("</div><div>");
    totals_html(&mut h, &totals, &cols, headline.checked);
    h.push_str("</div></div>\n");
    grid_html(&mut h, &cols);
    w.write_all(h.as_bytes())?;
    w.write_all(b"<script type=\"application/json\" id=\"data\">")?;
    w.write_all(portfolio.to_json().as_bytes())?;
    w.write_all(b"</script>\n<script>")?;
    w.write_all(JS.as_bytes())?;
    w.write_all(b"</script>\n</body></html>\n")
}

/// A term's label with its critical mark: `C3★`.
fn term_label(t: &super::table::TermCol) -> String {
    format!(
        "{}{}",
        esc(short(&t.id)),
        if t.critical { "<span class=\"crit\" title=\"critical term\">★</span>" } else { "" }
    )
}

fn headline_html(h: &mut String, hl: &Headline, cols: &Columns) {
    h.push_str("<section id=\"headline\"><div class=\"kpis\">\n");
    let kpi = |h: &mut String, id: &str, value: &str, label: &str| {
        let _ = writeln!(h, "<div class=\"kpi\"><b id=\"{id}\">{value}</b><span>{label}</span></div>");
    };
    kpi(h, "h-contracts", &hl.checked.to_string(), "contracts checked");
    kpi(h, "h-unreadable", &hl.unreadable.to_string(), "unreadable (see the rows marked !)");
    let kinds: Vec<String> = hl.skipped_by_code.iter().map(|(c, n)| format!("{n} {}", esc(c))).collect();
    let skipped_label = if kinds.is_empty() {
        "files not checked".to_string()
    } else {
        format!("files not checked ({}): convert them to DOCX", kinds.join(", "))
    };
    kpi(h, "h-skipped", &hl.skipped.to_string(), &skipped_label);
    let critical = format!("lack at least one critical term ★ ({} of {})", hl.lacking_critical, hl.checked);
    kpi(h, "h-critical", &hl.share(hl.lacking_critical), &critical);
    let median = hl.median_coverage.map_or_else(|| "—".to_string(), coverage_percent);
    kpi(h, "h-median", &median, "median coverage (conformant terms ÷ terms)");
    h.push_str("</div>\n<h2>Terms most often missing or weakened</h2>\n<ol id=\"h-top\">\n");
    for (col, n) in &hl.most_exposed {
        let t = &cols.terms[*col];
        let _ = writeln!(
            h,
            "<li data-term=\"{}\" data-n=\"{n}\"><b>{}</b> {} — missing or weakened in {n} of {} contracts ({})</li>",
            esc(&t.id),
            term_label(t),
            esc(&t.title),
            hl.checked,
            hl.share(*n)
        );
    }
    h.push_str("</ol>\n<h2>Worst contracts</h2>\n<ol id=\"h-worst\">\n");
    for w in &hl.worst {
        let supplier = if w.supplier.is_empty() { String::new() } else { format!(" — {}", esc(&w.supplier)) };
        let critical = match w.critical_missing {
            0 => "no critical term missing".to_string(),
            1 => "1 critical term missing".to_string(),
            n => format!("{n} critical terms missing"),
        };
        let _ = writeln!(
            h,
            "<li><a href=\"#doc-{}\" title=\"{path}\">{path}</a>{supplier}: {critical}, coverage {}</li>",
            w.index,
            coverage_percent(w.coverage),
            path = esc(&w.path)
        );
    }
    h.push_str("</ol></section>\n");
}

/// The colour of a verdict (CSS `rgb` channels), shared by the chart and the totals.
fn rgb(v: Verdict) -> &'static str {
    match v {
        Verdict::Conformant => "46,125,50",
        Verdict::Weakened => "230,145,0",
        Verdict::Deviating => "216,84,26",
        Verdict::Missing => "198,40,40",
    }
}

/// A horizontal stacked bar per term: the share of checked contracts in each verdict.
fn chart_svg(h: &mut String, totals: &[[usize; 4]], cols: &Columns, checked: usize) {
    const LABEL: usize = 60;
    const BAR: usize = 420;
    const ROW: usize = 16;
    let height = ROW * cols.terms.len() + 24;
    h.push_str("<h2>Verdicts per term</h2>\n");
    let _ = writeln!(
        h,
        "<svg id=\"chart\" role=\"img\" aria-label=\"share of contracts per verdict, per term\" width=\"{}\" height=\"{height}\" font-size=\"11\">",
        LABEL + BAR + 60
    );
    for (i, (t, counts)) in cols.terms.iter().zip(totals).enumerate() {
        let y = i * ROW;
        let star = if t.critical { "★" } else { "" };
        let _ = write!(h, "<text x=\"0\" y=\"{}\">{}{star}</text>", y + 12, esc(short(&t.id)));
        let mut x = LABEL as f64;
        for v in WORST_FIRST {
            let n = counts[verdict_index(v)];
            if n == 0 || checked == 0 {
                continue;
            }
            let w = BAR as f64 * n as f64 / checked as f64;
            let _ = write!(
                h,
                "<rect x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"rgb({})\"><title>{}: {n} {} ({})</title></rect>",
                y + 2,
                ROW - 4,
                rgb(v),
                esc(&t.id),
                v.as_str(),
                coverage_percent(n as f64 / checked as f64)
            );
            x += w;
        }
        h.push('\n');
    }
    let y = ROW * cols.terms.len() + 16;
    for (i, v) in WORST_FIRST.iter().enumerate() {
        let x = LABEL + i * 100;
        let _ = write!(
            h,
            "<rect x=\"{x}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"rgb({})\"/><text x=\"{}\" y=\"{y}\">{}</text>",
            y - 9,
            rgb(*v),
            x + 14,
            v.as_str()
        );
    }
    h.push_str("</svg>\n");
}

/// Per-term counts, each cell shaded by its share of the checked contracts
/// (so 26 is darker than 11); the script sorts it by any column.
fn totals_html(h: &mut String, totals: &[[usize; 4]], cols: &Columns, checked: usize) {
    h.push_str("<h2>Per-term totals</h2>\n<table id=\"totals\" class=\"sortable\"><thead><tr>");
    h.push_str("<th data-type=\"text\">term</th><th data-type=\"text\">title</th>");
    for v in WORST_FIRST {
        let _ = write!(h, "<th data-type=\"num\">{}</th>", v.as_str());
    }
    h.push_str("</tr></thead><tbody>\n");
    for (t, counts) in cols.terms.iter().zip(totals) {
        let _ = write!(
            h,
            "<tr><td data-v=\"{}\" title=\"{}\">{}</td><td>{}</td>",
            esc(&t.id),
            esc(&t.id),
            term_label(t),
            esc(&t.title)
        );
        for v in WORST_FIRST {
            let n = counts[verdict_index(v)];
            let share = if checked == 0 { 0.0 } else { n as f64 / checked as f64 };
            let ink = if share > 0.55 { "#fff" } else { "#222" };
            let _ = write!(
                h,
                "<td class=\"n\" data-v=\"{n}\" style=\"background:rgba({},{share:.2});color:{ink}\" title=\"{}\">{n}</td>",
                rgb(v),
                coverage_percent(share)
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// The controls and the head of the documents × terms table; the script fills its body.
fn grid_html(h: &mut String, cols: &Columns) {
    h.push_str("<h2>Documents × terms</h2>\n<div class=\"controls\">");
    h.push_str("<label>path or supplier contains <input id=\"q\" type=\"search\" placeholder=\"filter\"></label>");
    h.push_str("<label>term <select id=\"term\"><option value=\"\">any term</option>");
    for (i, t) in cols.terms.iter().enumerate() {
        let star = if t.critical { " ★" } else { "" };
        let _ = write!(h, "<option value=\"{i}\">{}{star}</option>", esc(&t.id));
    }
    h.push_str("</select></label><label>verdict <select id=\"verdict\"><option value=\"\">any</option>");
    for v in WORST_FIRST {
        let _ = write!(h, "<option value=\"{}\">{}</option>", &v.as_str()[..1].to_uppercase(), v.as_str());
    }
    h.push_str("<option value=\"error\">unreadable</option><option value=\"skipped\">not checked</option>");
    h.push_str("</select></label><button id=\"worst\" type=\"button\">worst first</button>");
    h.push_str("<span id=\"shown\"></span></div>\n");
    h.push_str("<div class=\"legend\">");
    for v in WORST_FIRST {
        let c = &v.as_str()[..1].to_uppercase();
        let _ = write!(h, "<span class=\"v{}\">{} {}</span>", c.to_lowercase(), c, v.as_str());
    }
    h.push_str("<span class=\"ve\">! unreadable</span><span class=\"vs\">· not checked</span>");
    h.push_str("<span class=\"vm h\">m</span> hidden (suppressed, baseline, off) · ★ critical · click a row for details</div>\n");
    h.push_str("<div id=\"grid\" tabindex=\"0\"><table id=\"heat\"><thead><tr>");
    h.push_str("<th data-key=\"path\">document</th><th data-key=\"supplier\">supplier</th>");
    h.push_str("<th data-key=\"coverage\">coverage</th>");
    for (i, t) in cols.terms.iter().enumerate() {
        let crit = if t.critical { " class=\"critical\"" } else { "" };
        let _ = write!(
            h,
            "<th data-key=\"t{i}\"{crit} title=\"{}: {}{}\">{}</th>",
            esc(&t.id),
            esc(&t.title),
            if t.critical { " (critical)" } else { "" },
            term_label(t)
        );
    }
    h.push_str("</tr></thead><tbody></tbody></table></div>\n");
    h.push_str("<noscript><p>Open this report with JavaScript enabled to see the documents.</p></noscript>\n");
    h.push_str("<section id=\"detail\" hidden></section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::TermCol;

    #[test]
    fn escapes_everything_and_lists_terms() {
        let cols = Columns {
            reference: "mc2@2".into(),
            view: "accepted".into(),
            terms: vec![TermCol { id: "A1-sdl".into(), title: "<SDL>".into(), critical: true }],
        };
        let doc = DocumentReport {
            path: "<script>alert(1)</script>.docx".into(),
            status: "error".into(),
            sha256: None,
            parties: None,
            terms: vec![],
            summary: None,
            error: Some(crate::model::ErrorInfo { code: "not-a-zip".into(), message: "a & b".into() }),
        };
        let mut ok = doc.clone();
        ok.path = "ok.docx".into();
        ok.status = "ok".into();
        ok.error = None;
        ok.terms = vec![crate::model::Finding {
            term: "A1-sdl".into(),
            verdict: Verdict::Weakened,
            kinds: vec![crate::model::Kind::Efforts],
            severity: crate::model::Severity::Warning,
            clause: Some("9.2(b)".into()),
            paragraph: Some(3),
            span: None,
            score: 0.5,
            message: "</script><b>x</b>".into(),
            text: Some("<!-- y".into()),
            suppressed: false,
            suppression: None,
            evidence: vec![],
        }];
        ok.summary = Some(crate::model::Summary::of(&ok.terms));
        let html = render(&[doc, ok], &cols);
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("</script><b>") && !html.contains("<!-- y"), "data cannot close its script element");
        assert!(html.contains("\\u003c/script>\\u003cb>x\\u003c/b>") && html.contains("9.2(b)"));
        assert!(html.contains("\\u003cscript>alert(1)\\u003c/"));
        assert!(html.contains("&lt;SDL&gt;") && html.contains("A1-sdl") && html.contains("a & b"));
        assert!(!html.contains("src=\"http") && !html.contains("href=\"http"), "no network");
        assert!(html.contains("id=\"h-critical\">0%") && html.contains("id=\"h-unreadable\">1<"));
        assert!(html.contains("<li data-term=\"A1-sdl\" data-n=\"1\">"), "the most exposed term is listed");
    }
}
