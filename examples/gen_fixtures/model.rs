//! Document model: paragraphs, tables and the clause numbering as Word displays it.

use crate::render::{roman_lower, roman_upper, Seg};

pub const BODY_NUM: usize = 2;
pub const EXHIBIT_NUM: usize = 3;

#[derive(Clone, Debug, Default)]
pub struct P {
    pub segs: Vec<Seg>,
    /// (numId, level) for automatic numbering.
    pub num: Option<(usize, usize)>,
    pub style: Option<&'static str>,
    pub center: bool,
    pub bold: bool,
    /// (author, text) of a Word comment anchored on the paragraph.
    pub comment: Option<(String, String)>,
    /// Clause number as displayed (trailing dot removed).
    pub clause: Option<String>,
    /// Full citation, e.g. "7.2(b)" for the displayed "(b)".
    pub clause_full: Option<String>,
    /// Heading or title (never carries a term).
    pub heading: bool,
}

impl P {
    pub fn text(segs: Vec<Seg>) -> P {
        P { segs, ..Default::default() }
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub rows: Vec<Vec<Vec<P>>>,
    pub widths: Vec<usize>,
    pub borders: bool,
}

#[derive(Clone, Debug)]
pub enum Block {
    P(P),
    Table(Table),
}

/// Where a paragraph lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    Body(usize),
    Cell(usize, usize, usize, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumStyle {
    /// numbering.xml; variant selects the level texts.
    Auto(u8),
    /// Numbers typed into the text.
    Typed(u8),
    /// No clause numbers at all.
    Plain,
}

/// Level definitions of an automatic list: (lvlText, numFmt, isLgl).
pub fn auto_levels(variant: u8) -> [(&'static str, &'static str, bool); 3] {
    match variant {
        0 => [("%1.", "decimal", false), ("%1.%2", "decimal", false), ("(%3)", "lowerLetter", false)],
        1 => [("Article %1", "decimal", false), ("%1.%2.", "decimal", false), ("(%3)", "lowerLetter", false)],
        2 => [("%1.", "decimal", false), ("%1.%2", "decimal", false), ("%1.%2.%3", "decimal", false)],
        _ => [("ARTICLE %1", "upperRoman", false), ("%1.%2", "decimal", true), ("(%3)", "lowerRoman", false)],
    }
}

/// lvlText of the exhibit list.
pub fn exhibit_level(variant: u8, letter: &str) -> String {
    match variant {
        0 => format!("{letter}.%1"),
        1 => "%1.".to_string(),
        _ => format!("{letter}-%1"),
    }
}

pub fn fmt_num(n: usize, fmt: &str) -> String {
    match fmt {
        "lowerLetter" => ((b'a' + ((n - 1) % 26) as u8) as char).to_string(),
        "upperLetter" => ((b'A' + ((n - 1) % 26) as u8) as char).to_string(),
        "lowerRoman" => roman_lower(n),
        "upperRoman" => roman_upper(n),
        _ => n.to_string(),
    }
}

/// Resolves a level text the way Word displays it.
pub fn display(levels: &[(&str, &str, bool)], level: usize, counters: &[usize]) -> String {
    let (text, _, lgl) = levels[level];
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            if let Some(d) = chars.next().and_then(|d| d.to_digit(10)) {
                let k = d as usize - 1;
                let fmt = if lgl { "decimal" } else { levels[k].1 };
                out.push_str(&fmt_num(counters[k].max(1), fmt));
                continue;
            }
        }
        out.push(c);
    }
    out
}

pub fn strip_dot(s: &str) -> String {
    s.strip_suffix('.').unwrap_or(s).to_string()
}

pub struct Builder {
    pub blocks: Vec<Block>,
    pub style: NumStyle,
    pub art: usize,
    pub sec: usize,
    pub sub: usize,
    pub ex_count: usize,
    pub ex_variant: u8,
    pub ex_letter: String,
    pub typed_tab: bool,
    pub uses_auto: bool,
    pub uses_exhibit_list: bool,
}

impl Builder {
    pub fn new(style: NumStyle, typed_tab: bool) -> Builder {
        Builder {
            blocks: Vec::new(),
            style,
            art: 0,
            sec: 0,
            sub: 0,
            ex_count: 0,
            ex_variant: 0,
            ex_letter: String::new(),
            typed_tab,
            uses_auto: false,
            uses_exhibit_list: false,
        }
    }

    pub fn push(&mut self, p: P) -> Loc {
        self.blocks.push(Block::P(p));
        Loc::Body(self.blocks.len() - 1)
    }

    pub fn table(&mut self, t: Table) -> usize {
        self.blocks.push(Block::Table(t));
        self.blocks.len() - 1
    }

    pub fn plain(&mut self, segs: Vec<Seg>) -> Loc {
        self.push(P::text(segs))
    }

    pub fn title(&mut self, text: &str) {
        self.push(P {
            segs: vec![Seg::T(text.to_string())],
            style: Some("Title"),
            center: true,
            bold: true,
            heading: true,
            ..Default::default()
        });
    }

    /// An unnumbered centred heading (exhibits, signature page).
    pub fn center_heading(&mut self, text: &str) {
        self.push(P {
            segs: vec![Seg::T(text.to_string())],
            center: true,
            bold: true,
            heading: true,
            ..Default::default()
        });
    }

    pub fn article(&mut self, title: &str) {
        self.art += 1;
        self.sec = 0;
        self.sub = 0;
        let n = self.art;
        let (text, num, clause) = match self.style {
            NumStyle::Auto(v) => {
                self.uses_auto = true;
                let lv = auto_levels(v);
                let d = display(&lv, 0, &[n, 0, 0]);
                (title.to_uppercase(), Some((BODY_NUM, 0)), Some(strip_dot(&d)))
            }
            NumStyle::Typed(0) => (format!("ARTICLE {n} \u{2013} {}", title.to_uppercase()), None, Some(n.to_string())),
            NumStyle::Typed(1) => (format!("{n}. {}", title.to_uppercase()), None, Some(n.to_string())),
            NumStyle::Typed(_) => (format!("Section {n}. {}", title_case(title)), None, Some(n.to_string())),
            NumStyle::Plain => (title_case(title), None, None),
        };
        self.push(P {
            segs: vec![Seg::T(text)],
            num,
            style: Some("Heading1"),
            bold: true,
            clause,
            heading: true,
            ..Default::default()
        });
    }

    fn typed_sep(&self) -> Seg {
        if self.typed_tab {
            Seg::Tab
        } else {
            Seg::T(" ".to_string())
        }
    }

    /// A level-1 clause. `segs` already holds any run-in heading.
    pub fn clause(&mut self, segs: Vec<Seg>) -> Loc {
        self.sec += 1;
        self.sub = 0;
        let (n, m) = (self.art, self.sec);
        let mut p = P::text(Vec::new());
        match self.style {
            NumStyle::Auto(v) => {
                let lv = auto_levels(v);
                let d = strip_dot(&display(&lv, 1, &[n, m, 0]));
                p.num = Some((BODY_NUM, 1));
                p.clause = Some(d.clone());
                p.clause_full = Some(d);
            }
            NumStyle::Typed(v) => {
                let d = format!("{n}.{m}");
                let shown = if v == 2 { format!("{d}.") } else { d.clone() };
                p.segs.push(Seg::T(shown));
                p.segs.push(self.typed_sep());
                p.clause = Some(d.clone());
                p.clause_full = Some(d);
            }
            NumStyle::Plain => {}
        }
        p.segs.extend(segs);
        crate::render::merge_text(&mut p.segs);
        self.push(p)
    }

    /// A level-2 sub-clause under the last clause.
    pub fn sub(&mut self, segs: Vec<Seg>) -> Loc {
        self.sub += 1;
        let (n, m, k) = (self.art, self.sec, self.sub);
        let mut p = P::text(Vec::new());
        match self.style {
            NumStyle::Auto(v) => {
                let lv = auto_levels(v);
                let d = strip_dot(&display(&lv, 2, &[n, m, k]));
                let parent = strip_dot(&display(&lv, 1, &[n, m, k]));
                p.num = Some((BODY_NUM, 2));
                p.clause_full = Some(if v == 2 { d.clone() } else { format!("{parent}{d}") });
                p.clause = Some(d);
            }
            NumStyle::Typed(v) => {
                let (shown, full) = match v {
                    1 => {
                        let s = format!("{n}.{m}({})", fmt_num(k, "lowerLetter"));
                        (s.clone(), s)
                    }
                    2 => {
                        let s = format!("({})", roman_lower(k));
                        (s.clone(), format!("{n}.{m}{s}"))
                    }
                    _ => {
                        let s = format!("({})", fmt_num(k, "lowerLetter"));
                        (s.clone(), format!("{n}.{m}{s}"))
                    }
                };
                p.segs.push(Seg::T(shown.clone()));
                p.segs.push(self.typed_sep());
                p.clause = Some(shown);
                p.clause_full = Some(full);
            }
            NumStyle::Plain => {}
        }
        p.segs.extend(segs);
        crate::render::merge_text(&mut p.segs);
        self.push(p)
    }

    /// A clause with sub-clauses (the first part is the lead-in). In the
    /// unnumbered style the parts are joined into one paragraph.
    pub fn clause_parts(&mut self, head: Vec<Seg>, parts: Vec<Vec<Seg>>) -> Loc {
        if parts.len() == 1 || self.style == NumStyle::Plain {
            let roman = self.art % 2 == 0;
            let mut segs = head;
            segs.extend(crate::render::join_inline(parts, roman));
            return self.clause(segs);
        }
        let mut it = parts.into_iter();
        let mut segs = head;
        segs.extend(it.next().unwrap());
        let loc = self.clause(segs);
        for p in it {
            self.sub(p);
        }
        loc
    }

    /// An item of the numbered exhibit list.
    pub fn exhibit_item(&mut self, segs: Vec<Seg>) -> Loc {
        self.ex_count += 1;
        self.uses_exhibit_list = true;
        let lt = exhibit_level(self.ex_variant, &self.ex_letter);
        let d = strip_dot(&lt.replace("%1", &self.ex_count.to_string()));
        let mut p = P::text(segs);
        p.num = Some((EXHIBIT_NUM, 0));
        p.clause = Some(d.clone());
        p.clause_full = Some(d);
        self.push(p)
    }

    pub fn para(&self, loc: Loc) -> &P {
        match loc {
            Loc::Body(i) => match &self.blocks[i] {
                Block::P(p) => p,
                Block::Table(_) => panic!("not a paragraph"),
            },
            Loc::Cell(b, r, c, k) => match &self.blocks[b] {
                Block::Table(t) => &t.rows[r][c][k],
                Block::P(_) => panic!("not a table"),
            },
        }
    }

    pub fn para_mut(&mut self, loc: Loc) -> &mut P {
        match loc {
            Loc::Body(i) => match &mut self.blocks[i] {
                Block::P(p) => p,
                Block::Table(_) => panic!("not a paragraph"),
            },
            Loc::Cell(b, r, c, k) => match &mut self.blocks[b] {
                Block::Table(t) => &mut t.rows[r][c][k],
                Block::P(_) => panic!("not a table"),
            },
        }
    }

    /// All paragraph locations in document order.
    pub fn all_locs(&self) -> Vec<Loc> {
        let mut v = Vec::new();
        for (i, b) in self.blocks.iter().enumerate() {
            match b {
                Block::P(_) => v.push(Loc::Body(i)),
                Block::Table(t) => {
                    for (r, row) in t.rows.iter().enumerate() {
                        for (c, cell) in row.iter().enumerate() {
                            for k in 0..cell.len() {
                                v.push(Loc::Cell(i, r, c, k));
                            }
                        }
                    }
                }
            }
        }
        v
    }
}

pub fn title_case(s: &str) -> String {
    let small = ["and", "of", "the", "for", "in", "on", "to", "a", "an", "or"];
    s.split(' ')
        .enumerate()
        .map(|(i, w)| {
            let lw = w.to_lowercase();
            if i > 0 && small.contains(&lw.as_str()) {
                lw
            } else {
                let mut c = lw.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
