use std::io::IsTerminal;

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
    let listing = matches!(args.topic.to_ascii_lowercase().as_str(), "terms" | "kinds");
    match explain(&pack, &args.topic) {
        Ok(text) if listing => crate::output::print(&format!("{text}\n"), EXIT_OK),
        Ok(text) => {
            let tty = std::io::stdout().is_terminal();
            let width = terminal_size::terminal_size().filter(|_| tty).map_or(100, |(w, _)| (w.0 as usize).min(100));
            let shown = crate::report::terminal::render(&text, width, tty && std::env::var_os("NO_COLOR").is_none());
            crate::output::print(&format!("{shown}\n"), EXIT_OK)
        }
        Err(e) => {
            crate::eline!("error: {e}");
            EXIT_ERROR
        }
    }
}

/// The term `topic` names: its ID or short ID in any case, else the one term
/// whose ID or title has all of `topic`'s words ("patching", "incident notice").
/// Fails with the candidates, or the nearest IDs.
pub fn find_term<'p>(pack: &'p Pack, topic: &str) -> Result<&'p crate::reference::Term, String> {
    let t = topic.trim().to_lowercase();
    let id = |x: &crate::reference::Term| x.spec.id.to_lowercase();
    if let Some(found) = pack.terms.iter().find(|x| id(x) == t || id(x).split('-').next() == Some(t.as_str())) {
        return Ok(found);
    }
    let words: Vec<&str> = t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let has_all = |hay: &str| !words.is_empty() && words.iter().all(|w| hay.contains(w));
    let by_id: Vec<_> = pack.terms.iter().filter(|x| has_all(&id(x))).collect();
    let by_title: Vec<_> = pack.terms.iter().filter(|x| has_all(&x.spec.title.to_lowercase())).collect();
    let candidates = if by_id.is_empty() { by_title } else { by_id };
    match candidates.as_slice() {
        [one] => Ok(one),
        [] => {
            // Against the whole ID and its name part ("sbom" of "B1-sbom").
            let score = |x: &crate::reference::Term| {
                let full = id(x);
                let name = full.split_once('-').map_or(full.as_str(), |(_, n)| n).to_string();
                strsim::jaro_winkler(&t, &full).max(strsim::jaro_winkler(&t, &name))
            };
            let mut near: Vec<(f64, &str)> = pack.terms.iter().map(|x| (score(x), x.spec.id.as_str())).collect();
            near.sort_by(|a, b| b.0.total_cmp(&a.0));
            let ids: Vec<&str> = near.iter().take(3).map(|n| n.1).collect();
            Err(format!(
                "'{topic}' is neither a term of {} nor a weakening kind; nearest terms: {}; see `mc2lint explain terms` or `mc2lint explain kinds`",
                pack.id,
                ids.join(", ")
            ))
        }
        many => Err(format!(
            "'{topic}' matches several terms: {}; name one",
            many.iter().map(|x| x.spec.id.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The explanation text (markdown) for a term, a kind, or the lists.
pub fn explain(pack: &Pack, topic: &str) -> Result<String, String> {
    let lower = topic.trim().to_ascii_lowercase();
    let topic = lower.as_str();
    if topic == "terms" {
        let rows: Vec<String> = pack
            .terms
            .iter()
            .map(|t| format!("{:<28} {}{}", t.spec.id, t.spec.title, if t.spec.critical { " (critical)" } else { "" }))
            .collect();
        return Ok(format!("Terms of {} ({}):\n{}", pack.id, pack.name, rows.join("\n")));
    }
    if topic == "kinds" {
        let rows: Vec<String> =
            Kind::ALL.iter().map(|k| format!("{:<12} {}", k.as_str(), first_line(&kind_doc(*k), k.as_str()))).collect();
        return Ok(format!("Weakening kinds:\n{}", rows.join("\n")));
    }
    if let Some(k) = Kind::parse(topic) {
        return Ok(kind_doc(k));
    }
    let t = find_term(pack, topic)?;
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
    Ok(out.trim_end().to_string())
}

fn first_line(doc: &str, kind: &str) -> String {
    let line = doc.lines().next().unwrap_or_default();
    line.trim_start_matches(&format!("**{kind}**: ")).to_string()
}
