//! `--format sarif` validates against the official SARIF 2.1.0 schema
//! (tests/data/sarif-schema-2.1.0.json, from oasis-tcs/sarif-spec, errata01),
//! keeps suppressed findings with `suppressions`, and `--format github` prints
//! workflow commands.

mod cli_support;

use cli_support::*;
use serde_json::Value;

fn schema() -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sarif-schema-2.1.0.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn assert_valid(sarif: &Value) {
    let validator = jsonschema::validator_for(&schema()).expect("the SARIF schema compiles");
    assert!(
        !validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]})),
        "a run needs a tool"
    );
    let errors: Vec<String> = validator.iter_errors(sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
}

fn sarif(dir: &std::path::Path, args: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(mc2lint(dir).args(["check", "--format", "sarif"]).args(args));
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\nstderr: {err}"));
    (code, json)
}

fn result_for<'a>(log: &'a Value, term: &str) -> &'a Value {
    log["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == term).expect("a result for the term")
}

#[test]
fn sarif_validates_and_maps_findings() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contracts/weak.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (code, log) = sarif(dir.path(), &["contracts/weak.docx"]);
    assert_eq!(code, 1, "a weakened critical term fails the check");
    assert_valid(&log);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule = rules.iter().find(|r| r["id"] == C3).expect("a rule per term");
    assert!(rule["help"]["text"].as_str().unwrap().contains("Reference wording"), "{rule}");
    assert!(!rule["shortDescription"]["text"].as_str().unwrap().is_empty());

    let r = result_for(&log, C3);
    assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], C3);
    assert_eq!(r["level"], "error");
    assert!(r["message"]["text"].as_str().unwrap().contains("weakened"), "{r}");
    let loc = &r["locations"][0];
    assert_eq!(loc["physicalLocation"]["artifactLocation"]["uri"], "contracts/weak.docx");
    let region = &loc["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2, "the clause is the second paragraph: {region}");
    assert!(region["byteLength"].as_u64().unwrap() > 0);
    assert!(region["byteOffset"].as_u64().unwrap() >= PREAMBLE.len() as u64);
    assert_eq!(loc["logicalLocations"][0]["name"], "7.1");
    assert_eq!(loc["logicalLocations"][0]["kind"], "clause");
    assert!(r["partialFingerprints"]["mc2lint/clause/v1"].as_str().unwrap().len() >= 16);
    assert!(r.get("suppressions").is_none(), "not suppressed: {r}");
}

#[test]
fn fingerprints_ignore_position_and_numbering() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let renumbered = WEAK_C3.replacen("7.1", "8.3", 1);
    write(dir.path(), "b.docx", &[p(PREAMBLE), p("1. Definitions apply."), p(&renumbered)]);
    let (_, a) = sarif(dir.path(), &["a.docx"]);
    let (_, b) = sarif(dir.path(), &["b.docx"]);
    let fp = |log: &Value| result_for(log, C3)["partialFingerprints"]["mc2lint/clause/v1"].clone();
    assert_eq!(fp(&a), fp(&b));
    assert_ne!(result_for(&a, C3)["locations"], result_for(&b, C3)["locations"]);
}

#[test]
fn suppressed_finding_is_kept_with_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    let allow = "mc2lint: allow C3-incident-notification -- accepted by the CISO for this vendor";
    write(dir.path(), "suppressed.docx", &[p(PREAMBLE), commented(WEAK_C3, allow)]);
    let (_, log) = sarif(dir.path(), &["--trust-comments", "suppressed.docx"]);
    assert_valid(&log);
    let r = result_for(&log, C3);
    assert_eq!(r["suppressions"][0]["kind"], "inSource");
    assert_eq!(r["suppressions"][0]["justification"], "accepted by the CISO for this vendor");

    // --no-suppress shows it as an ordinary result.
    let (_, log) = sarif(dir.path(), &["--no-suppress", "suppressed.docx"]);
    assert!(result_for(&log, C3).get("suppressions").is_none());
}

#[test]
fn unreadable_input_is_a_notification() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.docx"), b"not a zip").unwrap();
    let (code, log) = sarif(dir.path(), &["broken.docx"]);
    assert_eq!(code, 2);
    assert_valid(&log);
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(inv["toolExecutionNotifications"][0]["level"], "error");
}

#[test]
fn github_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "weak.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (code, out, _) = run(mc2lint(dir.path()).args(["check", "--format", "github", "weak.docx"]));
    assert_eq!(code, 1);
    let line = out.lines().find(|l| l.contains(C3)).unwrap_or_else(|| panic!("no C3 line in:\n{out}"));
    assert!(
        line.starts_with("::error file=weak.docx,line=2,title=C3-incident-notification weakened in clause 7.1::"),
        "{line}"
    );
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
}

#[test]
fn uris_are_relative_to_the_repository_root_from_a_subfolder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "contracts/2024/weak.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let sub = dir.path().join("contracts");
    let (_, log) = sarif(&sub, &["2024/weak.docx"]);
    assert_valid(&log);
    let run = &log["runs"][0];
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(base.starts_with("file:///") && base.ends_with('/'), "{base}");
    let at = &result_for(&log, C3)["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(at["uri"], "contracts/2024/weak.docx");
    assert_eq!(at["uriBaseId"], "%SRCROOT%");

    let (_, log) = sarif(&sub, &["--sarif-root", ".", "2024/weak.docx"]);
    let at = &result_for(&log, C3)["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(at["uri"], "2024/weak.docx");
}

#[test]
fn messages_show_the_words_and_missing_terms_point_at_the_security_heading() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.docx",
        &[p(PREAMBLE), p("1. Definitions apply throughout."), p("7. Cybersecurity"), p(WEAK_C3)],
    );
    write(dir.path(), "b.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (_, log) = sarif(dir.path(), &["a.docx"]);
    let text = result_for(&log, C3)["message"]["text"].as_str().unwrap().to_string();
    assert!(text.contains("in clause 7.1") && text.contains("commercially reasonable efforts to notify"), "{text}");
    let line =
        |log: &Value| result_for(log, "B1-sbom")["locations"][0]["physicalLocation"]["region"]["startLine"].clone();
    assert_eq!(line(&log), 3, "the heading '7. Cybersecurity' is the third paragraph");
    let (_, log) = sarif(dir.path(), &["b.docx"]);
    assert_eq!(line(&log), 1, "no security heading: the first paragraph");
}

#[test]
fn github_groups_past_the_per_step_limits_and_writes_a_job_summary() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(dir.path(), "contracts/a.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    write(dir.path(), "contracts/b.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let (code, out, err) = run(mc2lint(&dir.path().join("contracts"))
        .args(["check", "--format", "github", "a.docx", "b.docx"])
        .env("GITHUB_STEP_SUMMARY", &summary));
    assert_eq!(code, 1, "{err}");
    let count = |level: &str| out.lines().filter(|l| l.starts_with(&format!("::{level} "))).count();
    assert!(count("error") <= 10 && count("warning") <= 10, "{out}");
    for file in ["contracts/a.docx", "contracts/b.docx"] {
        let grouped =
            out.lines().find(|l| l.contains(&format!("file={file},")) && l.contains("error findings in this contract"));
        let grouped = grouped.unwrap_or_else(|| panic!("no grouped errors for {file}:\n{out}"));
        assert!(grouped.contains("C3-incident-notification weakened in clause 7.1%0A"), "{grouped}");
    }
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.starts_with("earlier step\n## mc2lint: 2 contracts: "), "appended: {md}");
    assert!(md.contains("| contracts/a.docx | 0 | 1 | 0 | 26 | 0 |"), "{md}");
    assert!(md.contains("| C3-incident-notification | **weakened** | 7.1 | efforts, deadline |"), "{md}");

    // One contract stays under the limits: one annotation per finding.
    let (_, out, _) = run(mc2lint(dir.path()).args(["check", "--format", "github", "contracts/a.docx"]));
    assert!(
        out.lines().any(|l| l.starts_with(
            "::error file=contracts/a.docx,line=2,title=C3-incident-notification weakened in clause 7.1::"
        )),
        "{out}"
    );
}
