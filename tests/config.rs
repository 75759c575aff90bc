//! `mc2lint.toml`: discovery by walking up, `--config`, every key, unknown keys
//! as errors with their line, CLI flags over config values, and `mc2lint init`.

mod cli_support;

use cli_support::*;

const DEADLINE_48H: &str =
    "5.2 Supplier shall notify Customer of any security incident within forty-eight (48) hours of discovery.";

fn kinds(f: &serde_json::Value) -> Vec<String> {
    f["kinds"].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect()
}

#[test]
fn found_by_walking_up_and_applies_severity_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "contracts/2024/weak.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (code, report, _) = check_json(dir.path(), &["contracts/2024/weak.docx"]);
    assert_eq!(code, 1, "no config: a weakened critical term is an error");
    assert_eq!(finding(&report, C3).unwrap()["severity"], "error");

    std::fs::write(
        dir.path().join("mc2lint.toml"),
        "fail-on = \"never\"\n[severity]\n\"C3-incident-notification\" = \"off\"\nA1 = \"info\"\n",
    )
    .unwrap();
    let (code, report, _) = check_json(dir.path(), &["contracts/2024/weak.docx"]);
    assert_eq!(code, 0, "fail-on = never");
    assert_eq!(finding(&report, C3).unwrap()["severity"], "off");
    let summary = &report["documents"][0]["summary"];
    assert_eq!(summary["off"], 1, "switched off: counted apart, not as weakened: {summary}");
    assert_eq!(summary["weakened"], 0, "{summary}");
    let a1 = finding(&report, "A1-sdl").unwrap();
    assert!(a1["verdict"] == "conformant" || a1["severity"] == "info", "{a1}");

    // Flags override the config.
    std::fs::write(dir.path().join("mc2lint.toml"), "fail-on = \"never\"\n").unwrap();
    let (code, _, _) = check_json(dir.path(), &["--fail-on", "error", "contracts/2024/weak.docx"]);
    assert_eq!(code, 1);
    let (code, _, _) = check_json(dir.path(), &["contracts/2024/weak.docx"]);
    assert_eq!(code, 0);
}

#[test]
fn unknown_keys_are_errors_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "weak.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    std::fs::write(
        dir.path().join("mc2lint.toml"),
        "reference = \"mc2@2\"\n\n[parties]\nmdm = [\"Acme\"]\nvendor = [\"X\"]\n",
    )
    .unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).args(["check", "weak.docx"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("mc2lint.toml:5:"), "{err}");
    assert!(err.contains("vendor"), "{err}");

    std::fs::write(dir.path().join("mc2lint.toml"), "[severity]\n\"Z9-nothing\" = \"off\"\n").unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).args(["check", "weak.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("mc2lint.toml:2:") && err.contains("Z9-nothing"), "{err}");

    std::fs::write(dir.path().join("mc2lint.toml"), "[severity]\nA1-sdl = \"loud\"\n").unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).args(["check", "weak.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("mc2lint.toml:2:"), "{err}");
}

#[test]
fn params_override_the_reference_deadline() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "c.docx", &[p(PREAMBLE), p(DEADLINE_48H)]);
    let (_, report, _) = check_json(dir.path(), &["c.docx"]);
    let f = finding(&report, C3).unwrap();
    assert!(kinds(f).contains(&"deadline".to_string()), "48 hours is longer than the reference 24: {f}");

    let cfg = dir.path().join("org.toml");
    std::fs::write(&cfg, "[params.\"C3-incident-notification\"]\ndeadline = { value = 48, unit = \"hours\" }\n")
        .unwrap();
    let (_, report, err) = check_json(dir.path(), &["--config", "org.toml", "c.docx"]);
    let f = finding(&report, C3).unwrap_or_else(|| panic!("{err}"));
    assert!(!kinds(f).contains(&"deadline".to_string()), "the organisation accepts 48 hours: {f}");

    std::fs::write(&cfg, "[params.C3]\nwindow = { value = 2, unit = \"days\" }\n").unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).args(["check", "--config", "org.toml", "c.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("org.toml:2:") && err.contains("window"), "{err}");
}

#[test]
fn ignore_suppress_and_parties() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "archive/old.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    write(dir.path(), "legacy/weak.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    std::fs::write(
        dir.path().join("mc2lint.toml"),
        r#"ignore = ["archive/**"]
[parties]
mdm = ["Acme Medical, Inc."]
[[suppress]]
path = "legacy/*.docx"
term = "C3-incident-notification"
reason = "signed before the 2024 policy"
"#,
    )
    .unwrap();
    let (_, report, err) = check_json(dir.path(), &["archive/old.docx", "legacy/weak.docx"]);
    let docs = report["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1, "archive/old.docx is ignored: {err}");
    assert!(err.contains("archive/old.docx skipped"), "{err}");
    let f = finding(&report, C3).unwrap();
    assert_eq!(f["suppressed"], true);
    assert_eq!(f["suppression"], "signed before the 2024 policy");

    let (_, report, _) = check_json(dir.path(), &["--no-suppress", "legacy/weak.docx"]);
    assert_eq!(finding(&report, C3).unwrap()["suppressed"], false);
}

#[test]
fn init_writes_a_starter_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(mc2lint(dir.path()).arg("init"));
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(dir.path().join("mc2lint.toml")).unwrap();
    assert!(text.contains("[params.\"C3-incident-notification\"]") && text.contains("[[suppress.rules]]"), "{text}");
    let (code, _, err) = run(mc2lint(dir.path()).arg("init"));
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("mc2lint.toml")).unwrap(), text);

    // The starter config is valid as written.
    write(dir.path(), "weak.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (code, report, err) = check_json(dir.path(), &["weak.docx"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(finding(&report, C3).unwrap()["verdict"], "weakened");
}
