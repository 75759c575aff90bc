//! **negation**: the clause disclaims the very duty it mentions.
//!
//! What it does: flags *makes no commitment/representation/warranty, is not
//! obligated/required/responsible, shall not be obligated, has no obligation,
//! nothing herein obliges, does not undertake/guarantee, disclaims* in the
//! sentences that carry the term.
//!
//! Why it matters: the topic is present, so a keyword search finds the clause,
//! but it says the opposite of the reference.
//!
//! Example: `Supplier makes no commitment to provide security patches`.

use super::Cx;
use crate::model::{Evidence, Kind};

pub(super) const PATTERN: &str = r"\b(?:makes?\s+no\s+(?:commitment|representation|warranty|guarantee|promise)s?|(?:is|are|shall\s+be|will\s+be)\s+not\s+(?:obligated|obliged|required|responsible|liable)|(?:shall|will)\s+not\s+be\s+(?:obligated|obliged|required|responsible)|(?:has|have|bears?)\s+no\s+(?:obligation|duty|responsibility)|no\s+(?:obligation|duty)\s+to|nothing\s+(?:herein|in\s+this\s+(?:agreement|section|clause))\s+(?:shall\s+)?(?:obligates?|obliges?|requires?|commits?)|does\s+not\s+(?:undertake|commit|guarantee|warrant|promise)|(?:expressly\s+)?disclaims?)\b";

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    cx.scan(PATTERN, Kind::Negation, |m| format!("disclaims the duty ('{m}')"))
}
