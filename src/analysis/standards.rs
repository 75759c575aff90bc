//! **Another standard** (a deviation, not a weakening kind): the provision
//! names standards or mechanisms, and none of them is one the reference
//! names ("certified against ISO/IEC 27034-1 and OWASP SAMM" where the
//! reference names IEC 81001-5-1; "the cryptographic mechanisms of BSI
//! TR-02102" where it names AES and TLS; EU MDR where it names FDA law).
//!
//! Why it matters: the clause may be as strong as the reference, or not;
//! a reviewer has to compare the two standards, so the term is reported
//! as deviating rather than conformant or weakened.
//!
//! Example: `Supplier shall develop the Products under an application security process certified against ISO/IEC 27034-1`.
//!
//! Use instead: `Supplier shall develop the Products under a secure development lifecycle conforming to IEC 81001-5-1`.

use super::Cx;
use crate::memo::{cached_by_id, IdMemo};
use crate::model::Evidence;

/// Names of standards, laws and mechanisms a security clause may cite.
const NAMES: &str = r"\b(?:(?:ISO/IEC|ISO|IEC\s+TR|IEC|NIST\s+SP|NIST|BSI\s+TR|ETSI\s+EN|IMDRF|MDCG|FIPS\)?|AAMI\s+TIR|ANSI|UL)\s*-?\s*[A-Z]{0,3}\d[\d.\-/:]*\d|(?:Implementing\s+)?(?:Regulation|Directive)\s+\(EU\)\s+\d{4}/\d+|BSI\s+Technical\s+Guideline\s+TR[\s-]?\d[\d-]*|IMDRF(?:/CYBER\s+WG/N\d+)?|NIS\s*2|(?:section\s+)?524B|HIPAA|GDPR|HITRUST|SOC\s*2|SPDX|CycloneDX|MDS2|AES|TLS|IPsec|ChaCha20|syslog|CEF|ATNA|SAMM|OWASP|Common\s+Criteria|FD&C|FDA|Privacy\s+Act|FISMA|FedRAMP|Federal\s+Information\s+Security\s+(?:Modernization|Management)\s+Act|Special\s+Publication\s+\d[\d.\-]*\d|DISA\s+STIG|Security\s+Technical\s+Implementation\s+Guides?|(?:Cloud\s+Computing\s+)?Security\s+Requirements\s+Guide)\b";

/// One name in comparable form: upper case, no spaces or dashes, laws of
/// one family folded together ("section 524B", "FD&C Act" and "FDA").
fn key(name: &str) -> String {
    let k: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '.').collect();
    let k = k.to_ascii_uppercase();
    match k.trim_start_matches("SECTION") {
        "524B" | "FDC" | "FDA" => "FDA".to_string(),
        other => other.to_string(),
    }
}

fn names(text: &str) -> Vec<(usize, usize, String)> {
    re!(NAMES).find_iter(text).map(|m| (m.start(), m.end(), key(m.as_str()))).collect()
}

/// Two names of one standard: equal, or one a part of the other ("ISO/IEC
/// 27001" and "ISO/IEC 27001:2022").
fn same(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// A law rather than a technical standard: cited as a legal basis ("as
/// Article 28 of Regulation (EU) 2016/679 requires") by clauses of any kind.
fn is_law(key: &str) -> bool {
    key.starts_with("REGULATION") || matches!(key, "GDPR" | "HIPAA" | "FDA")
}

/// The names the pack accepts for the term: those in its reference wording
/// and in its element phrases (NIST SP 800-218 beside IEC 81001-5-1), but
/// not in phrases that name substitutes.
/// A fact about the pack, asked for every clause judged: each thread
/// remembers it per term (like `reference_matches`).
fn accepted(cx: &Cx) -> std::rc::Rc<[String]> {
    thread_local!(static MEMO: IdMemo<std::rc::Rc<[String]>> = IdMemo::default());
    cached_by_id(&MEMO, cx.term.uid, 1024, || {
        let own = cx.term.elements.iter().filter(|e| !e.spec.substitute);
        let phrases = own.flat_map(|e| e.phrases.texts());
        let mut keys: Vec<String> = names(&cx.term.spec.model).into_iter().map(|(_, _, k)| k).collect();
        for p in phrases {
            keys.extend(names(p).into_iter().map(|(_, _, k)| k));
        }
        keys.into()
    })
}

/// GDPR and HIPAA are cited as the legal basis of clauses of every kind
/// ("as Article 32 of Regulation (EU) 2016/679 requires"); they define no
/// other mechanism.
fn is_privacy_law(key: &str) -> bool {
    matches!(key, "GDPR" | "HIPAA") || key.contains("2016/679")
}

/// A name the duty is defined by ("in accordance with the IMDRF
/// Principles", "as Directive (EU) 2022/2555 prescribes", "recommended in
/// BSI Technical Guideline TR-02102"), rather than one merely mentioned.
fn defines_the_duty(cx: &Cx, start: usize) -> bool {
    let by = re!(
        r"\b(?:in\s+accordance\s+with|according\s+to|as\s+(?:prescribed|required|defined|specified)\s+(?:by|in)|governed\s+by|recommended\s+(?:in|by)|within\s+the\s+meaning\s+of|that)\b[^.;]{0,80}$",
    );
    by.is_match(super::clip(cx.roles(), start.saturating_sub(100), start))
}

/// The first name in the provision when none of its names is the reference's.
/// When the reference names none, a name the duty is defined by is another
/// mechanism all the same.
pub fn other_standard(cx: &Cx) -> Option<Evidence> {
    let reference = accepted(cx);
    if reference.is_empty() {
        let defining = cx.sentences().iter().find_map(|&(s, e)| {
            names(&cx.text()[s..e])
                .into_iter()
                .filter(|(_, _, k)| !is_privacy_law(k))
                .map(|(a, b, _)| (s + a, s + b))
                .find(|&(a, _)| defines_the_duty(cx, a))
        });
        let (start, end) = defining?;
        return Some(Evidence::stated(
            None,
            start,
            end,
            format!("defines the duty by '{}' instead of the reference's terms", &cx.text()[start..end]),
        ));
    }
    let laws_count = reference.iter().any(|k| is_law(k));
    let mut found = Vec::new();
    // A definition names what a defined term includes ("“Assurance Evidence”
    // means ... such as an ISO/IEC 27001 certificate"), not how this duty is met.
    for &(s, e) in cx.sentences().iter().filter(|&&(s, e)| !crate::clauses::is_definition(&cx.text()[s..e])) {
        let here = names(&cx.text()[s..e]).into_iter().filter(|(_, _, k)| laws_count || !is_law(k));
        found.extend(here.map(|(a, b, k)| (s + a, s + b, k)));
    }
    let shared = found.iter().any(|(_, _, k)| reference.iter().any(|r| same(k, r)));
    let (start, end, _) = found.into_iter().next().filter(|_| !shared)?;
    Some(Evidence::stated(
        None,
        start,
        end,
        format!("relies on '{}' instead of the standard the reference names", &cx.text()[start..end]),
    ))
}

/// A performance measure in place of the duty ("a malware detection rate of
/// at least 99.5%", "a recovery point objective of four hours"): it cannot
/// be converted to the reference's terms, so the term is deviating.
pub fn incomparable_measure(cx: &Cx) -> Option<Evidence> {
    let found = cx.scan_as("incomparable-measure", None, |m| {
        format!("states a measure ('{m}') that cannot be compared with the reference")
    });
    found.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_comparable_keys() {
        let keys: Vec<String> =
            names("FD&C Act section 524B, ISO/IEC 27001:2022, AES-256 and TLS 1.2").into_iter().map(|n| n.2).collect();
        assert_eq!(keys, ["FDA", "FDA", "ISO/IEC270012022", "AES", "TLS"]);
        assert!(same("ISO/IEC270012022", "ISO/IEC27001"));
        assert!(!same("ISO/IEC27034-1", "IEC81001-5-1"));
    }
}
