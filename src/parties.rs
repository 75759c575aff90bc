//! Who is the MDM (supplier) and who is the HDO (customer): learned from the
//! preamble (`Acme Medical, Inc. ("Vendor")`) and definitions
//! (`"Vendor" means ...`), overridable with `--party mdm=Seller`.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use crate::model::Parties;
use crate::reference::Role;

/// Role words that name the MDM or the HDO when a contract uses them as party names.
const MDM_WORDS: &[&str] = &[
    "supplier",
    "vendor",
    "seller",
    "manufacturer",
    "licensor",
    "contractor",
    "provider",
    "service provider",
    "mdm",
    "consultant",
    "distributor",
    "reseller",
    "developer",
    "lessor",
];
const HDO_WORDS: &[&str] = &[
    "customer",
    "buyer",
    "purchaser",
    "hospital",
    "health system",
    "facility",
    "member",
    "licensee",
    "client",
    "hdo",
    "clinic",
    "medical center",
    "institution",
    "healthcare provider",
    "owner",
    "participant",
    "lessee",
    "organization",
    "practice",
    "system",
    "authority",
    "trust",
];

fn role_of_word(word: &str) -> Option<Role> {
    let w = word.to_lowercase();
    let w = w.trim();
    if MDM_WORDS.contains(&w) {
        Some(Role::Mdm)
    } else if HDO_WORDS.contains(&w) {
        Some(Role::Hdo)
    } else {
        None
    }
}

/// Guesses a role from free text (a definition or the words around a name).
fn role_from_context(text: &str) -> Option<Role> {
    let t = text.to_lowercase();
    let score = |words: &[&str]| words.iter().filter(|w| w.len() > 4 && t.contains(*w)).count();
    let mdm = score(MDM_WORDS)
        + ["manufactur", "sells", "device maker", "supplies"].iter().filter(|w| t.contains(*w)).count();
    let hdo = score(HDO_WORDS)
        + ["healthcare", "health care", "hospital", "purchases", "patient"].iter().filter(|w| t.contains(*w)).count();
    match mdm.cmp(&hdo) {
        std::cmp::Ordering::Greater => Some(Role::Mdm),
        std::cmp::Ordering::Less => Some(Role::Hdo),
        std::cmp::Ordering::Equal => None,
    }
}

/// The preamble pattern `NAME \(ALIAS`, split at its `\(`:
/// `Acme Medical, Inc., a Delaware corporation ("Vendor")`.
struct Intro {
    /// Everything before the `(`, anchored at the end (`\z`).
    name: Regex,
    /// The `("Vendor"` part, anchored at the start.
    alias: Regex,
}

/// Lazy-DFA cache of the name pattern: with the default 2 MiB its states for
/// the counted gap did not fit and were rebuilt for every preamble (measured:
/// 4 MiB halves the cost; 8 MiB leaves a margin).
const NAME_DFA_BYTES: usize = 8 << 20;

fn patterns() -> &'static (Intro, Regex) {
    static RE: OnceLock<(Intro, Regex)> = OnceLock::new();
    RE.get_or_init(|| {
        (
            Intro {
                // Acme Medical, Inc., a Delaware corporation
                name: regex::RegexBuilder::new(r#"(?:^|[\s,;:])((?:[A-Z][\w&'.-]*,?\s+){0,6}?[A-Z][\w&'.-]*(?:,?\s+(?:Inc|LLC|Ltd|Corp|Corporation|Company|GmbH|AG|plc|L\.P|LLP|N\.A|S\.A)\.?)?)\s*,?\s*(?:an?\s+[^()"“]{0,120}?)?\z"#).dfa_size_limit(NAME_DFA_BYTES).build().unwrap(),
                // ("Vendor"
                alias: Regex::new(r#"^\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+)?|the\s+)?(?:the\s+)?["“']([A-Z][\w ]{1,30}?)["”']"#).unwrap(),
            },
            // "Vendor" means / shall mean / refers to (the definition: see `definitions`)
            Regex::new(r#"["“]([A-Z][\w ]{1,30}?)["”]\s+(?:means|shall mean|refers to|is defined as)\s+"#).unwrap(),
        )
    })
}

/// A preamble naming: the whole match, the name and the alias (byte ranges).
type Naming = (Range<usize>, Range<usize>, Range<usize>);

impl Intro {
    /// The matches `NAME\s*,?\s*(?:an?\s+[^()"“]{0,120}?)?\(ALIAS` would find,
    /// one after the other, in `text`. Nothing before the `(` can hold a `(`,
    /// so a match starting at `s` uses the first `(` after `s`: only a `(`
    /// followed by an alias is tried, with the name anchored to end there and
    /// starting after the previous `(`. As one regex, the lazy DFA kept
    /// building states for the counted gap and the search tried every `(`.
    fn find_all(&self, text: &str) -> Vec<Naming> {
        let mut out = Vec::new();
        let (mut at, mut after_paren) = (0, 0);
        for (p, _) in text.match_indices('(') {
            let from = at.max(after_paren);
            after_paren = p + 1;
            if p < from {
                continue;
            }
            let Some(alias) = self.alias.captures(&text[p..]) else { continue };
            let Some(name) = self.name.captures_at(&text[..p], from) else { continue };
            let (start, end) = (name.get(0).unwrap().start(), p + alias.get(0).unwrap().end());
            let (name, alias) = (name.get(1).unwrap().range(), alias.get(1).unwrap().range());
            out.push((start..end, name, p + alias.start..p + alias.end));
            at = end;
        }
        out
    }
}

/// The defined terms of `text` with their definitions: what
/// `DEFINED\s+([^.]{0,240})` would capture, without the counted repetition
/// (which made the lazy DFA build states for every definition it read). The
/// greedy tail always matches, so it is simply the text up to the next `.`,
/// at most 240 characters.
fn definitions<'t>(defined: &Regex, text: &'t str) -> Vec<(&'t str, &'t str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = defined.captures_at(text, at) {
        let start = c.get(0).unwrap().end();
        let rest = &text[start..];
        let len = rest.char_indices().nth(240).map_or(rest.len(), |(i, _)| i);
        let len = rest[..len].find('.').unwrap_or(len);
        out.push((c.get(1).unwrap().as_str(), &rest[..len]));
        at = start + len;
    }
    out
}

/// Learns party names from the first paragraphs and the definitions.
pub fn detect(paragraphs: &[&str]) -> Parties {
    let (intro, defs) = patterns();
    let mut found: Vec<(String, Option<String>, Option<Role>)> = Vec::new();
    // The patterns are costly; only paragraphs that can hold a definition are tried.
    let may_name = |t: &&&str| {
        t.contains("(\"") || t.contains("(“") || t.contains("('") || t.contains("(the") || t.contains("(here")
    };
    for text in paragraphs.iter().take(40).filter(may_name) {
        for (whole, name, alias) in intro.find_all(text) {
            let name = text[name].trim().trim_end_matches(',').to_string();
            let alias = text[alias].trim().to_string();
            let role = role_of_word(&alias).or_else(|| role_of_word(&name)).or_else(|| role_from_context(&text[whole]));
            found.push((alias, Some(name), role));
        }
    }
    let may_define = |t: &&&str| t.contains(" mean") || t.contains(" refers to") || t.contains(" is defined");
    for text in paragraphs.iter().filter(may_define) {
        for (alias, def) in definitions(defs, text) {
            let alias = alias.trim().to_string();
            if let Some(role) =
                role_of_word(&alias).or_else(|| is_party_definition(def).then(|| role_from_context(def)).flatten())
            {
                if !found.iter().any(|f| f.0 == alias) {
                    found.push((alias, None, Some(role)));
                }
            }
        }
    }
    // A party named without a role word takes the role the other one left.
    let known: Vec<Role> = found.iter().filter_map(|f| f.2).collect();
    for f in found.iter_mut().filter(|f| f.2.is_none()) {
        f.2 = match (known.contains(&Role::Mdm), known.contains(&Role::Hdo)) {
            (true, false) => Some(Role::Hdo),
            (false, true) => Some(Role::Mdm),
            _ => None,
        };
    }
    let mut parties = Parties::default();
    for (alias, name, role) in found {
        let list = match role {
            Some(Role::Mdm) => &mut parties.mdm,
            Some(Role::Hdo) => &mut parties.hdo,
            None => continue,
        };
        for n in std::iter::once(alias).chain(name) {
            if !list.contains(&n) {
                list.push(n);
            }
        }
    }
    parties
}

/// A definition that names a party starts by naming an entity or a role
/// ("the manufacturer of ...", "Acme, Inc. and its affiliates"), unlike
/// `"Security Incident" means any ... access to Customer's data`.
fn is_party_definition(def: &str) -> bool {
    let head: Vec<String> = def.split_whitespace().take(5).map(|w| w.to_lowercase()).collect();
    let head = head.join(" ");
    ["inc", "llc", "corporation", "party", "affiliates", "entity"].iter().any(|w| head.contains(w))
        || MDM_WORDS.iter().chain(HDO_WORDS).any(|w| w.len() > 4 && head.contains(w))
}

/// Names used for matching: detected names, overrides, and the generic role
/// words not claimed by the other party.
pub fn matching_names(detected: &Parties, overrides: &Parties) -> Parties {
    let mut out = Parties {
        mdm: if overrides.mdm.is_empty() { detected.mdm.clone() } else { overrides.mdm.clone() },
        hdo: if overrides.hdo.is_empty() { detected.hdo.clone() } else { overrides.hdo.clone() },
    };
    let claimed = |list: &[String], w: &str| list.iter().any(|n| n.eq_ignore_ascii_case(w));
    for w in MDM_WORDS.iter().take(8) {
        if !claimed(&out.hdo, w) && !claimed(&out.mdm, w) {
            out.mdm.push(capitalise(w));
        }
    }
    for w in HDO_WORDS.iter().take(10) {
        if !claimed(&out.mdm, w) && !claimed(&out.hdo, w) {
            out.hdo.push(capitalise(w));
        }
    }
    out
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preamble_and_definitions() {
        let p = detect(&[
            "This Agreement is made between Acme Medical, Inc., a Delaware corporation (\"Vendor\"), and St. Mary Health System (the “Hospital”).",
            "\"Company\" means the manufacturer of the Products.",
        ]);
        assert_eq!(p.mdm, ["Vendor", "Acme Medical, Inc.", "Company"]);
        assert_eq!(p.hdo[0], "Hospital");
    }

    /// The split patterns find what the single patterns they replace found.
    #[test]
    fn split_patterns_match_the_single_ones() {
        let intro = Regex::new(r#"(?:^|[\s,;:])((?:[A-Z][\w&'.-]*,?\s+){0,6}?[A-Z][\w&'.-]*(?:,?\s+(?:Inc|LLC|Ltd|Corp|Corporation|Company|GmbH|AG|plc|L\.P|LLP|N\.A|S\.A)\.?)?)\s*,?\s*(?:an?\s+[^()"“]{0,120}?)?\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+)?|the\s+)?(?:the\s+)?["“']([A-Z][\w ]{1,30}?)["”']"#).unwrap();
        let defs =
            Regex::new(r#"["“]([A-Z][\w ]{1,30}?)["”]\s+(?:means|shall mean|refers to|is defined as)\s+([^.]{0,240})"#)
                .unwrap();
        let long = "x".repeat(300);
        let texts = [
            "This Agreement (this “Agreement”) is made as of May 1 (the “Effective Date”) by and between Acme Medical, Inc., a Delaware corporation having its office at 1 Main St., Boston (hereinafter “Vendor”), and St. Mary Health System, a nonprofit (“Hospital”).".to_string(),
            "Between Zeta Devices LLC (\"Zeta\") and Northwind Clinic (\"Customer\"), (the 'Buyer') (Ä Co (\"Seller\")".to_string(),
            "(\"Vendor\") Acme ( Acme (the \"Vendor\") and Société Générale S.A., an entity (\"Customer\")".to_string(),
            format!("\"Vendor\" means Acme, Inc. and its affiliates. \"Customer\" refers to {long}. \"Data\" is defined as data"),
        ];
        let (split, defined) = patterns();
        for t in &texts {
            let want: Vec<Naming> = intro
                .captures_iter(t)
                .map(|c| (c.get(0).unwrap().range(), c.get(1).unwrap().range(), c.get(2).unwrap().range()))
                .collect();
            assert_eq!(split.find_all(t), want, "{t}");
            let want: Vec<(&str, &str)> =
                defs.captures_iter(t).map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str())).collect();
            assert_eq!(definitions(defined, t), want, "{t}");
        }
    }

    #[test]
    fn neutral_alias_takes_remaining_role() {
        let p = detect(&["Between Zeta Devices LLC (\"Zeta\") and Northwind Clinic (\"Customer\")."]);
        assert_eq!(p.mdm[0], "Zeta");
        assert_eq!(p.hdo[0], "Customer");
    }
}
