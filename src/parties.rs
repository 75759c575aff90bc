//! Who is the MDM (supplier) and who is the HDO (customer): learned from the
//! preamble (`Acme Medical, Inc. ("Vendor")`) and definitions
//! (`"Vendor" means ...`), overridable with `--party mdm=Seller`.

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

fn patterns() -> &'static (Regex, Regex) {
    static RE: OnceLock<(Regex, Regex)> = OnceLock::new();
    RE.get_or_init(|| {
        (
            // Acme Medical, Inc., a Delaware corporation ("Vendor")
            Regex::new(r#"(?:^|[\s,;:])((?:[A-Z][\w&'.-]*,?\s+){0,6}?[A-Z][\w&'.-]*(?:,?\s+(?:Inc|LLC|Ltd|Corp|Corporation|Company|GmbH|AG|plc|L\.P|LLP|N\.A|S\.A)\.?)?)\s*,?\s*(?:an?\s+[^()"“]{0,120}?)?\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+)?|the\s+)?(?:the\s+)?["“']([A-Z][\w ]{1,30}?)["”']"#).unwrap(),
            // "Vendor" means / shall mean / refers to ...
            Regex::new(r#"["“]([A-Z][\w ]{1,30}?)["”]\s+(?:means|shall mean|refers to|is defined as)\s+([^.]{0,240})"#).unwrap(),
        )
    })
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
        for c in intro.captures_iter(text) {
            let name = c[1].trim().trim_end_matches(',').to_string();
            let alias = c[2].trim().to_string();
            let role = role_of_word(&alias).or_else(|| role_of_word(&name)).or_else(|| role_from_context(&c[0]));
            found.push((alias, Some(name), role));
        }
    }
    let may_define = |t: &&&str| t.contains(" mean") || t.contains(" refers to") || t.contains(" is defined");
    for text in paragraphs.iter().filter(may_define) {
        for c in defs.captures_iter(text) {
            let alias = c[1].trim().to_string();
            if let Some(role) =
                role_of_word(&alias).or_else(|| is_party_definition(&c[2]).then(|| role_from_context(&c[2])).flatten())
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

    #[test]
    fn neutral_alias_takes_remaining_role() {
        let p = detect(&["Between Zeta Devices LLC (\"Zeta\") and Northwind Clinic (\"Customer\")."]);
        assert_eq!(p.mdm[0], "Zeta");
        assert_eq!(p.hdo[0], "Customer");
    }
}
