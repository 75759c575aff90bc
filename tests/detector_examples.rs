//! One test per detector, from its own documentation (ruff-style): the
//! module's `Example:` sentence must be reported with the detector's kind,
//! and its `Use instead:` sentence must not. The sentences are read from
//! `mc2lint explain KIND`'s text, so a documented example can never drift
//! from what the detector does.

use mc2lint::analysis::DETECTORS;
use mc2lint::check::{raw_from_paragraphs, Checker, Options};
use mc2lint::model::Kind;
use mc2lint::reference::Pack;

/// The first backticked sentence after `label` in a detector's documentation.
fn sentence_after(doc: &str, label: &str) -> String {
    let at = doc.find(label).unwrap_or_else(|| panic!("documentation lacks '{label}':\n{doc}"));
    let rest = &doc[at + label.len()..];
    let start = rest.find('`').expect("a backticked sentence") + 1;
    let end = start + rest[start..].find('`').expect("a closing backtick");
    rest[start..end].replace('\n', " ")
}

/// The kinds reported on any term when `sentence` is a contract's only clause.
fn kinds_reported(checker: &Checker, sentence: &str) -> Vec<Kind> {
    let parties =
        "This Agreement is made between Acme Devices Inc. (\"Supplier\") and General Hospital (\"Customer\").";
    let raw = raw_from_paragraphs(&[parties, sentence]);
    let mut kinds: Vec<Kind> = checker.analyse(&raw).findings.into_iter().flat_map(|f| f.kinds).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

#[test]
fn every_detector_flags_its_example_and_not_its_fix() {
    let checker = Checker::new(Pack::load("mc2@2").unwrap(), Options::default());
    for d in DETECTORS {
        let doc = d.doc();
        let example = sentence_after(&doc, "Example:");
        let fix = sentence_after(&doc, "Use instead:");
        let flagged = kinds_reported(&checker, &example);
        assert!(flagged.contains(&d.kind), "{}: example `{example}` gave {flagged:?}", d.kind.as_str());
        let clean = kinds_reported(&checker, &fix);
        assert!(!clean.contains(&d.kind), "{}: `{fix}` gave {clean:?}", d.kind.as_str());
    }
}
