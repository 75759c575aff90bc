//! Baselines: `baseline create` then `check --baseline` reports only new or
//! changed findings; a baseline survives a paragraph inserted at the top and
//! renumbering, but not a change to the clause itself.

mod cli_support;

use cli_support::*;

fn issues(report: &serde_json::Value) -> Vec<String> {
    report["documents"][0]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["verdict"] != "conformant")
        .map(|t| t["term"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn baseline_survives_a_new_paragraph_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contract.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (code, _, err) =
        run(mc2lint(dir.path()).args(["baseline", "create", "-o", ".mc2lint-baseline.json", "contract.docx"]));
    assert_eq!(code, 0, "{err}");
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(".mc2lint-baseline.json")).unwrap()).unwrap();
    assert_eq!(baseline["schema"], "mc2lint/baseline@1");
    assert!(baseline["findings"].as_array().unwrap().iter().any(|f| f["term"] == C3));

    // Unchanged: nothing to report, exit 0.
    let (code, report, _) = check_json(dir.path(), &["--baseline", ".mc2lint-baseline.json", "contract.docx"]);
    assert_eq!(issues(&report), Vec::<String>::new());
    assert_eq!(code, 0);

    // A new paragraph at the top, and the clause renumbered: still nothing new.
    let renumbered = WEAK_C3.replacen("7.1", "8.1", 1);
    write(
        dir.path(),
        "contract.docx",
        &[p("CONFIDENTIAL - DRAFT FOR DISCUSSION"), p(PREAMBLE), p("1. Definitions apply throughout."), p(&renumbered)],
    );
    let (code, report, _) = check_json(dir.path(), &["--baseline", ".mc2lint-baseline.json", "contract.docx"]);
    assert_eq!(issues(&report), Vec::<String>::new(), "{report}");
    assert_eq!(code, 0);
    // Without the baseline the finding is there, now in paragraph 4.
    let (code, report, _) = check_json(dir.path(), &["contract.docx"]);
    assert_eq!(code, 1);
    assert_eq!(finding(&report, C3).unwrap()["paragraph"], 3);

    // A changed clause is a new finding.
    let worse = WEAK_C3.replace("ten (10) business days", "thirty (30) days");
    write(dir.path(), "contract.docx", &[p(PREAMBLE), p(&worse)]);
    let (code, report, _) = check_json(dir.path(), &["--baseline", ".mc2lint-baseline.json", "contract.docx"]);
    assert!(issues(&report).contains(&C3.to_string()), "{report}");
    assert_eq!(code, 1);
}

#[test]
fn a_bad_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contract.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    std::fs::write(dir.path().join("b.json"), "{\"schema\": \"other\", \"findings\": []}").unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).args(["check", "--baseline", "b.json", "contract.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("baseline"), "{err}");
}
