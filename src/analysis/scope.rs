//! **scope**: the duty covers less than the reference subject.
//!
//! What it does: for each element of the term, looks for the pack's narrowing
//! qualifiers (e.g. *critical* vulnerabilities, *confirmed* incidents,
//! *Supplier-developed* software) right before the element's words, and for
//! restrictive words (*only, solely, exclusively, limited to*) right before a topic word. A
//! qualified mention counts only when no unqualified mention of the same
//! element exists in the clause ("critical patches within 15 days, all other
//! patches within 60 days" is conformant); a title ("9.2 Security Incident
//! Notice.") or a mention that refers back ("that incident") is not an
//! unqualified one, nor one deferred to a qualified one ("minor updates are
//! folded into the next major release"). A required element the pack marks
//! `absent = "scope"` that the clause lacks is also a narrowing. Generic
//! narrowings apply to every term (list `scope` in `reference/weakening.toml`):
//! only customers under a support contract, only products released after a
//! date or running a version floor, compliance only "as delivered", only the
//! supplier's own staff or code (unless the provision also names third-party
//! software), only "the current version of the Software" or products
//! "operating on the current software release", claims "limited to" a kind
//! ("limited to claims arising from its hosted services"), incidents the
//! supplier "determines to be material", development duties only for "each
//! new major release", one component in place of the product ("the
//! application server supplied with the Products"), losses only when caused
//! by gross negligence or wilful misconduct (not where that fault is named to
//! lift a cap), the supplier's own list of supported products in place of the
//! customer's choice, one site in place of every site; none of them when named
//! as an example ("including ..."). And where the reference enumerates what an element
//! covers (event types to log, activities a responsibility matrix allocates;
//! the pack's `items`), a clause that names some of them but fewer than
//! `min_items`, and nothing that covers them all ("all security-relevant
//! events"), covers a subset: "log administrator logins" logs one event type.
//!
//! Why it matters: most incidents and vulnerabilities are not "critical" or
//! "confirmed" when first seen; a narrowed duty misses them.
//!
//! Example: `Supplier shall notify Customer of confirmed Security Incidents only`.
//!
//! Use instead: `Supplier shall notify Customer of every Security Incident within twenty-four (24) hours.`

use super::{reference_matches, Cx};
use crate::memo::IdMemo;
use crate::model::{Evidence, Kind};
use crate::reference::Absent;

/// How far after a mention a deferral to a narrowed one ("at the next major
/// release") is looked for, in tokens.
const DEFERRAL_REACH: usize = 8;

const RESTRICT: &str = r"^(?:only|solely|exclusively|limited\s+to|restricted\s+to|but\s+only)$";

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    let restrict = re!(RESTRICT);
    let toks = &cx.ix.tokens;
    let mut out = Vec::new();
    // When the reference itself says "only" ("remote access only through ..."),
    // the word is the duty, not a narrowing.
    thread_local!(static MEMO: IdMemo<bool> = IdMemo::default());
    let reference_restricts = reference_matches(cx, &MEMO, re!(r"\b(?:only|solely|exclusively)\b"));
    for (e, hits) in cx.term.elements.iter().zip(&cx.m.hits) {
        if hits.is_empty() {
            continue;
        }
        // Qualifiers compare surface words too: "reportable" narrows, "report"
        // does not. Each qualifier's first word without its last two letters
        // (at least five kept), so "confirmed" also reads "confirmation":
        let surfaces: Vec<String> = e
            .narrowing
            .iter()
            .map(|n| {
                let word = n.text.split_whitespace().next().unwrap_or_default().to_lowercase();
                let keep = word.chars().count().saturating_sub(2).max(5);
                word.chars().take(keep).collect()
            })
            .collect();
        let mut narrowed = Vec::new();
        let mut plain = 0;
        // Hits are sorted: consecutive ones share a paragraph and its title.
        let mut title: Option<(usize, usize)> = None;
        for &(a, b) in hits {
            let window = a.saturating_sub(4)..a;
            // A qualifier stands in the hit's own sentence, not in a run-in
            // heading before it ("Cyber Incident Reporting. Upon discovering ...").
            let p = cx.ix.paragraph_of_token(a);
            let body_start = match title {
                Some((q, start)) if q == p => start,
                _ => title.insert((p, after_run_in_heading(cx, p))).1,
            };
            let window = window.start.max(body_start)..window.end;
            let qualifier = e.narrowing.iter().zip(&surfaces).find_map(|(n, surface)| {
                (window.start..window.end).find_map(|i| {
                    n.match_at(toks, i).filter(|&j| j <= a && toks[i].lower.starts_with(surface.as_str())).map(|_| i)
                })
            });
            // "only"/"solely" narrow the topic itself ("only confirmed incidents"), not
            // the action ("use data solely to perform the contract" is the reference).
            // "only the ports required for the intended use" states minimality,
            // which is the duty itself, not a narrower subject.
            let minimal = toks[a..toks.len().min(b + 10)]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "required" | "needed" | "necessary" | "essential"));
            let before_restrict = (a.saturating_sub(2).max(window.start)..a)
                .filter(|_| e.spec.core && !reference_restricts && !minimal)
                .find(|&i| {
                    restrict.is_match(&toks[i].lower)
                        || (toks[i].lower == "limited" && toks.get(i + 1).is_some_and(|t| t.lower == "to"))
                });
            match qualifier.or(before_restrict).or_else(|| deferred(cx, e, b, p)) {
                Some(i) => narrowed.push((i, b)),
                // A heading ("Security Incident Notification") is no unqualified promise.
                None if cx.ix.is_caption(p) => {}
                // Nor is a run-in heading ("13.2 Security Incident Notification. Seller shall ...").
                None if a < body_start => {}
                // "... of any personal data breach, and shall assist with that
                // breach": the mention refers back to the qualified one.
                None if a > window.start && refers_back(&toks[a - 1].lower) => {}
                None => plain += 1,
            }
        }
        if plain == 0 {
            if let Some(&(i, b)) = narrowed.first() {
                let (start, end) = (toks[i].start.min(toks[b - 1].start), toks[i].end.max(toks[b - 1].end));
                out.push(Evidence::stated(
                    Some(Kind::Scope),
                    start,
                    end,
                    format!("narrows {} to '{}'", e.spec.label, &cx.text()[start..end]),
                ));
            }
        }
    }
    out.extend(partial_enumeration(cx));
    let others_covered = names_other_components(cx);
    out.extend(
        cx.scan("scope", Kind::Scope, |m| format!("narrowed to '{m}'"))
            .into_iter()
            .filter(|e| !negated(cx, e))
            .filter(|e| !(others_covered && own_code(cx, e)))
            .filter(|e| !carves_fault_out_of_a_limit(cx, e)),
    );
    for (e, (hits, ctx)) in cx.term.elements.iter().zip(cx.m.hits.iter().zip(&cx.m.in_context)) {
        if e.spec.required && e.spec.absent == Absent::Scope && hits.is_empty() && !ctx {
            let (start, _) = cx.m.span();
            out.push(Evidence::absent(Some(Kind::Scope), start, format!("does not cover {}", e.spec.label)));
        }
    }
    out
}

/// The first token of paragraph `p` after the title that opens it ("13.2
/// Security Incident Notification. Seller shall ..."), or its first token.
fn after_run_in_heading(cx: &Cx, p: usize) -> usize {
    const TITLE_MAX: usize = 80;
    let doc = cx.ix.doc;
    let (first, last) = cx.ix.para_tokens[p];
    let text = doc.paragraph_text(&doc.paragraphs[p]);
    // Titles are short: only their stretch of a long paragraph is searched.
    let head = super::clip(text, 0, TITLE_MAX + 1);
    let title_end =
        head.match_indices(". ").map(|(i, _)| i + 1).find(|&end| crate::text::is_run_in_heading(text[..end].trim()));
    let Some(end) = title_end.map(|end| doc.paragraphs[p].start + end) else { return first };
    (first..last).find(|&t| cx.ix.tokens[t].start >= end).unwrap_or(last)
}

/// "patches and minor updates reflected at the next major release": a
/// mention ending at token `b` (paragraph `p`) deferred to a narrowed one;
/// the narrowing word's token.
fn deferred(cx: &Cx, e: &crate::reference::Element, b: usize, p: usize) -> Option<usize> {
    if e.narrowing.is_empty() {
        return None;
    }
    let toks = &cx.ix.tokens;
    (b..toks.len().min(b + DEFERRAL_REACH))
        .filter(|&j| toks[j].lower == "next" && cx.ix.paragraph_of_token(j) == p)
        .find(|&j| e.narrowing.iter().any(|n| n.match_at(toks, j + 1).is_some()))
        .map(|j| j + 1)
}

/// A determiner that points back to an earlier mention ("that breach",
/// "such incidents").
fn refers_back(word: &str) -> bool {
    matches!(word, "that" | "such" | "this" | "these" | "those" | "said")
}

/// "record every user login and logout": one of the event types the
/// reference enumerates for an element (`items`), where it asks for at
/// least `min_items` of them or all of them. Absence-based evidence: a
/// clause that states another mechanism stays deviating.
fn partial_enumeration(cx: &Cx) -> Vec<Evidence> {
    let (start, end) = cx.m.span();
    let (a, b) = cx.ix.token_range(start, end);
    let inside = |p: &crate::text::Phrase| cx.ix.occurrences(&p.toks).iter().any(|&(x, y)| a <= x && y <= b);
    let mut out = Vec::new();
    for e in cx.term.elements.iter().filter(|e| e.spec.min_items > 0) {
        let named = e.items.iter().filter(|group| group.iter().any(inside)).count();
        if named == 0 || named >= e.spec.min_items || e.all_items.iter().any(inside) {
            continue;
        }
        let listed = e.items.len();
        let note = format!("names only {named} of the {listed} items the reference lists ({})", e.spec.label);
        out.push(Evidence::absent(Some(Kind::Scope), start, note));
    }
    out
}

/// "whether or not developed by Supplier", "that was not written by Supplier":
/// the words deny the narrowing (they define what else is covered). And
/// "each Product, including the application server supplied with it" names
/// an example of the whole, not a subset.
fn negated(cx: &Cx, e: &Evidence) -> bool {
    let not_or_example = re!(
        r"\b(?:(?:not|never|nor)\s+(?:\w+\s+)?|(?:including|includes?|such\s+as|e\.g\.|in\s+particular|for\s+example)\s+(?:[\w-]+\s+){0,3})$",
    );
    not_or_example.is_match(super::clip(cx.roles(), e.start.saturating_sub(48), e.start))
}

/// "the cap does not apply to losses caused by gross negligence": fault named
/// to lift a limitation, not as the only trigger of the duty. Only the fault
/// narrowing ("caused by its gross negligence") reads the words before it.
fn carves_fault_out_of_a_limit(cx: &Cx, e: &Evidence) -> bool {
    let fault = re!(r"neglig|misconduct|wil(?:l)?ful");
    let lifting = re!(
        r"\b(?:except|excluding|exclusions?|other\s+than|save|unless|not\s+(?:\w+\s+){0,2}(?:apply|limit|exclude|restrict)|no\s+(?:limitation|cap))\b"
    );
    let roles = cx.roles();
    let before = cx.sentence_at(e.start).map_or(e.start, |(s, _)| s);
    fault.is_match(&roles[e.start..e.end]) && lifting.is_match(&roles[before..e.start])
}

/// "software written by Supplier" narrows only when it is all the provision
/// covers; in a list that also names third-party or open-source software it
/// is one item of the full scope.
fn own_code(cx: &Cx, e: &Evidence) -> bool {
    re!(r"\b(?:developed|written|authored)\s+by\b|-developed\b").is_match(super::clip(cx.roles(), e.start, e.end))
}

fn names_other_components(cx: &Cx) -> bool {
    let other =
        re!(r"\b(?:third[\s-]part(?:y|ies)|open[\s-]source|operating\s+systems?|off[\s-]the[\s-]shelf|ots|soup)\b");
    cx.sentences().iter().any(|&(s, t)| other.is_match(&cx.roles()[s..t]))
}
