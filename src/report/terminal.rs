//! The markdown of explanations (module docs, pack text) for a terminal:
//! paragraphs reflowed and wrapped at word boundaries to the width, list
//! items hanging, `**bold**` shown bold (or plain), no raw `*` or `**`.

/// Renders `md` to lines at most `width` columns wide. `bold` writes ANSI
/// bold for `**...**`; otherwise the markers are dropped.
pub fn render(md: &str, width: usize, bold: bool) -> String {
    let mut out = Vec::new();
    for block in blocks(md) {
        let (first, rest, text) = match &block {
            Block::Para(t) => ("", "", t.as_str()),
            Block::Item(indent, t) => (indent.as_str(), "", t.as_str()),
            Block::Blank => {
                out.push(String::new());
                continue;
            }
        };
        let hang = " ".repeat(first.len());
        let rest = if rest.is_empty() { hang.as_str() } else { rest };
        let options = textwrap::Options::new(width.max(20)).initial_indent(first).subsequent_indent(rest);
        out.extend(textwrap::wrap(&inline(text, bold), options).into_iter().map(|l| l.into_owned()));
    }
    out.join("\n")
}

enum Block {
    Blank,
    /// A paragraph: its lines joined.
    Para(String),
    /// A list item or an indented line: its marker or indent, and its text.
    Item(String, String),
}

/// Splits markdown into blank lines, paragraphs and items; a line that does
/// not start a new item continues the paragraph or item before it.
fn blocks(md: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for line in md.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.is_empty() {
            out.push(Block::Blank);
        } else if let Some(item) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) {
            out.push(Block::Item(format!("{indent}- "), item.to_string()));
        } else if let (false, Some(Block::Item(marker, t))) = (indent.is_empty(), out.last_mut()) {
            // Under a list item, an indented line continues it; elsewhere it is a line of its own.
            if marker.ends_with("- ") && indent.len() >= marker.len() {
                t.push(' ');
                t.push_str(trimmed);
            } else {
                out.push(Block::Item(indent.to_string(), trimmed.to_string()));
            }
        } else if !indent.is_empty() {
            out.push(Block::Item(indent.to_string(), trimmed.to_string()));
        } else {
            match out.last_mut() {
                Some(Block::Para(t) | Block::Item(_, t)) => {
                    t.push(' ');
                    t.push_str(trimmed);
                }
                _ => out.push(Block::Para(trimmed.to_string())),
            }
        }
    }
    out
}

/// `**bold**` and `*emphasis*` markers resolved.
fn inline(text: &str, bold: bool) -> String {
    let (on, off) = if bold { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split("**");
    out.push_str(parts.next().unwrap_or_default());
    for (i, part) in parts.enumerate() {
        out.push_str(if i % 2 == 0 { on } else { off });
        out.push_str(part);
    }
    // Single `*` around words is emphasis: drop it, keep a lone asterisk.
    let re = regex::Regex::new(r"\*([^*\s][^*]*?)\*").expect("valid");
    re.replace_all(&out, "$1").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflows_wraps_and_drops_markers() {
        let md = "**efforts**: the duty is only to try.\n\nWhat it does: flags effort qualifiers in the sentences\nthat carry the term: *commercially reasonable efforts*.\n\n- first item that is long\n  enough to wrap\n- second\n";
        let out = render(md, 30, false);
        assert!(!out.contains('*'), "{out}");
        assert!(out.starts_with("efforts: the duty is only to\ntry."), "{out}");
        for line in out.lines() {
            assert!(line.chars().count() <= 30, "{line:?}");
        }
        assert!(out.contains("- first item that is long\n  enough to wrap\n- second"), "{out}");
        assert!(render("**x**", 30, true).contains("\x1b[1mx\x1b[0m"));
    }
}
