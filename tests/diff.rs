//! `mc2lint diff`: term by term, weaker / stronger / same / different, on two
//! files, on git revisions, and on tracked-change fixtures turned into the
//! document with every revision rejected and the one with every revision
//! accepted; `textconv` and `init --git` for git's own diff.

mod cli_support;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;

use cli_support::*;
use regex::Regex;
use serde_json::Value;

const STRONG_C3: &str = "7.1 Supplier shall notify Customer of any Security Incident affecting the Products within \
twenty-four (24) hours after discovery and shall cooperate with Customer in the response.";

fn diff_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(mc2lint(dir).args(["diff", "--format", "json"]).args(args));
    let json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}\nstderr: {err}"));
    (code, json)
}

fn change<'a>(d: &'a Value, term: &str) -> &'a Value {
    let t = d["terms"].as_array().unwrap().iter().find(|t| t["term"] == term).expect("an entry per term");
    &t["change"]
}

#[test]
fn two_files_weaker_and_stronger() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "round1.docx", &[p(PREAMBLE), p(STRONG_C3)]);
    write(dir.path(), "round2.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    let (code, d) = diff_json(dir.path(), &["round1.docx", "round2.docx"]);
    assert_eq!(code, 0, "no --fail-on");
    assert_eq!(d["schema"], "mc2lint/diff@1");
    assert_eq!(d["old"], "round1.docx");
    assert_eq!(d["terms"].as_array().unwrap().len(), mc2lint::reference::Pack::builtin_default().terms.len());
    let c3 = d["terms"].as_array().unwrap().iter().find(|t| t["term"] == C3).unwrap();
    assert_eq!(c3["change"], "weaker", "{c3}");
    assert_eq!(c3["before"]["verdict"], "conformant");
    assert_eq!(c3["after"]["verdict"], "weakened");
    assert_eq!(c3["after"]["clause"], "7.1");
    assert!(c3["words"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["op"] == "insert" && w["text"].as_str().unwrap().contains("commercially")));
    assert_eq!(change(&d, "B1-sbom"), "same");

    let (code, d) = diff_json(dir.path(), &["--fail-on", "weaker", "round1.docx", "round2.docx"]);
    assert_eq!(code, 1, "{d}");
    let (code, d) = diff_json(dir.path(), &["--fail-on", "weaker", "round2.docx", "round1.docx"]);
    assert_eq!(code, 0);
    assert_eq!(change(&d, C3), "stronger");

    let (_, text, _) = run(mc2lint(dir.path()).args(["diff", "round1.docx", "round2.docx"]));
    assert!(
        text.contains("weaker    C3-incident-notification: conformant in 7.1 -> weakened (efforts, deadline) in 7.1"),
        "{text}"
    );
    assert!(text.contains("{+") && text.contains("[-"), "{text}");
    let (_, md, _) = run(mc2lint(dir.path()).args(["diff", "--format", "markdown", "round1.docx", "round2.docx"]));
    assert!(
        md.contains(
            "| C3-incident-notification | conformant in 7.1 | weakened (efforts, deadline) in 7.1 | **weaker** |"
        ),
        "{md}"
    );
    assert!(md.contains("### C3-incident-notification (weaker)"), "{md}");

    let (code, _, err) = run(mc2lint(dir.path()).args(["diff", "round1.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("give two files"), "{err}");
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn have_git() -> bool {
    let ok = Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("MC2LINT_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("git is required (MC2LINT_REQUIRE_TOOLS=1)");
        }
        println!("SKIP: git not on PATH");
    }
    ok
}

#[test]
fn git_revisions_textconv_and_init() {
    if !have_git() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    write(repo, "contracts/acme.docx", &[p(PREAMBLE), p(STRONG_C3)]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", "round 1"]);
    write(repo, "contracts/acme.docx", &[p(PREAMBLE), p(WEAK_C3)]);

    // HEAD against the working tree, from a subfolder.
    let (code, d) = diff_json(&repo.join("contracts"), &["--fail-on", "weaker", "HEAD", "--", "acme.docx"]);
    assert_eq!(code, 1);
    assert_eq!(d["old"], "HEAD:acme.docx");
    assert_eq!(change(&d, C3), "weaker");
    git(repo, &["commit", "-qam", "round 2"]);
    let (_, d) = diff_json(repo, &["HEAD~1", "HEAD", "--", "contracts/acme.docx"]);
    assert_eq!(change(&d, C3), "weaker");
    let (code, _, err) = run(mc2lint(repo).args(["diff", "no-such-rev", "--", "contracts/acme.docx"]));
    assert_eq!(code, 2);
    assert!(err.contains("git show no-such-rev:./contracts/acme.docx failed"), "{err}");

    // textconv: one paragraph per line; init --git wires it into `git diff`.
    let (code, text, _) = run(mc2lint(repo).args(["textconv", "contracts/acme.docx"]));
    assert_eq!(code, 0);
    assert_eq!(text, format!("{PREAMBLE}\n{WEAK_C3}\n"));
    let elsewhere = tempfile::tempdir().unwrap();
    let (code, _, err) = run(mc2lint(elsewhere.path()).args(["init", "--git"]));
    assert_eq!(code, 2);
    assert!(err.contains("is not in a git repository"), "{err}");
    assert!(!elsewhere.path().join("mc2lint.toml").exists(), "nothing written");
    let (code, _, err) = run(mc2lint(repo).args(["init", "--git"]));
    assert_eq!(code, 0, "{err}");
    let (code, _, _) = run(mc2lint(repo).args(["init", "--git"]));
    assert_eq!(code, 0, "running it again changes nothing");
    let attributes = std::fs::read_to_string(repo.join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.docx diff=mc2lint\n");
    // git runs `mc2lint textconv`: put the binary under test first on PATH.
    let bin = assert_cmd::cargo::cargo_bin("mc2lint");
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("git")
        .current_dir(repo)
        .args(["diff", "HEAD~1", "--", "contracts/acme.docx"])
        .env("PATH", path)
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains(&format!("-{STRONG_C3}")) && shown.contains(&format!("+{WEAK_C3}")), "{shown}");
}

/// `word/document.xml` of a DOCX rewritten by `edit`; other parts copied.
fn rewrite(docx: &[u8], edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "word/document.xml" {
            data = edit(&String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The text with every tracked change accepted (`true`) or rejected.
fn resolve(xml: &str, accept: bool) -> String {
    let (drop, keep) = if accept { ("del|moveFrom", "ins|moveTo") } else { ("ins|moveTo", "del|moveFrom") };
    let gone = Regex::new(&format!(r"(?s)<w:({drop})\b[^>/]*>.*?</w:({drop})>")).unwrap();
    let unwrap = Regex::new(&format!(r"</?w:({keep})\b[^>]*>")).unwrap();
    let marks = Regex::new(r"<w:(ins|del|moveFrom|moveTo)\b[^>]*/>").unwrap();
    let xml = gone.replace_all(xml, "");
    let xml = unwrap.replace_all(&xml, "");
    let xml = marks.replace_all(&xml, "");
    xml.replace("<w:delText", "<w:t").replace("</w:delText>", "</w:t>")
}

#[test]
fn tracked_change_fixtures_rejected_against_accepted() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contracts");
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "000-northwind-imaging-software",
        "016-orion-surgical-master",
        "018-lumen-radiology-equipment",
        "020-redwood-telemetry-master",
    ] {
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(fixtures.join(format!("{name}.expected.json"))).unwrap())
                .unwrap();
        let weakened_by_revision: Vec<&str> = expected["terms"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, t)| t["kinds"].as_array().unwrap().iter().any(|k| k == "revision"))
            .map(|(id, _)| id.as_str())
            .collect();
        let docx = std::fs::read(fixtures.join(format!("{name}.docx"))).unwrap();
        std::fs::write(dir.path().join("rejected.docx"), rewrite(&docx, |x| resolve(x, false))).unwrap();
        std::fs::write(dir.path().join("accepted.docx"), rewrite(&docx, |x| resolve(x, true))).unwrap();
        let (_, d) = diff_json(dir.path(), &["rejected.docx", "accepted.docx"]);
        let (_, back) = diff_json(dir.path(), &["accepted.docx", "rejected.docx"]);
        // Checking the tracked original in its two views says which terms a
        // revision changes; the diff of the resolved pair must say the same.
        let view = |v: &str| check_json(&fixtures, &["--view", v, &format!("{name}.docx")]).1;
        let (original, accepted) = (view("original"), view("accepted"));
        let state = |r: &Value, term: &str| {
            let f = finding(r, term).unwrap();
            let mut kinds: Vec<String> = f["kinds"].as_array().unwrap().iter().map(|k| k.to_string()).collect();
            kinds.retain(|k| k != "\"revision\"");
            (f["verdict"].clone(), kinds)
        };
        let mut weaker = 0;
        for t in d["terms"].as_array().unwrap() {
            let term = t["term"].as_str().unwrap();
            let agree = state(&original, term) == state(&accepted, term);
            assert_eq!(t["change"] == "same", agree, "{name} {term}: {t}");
            // A term the ground truth says a revision weakens, and the check sees so.
            if !agree && weakened_by_revision.contains(&term) {
                assert_eq!(t["change"], "weaker", "{name} {term}");
                assert_eq!(change(&back, term), "stronger", "{name} {term}: undoing the revision fixes it");
                weaker += 1;
            }
        }
        assert!(weaker > 0, "{name}: no revision-weakened term was compared");
    }
}
