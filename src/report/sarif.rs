//! SARIF 2.1.0 output (`--format sarif`), for GitHub code scanning and other
//! SARIF viewers.
//!
//! The SARIF objects are small hand-written serde structs rather than the
//! `serde-sarif` crate: that crate generates its types from the schema in a
//! build script (schemafy + syn), which more than doubled a clean build of
//! mc2lint on our two-core CI machines, and we emit only a dozen objects.
//! `tests/sarif.rs` validates the output against the official 2.1.0 schema.
//!
//! Mapping: one rule per pack term (help text from the pack: title, what it
//! requires, the model clause, how to fix); one result per finding that is not
//! conformant and not switched off. A region's `startLine` is the paragraph
//! index + 1 and its byte offsets are those of the canonical text `mc2lint
//! dump` prints; the clause number is a logical location. Suppressed findings
//! stay, with `suppressions`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::baseline::clause_fingerprint;
use std::path::Path;

use super::Places;
use crate::model::{DocumentReport, Finding, Notice, Severity, Verdict};
use crate::reference::Pack;

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Debug, Serialize)]
pub struct Log {
    #[serde(rename = "$schema")]
    pub schema: String,
    pub version: String,
    pub runs: Vec<Run>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub tool: Tool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub original_uri_base_ids: BTreeMap<String, ArtifactLocation>,
    pub invocations: Vec<Invocation>,
    pub results: Vec<SarifResult>,
    pub properties: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub driver: Driver,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    pub name: String,
    pub version: String,
    pub semantic_version: String,
    pub rules: Vec<Rule>,
}

#[derive(Debug, Serialize)]
pub struct Text {
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct MultiformatText {
    pub text: String,
    pub markdown: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub short_description: Text,
    pub full_description: Text,
    pub help: MultiformatText,
    pub default_configuration: Configuration,
    pub properties: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
pub struct Configuration {
    pub level: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invocation {
    pub execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tool_execution_notifications: Vec<Notification>,
}

#[derive(Debug, Serialize)]
pub struct Notification {
    pub level: &'static str,
    pub message: Text,
    pub locations: Vec<Location>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    pub rule_id: String,
    pub rule_index: usize,
    pub level: &'static str,
    pub message: Text,
    pub locations: Vec<Location>,
    pub partial_fingerprints: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    pub properties: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    pub physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logical_locations: Vec<LogicalLocation>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    pub artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArtifactLocation {
    pub uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri_base_id: Option<String>,
}

/// The base every relative URI resolves against: the repository root.
pub const SRCROOT: &str = "%SRCROOT%";

/// A document's location: relative to `%SRCROOT%` when inside the root, else absolute.
fn artifact(path: &str, places: &Places) -> ArtifactLocation {
    match places.relative(path) {
        Some(rel) => ArtifactLocation { uri: path_uri(&rel), uri_base_id: Some(SRCROOT.into()) },
        None => ArtifactLocation {
            uri: path_uri(&crate::repo::absolute(Path::new(path)).to_string_lossy()),
            uri_base_id: None,
        },
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<Text>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogicalLocation {
    pub name: String,
    pub fully_qualified_name: String,
    pub kind: String,
}

#[derive(Debug, Serialize)]
pub struct Suppression {
    pub kind: &'static str,
    pub justification: String,
}

/// SARIF `level` for a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
        Severity::None | Severity::Off => "none",
    }
}

/// A path as a SARIF `uri-reference`: forward slashes, and characters outside
/// the unreserved set percent-encoded. Absolute paths become `file://` URIs.
pub fn path_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

fn rule(t: &crate::reference::Term) -> Rule {
    let s = &t.spec;
    let mut text = format!("{}\n\nRequires: {}.\n", s.title, s.requires);
    let mut markdown = format!("**{}**\n\nRequires: {}.\n", s.title, s.requires);
    if !s.why.is_empty() {
        text += &format!("\nWhy it matters: {}\n", s.why);
        markdown += &format!("\nWhy it matters: {}\n", s.why);
    }
    text += &format!("\nReference wording: {}\n", s.model);
    markdown += &format!("\nReference wording:\n\n> {}\n", s.model);
    if !s.fix.is_empty() {
        text += &format!("\nHow to fix: {}\n", s.fix);
        markdown += &format!("\nHow to fix: {}\n", s.fix);
    }
    let mut properties = BTreeMap::new();
    properties
        .insert("tags".into(), serde_json::json!(["security", "contract", "mc2", format!("pillar-{}", s.pillar)]));
    properties.insert("critical".into(), serde_json::json!(s.critical));
    properties.insert("pillar".into(), serde_json::json!(s.pillar));
    Rule {
        id: s.id.clone(),
        name: rule_name(&s.id),
        short_description: Text { text: s.title.clone() },
        full_description: Text { text: format!("Requires {}.", s.requires) },
        help: MultiformatText { text, markdown },
        default_configuration: Configuration { level: if s.critical { "error" } else { "warning" } },
        properties,
    }
}

/// `C3-incident-notification` → `IncidentNotification` (SARIF rule names are identifiers).
fn rule_name(id: &str) -> String {
    id.split('-')
        .skip(1)
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

fn result(f: &Finding, rule_index: usize, artifact: &ArtifactLocation, line: usize) -> SarifResult {
    let uri = artifact.uri.as_str();
    let region = Region {
        start_line: line,
        byte_offset: f.span.map(|s| s.start),
        byte_length: f.span.map(|s| s.end.saturating_sub(s.start)),
        snippet: f.text.as_ref().map(|t| Text { text: t.clone() }),
    };
    let logical_locations = f
        .clause
        .iter()
        .map(|c| LogicalLocation {
            name: c.clone(),
            fully_qualified_name: format!("{uri}#clause-{c}"),
            kind: "clause".into(),
        })
        .collect();
    let mut properties = BTreeMap::new();
    properties.insert("verdict".into(), serde_json::json!(f.verdict.as_str()));
    properties.insert("kinds".into(), serde_json::json!(f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>()));
    properties.insert("score".into(), serde_json::json!(f.score));
    if f.verdict == Verdict::Missing {
        properties.insert("missing".into(), serde_json::json!(true));
    }
    SarifResult {
        rule_id: f.term.clone(),
        rule_index,
        level: level(f.severity),
        message: Text { text: super::headline(f) },
        locations: vec![Location {
            physical_location: PhysicalLocation { artifact_location: artifact.clone(), region: Some(region) },
            logical_locations,
        }],
        partial_fingerprints: BTreeMap::from([("mc2lint/clause/v1".to_string(), clause_fingerprint(f))]),
        suppressions: if f.suppressed {
            // A baseline lives outside the document; a comment or config entry is "in source".
            vec![Suppression {
                kind: if f.is_baselined() { "external" } else { "inSource" },
                justification: f.suppression.clone().unwrap_or_else(|| "suppressed".into()),
            }]
        } else {
            Vec::new()
        },
        properties,
    }
}

/// A notification located at a document.
fn notification(level: &'static str, text: String, artifact_location: ArtifactLocation) -> Notification {
    Notification {
        level,
        message: Text { text },
        locations: vec![Location {
            physical_location: PhysicalLocation { artifact_location, region: None },
            logical_locations: Vec::new(),
        }],
    }
}

/// The SARIF log for checked documents; `notices` (ignored suppressions)
/// become warning notifications.
/// URIs are relative to `places.root` (`%SRCROOT%`); missing terms point at
/// the paragraph `places` noted for their document.
pub fn log(pack: &Pack, view: &str, reports: &[DocumentReport], notices: &[Notice], places: &Places) -> Log {
    let rules: Vec<Rule> = pack.terms.iter().map(rule).collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for r in reports {
        let at = artifact(&r.path, places);
        if let Some(e) = &r.error {
            notifications.push(notification("error", format!("error[{}]: {}", e.code, e.message), at));
            continue;
        }
        for f in r.terms.iter().filter(|f| f.verdict != Verdict::Conformant && f.severity > Severity::Off) {
            let index = pack.terms.iter().position(|t| t.spec.id == f.term).unwrap_or(0);
            results.push(result(f, index, &at, places.line(&r.path, f)));
        }
    }
    let successful = notifications.is_empty();
    notifications.extend(notices.iter().map(|n| notification("warning", n.message.clone(), artifact(&n.path, places))));
    let mut properties = BTreeMap::new();
    properties.insert("reference".into(), serde_json::json!(pack.id));
    properties.insert("view".into(), serde_json::json!(view));
    // What the results hold: shown findings, and those suppressions and the baseline hid.
    let totals = crate::report::human::Totals::of(reports);
    properties.insert(
        "findings".into(),
        serde_json::json!({
            "shown": totals.shown,
            "suppressed": totals.suppressed,
            "baselined": totals.baselined,
            "off": totals.off
        }),
    );
    properties.insert(
        "regions".into(),
        serde_json::json!("startLine is the paragraph number; byte offsets index the canonical text of `mc2lint dump`"),
    );
    Log {
        schema: SCHEMA_URI.into(),
        version: "2.1.0".into(),
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "mc2lint".into(),
                    version: env!("CARGO_PKG_VERSION").into(),
                    semantic_version: env!("CARGO_PKG_VERSION").into(),
                    rules,
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT.to_string(),
                ArtifactLocation {
                    uri: format!("{}/", path_uri(&places.root.to_string_lossy()).trim_end_matches('/')),
                    uri_base_id: None,
                },
            )]),
            invocations: vec![Invocation {
                execution_successful: successful,
                tool_execution_notifications: notifications,
            }],
            results,
            properties,
        }],
    }
}

/// The SARIF log as pretty JSON.
pub fn render(pack: &Pack, view: &str, reports: &[DocumentReport], notices: &[Notice], places: &Places) -> String {
    serde_json::to_string_pretty(&log(pack, view, reports, notices, places)).expect("SARIF serialises")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(path_uri("./contracts/My Deal.docx"), "contracts/My%20Deal.docx");
        assert_eq!(path_uri("/tmp/a.docx"), "file:///tmp/a.docx");
        assert_eq!(rule_name("C3-incident-notification"), "IncidentNotification");
    }
}
