//! The Python wheel (pyproject.toml, maturin `bindings = "bin"`): built with
//! maturin, installed into a fresh venv with no cargo on PATH, it puts
//! `mc2lint` on PATH, and our pre-commit hook runs from it as `language:
//! python` on a test repository (a `local` hook whose dependency is the wheel,
//! as a contract repository without Rust would use the published one).
//!
//! Skips (saying so) without maturin, pre-commit or git; `.ci/run` installs
//! maturin and pre-commit from PyPI and sets `MC2LINT_REQUIRE_TOOLS=1`, where
//! a missing tool fails. The first build takes minutes (its own target
//! folder, since cargo holds ours while tests run); later ones are incremental.

mod cli_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cli_support::*;

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// PATH without any folder that holds cargo or rustc: a user with no Rust.
fn path_without_rust(first: &Path) -> String {
    let kept = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|d| !d.join("cargo").exists() && !d.join("rustc").exists())
        .collect::<Vec<_>>();
    std::env::join_paths(std::iter::once(first.to_path_buf()).chain(kept)).unwrap().into_string().unwrap()
}

/// The Python interpreter that has pre-commit (pyenv shims resolve to it).
fn pre_commit_python() -> PathBuf {
    let out = Command::new("python3").args(["-c", "import pre_commit, sys; print(sys.executable)"]).output().unwrap();
    ok(&out, "python3 -c 'import pre_commit'");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

fn build_wheel(out: &Path) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wheel-target");
    let built = Command::new("maturin")
        .current_dir(manifest)
        .args(["build", "--quiet", "--out"])
        .arg(out)
        .arg("--target-dir")
        .arg(&target)
        .output()
        .unwrap();
    ok(&built, "maturin build");
    let wheels: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheels.len(), 1, "one wheel: {wheels:?}");
    let name = wheels[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with(&format!("mc2lint-{}-", env!("CARGO_PKG_VERSION"))), "{name}");
    wheels[0].clone()
}

#[test]
fn wheel_installs_without_rust_and_runs_the_hook() {
    if !tool_or_skip("maturin", "pip install maturin")
        || !tool_or_skip("pre-commit", "pip install pre-commit")
        || !tool_or_skip("git", "install git")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wheel = build_wheel(&dir.path().join("dist"));

    // A fresh venv, and the wheel installed with no index and no Rust on PATH.
    let venv = dir.path().join("venv");
    ok(&Command::new("python3").args(["-m", "venv"]).arg(&venv).output().unwrap(), "python3 -m venv");
    let bin = venv.join("bin");
    let path = path_without_rust(&bin);
    let pip = Command::new(bin.join("pip"))
        .args(["install", "--no-index", "--quiet", "--disable-pip-version-check"])
        .arg(&wheel)
        .env("PATH", &path)
        .output()
        .unwrap();
    ok(&pip, "pip install the wheel");
    let cargo = Command::new("sh").args(["-c", "command -v cargo"]).env("PATH", &path).output().unwrap();
    assert!(!cargo.status.success(), "cargo must not be on PATH");
    let version = Command::new("sh").args(["-c", "mc2lint --version"]).env("PATH", &path).output().unwrap();
    ok(&version, "mc2lint from the venv");
    assert!(String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")));

    // Our hook, as `language: python` with the wheel as its dependency.
    let repo = dir.path().join("contracts-repo");
    std::fs::create_dir(&repo).unwrap();
    ok(&git(&repo, &["init", "-q"]), "git init");
    let config = format!(
        "repos:\n- repo: local\n  hooks:\n  - id: {}\n    name: mc2lint\n    entry: {}\n    language: {}\n    files: '{}'\n    additional_dependencies: ['{}']\n",
        hook_field("id"),
        hook_field("entry"),
        hook_field("language"),
        hook_field("files"),
        wheel.display()
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    write(&repo, "contracts/acme.docx", &[p(PREAMBLE), p(WEAK_C3)]);
    ok(&git(&repo, &["add", "-A"]), "git add");
    let hook = |args: &[&str]| {
        Command::new(pre_commit_python())
            .current_dir(&repo)
            .args(["-m", "pre_commit", "run"])
            .args(args)
            .env("PATH", &path)
            .env("PRE_COMMIT_HOME", dir.path().join("pre-commit-home"))
            .output()
            .unwrap()
    };
    let refused = hook(&["--files", "contracts/acme.docx"]);
    let printed = String::from_utf8_lossy(&refused.stdout).into_owned() + &String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "the weak contract is refused:\n{printed}");
    assert!(printed.contains("findings at or above error block this commit"), "{printed}");
    assert!(printed.contains(C3), "{printed}");

    std::fs::write(repo.join("mc2lint.toml"), "fail-on = \"never\"\n").unwrap();
    let passed = hook(&["--files", "contracts/acme.docx"]);
    ok(&passed, "the hook with fail-on = never");
}
