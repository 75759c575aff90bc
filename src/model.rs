//! The results mc2lint produces, shared by every output format. Field names
//! follow `report-schema.md` (`mc2lint/report@1`): they are a stable contract.

use serde::{Deserialize, Serialize};

/// One verdict per term and document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Conformant,
    Weakened,
    Deviating,
    Missing,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [Verdict::Conformant, Verdict::Weakened, Verdict::Deviating, Verdict::Missing];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Conformant => "conformant",
            Verdict::Weakened => "weakened",
            Verdict::Deviating => "deviating",
            Verdict::Missing => "missing",
        }
    }
}

/// How a clause protects the HDO less than the reference (see mc2-terms.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Modality,
    Efforts,
    Discretion,
    Feasibility,
    Deadline,
    Bound,
    Scope,
    Condition,
    Exception,
    CostShift,
    PartyShift,
    Negation,
    Disclaimer,
    Revision,
}

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::Modality,
        Kind::Efforts,
        Kind::Discretion,
        Kind::Feasibility,
        Kind::Deadline,
        Kind::Bound,
        Kind::Scope,
        Kind::Condition,
        Kind::Exception,
        Kind::CostShift,
        Kind::PartyShift,
        Kind::Negation,
        Kind::Disclaimer,
        Kind::Revision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Modality => "modality",
            Kind::Efforts => "efforts",
            Kind::Discretion => "discretion",
            Kind::Feasibility => "feasibility",
            Kind::Deadline => "deadline",
            Kind::Bound => "bound",
            Kind::Scope => "scope",
            Kind::Condition => "condition",
            Kind::Exception => "exception",
            Kind::CostShift => "cost-shift",
            Kind::PartyShift => "party-shift",
            Kind::Negation => "negation",
            Kind::Disclaimer => "disclaimer",
            Kind::Revision => "revision",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, Default, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Conformant terms: nothing to report.
    None,
    /// Switched off in config: kept in JSON, never printed or counted.
    Off,
    Info,
    Warning,
    #[default]
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A half-open byte range into the canonical text `mc2lint dump` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Whether evidence is words the clause states or something it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Words in the clause ("commercially reasonable efforts", "ten days").
    #[default]
    Stated,
    /// A required element or number the clause does not state.
    Absent,
}

impl Basis {
    fn is_stated(&self) -> bool {
        *self == Basis::Stated
    }
}

/// Words inside a finding's span that cause a weakening (underlined in
/// output), or an element the clause lacks (`basis: absent`, at the
/// clause's start, an empty range where no words stand for it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Stated words or an absent element; rules decide on this, never on `note`.
    #[serde(default, skip_serializing_if = "Basis::is_stated")]
    pub basis: Basis,
    pub kind: Option<Kind>,
    pub start: usize,
    pub end: usize,
    pub note: String,
    /// The reference parameter a `deadline` or `bound` weakening measures
    /// (its id in the pack), for the fix that restores its value. Not in the
    /// report: the note names it for readers.
    #[serde(skip)]
    pub param: Option<String>,
}

impl Evidence {
    /// Words the clause states, at `[start, end)`.
    pub fn stated(kind: Option<Kind>, start: usize, end: usize, note: impl Into<String>) -> Evidence {
        Evidence { basis: Basis::Stated, kind, start, end, note: note.into(), param: None }
    }

    /// Something the clause lacks, anchored (as an empty range) at `at`.
    pub fn absent(kind: Option<Kind>, at: usize, note: impl Into<String>) -> Evidence {
        Evidence { basis: Basis::Absent, kind, start: at, end: at, note: note.into(), param: None }
    }

    /// This evidence, about the reference parameter `id`.
    pub fn for_param(self, id: &str) -> Evidence {
        Evidence { param: Some(id.to_string()), ..self }
    }
}

/// The verdict for one term in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub term: String,
    pub verdict: Verdict,
    pub kinds: Vec<Kind>,
    pub severity: Severity,
    pub clause: Option<String>,
    pub paragraph: Option<usize>,
    pub span: Option<Span>,
    pub score: f64,
    pub message: String,
    pub text: Option<String>,
    pub suppressed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// The `suppression` reason of a finding the baseline records: baselined
/// findings stay in the report (one entry per term), hidden like suppressed ones.
pub const BASELINE_REASON: &str = "recorded in the baseline";

impl Finding {
    /// A term no clause carries.
    pub fn missing(term: impl Into<String>, message: impl Into<String>) -> Finding {
        Finding {
            term: term.into(),
            verdict: Verdict::Missing,
            kinds: Vec::new(),
            severity: Severity::Error,
            clause: None,
            paragraph: None,
            span: None,
            score: 0.0,
            message: message.into(),
            text: None,
            suppressed: false,
            suppression: None,
            evidence: Vec::new(),
        }
    }

    /// A finding that needs attention (not conformant, not switched off).
    pub fn is_issue(&self) -> bool {
        self.verdict != Verdict::Conformant && self.severity > Severity::Off && !self.suppressed
    }

    /// Hidden because the baseline records it (rather than by a suppression).
    pub fn is_baselined(&self) -> bool {
        self.suppressed && self.suppression.as_deref() == Some(BASELINE_REASON)
    }

    /// Whether output shows the finding, and if not, what hid it: the one rule
    /// every summary counts by.
    pub fn visibility(&self) -> Visibility {
        if self.verdict == Verdict::Conformant {
            Visibility::Conformant
        } else if self.is_baselined() {
            Visibility::Baselined
        } else if self.suppressed {
            Visibility::Suppressed
        } else if self.severity <= Severity::Off {
            Visibility::Off
        } else {
            Visibility::Shown
        }
    }
}

/// See `Finding::visibility`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Conformant,
    Shown,
    Suppressed,
    Baselined,
    /// Switched off in config (`[severity] TERM = "off"`).
    Off,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parties {
    pub mdm: Vec<String>,
    pub hdo: Vec<String>,
}

/// Verdict counts of what is shown; findings hidden by suppressions, the
/// baseline or config (`off`) are counted apart, so that the counts add up to
/// the terms.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub conformant: usize,
    pub weakened: usize,
    pub deviating: usize,
    pub missing: usize,
    pub coverage: f64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub baselined: usize,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub off: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    pub fn of(terms: &[Finding]) -> Summary {
        let shown = |v| terms.iter().filter(|t| t.verdict == v && t.visibility() == Visibility::Shown).count();
        let hidden = |by: Visibility| terms.iter().filter(|t| t.visibility() == by).count();
        let conformant = hidden(Visibility::Conformant);
        Summary {
            conformant,
            weakened: shown(Verdict::Weakened),
            deviating: shown(Verdict::Deviating),
            missing: shown(Verdict::Missing),
            coverage: if terms.is_empty() { 0.0 } else { round3(conformant as f64 / terms.len() as f64) },
            suppressed: hidden(Visibility::Suppressed),
            baselined: hidden(Visibility::Baselined),
            off: hidden(Visibility::Off),
        }
    }
}

pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
}

/// Everything mc2lint found in one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentReport {
    pub path: String,
    /// `ok` or `error`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parties: Option<Parties>,
    pub terms: Vec<Finding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorInfo>,
}

impl DocumentReport {
    pub fn from_error(path: &str, e: &crate::error::ReadError, sha256: Option<String>) -> Self {
        DocumentReport {
            path: path.to_string(),
            status: "error".into(),
            sha256,
            parties: None,
            terms: Vec::new(),
            summary: None,
            error: Some(ErrorInfo { code: e.code.as_str().into(), message: e.message() }),
        }
    }

    pub fn is_error(&self) -> bool {
        self.status == "error"
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceInfo {
    pub id: String,
    pub terms: usize,
}

/// Something about an input that is not a finding but changes what is shown:
/// a suppression comment that did not count, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub path: String,
    pub message: String,
}

/// The whole `--format json` output (`mc2lint/report@1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub tool: Tool,
    pub reference: ReferenceInfo,
    pub view: String,
    pub documents: Vec<DocumentReport>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
}

pub const REPORT_SCHEMA: &str = "mc2lint/report@1";

impl Report {
    pub fn new(reference_id: &str, terms: usize, view: &str, documents: Vec<DocumentReport>) -> Report {
        Report {
            schema: REPORT_SCHEMA.into(),
            tool: Tool { name: "mc2lint".into(), version: env!("CARGO_PKG_VERSION").into() },
            reference: ReferenceInfo { id: reference_id.into(), terms },
            view: view.into(),
            documents,
            notices: Vec::new(),
        }
    }
}
