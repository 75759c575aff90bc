//! Where a repository of contracts starts: the folder holding `.git` above the
//! current directory (else the current directory itself). Baseline entries,
//! SARIF URIs and config trust are all relative to it, so that running from a
//! subfolder gives the same answers as running from the top.

use std::path::{Path, PathBuf};

/// The repository root for a command run in `cwd`: the nearest folder at or
/// above it that holds `.git` (a folder, or a file in a worktree), else `cwd`.
pub fn root_from(cwd: &Path) -> PathBuf {
    let cwd = absolute(cwd);
    cwd.ancestors().find(|d| d.join(".git").exists()).map_or(cwd.clone(), Path::to_path_buf)
}

/// The root for the current directory.
pub fn root() -> PathBuf {
    root_from(&std::env::current_dir().unwrap_or_default())
}

/// `path` made absolute and free of `.`/`..` and symlinks where it exists.
pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(path))
}

/// `path` relative to `root` with forward slashes, or `None` when it lies outside.
pub fn inside(path: &Path, root: &Path) -> Option<String> {
    let rel = absolute(path).strip_prefix(absolute(root)).ok()?.to_path_buf();
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// `path` relative to `root` (forward slashes), or its absolute form when it
/// lies outside: the identity of a document in baselines and SARIF.
pub fn relative(path: &Path, root: &Path) -> String {
    inside(path, root).unwrap_or_else(|| absolute(path).to_string_lossy().replace('\\', "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_git_above_and_relativises() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("contracts/2024")).unwrap();
        let sub = dir.path().join("contracts/2024");
        assert_eq!(root_from(&sub), absolute(dir.path()));
        assert_eq!(relative(&sub.join("a.docx"), &root_from(&sub)), "contracts/2024/a.docx");
        assert_eq!(inside(Path::new("/"), dir.path()), None);
    }
}
