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
/// Role names of public procurement, data-protection and privacy terms
/// (FAR/DFARS, EU processor clauses, business associate agreements), read as
/// the parties' roles like the generic words above, unless the document
/// gives the word to the other party.
const MDM_ROLES: &[&str] = &["processor", "business associate"];
const HDO_ROLES: &[&str] = &["government", "acquirer", "agency", "controller", "covered entity", "contracting officer"];
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

fn definition_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // "Vendor" means / shall mean / refers to ...
        // (The definition itself is cut by hand: a `[^.]{0,240}` tail made the
        // lazy DFA build states for every paragraph.)
        Regex::new(&format!(
            r#"["“]([A-Z][{NAME_CHAR} ]{{1,30}}?)["”]\s+(?:means|shall mean|refers to|is defined as)\s+"#
        ))
        .expect("valid")
    })
}

fn alias_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A quoted capitalised name inside a parenthesis: "Vendor", “Acme”, 'Buyer'.
    RE.get_or_init(|| Regex::new(&format!(r#"["“‘']([A-Z][{NAME_CHAR}&.\- ]{{0,40}}?)["”’']"#)).expect("valid"))
}

/// Letters of a defined name: ASCII and Latin-1 word characters ("Société").
/// Unicode `\w` would do too, but costs milliseconds of start-up to compile.
const NAME_CHAR: &str = "0-9A-Za-z_À-ÖØ-öø-ÿ";

/// A party learned from the document: its alias, its full name, its role.
type Named = (String, Option<String>, Option<Role>);

/// Learns party names from the first paragraphs and the definitions.
pub fn detect(paragraphs: &[&str]) -> Parties {
    let mut found: Vec<Named> = Vec::new();
    for text in paragraphs.iter().take(40) {
        for named in preamble_names(text) {
            if !found.iter().any(|f| f.0 == named.0) {
                found.push(named);
            }
        }
    }
    // One pass over each paragraph instead of one per phrase.
    static DEFINES: OnceLock<Regex> = OnceLock::new();
    let defines = DEFINES.get_or_init(|| Regex::new(" (?:mean|refers to|is defined)").expect("valid"));
    let may_define = |t: &&&str| defines.is_match(t);
    for text in paragraphs.iter().filter(may_define) {
        for c in definition_pattern().captures_iter(text) {
            let alias = c[1].trim().to_string();
            let def = definition_text(&text[c.get(0).map_or(0, |m| m.end())..]);
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

/// The definition after "means": up to the first full stop, at most 240 bytes.
fn definition_text(rest: &str) -> &str {
    let mut end = rest.find('.').unwrap_or(rest.len()).min(240);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    &rest[..end]
}

/// Parties introduced in a preamble: `between Acme Medical, Inc., a Delaware
/// corporation (together with its Affiliates, "Vendor"), and St. Mary Health
/// System (the “Hospital”)`. Each parenthesis holding quoted capitalised
/// aliases closes the description that began after the previous one; the
/// entity's name is the capitalised run after its connector ("between", "and").
/// A parenthesis like `(this "Agreement")` names no party: its alias is no role
/// word and no entity name precedes it.
fn preamble_names(text: &str) -> Vec<Named> {
    let mut out = Vec::new();
    if !text.contains('(') {
        return out;
    }
    let mut described_from = 0;
    for (open, close) in parentheses(text) {
        let inner = &text[open + 1..close];
        let aliases: Vec<&str> =
            alias_pattern().captures_iter(inner).map(|c| c.get(1).map_or("", |m| m.as_str().trim())).collect();
        if aliases.is_empty() {
            continue;
        }
        let (from, description) = (described_from, &text[described_from..open]);
        described_from = close + 1;
        let (name, introduced) = entity_name(description);
        for alias in aliases.into_iter().filter(|a| !names_no_party(a)) {
            // `Licensor warrants ... (the "Warranty Period")`: a name not
            // introduced as a party lends no role to the alias.
            let from_name = || if introduced { name.as_deref().and_then(role_of_word) } else { None };
            // The words around the name, not the name: "Keystone Clinical
            // Systems" or "Stratus Patient Monitoring" say nothing of the role.
            let around = || without_address(&text[from..close].replace(name.as_deref().unwrap_or("\u{0}"), " "));
            let from_context = || if introduced { role_from_context(&around()) } else { None };
            let role = role_of_word(alias).or_else(from_name).or_else(from_context);
            if role.is_some() || introduced {
                out.push((alias.to_string(), name.clone(), role));
            }
        }
    }
    out
}

/// A party's description without its street address: "at 3182 Hospital
/// Drive" or "located at 1 Medical Center Way" says nothing of its role.
fn without_address(description: &str) -> String {
    static AT: OnceLock<Regex> = OnceLock::new();
    let at = AT.get_or_init(|| Regex::new(r"\bat\s+\d[^()]*").expect("valid"));
    at.replace_all(description, " ").into_owned()
}

/// Byte ranges of the top-level parentheses of a text.
fn parentheses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((open, i));
                }
            }
            _ => {}
        }
    }
    out
}

/// The last sentence of a text; "St. Brigid" or "Inc. (" do not end one.
fn last_sentence(text: &str) -> &str {
    let ends = text.match_indices(". ").map(|(i, _)| i).filter(|&i| {
        let word = text[..i].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        word.len() > 3 && word.ends_with(|c: char| c.is_lowercase()) && !is_suffix(word)
    });
    ends.last().map_or(text, |i| &text[i + 2..])
}

/// Aliases that name the document or a defined period, never a party.
fn names_no_party(alias: &str) -> bool {
    let last = alias.rsplit(' ').next().unwrap_or(alias).to_lowercase();
    [
        "agreement",
        "date",
        "contract",
        "period",
        "term",
        "products",
        "product",
        "services",
        "order",
        "orders",
        "schedule",
        "exhibit",
        "addendum",
        "amendment",
        "specifications",
        "data",
        "information",
    ]
    .contains(&last.as_str())
}

/// Corporate suffixes that end an entity's name.
const SUFFIXES: &[&str] = &[
    "inc",
    "llc",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "company",
    "co",
    "gmbh",
    "ag",
    "plc",
    "lp",
    "l.p",
    "llp",
    "n.a",
    "s.a",
    "sa",
    "bv",
    "b.v",
    "nv",
    "n.v",
    "pllc",
    "pc",
];

/// "Inc.", "LLC,", "Corporation": a word that ends an entity's name.
fn is_suffix(word: &str) -> bool {
    SUFFIXES.contains(&word.trim_end_matches(',').trim_end_matches('.').to_lowercase().as_str())
}

/// Words after which "by" or "with" introduces a party to the agreement.
const AGREEMENT_WORDS: &[&str] = &[
    "agreement",
    "contract",
    "order",
    "addendum",
    "amendment",
    "license",
    "terms",
    "into",
    "made",
    "executed",
    "entered",
    "signed",
    "concluded",
];

/// Small words allowed inside a name ("Bank of America", "Johnson & Johnson").
const NAME_JOINERS: &[&str] = &["of", "and", "for", "the", "&", "de", "du", "der", "la"];

/// The entity named by a party's description (`, and Cedar Plains Health
/// Network, a nonprofit corporation organized under ...`), and whether it is
/// introduced as a party (after "between", "among" or "and", after "by" or
/// "with" following the agreement or its making, or ending with a corporate
/// suffix).
fn entity_name(description: &str) -> (Option<String>, bool) {
    // Only the last sentence describes the party: `Product Warranty. Company warrants ...`.
    let words: Vec<&str> = last_sentence(description).split_whitespace().collect();
    // "and" joins parties after a comma or a parenthesis ("..., and Bayview
    // Hospital"), not words of a title ("Purchase and Services Agreement").
    // "by" and "with" introduce a party only after the agreement or its
    // making ("entered into by", "Agreement with"), not in "a Person with
    // Chronic Illness" or "certified by the Radio Equipment Board".
    let after_agreement = |i: usize| {
        i > 0
            && AGREEMENT_WORDS
                .contains(&words[i - 1].trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str())
    };
    let connector = |i: usize| match words[i].to_lowercase().as_str() {
        "between" | "among" => true,
        "by" | "with" => after_agreement(i),
        "and" => i == 0 || words[i - 1].ends_with([',', ')']) || words[i - 1].eq_ignore_ascii_case("by"),
        _ => false,
    };
    let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    let after_connector = |i: usize| {
        (i > 0 && connector(i - 1)) || (i > 1 && words[i - 1].eq_ignore_ascii_case("the") && connector(i - 2))
    };
    let start = (0..words.len()).rev().find(|&i| after_connector(i) && capital(words[i]));
    let introduced = start.is_some();
    let first = start.unwrap_or(0);
    let mut name: Vec<&str> = Vec::new();
    let clause_number = |w: &str| w.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '(' || c == ')');
    let first = first + words[first..].iter().take_while(|w| clause_number(w)).count();
    for (k, &w) in words.iter().enumerate().skip(first) {
        let bare = w.trim_end_matches(',').trim_end_matches('.').to_lowercase();
        let joiner = NAME_JOINERS.contains(&bare.as_str()) && words[k + 1..].iter().take(2).any(|n| capital(n));
        if !(capital(w) || joiner || (is_suffix(w) && !name.is_empty())) || name.len() >= 10 {
            break;
        }
        name.push(w);
        if w.ends_with(',') && !words.get(k + 1).is_some_and(|n| is_suffix(n)) {
            break;
        }
    }
    let text = name.join(" ");
    let text = text.trim_end_matches(',').trim();
    let has_suffix = name.len() > 1 && name.last().is_some_and(|w| is_suffix(w));
    let text = if has_suffix { text.to_string() } else { text.trim_end_matches('.').to_string() };
    if text.is_empty() {
        (None, false)
    } else {
        (Some(text), introduced || has_suffix)
    }
}

/// A definition that names a party starts by naming an entity or a role
/// ("the manufacturer of ...", "Acme, Inc. and its affiliates"), unlike
/// `"Security Incident" means any ... access to Customer's data` or
/// `"Customer Data" means all data, including ...`.
fn is_party_definition(def: &str) -> bool {
    let head: Vec<String> = def
        .split_whitespace()
        .take(6)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.').to_lowercase())
        .collect();
    let entity = head.iter().any(|w| {
        SUFFIXES.contains(&w.trim_end_matches('.')) || ["party", "affiliates", "entity", "person"].contains(&w.as_str())
    });
    // "means the purchaser named in ...", not "means rendering Buyer Data
    // irrecoverable": a role word that owns the next noun is no party.
    // Nor one that an activity follows: "means the practice of examining
    // ..." names what is done, not who does it.
    let words: Vec<&str> = def.split_whitespace().take(4).collect();
    let activity =
        |i: usize| head.get(i + 1).is_some_and(|w| w == "of") && head.get(i + 2).is_some_and(|w| w.ends_with("ing"));
    let owns_next = |i: usize| {
        words[i].ends_with("'s")
            || words[i].ends_with("’s")
            || words.get(i + 1).is_some_and(|n| n.starts_with(|c: char| c.is_uppercase()))
            || activity(i)
    };
    let role = head.iter().take(3).enumerate().any(|(i, w)| role_of_word(w).is_some() && !owns_next(i));
    entity || role
}

/// Names used for matching: detected names, overrides, and the generic role
/// words not claimed by the other party.
/// Defined terms for the customer's data: `"Protected Data" means personal
/// data and any other data of Customer or of patients ...`. The name's last
/// word is kept when it is read ("Protected Data" reads as "hdo data"), see
/// `text::Aliases`.
pub fn customer_data_terms(paragraphs: &[&str]) -> Vec<String> {
    static DEF: OnceLock<Regex> = OnceLock::new();
    static WHOSE: OnceLock<Regex> = OnceLock::new();
    // The defined name and "means"; what the definition says is the up to
    // 300 characters after it short of a `.` or `;` (see `definition_body`).
    let def = DEF.get_or_init(|| {
        Regex::new(r#"[“"]((?:[A-Z][\w-]*\s+){0,3}(?:Data|Information|Records))[”"]\s+(?:shall\s+)?means?\b"#)
            .expect("valid")
    });
    let whose = WHOSE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(?:patients?|personal|health|customer|hospital|buyer|purchaser|member|facility|licensee|client)\b",
        )
        .expect("valid")
    });
    let mut out: Vec<String> = Vec::new();
    // Most paragraphs define nothing; substring tests spare the regex. Its
    // match must hold " mean" and a name's last word before the closing quote.
    const NAME_ENDS: &[&str] = &["Data”", "Data\"", "Information”", "Information\"", "Records”", "Records\""];
    let defines = |p: &&&str| p.contains(" mean") && NAME_ENDS.iter().any(|n| p.contains(n));
    for p in paragraphs.iter().filter(defines) {
        let mut at = 0;
        while let Some(c) = def.captures_at(p, at) {
            let start = c.get(0).map_or(at, |m| m.end());
            let body = definition_body(&p[start..]);
            // As `captures_iter` did: the next search starts after the body.
            at = start + body.len();
            let name = c[1].trim().to_string();
            if whose.is_match(body) && name.split_whitespace().count() >= 2 && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// The start of `rest` up to 300 characters, stopping before a `.` or `;`:
/// what `([^.;]{0,300})` after the defined name would capture, greedily. As a
/// loop rather than in the pattern: a bounded repeat of a Unicode class made
/// the pattern's automaton hundreds of times larger, and its captures cost
/// more than the rest of party detection.
fn definition_body(rest: &str) -> &str {
    let end = rest.char_indices().enumerate().find(|&(n, (_, c))| n == 300 || c == '.' || c == ';');
    &rest[..end.map_or(rest.len(), |(_, (i, _))| i)]
}

pub fn matching_names(detected: &Parties, overrides: &Parties) -> Parties {
    let mut out = Parties {
        mdm: if overrides.mdm.is_empty() { detected.mdm.clone() } else { overrides.mdm.clone() },
        hdo: if overrides.hdo.is_empty() { detected.hdo.clone() } else { overrides.hdo.clone() },
    };
    let claimed = |list: &[String], w: &str| list.iter().any(|n| n.eq_ignore_ascii_case(w));
    for w in MDM_WORDS.iter().take(8).chain(MDM_ROLES) {
        if !claimed(&out.hdo, w) && !claimed(&out.mdm, w) {
            out.mdm.push(capitalise(w));
        }
    }
    for w in HDO_WORDS.iter().take(10).chain(HDO_ROLES) {
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
    fn descriptions_and_parenthetical_qualifiers() {
        let p = detect(&[
            "This Member Supply Agreement (this \"Agreement\") is entered into as of July 23, 2026 (the \"Effective Date\") by and between Silverline Dialysis Holdings, Inc., a corporation organized under the laws of the State of Texas, having its principal place of business at 9162 Commerce Drive, Austin, Texas (hereinafter \"Manufacturer\"), and Cedar Plains Health Network, a nonprofit corporation organized under the laws of the State of Minnesota (together with its Affiliates, \"Member\").",
            "\"Member Data\" shall mean all data, including protected health information, created by Manufacturer on behalf of Member.",
            "\"Services\" means the services provided by Manufacturer to Member.",
        ]);
        assert_eq!(p.mdm, ["Manufacturer", "Silverline Dialysis Holdings, Inc."]);
        assert_eq!(p.hdo, ["Member", "Cedar Plains Health Network"]);
    }

    #[test]
    fn several_aliases_for_one_party() {
        let p = detect(&["Agreement between Orion Surgical GmbH (“Orion” or “Supplier”) and the Board of Regents of the University of Iowa (“University”)."]);
        assert_eq!(p.mdm, ["Orion", "Orion Surgical GmbH", "Supplier"]);
        assert_eq!(p.hdo, ["University", "Board of Regents of the University of Iowa"]);
    }

    #[test]
    fn street_address_and_owned_data_lend_no_role() {
        let p = detect(&[
            "This Agreement is made between Zeta Devices, Inc., a Texas corporation with its principal place of business at 12 Hospital Drive, Austin, TX 70000 (\"Company\"), and Lake Clinic (\"Buyer\").",
            "\"Wiping\" means rendering Buyer Data on any medium irrecoverable.",
            "\"Log Review\" means the practice of examining, sorting and keeping system records.",
        ]);
        assert_eq!(p.mdm[0], "Company");
        // Nor does a role word with "of" after it: an activity, not a medical practice.
        assert!(!p.hdo.iter().any(|n| ["Company", "Wiping", "Log Review"].contains(&n.as_str())), "{:?}", p.hdo);
    }

    #[test]
    fn by_and_with_introduce_parties_only_to_an_agreement() {
        let p = detect(&[
            "This Agreement is entered into by Quill Devices, Inc. (\"Quill\") and Lake Clinic (\"Clinic\").",
            "We collect readings from a Person with Chronic Illness (\"PCI\") and from devices certified by the Radio Equipment Board (\"REB\").",
        ]);
        assert_eq!(p.mdm, ["Quill", "Quill Devices, Inc."]);
        assert_eq!(p.hdo, ["Clinic", "Lake Clinic"]);
        let p = detect(&["Service Agreement with Quill Devices, Inc. (\"Supplier\")."]);
        assert_eq!(p.mdm, ["Supplier", "Quill Devices, Inc."]);
    }

    #[test]
    fn neutral_alias_takes_remaining_role() {
        let p = detect(&["Between Zeta Devices LLC (\"Zeta\") and Northwind Clinic (\"Customer\")."]);
        assert_eq!(p.mdm[0], "Zeta");
        assert_eq!(p.hdo[0], "Customer");
    }
}
