//! The package side of `annotate`: finding the main part, its comments part
//! and relationships, and writing the copy. Every zip entry is copied
//! byte-identical (compressed data and all) except the main part, the
//! comments part (created, or extended keeping existing comments) and, only
//! when the comments part is new, `[Content_Types].xml` and the main part's
//! relationships.

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;

use super::{qualified, AUTHOR};
use crate::docx::package::{decode_xml, normal_name};
use crate::report::escape_markup;

const COMMENTS_CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
pub const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const REL_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const REL_STRICT: &str = "http://purl.oclc.org/ooxml/officeDocument/relationships/comments";

/// The parts `annotate` reads and rewrites.
pub struct Package<'b> {
    input: &'b Path,
    bytes: &'b [u8],
    entry_names: Vec<String>,
    pub main_index: usize,
    pub main_xml: String,
    main_dir: String,
    rels_name: String,
    rels_index: Option<usize>,
    rels_xml: Option<String>,
    pub comments_name: Option<String>,
    pub comments_index: Option<usize>,
    pub comments_xml: Option<String>,
}

impl<'b> Package<'b> {
    pub fn open(input: &'b Path, bytes: &'b [u8], main: &str) -> Result<Package<'b>, String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("{}: {e}", input.display()))?;
        let entry_names: Vec<String> =
            (0..zip.len()).filter_map(|i| zip.name_for_index(i).map(str::to_string)).collect();
        let mut pkg = Package {
            input,
            bytes,
            entry_names,
            main_index: 0,
            main_xml: String::new(),
            main_dir: main.rfind('/').map_or("", |i| &main[..=i]).to_string(),
            rels_name: String::new(),
            rels_index: None,
            rels_xml: None,
            comments_name: None,
            comments_index: None,
            comments_xml: None,
        };
        pkg.main_index = pkg.find(main).ok_or_else(|| format!("{}: {main} is missing", input.display()))?;
        pkg.main_xml = pkg.read(&mut zip, pkg.main_index)?;
        let main_file = main.rsplit('/').next().unwrap_or(main);
        pkg.rels_name = format!("{}_rels/{main_file}.rels", pkg.main_dir);
        pkg.rels_index = pkg.find(&pkg.rels_name);
        pkg.rels_xml = pkg.rels_index.map(|i| pkg.read(&mut zip, i)).transpose()?;
        let target = pkg.rels_xml.as_deref().and_then(existing_comments_target);
        pkg.comments_name = target
            .map(|t| if let Some(abs) = t.strip_prefix('/') { abs.to_string() } else { format!("{}{t}", pkg.main_dir) })
            .filter(|n| pkg.find(n).is_some());
        pkg.comments_index = pkg.comments_name.as_deref().and_then(|n| pkg.find(n));
        pkg.comments_xml = pkg.comments_index.map(|i| pkg.read(&mut zip, i)).transpose()?;
        Ok(pkg)
    }

    /// Part names compared as the reader compares them (case, slash, %-escapes).
    fn find(&self, name: &str) -> Option<usize> {
        let wanted = normal_name(name);
        self.entry_names.iter().position(|n| normal_name(n) == wanted)
    }

    fn read(&self, zip: &mut zip::ZipArchive<Cursor<&[u8]>>, index: usize) -> Result<String, String> {
        let mut buf = Vec::new();
        zip.by_index(index)
            .and_then(|mut e| e.read_to_end(&mut buf).map_err(Into::into))
            .map_err(|e| format!("{}: {e}", self.input.display()))?;
        decode_xml(&buf)
            .ok_or_else(|| format!("{}: part {} is not text", self.input.display(), self.entry_names[index]))
    }

    /// The copy with `main` as the main part and `comments` (id, lines) added
    /// to the comments part; `prefix` and `strict` say how new parts are written.
    pub fn write(
        &self,
        main: &str,
        comments: &[(i64, Vec<String>)],
        prefix: &str,
        strict: bool,
        date: &str,
    ) -> Result<Vec<u8>, String> {
        let input = self.input.display();
        let render = |p: &str| -> String { comments.iter().map(|(id, b)| comment_xml(p, *id, b, date)).collect() };
        let mut replaced: Vec<(usize, String)> = vec![(self.main_index, main.to_string())];
        let mut added: Vec<(String, String)> = Vec::new();
        match (&self.comments_name, &self.comments_xml, self.comments_index) {
            (Some(name), Some(xml), Some(index)) => {
                let cp = root_prefix(xml);
                let extra = render(&cp);
                let close = format!("</{}>", qualified(&cp, "comments"));
                let updated = match xml.rfind(&close) {
                    Some(at) => format!("{}{extra}{}", &xml[..at], &xml[at..]),
                    None => {
                        // `<w:comments/>`: open it.
                        let empty = xml.rfind("/>").ok_or_else(|| format!("{name}: unexpected comments part"))?;
                        format!("{}>{extra}{close}{}", &xml[..empty], &xml[empty + 2..])
                    }
                };
                replaced.push((index, updated));
            }
            _ => {
                let ns = if strict { W_STRICT } else { W_TRANSITIONAL };
                let decl =
                    if prefix.is_empty() { format!("xmlns=\"{ns}\"") } else { format!("xmlns:{prefix}=\"{ns}\"") };
                let root = qualified(prefix, "comments");
                let xml = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<{root} {decl}>{}</{root}>",
                    render(prefix)
                );
                let name = unique_part_name(&format!("{}comments.xml", self.main_dir), &self.entry_names);
                self.plumb_new_comments(&name, strict, &mut replaced, &mut added)?;
                added.push((name, xml));
            }
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(|e| format!("{input}: {e}"))?;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let zip_err = |e: zip::result::ZipError| format!("{input}: {e}");
        for (i, name) in self.entry_names.iter().enumerate() {
            if let Some((_, text)) = replaced.iter().find(|(r, _)| *r == i) {
                out.start_file(name.as_str(), options).map_err(zip_err)?;
                out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
            } else {
                let entry = zip.by_index_raw(i).map_err(zip_err)?;
                out.raw_copy_file(entry).map_err(zip_err)?;
            }
        }
        for (name, text) in &added {
            out.start_file(name.as_str(), options).map_err(zip_err)?;
            out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        }
        Ok(out.finish().map_err(zip_err)?.into_inner())
    }

    /// Content type and relationship for a new comments part.
    fn plumb_new_comments(
        &self,
        part: &str,
        strict: bool,
        replaced: &mut Vec<(usize, String)>,
        added: &mut Vec<(String, String)>,
    ) -> Result<(), String> {
        let input = self.input.display();
        let ct_index =
            self.find("[Content_Types].xml").ok_or_else(|| format!("{input}: [Content_Types].xml is missing"))?;
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(|e| format!("{input}: {e}"))?;
        let ct = self.read(&mut zip, ct_index)?;
        let override_el = format!("<Override PartName=\"/{}\" ContentType=\"{COMMENTS_CT}\"/>", escape_markup(part));
        let at = ct.rfind("</").ok_or("[Content_Types].xml: no closing tag")?;
        replaced.push((ct_index, format!("{}{override_el}{}", &ct[..at], &ct[at..])));
        let target = part.strip_prefix(&self.main_dir).unwrap_or(part).to_string();
        let rel_type = if strict { REL_STRICT } else { REL_TRANSITIONAL };
        let rel_id = unique_rel_id(self.rels_xml.as_deref().unwrap_or(""));
        let rel = format!("<Relationship Id=\"{rel_id}\" Type=\"{rel_type}\" Target=\"{}\"/>", escape_markup(&target));
        match (self.rels_index, &self.rels_xml) {
            (Some(i), Some(xml)) => {
                let at = xml.rfind("</").ok_or("relationships part: no closing tag")?;
                replaced.push((i, format!("{}{rel}{}", &xml[..at], &xml[at..])));
            }
            _ => added.push((
                self.rels_name.clone(),
                format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rel}</Relationships>"),
            )),
        }
        Ok(())
    }

    /// The package with its main part and comments part replaced (for the clean-up of earlier annotations).
    pub fn with_parts(&self, main: &str, comments: Option<&str>) -> Result<Vec<u8>, String> {
        let input = self.input.display();
        let mut zip = zip::ZipArchive::new(Cursor::new(self.bytes)).map_err(|e| format!("{input}: {e}"))?;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let zip_err = |e: zip::result::ZipError| format!("{input}: {e}");
        for (i, name) in self.entry_names.iter().enumerate() {
            let text = if i == self.main_index {
                Some(main)
            } else if Some(i) == self.comments_index {
                comments
            } else {
                None
            };
            match text {
                Some(text) => {
                    out.start_file(name.as_str(), options).map_err(zip_err)?;
                    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
                }
                None => {
                    let entry = zip.by_index_raw(i).map_err(zip_err)?;
                    out.raw_copy_file(entry).map_err(zip_err)?;
                }
            }
        }
        Ok(out.finish().map_err(zip_err)?.into_inner())
    }
}

fn comment_xml(prefix: &str, id: i64, lines: &[String], date: &str) -> String {
    let w = |l: &str| qualified(prefix, l);
    let mut s = format!(
        "<{} {}=\"{id}\" {}=\"{AUTHOR}\" {}=\"{date}\" {}=\"MC2\">",
        w("comment"),
        w("id"),
        w("author"),
        w("date"),
        w("initials")
    );
    for (n, line) in lines.iter().enumerate() {
        s += &format!("<{}>", w("p"));
        if n == 0 {
            s += &format!("<{0}><{1}/></{0}>", w("r"), w("annotationRef"));
        }
        s += &format!("<{0}><{1} xml:space=\"preserve\">{2}</{1}></{0}>", w("r"), w("t"), escape_markup(line));
        s += &format!("</{}>", w("p"));
    }
    s + &format!("</{}>", w("comment"))
}

/// The prefix of the root element of a part.
pub fn root_prefix(xml: &str) -> String {
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        let tail = &rest[at..];
        if !tail.starts_with("<?") && !tail.starts_with("<!") {
            return super::prefix_at(tail, 0);
        }
        rest = &tail[1..];
    }
    "w".into()
}

fn existing_comments_target(rels: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r#"<(?:\w+:)?Relationship\b[^>]*>"#).expect("valid"));
    re.find_iter(rels).map(|m| m.as_str()).find_map(|el| {
        let ty = attr(el, "Type")?;
        (ty.rsplit('/').next() == Some("comments") && attr(el, "TargetMode").is_none()).then(|| attr(el, "Target"))?
    })
}

fn attr(el: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = el.find(&key)? + key.len();
    Some(el[at..].split('"').next()?.replace("&amp;", "&"))
}

fn unique_part_name(wanted: &str, names: &[String]) -> String {
    let taken: HashSet<String> = names.iter().map(|n| n.trim_start_matches('/').to_ascii_lowercase()).collect();
    if !taken.contains(&wanted.to_ascii_lowercase()) {
        return wanted.to_string();
    }
    let stem = wanted.trim_end_matches(".xml");
    (1..).map(|n| format!("{stem}{n}.xml")).find(|n| !taken.contains(&n.to_ascii_lowercase())).expect("unbounded")
}

fn unique_rel_id(rels: &str) -> String {
    (1..).map(|n| format!("rIdMc2lint{n}")).find(|id| !rels.contains(&format!("\"{id}\""))).expect("unbounded")
}
