//! `mc2lint reference import`: a clause library whose headings or comments name
//! term IDs maps directly; an unlabelled clause maps by similarity and is
//! marked for confirmation; the written pack loads and is used by `check`.

mod cli_support;

use cli_support::{commented, mc2lint, p, run, write};
use mc2lint::reference::Pack;

const OUR_C3: &str = "Vendor shall notify Customer of any actual or suspected security incident within twelve (12) hours of discovery and shall cooperate in the response.";
const OUR_B1: &str = "Vendor shall deliver a software bill of materials in CycloneDX format for every release, listing all open-source and commercial components with versions, and update it with every software change.";
const OUR_A7: &str = "Vendor shall carry cyber liability insurance of at least ten million dollars ($10,000,000) per claim during the term.";

#[test]
fn import_maps_named_and_similar_clauses() {
    let dir = tempfile::tempdir().unwrap();
    let library = write(
        dir.path(),
        "library.docx",
        &[
            p("C3 Incident notification"),
            p(OUR_C3),
            commented(OUR_A7, "A7-insurance: our standard wording"),
            p("Software inventory"),
            p(OUR_B1),
        ],
    );
    let out = dir.path().join("ours.toml");
    let (code, _, stderr) = run(mc2lint(dir.path()).args(["reference", "import"]).arg(&library).arg("-o").arg(&out));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("confirm: paragraph"), "similarity mappings are listed: {stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("C3-incident-notification: named in the document"), "{text}");
    assert!(text.contains("A7-insurance: named in the document"), "{text}");
    assert!(text.contains("B1-sbom: CONFIRM"), "{text}");
    let pack = Pack::parse(&text, "ours.toml").unwrap();
    assert_eq!(pack.id, "import:library");
    assert_eq!(pack.term("C3-incident-notification").unwrap().spec.model, OUR_C3);
    assert_eq!(pack.term("A7-insurance").unwrap().spec.model, OUR_A7);
    assert_eq!(pack.term("B1-sbom").unwrap().spec.model, OUR_B1);
    // Untouched terms keep the base wording.
    let base = Pack::load("mc2@2").unwrap();
    assert_eq!(pack.term("B2-mds2").unwrap().spec.model, base.term("B2-mds2").unwrap().spec.model);

    // The pack is usable as a reference.
    let contract = write(dir.path(), "contract.docx", &[p(cli_support::PREAMBLE), p(cli_support::WEAK_C3)]);
    let (code, stdout, stderr) =
        run(mc2lint(dir.path()).args(["check", "--format", "json", "--reference"]).arg(&out).arg(&contract));
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["reference"]["id"], "import:library");
}

#[test]
fn import_refuses_to_overwrite_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let library = write(dir.path(), "library.docx", &[p(OUR_C3)]);
    let (code, _, stderr) =
        run(mc2lint(dir.path()).args(["reference", "import"]).arg(&library).arg("-o").arg(&library));
    assert_eq!(code, 2);
    assert!(stderr.contains("refusing to overwrite"), "{stderr}");
}
