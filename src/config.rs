//! `mc2lint.toml`: project defaults for `check`, found by walking up from each
//! input (or given with `--config`). Command-line flags override it.
//!
//! ```toml
//! reference = "mc2@2"
//! fail-on = "error"
//! ignore = ["archive/**"]
//! [parties]
//! mdm = ["Acme Medical, Inc."]
//! [severity]
//! "B1-sbom" = "warning"
//! [params."C3-incident-notification"]
//! deadline = { value = 48, unit = "hours" }
//! [[suppress]]
//! path = "legacy/*.docx"
//! term = "C3-incident-notification"
//! reason = "signed before the 2024 policy"
//! ```
//!
//! Unknown keys and unknown term IDs are errors that name the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{Parties, Severity};
use crate::reference::{Pack, Quantity, Unit};
use crate::suppress::{path_matches, ConfigSuppression};

pub const CONFIG_NAME: &str = "mc2lint.toml";

/// `fail-on` in config (same values as `--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailLevel {
    Error,
    Warning,
    Info,
    Never,
}

/// A severity a term can be set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Off,
    Info,
    Warning,
    Error,
}

impl SeverityName {
    pub fn severity(self) -> Severity {
        match self {
            SeverityName::Off => Severity::Off,
            SeverityName::Info => Severity::Info,
            SeverityName::Warning => Severity::Warning,
            SeverityName::Error => Severity::Error,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartiesConfig {
    #[serde(default)]
    pub mdm: Vec<String>,
    #[serde(default)]
    pub hdo: Vec<String>,
}

/// An accepted value for a term parameter, e.g. `{ value = 48, unit = "hours" }`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamValue {
    pub value: f64,
    pub unit: Option<Unit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuppressEntry {
    /// Glob relative to the config file's folder (`*`, `**`); default: every file.
    #[serde(default = "any_path")]
    pub path: String,
    /// Term ID (or its short form `C3`), `*` for all.
    pub term: String,
    pub reason: String,
}

fn any_path() -> String {
    "**".into()
}

/// `suppress`: either the `[[suppress]]` entries alone, or a table
/// `[suppress]` with `comment-authors` and its entries as `[[suppress.rules]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SuppressSection {
    /// Authors whose `mc2lint: allow` Word comments count (case-insensitive).
    pub comment_authors: Vec<String>,
    pub rules: Vec<SuppressEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SuppressTable {
    #[serde(default)]
    comment_authors: Vec<String>,
    #[serde(default)]
    rules: Vec<SuppressEntry>,
}

impl<'de> Deserialize<'de> for SuppressSection {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = SuppressSection;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("[[suppress]] entries, or a [suppress] table with comment-authors and [[suppress.rules]]")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<SuppressSection, A::Error> {
                let rules = Vec::<SuppressEntry>::deserialize(SeqAccessDeserializer::new(seq))?;
                Ok(SuppressSection { comment_authors: Vec::new(), rules })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<SuppressSection, A::Error> {
                let t = SuppressTable::deserialize(MapAccessDeserializer::new(map))?;
                Ok(SuppressSection { comment_authors: t.comment_authors, rules: t.rules })
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The file as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    pub reference: Option<String>,
    pub fail_on: Option<FailLevel>,
    #[serde(default)]
    pub parties: PartiesConfig,
    #[serde(default)]
    pub severity: BTreeMap<String, SeverityName>,
    #[serde(default)]
    pub params: BTreeMap<String, BTreeMap<String, ParamValue>>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub suppress: SuppressSection,
}

/// A loaded config and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub path: PathBuf,
    pub source: String,
    pub file: ConfigFile,
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, String> {
        let source = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read ({e})", path.display()))?;
        Config::parse(&source, path)
    }

    /// Parses config text; errors read `PATH:LINE: message`.
    pub fn parse(source: &str, path: &Path) -> Result<Config, String> {
        let file: ConfigFile = toml::from_str(source).map_err(|e| {
            let line = e.span().map(|s| format!(":{}", line_of(source, s.start))).unwrap_or_default();
            format!("{}{line}: {}", path.display(), e.message().trim_end())
        })?;
        Ok(Config { path: path.to_path_buf(), source: source.to_string(), file })
    }

    /// The folder the config applies to (relative paths in it are relative to this).
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// The config for `input` when commands run under `root` (the repository,
    /// or the current folder; `repo::root`): `mc2lint.toml` in the input's
    /// folder or the nearest one above it, up to `root` and no further. An
    /// input outside `root` gets `root`'s own config: a config file that
    /// arrived next to an incoming contract is never trusted (name it with
    /// `--config` to use it).
    pub fn discover(input: &Path, root: &Path) -> Option<PathBuf> {
        let root = crate::repo::absolute(root);
        let abs = crate::repo::absolute(input);
        let start = if abs.starts_with(&root) { abs.parent()? } else { root.as_path() };
        start.ancestors().take_while(|d| d.starts_with(&root)).map(|d| d.join(CONFIG_NAME)).find(|c| c.is_file())
    }

    /// `PATH:LINE` of the first occurrence of `needle`, for messages.
    fn at(&self, needle: &str) -> String {
        match self.source.find(needle) {
            Some(off) => format!("{}:{}", self.path.display(), line_of(&self.source, off)),
            None => self.path.display().to_string(),
        }
    }

    /// The reference pack to load: built-in names as they are, file paths
    /// relative to the config's folder.
    pub fn reference(&self) -> Option<String> {
        let r = self.file.reference.as_ref()?;
        if crate::reference::BUILTIN.iter().any(|(id, _)| *id == r.as_str()) || Path::new(r).is_absolute() {
            return Some(r.clone());
        }
        Some(self.dir().join(r).display().to_string())
    }

    pub fn parties(&self) -> Parties {
        Parties { mdm: self.file.parties.mdm.clone(), hdo: self.file.parties.hdo.clone() }
    }

    /// Per-term severities, checked against the pack.
    pub fn severities(&self, pack: &Pack) -> Result<std::collections::HashMap<String, Severity>, String> {
        let mut out = std::collections::HashMap::new();
        for (id, s) in &self.file.severity {
            let term = self.term_id(pack, id, "[severity]")?;
            out.insert(term, s.severity());
        }
        Ok(out)
    }

    fn term_id(&self, pack: &Pack, id: &str, table: &str) -> Result<String, String> {
        pack.terms
            .iter()
            .find(|t| t.spec.id == id || t.spec.id.split('-').next() == Some(id))
            .map(|t| t.spec.id.clone())
            .ok_or_else(|| {
                format!("{}: {table}: '{id}' is not a term of {} (see `mc2lint explain terms`)", self.at(id), pack.id)
            })
    }

    /// Overrides term parameters in `pack` (e.g. accept 48 hours for incident notice).
    pub fn apply_params(&self, pack: &mut Pack) -> Result<(), String> {
        for (id, values) in &self.file.params {
            let term_id = self.term_id(pack, id, "[params]")?;
            let term = pack.terms.iter_mut().find(|t| t.spec.id == term_id).expect("found above");
            for (param_id, v) in values {
                let known: Vec<String> = term.spec.params.iter().map(|p| p.id.clone()).collect();
                let Some(p) = term.spec.params.iter_mut().find(|p| &p.id == param_id) else {
                    let list = if known.is_empty() { "none".to_string() } else { known.join(", ") };
                    return Err(format!(
                        "{}: term {term_id} has no parameter '{param_id}' (it has: {list})",
                        self.at(param_id)
                    ));
                };
                let unit = v.unit.unwrap_or(p.unit);
                let fits = match p.quantity {
                    Quantity::Duration => unit.hours().is_some(),
                    Quantity::Money => unit == Unit::Usd,
                    Quantity::AesBits => unit == Unit::Bits,
                    Quantity::TlsVersion => unit == Unit::Version,
                };
                if !fits || v.value < 0.0 {
                    return Err(format!(
                        "{}: {term_id}.{param_id}: {} {unit:?} does not fit a {:?} parameter",
                        self.at(param_id),
                        v.value,
                        p.quantity
                    ));
                }
                p.value = v.value;
                p.unit = unit;
            }
        }
        Ok(())
    }

    /// The suppression policy: rules (paths relative to the config's folder)
    /// and the Word-comment authors it trusts.
    pub fn suppressions(&self, pack: &Pack) -> Result<Vec<ConfigSuppression>, String> {
        let mut out = Vec::new();
        for s in &self.file.suppress.rules {
            if s.term != "*" {
                self.term_id(pack, &s.term, "[[suppress]]")?;
            }
            out.push(ConfigSuppression::Rule { path: s.path.clone(), term: s.term.clone(), reason: s.reason.clone() });
        }
        out.extend(
            self.file.suppress.comment_authors.iter().map(|a| ConfigSuppression::CommentAuthor(a.trim().into())),
        );
        Ok(out)
    }

    /// The input as a path relative to the config's folder (for globs).
    pub fn relative(&self, input: &Path) -> String {
        let abs =
            |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(p));
        let file = abs(input);
        let dir = abs(self.dir());
        file.strip_prefix(&dir).unwrap_or(&file).to_string_lossy().replace('\\', "/")
    }

    /// True when `ignore` covers the input.
    pub fn ignores(&self, input: &Path) -> bool {
        let rel = self.relative(input);
        self.file.ignore.iter().any(|g| path_matches(g, &rel))
    }
}

/// What `mc2lint init` writes: every key, commented, with the defaults.
pub const STARTER: &str = r#"# mc2lint configuration. mc2lint uses the nearest mc2lint.toml above each
# contract it checks; command-line flags override these values.

# Reference pack: "mc2@2" (default), "mc2@1", or a path to a pack TOML.
reference = "mc2@2"

# Exit with status 1 when a finding reaches this severity: error, warning, info, never.
fail-on = "error"

# Contracts to skip (globs relative to this file; `*` within a folder, `**` across folders).
ignore = [
  # "archive/**",
]

# Party names, when a contract's preamble does not make them clear.
[parties]
# mdm = ["Acme Medical, Inc."]     # the manufacturer / supplier
# hdo = ["General Hospital"]       # the healthcare delivery organisation / customer

# Severity per term: off, info, warning, error. `mc2lint explain terms` lists the IDs.
[severity]
# "B1-sbom" = "warning"

# Parameter values your organisation accepts, e.g. incident notice within 48 hours.
# `mc2lint explain TERM` shows a term's parameters.
# [params."C3-incident-notification"]
# deadline = { value = 48, unit = "hours" }

# Accepted deviations. A Word comment "mc2lint: allow TERM -- reason" on a
# clause counts only when written by an author named here (contracts arrive
# with the vendor's comments), or with --trust-comments.
[suppress]
comment-authors = [
  # "Jane Counsel",
]
# By path glob and term:
# [[suppress.rules]]
# path = "legacy/*.docx"
# term = "C3-incident-notification"
# reason = "signed before the 2024 security policy"
"#;

/// Writes the starter config to `path`, refusing to overwrite.
pub fn init(path: &Path) -> Result<(), String> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => format!("{} already exists; not overwriting it", path.display()),
        _ => format!("{}: cannot create ({e})", path.display()),
    })?;
    f.write_all(STARTER.as_bytes()).map_err(|e| format!("{}: cannot write ({e})", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_parses_and_applies() {
        let c = Config::parse(STARTER, Path::new("mc2lint.toml")).unwrap();
        assert_eq!(c.file.reference.as_deref(), Some("mc2@2"));
        assert_eq!(c.file.fail_on, Some(FailLevel::Error));
        assert!(c.file.suppress.comment_authors.is_empty());
        let mut pack = Pack::builtin_default();
        c.apply_params(&mut pack).unwrap();
    }

    #[test]
    fn suppress_as_entries_or_as_a_table() {
        let entries = "[[suppress]]\nterm = \"C3\"\nreason = \"old\"\n";
        let c = Config::parse(entries, Path::new("mc2lint.toml")).unwrap();
        assert_eq!(c.file.suppress.rules[0].term, "C3");
        let table = "[suppress]\ncomment-authors = [\"Jane\"]\n[[suppress.rules]]\nterm = \"C3\"\nreason = \"old\"\n";
        let c = Config::parse(table, Path::new("mc2lint.toml")).unwrap();
        assert_eq!(c.file.suppress.comment_authors, ["Jane"]);
        assert_eq!(c.file.suppress.rules[0].reason, "old");
        let e = Config::parse("[suppress]\ncomment-author = [\"Jane\"]\n", Path::new("m.toml")).unwrap_err();
        assert!(e.starts_with("m.toml:2:") && e.contains("comment-author"), "{e}");
    }

    #[test]
    fn unknown_key_names_its_line() {
        let e =
            Config::parse("reference = \"mc2@2\"\n\nfail_on = \"error\"\n", Path::new("x/mc2lint.toml")).unwrap_err();
        assert!(e.starts_with("x/mc2lint.toml:3:"), "{e}");
        assert!(e.contains("fail_on"), "{e}");
    }
}
