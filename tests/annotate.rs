//! `mc2lint annotate`: findings become Word comments by "mc2lint"; existing
//! comments and every other package part are kept; the body text is unchanged;
//! the input is never overwritten; LibreOffice opens the result.

mod cli_support;
mod reader_support;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use cli_support::*;
use mc2lint::document::{Document, View};
use mc2lint::docx::{self, Limits};

fn read(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    let raw = docx::read_bytes(path, &bytes, Limits::default()).unwrap();
    Document::build(&raw, View::Accepted)
}

fn body_text(doc: &Document) -> Vec<String> {
    doc.paragraphs.iter().filter(|p| p.kind.is_contract_text()).map(|p| doc.paragraph_text(p).to_string()).collect()
}

fn entries(path: &Path) -> HashMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut buf = Vec::new();
            e.read_to_end(&mut buf).unwrap();
            (e.name().to_string(), buf)
        })
        .collect()
}

const EXISTING: &str = "Please check the notice period with IT security.";

#[test]
fn findings_become_comments_and_nothing_else_changes() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "contract.docx", &[p(PREAMBLE), commented(WEAK_C3, EXISTING)]);
    let before = std::fs::read(&input).unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).args(["annotate", "contract.docx", "-o", "reviewed.docx"]));
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before, "the input is never modified");

    let out = dir.path().join("reviewed.docx");
    let (a, b) = (read(&input), read(&out));
    assert_eq!(body_text(&a), body_text(&b), "body text unchanged");

    // Existing comment kept; one mc2lint comment per finding, C3 anchored on its clause.
    assert!(b.comments.iter().any(|c| c.text.contains(EXISTING) && c.author == "Counsel"));
    let ours: Vec<_> = b.comments.iter().filter(|c| c.author == "mc2lint").collect();
    let (_, report, _) = check_json(dir.path(), &["contract.docx"]);
    let issues =
        report["documents"][0]["terms"].as_array().unwrap().iter().filter(|t| t["verdict"] != "conformant").count();
    assert_eq!(ours.len(), issues, "one comment per finding");
    let c3 = ours.iter().find(|c| c.text.contains(C3)).expect("a C3 comment");
    assert!(c3.text.starts_with("[weakened] C3-incident-notification:"), "{}", c3.text);
    assert!(c3.text.contains("Reference wording: "), "{}", c3.text);
    assert_eq!(c3.paragraph, Some(1), "anchored on the clause");
    // Missing terms anchor on the first body paragraph.
    assert!(ours.iter().filter(|c| c.text.starts_with("[missing]")).all(|c| c.paragraph == Some(0)));

    // Every part but the document, comments, content types and relationships is byte-identical.
    let (ea, eb) = (entries(&input), entries(&out));
    for (name, data) in &ea {
        if ["word/document.xml", "word/comments.xml"].contains(&name.as_str()) {
            continue;
        }
        assert_eq!(eb.get(name), Some(data), "{name} changed");
    }

    // Annotating the annotated copy replaces mc2lint's own comments (and keeps everyone else's).
    let (code, _, err) = run(mc2lint(dir.path()).args(["annotate", "reviewed.docx", "-o", "twice.docx"]));
    assert_eq!(code, 0, "{err}");
    let c = read(&dir.path().join("twice.docx"));
    assert_eq!(c.comments.len(), b.comments.len());
    assert!(c.comments.iter().any(|c| c.text.contains(EXISTING) && c.author == "Counsel"));
    let mut ids: Vec<&str> = c.comments.iter().map(|c| c.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), c.comments.len(), "comment ids are unique");
}

#[test]
fn a_document_without_comments_gets_a_comments_part() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "plain.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let mut before = entries(&input);
    before.retain(|n, _| n.contains("comments"));
    let (code, _, err) = run(mc2lint(dir.path()).args(["annotate", "plain.docx", "-o", "out.docx"]));
    assert_eq!(code, 0, "{err}");
    let out = dir.path().join("out.docx");
    let doc = read(&out);
    assert!(doc.comments.iter().any(|c| c.author == "mc2lint" && c.text.contains(C3)));
    let e = entries(&out);
    let ct = String::from_utf8(e["[Content_Types].xml"].clone()).unwrap();
    assert!(ct.contains("comments+xml"), "{ct}");
}

#[test]
fn refuses_to_write_over_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "contract.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let before = std::fs::read(&input).unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).args(["annotate", "contract.docx", "-o", "./contract.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("refusing"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

/// Converts `input` with LibreOffice into `outdir` (`filter` as for `--convert-to`).
fn soffice_convert(soffice: &Path, profile: &Path, filter: &str, outdir: &Path, input: &Path) -> String {
    let out = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", filter, "--outdir"])
        .arg(outdir)
        .arg(input)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn libreoffice_opens_the_annotated_file_with_every_comment() {
    let Some(soffice) = reader_support::soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contract.docx", &[p(PREAMBLE), commented(WEAK_C3, EXISTING)]);
    let (code, _, err) = run(mc2lint(dir.path()).args(["annotate", "contract.docx", "-o", "reviewed.docx"]));
    assert_eq!(code, 0, "{err}");
    let reviewed = dir.path().join("reviewed.docx");
    let profile = dir.path().join("profile");

    // Text export: the file opens and its body text is there.
    let log = soffice_convert(&soffice, &profile, "txt:Text (encoded):UTF8", &dir.path().join("txt"), &reviewed);
    let txt = std::fs::read_to_string(dir.path().join("txt/reviewed.txt"))
        .unwrap_or_else(|_| panic!("LibreOffice could not convert the annotated file: {log}"));
    assert!(txt.contains("commercially reasonable efforts"), "{txt}");

    // Saved again as DOCX by LibreOffice: every comment survived its import.
    let log = soffice_convert(&soffice, &profile, "docx:MS Word 2007 XML", &dir.path().join("lo"), &reviewed);
    let resaved = dir.path().join("lo/reviewed.docx");
    assert!(resaved.exists(), "LibreOffice could not re-save the annotated file: {log}");
    let (ours, theirs) = (read(&reviewed), read(&resaved));
    let texts = |d: &Document| {
        let mut t: Vec<String> = d.comments.iter().map(|c| c.text.trim().to_string()).collect();
        t.sort();
        t
    };
    assert_eq!(texts(&ours), texts(&theirs), "LibreOffice kept every comment");
    assert!(theirs.comments.iter().any(|c| c.author == "mc2lint" && c.text.contains(C3)));
    assert_eq!(body_text(&ours), body_text(&theirs));
}

#[test]
fn missing_terms_anchor_on_the_security_heading() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "contract.docx",
        &[p(PREAMBLE), p("Payment terms are net thirty days."), p("Cybersecurity"), p(WEAK_C3)],
    );
    let (code, _, err) = run(mc2lint(dir.path()).args(["annotate", "contract.docx", "-o", "reviewed.docx"]));
    assert_eq!(code, 0, "{err}");
    let doc = read(&dir.path().join("reviewed.docx"));
    let sbom = doc.comments.iter().find(|c| c.text.contains("B1-sbom")).expect("a comment for the missing SBOM term");
    let anchored = sbom.paragraph.map(|i| doc.paragraph_text(&doc.paragraphs[i]).to_string());
    assert_eq!(anchored.as_deref(), Some("Cybersecurity"));
}
