//! Reference packs: the MC² terms as data (`reference/*.toml`, format in
//! `reference/SCHEMA.md`). Built-in packs are embedded in the binary; a user's
//! pack is loaded from a path with the same validation.

pub mod import;
mod list_set;
pub mod vocabulary;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::model::Kind;
use crate::text::{Phrase, PhraseList, Tokenizer};
pub use vocabulary::Vocabulary;

/// Built-in packs, by the name `--reference` accepts.
pub const BUILTIN: &[(&str, &str)] =
    &[("mc2@1", include_str!("../../reference/mc2-v1.toml")), ("mc2@2", include_str!("../../reference/mc2-v2.toml"))];

pub const DEFAULT_PACK: &str = "mc2@2";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: PackMeta,
    /// Phrases added to the built-in weakening lists (`reference/weakening.toml`), by list name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weakening: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub terms: Vec<TermSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub version: u32,
    #[serde(default)]
    pub distractors: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Mdm,
    Hdo,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermSpec {
    pub id: String,
    pub title: String,
    pub pillar: String,
    #[serde(default)]
    pub critical: bool,
    #[serde(default = "default_party")]
    pub party: Role,
    pub requires: String,
    pub model: String,
    #[serde(default)]
    pub why: String,
    #[serde(default)]
    pub fix: String,
    #[serde(default)]
    pub distractors: Vec<String>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    pub elements: Vec<ElementSpec>,
    #[serde(default)]
    pub params: Vec<ParamSpec>,
    /// Which general clauses elsewhere can empty this term (`disclaimer` kind).
    #[serde(default = "default_emptied_by")]
    pub emptied_by: Vec<Denial>,
}

fn default_party() -> Role {
    Role::Mdm
}

/// What a general clause elsewhere denies. A liability cap empties an
/// indemnity but not a duty to notify; a warranty disclaimer empties a
/// compliance warranty; a voided warranty empties a permission (install
/// anti-malware) that it punishes; an override can empty anything it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Denial {
    Liability,
    Warranty,
    Voiding,
    Override,
}

fn default_emptied_by() -> Vec<Denial> {
    vec![Denial::Override]
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub text: String,
    #[serde(default)]
    pub kinds: Vec<Kind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Absent {
    #[default]
    Deviating,
    Scope,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ElementSpec {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub core: bool,
    #[serde(default = "yes")]
    pub required: bool,
    #[serde(default = "one")]
    pub weight: f64,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub narrowing: Vec<String>,
    #[serde(default)]
    pub absent: Absent,
    /// The phrases name other regimes in place of the reference's ("the
    /// Privacy Act" for device law): they find the topic, but a standard
    /// named by them is never one the reference accepts.
    #[serde(default)]
    pub substitute: bool,
    /// The things the reference enumerates for this element (event types,
    /// security activities), each a group of phrases. A clause that names at
    /// least one but fewer than `min_items` of them, and none of `all_items`
    /// ("all security-relevant events"), covers a subset (kind `scope`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_items: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_items: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn yes() -> bool {
    true
}
fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quantity {
    Duration,
    Money,
    AesBits,
    TlsVersion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Max,
    Min,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    BusinessDays,
    Weeks,
    Months,
    Years,
    Usd,
    Bits,
    Version,
}

impl Unit {
    /// Hours per unit for durations (business days count as 1.4 calendar days:
    /// five of them span a week).
    pub fn hours(self) -> Option<f64> {
        match self {
            Unit::Minutes => Some(1.0 / 60.0),
            Unit::Hours => Some(1.0),
            Unit::Days => Some(24.0),
            Unit::BusinessDays => Some(24.0 * 1.4),
            Unit::Weeks => Some(24.0 * 7.0),
            Unit::Months => Some(24.0 * 365.0 / 12.0),
            Unit::Years => Some(24.0 * 365.0),
            _ => None,
        }
    }

    pub fn label(self, value: f64) -> String {
        let n = if value.fract() == 0.0 { format!("{}", value as i64) } else { format!("{value}") };
        let plural = value != 1.0;
        let word = match self {
            Unit::Minutes => {
                if plural {
                    "minutes"
                } else {
                    "minute"
                }
            }
            Unit::Hours => {
                if plural {
                    "hours"
                } else {
                    "hour"
                }
            }
            Unit::Days => {
                if plural {
                    "days"
                } else {
                    "day"
                }
            }
            Unit::BusinessDays => {
                if plural {
                    "business days"
                } else {
                    "business day"
                }
            }
            Unit::Weeks => {
                if plural {
                    "weeks"
                } else {
                    "week"
                }
            }
            Unit::Months => {
                if plural {
                    "months"
                } else {
                    "month"
                }
            }
            Unit::Years => {
                if plural {
                    "years"
                } else {
                    "year"
                }
            }
            Unit::Usd => return format!("USD {}", thousands(value)),
            Unit::Bits => return format!("{n}-bit"),
            Unit::Version => return format!("version {value:.1}"),
        };
        format!("{n} {word}")
    }
}

fn thousands(v: f64) -> String {
    let s = format!("{}", v as i64);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamWeakening {
    Deadline,
    Bound,
}

impl ParamWeakening {
    pub fn kind(self) -> Kind {
        match self {
            ParamWeakening::Deadline => Kind::Deadline,
            ParamWeakening::Bound => Kind::Bound,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSpec {
    pub id: String,
    pub label: String,
    pub quantity: Quantity,
    pub direction: Direction,
    pub value: f64,
    pub unit: Unit,
    pub weakening: ParamWeakening,
    #[serde(default)]
    pub when: Vec<String>,
    #[serde(default = "yes")]
    pub required: bool,
    /// Wording that meets the parameter without a number: the customer's
    /// right to assess "at any time" meets any assessment interval.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub met_by: Vec<String>,
}

/// A term compiled for matching.
#[derive(Debug, Clone)]
pub struct Term {
    pub spec: TermSpec,
    pub elements: Vec<Element>,
    pub distractors: PhraseList,
    /// Qualifier phrases per param (`when`), compiled.
    pub param_when: Vec<Vec<Phrase>>,
    /// Phrases per param that meet it without a number (`met_by`), compiled.
    pub param_met_by: Vec<Vec<Phrase>>,
    /// The reference speaks of liability, indemnity, warranties or
    /// insurance (asked for every term of every document, so read once).
    pub speaks_of_liability: bool,
    /// A number no other compiled term has in this process (a copy keeps
    /// it): per-thread memos of facts about the term key on it.
    pub uid: u64,
}

impl Term {
    pub fn id(&self) -> &str {
        &self.spec.id
    }
}

#[derive(Debug, Clone)]
pub struct Element {
    pub spec: ElementSpec,
    pub phrases: PhraseList,
    pub patterns: Vec<Regex>,
    pub narrowing: Vec<Phrase>,
    /// `spec.items` and `spec.all_items`, compiled.
    pub items: Vec<Vec<Phrase>>,
    pub all_items: Vec<Phrase>,
}

/// A loaded, validated pack.
#[derive(Debug, Clone)]
pub struct Pack {
    pub id: String,
    pub name: String,
    pub version: u32,
    pub terms: Vec<Term>,
    pub distractors: PhraseList,
    /// Where it came from: `builtin` or a path.
    pub origin: String,
    /// The weakening phrase lists, with the pack's additions.
    pub vocabulary: Arc<Vocabulary>,
}

/// A pack that failed to load: the file, the line when known, and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackError(pub String);

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackError {}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

impl Pack {
    /// `mc2@1`, `mc2@2`, or a path to a pack TOML.
    pub fn load(name: &str) -> Result<Pack, PackError> {
        if let Some((_, source)) = BUILTIN.iter().find(|(id, _)| *id == name) {
            return Pack::parse(source, &format!("builtin {name}"));
        }
        let path = Path::new(name);
        if !path.exists() {
            let known: Vec<&str> = BUILTIN.iter().map(|(id, _)| *id).collect();
            return Err(PackError(format!(
                "reference '{name}' is neither a built-in pack ({}) nor an existing file",
                known.join(", ")
            )));
        }
        let source = std::fs::read_to_string(path).map_err(|e| PackError(format!("{name}: cannot read ({e})")))?;
        Pack::parse(&source, name)
    }

    pub fn builtin_default() -> Pack {
        Pack::load(DEFAULT_PACK).expect("built-in pack is valid")
    }

    /// Parses and validates pack TOML; errors name `origin` and the line.
    pub fn parse(source: &str, origin: &str) -> Result<Pack, PackError> {
        let file: PackFile = toml::from_str(source).map_err(|e| {
            let line = e.span().map(|s| format!(":{}", line_of(source, s.start))).unwrap_or_default();
            PackError(format!("{origin}{line}: {}", e.message()))
        })?;
        let line_for =
            |needle: &str| source.find(needle).map(|off| format!(":{}", line_of(source, off))).unwrap_or_default();
        let tok = Tokenizer::plain();
        let mut seen = HashSet::new();
        for spec in &file.terms {
            if !seen.insert(spec.id.clone()) {
                let at = line_for(&format!("\"{}\"", spec.id));
                return Err(PackError(format!("{origin}{at}: duplicate term id '{}'", spec.id)));
            }
        }
        // Terms compile independently (phrases stemmed, patterns compiled): in
        // parallel, since start-up is a few percent of a thousand-file audit.
        // The weakening vocabulary compiles meanwhile on a thread of its own,
        // so that it never waits for the term threads (nor they for
        // `Vocabulary::builtin`'s lock, held while it compiles).
        let weakening = &file.weakening;
        let (compiled, vocabulary): (Vec<(String, Result<Term, String>)>, _) = std::thread::scope(|s| {
            let vocabulary = s.spawn(|| {
                if weakening.is_empty() {
                    Ok(Vocabulary::builtin())
                } else {
                    Vocabulary::extended(weakening).map(Arc::new)
                }
            });
            let compiled = crate::startup::map_on_threads(file.terms, |spec| {
                (spec.id.clone(), compile_term(spec, &Tokenizer::plain()))
            });
            (compiled, vocabulary.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        });
        let mut terms = Vec::with_capacity(compiled.len());
        for (id, term) in compiled {
            let at = line_for(&format!("\"{id}\""));
            terms.push(term.map_err(|m| PackError(format!("{origin}{at}: {m}")))?);
        }
        if terms.is_empty() {
            return Err(PackError(format!("{origin}: the pack defines no [[terms]]")));
        }
        let vocabulary = vocabulary.map_err(|m| PackError(format!("{origin}{}: {m}", line_for("[weakening]"))))?;
        Ok(Pack {
            id: file.pack.id,
            name: file.pack.name,
            version: file.pack.version,
            distractors: file.pack.distractors.iter().map(|d| tok.phrase(d)).collect(),
            terms,
            origin: origin.to_string(),
            vocabulary,
        })
    }

    pub fn term(&self, id: &str) -> Option<&Term> {
        self.terms.iter().find(|t| t.id() == id)
    }
}

fn compile_term(spec: TermSpec, tok: &Tokenizer) -> Result<Term, String> {
    if !matches!(spec.pillar.as_str(), "A" | "B" | "C") {
        return Err(format!("term '{}': pillar must be A, B or C, not '{}'", spec.id, spec.pillar));
    }
    if !spec.elements.iter().any(|e| e.core) {
        return Err(format!("term '{}' has no element with core = true, so it could never match", spec.id));
    }
    let phrases =
        |texts: &[String]| -> Vec<Phrase> { texts.iter().map(|p| tok.phrase(p)).filter(|p| !p.is_empty()).collect() };
    let mut elements = Vec::new();
    for e in &spec.elements {
        if e.phrases.is_empty() && e.patterns.is_empty() {
            return Err(format!("term '{}', element '{}': give at least one phrase or pattern", spec.id, e.id));
        }
        if e.min_items > e.items.len() {
            return Err(format!(
                "term '{}', element '{}': min_items is {} but only {} items are listed",
                spec.id,
                e.id,
                e.min_items,
                e.items.len()
            ));
        }
        let patterns = e
            .patterns
            .iter()
            .map(|p| {
                // Compiled as the weakening lists are (ASCII `\b` and `\w`): they
                // run over the whole lower-cased document, once per term.
                Regex::new(&vocabulary::lower_case_pattern(p))
                    .map_err(|err| format!("term '{}', element '{}': bad pattern {p:?}: {err}", spec.id, e.id))
            })
            .collect::<Result<Vec<_>, _>>()?;
        elements.push(Element {
            spec: e.clone(),
            phrases: phrases(&e.phrases).into_iter().collect(),
            patterns,
            narrowing: phrases(&e.narrowing),
            items: e.items.iter().map(|group| phrases(group)).collect(),
            all_items: phrases(&e.all_items),
        });
    }
    for p in &spec.params {
        let ok = match p.quantity {
            Quantity::Duration => p.unit.hours().is_some(),
            Quantity::Money => p.unit == Unit::Usd,
            Quantity::AesBits => p.unit == Unit::Bits,
            Quantity::TlsVersion => p.unit == Unit::Version,
        };
        if !ok {
            return Err(format!(
                "term '{}', param '{}': unit {:?} does not fit quantity {:?}",
                spec.id, p.id, p.unit, p.quantity
            ));
        }
    }
    let model = spec.model.to_ascii_lowercase();
    let speaks_of_liability = ["liab", "indemn", "warrant", "insur"].iter().any(|w| model.contains(w));
    static NEXT_UID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    Ok(Term {
        speaks_of_liability,
        uid: NEXT_UID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        distractors: spec.distractors.iter().map(|d| tok.phrase(d)).collect(),
        param_when: spec.params.iter().map(|p| p.when.iter().map(|w| tok.phrase(w)).collect()).collect(),
        param_met_by: spec.params.iter().map(|p| p.met_by.iter().map(|w| tok.phrase(w)).collect()).collect(),
        elements,
        spec,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = r#"
[pack]
id = "test@1"
name = "test"
version = 1

[[terms]]
id = "B5-logging"
title = "Logging"
pillar = "B"
party = "mdm"
requires = "logging"
model = "Supplier shall log logins and configuration changes."
why = "-"
fix = "-"

  [[terms.elements]]
  id = "events"
  label = "logged events"
  core = true
  phrases = ["log"]
  items = [["login"], ["configuration"]]
  min_items = MIN
"#;

    #[test]
    fn min_items_must_not_exceed_the_items_listed() {
        assert!(Pack::parse(&PACK.replace("MIN", "2"), "t.toml").is_ok());
        let err = Pack::parse(&PACK.replace("MIN", "3"), "t.toml").unwrap_err();
        assert!(err.to_string().contains("min_items is 3 but only 2 items"), "{err}");
    }
}
