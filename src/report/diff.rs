//! `mc2lint diff` output: text (word diff as `[-removed-]{+added+}`, the way
//! `git diff --word-diff` shows it) and markdown (for a pull-request comment).

use crate::diff::{Change, Diff, Side, TermDiff, Words};

fn side(s: &Side) -> String {
    let kinds = if s.kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", s.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
    };
    let clause = s.clause.as_deref().map(|c| format!(" in {c}")).unwrap_or_default();
    format!("{}{kinds}{clause}", s.verdict.as_str())
}

/// "2 weaker, 1 stronger, 0 different, 24 same"
pub fn counts(d: &Diff) -> String {
    let n = |c: Change| d.terms.iter().filter(|t| t.change == c).count();
    [Change::Weaker, Change::Stronger, Change::Different, Change::Same]
        .map(|c| format!("{} {}", n(c), c.as_str()))
        .join(", ")
}

fn changed(d: &Diff) -> impl Iterator<Item = &TermDiff> {
    // Weaker first: that is what a reviewer must see.
    let order = [Change::Weaker, Change::Different, Change::Stronger];
    order.into_iter().flat_map(move |c| d.terms.iter().filter(move |t| t.change == c))
}

/// The word diff with removed and added runs between markers; spaces at a
/// run's edges stay outside the markers, so the words do not run together.
fn words(w: &[Words], del: (&str, &str), ins: (&str, &str)) -> String {
    let mark = |text: &str, (open, close): (&str, &str)| {
        let core = text.trim();
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        if core.is_empty() {
            text.to_string()
        } else {
            format!("{lead}{open}{core}{close}{trail}")
        }
    };
    w.iter()
        .map(|w| match w.op.as_str() {
            "delete" => mark(&w.text, del),
            "insert" => mark(&w.text, ins),
            _ => w.text.clone(),
        })
        .collect()
}

/// Terms that changed, weaker first, each with its word diff; then the counts.
pub fn text(d: &Diff) -> String {
    let mut out = format!("{} -> {}\n", d.old, d.new);
    for t in changed(d) {
        out += &format!("{:<9} {}: {} -> {}\n", t.change.as_str(), t.term, side(&t.before), side(&t.after));
        if !t.words.is_empty() {
            out += &format!("          {}\n", words(&t.words, ("[-", "-]"), ("{+", "+}")));
        }
    }
    out + &format!("{} terms: {}\n", d.terms.len(), counts(d))
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('*', "\\*").replace('~', "\\~").replace('\n', " ")
}

/// A table of every term, then the changed clauses with ~~removed~~ and **added** words.
pub fn markdown(d: &Diff) -> String {
    let mut md = format!("## mc2lint diff: `{}` → `{}`\n\n{}\n\n", d.old, d.new, counts(d));
    md += "| Term | Before | After | Change |\n|---|---|---|---|\n";
    for t in &d.terms {
        let change = match t.change {
            Change::Same => "same".to_string(),
            c => format!("**{}**", c.as_str()),
        };
        md += &format!("| {} | {} | {} | {change} |\n", t.term, side(&t.before), side(&t.after));
    }
    for t in changed(d).filter(|t| !t.words.is_empty()) {
        let escaped: Vec<Words> =
            t.words.iter().map(|w| Words { op: w.op.clone(), text: md_escape(&w.text) }).collect();
        md += &format!("\n### {} ({})\n\n{}\n", t.term, t.change.as_str(), words(&escaped, ("~~", "~~"), ("**", "**")));
    }
    md
}
