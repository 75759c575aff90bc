//! The desk's own pages: the upload form (on top of every page), the
//! start page with the API described, and a refused upload. Plain escaped
//! HTML inside the review page's frame (`review_html::page_with`), so they
//! share its stylesheet and Content-Security-Policy.

use super::Settings;
use crate::report::escape_markup as esc;
use crate::report::review_html::page_with;

/// The upload form: DOCX files, the pack (built-in or uploaded).
pub fn form(packs: &[(&str, String)], settings: &Settings) -> String {
    let options: String = packs
        .iter()
        .map(|(id, name)| {
            let selected = if *id == settings.default_pack { " selected" } else { "" };
            format!("<option value=\"{}\"{selected}>{} ({})</option>", esc(id), esc(name), esc(id))
        })
        .collect();
    format!(
        "<header class=\"desk\"><form method=\"post\" action=\"/review\" enctype=\"multipart/form-data\">\
<h1>mc2lint review desk</h1>\
<label>Contracts (DOCX, up to {files}) <input type=\"file\" name=\"file\" accept=\".docx\" multiple required></label>\
<label>Pack <select name=\"reference\">{options}</select></label>\
<label>or your own pack (TOML) <input type=\"file\" name=\"reference\" accept=\".toml\"></label>\
<button type=\"submit\">Review</button></form></header>",
        files = settings.max_files
    )
}

/// The start page.
pub fn desk(packs: &[(&str, String)], settings: &Settings) -> String {
    let intro = format!(
        "<section class=\"contract\" id=\"about\"><h1>Review vendor paper against MC²</h1>\
<p>Choose or drop one or more DOCX contracts above and press <b>Review</b>. Each contract gets a review: \
the clauses that are weaker than MC² or missing, in plain words, with suggested wording in the contract's own \
party names, and a copy of the contract with every finding as a Word comment to download.</p>\
<p>Files are checked in memory on this computer and never stored. Uploads are limited to {mib} MiB and \
{files} files at a time.</p>\
<details><summary>HTTP API for scripts</summary><ul>\
<li><code>POST /api/check</code>, multipart field <code>file</code> (repeatable) and optional <code>reference</code> \
(<code>mc2@1</code>, <code>mc2@2</code> or a pack TOML file): the <code>mc2lint/report@1</code> JSON report.</li>\
<li><code>POST /api/annotate</code>, one <code>file</code>: the annotated DOCX.</li>\
<li><code>GET /api/health</code>: 200 when the desk is up.</li></ul>\
<pre>curl -F file=@contract.docx http://127.0.0.1:PORT/api/check</pre></details></section>",
        mib = settings.max_upload >> 20,
        files = settings.max_files
    );
    page_with("mc2lint review desk", &form(packs, settings), &[intro])
}

/// The page for an upload that was refused as a whole (too large, no file, bad pack).
pub fn refused(packs: &[(&str, String)], settings: &Settings, message: &str) -> String {
    let body = format!(
        "<section class=\"contract\"><p class=\"error\" role=\"alert\"><strong>Nothing was checked:</strong> {}</p></section>",
        esc(message)
    );
    page_with("mc2lint review desk", &form(packs, settings), &[body])
}
