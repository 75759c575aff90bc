//! Baselines: `baseline create` then `check --baseline` hides only what it
//! recorded, for the same contract: a new contract's findings and a worsened
//! number show; a baseline survives a paragraph inserted at the top and
//! renumbering, but not a change to the clause itself; summaries add up.

mod cli_support;

use std::path::Path;

use cli_support::*;
use serde_json::Value;

/// Terms shown (not conformant, not hidden) in document `n`.
fn shown(report: &Value, n: usize) -> Vec<String> {
    report["documents"][n]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["verdict"] != "conformant" && t["suppressed"] == false)
        .map(|t| t["term"].as_str().unwrap().to_string())
        .collect()
}

fn issues(report: &Value) -> Vec<String> {
    shown(report, 0)
}

fn create(dir: &Path, files: &[&str]) {
    let (code, _, err) = run(mc2lint(dir).args(["baseline", "create", "-o", ".mc2lint-baseline.json"]).args(files));
    assert_eq!(code, 0, "{err}");
}

/// The summary counts add up to the terms listed, and every term is listed.
fn assert_summary_adds_up(doc: &Value, terms: usize) {
    let s = &doc["summary"];
    let n = |k: &str| s[k].as_u64().unwrap_or(0) as usize;
    let total = ["conformant", "weakened", "deviating", "missing", "suppressed", "baselined", "off"]
        .map(n)
        .iter()
        .sum::<usize>();
    assert_eq!(doc["terms"].as_array().unwrap().len(), terms, "one entry per term: {doc}");
    assert_eq!(total, terms, "summary adds up: {s}");
}

#[test]
fn baseline_survives_a_new_paragraph_at_the_top() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contract.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    create(dir.path(), &["contract.docx"]);
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(".mc2lint-baseline.json")).unwrap()).unwrap();
    assert_eq!(baseline["schema"], "mc2lint/baseline@2");
    let c3 = baseline["findings"].as_array().unwrap().iter().find(|f| f["term"] == C3).unwrap();
    assert_eq!(c3["path"], "contract.docx");
    assert!(c3["params"][0].as_str().unwrap().contains("10 business days"), "{c3}");

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

/// The acceptance scenario of issue 14: a repository with contracts A and B
/// baselined; a new contract C and a worsened number in A must show.
#[test]
fn a_new_contract_and_a_worse_number_always_show() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    std::fs::create_dir(repo.join(".git")).unwrap();
    write(repo, "contracts/a.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    write(repo, "contracts/b.docx", &[p(PREAMBLE), p("3.1 Supplier shall provide a software bill of materials.")]);
    create(repo, &["contracts/a.docx", "contracts/b.docx"]);
    let terms = mc2lint::reference::Pack::builtin_default().terms.len();

    // C lacks the same terms A and B lack: every one of its findings shows.
    write(repo, "contracts/c.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (_, plain, _) = check_json(repo, &["contracts/c.docx"]);
    let (code, report, _) = check_json(repo, &["--baseline", ".mc2lint-baseline.json", "contracts/c.docx"]);
    assert_eq!(code, 1);
    assert!(!shown(&plain, 0).is_empty());
    assert_eq!(shown(&report, 0), shown(&plain, 0), "nothing of a new contract is hidden");
    assert_summary_adds_up(&report["documents"][0], terms);

    // Run from a subfolder: the same documents, the same answer.
    let (_, from_sub, err) =
        check_json(&repo.join("contracts"), &["--baseline", "../.mc2lint-baseline.json", "a.docx", "c.docx"]);
    assert_eq!(shown(&from_sub, 0), Vec::<String>::new(), "a.docx unchanged: {err}");
    assert_eq!(shown(&from_sub, 1), shown(&plain, 0));
    assert_summary_adds_up(&from_sub["documents"][0], terms);
    assert_eq!(from_sub["documents"][0]["summary"]["baselined"].as_u64().unwrap() as usize, {
        let s = &plain["documents"][0]["summary"];
        (s["weakened"].as_u64().unwrap() + s["deviating"].as_u64().unwrap() + s["missing"].as_u64().unwrap()) as usize
    });

    // A worse number in A is new.
    let worse = WEAK_C3.replace("ten (10) business days", "sixty (60) business days");
    write(repo, "contracts/a.docx", &[p(PREAMBLE), p(&worse)]);
    let (code, report, _) = check_json(repo, &["--baseline", ".mc2lint-baseline.json", "contracts/a.docx"]);
    assert_eq!(shown(&report, 0), [C3], "{report}");
    assert_eq!(code, 1);

    // Text output counts what it shows and ends with what was hidden.
    let (_, out, _) = run(mc2lint(repo).args(["check", "--baseline", ".mc2lint-baseline.json", "contracts/a.docx"]));
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("1 contract: 1 finding shown; 0 hidden by suppressions, "), "{out}");
    assert!(out.contains("hidden (0 suppressed, "), "{out}");
}

#[test]
fn an_old_baseline_is_read_and_unplaced_entries_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contract.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let old = r#"{"schema": "mc2lint/baseline@1", "findings": [
        {"path": "contract.docx", "term": "A6-vulnerability-disclosure", "verdict": "weakened", "fingerprint": "00"},
        {"path": "other.docx", "term": "B1-sbom", "verdict": "missing", "fingerprint": "11"}]}"#;
    std::fs::write(dir.path().join("old.json"), old).unwrap();
    let (code, report, err) = check_json(dir.path(), &["--baseline", "old.json", "contract.docx"]);
    assert_eq!(code, 1);
    assert!(issues(&report).contains(&C3.to_string()));
    assert_eq!(err.matches("old baseline").count(), 1, "{err}");
    assert!(err.contains("1 of its entries for the checked contracts match no finding"), "{err}");
    assert!(err.contains("contract.docx: A6-vulnerability-disclosure weakened"), "{err}");
    assert!(err.contains("1 name contracts not checked here"), "{err}");
}

#[test]
fn a_bad_baseline_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contract.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    std::fs::write(dir.path().join("b.json"), "{\"schema\": \"other\", \"findings\": []}").unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).args(["check", "--baseline", "b.json", "contract.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("baseline create"), "{err}");
}
