//! Renders clause templates (see `terms.rs`) into text segments, including
//! tracked insertions and deletions.

/// A piece of paragraph content.
#[derive(Clone, Debug)]
pub enum Seg {
    /// Plain text.
    T(String),
    /// Bold text (run-in headings).
    B(String),
    /// Tracked insertion (present in the accepted view only).
    Ins(String),
    /// Tracked deletion (present in the original view only).
    Del(String),
    /// A tab character.
    Tab,
}

impl Seg {
    /// Text as it reads once all revisions are accepted.
    pub fn accepted(&self) -> &str {
        match self {
            Seg::T(s) | Seg::B(s) | Seg::Ins(s) => s,
            Seg::Del(_) => "",
            Seg::Tab => "\t",
        }
    }
}

/// How a piece of inserted text is tracked.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Rev {
    /// Plain text, no revision.
    No,
    /// Pending insertion (weakening revision).
    Ins,
    /// Pending deletion (the text is gone in the accepted view).
    Del,
}

#[derive(Clone, Debug)]
pub enum SlotVal {
    Plain(String),
    /// Pending revision replacing `old` by `new`.
    Rev {
        old: String,
        new: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ModalMode {
    Conf,
    Modality,
    Efforts,
}

/// Everything needed to render one clause.
#[derive(Clone, Debug)]
pub struct Plan {
    pub tpl: String,
    pub mode: ModalMode,
    /// Render the modal weakening as a tracked change.
    pub modal_rev: bool,
    /// Conformant modal values: (shall, must, shallp).
    pub conf: [&'static str; 3],
    /// Weak modal values used by `mode`: (shall, must, shallp).
    pub weak: [&'static str; 3],
    pub neg: Option<String>,
    pub pre: Option<(String, Rev)>,
    pub post: Vec<(String, Rev)>,
    pub slots: Vec<(&'static str, SlotVal)>,
}

impl Plan {
    pub fn new(tpl: &str, conf: [&'static str; 3]) -> Plan {
        Plan {
            tpl: tpl.to_string(),
            mode: ModalMode::Conf,
            modal_rev: false,
            conf,
            weak: conf,
            neg: None,
            pre: None,
            post: Vec::new(),
            slots: Vec::new(),
        }
    }
}

/// Party names used in templates.
#[derive(Clone, Debug)]
pub struct Names {
    pub m: String,
    pub h: String,
}

/// Replaces the party placeholders in a fixed string.
pub fn subst(s: &str, n: &Names) -> String {
    if !s.contains('{') {
        return s.to_string();
    }
    s.replace("{M's}", &format!("{}'s", n.m))
        .replace("{H's}", &format!("{}'s", n.h))
        .replace("{MU}", &n.m.to_uppercase())
        .replace("{HU}", &n.h.to_uppercase())
        .replace("{M}", &n.m)
        .replace("{H}", &n.h)
}

/// Rewrites a template for the `negation` weakening: the first "{M} {shall}"
/// becomes "{NEG}", and coordinated "{shall}"s after it are dropped.
pub fn negate_template(tpl: &str) -> Option<String> {
    let first = first_modal(tpl)?;
    if !tpl[first..].starts_with("{shall}") || !tpl[..first].ends_with("{M} ") {
        return None;
    }
    let start = first - 4;
    let head = &tpl[..start];
    let tail = &tpl[first + "{shall}".len()..];
    let tail = tail.replace("and {shall} ", "and ").replace(", {shall} ", ", ").replace(", {shall},", ",");
    Some(format!("{head}{{NEG}}{tail}"))
}

fn first_modal(tpl: &str) -> Option<usize> {
    ["{shall}", "{must}", "{shallp}"].iter().filter_map(|m| tpl.find(m)).min()
}

/// Index (among the modal placeholders) that an `efforts` qualifier attaches
/// to: the first MDM modal "{shall}" if any, else the first modal.
fn efforts_target(tpl: &str) -> usize {
    let mut idx = 0;
    let mut rest = tpl;
    while let Some(p) = rest.find('{') {
        let after = &rest[p..];
        if after.starts_with("{shall}") {
            return idx;
        }
        if after.starts_with("{must}") || after.starts_with("{shallp}") {
            idx += 1;
        }
        rest = &rest[p + 1..];
    }
    0
}

/// True if the template can take the "Nothing in this Agreement obliges" form.
pub fn negation_at_start(tpl: &str) -> bool {
    tpl.starts_with("{pre}{M} {shall}")
}

struct Out {
    parts: Vec<Vec<Seg>>,
    /// Set by `^`: Some(true) capitalise the next letter, Some(false) leave it.
    cap: Option<bool>,
    pre_emitted: bool,
}

impl Out {
    fn cur(&mut self) -> &mut Vec<Seg> {
        self.parts.last_mut().unwrap()
    }

    fn fix_case(&mut self, s: &str) -> String {
        match self.cap {
            None => s.to_string(),
            Some(up) => {
                let mut out = String::with_capacity(s.len());
                let mut done = false;
                for c in s.chars() {
                    if !done && c.is_alphabetic() {
                        done = true;
                        if up {
                            out.extend(c.to_uppercase());
                        } else {
                            out.push(c);
                        }
                    } else {
                        out.push(c);
                    }
                }
                if done {
                    self.cap = None;
                }
                out
            }
        }
    }

    fn push(&mut self, s: &str, rev: Rev) {
        if s.is_empty() {
            return;
        }
        let s = if rev == Rev::Del { s.to_string() } else { self.fix_case(s) };
        let cur = self.cur();
        match rev {
            Rev::No => {
                if let Some(Seg::T(last)) = cur.last_mut() {
                    last.push_str(&s);
                } else {
                    cur.push(Seg::T(s));
                }
            }
            Rev::Ins => cur.push(Seg::Ins(s)),
            Rev::Del => cur.push(Seg::Del(s)),
        }
    }

    fn accepted_so_far(&self) -> String {
        let mut s = String::new();
        for seg in self.parts.last().unwrap() {
            s.push_str(seg.accepted());
        }
        s
    }
}

fn capitalise_first(s: &str, up: bool) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => {
            let first: String = if up { c.to_uppercase().collect() } else { c.to_lowercase().collect() };
            first + chars.as_str()
        }
        None => String::new(),
    }
}

/// Renders the plan; returns one segment list per paragraph (lead + sub-clauses).
pub fn render(plan: &Plan, names: &Names) -> Vec<Vec<Seg>> {
    let mut out = Out { parts: vec![Vec::new()], cap: None, pre_emitted: false };
    let tpl = plan.tpl.as_str();
    let bytes = tpl.as_bytes();
    let mut i = 0;
    let mut lit_start = 0;
    let mut modal_idx = 0usize;
    let eff_target = efforts_target(tpl);
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'{' || b == b'^' || b == b'|' {
            if lit_start < i {
                out.push(&tpl[lit_start..i], Rev::No);
            }
            if b == b'^' {
                out.cap = Some(!out.pre_emitted);
                i += 1;
                lit_start = i;
                continue;
            }
            if b == b'|' {
                out.parts.push(Vec::new());
                i += 1;
                lit_start = i;
                continue;
            }
            let end = tpl[i..].find('}').map(|e| i + e).expect("unclosed placeholder");
            let name = &tpl[i + 1..end];
            i = end + 1;
            lit_start = i;
            match name {
                "M" => out.push(&names.m, Rev::No),
                "H" => out.push(&names.h, Rev::No),
                "M's" | "H's" | "MU" | "HU" => {
                    let s = subst(&format!("{{{name}}}"), names);
                    out.push(&s, Rev::No);
                }
                "NEG" => {
                    let s = subst(plan.neg.as_deref().unwrap_or("{M} shall not"), names);
                    out.push(&s, Rev::No);
                }
                "pre" => {
                    out.pre_emitted = false;
                    if let Some((p, rev)) = &plan.pre {
                        let so_far = out.accepted_so_far();
                        let t = so_far.trim_end();
                        let at_start = t.is_empty() || t.ends_with('.') || t.ends_with(':');
                        let s = capitalise_first(&subst(p, names), at_start);
                        out.push(&s, *rev);
                        out.pre_emitted = *rev != Rev::Del;
                    }
                }
                "post" => {
                    for (p, rev) in &plan.post {
                        out.push(&subst(p, names), *rev);
                    }
                }
                "shall" | "must" | "shallp" => {
                    let k = match name {
                        "shall" => 0,
                        "must" => 1,
                        _ => 2,
                    };
                    let conf = plan.conf[k];
                    let weak = plan.weak[k];
                    let use_weak = match plan.mode {
                        ModalMode::Conf => false,
                        ModalMode::Modality => true,
                        ModalMode::Efforts => modal_idx == eff_target,
                    };
                    modal_idx += 1;
                    if !use_weak {
                        out.push(conf, Rev::No);
                    } else if !plan.modal_rev {
                        out.push(weak, Rev::No);
                    } else if let Some(rest) =
                        weak.strip_prefix(conf).filter(|r| r.starts_with(' ') || r.starts_with(','))
                    {
                        out.push(conf, Rev::No);
                        out.push(rest, Rev::Ins);
                    } else {
                        out.push(conf, Rev::Del);
                        out.push(weak, Rev::Ins);
                    }
                }
                slot => {
                    let v = plan
                        .slots
                        .iter()
                        .find(|(n, _)| *n == slot)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_else(|| panic!("no value for slot {slot} in {tpl}"));
                    match v {
                        SlotVal::Plain(s) => out.push(&subst(&s, names), Rev::No),
                        SlotVal::Rev { old, new } => {
                            out.push(&subst(&old, names), Rev::Del);
                            out.push(&subst(&new, names), Rev::Ins);
                        }
                    }
                }
            }
            continue;
        }
        i += 1;
    }
    if lit_start < bytes.len() {
        out.push(&tpl[lit_start..], Rev::No);
    }
    for part in &mut out.parts {
        tidy(part);
    }
    out.parts
}

/// Collapses doubled spaces and stray spaces before punctuation in plain text.
pub fn tidy(segs: &mut Vec<Seg>) {
    for s in segs.iter_mut() {
        if let Seg::T(t) = s {
            while t.contains("  ") {
                *t = t.replace("  ", " ");
            }
            *t = t.replace(" ,", ",").replace(" .", ".").replace(" ;", ";");
        }
    }
    segs.retain(|s| !matches!(s, Seg::T(t) if t.is_empty()));
}

/// Joins sub-clause parts into one paragraph with inline "(a)" markers.
pub fn join_inline(parts: Vec<Vec<Seg>>, roman: bool) -> Vec<Seg> {
    let mut it = parts.into_iter();
    let mut out = it.next().unwrap_or_default();
    for (k, p) in it.enumerate() {
        let label = if roman { roman_lower(k + 1) } else { ((b'a' + k as u8) as char).to_string() };
        out.push(Seg::T(format!(" ({label}) ")));
        out.extend(p);
    }
    merge_text(&mut out);
    out
}

/// Merges adjacent plain-text segments.
pub fn merge_text(segs: &mut Vec<Seg>) {
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    for s in segs.drain(..) {
        match (out.last_mut(), s) {
            (Some(Seg::T(a)), Seg::T(b)) => a.push_str(&b),
            (_, s) => out.push(s),
        }
    }
    *segs = out;
}

pub fn roman_lower(n: usize) -> String {
    roman_upper(n).to_lowercase()
}

/// Written apart from mc2lint's own numbering on purpose: the labels the
/// fixtures expect must not share the reader's mistakes.
pub fn roman_upper(mut n: usize) -> String {
    const T: &[(usize, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for &(v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}
