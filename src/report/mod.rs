//! Output formats. Each renderer takes finished results and only formats them.

pub mod dump;
pub mod github;
pub mod html;
pub mod human;
pub mod sarif;
pub mod table;

/// Escapes text for XML and HTML content and quoted attributes, dropping the
/// control characters XML 1.0 forbids. Shared by the HTML report and the
/// Word comments `annotate` writes.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
