//! Automatic numbering (`numbering.xml`): definitions, and a counter that yields
//! the label Word displays for each numbered paragraph in document order.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::NsReader;

use super::styles::Styles;
use super::xml::{attr, ns_of, on_off, symbol_char, val_num};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumFmt {
    Decimal,
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Ordinal,
    CardinalText,
    OrdinalText,
    DecimalParen,
    Bullet,
    None,
}

impl NumFmt {
    fn parse(s: &str) -> NumFmt {
        match s {
            "decimalZero" => NumFmt::DecimalZero,
            "lowerLetter" => NumFmt::LowerLetter,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerRoman" => NumFmt::LowerRoman,
            "upperRoman" => NumFmt::UpperRoman,
            "ordinal" => NumFmt::Ordinal,
            "cardinalText" => NumFmt::CardinalText,
            "ordinalText" => NumFmt::OrdinalText,
            "decimalEnclosedParen" => NumFmt::DecimalParen,
            "bullet" => NumFmt::Bullet,
            "none" => NumFmt::None,
            _ => NumFmt::Decimal,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Level {
    pub start: i64,
    pub fmt: NumFmt,
    pub text: String,
    /// `w:lvlRestart`: 0 = never restart; n = restart after level n (1-based) is used.
    pub restart: Option<i64>,
    pub is_lgl: bool,
    pub p_style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level { start: 1, fmt: NumFmt::Decimal, text: String::new(), restart: None, is_lgl: false, p_style: None }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; 9],
    num_style_link: Option<String>,
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: i64,
    start_overrides: [Option<i64>; 9],
    level_overrides: [Option<Level>; 9],
}

/// The parsed numbering part.
#[derive(Debug, Clone, Default)]
pub struct Numbering {
    abstracts: HashMap<i64, Abstract>,
    nums: HashMap<u32, Num>,
}

impl Numbering {
    pub fn parse(xml: &str) -> Result<Numbering, quick_xml::Error> {
        let mut reader = NsReader::from_str(xml);
        let mut out = Numbering::default();
        let mut abs: Option<(i64, Abstract)> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_lvl: Option<usize> = None;
        loop {
            let (ns, event) = reader.read_resolved_event()?;
            let in_w = ns_of(&ns) == super::xml::Ns::W;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) if in_w => {
                    let start = matches!(event, Event::Start(_));
                    match e.local_name().as_ref() {
                        b"abstractNum" => {
                            abs = Some((attr_num(e, b"abstractNumId").unwrap_or(-1), Abstract::default()))
                        }
                        b"num" => num = Some((attr_num(e, b"numId").unwrap_or(0).max(0) as u32, Num::default())),
                        b"lvl" => {
                            level = Some((attr_num(e, b"ilvl").unwrap_or(0).clamp(0, 8) as usize, Level::default()))
                        }
                        b"lvlOverride" => override_lvl = Some(attr_num(e, b"ilvl").unwrap_or(0).clamp(0, 8) as usize),
                        b"rPr" | b"pPr" if start => {
                            // Level formatting; `w:pStyle` never lives here.
                            reader.read_to_end(e.name())?;
                        }
                        name => apply_property(name, e, &mut abs, &mut num, &mut level, override_lvl),
                    }
                }
                Event::End(ref e) if in_w => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let Some((i, lvl)) = level.take() {
                            if let Some((_, n)) = num.as_mut() {
                                n.level_overrides[override_lvl.unwrap_or(i)] = Some(lvl);
                            } else if let Some((_, a)) = abs.as_mut() {
                                a.levels[i] = Some(lvl);
                            }
                        }
                    }
                    b"lvlOverride" => override_lvl = None,
                    b"abstractNum" => {
                        if let Some((id, a)) = abs.take() {
                            out.abstracts.insert(id, a);
                        }
                    }
                    b"num" => {
                        if let Some((id, n)) = num.take() {
                            out.nums.insert(id, n);
                        }
                    }
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    pub fn is_empty(&self) -> bool {
        self.nums.is_empty()
    }

    /// Resolves a `numStyleLink` to the abstract definition that carries the levels.
    fn abstract_of(&self, num_id: u32, styles: &Styles) -> Option<(i64, &Abstract)> {
        let mut id = self.nums.get(&num_id)?.abstract_id;
        for _ in 0..8 {
            let a = self.abstracts.get(&id)?;
            let Some(link) = &a.num_style_link else {
                return Some((id, a));
            };
            let linked_num = styles.resolve(Some(link)).num_id?;
            let next = self.nums.get(&linked_num)?.abstract_id;
            if next == id {
                return Some((id, a));
            }
            id = next;
        }
        None
    }

    /// The level (0-based) of a list whose level names this paragraph style.
    pub fn level_for_style(&self, num_id: u32, style: &str, styles: &Styles) -> Option<u8> {
        let (_, a) = self.abstract_of(num_id, styles)?;
        a.levels.iter().position(|l| l.as_ref().and_then(|l| l.p_style.as_deref()) == Some(style)).map(|i| i as u8)
    }

    fn level(&self, num_id: u32, ilvl: usize, styles: &Styles) -> Option<Level> {
        let num = self.nums.get(&num_id)?;
        if let Some(l) = &num.level_overrides[ilvl] {
            return Some(l.clone());
        }
        let (_, a) = self.abstract_of(num_id, styles)?;
        let mut level = a.levels[ilvl].clone()?;
        if let Some(s) = num.start_overrides[ilvl] {
            level.start = s;
        }
        Some(level)
    }
}

fn attr_num(e: &BytesStart, key: &[u8]) -> Option<i64> {
    attr(e, key).and_then(|v| v.trim().parse().ok())
}

fn apply_property(
    name: &[u8],
    e: &BytesStart,
    abs: &mut Option<(i64, Abstract)>,
    num: &mut Option<(u32, Num)>,
    level: &mut Option<(usize, Level)>,
    override_lvl: Option<usize>,
) {
    if let Some((_, l)) = level.as_mut() {
        match name {
            b"start" => l.start = val_num(e).unwrap_or(1),
            b"numFmt" => l.fmt = NumFmt::parse(&attr(e, b"val").unwrap_or_default()),
            b"lvlText" => l.text = attr(e, b"val").unwrap_or_default(),
            b"lvlRestart" => l.restart = val_num(e),
            b"isLgl" => l.is_lgl = on_off(e),
            b"pStyle" => l.p_style = attr(e, b"val"),
            _ => {}
        }
        return;
    }
    match (name, num.as_mut(), abs.as_mut()) {
        (b"abstractNumId", Some((_, n)), _) => n.abstract_id = val_num(e).unwrap_or(-1),
        (b"startOverride", Some((_, n)), _) => {
            if let Some(i) = override_lvl {
                n.start_overrides[i] = Some(val_num(e).unwrap_or(0));
            }
        }
        (b"numStyleLink", None, Some((_, a))) => a.num_style_link = attr(e, b"val"),
        (b"styleLink", None, Some((_, a))) => a.style_link = attr(e, b"val"),
        _ => {}
    }
}

/// Which counters a list uses: instances that restart numbering with
/// `w:startOverride` count on their own; the rest continue the abstract list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ListKey {
    Abstract(i64),
    Instance(u32),
}

/// A displayed list label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub text: String,
    pub level: u8,
    pub bullet: bool,
}

/// Counts list items in document order, as Word does.
pub struct Numberer<'a> {
    defs: &'a Numbering,
    styles: &'a Styles,
    counters: HashMap<ListKey, [Option<i64>; 9]>,
}

impl<'a> Numberer<'a> {
    pub fn new(defs: &'a Numbering, styles: &'a Styles) -> Self {
        Numberer { defs, styles, counters: HashMap::new() }
    }

    /// The label of the next item of list `num_id` at `ilvl`, or None when the
    /// list or level is undefined (Word then shows no number).
    pub fn next(&mut self, num_id: u32, ilvl: u8) -> Option<Label> {
        let ilvl = ilvl.min(8) as usize;
        let num = self.defs.nums.get(&num_id)?;
        let (abs_id, _) = self.defs.abstract_of(num_id, self.styles)?;
        let current = self.defs.level(num_id, ilvl, self.styles)?;
        let key = if num.start_overrides.iter().any(Option::is_some) || num.level_overrides.iter().any(Option::is_some)
        {
            ListKey::Instance(num_id)
        } else {
            ListKey::Abstract(abs_id)
        };
        let levels: Vec<Option<Level>> = (0..9).map(|i| self.defs.level(num_id, i, self.styles)).collect();
        let counters = self.counters.entry(key).or_insert([None; 9]);
        counters[ilvl] = Some(counters[ilvl].map_or(current.start, |v| v + 1));
        for (deeper, lvl) in levels.iter().enumerate().skip(ilvl + 1) {
            let restart_after = lvl.as_ref().and_then(|l| l.restart).unwrap_or(deeper as i64);
            if restart_after != 0 && (ilvl as i64) < restart_after {
                counters[deeper] = None;
            }
        }
        let bullet = current.fmt == NumFmt::Bullet;
        let text = if bullet {
            current.text.chars().map(|c| symbol_char(c as u32).unwrap_or(c)).collect()
        } else {
            render(&current.text, &levels, counters, current.is_lgl)
        };
        Some(Label { text, level: ilvl as u8, bullet })
    }
}

/// Replaces `%1`..`%9` in `lvlText` with each level's counter in its format.
fn render(pattern: &str, levels: &[Option<Level>], counters: &[Option<i64>; 9], legal: bool) -> String {
    let mut out = String::with_capacity(pattern.len() + 4);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().and_then(|d| d.to_digit(10))) {
            ('%', Some(d @ 1..=9)) => {
                chars.next();
                let i = d as usize - 1;
                let lvl = levels[i].clone().unwrap_or_default();
                let value = counters[i].unwrap_or(lvl.start);
                let fmt = if legal && lvl.fmt != NumFmt::None { NumFmt::Decimal } else { lvl.fmt };
                out.push_str(&format_number(value, fmt));
            }
            _ => out.push(c),
        }
    }
    out
}

pub fn format_number(n: i64, fmt: NumFmt) -> String {
    match fmt {
        NumFmt::Decimal => n.to_string(),
        NumFmt::DecimalZero if (0..10).contains(&n) => format!("0{n}"),
        NumFmt::DecimalZero => n.to_string(),
        NumFmt::DecimalParen => format!("({n})"),
        NumFmt::LowerLetter => letters(n),
        NumFmt::UpperLetter => letters(n).to_uppercase(),
        NumFmt::LowerRoman => roman(n).to_lowercase(),
        NumFmt::UpperRoman => roman(n),
        NumFmt::Ordinal => format!("{n}{}", ordinal_suffix(n)),
        NumFmt::CardinalText => crate::normalize::number_words(n, false),
        NumFmt::OrdinalText => crate::normalize::number_words(n, true),
        NumFmt::Bullet | NumFmt::None => String::new(),
    }
}

/// Word's letter numbering repeats the letter: 27 → "aa", 53 → "aaa".
fn letters(n: i64) -> String {
    if n <= 0 {
        return n.to_string();
    }
    let letter = (b'a' + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: i64) -> String {
    if n <= 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(i64, &str); 13] = [
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
    let mut out = String::new();
    for (value, sym) in TABLE {
        while n >= value {
            out.push_str(sym);
            n -= value;
        }
    }
    out
}

fn ordinal_suffix(n: i64) -> &'static str {
    match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_repeat_like_word() {
        assert_eq!(letters(1), "a");
        assert_eq!(letters(26), "z");
        assert_eq!(letters(27), "aa");
        assert_eq!(letters(53), "aaa");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(1994), "MCMXCIV");
        assert_eq!(format_number(3, NumFmt::LowerRoman), "iii");
    }

    #[test]
    fn render_legal_and_levels() {
        let lvl = |fmt| Some(Level { fmt, ..Level::default() });
        let levels = vec![lvl(NumFmt::UpperRoman), lvl(NumFmt::LowerLetter), None, None, None, None, None, None, None];
        let counters = [Some(2), Some(3), None, None, None, None, None, None, None];
        assert_eq!(render("%1.%2)", &levels, &counters, false), "II.c)");
        assert_eq!(render("%1.%2", &levels, &counters, true), "2.3");
    }
}
