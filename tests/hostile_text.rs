//! Hostile numbering and text (issue 13): tiny numbering parts that used to
//! abort or exhaust memory, and legal-sized inputs that took superlinear time.
//! Each runs in a child process whose time and peak memory are measured; the
//! bounds are generous (debug build, shared CI machine) but far below what the
//! unbounded code took.

#![cfg(unix)]

mod hostile_support;

use hostile_support::*;

/// A package whose list 1 has one level of format `fmt` (with `attrs` on
/// `w:numFmt`), starting at `start`, with label pattern `lvl_text`, and
/// `items` numbered paragraphs.
fn numbered(fmt: &str, attrs: &str, start: &str, lvl_text: &str, items: usize) -> Vec<u8> {
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}" {attrs}/><w:lvlText w:val="{lvl_text}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    );
    let item = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>The Supplier shall notify the Customer.</w:t></w:r></w:p>"#;
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{}</w:body></w:document>"#,
        item.repeat(items)
    );
    let styles = format!(r#"<?xml version="1.0"?><w:styles xmlns:w="{W_NS}"/>"#);
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ])
}

#[test]
fn number_formats_stay_small_whatever_the_numbering_part_says() {
    let dir = tempfile::tempdir().unwrap();
    let wide = "0".repeat(70_000);
    let amplifying = "%1".repeat(900);
    let cases = [
        ("huge-start.docx", numbered("lowerLetter", "", "9000000000000000000", "%1.", 3)),
        ("max-start.docx", numbered("decimal", "", "9223372036854775807", "%1.", 3)),
        ("wide-custom.docx", numbered("custom", &format!("w:format=\"{wide}\""), "1", "%1", 3)),
        ("high-custom.docx", numbered("custom", "w:format=\"\u{10FFF0}\"", "999999999", "%1", 3)),
        ("amplifying.docx", numbered("upperLetter", "", "1000000", &amplifying, 2000)),
    ];
    for (file, bytes) in cases {
        assert!(bytes.len() < 200_000, "{file} is a small file");
        std::fs::write(dir.path().join(file), bytes).unwrap();
        let run = measured(dir.path(), &["dump", "--format", "json", file], 120);
        assert_eq!(run.status, Some(0), "{file}: {}", run.stderr);
        println!("{file}: {:.2} s, {} MiB", run.secs, run.peak_mib);
        assert!(run.peak_mib < 400, "{file}: {} MiB", run.peak_mib);
        let dump: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        for p in dump["paragraphs"].as_array().unwrap() {
            let number = p["number"].as_str().unwrap_or_default();
            assert!(number.chars().count() <= 64, "{file}: label of {} chars", number.chars().count());
        }
        let (status, _, err) = run_check(dir.path(), file);
        assert!(status < 2, "{file}: {err}");
    }
}

fn run_check(dir: &std::path::Path, file: &str) -> (i32, String, String) {
    run(mc2lint(dir, 120).args(["check", "-q", file]))
}

/// One paragraph of about `bytes` bytes of contract sentences, in runs of one sentence.
fn long_paragraph(bytes: usize) -> Vec<u8> {
    const SENTENCES: [&str; 3] = [
        "The Supplier shall notify the Customer of any security incident within 72 hours of discovery. ",
        "Supplier will provide a software bill of materials for each product, updated with every release. ",
        "Supplier shall maintain a vulnerability disclosure program and patch critical vulnerabilities. ",
    ];
    let mut runs = String::with_capacity(bytes * 2);
    let mut size = 0;
    for s in SENTENCES.iter().cycle() {
        if size >= bytes {
            break;
        }
        runs.push_str(&format!(r#"<w:r><w:t xml:space="preserve">{s}</w:t></w:r>"#));
        size += s.len();
    }
    minimal(
        format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p>{runs}</w:p></w:body></w:document>"#)
            .as_bytes(),
    )
}

/// A 4 MB paragraph took about 100 s in a debug build (quadratic in its
/// sentences); analysed in pieces it takes a few seconds.
#[test]
fn a_multi_megabyte_paragraph_is_checked_in_bounded_time_and_memory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("long.docx"), long_paragraph(4 << 20)).unwrap();
    // Text output prints the (one, long) source line of each finding, through the escaping stream.
    for args in
        [&["check", "-q", "long.docx"][..], &["check", "--format", "json", "long.docx"], &["check", "long.docx"]]
    {
        let run = measured(dir.path(), args, 120);
        println!("{args:?}: {:.2} s, {} MiB, {} bytes out", run.secs, run.peak_mib, run.stdout.len());
        assert!(matches!(run.status, Some(0 | 1)), "{args:?}: {:?} {}", run.status, run.stderr);
        assert!(run.secs < 60.0, "{args:?}: {:.1} s", run.secs);
        assert!(run.peak_mib < 1024, "{args:?}: {} MiB", run.peak_mib);
    }
}

/// About `bytes` bytes of short numbered-looking paragraphs.
fn many_paragraphs(bytes: usize) -> Vec<u8> {
    let mut body = String::with_capacity(bytes + 1024);
    let mut k = 0;
    while body.len() < bytes {
        k += 1;
        body.push_str(&format!(
            "<w:p><w:r><w:t>9.{k} The Supplier shall notify the Customer of any security incident within {k} hours and patch vulnerabilities.</w:t></w:r></w:p>"
        ));
    }
    minimal(
        format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>"#).as_bytes(),
    )
}

/// A document slower to check than `--max-seconds` becomes an error row with
/// code `timeout`; the run neither waits for it nor loses the other rows.
#[test]
fn audit_gives_up_on_a_document_past_its_time_budget() {
    let dir = tempfile::tempdir().unwrap();
    // Well over the budget in any build (about 1.5 s in a release build).
    std::fs::write(dir.path().join("slow.docx"), many_paragraphs(24 << 20)).unwrap();
    std::fs::write(dir.path().join("quick.docx"), long_paragraph(2_000)).unwrap();
    let run = measured(dir.path(), &["audit", "-q", "--max-seconds", "0.5", "slow.docx", "quick.docx"], 120);
    println!("{:.2} s, {} MiB", run.secs, run.peak_mib);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    let rows: Vec<serde_json::Value> = run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    let slow = rows.iter().find(|r| r["path"] == "slow.docx").unwrap();
    assert_eq!(slow["error"]["code"], "timeout", "{slow}");
    assert!(slow["error"]["message"].as_str().unwrap().starts_with("slow.docx: "), "{slow}");
    assert!(rows.iter().any(|r| r["path"] == "quick.docx" && r["status"] == "ok"), "{}", run.stdout);
    assert!(run.secs < 15.0, "the run waited for the abandoned check: {:.1} s", run.secs);
}

/// `n` paragraphs, each the whole range of its own comment.
fn many_comments(n: usize) -> Vec<u8> {
    let body: String = (0..n)
        .map(|k| format!(r#"<w:p><w:commentRangeStart w:id="{k}"/><w:r><w:t>Clause {k}: the Supplier shall patch.</w:t></w:r><w:commentRangeEnd w:id="{k}"/></w:p>"#))
        .collect();
    let comments: String = (0..n)
        .map(|k| format!(r#"<w:comment w:id="{k}" w:author="A"><w:p><w:r><w:t>note {k}</w:t></w:r></w:p></w:comment>"#))
        .collect();
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        (
            "word/document.xml",
            format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>"#)
                .as_bytes(),
        ),
        (
            "word/comments.xml",
            format!(r#"<?xml version="1.0"?><w:comments xmlns:w="{W_NS}">{comments}</w:comments>"#).as_bytes(),
        ),
    ])
}

/// Matching comments to their anchors and paragraphs was quadratic (20,000
/// comments: 7 s in a release build); it is one pass now.
#[test]
fn tens_of_thousands_of_comments_are_read_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("comments.docx"), many_comments(40_000)).unwrap();
    let run = measured(dir.path(), &["dump", "--format", "json", "comments.docx"], 120);
    println!("{:.2} s, {} MiB", run.secs, run.peak_mib);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let dump: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(dump["comments"].as_array().unwrap().len(), 40_000);
    assert_eq!(dump["comments"][39_999]["text"], "note 39999");
    assert!(run.secs < 20.0, "{:.1} s", run.secs);
}

/// Tables nested `depth` deep, each cell holding a paragraph.
fn nested_tables(depth: usize) -> Vec<u8> {
    let open = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Supplier shall patch.</w:t></w:r></w:p>".repeat(depth);
    let close = "</w:tc></w:tr></w:tbl>".repeat(depth);
    minimal(
        format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{open}{close}</w:body></w:document>"#)
            .as_bytes(),
    )
}

/// Past 255 levels the table depth overflowed a u8 (a panic in debug builds),
/// and finding a paragraph's tracked row walked every level (quadratic).
#[test]
fn deeply_nested_tables_neither_panic_nor_take_quadratic_time() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("nested.docx"), nested_tables(100_000)).unwrap();
    // Repetitive XML compresses far past the ratio limit; this test is about the walk.
    let run = measured(dir.path(), &["dump", "--max-ratio", "100000", "nested.docx"], 120);
    println!("{:.2} s, {} MiB", run.secs, run.peak_mib);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 100_000);
    assert!(run.secs < 20.0, "{:.1} s", run.secs);
}

/// One paragraph of `n` words, each inside one more open field (`fields`) or
/// one more nested tracked insertion (`insertions`).
fn deep_paragraph(n: usize, fields: bool) -> Vec<u8> {
    let words: String = (0..n).map(|k| format!("<w:r><w:t>w{k} </w:t></w:r>")).collect();
    let para = if fields {
        let open = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#;
        format!("<w:p>{}{words}</w:p>", open.repeat(n))
    } else {
        let nested: String =
            (0..n).map(|k| format!(r#"<w:ins w:id="{k}" w:author="A"><w:r><w:t>w{k} </w:t></w:r>"#)).collect();
        format!("<w:p>{nested}{}</w:p>", "</w:ins>".repeat(n))
    };
    minimal(
        format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{para}</w:body></w:document>"#).as_bytes(),
    )
}

/// Each piece of text looked through every open field and every open revision:
/// a 300 KB file with 100,000 of either took 2-3 s (release), 150,000 about a
/// minute in a debug build. Both are kept as running totals now.
#[test]
fn deeply_nested_fields_and_revisions_are_read_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    for (file, fields) in [("fields.docx", true), ("insertions.docx", false)] {
        std::fs::write(dir.path().join(file), deep_paragraph(150_000, fields)).unwrap();
        let run = measured(dir.path(), &["dump", "--max-ratio", "100000", file], 120);
        println!("{file}: {:.2} s, {} MiB", run.secs, run.peak_mib);
        assert_eq!(run.status, Some(0), "{file}: {}", run.stderr);
        assert!(run.stdout.contains("w149999"), "{file}: the text is read");
        assert!(run.secs < 20.0, "{file}: {:.1} s", run.secs);
    }
}

/// `check` and `annotate` keep the same budget: a document past it is one
/// error line with code `timeout`, and the other files are still checked.
#[test]
fn check_and_annotate_give_up_on_a_document_past_its_time_budget() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slow.docx"), many_paragraphs(24 << 20)).unwrap();
    std::fs::write(dir.path().join("quick.docx"), long_paragraph(2_000)).unwrap();
    let run = measured(dir.path(), &["check", "-q", "--max-seconds", "0.5", "slow.docx", "quick.docx"], 120);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("[timeout]") && run.stderr.contains("slow.docx"), "{}", run.stderr);
    assert!(run.stdout.starts_with("quick.docx: 27 terms"), "{}", run.stdout);
    assert!(run.secs < 15.0, "{:.1} s", run.secs);
    let run = measured(dir.path(), &["annotate", "--max-seconds", "0.5", "slow.docx", "-o", "out.docx"], 120);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("[timeout]") && run.stderr.lines().count() == 1, "{}", run.stderr);
    assert!(!dir.path().join("out.docx").exists());
}

/// A style whose name is a megabyte long and a list level whose `w:lvlText` is
/// another, used by `n` paragraphs each on a list of its own: every paragraph
/// copied or lower-cased them (a 21 KB file took 6 s and 2.2 GB for 2,000).
fn huge_names(n: usize) -> Vec<u8> {
    let big = "x".repeat(1 << 20);
    let styles = format!(
        r#"<?xml version="1.0"?><w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:styleId="S"><w:name w:val="heading {big}"/></w:style></w:styles>"#
    );
    let nums: String =
        (1..=n).map(|k| format!(r#"<w:num w:numId="{k}"><w:abstractNumId w:val="0"/></w:num>"#)).collect();
    let numbering = format!(
        r#"<?xml version="1.0"?><w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1{big}"/></w:lvl></w:abstractNum>{nums}</w:numbering>"#
    );
    let body: String = (1..=n)
        .map(|k| format!(r#"<w:p><w:pPr><w:pStyle w:val="S"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{k}"/></w:numPr></w:pPr><w:r><w:t>p{k}</w:t></w:r></w:p>"#))
        .collect();
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes()),
        (
            "word/document.xml",
            format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>"#)
                .as_bytes(),
        ),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
    ])
}

#[test]
fn megabyte_style_names_and_level_texts_cost_nothing_per_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("names.docx"), huge_names(3_000)).unwrap();
    let run = measured(dir.path(), &["dump", "--max-ratio", "100000", "names.docx"], 120);
    println!("{:.2} s, {} MiB", run.secs, run.peak_mib);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(run.secs < 20.0, "{:.1} s", run.secs);
    assert!(run.peak_mib < 400, "{} MiB", run.peak_mib);
}

/// `n` paragraphs of deleted text, then `n` of kept text, every paragraph mark
/// deleted: in the accepted view one paragraph of 2n sources, whose first with
/// visible text was found by scanning all pieces for each source (quadratic).
fn deleted_marks(n: usize) -> Vec<u8> {
    let mark = r#"<w:pPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr>"#;
    let gone: String = (0..n)
        .map(|k| {
            format!(
                r#"<w:p>{mark}<w:del w:id="2" w:author="A"><w:r><w:delText>gone {k}</w:delText></w:r></w:del></w:p>"#
            )
        })
        .collect();
    let kept: String = (0..n).map(|k| format!("<w:p>{mark}<w:r><w:t>kept {k} </w:t></w:r></w:p>")).collect();
    minimal(
        format!(r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{gone}{kept}</w:body></w:document>"#)
            .as_bytes(),
    )
}

#[test]
fn a_hundred_thousand_merged_paragraphs_are_built_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("marks.docx"), deleted_marks(100_000)).unwrap();
    let run = measured(dir.path(), &["dump", "--max-ratio", "100000", "marks.docx"], 120);
    println!("{:.2} s, {} MiB", run.secs, run.peak_mib);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("kept 99999"), "the kept text is shown");
    assert!(run.secs < 20.0, "{:.1} s", run.secs);
}
