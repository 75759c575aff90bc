//! **deadline** and **bound**: numbers weaker than the reference.
//!
//! What it does: reads the quantities in the sentences that carry the term:
//! durations ("seventy-two (72) hours", "10 business days", "annually"), money
//! ("$5,000,000", "five million dollars"), AES key sizes and TLS versions. Each
//! is matched to the pack parameter it measures (a `when` qualifier such as
//! "critical" selects the stricter one) and compared in a common unit
//! (business days count 1.4 calendar days). A larger deadline or interval, or a
//! lower floor, is weakened (`deadline` or `bound`); a stricter number is
//! conformant. A required deadline with no number ("promptly", "without undue
//! delay") is a removed deadline. A number in a unit that cannot be compared
//! ("three maintenance windows", "EUR 5,000,000") makes the term deviating.
//! A cap stated on a duty the reference leaves uncapped ("up to an aggregate
//! amount equal to twice the fees", list `cap` in `reference/weakening.toml`)
//! is a `bound` too, even when it sits outside the general limitation.
//!
//! Why it matters: the number is the obligation. "Within 30 days" instead of
//! "within 24 hours" lets an incident run for a month before the HDO knows.
//!
//! Example: `Supplier shall notify Customer within ten (10) business days` against
//! a 24-hour reference: weakened (deadline).

use super::Cx;
use crate::model::{Evidence, Kind};
use crate::reference::{Direction, ParamSpec, Quantity, Unit};
use crate::text::Token;

/// A quantity read from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub quantity: Quantity,
    pub value: f64,
    pub unit: Unit,
    pub start: usize,
    pub end: usize,
    /// Token index where it starts (for qualifier lookup).
    pub token: usize,
}

fn duration_unit(stem: &str) -> Option<Unit> {
    Some(match stem {
        "minut" | "min" | "mins" => Unit::Minutes,
        "hour" | "hr" | "hrs" => Unit::Hours,
        "day" => Unit::Days,
        "week" => Unit::Weeks,
        "month" => Unit::Months,
        "year" | "yr" => Unit::Years,
        _ => return None,
    })
}

/// Frequency words that state an interval without a number.
fn frequency(stem: &str) -> Option<(f64, Unit)> {
    Some(match stem {
        "annual" | "yearli" => (12.0, Unit::Months),
        "quarter" => (3.0, Unit::Months),
        "month" | "monthli" => (1.0, Unit::Months),
        "weekli" => (1.0, Unit::Weeks),
        "daili" => (1.0, Unit::Days),
        "biennial" => (24.0, Unit::Months),
        "semiannu" | "biannual" => (6.0, Unit::Months),
        _ => return None,
    })
}

/// A quantity spanning tokens `first..=last`.
fn found(toks: &[Token], quantity: Quantity, value: f64, unit: Unit, first: usize, last: usize) -> Found {
    Found { quantity, value, unit, start: toks[first].start, end: toks[last].end, token: first }
}

/// Quantities in tokens `toks[a..b]`.
pub fn quantities(toks: &[Token], a: usize, b: usize, text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        let t = &toks[i];
        if let Some(value) = t.num {
            // 10 business days / 72 hours / 2 years
            let mut j = i + 1;
            let business = toks.get(j).is_some_and(|n| matches!(n.stem.as_str(), "busi" | "work"));
            let calendar = toks.get(j).is_some_and(|n| n.stem == "calendar");
            if business || calendar {
                j += 1;
            }
            if let Some(unit) = toks.get(j).filter(|_| j < b).and_then(|n| duration_unit(&n.stem)) {
                let unit = if business && unit == Unit::Days { Unit::BusinessDays } else { unit };
                out.push(found(toks, Quantity::Duration, value, unit, i, j));
                i = j + 1;
                continue;
            }
            let dollars = t.dollar
                || toks.get(i + 1).is_some_and(|n| matches!(n.stem.as_str(), "dollar" | "usd"))
                || i > 0 && matches!(toks[i - 1].stem.as_str(), "usd" | "us");
            if dollars {
                out.push(found(toks, Quantity::Money, value, Unit::Usd, i, i));
            }
        } else if let Some((value, unit)) = frequency(&t.stem) {
            out.push(found(toks, Quantity::Duration, value, unit, i, i));
        } else if matches!(t.stem.as_str(), "everi" | "each" | "per" | "a" | "onc") && i + 1 < b {
            // "every year", "once a year", "each calendar year"
            let mut j = i + 1;
            if toks[j].stem == "calendar" && j + 1 < b {
                j += 1;
            }
            if let Some(unit) = duration_unit(&toks[j].stem).filter(|u| matches!(u, Unit::Years | Unit::Months)) {
                if t.stem != "a" || i > a && toks[i - 1].stem == "onc" {
                    out.push(found(toks, Quantity::Duration, 1.0, unit, i, j));
                    i = j + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    out.extend(crypto(toks, a, b, text));
    out
}

fn crypto(toks: &[Token], a: usize, b: usize, text: &str) -> Vec<Found> {
    let (Some(first), Some(last)) = (toks.get(a), toks.get(b.saturating_sub(1)).filter(|_| b > a)) else {
        return Vec::new();
    };
    let (s, e) = (first.start, last.end);
    let slice = &text[s..e];
    let mut out = Vec::new();
    let aes = re!(r"\baes[\s-]?(128|192|256)\b|\b(128|192|256)[\s-]?bit\s+(?:aes|encryption|keys?)\b");
    for c in aes.captures_iter(slice) {
        let bits: f64 = c.get(1).or(c.get(2)).map_or(0.0, |m| m.as_str().parse().unwrap_or(0.0));
        let m = c.get(0).expect("match");
        out.push(Found {
            quantity: Quantity::AesBits,
            value: bits,
            unit: Unit::Bits,
            start: s + m.start(),
            end: s + m.end(),
            token: a,
        });
    }
    // "TLS 1.2", "TLSv1.3", "Transport Layer Security version 1.0".
    let tls = re!(
        r"\b(tls|ssl|transport\s+layer\s+security|secure\s+sockets?\s+layer)\s*(?:\(tls\)\s*)?(?:v(?:ersion)?\.?\s*)?(\d(?:\.\d)?)",
    );
    for c in tls.captures_iter(slice) {
        let m = c.get(0).expect("match");
        let v: f64 = c[2].parse().unwrap_or(0.0);
        // SSL of any version predates TLS 1.0.
        let ssl = c[1].eq_ignore_ascii_case("ssl") || c[1].to_ascii_lowercase().starts_with("secure");
        let v = if ssl { v / 10.0 } else { v };
        out.push(Found {
            quantity: Quantity::TlsVersion,
            value: v,
            unit: Unit::Version,
            start: s + m.start(),
            end: s + m.end(),
            token: a,
        });
    }
    out
}

/// Comparable magnitude in the pack's base unit (hours, dollars, bits, version).
fn magnitude(value: f64, unit: Unit) -> f64 {
    unit.hours().map_or(value, |h| value * h)
}

/// Vague time words that stand for a removed deadline.
const VAGUE: &str = r"\b(?:promptly|prompt|without\s+(?:undue|unreasonable)\s+delay|as\s+soon\s+as\s+(?:reasonably\s+)?(?:practicable|possible|feasible)|in\s+due\s+course|in\s+a\s+timely\s+(?:manner|fashion)|timely|within\s+a\s+reasonable\s+(?:time|period)|reasonable\s+time|expeditiously|from\s+time\s+to\s+time|periodically|when\s+available|as\s+(?:they\s+)?become\s+available|regularly)\b";
/// A period left to be filled in: a bracketed blank or note ("within [X]
/// days", "[a negotiated time period]", "[●] hours") or a line to write on
/// ("within __ days"). A template's blank fixes no time: the duty stands
/// without a bound until the parties write one in.
const PLACEHOLDER: &str = r"\[\s*(?:[^\[\]]{0,80}?\b(?:time|period|days?|hours?|weeks?|months?|years?|number|negotiat\w*|insert|specif\w*|agreed|tbd)\b[^\[\]]{0,80}?|x+|n|#|●|•|\*+|_+|\.{3}|…)\s*\](?:\s*(?:business\s+|calendar\s+)?(?:days?|hours?|weeks?|months?|years?)\b)?|_{2,}\s*(?:business\s+|calendar\s+)?(?:days?|hours?|weeks?|months?|years?)\b";
/// "within three maintenance windows": a count of something that is not time.
const INCOMPARABLE: &str = r"\b(?:(?:within|once\s+(?:per|every|each|a)|(?:no\s+less\s+often\s+than\s+)?once\s+every)\s+(?:the\s+)?(?:next\s+)?(?:[\w-]+\s+){0,2}(?:\(\d+\)\s+)?(?:scheduled\s+)?(?:maintenance\s+windows?|releases?|release\s+trains?|renewal\s+(?:cycles?|periods?|terms?)|contract\s+(?:renewal\s+)?(?:cycles?|years?)|service\s+packs?|update\s+cycles?|release\s+cycles?|product\s+cycles?|reporting\s+cycles?|sprints?)|(?:for|throughout)\s+(?:at\s+least\s+)?the\s+(?:\w+\s+)?(?:useful|service|product|expected)\s+life(?:time)?|(?:by|at|before|until|during)\s+the\s+next\s+(?:scheduled\s+)?(?:service\s+(?:calls?|visits?)|maintenance\s+(?:windows?|visits?)|releases?|updates?|business\s+review)|\d+\)?\s+(?:[\w-]+\s+)?(?:cycles?|windows?|rotations?|visits?|calls?|sprints?|release\s+trains?)|(?:equal\s+to|of)\s+(?:\w+\s+){0,2}(?:times\s+)?(?:the\s+)?(?:annual\s+|total\s+|aggregate\s+)?(?:fees|contract\s+(?:value|price)|amounts?\s+(?:paid|payable))|(?:eur|gbp|chf|cad|aud|jpy|inr|cny|sek|nok|dkk)\s?\d[\d,.]*|\d[\d,.]*\s?(?:euros?|pounds\s+sterling|swiss\s+francs))\b|[€£¥]\s?\d[\d,.]*";

/// Checks the term's parameters against the quantities in the clause.
/// A cap stated on a duty whose reference is uncapped ("indemnify ... up to
/// an aggregate amount equal to twice the fees", "shall not exceed
/// $1,000,000"): a `bound` even when the cap sits outside the general
/// limitation of liability.
pub fn stated_cap(cx: &Cx) -> Option<Evidence> {
    thread_local!(static MEMO: crate::memo::IdMemo<bool> = crate::memo::IdMemo::default());
    let uncapped = re!(
        r"\b(?:not\s+be\s+subject\s+to\s+any\s+(?:limitation|cap)|regardless\s+of\s+any\s+(?:cap|limitation)|uncapped|without\s+(?:any\s+)?(?:cap|limit))\b",
    );
    if !super::reference_matches(cx, &MEMO, uncapped) {
        return None;
    }
    cx.scan("cap", Kind::Bound, |m| format!("capped ('{m}') where the reference sets no cap")).into_iter().next()
}

pub fn check(cx: &Cx, sentences: &[(usize, usize)]) -> (Vec<Evidence>, Vec<Evidence>) {
    let params = &cx.term.spec.params;
    if params.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let toks = &cx.ix.tokens;
    let text = cx.text();
    let mut found = Vec::new();
    for &(s, e) in sentences {
        let (a, b) = cx.ix.token_range(s, e);
        found.extend(quantities(toks, a, b, text));
    }
    let mut weak = Vec::new();
    let mut deviating = Vec::new();
    let mut satisfied = vec![false; params.len()];
    // The strictest figure stated for each parameter decides: "notice within 24
    // hours, and a full report within 30 days" meets a 24-hour reference.
    let mut best: Vec<Option<&Found>> = vec![None; params.len()];
    let mut consumed = Vec::new();
    for (n, f) in found.iter().enumerate() {
        let prev_end = if n > 0 { found[n - 1].token + 1 } else { 0 };
        let next_start = found.get(n + 1).map_or(usize::MAX, |x| x.token);
        let Some(pi) = select_param(cx, params, f, prev_end, next_start, &mut consumed) else { continue };
        let p = &params[pi];
        satisfied[pi] = true;
        let stricter = |a: &Found, b: &Found| {
            let (x, y) = (magnitude(a.value, a.unit), magnitude(b.value, b.unit));
            match p.direction {
                Direction::Max => x < y,
                Direction::Min => x > y,
            }
        };
        if best[pi].is_none_or(|b| stricter(f, b)) {
            best[pi] = Some(f);
        }
    }
    for (p, f) in params.iter().zip(&best) {
        let Some(f) = f else { continue };
        let (have, want) = (magnitude(f.value, f.unit), magnitude(p.value, p.unit));
        let weaker = match p.direction {
            Direction::Max => have > want * 1.0001,
            Direction::Min => have < want * 0.9999,
        };
        if weaker {
            let what = match p.direction {
                Direction::Max => "exceeds",
                Direction::Min => "is below",
            };
            weak.push(
                Evidence::stated(
                    Some(p.weakening.kind()),
                    f.start,
                    f.end,
                    format!("{} {} {what} the reference {}", p.label, f.unit.label(f.value), p.unit.label(p.value)),
                )
                .for_param(&p.id),
            );
        }
    }
    let sentence_text = |&(s, e): &(usize, usize)| (s, &text[s..e]);
    for (pi, p) in params.iter().enumerate() {
        if satisfied[pi] || p.quantity != Quantity::Duration && !p.required || met_without_number(cx, pi, sentences) {
            continue;
        }
        // "support for the useful life of the Product": an unmet parameter,
        // qualified or not, stated in something that is not a number.
        let incomparable =
            sentences.iter().map(sentence_text).find_map(|(s, t)| re!(INCOMPARABLE).find(t).map(|m| (s, m)));
        let reported = |s: usize, m: &regex::Match| deviating.iter().any(|d: &Evidence| d.start == s + m.start());
        if let Some((s, m)) = incomparable.filter(|(s, m)| !reported(*s, m)) {
            deviating.push(Evidence::stated(
                None,
                s + m.start(),
                s + m.end(),
                format!("{} '{}' cannot be compared with the reference {}", p.label, m.as_str(), p.unit.label(p.value)),
            ));
            continue;
        }
        if !p.required || !p.when.is_empty() || incomparable.is_some() {
            continue;
        }
        let found = |pattern: &regex::Regex| {
            sentences.iter().map(sentence_text).find_map(|(s, t)| pattern.find(t).map(|m| (s, m)))
        };
        let kind = Some(p.weakening.kind());
        let want = p.unit.label(p.value);
        let stated = |s: usize, m: regex::Match, note: String| Evidence::stated(kind, s + m.start(), s + m.end(), note);
        let unbounded = found(re!(VAGUE))
            .map(|(s, m)| {
                stated(s, m, format!("{} '{}' has no time bound; the reference is {want}", p.label, m.as_str()))
            })
            .or_else(|| {
                let (s, m) = found(re!(PLACEHOLDER))?;
                Some(stated(s, m, format!("{} is left blank ('{}'); the reference is {want}", p.label, m.as_str())))
            })
            .unwrap_or_else(|| {
                let at = sentences.first().map_or(0, |s| s.0);
                Evidence::absent(kind, at, format!("no {} is stated; the reference is {want}", p.label))
            });
        weak.push(unbounded.for_param(&p.id));
    }
    (weak, deviating)
}

/// Whether a sentence states parameter `pi` in words that meet it without a
/// number (its `met_by` phrases: "Customer may assess ... at any time").
fn met_without_number(cx: &Cx, pi: usize, sentences: &[(usize, usize)]) -> bool {
    let phrases = &cx.term.param_met_by[pi];
    !phrases.is_empty()
        && sentences.iter().any(|&sentence| phrases.iter().any(|q| q.find_from(cx.tokens(sentence), 0).is_some()))
}

/// The parameter a quantity measures: same quantity kind, and a `when`
/// qualifier picks between variants. A qualifier right after a number belongs
/// to it ("within 15 days for critical vulnerabilities"); one before it counts
/// only if no earlier number already took it ("critical: 15 days; all other
/// patches: 60 days").
fn select_param(
    cx: &Cx,
    params: &[ParamSpec],
    f: &Found,
    prev_end: usize,
    next_start: usize,
    consumed: &mut Vec<usize>,
) -> Option<usize> {
    let toks = &cx.ix.tokens;
    let para = cx.ix.para_tokens[cx.ix.paragraph_of_token(f.token)];
    let candidates: Vec<usize> = (0..params.len()).filter(|&i| params[i].quantity == f.quantity).collect();
    let qualifier_at = |i: usize, range: std::ops::Range<usize>| {
        range.into_iter().find(|&t| {
            t < toks.len()
                && !consumed.contains(&t)
                && !(t > 0 && matches!(toks[t - 1].stem.as_str(), "other" | "remain" | "non"))
                && cx.term.param_when[i].iter().any(|q| q.match_at(toks, t).is_some())
        })
    };
    // The words after a number qualify it up to the next conjunction: in
    // "within 30 days, and of every critical vulnerability within 72 hours"
    // the "critical" is the next figure's.
    let after_end = next_start.min(f.token + 12).min(para.1);
    let conjunction = (f.token + 1..after_end)
        .filter(|_| next_start < f.token + 12)
        .find(|&t| t < toks.len() && matches!(toks[t].stem.as_str(), "and" | "or" | "but" | "while" | "whilst"));
    let after = f.token + 1..conjunction.unwrap_or(after_end);
    let before = prev_end.max(f.token.saturating_sub(14)).max(para.0)..f.token;
    for range in [after, before] {
        for &i in candidates.iter().filter(|&&i| !params[i].when.is_empty()) {
            if let Some(t) = qualifier_at(i, range.clone()) {
                consumed.push(t);
                return Some(i);
            }
        }
    }
    candidates.iter().copied().find(|&i| params[i].when.is_empty()).or(candidates.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Tokenizer;

    fn q(text: &str) -> Vec<(Quantity, f64, Unit)> {
        let toks = Tokenizer::plain().tokens(text, 0);
        quantities(&toks, 0, toks.len(), text).into_iter().map(|f| (f.quantity, f.value, f.unit)).collect()
    }

    #[test]
    fn a_placeholder_is_a_blank_period_and_a_bracketed_name_is_not() {
        static CELL: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
        let blank = |t: &str| crate::analysis::re(&CELL, PLACEHOLDER).find(t).map(|m| m.as_str().to_string());
        assert_eq!(blank("within [X] days of discovery").as_deref(), Some("[X] days"));
        assert_eq!(blank("within __ hours").as_deref(), Some("__ hours"));
        assert_eq!(blank("at least [SPECIFY TIME PERIOD] before").as_deref(), Some("[SPECIFY TIME PERIOD]"));
        assert_eq!(blank("within [●] business days").as_deref(), Some("[●] business days"));
        assert_eq!(blank("the Network Time Protocol [NTP] server"), None);
        assert_eq!(blank("as set out in [Section 5] above"), None);
    }

    #[test]
    fn reads_durations_money_and_crypto() {
        assert_eq!(q("within seventy-two (72) hours"), [(Quantity::Duration, 72.0, Unit::Hours)]);
        assert_eq!(q("within 30 minutes of identification"), [(Quantity::Duration, 30.0, Unit::Minutes)]);
        assert_eq!(q("within ten (10) business days"), [(Quantity::Duration, 10.0, Unit::BusinessDays)]);
        assert_eq!(q("not less than $5,000,000 per claim"), [(Quantity::Money, 5e6, Unit::Usd)]);
        assert_eq!(q("five million dollars"), [(Quantity::Money, 5e6, Unit::Usd)]);
        assert_eq!(q("tested annually"), [(Quantity::Duration, 12.0, Unit::Months)]);
        assert_eq!(
            q("using AES-128 and TLS 1.2"),
            [(Quantity::AesBits, 128.0, Unit::Bits), (Quantity::TlsVersion, 1.2, Unit::Version)]
        );
        assert_eq!(q("Transport Layer Security version 1.0 or higher"), [(Quantity::TlsVersion, 1.0, Unit::Version)]);
    }
}
