//! The HTML portfolio report: one self-contained file (inline CSS and JS, no
//! network) with per-term totals, a heatmap of documents × terms coloured by
//! verdict (sortable, filterable), and a drill-down per document listing each
//! finding's clause number, message and text. All text is escaped.

use std::fmt::Write as _;

use super::table::{Columns, Tally};
use crate::model::{DocumentReport, Verdict};

pub use super::escape_markup as esc;

/// The short CSS class of a verdict cell in the heatmap (kept small: a portfolio
/// of 10,000 documents has 270,000 cells).
fn cell_class(v: Verdict) -> &'static str {
    match v {
        Verdict::Conformant => "vc",
        Verdict::Weakened => "vw",
        Verdict::Deviating => "vd",
        Verdict::Missing => "vm",
    }
}

fn letter(v: Verdict) -> &'static str {
    match v {
        Verdict::Conformant => "C",
        Verdict::Weakened => "W",
        Verdict::Deviating => "D",
        Verdict::Missing => "M",
    }
}

/// Short column label: the part of the ID before the first '-' (e.g. `C3`).
fn short(id: &str) -> &str {
    id.split('-').next().filter(|s| !s.is_empty()).unwrap_or(id)
}

const CSS: &str = r#"
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .4em}
.meta{color:#555;margin-bottom:1em}
table{border-collapse:collapse}
th,td{border:1px solid #ddd;padding:2px 6px}
th{background:#f4f4f4;position:sticky;top:0;cursor:pointer;user-select:none}
th.sorted-asc::after{content:" \25B2"}th.sorted-desc::after{content:" \25BC"}
#heat td.vc,#heat td.vw,#heat td.vd,#heat td.vm,#heat td.ve{text-align:center;font-weight:600;width:1.6em}
.v-conformant,.vc{background:#c8e6c9;color:#1b5e20}.v-weakened,.vw{background:#ffe082;color:#6d4c00}
.v-deviating,.vd{background:#ffccbc;color:#8d2c00}.v-missing,.vm{background:#ef9a9a;color:#7f0000}
.v-error,.ve{background:#b0bec5;color:#263238}
#heat td.path{max-width:32em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#heat td.path a{color:#0d47a1;text-decoration:none}
.controls{margin:.6em 0;display:flex;gap:1em;flex-wrap:wrap;align-items:center}
.legend span{display:inline-block;padding:0 .5em;margin-right:.3em;border-radius:3px}
details{border:1px solid #ddd;border-radius:4px;margin:.4em 0;padding:.3em .6em}
details summary{cursor:pointer;font-weight:600}
details table{margin:.4em 0;width:100%}
details td.text{font-family:Georgia,serif;white-space:pre-wrap;max-width:60em}
.err{color:#b71c1c}
#totals td.n{text-align:right}
"#;

const JS: &str = r##"
(function(){
  var heat=document.getElementById('heat');if(!heat)return;
  var body=heat.tBodies[0];
  var rows=Array.prototype.slice.call(body.rows);
  var q=document.getElementById('q'),term=document.getElementById('term'),verdict=document.getElementById('verdict');
  var shown=document.getElementById('shown');
  function apply(){
    var text=q.value.toLowerCase(),t=term.value,v=verdict.value,n=0;
    rows.forEach(function(r){
      var ok=!text||r.getAttribute('data-path').toLowerCase().indexOf(text)>=0;
      if(ok&&v){
        if(v==='error'){ok=r.getAttribute('data-status')==='error';}
        else{
          var cells=t?[r.cells[+t]]:Array.prototype.slice.call(r.cells,2);
          ok=cells.some(function(c){return c&&c.className===v;});
        }
      }
      r.style.display=ok?'':'none';if(ok)n++;
    });
    shown.textContent=n+' of '+rows.length+' documents shown';
  }
  [q,term,verdict].forEach(function(e){e.addEventListener('input',apply);e.addEventListener('change',apply);});
  var rank={vc:0,vd:1,vw:2,vm:3,ve:4};
  function key(r,i){
    if(i===0)return r.getAttribute('data-path');
    if(i===1)return r.cells[1].getAttribute('data-sort');
    var k=rank[r.cells[i].className];return k===undefined?-1:k;
  }
  var heads=heat.tHead.rows[0].cells;
  body.addEventListener('mouseover',function(e){
    var td=e.target.closest('td');
    if(td&&td.cellIndex>1&&!td.title)td.title=heads[td.cellIndex].title+': '+td.textContent;
  });
  Array.prototype.forEach.call(heads,function(th,i){
    th.addEventListener('click',function(){
      var asc=!th.classList.contains('sorted-asc');
      Array.prototype.forEach.call(heads,function(h){h.classList.remove('sorted-asc','sorted-desc');});
      th.classList.add(asc?'sorted-asc':'sorted-desc');
      var num=th.getAttribute('data-type')==='num';
      rows.sort(function(a,b){
        var x=key(a,i),y=key(b,i);
        var c=num?(parseFloat(x)-parseFloat(y)):(x<y?-1:x>y?1:0);
        if(c===0){var p=a.getAttribute('data-path'),s=b.getAttribute('data-path');c=p<s?-1:p>s?1:0;}
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
  body.addEventListener('click',function(e){
    var a=e.target.closest('a[href^="#doc-"]');if(!a)return;
    var d=document.getElementById(a.getAttribute('href').slice(1));if(d&&d.tagName==='DETAILS')d.open=true;
  });
  apply();
  var data=JSON.parse(document.getElementById('findings').textContent);
  var names=['term','verdict','kinds','clause','message','text'];
  function fill(d){
    if(d.getAttribute('data-filled'))return;
    d.setAttribute('data-filled','1');
    var fs=data[+d.getAttribute('data-i')];
    if(!fs||!fs.length)return;
    var t=document.createElement('table'),hr=document.createElement('tr'),tb=document.createElement('tbody');
    names.forEach(function(x){var th=document.createElement('th');th.textContent=x;hr.appendChild(th);});
    t.createTHead().appendChild(hr);
    fs.forEach(function(f){
      var tr=document.createElement('tr');
      [f[0],f[1]+(f[6]?' (suppressed)':''),f[2],f[3]||'\u2014',f[4],f[5]||''].forEach(function(v,j){
        var td=document.createElement('td');td.textContent=v;
        if(j===1)td.className='v-'+f[1];
        if(j===5)td.className='text';
        tr.appendChild(td);
      });
      tb.appendChild(tr);
    });
    t.appendChild(tb);d.appendChild(t);
  }
  Array.prototype.forEach.call(document.querySelectorAll('details[data-i]'),function(d){
    d.addEventListener('toggle',function(){if(d.open)fill(d);});
  });
  function openHash(){
    var d=location.hash&&document.getElementById(location.hash.slice(1));
    if(d&&d.tagName==='DETAILS'){d.open=true;fill(d);}
  }
  window.addEventListener('hashchange',openHash);
  openHash();
})();
"##;

/// One finding in the drill-down data: term, verdict, kinds, clause, message, text, suppressed.
type Row<'a> = (&'a str, &'static str, String, Option<&'a str>, &'a str, Option<&'a str>, bool);

/// The findings of every document as JSON that is safe inside a `<script>` element:
/// `<` only occurs inside JSON strings, where it is written `\u003c`.
fn findings_json(docs: &[DocumentReport]) -> String {
    let data: Vec<Vec<Row>> = docs
        .iter()
        .map(|d| {
            d.terms
                .iter()
                .map(|f| {
                    let kinds: Vec<&str> = f.kinds.iter().map(|k| k.as_str()).collect();
                    (
                        f.term.as_str(),
                        f.verdict.as_str(),
                        kinds.join(", "),
                        f.clause.as_deref(),
                        f.message.as_str(),
                        f.text.as_deref(),
                        f.suppressed,
                    )
                })
                .collect()
        })
        .collect();
    serde_json::to_string(&data).expect("findings serialise").replace('<', "\\u003c")
}

/// Renders the whole report.
pub fn render(docs: &[DocumentReport], cols: &Columns) -> String {
    let mut tally = Tally::default();
    for d in docs {
        tally.add(d);
    }
    let mut h = String::with_capacity(4096 + docs.len() * 4096);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n");
    let _ = writeln!(h, "<title>mc2lint portfolio: {} documents</title>", docs.len());
    let _ = writeln!(h, "<style>{CSS}</style></head><body>");
    let _ = writeln!(h, "<h1>MC² contract portfolio</h1>");
    let _ = writeln!(
        h,
        "<div class=\"meta\">reference <b>{}</b> · view <b>{}</b> · {} documents · {} unreadable · mc2lint {}</div>",
        esc(&cols.reference),
        esc(&cols.view),
        tally.documents,
        tally.errors,
        env!("CARGO_PKG_VERSION")
    );
    h.push_str("<div class=\"legend\">");
    for v in Verdict::ALL {
        let _ = write!(h, "<span class=\"v-{0}\">{1} {0}</span>", v.as_str(), letter(v));
    }
    h.push_str("<span class=\"v-error\">! unreadable</span></div>\n");

    // Per-term totals.
    h.push_str("<h2>Per-term totals</h2>\n<table id=\"totals\"><thead><tr><th>term</th><th>title</th>");
    for v in [Verdict::Missing, Verdict::Weakened, Verdict::Deviating, Verdict::Conformant] {
        let _ = write!(h, "<th>{}</th>", v.as_str());
    }
    h.push_str("</tr></thead><tbody>\n");
    for t in &cols.terms {
        let _ = write!(h, "<tr><td>{}</td><td>{}</td>", esc(&t.id), esc(&t.title));
        for v in [Verdict::Missing, Verdict::Weakened, Verdict::Deviating, Verdict::Conformant] {
            let n = tally.count(&t.id, v);
            let class = if n > 0 && v != Verdict::Conformant { format!(" v-{}", v.as_str()) } else { String::new() };
            let _ = write!(h, "<td class=\"n{class}\">{n}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");

    // Heatmap with controls.
    h.push_str("<h2>Documents × terms</h2>\n<div class=\"controls\">");
    h.push_str("<label>path contains <input id=\"q\" type=\"search\" placeholder=\"filter\"></label>");
    h.push_str("<label>term <select id=\"term\"><option value=\"\">any term</option>");
    for (i, t) in cols.terms.iter().enumerate() {
        let _ = write!(h, "<option value=\"{}\">{}</option>", i + 2, esc(&t.id));
    }
    h.push_str("</select></label><label>verdict <select id=\"verdict\"><option value=\"\">any</option>");
    for v in [Verdict::Missing, Verdict::Weakened, Verdict::Deviating, Verdict::Conformant] {
        let _ = write!(h, "<option value=\"{}\">{}</option>", cell_class(v), v.as_str());
    }
    h.push_str("<option value=\"error\">unreadable</option></select></label><span id=\"shown\"></span></div>\n");
    h.push_str("<table id=\"heat\"><thead><tr><th data-type=\"text\">document</th>");
    h.push_str("<th data-type=\"num\">coverage</th>");
    for t in &cols.terms {
        let _ =
            write!(h, "<th data-type=\"num\" title=\"{}: {}\">{}</th>", esc(&t.id), esc(&t.title), esc(short(&t.id)));
    }
    h.push_str("</tr></thead><tbody>\n");
    for (i, d) in docs.iter().enumerate() {
        let path = esc(&d.path);
        let _ = write!(
            h,
            "<tr data-path=\"{path}\" data-status=\"{}\"><td class=\"path\"><a href=\"#doc-{i}\">{path}</a></td>",
            esc(&d.status)
        );
        match (&d.error, &d.summary) {
            (None, Some(s)) => {
                let _ = write!(h, "<td data-sort=\"{0:.3}\">{0:.3}</td>", s.coverage);
            }
            _ => h.push_str("<td data-sort=\"-1\" class=\"v-error\">error</td>"),
        }
        for t in &cols.terms {
            match d.terms.iter().find(|f| f.term == t.id) {
                Some(f) => {
                    let _ = write!(h, "<td class=\"{}\">{}</td>", cell_class(f.verdict), letter(f.verdict));
                }
                None if d.is_error() => h.push_str("<td class=\"ve\">!</td>"),
                None => h.push_str("<td></td>"),
            }
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");

    // Drill-down: the summary of each document is static; its findings come from
    // one JSON block and are rendered when the document is opened, so the page
    // stays light for portfolios of thousands of documents.
    h.push_str("<h2>Findings by document</h2>\n");
    h.push_str("<noscript><p>Open this report with JavaScript enabled to see each finding.</p></noscript>\n");
    for (i, d) in docs.iter().enumerate() {
        let _ = write!(h, "<details id=\"doc-{i}\" data-i=\"{i}\"><summary>{}", esc(&d.path));
        if let Some(s) = &d.summary {
            let _ = write!(
                h,
                " — coverage {:.3} ({} conformant, {} weakened, {} deviating, {} missing)",
                s.coverage, s.conformant, s.weakened, s.deviating, s.missing
            );
        }
        h.push_str("</summary>\n");
        if let Some(e) = &d.error {
            let _ = writeln!(h, "<p class=\"err\">error <b>{}</b>: {}</p>", esc(&e.code), esc(&e.message));
        }
        if let Some(sha) = &d.sha256 {
            let _ = writeln!(h, "<div class=\"meta\">sha256 {}</div>", esc(sha));
        }
        h.push_str("</details>\n");
    }
    let _ = writeln!(h, "<script type=\"application/json\" id=\"findings\">{}</script>", findings_json(docs));
    let _ = writeln!(h, "<script>{JS}</script>\n</body></html>");
    h
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
            terms: vec![TermCol { id: "A1-sdl".into(), title: "<SDL>".into() }],
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
        let html = render(&[doc, ok], &cols);
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("</script><b>") && !html.contains("<!-- y"), "data cannot close its script element");
        assert!(html.contains("\\u003c/script>\\u003cb>x\\u003c/b>") && html.contains("9.2(b)"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;.docx"));
        assert!(html.contains("&lt;SDL&gt;") && html.contains("A1-sdl") && html.contains("a &amp; b"));
        assert!(!html.contains("http://") && !html.contains("https://"));
    }
}
