//! The review as one self-contained HTML page (`check --format html`, and
//! the pages `serve` returns): per contract a summary, a side panel of
//! findings (filter by verdict and severity, click to jump), the contract
//! text in reading order with each finding's clause highlighted and
//! numbered, and under the clause what is weaker with the MC² wording and
//! the suggested wording side by side. The print stylesheet keeps only the
//! summary, the flagged clauses and their findings: a memo.
//!
//! Everything from the document (text, file names, party names) is escaped;
//! a Content-Security-Policy allows no network access and only this page's
//! own script (by hash), so a payload in a clause can neither run nor load.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::escape_markup as esc;
use super::review::{kind_words, severity_label, Item, Review};
use crate::document::Document;
use crate::model::{DocumentReport, Verdict};
use crate::reference::Pack;

/// An annotated copy offered for download next to a contract (`serve`).
pub struct Download<'a> {
    pub file_name: &'a str,
    /// A `data:` URL holding the DOCX: the page needs no server state to offer it.
    pub data_url: &'a str,
}

/// The section of one contract; `index` makes its ids unique on the page.
pub fn section(report: &DocumentReport, doc: Option<&Document>, pack: &Pack, index: usize) -> String {
    section_with(report, doc, pack, index, None)
}

/// `section`, with a download link for the annotated copy.
pub fn section_with(
    report: &DocumentReport,
    doc: Option<&Document>,
    pack: &Pack,
    index: usize,
    download: Option<Download>,
) -> String {
    let id = format!("c{index}");
    let mut out = format!("<section class=\"contract\" id=\"{id}\" data-path=\"{}\">\n", esc(&report.path));
    let _ = writeln!(out, "<h1>Review of <span class=\"path\">{}</span></h1>", esc(&report.path));
    if let Some(e) = &report.error {
        let _ = writeln!(
            out,
            "<p class=\"error\" role=\"alert\"><strong>This file could not be checked:</strong> {} <code>[{}]</code></p>\n</section>",
            esc(&e.message),
            esc(&e.code)
        );
        return out;
    }
    let review = Review::build(report, doc, pack);
    summary(&mut out, &review);
    if let Some(d) = download {
        let _ = writeln!(
            out,
            "<p class=\"download\"><a download=\"{}\" href=\"{}\">Download the annotated copy (Word comments)</a></p>",
            esc(d.file_name),
            esc(d.data_url)
        );
    }
    out.push_str("<div class=\"cols\">\n");
    panel(&mut out, &review, &id);
    out.push_str("<article class=\"text\">\n");
    match doc {
        Some(d) => contract_text(&mut out, &review, d, &id),
        None => findings_without_text(&mut out, &review, &id),
    }
    missing(&mut out, &review, &id);
    out.push_str("</article>\n</div>\n</section>\n");
    out
}

fn summary(out: &mut String, r: &Review) {
    let s = r.report.summary.clone().unwrap_or_default();
    let rows = [
        ("Supplier", esc(&r.supplier.described())),
        ("Customer", esc(&r.customer.described())),
        ("Checked against", esc(&format!("{}: {} terms, {} of them critical", r.pack, r.terms, r.critical_terms))),
        (
            "Critical terms",
            format!("<strong>{} missing, {} weakened</strong>", r.critical_missing, r.critical_weakened),
        ),
        ("Overall", esc(&r.overall())),
    ];
    out.push_str("<dl class=\"summary\">\n");
    for (k, v) in rows {
        let _ = writeln!(out, "<dt>{k}</dt><dd>{v}</dd>");
    }
    let hidden = s.suppressed + s.baselined + s.off;
    if hidden > 0 {
        let _ = writeln!(
            out,
            "<dt>Not shown</dt><dd>{hidden} findings: {} suppressed, {} in the baseline, {} switched off</dd>",
            s.suppressed, s.baselined, s.off
        );
    }
    out.push_str("</dl>\n");
}

/// The side panel: every finding, by severity then clause order, linking to it.
fn panel(out: &mut String, r: &Review, id: &str) {
    out.push_str("<nav class=\"panel\" aria-label=\"Findings\">\n<div class=\"filters\">");
    out.push_str(
        "<label>Verdict <select class=\"f-verdict\"><option value=\"\">all</option><option>weakened</option>\
<option>deviating</option><option>missing</option></select></label> \
<label>Severity <select class=\"f-severity\"><option value=\"\">all</option><option value=\"error\">critical</option>\
<option value=\"warning\">important</option><option value=\"info\">minor</option></select></label>",
    );
    let _ = writeln!(out, "<p class=\"shown\">{n} of {n} findings shown</p></div>", n = r.items.len());
    out.push_str("<ol class=\"findings\">\n");
    for item in &r.items {
        let f = item.finding;
        let _ = writeln!(
            out,
            "<li class=\"finding sev-{sev}\" {attrs}><a href=\"#{id}-f{n}\"><span class=\"n\">{n}</span> \
{loc}<span class=\"title\">{title}</span></a> <span class=\"verdict\">{verdict}</span></li>",
            sev = f.severity.as_str(),
            attrs = data_attrs(item),
            n = item.number,
            loc = location(item),
            title = esc(&item.title),
            verdict = esc(&item.verdict),
        );
    }
    if r.items.is_empty() {
        let _ =
            writeln!(out, "<li class=\"none\">Nothing to review: every term shown meets {}.</li>", esc(&r.standard));
    }
    out.push_str("</ol>\n</nav>\n");
}

/// The clause's place, before the title; nothing for a missing term (its verdict says it).
fn location(item: &Item) -> String {
    if item.finding.verdict == Verdict::Missing {
        return String::new();
    }
    format!("<span class=\"loc\">{}</span> · ", esc(&item.location))
}

fn data_attrs(item: &Item) -> String {
    let f = item.finding;
    format!(
        "data-n=\"{}\" data-term=\"{}\" data-verdict=\"{}\" data-severity=\"{}\" data-clause=\"{}\"",
        item.number,
        esc(&f.term),
        f.verdict.as_str(),
        f.severity.as_str(),
        esc(f.clause.as_deref().unwrap_or_default())
    )
}

/// Missing terms have no clause: they come first, as what to add.
fn missing(out: &mut String, r: &Review, id: &str) {
    let items: Vec<&Item> = r.items.iter().filter(|i| i.finding.verdict == Verdict::Missing).collect();
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h2 class=\"missing\">Not in the contract ({}): clauses to add</h2>", items.len());
    for item in items {
        detail(out, r, item, id);
    }
}

/// The contract in reading order; clauses with findings highlighted, their
/// findings right after them.
fn contract_text(out: &mut String, r: &Review, doc: &Document, id: &str) {
    // Paragraph index → the findings whose clause ends there, and those it belongs to.
    let mut ends: BTreeMap<usize, Vec<&Item>> = BTreeMap::new();
    let mut covers: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for item in r.items.iter().filter(|i| i.finding.verdict != Verdict::Missing) {
        let Some(span) = item.finding.span else { continue };
        let first = doc.paragraph_at(span.start).map(|p| p.index);
        let last = doc.paragraph_at(span.end.saturating_sub(1).max(span.start)).map(|p| p.index).or(first);
        let (Some(first), Some(last)) = (first, last) else { continue };
        for p in first..=last.max(first) {
            covers.entry(p).or_default().push(item.number);
        }
        ends.entry(last.max(first)).or_default().push(item);
    }
    let _ = writeln!(out, "<h2>The contract</h2>");
    for p in doc.paragraphs.iter().filter(|p| p.kind.is_contract_text()) {
        let text = doc.paragraph_text(p);
        let numbers = covers.get(&p.index);
        let tag = if p.heading.is_some() { "h3" } else { "p" };
        let class = if numbers.is_some() { "para hit" } else { "para" };
        let _ = write!(out, "<{tag} class=\"{class}\" id=\"{id}-p{}\">", p.index);
        // A typed number is already in the text; Word's automatic one is not.
        if let (Some(n), Some(crate::document::NumberKind::Auto)) = (&p.number, p.number_kind) {
            let _ = write!(out, "<span class=\"num\">{}</span> ", esc(n));
        }
        let marks = marks_in(r, p.start, p.end);
        out.push_str(&highlighted(text, p.start, &marks));
        for n in numbers.into_iter().flatten() {
            let _ = write!(out, " <a class=\"tag\" href=\"#{id}-f{n}\">{n}</a>");
        }
        let _ = writeln!(out, "</{tag}>");
        for item in ends.get(&p.index).into_iter().flatten() {
            detail(out, r, item, id);
        }
    }
}

/// Without the document (never for `check`), each finding's own clause text.
fn findings_without_text(out: &mut String, r: &Review, id: &str) {
    for item in r.items.iter().filter(|i| i.finding.verdict != Verdict::Missing) {
        if let (Some(text), Some(span)) = (item.finding.text.as_deref(), item.finding.span) {
            let marks: Vec<(usize, usize, usize)> =
                item.marks.iter().map(|(s, e)| (s + span.start, e + span.start, item.number)).collect();
            let _ = writeln!(out, "<p class=\"para hit\">{}</p>", highlighted(text, span.start, &marks));
        }
        detail(out, r, item, id);
    }
}

/// Evidence ranges (absolute, with their finding's number) inside `[start, end)`.
fn marks_in(r: &Review, start: usize, end: usize) -> Vec<(usize, usize, usize)> {
    let mut marks: Vec<(usize, usize, usize)> = r
        .items
        .iter()
        .filter_map(|i| i.finding.span.map(|s| (i, s.start)))
        .flat_map(|(i, base)| i.marks.iter().map(move |(s, e)| (base + s, base + e, i.number)))
        .filter(|(s, e, _)| *s >= start && *e <= end)
        .collect();
    marks.sort();
    // Overlapping marks of two findings: the first one wins the words.
    let mut kept: Vec<(usize, usize, usize)> = Vec::new();
    for m in marks {
        if kept.last().is_none_or(|k| m.0 >= k.1) {
            kept.push(m);
        }
    }
    kept
}

/// `text` (starting at byte `base` of the document) escaped, with `marks` as `<mark>`.
fn highlighted(text: &str, base: usize, marks: &[(usize, usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for &(s, e, n) in marks {
        let (s, e) = (s - base, e - base);
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&esc(&text[at..s]));
        let _ = write!(out, "<mark data-f=\"{n}\">{}</mark>", esc(&text[s..e]));
        at = e;
    }
    out.push_str(&esc(&text[at..]));
    out
}

/// A finding's box: what is weaker, the kinds, the two wordings side by side, how to fix.
fn detail(out: &mut String, r: &Review, item: &Item, id: &str) {
    let f = item.finding;
    let _ = writeln!(
        out,
        "<div class=\"detail sev-{sev}\" id=\"{id}-f{n}\" {attrs}>\n<h4><span class=\"n\">{n}</span> \
{loc}{title} · <span class=\"verdict\">{verdict}</span> \
<span class=\"sev\">{label}</span></h4>",
        sev = f.severity.as_str(),
        n = item.number,
        attrs = data_attrs(item),
        loc = location(item),
        title = esc(&item.title),
        verdict = esc(&item.verdict),
        label = severity_label(f.severity),
    );
    out.push_str("<ul class=\"notes\">");
    let lead = match f.verdict {
        Verdict::Missing => "",
        Verdict::Deviating => "What differs: ",
        _ => "What is weaker: ",
    };
    for note in &item.notes {
        let _ = write!(out, "<li>{lead}{}</li>", esc(note));
    }
    // Every kind is explained here, not only on first use: a reader jumps straight to one finding.
    for (kind, _) in &item.kinds {
        let (label, plain) = kind_words(*kind, &r.standard, &r.supplier.short, &r.customer.short);
        let _ = write!(out, "<li class=\"kind\"><b>{}</b>: {}</li>", esc(label), esc(&plain));
    }
    out.push_str("</ul>\n");
    if let (Some(reference), Some(suggested)) = (&item.reference, &item.suggested) {
        let _ = writeln!(
            out,
            "<div class=\"wording\"><div><h5>{} wording</h5><p>{}</p></div><div><h5>Suggested wording</h5><p>{}</p></div></div>",
            esc(&r.standard),
            esc(reference),
            esc(suggested)
        );
    }
    if let Some(fix) = &item.fix {
        let _ = writeln!(out, "<p class=\"fix\"><b>How to fix:</b> {}</p>", esc(fix));
    }
    out.push_str("</div>\n");
}

/// The whole page around the contracts' sections.
pub fn page(sections: &[String]) -> String {
    page_with("mc2lint review", "", sections)
}

/// The page with `top` (trusted markup, e.g. `serve`'s upload form) above the sections.
pub fn page_with(title: &str, top: &str, sections: &[String]) -> String {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
script-src 'sha256-{hash}'; img-src data:; form-action 'self'; base-uri 'none'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n\
<body>\n{top}\n<main>\n{}</main>\n<script>{SCRIPT}</script>\n</body></html>",
        esc(title),
        sections.concat()
    )
}

const STYLE: &str = r#"
:root{--crit:#b42318;--imp:#b54708;--minor:#175cd3;--mark:#fde68a;--line:#d0d5dd}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#101828;background:#f9fafb}
main{max-width:1400px;margin:0 auto;padding:1rem}
.contract{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem 1.5rem;margin-bottom:2rem}
h1{font-size:1.3rem;margin:.2rem 0 .8rem}
.summary{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 1rem}
.summary dt{font-weight:600;color:#475467}.summary dd{margin:0}
.cols{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:1.5rem}
.panel{grid-column:2;grid-row:1;position:sticky;top:0;align-self:start;max-height:100vh;overflow:auto;border-left:1px solid var(--line);padding-left:1rem}
.text{grid-column:1;grid-row:1;font-family:Georgia,"Times New Roman",serif;overflow-wrap:anywhere}
.filters label{display:inline-block;margin:.2rem .5rem .2rem 0;font-size:.9rem}
.findings{list-style:none;padding:0;margin:0}
.findings li{padding:.35rem .4rem;border-left:4px solid var(--line);margin:.3rem 0;background:#fcfcfd}
.findings a{color:inherit;text-decoration:none}.findings a:hover .title{text-decoration:underline}
.n{display:inline-block;min-width:1.6em;font-weight:700}
.loc{font-weight:600}
.verdict{color:#475467;font-size:.9rem}
.sev-error{border-left-color:var(--crit)!important}.sev-warning{border-left-color:var(--imp)!important}.sev-info{border-left-color:var(--minor)!important}
.para{margin:.5rem 0}.para .num{font-weight:700}
.hit{background:#fff7ed;border-left:4px solid var(--imp);padding:.2rem .5rem}
mark{background:var(--mark);text-decoration:underline;text-decoration-color:var(--crit)}
.tag{display:inline-block;background:#101828;color:#fff;border-radius:9px;padding:0 .45em;font:600 .75rem system-ui,sans-serif;text-decoration:none}
.detail{font-family:system-ui,sans-serif;border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;padding:.5rem .8rem;margin:.4rem 0 1rem 1.5rem;background:#fff}
.detail h4{margin:.1rem 0 .3rem;font-size:1rem}
.detail .sev{float:right;font-size:.8rem;text-transform:uppercase;letter-spacing:.05em}
.notes{margin:.2rem 0 .5rem;padding-left:1.2rem}
.wording{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.wording h5{margin:.2rem 0;font-size:.85rem;color:#475467;text-transform:uppercase;letter-spacing:.04em}
.wording p{margin:0;font-family:Georgia,serif;font-size:.93rem;background:#f9fafb;padding:.4rem .6rem;border-radius:4px}
.fix{font-size:.93rem}
.error{color:var(--crit);background:#fef3f2;padding:.6rem;border-radius:6px}
.download a{display:inline-block;background:#175cd3;color:#fff;padding:.4rem .8rem;border-radius:6px;text-decoration:none}
.desk{background:#101828;color:#fff;padding:.8rem 1rem}.desk form{display:flex;flex-wrap:wrap;gap:.8rem;align-items:center}
.desk h1{font-size:1.1rem;margin:0 1rem 0 0}
[hidden]{display:none!important}
:target{outline:3px solid #175cd3;outline-offset:2px}
@media (max-width:900px){.cols{grid-template-columns:1fr}.panel{grid-column:1;grid-row:auto;position:static;max-height:none;border:0;padding:0}.text{grid-row:auto}}
@media print{
 body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
 .panel,.desk,.download,.filters,.tag{display:none!important}
 .contract{border:0;padding:0;page-break-after:always}
 .cols{display:block}
 .para:not(.hit),.text>h2:first-child{display:none}
 .hit{background:none;border-left:3px solid #999}
 .detail{break-inside:avoid;margin-left:0;border-left-width:3px}
 .wording{grid-template-columns:1fr 1fr}
 a{color:inherit;text-decoration:none}
}
"#;

/// Filters: hide the panel entries and finding boxes that do not match, and count what is shown.
const SCRIPT: &str = r#"
document.querySelectorAll('.contract').forEach(function(c){
  var v=c.querySelector('.f-verdict'),s=c.querySelector('.f-severity'),shown=c.querySelector('.shown');
  if(!v||!s)return;
  function apply(){
    var n=0,all=c.querySelectorAll('.findings li.finding');
    all.forEach(function(li){
      var ok=(!v.value||li.dataset.verdict===v.value)&&(!s.value||li.dataset.severity===s.value);
      li.hidden=!ok;if(ok)n++;
      var box=c.querySelector('.detail[data-n="'+li.dataset.n+'"]');if(box)box.hidden=!ok;
    });
    shown.textContent=n+' of '+all.length+' findings shown';
  }
  v.addEventListener('change',apply);s.addEventListener('change',apply);apply();
});
"#;
