//! Tracked changes in both views, with exact expected texts (no LibreOffice
//! needed). The same fixtures are compared with LibreOffice's accept-all and
//! reject-all in tests/revisions_libreoffice.rs.

mod reader_support;

use mc2lint::document::{Document, View};
use mc2lint::docx::{read_file, Limits, RevisionKind};

/// Paragraphs of one view as "label text" (label only when numbered), empty ones left out.
fn view(name: &str, view: View) -> (Document, Vec<String>) {
    let raw = read_file(&reader_support::fixture(name), Limits::default()).unwrap();
    let doc = Document::build(&raw, view);
    let lines = doc
        .paragraphs
        .iter()
        .filter(|p| !doc.paragraph_text(p).trim().is_empty())
        .map(|p| match &p.number {
            Some(n) => format!("{n} {}", doc.paragraph_text(p)),
            None => doc.paragraph_text(p).to_string(),
        })
        .collect();
    (doc, lines)
}

fn revision<'d>(doc: &'d Document, id: &str) -> &'d mc2lint::document::RevisionSpan {
    doc.revisions.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("revision {id} missing"))
}

#[test]
fn insertions_and_deletions() {
    let (accepted, lines) = view("rev-insert-delete.docx", View::Accepted);
    assert_eq!(
        lines,
        [
            "Supplier shall notify Customer within three (3) days.",
            "Bold by a tracked format change.",
            "Security patches shall be provided.",
        ]
    );
    let (original, lines) = view("rev-insert-delete.docx", View::Original);
    assert_eq!(
        lines,
        [
            "Supplier shall notify Customer within ten (10) days.",
            "Bold by a tracked format change.",
            "Security patches may be provided at cost.",
        ]
    );
    // Property changes (w:rPrChange, w:pPrChange) are not revisions of the text.
    assert_eq!(accepted.revisions.len(), 5);
    let ins = revision(&accepted, "2");
    assert_eq!((ins.kind, ins.text.as_str()), (RevisionKind::Insertion, "three (3)"));
    assert_eq!(&accepted.text[ins.start..ins.end], "three (3)");
    let del = revision(&original, "1");
    assert_eq!((del.kind, &original.text[del.start..del.end]), (RevisionKind::Deletion, "ten (10)"));
    // Hidden text sits at an empty range where it would have been.
    let hidden = revision(&accepted, "1");
    assert_eq!((hidden.start, hidden.end, hidden.text.as_str()), (ins.start, ins.start, "ten (10)"));
}

#[test]
fn moves() {
    let (accepted, lines) = view("rev-move.docx", View::Accepted);
    assert_eq!(
        lines,
        [
            "Term. The term is five years.",
            "Confidentiality applies to both parties.",
            "Survival. This clause survives termination.",
        ]
    );
    let (_, lines) = view("rev-move.docx", View::Original);
    assert_eq!(
        lines,
        [
            "Term. This clause survives termination. The term is five years.",
            "Confidentiality applies to both parties.",
            "Survival. "
        ]
    );
    assert_eq!(revision(&accepted, "11").kind, RevisionKind::MoveFrom);
    assert_eq!(revision(&accepted, "13").kind, RevisionKind::MoveTo);
    assert_eq!(revision(&accepted, "13").paragraph, 2);
}

#[test]
fn deleted_paragraph_marks_merge_paragraphs() {
    let (accepted, lines) = view("rev-deleted-mark.docx", View::Accepted);
    assert_eq!(lines, ["The Supplier shall maintain a vulnerability disclosure policy.", "Remaining paragraph."]);
    assert_eq!(accepted.paragraphs[0].sources, vec![0, 1]);
    assert_eq!(revision(&accepted, "20").kind, RevisionKind::ParagraphDeleted);
    let (_, lines) = view("rev-deleted-mark.docx", View::Original);
    assert_eq!(
        lines,
        [
            "The Supplier shall maintain",
            " a vulnerability disclosure policy.",
            "This whole paragraph is deleted.",
            "Remaining paragraph.",
        ]
    );
}

#[test]
fn inserted_paragraphs_vanish_when_rejected() {
    let (_, lines) = view("rev-inserted-para.docx", View::Accepted);
    assert_eq!(
        lines,
        [
            "Definitions.",
            "Inserted paragraph with new text.",
            "Original paragraph",
            " continued by an inserted split.",
            "Last paragraph.",
        ]
    );
    let (original, lines) = view("rev-inserted-para.docx", View::Original);
    assert_eq!(lines, ["Definitions.", "Original paragraph", "Last paragraph."]);
    assert_eq!(revision(&original, "31").kind, RevisionKind::ParagraphInserted);
}

#[test]
fn numbering_follows_the_view() {
    let (accepted, lines) = view("rev-numbered.docx", View::Accepted);
    assert_eq!(
        lines,
        [
            "1. Security requirements",
            "(a) Supplier shall promptly patch.",
            "(b) Supplier shall provide an SBOM.",
            "(c) Supplier shall report incidents.",
            "2. Term",
        ]
    );
    assert_eq!(accepted.paragraphs[2].level, Some(1));
    let (_, lines) = view("rev-numbered.docx", View::Original);
    assert_eq!(
        lines,
        [
            "1. Security requirements",
            "(a) Supplier shall patch.",
            "(b) Supplier may charge for patches.",
            "(c) Supplier shall provide an SBOM.",
            "2. Term",
        ]
    );
}

#[test]
fn whole_table_rows() {
    let (accepted, lines) = view("rev-table-rows.docx", View::Accepted);
    assert_eq!(
        lines,
        ["Service levels:", "Severity", "Response", "Critical", "72 hours", "Low", "90 days", "End of schedule."]
    );
    let deleted = revision(&accepted, "54");
    assert_eq!((deleted.kind, deleted.text.as_str()), (RevisionKind::RowDeleted, "Critical¶30 days¶"));
    assert_eq!(deleted.start, deleted.end);
    let (original, lines) = view("rev-table-rows.docx", View::Original);
    assert_eq!(
        lines,
        ["Service levels:", "Severity", "Response", "Critical", "30 days", "Low", "90 days", "End of schedule."]
    );
    let inserted = revision(&original, "57");
    assert_eq!(inserted.kind, RevisionKind::RowInserted);
    // Spans index the canonical text of their view.
    for doc in [&accepted, &original] {
        for r in &doc.revisions {
            assert!(r.start <= r.end && r.end <= doc.text.len());
        }
    }
}
