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
//!
//! Use instead: `Supplier shall provide Customer with security patches for the Product within thirty (30) days.`

use super::Cx;
use crate::model::{Evidence, Kind};

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    // "... shall destroy it unless the contract states that destruction is
    // not required": the denial is the contract's own exception, not the duty's.
    cx.scan("negation", Kind::Negation, |m| format!("disclaims the duty ('{m}')"))
        .into_iter()
        .filter(|e| !super::exception::within_benign_exception(cx, e.start))
        .collect()
}
