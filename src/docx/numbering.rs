//! Automatic numbering (`numbering.xml`): definitions, and a counter that yields
//! the label Word displays for each numbered paragraph in document order.
//!
//! Checked against LibreOffice over the public corpus (`tests/numbering_libreoffice.rs`);
//! where LibreOffice 7.4 and Word differ (`isLgl`, `lvlRestart`, a missing `w:start`)
//! we follow Word.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};

use super::ns_reader::OoxmlReader;
use super::styles::Styles;
use super::xml::{attr, choice_understood, on_off, symbol_char, val_num, Ns};

/// Longest label we display, in characters. Word's own labels are a few
/// characters; the bound keeps a hostile level (a huge `w:start` in letter
/// format, `%1` repeated a thousand times in `w:lvlText`) from costing more.
pub const MAX_LABEL: usize = 64;

/// Longest `w:lvlText` or custom `w:format` kept, in characters: Word's are a
/// few characters, and every list that uses a level holds a copy of it.
const MAX_PATTERN: usize = 2 * MAX_LABEL;

/// Counters are kept in this range (Word accepts `w:start` up to 32767), so
/// counting on from a hostile start cannot overflow.
const MAX_COUNTER: i64 = i32::MAX as i64;

/// A `w:start`, `w:startOverride` or counter, within the range we count in.
fn bounded(n: i64) -> i64 {
    n.clamp(-MAX_COUNTER, MAX_COUNTER)
}

/// `w:numFmt` values we render; anything else shows as decimal.
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
    /// ⑴ ⑵ … (`decimalEnclosedParen`)
    DecimalParen,
    /// ① ② … (`decimalEnclosedCircle` and its Chinese variant)
    DecimalCircle,
    /// ⒈ ⒉ … (`decimalEnclosedFullstop`)
    DecimalFullstop,
    /// １ ２ … (`decimalFullWidth`)
    DecimalFullWidth,
    /// ア イ ウ … (`aiueoFullWidth`) and ｱ ｲ ｳ … (`aiueo`)
    AiueoFullWidth,
    Aiueo,
    /// イ ロ ハ … (`irohaFullWidth`, `iroha`)
    IrohaFullWidth,
    Iroha,
    /// 一 二 … 十 十一 … (`chineseCounting`, `chineseCountingThousand`, `taiwaneseCounting`…)
    ChineseCounting,
    /// 一 二 … 十 十一 … without 零 (`japaneseCounting`)
    JapaneseCounting,
    /// 一 二 … 一〇 (`ideographDigital`, `taiwaneseDigital`, `japaneseDigitalTenThousand`)
    IdeographDigital,
    /// 甲 乙 丙 … (`ideographTraditional`)
    IdeographTraditional,
    /// أ ب ت … (`arabicAlpha`)
    ArabicAlpha,
    /// أ ب ج د … (`arabicAbjad`)
    ArabicAbjad,
    /// `w:numFmt w:val="custom" w:format="001, 002, 003, ..."` (Word 2010+)
    Custom,
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
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => NumFmt::DecimalCircle,
            "decimalEnclosedFullstop" => NumFmt::DecimalFullstop,
            "decimalFullWidth" | "decimalFullWidth2" => NumFmt::DecimalFullWidth,
            "aiueoFullWidth" => NumFmt::AiueoFullWidth,
            "aiueo" => NumFmt::Aiueo,
            "irohaFullWidth" => NumFmt::IrohaFullWidth,
            "iroha" => NumFmt::Iroha,
            "chineseCounting"
            | "chineseCountingThousand"
            | "taiwaneseCounting"
            | "taiwaneseCountingThousand"
            | "ideographLegalTraditional" => NumFmt::ChineseCounting,
            "japaneseCounting" | "japaneseLegal" => NumFmt::JapaneseCounting,
            "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => NumFmt::IdeographDigital,
            "ideographTraditional" => NumFmt::IdeographTraditional,
            "arabicAlpha" => NumFmt::ArabicAlpha,
            "arabicAbjad" => NumFmt::ArabicAbjad,
            "custom" => NumFmt::Custom,
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
    /// `w:format` of a custom `w:numFmt` ("α, β, γ, ...").
    pub custom: Option<String>,
    pub text: String,
    /// `w:lvlRestart`: 0 = never restart; n = restart after level n (1-based) is used.
    pub restart: Option<i64>,
    pub is_lgl: bool,
    pub p_style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            fmt: NumFmt::Decimal,
            custom: None,
            text: String::new(),
            restart: None,
            is_lgl: false,
            p_style: None,
        }
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
        let mut reader = OoxmlReader::from_str(xml);
        let mut out = Numbering::default();
        let mut abs: Option<(i64, Abstract)> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_lvl: Option<usize> = None;
        // `mc:AlternateContent`: whether a branch was taken, per nesting level.
        let mut alternate: Vec<bool> = Vec::new();
        loop {
            let (ns, event) = reader.read_event()?;
            let in_w = ns == Ns::W;
            match event {
                Event::Start(ref e) if ns == Ns::Mc => match e.local_name().as_ref() {
                    b"AlternateContent" => alternate.push(false),
                    b"Choice" | b"Fallback" => {
                        let taken = alternate.last().copied().unwrap_or(false);
                        let take = !taken && (e.local_name().as_ref() == b"Fallback" || choice_understood(e));
                        if take {
                            if let Some(t) = alternate.last_mut() {
                                *t = true;
                            }
                        } else {
                            reader.read_to_end(e.name())?;
                        }
                    }
                    _ => {}
                },
                Event::End(ref e) if ns == Ns::Mc && e.local_name().as_ref() == b"AlternateContent" => {
                    alternate.pop();
                }
                Event::Start(ref e) | Event::Empty(ref e) if in_w => {
                    let start = matches!(event, Event::Start(_));
                    match e.local_name().as_ref() {
                        b"abstractNum" if start => {
                            abs = Some((attr_num(e, b"abstractNumId").unwrap_or(-1), Abstract::default()))
                        }
                        b"num" if start => {
                            num = Some((attr_num(e, b"numId").unwrap_or(0).max(0) as u32, Num::default()))
                        }
                        b"lvl" if start => {
                            // Without `w:start` a level starts at 0 (ECMA-376 17.9.25); Word shows "0".
                            let lvl = Level { start: 0, ..Level::default() };
                            level = Some((attr_num(e, b"ilvl").unwrap_or(0).clamp(0, 8) as usize, lvl))
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
            let linked_num = styles.numbering_style_num(link)?;
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
        let mut level = match &num.level_overrides[ilvl] {
            Some(l) => l.clone(),
            None => self.abstract_of(num_id, styles)?.1.levels[ilvl].clone()?,
        };
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
            b"start" => l.start = bounded(val_num(e).unwrap_or(1)),
            b"numFmt" => {
                l.fmt = NumFmt::parse(&attr(e, b"val").unwrap_or_default());
                l.custom = attr(e, b"format").map(|f| truncate_chars(f, MAX_PATTERN));
            }
            b"lvlText" => l.text = truncate_chars(attr(e, b"val").unwrap_or_default(), MAX_PATTERN),
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
                n.start_overrides[i] = Some(bounded(val_num(e).unwrap_or(0)));
            }
        }
        (b"numStyleLink", None, Some((_, a))) => a.num_style_link = attr(e, b"val"),
        (b"styleLink", None, Some((_, a))) => a.style_link = attr(e, b"val"),
        _ => {}
    }
}

/// A displayed list label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub text: String,
    pub level: u8,
    pub bullet: bool,
}

/// Counts list items in document order, as Word does.
///
/// Counters belong to the abstract definition (after `numStyleLink`), so every
/// `w:num` on it continues one sequence; a `w:startOverride` restarts that
/// sequence at the level the first time its `w:num` is used. Level overrides
/// that replace a whole `w:lvl` change the format only, not the count.
/// A list's abstract id and its nine levels, overrides applied.
type ResolvedList = (i64, Vec<Option<Level>>);

pub struct Numberer<'a> {
    defs: &'a Numbering,
    styles: &'a Styles,
    counters: HashMap<i64, [Option<i64>; 9]>,
    used: HashSet<u32>,
    /// Each list's abstract id and its nine levels with overrides applied:
    /// resolved once per list rather than once per numbered paragraph.
    resolved: HashMap<u32, Option<Rc<ResolvedList>>>,
    /// Lists without overrides share their abstract definition's resolution: a
    /// hostile part can define a hundred thousand lists on one definition.
    shared: HashMap<i64, Rc<ResolvedList>>,
}

impl<'a> Numberer<'a> {
    pub fn new(defs: &'a Numbering, styles: &'a Styles) -> Self {
        Numberer {
            defs,
            styles,
            counters: HashMap::new(),
            used: Default::default(),
            resolved: HashMap::new(),
            shared: HashMap::new(),
        }
    }

    fn resolve(&mut self, num_id: u32) -> Option<Rc<ResolvedList>> {
        let (defs, styles) = (self.defs, self.styles);
        let (abs_id, _) = defs.abstract_of(num_id, styles)?;
        let num = defs.nums.get(&num_id)?;
        let build = || Rc::new((abs_id, (0..9).map(|i| defs.level(num_id, i, styles)).collect()));
        let plain = num.level_overrides.iter().all(Option::is_none) && num.start_overrides.iter().all(Option::is_none);
        Some(if plain { Rc::clone(self.shared.entry(abs_id).or_insert_with(build)) } else { build() })
    }

    /// The label of the next item of list `num_id` at `ilvl`, or None when the
    /// list or level is undefined (Word then shows no number).
    pub fn next(&mut self, num_id: u32, ilvl: u8) -> Option<Label> {
        let ilvl = ilvl.min(8) as usize;
        let num = self.defs.nums.get(&num_id)?;
        let list = match self.resolved.get(&num_id) {
            Some(list) => list.clone(),
            None => {
                let list = self.resolve(num_id);
                self.resolved.insert(num_id, list.clone());
                list
            }
        }?;
        let (abs_id, levels) = (list.0, &list.1);
        let current = levels[ilvl].as_ref()?;
        let counters = self.counters.entry(abs_id).or_insert([None; 9]);
        if self.used.insert(num_id) {
            for (lvl, start) in num.start_overrides.iter().enumerate() {
                if start.is_some() {
                    counters[lvl] = None;
                }
            }
        }
        counters[ilvl] = Some(counters[ilvl].map_or(current.start, |v| bounded(v + 1)));
        // A level shown before any item used it counts as used (Word: "1.a.i" then "1.b").
        for (i, lvl) in levels.iter().enumerate().take(ilvl) {
            if counters[i].is_none() {
                counters[i] = Some(lvl.as_ref().map_or(0, |l| l.start));
            }
        }
        for (deeper, lvl) in levels.iter().enumerate().skip(ilvl + 1) {
            let restart_after = lvl.as_ref().and_then(|l| l.restart).unwrap_or(deeper as i64);
            if restart_after != 0 && (ilvl as i64) < restart_after {
                counters[deeper] = None;
            }
        }
        let bullet = current.fmt == NumFmt::Bullet;
        let text = if bullet {
            current.text.chars().take(MAX_LABEL).map(|c| symbol_char(c as u32).unwrap_or(c)).collect()
        } else {
            render(&current.text, levels, counters, current.is_lgl)
        };
        Some(Label { text, level: ilvl as u8, bullet })
    }
}

/// Replaces `%1`..`%9` in `lvlText` with each level's counter in its format,
/// stopping at `MAX_LABEL` characters.
fn render(pattern: &str, levels: &[Option<Level>], counters: &[Option<i64>; 9], legal: bool) -> String {
    let mut out = String::with_capacity(pattern.len().min(MAX_LABEL) + 4);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if out.len() >= MAX_LABEL {
            break;
        }
        match (c, chars.peek().and_then(|d| d.to_digit(10))) {
            ('%', Some(d @ 1..=9)) => {
                chars.next();
                let i = d as usize - 1;
                let default = Level::default();
                let lvl = levels[i].as_ref().unwrap_or(&default);
                let value = counters[i].unwrap_or(lvl.start);
                if legal && !matches!(lvl.fmt, NumFmt::None | NumFmt::Bullet) {
                    out.push_str(&value.to_string());
                } else {
                    out.push_str(&format_level(value, lvl));
                }
            }
            _ => out.push(c),
        }
    }
    truncate_chars(out, MAX_LABEL)
}

fn truncate_chars(mut s: String, max: usize) -> String {
    if let Some((at, _)) = s.char_indices().nth(max) {
        s.truncate(at);
    }
    s
}

/// A counter in its level's format, custom formats included; at most
/// `MAX_LABEL` characters whatever the value and format.
pub fn format_level(n: i64, level: &Level) -> String {
    let n = bounded(n);
    match (level.fmt, level.custom.as_deref()) {
        (NumFmt::Custom, Some(format)) => format_custom(n, format),
        (NumFmt::Custom, None) => n.to_string(),
        (fmt, _) => format_number(n, fmt),
    }
}

pub fn format_number(n: i64, fmt: NumFmt) -> String {
    match fmt {
        NumFmt::Decimal | NumFmt::Custom => n.to_string(),
        NumFmt::DecimalZero if (0..10).contains(&n) => format!("0{n}"),
        NumFmt::DecimalZero => n.to_string(),
        NumFmt::DecimalParen => enclosed(n, 0x2474, 20).unwrap_or_else(|| format!("({n})")),
        NumFmt::DecimalCircle => match n {
            1..=20 => enclosed(n, 0x2460, 20),
            21..=35 => enclosed(n - 20, 0x3251, 15),
            36..=50 => enclosed(n - 35, 0x32B1, 15),
            _ => None,
        }
        .unwrap_or_else(|| n.to_string()),
        NumFmt::DecimalFullstop => enclosed(n, 0x2488, 20).unwrap_or_else(|| format!("{n}.")),
        NumFmt::DecimalFullWidth => n
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).and_then(|d| char::from_u32(0xFF10 + d)).unwrap_or(c))
            .collect(),
        NumFmt::LowerLetter => letters(n),
        NumFmt::UpperLetter => letters(n).to_uppercase(),
        NumFmt::LowerRoman => roman(n).to_lowercase(),
        NumFmt::UpperRoman => roman(n),
        NumFmt::Ordinal => format!("{n}{}", ordinal_suffix(n)),
        NumFmt::CardinalText => crate::normalize::number_words(n, false),
        NumFmt::OrdinalText => crate::normalize::number_words(n, true),
        NumFmt::AiueoFullWidth => cycle(n, AIUEO_FULL),
        NumFmt::Aiueo => cycle(n, AIUEO_HALF),
        NumFmt::IrohaFullWidth => cycle(n, IROHA_FULL),
        NumFmt::Iroha => cycle(n, IROHA_HALF),
        NumFmt::IdeographTraditional => cycle(n, "甲乙丙丁戊己庚辛壬癸"),
        NumFmt::ArabicAlpha => cycle(n, "أبتثجحخدذرزسشصضطظعغفقكلمنهوي"),
        NumFmt::ArabicAbjad => cycle(n, "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"),
        NumFmt::ChineseCounting => cjk_counting(n, true),
        NumFmt::JapaneseCounting => cjk_counting(n, false),
        NumFmt::IdeographDigital => {
            n.to_string().chars().map(|c| c.to_digit(10).map_or(c, |d| CJK_DIGITS[d as usize])).collect()
        }
        NumFmt::Bullet | NumFmt::None => String::new(),
    }
}

const AIUEO_FULL: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
const AIUEO_HALF: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ";
const IROHA_FULL: &str =
    "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";
const IROHA_HALF: &str = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳヰﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼヱﾋﾓｾｽ";
const CJK_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Characters `base`, `base+1`, … for 1..=`count`.
fn enclosed(n: i64, base: u32, count: i64) -> Option<String> {
    (1..=count).contains(&n).then(|| char::from_u32(base + n as u32 - 1)).flatten().map(String::from)
}

/// The n-th symbol of an alphabet, wrapping around.
fn cycle(n: i64, alphabet: &str) -> String {
    let symbols: Vec<char> = alphabet.chars().collect();
    if n <= 0 {
        return n.to_string();
    }
    symbols[((n - 1) as usize) % symbols.len()].to_string()
}

/// 一 … 九 十 十一 … 二十 … 一百零一 … 九千九百九十九 (Chinese uses 零 for inner zeros).
fn cjk_counting(n: i64, zero: bool) -> String {
    if n <= 0 || n >= 10_000 {
        return n.to_string();
    }
    let mut out = String::new();
    let mut pending_zero = false;
    for (unit, sign) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
        let d = (n / unit % 10) as usize;
        if d == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero && zero {
            out.push('零');
        }
        pending_zero = false;
        // 10-19 read 十, 十一 … (no leading 一).
        if !(unit == 10 && d == 1 && out.is_empty()) {
            out.push(CJK_DIGITS[d]);
        }
        out.push_str(sign);
    }
    out
}

/// Word 2010 custom formats: the first item shows the pattern. "001, 002, 003, ..."
/// pads decimals (to at most `MAX_LABEL` digits); "α, β, γ, ..." counts through
/// an alphabet.
fn format_custom(n: i64, format: &str) -> String {
    let first = format.split(',').next().unwrap_or_default().trim();
    if !first.is_empty() && first.chars().all(|c| c.is_ascii_digit()) {
        return format!("{n:0width$}", width = first.len().min(MAX_LABEL));
    }
    const GREEK: &str = "αβγδεζηθικλμνξοπρστυφχψω";
    let Some(c) = first.chars().next() else {
        return n.to_string();
    };
    if let Some(pos) = GREEK.chars().position(|g| g == c) {
        return cycle(n.saturating_add(pos as i64), GREEK);
    }
    if let Some(pos) = GREEK.to_uppercase().chars().position(|g| g == c) {
        return cycle(n.saturating_add(pos as i64), &GREEK.to_uppercase());
    }
    if n >= 1 {
        let code = u32::try_from(n - 1).ok().and_then(|k| (c as u32).checked_add(k));
        if let Some(ch) = code.and_then(char::from_u32) {
            return ch.to_string();
        }
    }
    n.to_string()
}

/// Word's letter numbering repeats the letter: 27 → "aa", 53 → "aaa" (at most
/// `MAX_LABEL` times, where Word's own lists never go).
fn letters(n: i64) -> String {
    if n <= 0 {
        return n.to_string();
    }
    let letter = (b'a' + ((n - 1) % 26) as u8) as char;
    let times = ((n - 1) / 26 + 1).min(MAX_LABEL as i64);
    std::iter::repeat_n(letter, times as usize).collect()
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
    fn hostile_values_give_short_labels() {
        assert_eq!(letters(i64::MAX).len(), MAX_LABEL);
        assert_eq!(format_custom(7, &"0".repeat(70_000)).len(), MAX_LABEL);
        assert_eq!(format_custom(i64::MAX, "\u{10FFF0}"), i64::MAX.to_string());
        let lvl = Some(Level { fmt: NumFmt::UpperLetter, start: bounded(i64::MAX), ..Level::default() });
        let levels = vec![lvl, None, None, None, None, None, None, None, None];
        let counters = [Some(1_000_000), None, None, None, None, None, None, None, None];
        assert_eq!(render(&"%1".repeat(1000), &levels, &counters, false).chars().count(), MAX_LABEL);
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
