//! Small helpers over quick-xml shared by every part parser: the namespaces
//! they act on, attribute lookup by local name, and the well-formedness check.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, BytesText};

/// Prefixes whose `mc:Choice` we can read; anything else takes `mc:Fallback`.
pub const UNDERSTOOD_PREFIXES: &[&str] = &[
    "w", "wp", "wps", "wpg", "wpc", "wpi", "wp14", "w10", "w14", "w15", "w16", "w16se", "w16cid", "w16cex", "w16du",
    "w16sdtdh", "w16sdtfl", "a", "a14", "pic", "v", "o", "m", "r", "mc",
];

/// The namespaces we act on, as `ns_reader::OoxmlReader` tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML, Transitional or Strict.
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    Other,
}

/// Value of the first attribute with this local name (`w:val` → `val`), unescaped.
pub fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    // No duplicate-attribute checks: they are quadratic and we only look up.
    e.attributes().with_checks(false).flatten().find(|a| a.key.local_name().as_ref() == local).map(|a| {
        match a.unescape_value() {
            Ok(v) => v.into_owned(),
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        }
    })
}

/// `w:val` as a number, tolerating junk (returns None).
pub fn val_num(e: &BytesStart) -> Option<i64> {
    attr(e, b"val").and_then(|v| v.trim().parse().ok())
}

/// An OOXML on/off property: present without `val`, or val in {true,1,on}.
pub fn on_off(e: &BytesStart) -> bool {
    match attr(e, b"val") {
        None => true,
        Some(v) => matches!(v.as_str(), "true" | "1" | "on"),
    }
}

/// `w:sym` characters from symbol fonts live in the private-use area F000-F0FF;
/// map the common bullets and keep the rest as given.
pub fn symbol_char(code: u32) -> Option<char> {
    let code = match code {
        0xF0B7 => 0x2022,
        0xF0A7 => 0x25AA,
        0xF0FC => 0x2713,
        0xF0D8 => 0x27A2,
        c => c,
    };
    char::from_u32(code)
}

/// Whether an `mc:Choice` with this `Requires` attribute can be read.
pub fn choice_understood(e: &BytesStart) -> bool {
    attr(e, b"Requires").unwrap_or_default().split_whitespace().all(|p| UNDERSTOOD_PREFIXES.contains(&p))
}

/// Refuses what the part parsers would otherwise read past: a DOCTYPE (Word
/// refuses any DTD, and its entities would be left in the text), a root element
/// other than one of `roots` (by local name), text or a second element outside
/// the root, unknown entity references, and elements left open at the end.
/// One cheap pass without namespace resolution; returns the cause.
pub fn check_well_formed(xml: &str, roots: &[&str]) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut check = WellFormed::new(roots);
    loop {
        let event = reader.read_event().map_err(|e| format!("is not well-formed XML ({e})"))?;
        if check.event(&event)? {
            return Ok(());
        }
    }
}

/// The tests of `check_well_formed`, one event at a time, so that a parser
/// reading every event of a part anyway (`body::walk`) can apply them in
/// its own pass instead of parsing the part a second time.
pub struct WellFormed<'r> {
    roots: &'r [&'r str],
    depth: usize,
    seen_root: bool,
    open_root: String,
}

impl<'r> WellFormed<'r> {
    pub fn new(roots: &'r [&'r str]) -> WellFormed<'r> {
        WellFormed { roots, depth: 0, seen_root: false, open_root: String::new() }
    }

    /// Checks the next event of the part: `Ok(true)` at a well-formed end,
    /// `Ok(false)` to read on, or the cause.
    pub fn event(&mut self, event: &quick_xml::events::Event) -> Result<bool, String> {
        use quick_xml::events::Event;
        match event {
            Event::DocType(_) => return Err("has a DOCTYPE (a DTD), which Word refuses".into()),
            Event::Start(e) | Event::Empty(e) if self.depth == 0 => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                if self.seen_root {
                    return Err(format!("is not well-formed XML (a second root element <{name}>)"));
                }
                if !self.roots.contains(&name.as_str()) {
                    return Err(format!("has root element <{name}>, expected <{}>", self.roots.join("> or <")));
                }
                self.seen_root = true;
                if matches!(event, Event::Start(_)) {
                    self.depth = 1;
                    self.open_root = name;
                }
            }
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Text(t) => self.text(t, &t.unescape())?,
            Event::CData(_) if self.depth == 0 => {
                return Err("is not well-formed XML (CDATA outside the root element)".into())
            }
            Event::Eof if self.depth > 0 => {
                return Err(format!("is not well-formed XML (ends inside <{}>)", self.open_root))
            }
            Event::Eof if !self.seen_root => return Err("is not XML (no root element)".into()),
            Event::Eof => return Ok(true),
            _ => {}
        }
        Ok(false)
    }

    /// Checks a text event, given its content unescaped (which a caller
    /// keeping the text need not unescape twice).
    pub fn text(&self, t: &BytesText, unescaped: &Result<Cow<str>, quick_xml::Error>) -> Result<(), String> {
        if self.depth == 0 && !t.iter().all(u8::is_ascii_whitespace) {
            return Err("is not well-formed XML (text outside the root element)".into());
        }
        match unescaped {
            Ok(_) => Ok(()),
            Err(e) => Err(format!("is not well-formed XML ({e})")),
        }
    }

    /// The end of a subtree the caller read past (`read_to_end`): its
    /// start was checked, its end tag not.
    pub fn skipped_subtree(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }
}
