//! Chooses a verdict for each term and turns it into a render plan plus the
//! honest label (verdict and weakening kinds).

use crate::render::{negate_template, negation_at_start, ModalMode, Plan, Rev, SlotVal};
use crate::rng::Rng;
use crate::terms::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verdict {
    Conformant,
    Weakened,
    Deviating,
    Missing,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Conformant => "conformant",
            Verdict::Weakened => "weakened",
            Verdict::Deviating => "deviating",
            Verdict::Missing => "missing",
        }
    }

    pub fn pick(rng: &mut Rng) -> Verdict {
        match rng.weighted(&[45, 25, 8, 22]) {
            0 => Verdict::Conformant,
            1 => Verdict::Weakened,
            2 => Verdict::Deviating,
            _ => Verdict::Missing,
        }
    }
}

pub struct Outcome {
    pub verdict: Verdict,
    pub kinds: Vec<&'static str>,
    pub plan: Option<Plan>,
    /// Disclaimer clause to place elsewhere (kind `disclaimer`).
    pub disclaimer: Option<&'static str>,
    /// The clause carries a tracked change (weakening or strengthening).
    pub revision: bool,
}

/// Modal families: (shall, must, shallp), weighted.
const FAMILIES: &[([&str; 3], u32)] = &[
    (["shall", "shall", "shall be"], 12),
    (["will", "will", "will be"], 2),
    (["must", "must", "must be"], 2),
    (["agrees to", "shall", "shall be"], 2),
    (["is obligated to", "shall", "shall be"], 1),
    (["undertakes to", "shall", "shall be"], 1),
];

fn conf_modals(rng: &mut Rng) -> [&'static str; 3] {
    let w: Vec<u32> = FAMILIES.iter().map(|f| f.1).collect();
    FAMILIES[rng.weighted(&w)].0
}

fn slot_kind_name(k: SlotKind) -> Option<&'static str> {
    match k {
        SlotKind::Deadline => Some("deadline"),
        SlotKind::Bound => Some("bound"),
        SlotKind::Scope => Some("scope"),
        SlotKind::Cost => Some("cost-shift"),
        SlotKind::Std => None,
    }
}

fn has_slot(tpl: &str, name: &str) -> bool {
    tpl.contains(&format!("{{{name}}}"))
}

fn fill_ok(term: &Term, tpl: &str, rng: &mut Rng) -> Vec<(&'static str, SlotVal)> {
    let mut v = Vec::new();
    for s in term.slots {
        if has_slot(tpl, s.name) {
            v.push((s.name, SlotVal::Plain(rng.pick(s.ok).to_string())));
        }
    }
    v
}

fn base_plan(term: &Term, tpl: &str, rng: &mut Rng) -> Plan {
    let mut p = Plan::new(tpl, conf_modals(rng));
    p.slots = fill_ok(term, tpl, rng);
    p
}

fn set_slot(plan: &mut Plan, name: &str, val: SlotVal) {
    if let Some((_, v)) = plan.slots.iter_mut().find(|(n, _)| *n == name) {
        *v = val;
    }
}

fn slot_ok_value(plan: &Plan, name: &str) -> String {
    plan.slots
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| match v {
            SlotVal::Plain(s) => s.clone(),
            SlotVal::Rev { new, .. } => new.clone(),
        })
        .unwrap_or_default()
}

/// Weakening kinds that can be applied textually to this template.
fn available(term: &Term, tpl: &str) -> Vec<&'static str> {
    let mut v = vec!["modality", "efforts", "discretion", "feasibility", "condition", "exception"];
    for s in term.slots {
        if has_slot(tpl, s.name) && !s.weak.is_empty() {
            if let Some(k) = slot_kind_name(s.kind) {
                if !v.contains(&k) {
                    v.push(k);
                }
            }
        }
    }
    v.retain(|k| !term.no.contains(k));
    v
}

fn kind_weight(k: &str) -> u32 {
    match k {
        "modality" => 10,
        "efforts" => 10,
        "discretion" => 6,
        "feasibility" => 7,
        "condition" => 7,
        "exception" => 7,
        "deadline" => 35,
        "bound" => 25,
        "scope" => 15,
        "cost-shift" => 20,
        _ => 1,
    }
}

fn pick_kind(avail: &[&'static str], rng: &mut Rng) -> &'static str {
    let w: Vec<u32> = avail.iter().map(|k| kind_weight(k)).collect();
    avail[rng.weighted(&w)]
}

fn efforts_for(conf: &str, rng: &mut Rng) -> &'static str {
    let first = conf.split(' ').next().unwrap_or("shall");
    let matching: Vec<&'static str> = EFFORTS.iter().copied().filter(|e| e.starts_with(first)).collect();
    if !matching.is_empty() && rng.chance(0.8) {
        matching[rng.below(matching.len())]
    } else {
        EFFORTS[rng.below(EFFORTS.len())]
    }
}

/// Applies one textual weakening kind to the plan.
fn apply(term: &Term, plan: &mut Plan, kind: &str, rev: bool, rng: &mut Rng) {
    let ins = if rev { Rev::Ins } else { Rev::No };
    match kind {
        "modality" => {
            plan.mode = ModalMode::Modality;
            plan.weak = [*rng.pick(MODAL_WEAK), *rng.pick(MUST_WEAK), *rng.pick(PASSIVE_WEAK)];
            plan.modal_rev = rev;
        }
        "efforts" => {
            plan.mode = ModalMode::Efforts;
            plan.weak = [efforts_for(plan.conf[0], rng), *rng.pick(MUST_EFFORTS), *rng.pick(PASSIVE_EFFORTS)];
            plan.modal_rev = rev;
        }
        "discretion" | "feasibility" | "condition" | "exception" => {
            let list: &[&str] = match kind {
                "discretion" => DISCRETION,
                "feasibility" => FEASIBILITY,
                "condition" => {
                    if term.cond.is_empty() {
                        CONDITION
                    } else {
                        term.cond
                    }
                }
                _ => {
                    if !term.exc.is_empty() && rng.chance(0.65) {
                        term.exc
                    } else {
                        EXCEPTION
                    }
                }
            };
            let mut choices: Vec<&str> = list.to_vec();
            if plan.pre.is_some() {
                choices.retain(|c| c.starts_with(", "));
            }
            if choices.is_empty() {
                choices = list.to_vec();
            }
            let c = *rng.pick(&choices);
            if c.starts_with(", ") {
                plan.post.push((c.to_string(), ins));
            } else {
                plan.pre = Some((c.to_string(), ins));
            }
        }
        "deadline" | "bound" | "scope" | "cost-shift" => {
            let want = match kind {
                "deadline" => SlotKind::Deadline,
                "bound" => SlotKind::Bound,
                "scope" => SlotKind::Scope,
                _ => SlotKind::Cost,
            };
            let cands: Vec<&Slot> = term
                .slots
                .iter()
                .filter(|s| s.kind == want && !s.weak.is_empty() && has_slot(&plan.tpl, s.name))
                .collect();
            if cands.is_empty() {
                return;
            }
            let n = if cands.len() > 1 && rng.chance(0.3) { cands.len() } else { 1 };
            let first = rng.below(cands.len());
            for k in 0..n {
                let s = cands[(first + k) % cands.len()];
                let weak = rng.pick(s.weak).to_string();
                let val = if rev {
                    SlotVal::Rev { old: slot_ok_value(plan, s.name), new: weak }
                } else {
                    SlotVal::Plain(weak)
                };
                set_slot(plan, s.name, val);
            }
        }
        _ => unreachable!("kind {kind}"),
    }
}

/// Builds the outcome for one term.
pub fn plan_term(term: &Term, verdict: Verdict, tracked: bool, rng: &mut Rng) -> Outcome {
    let mut out = Outcome { verdict, kinds: Vec::new(), plan: None, disclaimer: None, revision: false };
    match verdict {
        Verdict::Missing => {}
        Verdict::Conformant => {
            let tpl = *rng.pick(term.conf);
            let mut plan = base_plan(term, tpl, rng);
            if tracked && rng.chance(0.10) {
                // A pending revision that strengthens the clause: the accepted
                // view is conformant, the original view was weaker.
                let weakable: Vec<&Slot> = term
                    .slots
                    .iter()
                    .filter(|s| {
                        matches!(s.kind, SlotKind::Deadline | SlotKind::Bound)
                            && !s.weak.is_empty()
                            && has_slot(tpl, s.name)
                    })
                    .collect();
                if !weakable.is_empty() {
                    let s = *rng.pick(&weakable);
                    let ok = slot_ok_value(&plan, s.name);
                    set_slot(&mut plan, s.name, SlotVal::Rev { old: rng.pick(s.weak).to_string(), new: ok });
                } else {
                    let pre = *rng.pick(&["Where technically feasible, ", "To the extent possible, "]);
                    plan.pre = Some((pre.to_string(), Rev::Del));
                }
                out.revision = true;
            }
            out.plan = Some(plan);
        }
        Verdict::Deviating => {
            // Options: a slot with a deviating value in some template, or a
            // deviating template.
            let mut opts: Vec<(usize, Option<usize>)> = Vec::new();
            for (ti, tpl) in term.conf.iter().enumerate() {
                for (si, s) in term.slots.iter().enumerate() {
                    if !s.dev.is_empty() && has_slot(tpl, s.name) {
                        opts.push((ti, Some(si)));
                    }
                }
            }
            let n_slot_opts = opts.len();
            let use_tpl = !term.dev.is_empty() && (n_slot_opts == 0 || rng.chance(0.4));
            if use_tpl {
                let tpl = *rng.pick(term.dev);
                out.plan = Some(base_plan(term, tpl, rng));
            } else {
                let (ti, si) = *rng.pick(&opts);
                let tpl = term.conf[ti];
                let mut plan = base_plan(term, tpl, rng);
                let s = &term.slots[si.unwrap()];
                set_slot(&mut plan, s.name, SlotVal::Plain(rng.pick(s.dev).to_string()));
                out.plan = Some(plan);
            }
        }
        Verdict::Weakened => {
            let tpl = *rng.pick(term.conf);
            let mut plan = base_plan(term, tpl, rng);
            let avail = available(term, tpl);
            let negatable = !term.no.contains(&"negation") && negation_at_start(tpl) && negate_template(tpl).is_some();
            if tracked && rng.chance(0.2) {
                let k = pick_kind(&avail, rng);
                apply(term, &mut plan, k, true, rng);
                out.kinds = vec!["revision", k];
                out.revision = true;
            } else if !term.disclaim.is_empty() && rng.chance(0.35) {
                out.disclaimer = Some(*rng.pick(term.disclaim));
                out.kinds = vec!["disclaimer"];
            } else if !term.party.is_empty() && rng.chance(0.12) {
                let (ptpl, extra) = *rng.pick(term.party);
                plan = base_plan(term, ptpl, rng);
                out.kinds = vec!["party-shift"];
                out.kinds.extend_from_slice(extra);
            } else if negatable && rng.chance(0.07) {
                let phrase =
                    if negation_at_start(tpl) && rng.chance(0.3) { NEGATION_START } else { *rng.pick(NEGATION) };
                plan.tpl = negate_template(tpl).unwrap();
                plan.neg = Some(phrase.to_string());
                out.kinds = vec!["negation"];
            } else {
                let k1 = pick_kind(&avail, rng);
                apply(term, &mut plan, k1, false, rng);
                out.kinds = vec![k1];
                if rng.chance(0.3) {
                    let rest: Vec<&'static str> = avail
                        .iter()
                        .copied()
                        .filter(|k| {
                            *k != k1 && !(matches!(k1, "modality" | "efforts") && matches!(*k, "modality" | "efforts"))
                        })
                        .collect();
                    if !rest.is_empty() {
                        let k2 = pick_kind(&rest, rng);
                        apply(term, &mut plan, k2, false, rng);
                        out.kinds.push(k2);
                    }
                }
            }
            out.plan = Some(plan);
        }
    }
    out
}
