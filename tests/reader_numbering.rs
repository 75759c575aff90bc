//! List numbering rules, one small document each: what Word displays. The same
//! rules are measured against LibreOffice over the corpus in
//! tests/numbering_libreoffice.rs.

mod reader_support;

use std::path::Path;

use mc2lint::document::{Document, View};
use mc2lint::docx::{read_bytes, Limits};

/// A paragraph: (numId, ilvl) when numbered, optional style, text.
fn p(num: Option<(u32, u8)>, style: Option<&str>, text: &str) -> String {
    let style = style.map(|s| format!("<w:pStyle w:val=\"{s}\"/>")).unwrap_or_default();
    let num = num
        .map(|(id, lvl)| format!("<w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{id}\"/></w:numPr>"))
        .unwrap_or_default();
    format!("<w:p><w:pPr>{style}{num}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// One level: (ilvl, start or None, numFmt, lvlText, extra XML).
fn lvl(ilvl: u8, start: Option<i64>, fmt: &str, text: &str, extra: &str) -> String {
    let start = start.map(|s| format!("<w:start w:val=\"{s}\"/>")).unwrap_or_default();
    format!("<w:lvl w:ilvl=\"{ilvl}\">{start}<w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/>{extra}</w:lvl>")
}

fn abstract_num(id: u32, levels: &[String]) -> String {
    format!("<w:abstractNum w:abstractNumId=\"{id}\">{}</w:abstractNum>", levels.concat())
}

fn num(id: u32, abs: u32, overrides: &str) -> String {
    format!("<w:num w:numId=\"{id}\"><w:abstractNumId w:val=\"{abs}\"/>{overrides}</w:num>")
}

/// The displayed numbers, in order, of every paragraph (None when unnumbered).
fn numbers(body: &[String], numbering: &[String], styles: Option<&str>) -> Vec<Option<String>> {
    let bytes = reader_support::build_docx(&body.concat(), Some(&numbering.concat()), styles);
    let raw = read_bytes(Path::new("test.docx"), &bytes, Limits::default()).unwrap();
    let doc = Document::build(&raw, View::Accepted);
    doc.paragraphs.iter().map(|p| p.number.clone()).collect()
}

fn some(labels: &[&str]) -> Vec<Option<String>> {
    labels.iter().map(|l| (!l.is_empty()).then(|| l.to_string())).collect()
}

fn decimal_list() -> Vec<String> {
    vec![
        lvl(0, Some(1), "decimal", "%1.", ""),
        lvl(1, Some(1), "lowerLetter", "%1.%2", ""),
        lvl(2, Some(1), "lowerRoman", "%1.%2.%3", ""),
    ]
}

#[test]
fn instances_of_one_abstract_share_a_counter_and_start_overrides_restart_it() {
    // pandoc #8367: a "restart at 1" instance, then the original instance continues after it.
    let defs = [
        abstract_num(0, &decimal_list()),
        num(1, 0, ""),
        num(2, 0, "<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride>"),
    ];
    let body = [
        p(Some((1, 0)), None, "a"),
        p(Some((1, 0)), None, "b"),
        p(None, None, "break"),
        p(Some((2, 0)), None, "restart"),
        p(Some((1, 0)), None, "c"),
        p(Some((2, 0)), None, "d"),
    ];
    assert_eq!(numbers(&body, &defs, None), some(&["1.", "2.", "", "1.", "2.", "3."]));
}

#[test]
fn level_overrides_change_the_format_not_the_count() {
    let upper = "<w:lvlOverride w:ilvl=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperLetter\"/><w:lvlText w:val=\"%1\"/></w:lvl></w:lvlOverride>";
    let defs = [abstract_num(0, &[lvl(0, Some(1), "decimal", "%1", "")]), num(1, 0, ""), num(2, 0, upper)];
    let body = [
        p(Some((1, 0)), None, "x"),
        p(Some((2, 0)), None, "y"),
        p(Some((2, 0)), None, "z"),
        p(Some((1, 0)), None, "w"),
    ];
    assert_eq!(numbers(&body, &defs, None), some(&["1", "B", "C", "4"]));
}

#[test]
fn missing_start_is_zero_and_decimal_zero_pads() {
    let defs = [
        abstract_num(0, &[lvl(0, None, "decimalZero", "%1", "")]),
        abstract_num(1, &[lvl(0, None, "ordinal", "%1", "")]),
        num(1, 0, ""),
        num(2, 1, ""),
    ];
    let body = [p(Some((1, 0)), None, "a"), p(Some((1, 0)), None, "b"), p(Some((2, 0)), None, "c")];
    assert_eq!(numbers(&body, &defs, None), some(&["00", "01", "0th"]));
}

#[test]
fn a_skipped_level_counts_as_used() {
    let defs = [abstract_num(0, &decimal_list()), num(1, 0, "")];
    let body = [p(Some((1, 0)), None, "1"), p(Some((1, 2)), None, "1.a.i"), p(Some((1, 1)), None, "1.b")];
    assert_eq!(numbers(&body, &defs, None), some(&["1.", "1.a.i", "1.b"]));
}

#[test]
fn legal_numbering_and_level_restart() {
    let levels = [
        lvl(0, Some(2), "upperRoman", "%1", ""),
        lvl(1, Some(17), "decimal", "%1.%2", "<w:isLgl/>"),
        lvl(2, Some(1), "lowerRoman", "%1.%2.%3", "<w:lvlRestart w:val=\"1\"/>"),
        lvl(3, Some(1), "decimal", "(%4)", "<w:lvlRestart w:val=\"0\"/>"),
    ];
    let defs = [abstract_num(0, &levels), num(1, 0, "")];
    let body = [
        p(Some((1, 0)), None, "II"),
        p(Some((1, 1)), None, "2.17"),
        p(Some((1, 2)), None, "II.17.i"),
        p(Some((1, 3)), None, "(1)"),
        p(Some((1, 1)), None, "2.18: level 2 does not restart after level 1"),
        p(Some((1, 2)), None, "II.18.ii"),
        p(Some((1, 0)), None, "III"),
        p(Some((1, 2)), None, "III.17.i: level 1 restarted, shown at its start"),
        p(Some((1, 3)), None, "(2): never restarts"),
    ];
    assert_eq!(
        numbers(&body, &defs, None),
        some(&["II", "2.17", "II.17.i", "(1)", "2.18", "II.18.ii", "III", "III.17.i", "(2)"])
    );
}

#[test]
fn numbering_through_styles_based_on_and_num_style_links() {
    let styles = r#"
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Clause"><w:basedOn w:val="Heading1"/></w:style>
        <w:style w:type="numbering" w:styleId="Lettered"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>"#;
    let defs = [
        abstract_num(0, &[lvl(0, Some(1), "decimal", "%1.", ""), lvl(1, Some(1), "decimal", "%1.%2", "")]),
        format!(
            "<w:abstractNum w:abstractNumId=\"1\"><w:styleLink w:val=\"Lettered\"/>{}</w:abstractNum>",
            lvl(0, Some(1), "upperLetter", "%1)", "")
        ),
        "<w:abstractNum w:abstractNumId=\"2\"><w:numStyleLink w:val=\"Lettered\"/></w:abstractNum>".to_string(),
        num(1, 0, ""),
        num(3, 1, ""),
        num(4, 2, ""),
    ];
    let body = [
        p(None, Some("Heading1"), "Scope"),
        p(None, Some("Heading2"), "Details"),
        p(None, Some("Clause"), "Inherits numbering through basedOn"),
        p(Some((0, 0)), Some("Heading1"), "numId 0 switches numbering off"),
        p(Some((4, 0)), None, "Through numStyleLink"),
        p(Some((3, 0)), None, "Same list as the link"),
    ];
    assert_eq!(numbers(&body, &defs, Some(styles)), some(&["1.", "1.1", "2.", "", "A)", "B)"]));
}

#[test]
fn lists_continue_across_tables() {
    let defs = [abstract_num(0, &decimal_list()), num(1, 0, "")];
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(Some((1, 0)), None, t));
    let body = [
        p(Some((1, 0)), None, "before"),
        format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", cell("in a cell"), cell("next cell")),
        p(Some((1, 0)), None, "after"),
    ];
    assert_eq!(numbers(&body, &defs, None), some(&["1.", "2.", "3.", "4."]));
}

#[test]
fn number_formats() {
    let custom = "<mc:AlternateContent><mc:Choice Requires=\"w14\"><w:numFmt w:val=\"custom\" w:format=\"001, 002, 003, ...\"/></mc:Choice><mc:Fallback><w:numFmt w:val=\"decimal\"/></mc:Fallback></mc:AlternateContent>";
    let defs = [
        abstract_num(0, &[lvl(0, Some(1), "decimalEnclosedCircle", "%1", "")]),
        abstract_num(1, &[lvl(0, Some(11), "chineseCountingThousand", "%1、", "")]),
        abstract_num(
            2,
            &[format!("<w:lvl w:ilvl=\"0\"><w:start w:val=\"7\"/>{custom}<w:lvlText w:val=\"%1.\"/></w:lvl>")],
        ),
        abstract_num(3, &[lvl(0, Some(27), "lowerLetter", "(%1)", "")]),
        abstract_num(4, &[lvl(0, Some(1994), "upperRoman", "%1", "")]),
        abstract_num(5, &[lvl(0, Some(12), "decimalFullWidth", "第%1条", "")]),
        num(1, 0, ""),
        num(2, 1, ""),
        num(3, 2, ""),
        num(4, 3, ""),
        num(5, 4, ""),
        num(6, 5, ""),
    ];
    let body: Vec<String> = (1..=6).map(|n| p(Some((n, 0)), None, "x")).collect();
    assert_eq!(numbers(&body, &defs, None), some(&["①", "十一、", "007.", "(aa)", "MCMXCIV", "第１２条"]));
}

#[test]
fn undefined_lists_and_levels_show_no_number() {
    let defs = [abstract_num(0, &[lvl(0, Some(1), "decimal", "%1.", "")]), num(1, 0, "")];
    let body =
        [p(Some((9, 0)), None, "no such list"), p(Some((1, 4)), None, "no such level"), p(Some((1, 0)), None, "1.")];
    assert_eq!(numbers(&body, &defs, None), some(&["", "", "1."]));
}
