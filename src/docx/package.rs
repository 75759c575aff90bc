//! The OPC package: sniffing what a file really is, opening the zip with limits
//! against zip bombs, and following relationships to the parts we read.
//!
//! Written on `zip` + `quick-xml` rather than docx-rs's reader: over the public
//! corpus docx-rs 0.4 panicked on Strict OOXML, spun on a renamed .xlsx, accepted
//! .pptx and theme packages, and inflated zip bombs without limit (see README).

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{ErrorCode, ReadError};

/// Caps that keep hostile files from exhausting memory. All sizes in bytes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input file accepted.
    pub max_file: u64,
    /// Largest single part, once decompressed.
    pub max_part: u64,
    /// Sum of all parts we decompress.
    pub max_total: u64,
    /// Largest decompressed/compressed ratio for parts over 1 MiB.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file: 512 << 20, max_part: 256 << 20, max_total: 1 << 30, max_ratio: 200 }
    }
}

const MIB: u64 = 1 << 20;

/// An opened package: the zip plus its content types and the main part's name.
pub struct Package<'a> {
    path: &'a Path,
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Normalised part name (see `normal_name`) -> index in the zip.
    names: HashMap<String, usize>,
    limits: Limits,
    read_total: u64,
    /// Part name of the main document, e.g. `word/document.xml`.
    pub main_part: String,
}

/// A relationship from one part to another.
#[derive(Debug, Clone)]
pub struct Relationship {
    pub id: String,
    /// The type URI's last path segment (`styles`, `numbering`, `footnotes`, ...),
    /// which is the same in Transitional and Strict OOXML.
    pub kind: String,
    /// Resolved part name (no leading slash), or the raw target when external.
    pub target: String,
    pub external: bool,
}

const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Says what a non-zip file is, so the error can tell the user what to do.
fn sniff_non_zip(path: &Path, bytes: &[u8]) -> ReadError {
    if bytes.starts_with(CFB_MAGIC) {
        if contains_utf16(bytes, "EncryptionInfo") {
            return ReadError::new(
                ErrorCode::Encrypted,
                path,
                "is a password-protected (encrypted) Office document; remove the password in Word (File > Info > Protect Document) and save again",
            );
        }
        return ReadError::new(
            ErrorCode::LegacyDoc,
            path,
            "is a legacy binary Word document (.doc, Word 97-2003); open it in Word or LibreOffice and save it as .docx",
        );
    }
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    let cause = if trimmed.starts_with("{\\rtf") {
        "is an RTF file, not a DOCX; save it as .docx first"
    } else if trimmed.starts_with('<') && text.contains("wordDocument") {
        "is a Word 2003 XML document, not a DOCX; save it as .docx first"
    } else if trimmed.starts_with('<') {
        "is an XML or HTML file, not a DOCX package; save it as .docx first"
    } else if bytes.starts_with(b"%PDF") {
        "is a PDF, not a DOCX; mc2lint reads Word documents only"
    } else if bytes.starts_with(&[0xDB, 0xA5]) || bytes.starts_with(&[0x31, 0xBE]) {
        return ReadError::new(
            ErrorCode::LegacyDoc,
            path,
            "is a legacy Word for Windows 2.0 / Word for DOS document; open it in Word or LibreOffice and save it as .docx",
        );
    } else if bytes.len() >= 4 && bytes[1..4] == *b"WPC" {
        "is a WordPerfect document, not a DOCX; save it as .docx first"
    } else if bytes.is_empty() {
        "is empty (0 bytes)"
    } else {
        "is not a DOCX file (no ZIP signature); legacy .doc files must be converted to .docx first"
    };
    ReadError::new(ErrorCode::NotAZip, path, cause)
}

/// Maps every part's normalised name to its zip index, refusing two entries
/// that OPC would take for one part: which of them a reader shows is then up to
/// the reader, so a decoy could be checked while Word shows the other.
fn part_names(path: &Path, zip: &zip::ZipArchive<Cursor<&[u8]>>) -> Result<HashMap<String, usize>, ReadError> {
    let mut names: HashMap<String, usize> = HashMap::with_capacity(zip.len());
    for i in 0..zip.len() {
        let Some(name) = zip.name_for_index(i) else { continue };
        if name.ends_with('/') {
            continue; // a folder entry, not a part
        }
        if let Some(first) = names.insert(normal_name(name), i) {
            let first = zip.name_for_index(first).unwrap_or_default();
            return Err(ReadError::new(
                ErrorCode::DuplicatePart,
                path,
                format!(
                    "has two entries for one part ({first:?} and {name:?}; part names differ only in case, \
                     slashes or %-encoding); Word and other readers may show either, so the file is refused; \
                     ask the sender for a copy saved by Word"
                ),
            ));
        }
    }
    Ok(names)
}

/// A part name as OPC compares them (ECMA-376 Part 2, 6.2.2.3): without the
/// leading slash, %-escapes decoded, case folded.
pub fn normal_name(name: &str) -> String {
    let name = name.trim_start_matches('/');
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).to_lowercase()
}

fn contains_utf16(haystack: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    haystack.windows(pattern.len()).any(|w| w == pattern.as_slice())
}

impl<'a> Package<'a> {
    /// Opens the zip, checks it is a word-processing package and finds its main part.
    pub fn open(path: &'a Path, bytes: &'a [u8], limits: Limits) -> Result<Self, ReadError> {
        if bytes.len() as u64 > limits.max_file {
            return Err(ReadError::new(
                ErrorCode::TooLarge,
                path,
                format!(
                    "is {} MiB, over the {} MiB limit; raise it with --max-file-size if the file is genuine",
                    bytes.len() as u64 / MIB,
                    limits.max_file / MIB
                ),
            ));
        }
        if !bytes.starts_with(b"PK") {
            return Err(sniff_non_zip(path, bytes));
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            ReadError::new(
                ErrorCode::NotAZip,
                path,
                format!("is a damaged or truncated ZIP archive ({e}); ask the sender for a fresh copy"),
            )
        })?;
        let names = part_names(path, &zip)?;
        let mut pkg = Package { path, zip, names, limits, read_total: 0, main_part: String::new() };
        pkg.main_part = pkg.find_main_part()?;
        Ok(pkg)
    }

    fn error(&self, code: ErrorCode, cause: impl Into<String>) -> ReadError {
        ReadError::new(code, self.path, cause)
    }

    pub fn has_part(&self, name: &str) -> bool {
        self.names.contains_key(&normal_name(name))
    }

    /// Follows `_rels/.rels` to the officeDocument part, as OPC requires, and
    /// refuses packages that are not word-processing documents.
    fn find_main_part(&mut self) -> Result<String, ReadError> {
        if !self.has_part("[Content_Types].xml") {
            let what = if self.has_part("mimetype") || self.has_part("META-INF/container.xml") {
                "is an EPUB or OpenDocument archive, not a DOCX"
            } else {
                "is a ZIP archive but not an Office document (no [Content_Types].xml)"
            };
            return Err(self.error(ErrorCode::MissingPart, what));
        }
        let content_types = self.read_xml("[Content_Types].xml", &["Types"])?;
        let rels = if self.has_part("_rels/.rels") { self.relationships_of("")? } else { Vec::new() };
        let main = rels
            .iter()
            .find(|r| r.kind == "officeDocument" && !r.external)
            .map(|r| r.target.clone())
            .unwrap_or_else(|| "word/document.xml".to_string());
        let content_type = content_type_of(&content_types, &main);
        if let Some(kind) = foreign_package_kind(&main, content_type.as_deref()) {
            return Err(self.error(
                ErrorCode::MissingPart,
                format!("is {kind}, not a Word document (main part {main}); check the file name and extension"),
            ));
        }
        if !self.has_part(&main) {
            return Err(self.error(
                ErrorCode::MissingPart,
                format!("has no main document part ({main} is missing); the package is incomplete"),
            ));
        }
        Ok(main)
    }

    /// Reads a part as text, enforcing the size and ratio limits, decoding UTF-8
    /// or UTF-16, and refusing it unless it is well-formed XML whose root element
    /// has one of the local names in `roots`.
    pub fn read_xml(&mut self, name: &str, roots: &[&str]) -> Result<String, ReadError> {
        self.read_xml_checking(name, Some(roots))
    }

    /// `read_xml`, leaving the well-formedness check to the caller when
    /// `roots` is None (`body::walk_well_formed` applies it while walking).
    pub fn read_xml_checking(&mut self, name: &str, roots: Option<&[&str]>) -> Result<String, ReadError> {
        let bytes = self.read_bytes(name)?;
        let malformed = |cause: String| {
            self.error(ErrorCode::MalformedXml, format!("part {name} {cause}; open and re-save the file in Word"))
        };
        let text = decode_part(bytes).map_err(malformed)?;
        if let Some(roots) = roots {
            super::xml::check_well_formed(&text, roots).map_err(malformed)?;
        }
        Ok(text)
    }

    /// Raw bytes of a part, within the limits.
    pub fn read_bytes(&mut self, name: &str) -> Result<Vec<u8>, ReadError> {
        let index = *self
            .names
            .get(&normal_name(name))
            .ok_or_else(|| ReadError::new(ErrorCode::MissingPart, self.path, format!("part {name} is missing")))?;
        let limits = self.limits;
        let remaining = limits.max_total.saturating_sub(self.read_total);
        let cap = limits.max_part.min(remaining);
        let path = self.path;
        let mut entry = self
            .zip
            .by_index(index)
            .map_err(|e| ReadError::new(ErrorCode::NotAZip, path, format!("cannot open part {name}: {e}")))?;
        let compressed = entry.compressed_size().max(1);
        let declared = entry.size();
        if declared > MIB && declared / compressed > limits.max_ratio {
            return Err(too_large(path, name, declared / compressed));
        }
        let mut buf = Vec::with_capacity(declared.min(cap).min(64 * MIB) as usize);
        // Never trust the declared size: inflate at most one byte past the size
        // cap and the ratio limit, so a bomb costs at most about `max_ratio`
        // times its compressed size in memory. (`read_to_end` fills spare
        // capacity directly: no zeroed chunk to copy through.)
        let limit = cap.min(MIB.max(compressed.saturating_mul(limits.max_ratio)));
        if let Err(e) = std::io::Read::by_ref(&mut entry).take(limit.saturating_add(1)).read_to_end(&mut buf) {
            return Err(ReadError::new(
                ErrorCode::NotAZip,
                path,
                format!("part {name} cannot be decompressed ({e}); the file is damaged"),
            ));
        }
        let read = buf.len() as u64;
        if read > cap {
            return Err(ReadError::new(
                ErrorCode::TooLarge,
                path,
                format!(
                    "part {name} decompresses past the {} MiB limit (possible zip bomb); raise --max-part-size if the file is genuine",
                    cap / MIB
                ),
            ));
        }
        // Past `limit` but within `cap`: past the ratio limit.
        if read > limit || read > MIB && read / compressed > limits.max_ratio {
            return Err(too_large(path, name, read.div_ceil(compressed)));
        }
        let read = buf.len() as u64;
        self.read_total += read;
        Ok(buf)
    }

    /// Relationships of a part (`""` for the package itself), targets resolved.
    pub fn relationships_of(&mut self, part: &str) -> Result<Vec<Relationship>, ReadError> {
        let (dir, file) = match part.rfind('/') {
            Some(i) => (&part[..i + 1], &part[i + 1..]),
            None => ("", part),
        };
        let rels_name = format!("{dir}_rels/{file}.rels");
        if !self.has_part(&rels_name) {
            return Ok(Vec::new());
        }
        let xml = self.read_xml(&rels_name, &["Relationships"])?;
        parse_relationships(&xml, dir)
            .map_err(|e| self.error(ErrorCode::MalformedXml, format!("part {rels_name} is not well-formed XML ({e})")))
    }
}

fn too_large(path: &Path, name: &str, ratio: u64) -> ReadError {
    ReadError::new(
        ErrorCode::TooLarge,
        path,
        format!("part {name} expands {ratio}x when decompressed (possible zip bomb); raise --max-ratio if the file is genuine"),
    )
}

/// Like `decode_xml`, without copying a UTF-8 part that has no BOM.
pub fn decode_xml_owned(bytes: Vec<u8>) -> Option<String> {
    decode_part(bytes).ok()
}

/// Decodes an XML part (see `decode_part`).
pub fn decode_xml(bytes: &[u8]) -> Option<String> {
    decode_part(bytes.to_vec()).ok()
}

/// The encoding XML 1.0 Appendix F finds from a part's first bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sniffed {
    Utf8 { bom: bool },
    Utf16 { le: bool, bom: bool },
}

fn sniff_encoding(bytes: &[u8]) -> Result<Sniffed, String> {
    match bytes {
        [0, 0, 0xFE, 0xFF, ..] | [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0, 0x3C, ..] | [0x3C, 0, 0, 0, ..] => {
            Err("is UTF-32 text; Office Open XML parts must be UTF-8 or UTF-16".into())
        }
        [0xEF, 0xBB, 0xBF, ..] => Ok(Sniffed::Utf8 { bom: true }),
        [0xFF, 0xFE, ..] => Ok(Sniffed::Utf16 { le: true, bom: true }),
        [0xFE, 0xFF, ..] => Ok(Sniffed::Utf16 { le: false, bom: true }),
        [0x3C, 0, ..] => Ok(Sniffed::Utf16 { le: true, bom: false }),
        [0, 0x3C, ..] => Ok(Sniffed::Utf16 { le: false, bom: false }),
        _ => Ok(Sniffed::Utf8 { bom: false }),
    }
}

/// Decodes an XML part as XML 1.0 Appendix F says: the byte order mark, else the
/// first bytes, give the encoding, and the declaration must agree with it. Office
/// Open XML allows UTF-8 and UTF-16 only. Returns why the part is not XML text.
pub fn decode_part(bytes: Vec<u8>) -> Result<String, String> {
    let sniffed = sniff_encoding(&bytes)?;
    let text = match sniffed {
        Sniffed::Utf8 { bom: false } => String::from_utf8(bytes).map_err(|_| "is not valid UTF-8 text".to_string())?,
        Sniffed::Utf8 { bom: true } => {
            String::from_utf8(bytes[3..].to_vec()).map_err(|_| "is not valid UTF-8 text".to_string())?
        }
        Sniffed::Utf16 { le, bom } => {
            let enc = if le { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
            let body = if bom { &bytes[2..] } else { &bytes[..] };
            let (text, bad) = enc.decode_without_bom_handling(body);
            if bad {
                return Err("is not valid UTF-16 text".into());
            }
            text.into_owned()
        }
    };
    if text.contains('\0') {
        // UTF-16 or UTF-32 bytes read as UTF-8 (a UTF-8 BOM on UTF-16 data).
        return Err("contains NUL characters: its byte order mark or encoding is wrong".into());
    }
    check_declared_encoding(&text, sniffed)?;
    Ok(if matches!(sniffed, Sniffed::Utf16 { .. }) { strip_utf16_declaration(text) } else { text })
}

/// The `encoding` of the XML declaration must name what the bytes are.
fn check_declared_encoding(text: &str, sniffed: Sniffed) -> Result<(), String> {
    let Some(decl) = text.strip_prefix("<?xml").and_then(|rest| rest.split("?>").next()) else {
        return Ok(());
    };
    let Some(label) = declared_encoding(decl) else {
        return Ok(());
    };
    let lower = label.to_ascii_lowercase();
    let utf16 = matches!(lower.as_str(), "utf-16" | "utf-16le" | "utf-16be" | "utf16" | "unicode");
    let utf8 = matches!(lower.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii");
    match sniffed {
        Sniffed::Utf8 { .. } if utf8 => Ok(()),
        Sniffed::Utf16 { .. } if utf16 => Ok(()),
        _ if !utf8 && !utf16 => {
            Err(format!("declares encoding {label:?}; Office Open XML parts must be UTF-8 or UTF-16"))
        }
        Sniffed::Utf8 { bom } => Err(format!(
            "declares encoding {label:?} but its bytes are UTF-8{}",
            if bom { " (byte order mark EF BB BF)" } else { "" }
        )),
        Sniffed::Utf16 { .. } => Err(format!("declares encoding {label:?} but its bytes are UTF-16")),
    }
}

/// The value of `encoding="..."` in the body of an XML declaration.
fn declared_encoding(decl: &str) -> Option<&str> {
    let at = decl.find("encoding")? + "encoding".len();
    let rest = decl[at..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    rest[1..].split(quote).next()
}

/// The decoded text is UTF-8 now; a declaration still saying UTF-16 would mislead
/// any XML reader that honours it.
fn strip_utf16_declaration(text: String) -> String {
    if text.starts_with("<?xml") {
        if let Some(end) = text.find("?>") {
            let decl = &text[..end];
            if decl.to_ascii_lowercase().contains("utf-16") {
                return format!("<?xml version=\"1.0\" encoding=\"UTF-8\"{}", &text[end..]);
            }
        }
    }
    text
}

fn parse_relationships(xml: &str, base_dir: &str) -> Result<Vec<Relationship>, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let (mut id, mut kind, mut target, mut external) = (String::new(), String::new(), String::new(), false);
                for attr in e.attributes().flatten() {
                    let value = attr.unescape_value().unwrap_or_default().into_owned();
                    match attr.key.local_name().as_ref() {
                        b"Id" => id = value,
                        b"Type" => kind = value.rsplit('/').next().unwrap_or_default().to_string(),
                        b"Target" => target = value,
                        b"TargetMode" => external = value.eq_ignore_ascii_case("External"),
                        _ => {}
                    }
                }
                if !external {
                    target = resolve_target(base_dir, &target);
                }
                out.push(Relationship { id, kind, target, external });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Resolves a relative OPC target against the source part's directory.
fn resolve_target(base_dir: &str, target: &str) -> String {
    let joined = if let Some(abs) = target.strip_prefix('/') { abs.to_string() } else { format!("{base_dir}{target}") };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The content type of a part from `[Content_Types].xml` (override, else default by extension).
fn content_type_of(content_types: &str, part: &str) -> Option<String> {
    let mut reader = Reader::from_str(content_types);
    let want = format!("/{}", part.to_ascii_lowercase());
    let ext = part.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
    let mut by_default = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let attr = |key: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                match e.local_name().as_ref() {
                    b"Override" if attr(b"PartName").map(|p| p.to_ascii_lowercase()) == Some(want.clone()) => {
                        return attr(b"ContentType");
                    }
                    b"Default" if attr(b"Extension").map(|x| x.to_ascii_lowercase()) == Some(ext.clone()) => {
                        by_default = attr(b"ContentType");
                    }
                    _ => {}
                }
            }
            Ok(Event::Eof) | Err(_) => return by_default,
            _ => {}
        }
    }
}

/// Names the kind of package when the main part is not a word-processing document.
fn foreign_package_kind(main: &str, content_type: Option<&str>) -> Option<&'static str> {
    let ct = content_type.unwrap_or_default();
    let lower = main.to_ascii_lowercase();
    if ct.contains("wordprocessingml") || ct.contains("ms-word") {
        return None;
    }
    if ct.contains("presentationml") || lower.starts_with("ppt/") {
        Some("a PowerPoint presentation")
    } else if ct.contains("spreadsheetml") || ct.contains("ms-excel") || lower.starts_with("xl/") {
        Some("an Excel workbook")
    } else if ct.contains("theme") || lower.starts_with("theme/") {
        Some("an Office theme package")
    } else if ct.is_empty() || lower.ends_with(".xml") && ct.ends_with("+xml") && !ct.contains("officedocument") {
        // Unknown content type: give it a chance if it looks like a document part.
        None
    } else {
        Some("an Office package of another kind")
    }
}
