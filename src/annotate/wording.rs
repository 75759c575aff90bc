//! The contract's own words for what the pack's wording names generically:
//! the parties ("Supplier"/"Customer" become "the Vendor"/"Hospital"), the
//! products ("Product" becomes "Equipment"), the customer's data ("Customer
//! Data" becomes "Hospital Data") and its quotation marks. Everything
//! mc2lint inserts or quotes in a comment goes through `Words::rewrite`.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use crate::document::Document;

/// How one party is named: "Vendor" or "the Vendor".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub name: String,
    pub article: bool,
}

impl Name {
    fn generic(name: &str) -> Name {
        Name { name: name.to_string(), article: false }
    }

    /// The name as used mid-sentence, or at a sentence start.
    pub fn at(&self, sentence_start: bool) -> String {
        match (self.article, sentence_start) {
            (false, _) => self.name.clone(),
            (true, false) => format!("the {}", self.name),
            (true, true) => format!("The {}", self.name),
        }
    }
}

/// The contract's vocabulary.
#[derive(Debug, Clone)]
pub struct Words {
    pub mdm: Name,
    pub hdo: Name,
    /// The defined term for the customer's data ("Hospital Data").
    pub data: Option<String>,
    /// The defined term for what is sold, and whether it is a mass noun ("Equipment").
    pub product: Option<(String, bool)>,
    pub curly_quotes: bool,
    pub curly_apostrophe: bool,
}

const MASS_NOUNS: &[&str] = &["Equipment", "Software", "Licensed Software", "Hardware", "Goods"];

impl Words {
    /// Learns the vocabulary from the analysed document and the detected party names.
    /// `overrides` are the `--party` names; a side the contract leaves unclear
    /// keeps the pack's generic names for both (a wrong name is worse than a generic one).
    pub fn learn(doc: &Document, overrides: &crate::model::Parties) -> Words {
        let texts: Vec<&str> =
            doc.paragraphs.iter().filter(|p| p.kind.is_contract_text()).map(|p| doc.paragraph_text(p)).collect();
        let detected = crate::parties::detect(&texts);
        let mut parties = crate::model::Parties {
            mdm: if overrides.mdm.is_empty() { detected.mdm } else { overrides.mdm.clone() },
            hdo: if overrides.hdo.is_empty() { detected.hdo } else { overrides.hdo.clone() },
        };
        // A quoted term with digits ("MDS2") names a form or a standard, never a party.
        parties.mdm.retain(|n| !n.chars().any(|c| c.is_ascii_digit()));
        parties.hdo.retain(|n| !n.chars().any(|c| c.is_ascii_digit()));
        if parties.mdm.is_empty() || parties.hdo.is_empty() {
            parties = crate::model::Parties::default();
        }
        let text = &doc.text;
        let pick = |names: &[String], generic: &str| {
            names
                .iter()
                .find(|n| n.split_whitespace().count() <= 3 && text.contains(n.as_str()))
                .map(|n| Name { name: n.clone(), article: uses_article(text, n) })
                .unwrap_or_else(|| Name::generic(generic))
        };
        let data = crate::parties::customer_data_terms(&texts).into_iter().next().or_else(|| data_term(text));
        Words {
            mdm: pick(&parties.mdm, "Supplier"),
            hdo: pick(&parties.hdo, "Customer"),
            data,
            product: product_term(text),
            curly_quotes: text.matches('“').count() > text.matches('"').count(),
            curly_apostrophe: text.matches('’').count() > text.matches('\'').count(),
        }
    }

    /// The pack's wording in the contract's words.
    pub fn rewrite(&self, generic: &str) -> String {
        let mut s = generic.to_string();
        let data = self.data.clone().unwrap_or_else(|| format!("{}{} data", self.hdo.at(false), self.apostrophe("'s")));
        s = s.replace("Customer Data", &data).replace("Customer data", &data);
        s = self.replace_products(&s);
        s = replace_party(&s, "Supplier", &self.mdm);
        s = replace_party(&s, "Customer", &self.hdo);
        self.quotes(&s)
    }

    /// The pack's "how to fix" (which says MDM and HDO) in the contract's words.
    pub fn rewrite_roles(&self, text: &str) -> String {
        let s = replace_party(text, "MDM", &self.mdm);
        let s = replace_party(&s, "HDO", &self.hdo);
        self.quotes(&s)
    }

    fn apostrophe(&self, s: &str) -> String {
        if self.curly_apostrophe {
            s.replace('\'', "’")
        } else {
            s.to_string()
        }
    }

    fn quotes(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut open = true;
        let mut prev = ' ';
        for c in s.chars() {
            match c {
                '"' if self.curly_quotes => {
                    out.push(if open { '“' } else { '”' });
                    open = !open;
                }
                '\'' if self.curly_apostrophe && prev.is_alphanumeric() => out.push('’'),
                c => out.push(c),
            }
            prev = c;
        }
        out
    }

    fn replace_products(&self, s: &str) -> String {
        let Some((term, mass)) = &self.product else {
            return s.to_string();
        };
        static EACH: OnceLock<Regex> = OnceLock::new();
        static ANY: OnceLock<Regex> = OnceLock::new();
        let each = EACH.get_or_init(|| Regex::new(r"\b(each|every|any|no|a)\s+Product\b").expect("valid"));
        let any = ANY.get_or_init(|| Regex::new(r"\bProducts?\b").expect("valid"));
        let singular = term.strip_suffix('s').filter(|_| !mass).unwrap_or(term).to_string();
        let plural = if *mass || term.ends_with('s') { term.clone() } else { format!("{term}s") };
        let s = each.replace_all(s, |c: &Captures| {
            if *mass {
                format!("{} item of {term}", &c[1])
            } else {
                format!("{} {singular}", &c[1])
            }
        });
        any.replace_all(&s, |c: &Captures| if c[0].ends_with('s') { plural.clone() } else { singular.clone() })
            .into_owned()
    }
}

/// Whether the contract mostly writes "the Vendor" rather than "Vendor".
fn uses_article(text: &str, name: &str) -> bool {
    let total = text.matches(name).count();
    let with = text.matches(&format!("the {name}")).count() + text.matches(&format!("The {name}")).count();
    total > 0 && with * 2 > total
}

/// Replaces the whole word `generic` (and "the generic") with the party's name.
fn replace_party(s: &str, generic: &str, name: &Name) -> String {
    let re = Regex::new(&format!(r"(?:\b([Tt]he)\s+)?\b{generic}\b")).expect("valid");
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for c in re.captures_iter(s) {
        let m = c.get(0).expect("match");
        out.push_str(&s[last..m.start()]);
        let before = out.trim_end();
        let sentence_start = before.is_empty() || before.ends_with('.');
        match c.get(1) {
            // "the Supplier": keep the article only if the name takes one.
            Some(article) if name.article => out.push_str(&format!("{} {}", article.as_str(), name.name)),
            Some(article) if article.as_str() == "The" => out.push_str(&name.name),
            Some(_) => out.push_str(&name.name),
            None => out.push_str(&name.at(sentence_start)),
        }
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

/// "Hospital Data" style terms defined with quotation marks.
fn data_term(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"[“"]((?:Customer|Hospital|Facility|Licensee|Buyer|Purchaser|Client|Member|Health System|Protected|Personal) (?:Data|Information))[”"]"#)
            .expect("valid")
    });
    re.captures(text).map(|c| c[1].to_string())
}

/// The defined term for the goods: `(“Equipment”)`, `"Products" means`.
fn product_term(text: &str) -> Option<(String, bool)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"[“"]((?:Licensed |Medical )?(?:Products?|Equipment|Systems?|Devices?|Software|Hardware|Goods|Solution|Instruments?))[”"]"#)
            .expect("valid")
    });
    let term = re.captures(text)?[1].to_string();
    let mass = MASS_NOUNS.contains(&term.as_str());
    Some((term, mass))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(mdm: &str, article: bool, hdo: &str) -> Words {
        Words {
            mdm: Name { name: mdm.into(), article },
            hdo: Name { name: hdo.into(), article: false },
            data: Some("Hospital Data".into()),
            product: Some(("Equipment".into(), true)),
            curly_quotes: true,
            curly_apostrophe: true,
        }
    }

    #[test]
    fn rewrites_parties_products_and_data() {
        let w = words("Vendor", true, "Hospital");
        assert_eq!(
            w.rewrite("Supplier shall encrypt Customer Data on each Product and tell Customer's staff. Supplier's \"code\"."),
            "The Vendor shall encrypt Hospital Data on each item of Equipment and tell Hospital’s staff. The Vendor’s “code”."
        );
        let w = Words { product: Some(("Products".into(), false)), ..words("Seller", false, "Buyer") };
        assert_eq!(w.rewrite("each Product and all Products of Supplier"), "each Product and all Products of Seller");
        assert_eq!(w.rewrite_roles("Oblige the MDM to tell the HDO"), "Oblige Seller to tell Buyer");
    }
}
