//! A reader that tells, for each element, only what the part parsers act on:
//! WordprocessingML, markup compatibility, or some other namespace.
//!
//! Written by hand rather than using quick-xml's `NsReader`, because that
//! resolver is general and linear: it yields the namespace URI, so it looks up
//! every element's prefix by scanning all bindings in scope (Word declares ~30
//! on the root) and parses every start tag's attributes for declarations;
//! that cost 6% of an audit. Here a binding is classified (`Ns`) once, when
//! declared; the last binding found is tried first until the bindings change;
//! and a tag whose attributes do not contain `xmlns` is not parsed.
//!
//! The scoping is `NsReader`'s, quirks included, so that every part reads as
//! before: declarations on an element apply to its own name; `xmlns:p=""`
//! leaves `p` undeclared; `xmlns:=".."` sets the default namespace; a
//! malformed attribute ends the declarations read from its tag; binding
//! `xml` or `xmlns` wrongly is an error; and `read_to_end` leaves the skipped
//! element's scope open (see there).

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceError, PrefixDeclaration, QName};
use quick_xml::reader::{Config, Span};
use quick_xml::Reader;

use super::xml::Ns;

const W_TRANSITIONAL: &[u8] = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &[u8] = b"http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";
const XML_NAMESPACE: &[u8] = b"http://www.w3.org/XML/1998/namespace";
const XMLNS_NAMESPACE: &[u8] = b"http://www.w3.org/2000/xmlns/";

/// The namespace a (raw, unescaped) URI names; empty undeclares, so `Other`.
fn classify(uri: &[u8]) -> Ns {
    match uri {
        W_TRANSITIONAL | W_STRICT => Ns::W,
        MC => Ns::Mc,
        _ => Ns::Other,
    }
}

pub struct OoxmlReader<'i> {
    reader: Reader<&'i [u8]>,
    scopes: Scopes,
    /// The scope of the last `Empty` or `End` element, closed at the next read
    /// (as `NsReader` does, so an `End` resolves with its own declarations).
    pending_pop: bool,
}

impl<'i> OoxmlReader<'i> {
    pub fn from_str(xml: &'i str) -> OoxmlReader<'i> {
        OoxmlReader { reader: Reader::from_str(xml), scopes: Scopes::default(), pending_pop: false }
    }

    pub fn config_mut(&mut self) -> &mut Config {
        self.reader.config_mut()
    }

    pub fn buffer_position(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// The next event, with the namespace of its element (`Other` for
    /// events that are not elements), like `NsReader::read_resolved_event`.
    #[inline]
    pub fn read_event(&mut self) -> Result<(Ns, Event<'i>), quick_xml::Error> {
        if std::mem::take(&mut self.pending_pop) {
            self.scopes.close();
        }
        let event = self.reader.read_event()?;
        let ns = match &event {
            Event::Start(e) => self.open_scope(e)?,
            Event::Empty(e) => {
                self.pending_pop = true;
                self.open_scope(e)?
            }
            Event::End(e) => {
                self.pending_pop = true;
                self.scopes.resolve(e.name())
            }
            _ => Ns::Other,
        };
        Ok((ns, event))
    }

    /// Reads past the end of the element just started, without namespace
    /// processing. As in `NsReader`, the element's scope is never closed: its
    /// declarations stay in force, and every scope above it closes one
    /// element late. Kept so that hostile layouts read as they always have.
    pub fn read_to_end(&mut self, end: QName) -> Result<Span, quick_xml::Error> {
        self.reader.read_to_end(end)
    }

    #[inline]
    fn open_scope(&mut self, e: &BytesStart) -> Result<Ns, NamespaceError> {
        if may_declare(e.attributes_raw()) {
            self.scopes.open_declaring(e)?;
        } else {
            self.scopes.open();
        }
        Ok(self.scopes.resolve(e.name()))
    }
}

/// Whether a start tag's attributes may declare a namespace: they hold
/// `xmlns`. Many tags have no attributes, most hold no `x`: the quickest
/// things to look for.
fn may_declare(attributes: &[u8]) -> bool {
    attributes.len() >= b"xmlns".len()
        && memchr::memchr_iter(b'x', attributes).any(|at| attributes[at..].starts_with(b"xmlns"))
}

/// The prefix of a qualified name, up to its first `:` (as `QName::prefix`),
/// by a plain loop: prefixes are a byte or three, too short for memchr to pay.
fn prefix_of(name: &[u8]) -> Option<&[u8]> {
    name.iter().position(|&b| b == b':').map(|colon| &name[..colon])
}

/// One `xmlns[:prefix]` declaration in force.
struct Binding {
    /// Where the prefix lies in `Scopes::prefixes`; empty for the default namespace.
    prefix_at: usize,
    prefix_len: usize,
    ns: Ns,
    /// Nesting level of the declaring element (the root is 1).
    level: i32,
}

#[derive(Default)]
struct Scopes {
    prefixes: Vec<u8>,
    bindings: Vec<Binding>,
    level: i32,
    /// Index of the binding found last: most elements share one prefix.
    last_found: Option<usize>,
}

impl Scopes {
    fn open(&mut self) {
        self.level += 1;
    }

    /// Opens a scope with the declarations among `e`'s attributes, checked
    /// as `NamespaceResolver::push` checks them.
    fn open_declaring(&mut self, e: &BytesStart) -> Result<(), NamespaceError> {
        self.open();
        for attribute in e.attributes().with_checks(false) {
            let Ok(attribute) = attribute else { break };
            let value = &*attribute.value;
            match attribute.key.as_namespace_binding() {
                Some(PrefixDeclaration::Default) => self.bind(b"", value),
                Some(PrefixDeclaration::Named(b"xml")) if value == XML_NAMESPACE => {}
                Some(PrefixDeclaration::Named(b"xml")) => {
                    return Err(NamespaceError::InvalidXmlPrefixBind(value.to_vec()))
                }
                Some(PrefixDeclaration::Named(b"xmlns")) => {
                    return Err(NamespaceError::InvalidXmlnsPrefixBind(value.to_vec()))
                }
                Some(PrefixDeclaration::Named(prefix)) if value == XML_NAMESPACE => {
                    return Err(NamespaceError::InvalidPrefixForXml(prefix.to_vec()))
                }
                Some(PrefixDeclaration::Named(prefix)) if value == XMLNS_NAMESPACE => {
                    return Err(NamespaceError::InvalidPrefixForXmlns(prefix.to_vec()))
                }
                Some(PrefixDeclaration::Named(prefix)) => self.bind(prefix, value),
                None => {}
            }
        }
        Ok(())
    }

    fn bind(&mut self, prefix: &[u8], uri: &[u8]) {
        let binding =
            Binding { prefix_at: self.prefixes.len(), prefix_len: prefix.len(), ns: classify(uri), level: self.level };
        self.prefixes.extend_from_slice(prefix);
        self.bindings.push(binding);
        self.last_found = None;
    }

    /// Closes the innermost scope, dropping the bindings declared deeper.
    fn close(&mut self) {
        self.level -= 1;
        while let Some(binding) = self.bindings.last().filter(|b| b.level > self.level) {
            self.prefixes.truncate(binding.prefix_at);
            self.bindings.pop();
            self.last_found = None;
        }
    }

    fn prefix(&self, binding: &Binding) -> &[u8] {
        &self.prefixes[binding.prefix_at..binding.prefix_at + binding.prefix_len]
    }

    /// The namespace of an element name: the innermost binding of its prefix
    /// (of the default namespace when unprefixed); `Other` when none.
    #[inline]
    fn resolve(&mut self, name: QName) -> Ns {
        // `:p` has an empty prefix, which no declaration binds (`NsReader`
        // finds none either: its default-namespace entries have no prefix).
        let wanted = match prefix_of(name.into_inner()) {
            Some([]) => return Ns::Other,
            Some(prefix) => prefix,
            None => b"",
        };
        if let Some(binding) = self.last_found.map(|i| &self.bindings[i]) {
            if self.prefix(binding) == wanted {
                return binding.ns;
            }
        }
        let found = self.bindings.iter().rposition(|b| self.prefix(b) == wanted);
        self.last_found = found.or(self.last_found);
        found.map_or(Ns::Other, |i| self.bindings[i].ns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::name::ResolveResult;
    use quick_xml::NsReader;

    const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
    const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

    /// `NsReader`'s namespace class for an element.
    fn class_of(ns: &ResolveResult) -> Ns {
        match ns {
            ResolveResult::Bound(uri) => classify(uri.as_ref()),
            _ => Ns::Other,
        }
    }

    /// Each event read, as text, elements named `skip` read past with
    /// `read_to_end`, up to the end or the first error.
    fn events_read<'x>(mut next: impl FnMut() -> Result<(Ns, Event<'x>), String>) -> Vec<String> {
        let mut out = Vec::new();
        loop {
            match next() {
                Ok((_, Event::Eof)) => return out,
                Ok((ns, event)) => out.push(format!("{ns:?} {event:?}")),
                Err(e) => {
                    out.push(format!("error {e}"));
                    return out;
                }
            }
        }
    }

    fn ours(xml: &str) -> Vec<String> {
        let mut reader = OoxmlReader::from_str(xml);
        let mut skipped = Vec::new();
        let mut out = events_read(|| {
            let (ns, event) = reader.read_event().map_err(|e| e.to_string())?;
            if let Event::Start(e) = &event {
                if e.local_name().as_ref() == b"skip" {
                    skipped.push(format!("{:?}", reader.read_to_end(e.name()).map_err(|e| e.to_string())));
                }
            }
            Ok((ns, event))
        });
        out.extend(skipped);
        out
    }

    fn theirs(xml: &str) -> Vec<String> {
        let mut reader = NsReader::from_str(xml);
        let mut skipped = Vec::new();
        let mut out = events_read(|| {
            let (ns, event) = reader.read_resolved_event().map_err(|e| e.to_string())?;
            let ns = class_of(&ns);
            if let Event::Start(e) = &event {
                if e.local_name().as_ref() == b"skip" {
                    skipped.push(format!("{:?}", reader.read_to_end(e.name()).map_err(|e| e.to_string())));
                }
            }
            Ok((ns, event))
        });
        out.extend(skipped);
        out
    }

    fn same_as_ns_reader(xml: &str) {
        assert_eq!(ours(xml), theirs(xml), "{xml}");
    }

    fn w(xml: &str) -> String {
        xml.replace("W_T", std::str::from_utf8(W_TRANSITIONAL).unwrap())
            .replace("W_S", std::str::from_utf8(W_STRICT).unwrap())
            .replace("MC", std::str::from_utf8(MC).unwrap())
    }

    #[test]
    fn classifies_word_layouts() {
        let xml = w(
            r#"<w:document xmlns:w="W_T" xmlns:mc="MC"><w:body><w:p><mc:AlternateContent/><x:y/></w:p></w:body></w:document>"#,
        );
        assert_eq!(classes(&xml), ["W", "W", "W", "Mc", "Other", "W", "W", "W"]);
        same_as_ns_reader(&xml);
        same_as_ns_reader(&w(r#"<document xmlns="W_S"><body><p/></body></document>"#));
        same_as_ns_reader(&w(r#"<q:document xmlns:q="W_T"><q:body/></q:document>"#));
    }

    #[test]
    fn rebinding_and_undeclaring_scope_like_ns_reader() {
        for xml in [
            r#"<w:a xmlns:w="W_T"><w:p xmlns:w="other"><w:r/></w:p><w:p/></w:a>"#,
            r#"<w:a xmlns:w="W_T"><w:p xmlns:w=""><w:r/></w:p><w:p/></w:a>"#,
            r#"<a xmlns="W_T"><p xmlns=""><r/></p><p/></a>"#,
            r#"<a xmlns:="W_T"><p/><:p/></a>"#,
            r#"<x:p xmlns:x="W_T"></x:p><x:p></x:p>"#,
            r#"<a xmlns:w="W_T"><w:p/><b xmlns:w="MC"><w:p/></b><w:p/><c xmlns:v="MC"><w:p/><v:p/></c><w:p/></a>"#,
            r#"<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/&#109;ain"/>"#,
            r#"<w:p w:val="xmlns" xmlnsx="W_T"/>"#,
            r#"<w:p a xmlns:w="W_T"/>"#,
            r#"<w:p xmlns:w='W_T' xmlns:w="W_S"/>"#,
        ] {
            same_as_ns_reader(&w(xml));
        }
    }

    #[test]
    fn refuses_reserved_bindings_like_ns_reader() {
        for xml in [
            format!(r#"<a xmlns:xml="{XML_NS}"><xml:b/></a>"#),
            r#"<a xmlns:xml="other"/>"#.to_string(),
            r#"<a xmlns:xmlns="other"/>"#.to_string(),
            format!(r#"<a xmlns:p="{XML_NS}"/>"#),
            format!(r#"<a xmlns:p="{XMLNS_NS}"/>"#),
            format!(r#"<a xmlns="{XML_NS}"><b/></a>"#),
        ] {
            same_as_ns_reader(&xml);
        }
    }

    /// `read_to_end` leaves the skipped element's scope open, as `NsReader`
    /// does: `w` stays bound by `skip` until its parent closes, and by that
    /// parent until the grandparent closes.
    #[test]
    fn skipped_scope_stays_open_like_ns_reader() {
        let xml = w(r#"<r xmlns:w="other"><a><skip xmlns:w="W_T"><w:x/></skip><w:p/></a><w:p/></r>"#);
        assert_eq!(classes(&xml)[3..7], ["W", "Other", "Other", "Other"]);
        same_as_ns_reader(&xml);
        let xml = w(r#"<r xmlns:w="other"><a xmlns:w="W_T"><skip></skip></a><w:p/></r><w:p/>"#);
        assert_eq!(classes(&xml)[3..6], ["Other", "W", "Other"]);
        same_as_ns_reader(&xml);
    }

    fn classes(xml: &str) -> Vec<String> {
        ours(xml).iter().map(|e| e.split(' ').next().unwrap().to_string()).collect()
    }

    /// Random documents over a few prefixes, declarations, skips and broken tags.
    #[test]
    fn random_documents_read_as_with_ns_reader() {
        let mut pick = crate::test_rng::picker(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let mut xml = String::new();
            random_element(&mut xml, &mut pick, 0);
            same_as_ns_reader(&w(&xml));
        }
    }

    fn random_element(xml: &mut String, pick: &mut impl FnMut(usize) -> usize, depth: usize) {
        const PREFIXES: &[&str] = &["w:", "w:", "x:", "mc:", "", ":", "xml:"];
        const NAMES: &[&str] = &["p", "r", "skip", "AlternateContent"];
        const ATTRIBUTES: &[&str] = &[
            r#" xmlns:w="W_T""#,
            r#" xmlns:w="W_S""#,
            r#" xmlns:w="""#,
            r#" xmlns:x="MC""#,
            r#" xmlns:x="other""#,
            r#" xmlns:mc="MC""#,
            r#" xmlns="W_T""#,
            r#" xmlns="""#,
            r#" xmlns:="W_T""#,
            r#" w:val="xmlns""#,
            r#" xmlns:xml="http://www.w3.org/XML/1998/namespace""#,
            r#" xmlns:xml="bad""#,
            r#" broken"#,
        ];
        let name = format!("{}{}", PREFIXES[pick(PREFIXES.len())], NAMES[pick(NAMES.len())]);
        xml.push('<');
        xml.push_str(&name);
        for _ in 0..pick(3) {
            if pick(4) > 0 || depth == 0 {
                xml.push_str(ATTRIBUTES[pick(ATTRIBUTES.len() - 2)]);
            } else {
                xml.push_str(ATTRIBUTES[pick(ATTRIBUTES.len())]);
            }
        }
        if depth > 4 || pick(3) == 0 {
            xml.push_str("/>");
            return;
        }
        xml.push('>');
        for _ in 0..pick(4) {
            random_element(xml, pick, depth + 1);
        }
        match pick(40) {
            0 => {}
            1 => xml.push_str("</other>"),
            _ => xml.push_str(&format!("</{name}>")),
        }
    }
}
