use clap::Args;

use super::{EXIT_ERROR, EXIT_OK};
use crate::analysis::kind_doc;
use crate::model::Kind;
use crate::reference::Pack;

#[derive(Args)]
pub struct ExplainArgs {
    /// A term ID (`C3-incident-notification`), a weakening kind (`efforts`), or
    /// `terms` / `kinds` to list them.
    topic: String,
    /// Reference pack: `mc2@1`, `mc2@2` (default), or a path to a pack TOML.
    #[arg(long, short = 'r', value_name = "PACK", default_value = crate::reference::DEFAULT_PACK)]
    reference: String,
}

pub fn run(args: ExplainArgs) -> i32 {
    let pack = match Pack::load(&args.reference) {
        Ok(p) => p,
        Err(e) => {
            crate::eline!("error: {e}");
            return EXIT_ERROR;
        }
    };
    match explain(&pack, &args.topic) {
        Some(text) => crate::output::print(&format!("{text}\n"), EXIT_OK),
        None => {
            crate::eline!("error: '{}' is neither a term of {} nor a weakening kind; try `mc2lint explain terms` or `mc2lint explain kinds`", args.topic, pack.id);
            EXIT_ERROR
        }
    }
}

/// The explanation text for a term, a kind, or the lists.
pub fn explain(pack: &Pack, topic: &str) -> Option<String> {
    if topic == "terms" {
        let rows: Vec<String> = pack
            .terms
            .iter()
            .map(|t| format!("{:<28} {}{}", t.spec.id, t.spec.title, if t.spec.critical { " (critical)" } else { "" }))
            .collect();
        return Some(format!("Terms of {} ({}):\n{}", pack.id, pack.name, rows.join("\n")));
    }
    if topic == "kinds" {
        let rows: Vec<String> =
            Kind::ALL.iter().map(|k| format!("{:<12} {}", k.as_str(), first_line(&kind_doc(*k), k.as_str()))).collect();
        return Some(format!("Weakening kinds:\n{}", rows.join("\n")));
    }
    if let Some(k) = Kind::parse(topic) {
        return Some(kind_doc(k));
    }
    let t = pack.terms.iter().find(|t| t.spec.id == topic || t.spec.id.split('-').next() == Some(topic))?;
    let s = &t.spec;
    let mut out = format!("{} — {}{}\n\n", s.id, s.title, if s.critical { " (critical)" } else { "" });
    out += &format!("What it requires: {}.\n\n", s.requires);
    if !s.why.is_empty() {
        out += &format!("Why it matters: {}\n\n", s.why);
    }
    out += &format!("Reference wording ({}):\n  {}\n\n", pack.id, s.model);
    if !s.params.is_empty() {
        out += "Parameters:\n";
        for p in &s.params {
            let dir = match p.direction {
                crate::reference::Direction::Max => "at most",
                crate::reference::Direction::Min => "at least",
            };
            let when = if p.when.is_empty() { String::new() } else { format!(" (when: {})", p.when.join(", ")) };
            out += &format!("  {}: {dir} {}{when}\n", p.label, p.unit.label(p.value));
        }
        out.push('\n');
    }
    if !s.examples.is_empty() {
        out += "Weaker wording it catches:\n";
        for e in &s.examples {
            let kinds: Vec<&str> = e.kinds.iter().map(|k| k.as_str()).collect();
            let label = if kinds.is_empty() { "deviating".to_string() } else { kinds.join(", ") };
            out += &format!("  - {} [{label}]\n", e.text);
        }
        out.push('\n');
    }
    if !s.fix.is_empty() {
        out += &format!("How to fix: {}\n", s.fix);
    }
    Some(out.trim_end().to_string())
}

fn first_line(doc: &str, kind: &str) -> String {
    let line = doc.lines().next().unwrap_or_default();
    line.trim_start_matches(&format!("**{kind}**: ")).to_string()
}
