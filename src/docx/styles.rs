//! Paragraph styles: the `basedOn` chain that carries numbering and outline levels.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::ns_reader::OoxmlReader;
use super::xml::{attr, val_num, Ns};

/// Longest style name kept, in characters (Word's are a few words).
const MAX_NAME: usize = 256;

#[derive(Debug, Clone, Default)]
pub struct Style {
    pub name: Option<String>,
    pub based_on: Option<String>,
    pub num_id: Option<u32>,
    pub ilvl: Option<u8>,
    pub outline: Option<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct Styles {
    pub by_id: HashMap<String, Style>,
    /// The paragraph style applied when a paragraph names none.
    pub default_paragraph: Option<String>,
    /// Numbering styles (`w:type="numbering"`), the targets of `w:numStyleLink`.
    pub numbering: HashMap<String, Style>,
}

/// Numbering, outline level and display name resolved through `basedOn`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResolvedStyle {
    pub num_id: Option<u32>,
    pub ilvl: Option<u8>,
    pub outline: Option<u8>,
}

impl Styles {
    pub fn parse(xml: &str) -> Result<Styles, quick_xml::Error> {
        let mut reader = OoxmlReader::from_str(xml);
        let mut styles = Styles::default();
        // The style being read, and whether it is a numbering style.
        let mut current: Option<(String, Style, bool)> = None;
        let mut in_ppr = false;
        loop {
            let (ns, event) = reader.read_event()?;
            let in_w = ns == Ns::W;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) if in_w => match e.local_name().as_ref() {
                    b"style" => {
                        let kind = attr(e, b"type");
                        let is_para = kind.as_deref().is_none_or(|t| t == "paragraph");
                        let is_numbering = kind.as_deref() == Some("numbering");
                        if let (true, Some(id)) = (is_para || is_numbering, attr(e, b"styleId")) {
                            if is_para && attr(e, b"default").is_some_and(|d| d == "1" || d == "true") {
                                styles.default_paragraph = Some(id.clone());
                            }
                            current = Some((id, Style::default(), is_numbering));
                        }
                    }
                    b"pPrChange" | b"rPr" | b"tblPr" => {
                        if matches!(event, Event::Start(_)) {
                            reader.read_to_end(e.name())?;
                        }
                    }
                    b"pPr" => in_ppr = true,
                    b"name" => {
                        if let Some((_, s, _)) = current.as_mut() {
                            // Looked at for every paragraph of the style: a megabyte-long
                            // name must not cost a megabyte each time.
                            s.name = attr(e, b"val").map(|mut n| {
                                if let Some((at, _)) = n.char_indices().nth(MAX_NAME) {
                                    n.truncate(at);
                                }
                                n
                            });
                        }
                    }
                    b"basedOn" => {
                        if let Some((_, s, _)) = current.as_mut() {
                            s.based_on = attr(e, b"val");
                        }
                    }
                    b"numId" if in_ppr => {
                        if let Some((_, s, _)) = current.as_mut() {
                            s.num_id = val_num(e).map(|v| v.max(0) as u32);
                        }
                    }
                    b"ilvl" if in_ppr => {
                        if let Some((_, s, _)) = current.as_mut() {
                            s.ilvl = val_num(e).map(|v| v.clamp(0, 8) as u8);
                        }
                    }
                    b"outlineLvl" if in_ppr => {
                        if let Some((_, s, _)) = current.as_mut() {
                            s.outline = val_num(e).filter(|v| (0..9).contains(v)).map(|v| v as u8);
                        }
                    }
                    _ => {}
                },
                Event::End(e) if in_w => match e.local_name().as_ref() {
                    b"style" => match current.take() {
                        Some((id, s, true)) => {
                            styles.numbering.insert(id, s);
                        }
                        Some((id, s, false)) => {
                            styles.by_id.insert(id, s);
                        }
                        None => {}
                    },
                    b"pPr" => in_ppr = false,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(styles)
    }

    /// The `w:numId` a numbering style (target of `w:numStyleLink`) points to.
    pub fn numbering_style_num(&self, id: &str) -> Option<u32> {
        match self.numbering.get(id) {
            Some(s) => s.num_id,
            // Some producers link to a paragraph style instead.
            None => self.resolve(Some(id)).num_id,
        }
    }

    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.by_id.get(id).and_then(|s| s.name.as_deref()).unwrap_or(id)
    }

    /// Walks `basedOn` (cycle-safe) and takes the nearest value of each property.
    pub fn resolve(&self, id: Option<&str>) -> ResolvedStyle {
        let mut out = ResolvedStyle::default();
        let mut next = id.or(self.default_paragraph.as_deref());
        let mut seen = 0;
        while let Some(sid) = next {
            let Some(style) = self.by_id.get(sid) else {
                break;
            };
            out.num_id = out.num_id.or(style.num_id);
            out.ilvl = out.ilvl.or(style.ilvl);
            out.outline = out.outline.or(style.outline);
            next = style.based_on.as_deref();
            seen += 1;
            if seen > 32 {
                break;
            }
        }
        out
    }

    /// Heading level from the style name ("heading 2" → 1), for documents whose
    /// heading styles carry no outline level.
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        let name = self.name_of(id).to_ascii_lowercase();
        let rest = name.strip_prefix("heading")?.trim();
        rest.parse::<u8>().ok().filter(|l| (1..=9).contains(l)).map(|l| l - 1)
    }
}
