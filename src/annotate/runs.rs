//! One `w:r` element taken apart so that it can be cut at a character offset:
//! its start tag, its properties (`w:rPr`, kept verbatim) and its content as
//! text and atomic items (`w:tab`, `w:br`, ...), each with the text the reader
//! gives it. Runs holding anything else (fields, drawings, note references)
//! are "opaque": comments anchor at their edges and no change touches them.
//!
//! Rendering is canonical (one `w:t xml:space="preserve"` per stretch of
//! text), so that a run cut by one annotation, merged back by the clean-up of
//! the next (`cleanup`) and cut again at the same place comes out byte for
//! byte the same.

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::docx::xml::symbol_char;
use crate::report::escape_markup;

/// What a run holds, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text of `w:t` (or `w:delText`), unescaped.
    Text(String),
    /// An element kept verbatim, and the text the reader reads for it ("\t", "" ...).
    Atom { xml: String, text: String },
}

impl Item {
    pub fn text(&self) -> &str {
        match self {
            Item::Text(t) => t,
            Item::Atom { text, .. } => text,
        }
    }
}

/// A parsed `w:r`.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// `w` in `<w:r>`: every element written for this run uses it.
    pub prefix: String,
    /// The start tag, verbatim (attributes such as `w:rsidR` kept).
    pub open: String,
    /// `<w:rPr>...</w:rPr>` verbatim, or empty.
    pub props: String,
    pub items: Vec<Item>,
}

impl Run {
    /// Parses one `w:r` element; `None` for anything this module cannot cut
    /// safely (see the module comment).
    pub fn parse(xml: &str) -> Option<Run> {
        let mut reader = Reader::from_str(xml);
        reader.config_mut().trim_text(false);
        let (open, prefix) = match reader.read_event().ok()? {
            Event::Start(e) if e.local_name().as_ref() == b"r" => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).ok()?;
                let prefix = name.rsplit_once(':').map(|(p, _)| p.to_string()).unwrap_or_default();
                (xml[..reader.buffer_position() as usize].to_string(), prefix)
            }
            _ => return None,
        };
        let mut run = Run { prefix, open, props: String::new(), items: Vec::new() };
        loop {
            let before = reader.buffer_position() as usize;
            match reader.read_event().ok()? {
                Event::Start(e) => {
                    let local = e.local_name().as_ref().to_vec();
                    match local.as_slice() {
                        b"rPr" if run.items.is_empty() && run.props.is_empty() => {
                            reader.read_to_end(e.name()).ok()?;
                            run.props = xml[before..reader.buffer_position() as usize].to_string();
                        }
                        b"t" | b"delText" => {
                            let text = reader.read_text(e.name()).ok()?;
                            let text = quick_xml::escape::unescape(&text).ok()?.into_owned();
                            run.push_text(&text);
                        }
                        _ => return None,
                    }
                }
                Event::Empty(e) => {
                    let raw = &xml[before..reader.buffer_position() as usize];
                    let text = match e.local_name().as_ref() {
                        b"t" | b"delText" => continue,
                        b"tab" | b"ptab" => "\t".to_string(),
                        b"br" | b"cr" => {
                            let page = crate::docx::xml::attr(&e, b"type").as_deref() == Some("page");
                            if page {
                                String::new()
                            } else {
                                "\n".to_string()
                            }
                        }
                        b"noBreakHyphen" => "\u{2011}".to_string(),
                        b"softHyphen" => "\u{00AD}".to_string(),
                        b"lastRenderedPageBreak" => String::new(),
                        b"sym" => crate::docx::xml::attr(&e, b"char")
                            .and_then(|c| u32::from_str_radix(&c, 16).ok())
                            .and_then(symbol_char)
                            .map(String::from)
                            .unwrap_or_default(),
                        b"rPr" if run.items.is_empty() && run.props.is_empty() => {
                            run.props = raw.to_string();
                            continue;
                        }
                        _ => return None,
                    };
                    run.items.push(Item::Atom { xml: raw.to_string(), text });
                }
                Event::End(e) if e.local_name().as_ref() == b"r" => {
                    // Nothing may follow the run's end inside the slice.
                    return (reader.buffer_position() as usize == xml.len()).then_some(run);
                }
                Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
                Event::Comment(_) => {}
                _ => return None,
            }
        }
    }

    fn push_text(&mut self, text: &str) {
        if let Some(Item::Text(last)) = self.items.last_mut() {
            last.push_str(text);
        } else if !text.is_empty() {
            self.items.push(Item::Text(text.to_string()));
        }
    }

    /// The text the reader reads from this run.
    pub fn text(&self) -> String {
        self.items.iter().map(Item::text).collect()
    }

    fn w(&self, local: &str) -> String {
        if self.prefix.is_empty() {
            local.to_string()
        } else {
            format!("{}:{local}", self.prefix)
        }
    }

    /// The items between byte offsets `from` and `to` of the run's text.
    /// Offsets inside an atom are not expected (atoms are one character);
    /// such an atom goes with the side holding its start.
    pub fn slice(&self, from: usize, to: usize) -> Vec<Item> {
        let total = self.text().len();
        let mut out = Vec::new();
        let mut at = 0;
        for item in &self.items {
            let len = item.text().len();
            let (start, end) = (at, at + len);
            at = end;
            match item {
                Item::Text(t) => {
                    let (a, b) = (from.max(start), to.min(end));
                    if a < b {
                        if let Some(piece) = t.get(a - start..b - start) {
                            out.push(Item::Text(piece.to_string()));
                        }
                    }
                }
                Item::Atom { .. } => {
                    // An empty atom (a page-break mark) goes with the text after it,
                    // or with the last piece when it ends the run.
                    let inside = start >= from && (start < to || (len == 0 && to == total));
                    if inside {
                        out.push(item.clone());
                    }
                }
            }
        }
        out
    }

    /// A run with these items, in canonical form; empty when there are none.
    pub fn render(&self, items: &[Item], deleted: bool) -> String {
        if items.is_empty() {
            return String::new();
        }
        let text_tag = self.w(if deleted { "delText" } else { "t" });
        let mut s = format!("{}{}", self.open, self.props);
        let mut pending = String::new();
        let flush = |s: &mut String, pending: &mut String| {
            if !pending.is_empty() {
                s.push_str(&format!("<{text_tag} xml:space=\"preserve\">{}</{text_tag}>", escape_markup(pending)));
                pending.clear();
            }
        };
        for item in items {
            match item {
                Item::Text(t) => pending.push_str(t),
                Item::Atom { xml, .. } => {
                    flush(&mut s, &mut pending);
                    s.push_str(xml);
                }
            }
        }
        flush(&mut s, &mut pending);
        s + &format!("</{}>", self.w("r"))
    }

    /// A new run with this run's properties (no attributes on the start tag:
    /// revision-save ids belong to the text that was there) holding `text`.
    pub fn render_new(&self, text: &str) -> String {
        let r = self.w("r");
        let t = self.w("t");
        format!("<{r}>{}<{t} xml:space=\"preserve\">{}</{t}></{r}>", self.props, escape_markup(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cuts_and_renders() {
        let xml = r#"<w:r w:rsidR="1"><w:rPr><w:b/></w:rPr><w:t>Vendor &amp; co</w:t><w:tab/><w:t xml:space="preserve"> may </w:t></w:r>"#;
        let run = Run::parse(xml).unwrap();
        assert_eq!(run.text(), "Vendor & co\t may ");
        assert_eq!(run.props, "<w:rPr><w:b/></w:rPr>");
        let left = run.slice(0, 7);
        assert_eq!(
            run.render(&left, false),
            r#"<w:r w:rsidR="1"><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Vendor </w:t></w:r>"#
        );
        let right = run.slice(7, run.text().len());
        assert_eq!(
            run.render(&right, true),
            r#"<w:r w:rsidR="1"><w:rPr><w:b/></w:rPr><w:delText xml:space="preserve">&amp; co</w:delText><w:tab/><w:delText xml:space="preserve"> may </w:delText></w:r>"#
        );
        assert!(Run::parse(r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#).is_none());
        assert!(Run::parse(r#"<w:r><w:t>a</w:t></w:r><w:r/>"#).is_none());
    }
}
