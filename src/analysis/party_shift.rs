//! **party-shift**: the duty sits on the wrong party.
//!
//! What it does: finds the subject of the first obligation verb in each
//! sentence that carries the term. When the reference puts the duty on the MDM
//! and the subject is the HDO ("Customer shall be responsible for applying
//! patches") or both parties ("each party shall ..."), the term is weakened.
//! "The parties shall jointly ..." is reported as deviating instead.
//!
//! Why it matters: the HDO cannot patch firmware or issue an SBOM it does not
//! have; moving the duty to it, or sharing it, leaves no one accountable.
//!
//! Example: `Customer is responsible for installing security updates`.
//!
//! Use instead: `Supplier is responsible for installing security updates on the Product.`

use super::{reference_matches, Cx};
use crate::memo::IdMemo;
use crate::model::{Evidence, Kind};
use crate::reference::Role;

const MUTUAL: &str =
    r"\b(?:each|either|both)\s+part(?:y|ies)\b|\bthe\s+parties\s+(?:shall|will|must|agree)\b|\bmutual(?:ly)?\b";

/// A stem that carries an obligation or a state of duty ("shall", "agrees",
/// "undertakes", "is", "remains", "assumes").
fn is_obligation_verb(stem: &str) -> bool {
    matches!(
        stem,
        "shall"
            | "must"
            | "will"
            | "may"
            | "should"
            | "agre"
            | "undertak"
            | "is"
            | "are"
            | "bear"
            | "be"
            | "remain"
            | "assum"
    )
}

/// The role (`mdm`/`hdo`) that acts in the sentence's first obligation: the
/// party named nearest before the verb that is not an object ("the network of
/// Customer"), or the agent of a passive ("Customer will be notified by Supplier").
pub fn subject_role(cx: &Cx, sentence: (usize, usize)) -> Option<&'static str> {
    let toks = cx.tokens(sentence);
    let verb = toks.iter().position(|t| is_obligation_verb(&t.stem))?;
    let role = |t: &crate::text::Token| match t.stem.as_str() {
        "mdm" => Some("mdm"),
        "hdo" => Some("hdo"),
        _ => None,
    };
    let passive_agent = toks[verb..].windows(2).take(8).find(|w| w[0].stem == "by").and_then(|w| role(&w[1]));
    if passive_agent.is_some() {
        return passive_agent;
    }
    let is_object =
        |i: usize| i > 0 && matches!(toks[i - 1].stem.as_str(), "of" | "to" | "for" | "with" | "from" | "by" | "and");
    // The subject stands right before the verb ("Customer shall", "Supplier
    // hereby agrees"); "Customer Data shall be encrypted" names no actor.
    // Only adverbs may stand between them; "Customer Data will be encrypted"
    // has a modifier, not a subject.
    let adverb = |t: &crate::text::Token| {
        matches!(t.stem.as_str(), "herebi" | "also" | "prompt" | "further" | "itself" | "alon" | "sole" | "hereund")
    };
    let subject = (verb.saturating_sub(3)..verb).rev().find(|&i| role(&toks[i]).is_some() && !is_object(i));
    if let Some(subject) = subject.filter(|&i| toks[i + 1..verb].iter().all(adverb)) {
        return role(&toks[subject]);
    }
    // "Customer, as system owner, shall ...": an apposition set off by commas.
    let apposition = re!(r"^\s*,\s*as\s+[\w\s'’-]{1,40},\s*$");
    let text = cx.text();
    (verb.saturating_sub(7)..verb)
        .find(|&i| {
            role(&toks[i]).is_some() && !is_object(i) && apposition.is_match(&text[toks[i].end..toks[verb].start])
        })
        .and_then(|i| role(&toks[i]))
}

/// True when the reference itself gives the HDO a right ("Customer may audit"),
/// so the HDO as subject is expected, not a shift.
pub fn hdo_right(cx: &Cx) -> bool {
    thread_local!(static MEMO: IdMemo<bool> = IdMemo::default());
    let right = re!(
        r"\b(?:customer|hdo)\s+(?:may|shall\s+have\s+the\s+right|has\s+the\s+right|is\s+entitled|will\s+have\s+the\s+right)|\b(?:permit|allow|enable|entitle)s?\s+(?:the\s+)?(?:customer|hdo)\s+to\b",
    );
    reference_matches(cx, &MEMO, right)
}

/// Whether the reference itself binds both parties (a responsibility matrix).
fn mutual_reference(cx: &Cx) -> bool {
    thread_local!(static MEMO: IdMemo<bool> = IdMemo::default());
    reference_matches(cx, &MEMO, re!(MUTUAL))
}

pub fn detect(cx: &Cx) -> Vec<Evidence> {
    if cx.term.spec.party != Role::Mdm {
        return Vec::new();
    }
    if hdo_right(cx) {
        // "Either party may assess the other": the customer's right made
        // mutual; "Customer is required to confirm ...": a duty moved to it.
        return mutual_right(cx).into_iter().chain(hdo_made_responsible(cx)).collect();
    }
    let mutual = re!(MUTUAL);
    let shared_reference = mutual_reference(cx);
    // Each shift found, with the term's actions the customer is bound to in
    // its sentence (a bit per element; none for mutual wording).
    let mut shifts: Vec<(Evidence, u64)> = Vec::new();
    let mut mdm_subject = false;
    let mut mdm_actions = 0u64;
    for &(s, e) in cx.sentences() {
        let sentence = &cx.text()[s..e];
        match subject_role(cx, (s, e)) {
            Some("mdm") => {
                mdm_subject = true;
                mdm_actions |= actions_in(cx, (s, e));
            }
            // Under a shared reference (a responsibility matrix) the
            // customer's own tasks are the matrix's content; only the
            // customer alone keeping the matrix itself shifts the term.
            Some(_) if shared_reference && !(names_topic(cx, s, e) && customer_alone(cx, s, e)) => {}
            // "Supplier and Customer shall jointly ...": a joint duty, which
            // `joint` reports as deviating.
            Some(_) if joint_duty(sentence) => {}
            Some(_) => {
                let toks = cx.tokens((s, e));
                let t = toks.iter().find(|t| t.stem == "hdo").expect("subject token exists");
                let responsible =
                    toks.iter().any(|t| ["respons", "oblig", "liabl"].iter().any(|w| t.stem.starts_with(w)));
                let note = if responsible { "makes the HDO responsible" } else { "puts the duty on the HDO" };
                // Only a duty takes an action over; "Customer may change the
                // passwords" is the customer's right.
                let bound = toks.iter().any(|t| crate::matcher::DUTY_STEMS.contains(&t.stem.as_str()));
                let taken = if bound || responsible { actions_in(cx, (s, e)) } else { 0 };
                shifts.push((Evidence::stated(Some(Kind::PartyShift), t.start, t.end, note), taken));
            }
            None => {
                if let Some(m) = mutual.find(sentence).filter(|_| !shared_reference) {
                    if !sentence.to_lowercase().contains("jointly") {
                        let mutual = Evidence::stated(
                            Some(Kind::PartyShift),
                            s + m.start(),
                            s + m.end(),
                            "makes the duty mutual",
                        );
                        shifts.push((mutual, 0));
                    }
                }
            }
        }
    }
    // A sentence where the MDM carries the duty outweighs a side remark about
    // the HDO, but not the HDO taking over one of the term's actions
    // that the MDM does not state ("Supplier shall deliver the SBOM; the
    // Customer shall keep it current"). Mutual wording has no action recorded.
    if mdm_subject {
        shifts.retain(|(_, taken)| taken & !mdm_actions != 0);
    }
    let mut out: Vec<Evidence> = shifts.into_iter().map(|(evidence, _)| evidence).collect();
    // ... but not a part of the duty expressly made the HDO's ("Supplier shall
    // release patches ..., and Customer shall be responsible for validating
    // each patch"), nor the customer's data made jointly owned.
    if out.is_empty() && !shared_reference {
        out.extend(hdo_made_responsible(cx));
    }
    out.extend(joint_ownership(cx));
    out
}

/// The term's actions (its elements other than the topic) with a hit in
/// the sentence, a bit per element.
fn actions_in(cx: &Cx, sentence: (usize, usize)) -> u64 {
    let (a, b) = cx.ix.token_range(sentence.0, sentence.1);
    let elements = cx.term.elements.iter().zip(&cx.m.hits).take(64).enumerate();
    elements
        .filter(|(_, (el, hits))| !el.spec.core && hits.iter().any(|&(x, y)| x >= a && y <= b))
        .fold(0, |bits, (k, _)| bits | 1 << k)
}

/// Whether the customer acts alone: no supplier named before the first
/// obligation verb ("The Vendor and the Member shall each ..." is both).
fn customer_alone(cx: &Cx, s: usize, e: usize) -> bool {
    let toks = cx.tokens((s, e));
    let verb = toks.iter().position(|t| is_obligation_verb(&t.stem)).unwrap_or(toks.len());
    !toks[..verb].iter().any(|t| t.stem == "mdm")
}

/// Whether the sentence `[s, e)` names the term's topic (a core element).
fn names_topic(cx: &Cx, s: usize, e: usize) -> bool {
    let toks = &cx.ix.tokens;
    cx.term
        .elements
        .iter()
        .zip(&cx.m.hits)
        .filter(|(el, _)| el.spec.core)
        .any(|(_, hits)| hits.iter().any(|&(a, _)| (s..e).contains(&toks[a].start)))
}

/// A right the reference gives the customer, granted to "either party".
fn mutual_right(cx: &Cx) -> Option<Evidence> {
    let mutual = re!(
        r"\b(?:each|either|both)\s+part(?:y|ies)\s+(?:may|shall\s+have\s+the\s+right|has\s+the\s+right|is\s+entitled)\b",
    );
    first_shift(cx, |sentence| mutual.find(sentence), "makes the customer's right mutual")
}

fn joint_duty(sentence: &str) -> bool {
    re!(r"\b(?:jointly|together|in\s+concert|in\s+cooperation\s+with\s+each\s+other)\b").is_match(sentence)
}

/// "Customer shall be responsible for ...", "Buyer is required to confirm
/// ...", "Hospital responsible for training its own staff": an express
/// assignment to the HDO anywhere in the provision.
fn hdo_made_responsible(cx: &Cx) -> Option<Evidence> {
    let assigned = re!(
        r"\bhdo\s+(?:shall\s+|will\s+|must\s+)?(?:be\s+|is\s+|are\s+|remains?\s+|remain\s+)?(?:solely\s+|fully\s+|exclusively\s+|itself\s+)?(?:responsible|required|obliged|obligated)\s+(?:for|to)\b",
    );
    // "the information systems of Customer is required to": the customer
    // ends a phrase; the subject is something else.
    let object = re!(r"\b(?:of|to|for|with|from|by|than|that|which)\s+(?:the\s+)?$");
    let after_object = |sentence: &str, at: usize| object.is_match(super::clip(sentence, at.saturating_sub(12), at));
    first_shift(
        cx,
        |sentence| assigned.find_iter(sentence).find(|m| !after_object(sentence, m.start())),
        "makes the HDO responsible for part of the duty",
    )
}

/// Customer data "owned jointly by the parties": the HDO cedes its title.
fn joint_ownership(cx: &Cx) -> Option<Evidence> {
    let joint = re!(
        r"\b(?:(?:owned|held)\s+jointly|jointly\s+(?:owned|held)|co[\s-]?owned|joint\s+(?:owners|ownership|title)|owned\s+by\s+both)\b",
    );
    // Every form holds "joint" or "owned"; the pattern's own prefilter keys
    // on "co", which starts half the words of a contract.
    let named = |sentence: &str| sentence.contains("joint") || sentence.contains("owned");
    first_shift(
        cx,
        |sentence| named(sentence).then(|| joint.find(sentence)).flatten(),
        "makes the HDO's data jointly owned",
    )
}

/// The first words in the provision's role text that `find` picks in a
/// sentence, as party-shift evidence with `note`.
fn first_shift<'t>(cx: &Cx<'t>, find: impl Fn(&'t str) -> Option<regex::Match<'t>>, note: &str) -> Option<Evidence> {
    cx.sentences().iter().find_map(|&(s, e)| {
        let m = find(&cx.roles()[s..e])?;
        Some(Evidence::stated(Some(Kind::PartyShift), s + m.start(), s + m.end(), note))
    })
}

/// "The parties shall jointly ...": a different mechanism, not a weaker one.
pub fn joint(cx: &Cx) -> Option<Evidence> {
    if mutual_reference(cx) {
        return None;
    }
    let joint = re!(
        r"\b(?:jointly|together\s+with\s+each\s+other|in\s+cooperation\s+with\s+each\s+other|shared\s+(?:responsibility|obligation|equally|jointly)|shared\s+(?:between|by)\s+the\s+parties|allocated\s+between\s+the\s+parties|in\s+proportion\s+to\s+(?:their|each\s+party)|as\s+agreed\s+(?:between|by)\s+the\s+parties|(?:jointly\s+)?owned\s+by\s+(?:both|the)\s+parties)\b",
    );
    cx.sentences().iter().find_map(|&(s, e)| {
        let m = joint.find(&cx.text()[s..e])?;
        let toks = cx.tokens((s, e));
        let both_named = toks.iter().any(|t| t.stem == "mdm") && toks.iter().any(|t| t.stem == "hdo");
        let parties = toks.iter().any(|t| t.stem == "parti");
        (subject_role(cx, (s, e)).is_none() || both_named || parties)
            .then(|| Evidence::stated(None, s + m.start(), s + m.end(), "places the duty on both parties jointly"))
    })
}
