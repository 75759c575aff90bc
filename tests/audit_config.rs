//! `check` and `audit` give a document the same verdicts with the same config
//! (issue 17): `audit` uses the nearest `mc2lint.toml` above each contract, or
//! `--config`, as `check` does, and leaves out what the config's `ignore` covers.

mod audit_support;

use std::collections::BTreeMap;

use audit_support::*;
use mc2lint::model::{DocumentReport, Report};

/// What must agree per document: every term's verdict, severity, suppression, clause and message.
type Verdicts = BTreeMap<String, Vec<(String, String, String, bool, Option<String>, String)>>;

fn verdicts(docs: &[DocumentReport]) -> Verdicts {
    docs.iter()
        .map(|d| {
            let terms = d
                .terms
                .iter()
                .map(|f| {
                    (
                        f.term.clone(),
                        f.verdict.as_str().to_string(),
                        f.severity.as_str().to_string(),
                        f.suppressed,
                        f.clause.clone(),
                        f.message.clone(),
                    )
                })
                .collect();
            (d.path.clone(), terms)
        })
        .collect()
}

/// A folder config that changes verdicts, severities and suppressions.
const SUB_CONFIG: &str = r#"
fail-on = "warning"
ignore = ["drafts/**"]
[severity]
"B1-sbom" = "off"
"A1-sdl" = "info"
[params."C3-incident-notification"]
deadline = { value = 30, unit = "days" }
[[suppress]]
path = "*.docx"
term = "B2"
reason = "accepted for this vendor"
"#;

#[test]
fn check_and_audit_agree_with_the_nearest_config_and_with_config_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let src = fixtures(4);
    if src.len() < 4 {
        eprintln!("SKIP: no fixture contracts");
        return;
    }
    std::fs::create_dir_all(dir.join("in/sub/drafts")).unwrap();
    let files = ["in/a.docx", "in/b.docx", "in/sub/c.docx", "in/sub/d.docx"];
    for (f, s) in files.iter().zip(&src) {
        std::fs::copy(s, dir.join(f)).unwrap();
    }
    std::fs::copy(&src[0], dir.join("in/sub/drafts/e.docx")).unwrap();
    std::fs::write(dir.join("in/sub/mc2lint.toml"), SUB_CONFIG).unwrap();

    let checked = |extra: &[&str]| {
        let out = mc2lint(dir).args(["check", "--format", "json"]).args(extra).args(files).output().unwrap();
        let report: Report = serde_json::from_slice(&out.stdout).unwrap();
        verdicts(&report.documents)
    };
    let audited = |extra: &[&str]| {
        let out = mc2lint(dir).args(["audit", "in", "-q"]).args(extra).output().unwrap();
        (out.status.code(), verdicts(&parse_jsonl(&String::from_utf8(out.stdout).unwrap())))
    };

    let by_check = checked(&[]);
    let (code, by_audit) = audited(&[]);
    assert_eq!(by_audit.keys().collect::<Vec<_>>(), files, "the draft under `ignore` is left out");
    assert_eq!(by_audit, by_check, "the same verdicts from check and audit");
    // The folder config took effect (this is not two runs without config).
    let c = &by_audit["in/sub/c.docx"];
    assert!(c.iter().any(|t| t.0 == "B1-sbom" && t.2 == "off"), "severity off from in/sub/mc2lint.toml");
    assert!(c.iter().any(|t| t.0 == "B2-mds2" && (t.3 || t.1 == "conformant")), "B2 suppressed there");
    let a = &by_audit["in/a.docx"];
    assert!(a.iter().any(|t| t.0 == "B1-sbom" && t.2 != "off"), "no config above in/a.docx");
    assert_ne!(code, Some(2));

    // The same with --config for every input.
    let config = dir.join("in/sub/mc2lint.toml").display().to_string();
    let by_check = checked(&["--config", &config]);
    let (_, by_audit) = audited(&["--config", &config]);
    assert_eq!(by_audit, by_check, "the same verdicts with --config");
    assert!(by_audit["in/a.docx"].iter().any(|t| t.0 == "B1-sbom" && t.2 == "off"));
}

#[test]
fn a_config_choosing_another_reference_is_refused_with_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let Some(src) = fixtures(1).into_iter().next() else { return };
    std::fs::create_dir_all(dir.join("in/old")).unwrap();
    std::fs::copy(&src, dir.join("in/a.docx")).unwrap();
    std::fs::copy(&src, dir.join("in/old/b.docx")).unwrap();
    std::fs::write(dir.join("in/old/mc2lint.toml"), "reference = \"mc2@1\"\n").unwrap();
    let out = mc2lint(dir).args(["audit", "in", "-q"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("in/old/b.docx") && stderr.contains("mc2@1") && stderr.contains("--reference"), "{stderr}");
    // One reference for all: every file is checked against it.
    let out = mc2lint(dir).args(["audit", "in", "-q", "--reference", "mc2@1"]).output().unwrap();
    assert_eq!(parse_jsonl(&String::from_utf8(out.stdout).unwrap()).len(), 2);
}
