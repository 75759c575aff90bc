//! Writes the document model with docx-rs, then repacks the package with
//! deflate compression and stable revision ids.

use crate::contract::DocCfg;
use crate::model::{auto_levels, exhibit_level, Block, Builder, NumStyle, BODY_NUM, EXHIBIT_NUM, P};
use crate::render::Seg;
use crate::rng::Rng;
use docx_rs::*;
use std::io::{Cursor, Read, Write};

fn level(idx: usize, text: &str, fmt: &str, lgl: bool) -> Level {
    let left = 567 * (idx as i32 + 1);
    let l = Level::new(idx, Start::new(1), NumberFormat::new(fmt), LevelText::new(text), LevelJc::new("left")).indent(
        Some(left),
        Some(SpecialIndentType::Hanging(567)),
        None,
        None,
    );
    if lgl {
        l.is_lgl()
    } else {
        l
    }
}

fn text_runs(text: &str, bold: bool, split: bool, rng: &mut Rng) -> Vec<Run> {
    let mk = |s: &str| {
        let r = Run::new().add_text(s);
        if bold {
            r.bold()
        } else {
            r
        }
    };
    if !split || text.len() < 24 || !rng.chance(0.5) {
        return vec![mk(text)];
    }
    // Split at one or two arbitrary char boundaries (even mid-word), as Word
    // does when a paragraph was edited in several sessions.
    let n = rng.range(1, 2);
    let mut cuts: Vec<usize> = (0..n)
        .map(|_| {
            let mut c = rng.range(1, text.len() - 1);
            while !text.is_char_boundary(c) {
                c -= 1;
            }
            c
        })
        .filter(|&c| c > 0)
        .collect();
    cuts.sort();
    cuts.dedup();
    let mut runs = Vec::new();
    let mut last = 0;
    for c in cuts {
        runs.push(mk(&text[last..c]));
        last = c;
    }
    runs.push(mk(&text[last..]));
    runs
}

fn paragraph(p: &P, cfg: &DocCfg, comment_id: &mut usize, rng: &mut Rng) -> Paragraph {
    let mut para = Paragraph::new();
    if let Some(s) = p.style {
        para = para.style(s);
    }
    if let Some((id, lvl)) = p.num {
        para = para.numbering(NumberingId::new(id), IndentLevel::new(lvl));
    }
    if p.center {
        para = para.align(AlignmentType::Center);
    }
    let mut cid = None;
    if let Some((author, text)) = &p.comment {
        *comment_id += 1;
        let c = Comment::new(*comment_id)
            .author(author.as_str())
            .date(cfg.rev_date.as_str())
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(text.as_str())));
        para = para.add_comment_start(c);
        cid = Some(*comment_id);
    }
    for seg in &p.segs {
        match seg {
            Seg::T(t) => {
                for r in text_runs(t, p.bold, cfg.split_runs, rng) {
                    para = para.add_run(r);
                }
            }
            Seg::B(t) => para = para.add_run(Run::new().add_text(t.as_str()).bold()),
            Seg::Tab => para = para.add_run(Run::new().add_tab()),
            Seg::Ins(t) => {
                let mut r = Run::new().add_text(t.as_str());
                if p.bold {
                    r = r.bold();
                }
                para = para.add_insert(Insert::new(r).author(cfg.rev_author).date(cfg.rev_date.as_str()));
            }
            Seg::Del(t) => {
                let mut r = Run::new().add_delete_text(t.as_str());
                if p.bold {
                    r = r.bold();
                }
                para = para.add_delete(Delete::new().add_run(r).author(cfg.rev_author).date(cfg.rev_date.as_str()));
            }
        }
    }
    if let Some(id) = cid {
        para = para.add_comment_end(id);
    }
    para
}

pub fn build(doc: &Builder, cfg: &DocCfg) -> Docx {
    let mut rng = Rng::new(cfg.seed);
    let mut docx = Docx::new()
        .default_fonts(RunFonts::new().ascii("Times New Roman").hi_ansi("Times New Roman").cs("Times New Roman"))
        .default_size(22)
        .add_style(Style::new("Title", StyleType::Paragraph).name("Title").bold().size(32).align(AlignmentType::Center))
        .add_style(Style::new("Heading1", StyleType::Paragraph).name("heading 1").bold().size(24).outline_lvl(0));
    if doc.uses_auto {
        let lv = match doc.style {
            NumStyle::Auto(v) => auto_levels(v),
            _ => auto_levels(0),
        };
        let mut an = AbstractNumbering::new(BODY_NUM);
        for (i, (t, f, lgl)) in lv.iter().enumerate() {
            an = an.add_level(level(i, t, f, *lgl));
        }
        docx = docx.add_abstract_numbering(an).add_numbering(Numbering::new(BODY_NUM, BODY_NUM));
    }
    if doc.uses_exhibit_list {
        let t = exhibit_level(cfg.exhibit_variant, &cfg.exhibit_letter);
        docx = docx
            .add_abstract_numbering(AbstractNumbering::new(EXHIBIT_NUM).add_level(level(0, &t, "decimal", false)))
            .add_numbering(Numbering::new(EXHIBIT_NUM, EXHIBIT_NUM));
    }
    let mut comment_id = 0usize;
    for block in &doc.blocks {
        match block {
            Block::P(p) => docx = docx.add_paragraph(paragraph(p, cfg, &mut comment_id, &mut rng)),
            Block::Table(t) => {
                let rows: Vec<TableRow> = t
                    .rows
                    .iter()
                    .map(|row| {
                        TableRow::new(
                            row.iter()
                                .enumerate()
                                .map(|(ci, cell)| {
                                    let mut c = TableCell::new().width(t.widths[ci], WidthType::Dxa);
                                    for p in cell {
                                        c = c.add_paragraph(paragraph(p, cfg, &mut comment_id, &mut rng));
                                    }
                                    c
                                })
                                .collect(),
                        )
                    })
                    .collect();
                let table = if t.borders { Table::new(rows) } else { Table::without_borders(rows) };
                docx = docx.add_table(table.set_grid(t.widths.clone()));
            }
        }
    }
    docx
}

/// Gives `w:ins`/`w:del` elements ids 1..n in document order (docx-rs draws
/// them from a process-wide counter, which is not deterministic across threads).
fn renumber_revisions(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    let mut next = 1usize;
    loop {
        let a = rest.find("<w:ins ");
        let d = rest.find("<w:del ");
        let pos = match (a, d) {
            (Some(a), Some(d)) => a.min(d),
            (Some(a), None) => a,
            (None, Some(d)) => d,
            (None, None) => break,
        };
        let tag_end = rest[pos..].find('>').map(|e| pos + e).unwrap_or(rest.len());
        let tag = &rest[pos..tag_end];
        out.push_str(&rest[..pos]);
        if let Some(i) = tag.find(" w:id=\"") {
            let vs = i + 7;
            let ve = tag[vs..].find('"').map(|e| vs + e).unwrap_or(vs);
            out.push_str(&tag[..vs]);
            out.push_str(&next.to_string());
            out.push_str(&tag[ve..]);
            next += 1;
        } else {
            out.push_str(tag);
        }
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    out
}

/// docx-rs writes `<w:isLgl />` at the end of `w:lvl`; the schema wants it
/// right after `w:numFmt` (before `w:lvlText`), which Word enforces.
fn fix_is_lgl(xml: &str) -> String {
    const LGL: &str = "<w:isLgl />";
    if !xml.contains(LGL) {
        return xml.to_string();
    }
    let mut out = String::with_capacity(xml.len());
    for (i, lvl) in xml.split("<w:lvl ").enumerate() {
        if i > 0 {
            out.push_str("<w:lvl ");
        }
        if lvl.contains(LGL) {
            let without = lvl.replacen(LGL, "", 1);
            let at = without.find("<w:lvlText").unwrap_or(0);
            out.push_str(&without[..at]);
            out.push_str(LGL);
            out.push_str(&without[at..]);
        } else {
            out.push_str(lvl);
        }
    }
    out
}

/// Packs the document into DOCX bytes (deflated, deterministic).
pub fn pack(docx: Docx) -> Vec<u8> {
    let mut raw = Cursor::new(Vec::new());
    docx.pack(&mut raw).expect("docx-rs pack");
    let raw = raw.into_inner();
    let mut zin = zip::ZipArchive::new(Cursor::new(raw)).expect("read back docx");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::from_date_and_time(2025, 1, 1, 0, 0, 0).expect("date"))
        .unix_permissions(0o644);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("entry");
        if f.is_dir() {
            continue;
        }
        let name = f.name().to_string();
        let mut buf = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut buf).expect("read entry");
        if name == "word/document.xml" {
            let s = String::from_utf8(buf).expect("utf-8 document.xml");
            buf = renumber_revisions(&s).into_bytes();
        } else if name == "word/numbering.xml" {
            let s = String::from_utf8(buf).expect("utf-8 numbering.xml");
            buf = fix_is_lgl(&s).into_bytes();
        }
        out.start_file(name, opts).expect("start entry");
        out.write_all(&buf).expect("write entry");
    }
    out.finish().expect("finish zip").into_inner()
}
