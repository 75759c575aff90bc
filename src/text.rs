//! Normalised tokens for matching: lower case, dashes split, possessives and
//! soft hyphens dropped, British spellings folded, number words turned into
//! numbers ("seventy-two (72)" → one token 72), party names turned into the
//! role tokens `mdm` / `hdo`, and every word stemmed (Snowball English).
//!
//! Every token keeps its byte range in the source text, so a match can always
//! be reported as an exact span of the canonical text.

use std::collections::HashMap;

use compact_str::{format_compact, CompactString};
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use crate::memo::{cached_in, Memo};
use crate::normalize::word_value;

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Stemmed, normalised form (`notifi`, `72`, `mdm`). Stems and words are
    /// short, so inline strings spare an allocation per token.
    pub stem: CompactString,
    /// `stem_key(stem)`: the index key, and a quick mismatch test.
    pub key: u64,
    /// Lower-cased surface form, before stemming.
    pub lower: CompactString,
    pub start: usize,
    pub end: usize,
    /// Numeric value for number tokens (digits or number words).
    pub num: Option<f64>,
    /// A `$` immediately before a number.
    pub dollar: bool,
}

/// An element of a phrase: a stemmed word with its `stem_key`, or `*` (zero
/// to three tokens).
///
/// The stem is an inline string (stems are short), so a phrase's words lie in
/// the phrase's array and not each in a heap block of its own.
#[derive(Debug, Clone, PartialEq)]
pub enum PhraseTok {
    Word(CompactString, u64),
    Any,
}

/// Phrases back to back in one array, for searching a document for all of
/// them. `element_hits` runs every phrase of the pack against every document;
/// kept one vector per phrase, the phrases were scattered heap blocks that
/// left the processor's cache between documents, and cachegrind counted a
/// last-level cache miss on the first word of a third of the phrases looked
/// up (about a seventh of a bulk audit's read misses). One array is read
/// front to back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhraseList {
    toks: Vec<PhraseTok>,
    /// Where each phrase ends in `toks`.
    ends: Vec<u32>,
    texts: Vec<String>,
}

impl PhraseList {
    /// Each phrase's words.
    pub fn iter(&self) -> impl Iterator<Item = &[PhraseTok]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.toks[a as usize..b as usize])
    }

    /// Each phrase as written in the pack.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.texts.iter().map(String::as_str)
    }
}

impl FromIterator<Phrase> for PhraseList {
    fn from_iter<I: IntoIterator<Item = Phrase>>(phrases: I) -> PhraseList {
        let mut list = PhraseList::default();
        for p in phrases {
            list.toks.extend(p.toks);
            list.ends.push(u32::try_from(list.toks.len()).expect("a pack has fewer than 2^32 phrase words"));
            list.texts.push(p.text);
        }
        list
    }
}

/// FNV-1a of a stem: cheap, and collisions are harmless (a key match is
/// always confirmed by comparing the stems).
pub fn stem_key(stem: &str) -> u64 {
    stem.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// A pack phrase, normalised like document text.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pub toks: Vec<PhraseTok>,
    pub text: String,
}

/// How many tokens a `*` in a phrase may span: drafters put whole noun
/// phrases between a verb and its adverb ("access the Products and
/// Customer's network remotely").
const MAX_GAP: usize = 7;

impl Phrase {
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    pub fn first_word(&self) -> Option<&str> {
        self.toks.iter().find_map(|t| match t {
            PhraseTok::Word(w, _) => Some(w.as_str()),
            PhraseTok::Any => None,
        })
    }

    /// Token range `[i, j)` of the first occurrence at or after `from`.
    pub fn find_from(&self, toks: &[Token], from: usize) -> Option<(usize, usize)> {
        (from..toks.len()).find_map(|i| self.match_at(toks, i).map(|j| (i, j)))
    }

    /// All non-overlapping occurrences.
    pub fn find_all(&self, toks: &[Token]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some((i, j)) = self.find_from(toks, from) {
            out.push((i, j));
            from = j.max(i + 1);
        }
        out
    }

    /// End of a match starting exactly at token `i`.
    pub fn match_at(&self, toks: &[Token], i: usize) -> Option<usize> {
        match_from(&self.toks, toks, i)
    }
}

/// Whether two stems are equal, byte by byte: stems are a few bytes long,
/// and the library comparison that `==` calls cost more than the comparing
/// (it ran for nearly every phrase word tried, as the index lookup already
/// matched the key).
pub(crate) fn same_stem(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// End of a match of the phrase words `pat` starting exactly at token `i`.
pub fn match_from(pat: &[PhraseTok], toks: &[Token], mut i: usize) -> Option<usize> {
    // Words are matched in a loop and only a gap recurses: most calls fail on
    // their first word, and a gap tries eight positions.
    for (k, p) in pat.iter().enumerate() {
        match p {
            PhraseTok::Word(w, key) => {
                let t = toks.get(i)?;
                if t.key != *key || !same_stem(&t.stem, w) {
                    return None;
                }
                i += 1;
            }
            PhraseTok::Any => {
                let rest = &pat[k + 1..];
                // The word after a gap must stand right after it: its key rejects
                // most positions without a call.
                let fits = |j: usize| match rest.first() {
                    Some(PhraseTok::Word(_, key)) => toks.get(j).is_some_and(|t| t.key == *key),
                    _ => j <= toks.len(),
                };
                return (i..=i + MAX_GAP).filter(|&j| fits(j)).find_map(|j| match_from(rest, toks, j));
            }
        }
    }
    Some(i)
}

/// Party names of a document, to be replaced by role tokens.
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    /// Lower-cased word sequences with their role token, longest first.
    entries: Vec<(Vec<CompactString>, &'static str)>,
    /// First word → indices into `entries` (in order), so that most words
    /// are rejected with one lookup.
    by_first: FxHashMap<CompactString, Vec<usize>>,
    /// Bit `n` set when some first word has `n` bytes (63: that many or
    /// more): most words of a contract are rejected by their length alone,
    /// before the lookup hashes them.
    first_lengths: u64,
}

/// `Aliases::first_lengths`' bit for a word of `len` bytes.
fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

impl Aliases {
    pub fn new(mdm: &[String], hdo: &[String]) -> Aliases {
        let mut entries = Vec::new();
        for (names, role) in [(mdm, "mdm"), (hdo, "hdo")] {
            for name in names {
                let words = surface_words(name);
                if !words.is_empty() {
                    entries.push((words, role));
                }
            }
        }
        entries.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        let mut by_first: FxHashMap<CompactString, Vec<usize>> = FxHashMap::default();
        for (i, (words, _)) in entries.iter().enumerate() {
            by_first.entry(words[0].clone()).or_default().push(i);
        }
        let first_lengths = by_first.keys().fold(0, |bits, w| bits | length_bit(w.len()));
        Aliases { entries, by_first, first_lengths }
    }

    /// The longest alias starting at word `i`: how many words the role
    /// token replaces, and the role. A name for the customer's data
    /// ("Protected Data") keeps its last word, so it reads "hdo data".
    fn at(&self, words: &[Word], i: usize) -> Option<(usize, &'static str)> {
        if self.first_lengths & length_bit(words[i].text.len()) == 0 {
            return None;
        }
        let candidates = self.by_first.get(words[i].text.as_str())?;
        candidates.iter().map(|&k| &self.entries[k]).find_map(|(alias, role)| {
            let n = alias.len();
            let hit = i + n <= words.len() && words[i..i + n].iter().zip(alias).all(|(w, a)| w.text == *a);
            let data = n > 1 && matches!(alias[n - 1].as_str(), "data" | "information" | "records");
            hit.then_some((if data { n - 1 } else { n }, *role))
        })
    }
}

/// A word of the text, lower-cased, with its byte range.
#[derive(Debug, Clone, Default)]
struct Word {
    start: usize,
    end: usize,
    text: CompactString,
    /// A `$` right before a number.
    dollar: bool,
}

/// Lower-cased words of a name, split the way document text is.
fn surface_words(s: &str) -> Vec<CompactString> {
    let mut out = Vec::new();
    split_words(s, |_, _, w, _| out.push(w));
    out
}

pub struct Tokenizer {
    stemmer: Stemmer,
    aliases: Aliases,
}

/// A word's stem and its `stem_key`.
type Stemmed = (CompactString, u64);

thread_local! {
    /// Contracts share their vocabulary; each thread stems a distinct word once
    /// across all the documents it reads (bounded: cleared past 200,000 words).
    static STEMS: Memo<CompactString, Stemmed> = Memo::default();
}

/// Word stems whose British `-is-` spelling is folded to `-iz-`.
const BRITISH_IS: &[&str] = &[
    "sanitis",
    "authoris",
    "organis",
    "recognis",
    "minimis",
    "prioritis",
    "standardis",
    "utilis",
    "categoris",
    "customis",
    "realis",
    "finalis",
    "optimis",
    "summaris",
    "characteris",
    "centralis",
    "normalis",
    "penalis",
    "digitis",
    "itemis",
    "maximis",
    "initialis",
    "serialis",
    "synchronis",
    "harmonis",
    "anonymis",
    "pseudonymis",
    "criticis",
    "emphasis",
    "localis",
    "virtualis",
    "containeris",
    "operationalis",
    "formalis",
    "specialis",
];
const BRITISH_OUR: &[&str] = &["endeavour", "behaviour", "favour", "honour", "labour", "colour", "harbour"];

/// Words the English stemmer folds onto an unrelated word: "designated"
/// (appointed: "a designated security contact") and "designed" (made:
/// "safeguards designed to protect the security") both become "design".
fn kept_apart(w: &str) -> Option<&'static str> {
    w.starts_with("designat").then_some("designat")
}

fn fold_spelling(w: &str) -> String {
    for stem in BRITISH_IS {
        if let Some(rest) = w.strip_prefix(stem) {
            if *stem == "emphasis" {
                break;
            }
            return format!("{}z{rest}", &stem[..stem.len() - 1]);
        }
    }
    for word in BRITISH_OUR {
        if let Some(rest) = w.strip_prefix(word) {
            return format!("{}or{rest}", &word[..word.len() - 3]);
        }
    }
    match w {
        "analyse" | "analysed" | "analyses" | "analysing" => w.replacen("lys", "lyz", 1),
        "licence" => "license".into(),
        "programme" | "programmes" => w.replacen("programme", "program", 1),
        "cheque" => "check".into(),
        _ => w.to_string(),
    }
}

/// Splits text into words: alphanumeric runs, with `,`/`.` kept inside numbers,
/// soft hyphens removed, dashes and apostrophes as separators, possessive `s`
/// dropped. Calls `f(start, end, lower_word, dollar)`.
fn split_words(text: &str, mut f: impl FnMut(usize, usize, CompactString, bool)) {
    let bytes = text.as_bytes();
    let mut prev_apostrophe = false;
    let mut i = 0;
    while i < bytes.len() {
        // Separators are mostly ASCII spaces and punctuation: no decoding.
        let b = bytes[i];
        if b.is_ascii() && !b.is_ascii_alphanumeric() {
            prev_apostrophe = b == b'\'';
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        if !c.is_alphanumeric() {
            prev_apostrophe = matches!(c, '\u{2019}' | '\u{2018}');
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let numeric = c.is_ascii_digit();
        let (end, plain) = word_end(text, i + c.len_utf8(), numeric, c.is_ascii());
        i = end;
        let word = if plain { ascii_lower(&text[start..end]) } else { lower_word(&text[start..end]) };
        let possessive = prev_apostrophe && word == "s";
        prev_apostrophe = false;
        if possessive {
            continue;
        }
        let dollar = numeric && text[..start].trim_end().ends_with('$');
        f(start, end, word, dollar);
    }
}

/// The character starting at byte `i` (ASCII without decoding).
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes()[i] {
        b if b.is_ascii() => char::from(b),
        _ => text[i..].chars().next().expect("a char boundary inside the text"),
    }
}

/// Where the word continuing at byte `end` stops, and whether it is plain
/// (ASCII letters and digits, and decimal points, only: its lower case is a
/// byte copy). Words are mostly ASCII letters, scanned a byte at a time.
fn word_end(text: &str, mut end: usize, numeric: bool, mut plain: bool) -> (usize, bool) {
    let bytes = text.as_bytes();
    loop {
        while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            end += 1;
        }
        match bytes.get(end) {
            None => break,
            Some(&b @ (b',' | b'.')) if numeric && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) => {
                plain &= b == b'.';
                end += 1;
                continue;
            }
            // Any other ASCII byte ends the word, without decoding.
            Some(b) if b.is_ascii() => break,
            Some(_) => {}
        }
        let d = char_at(text, end);
        if !(d.is_alphanumeric() || d == '\u{00AD}') {
            break;
        }
        // a non-ASCII letter, or a soft hyphen (invisible, joins the word)
        plain = false;
        end += d.len_utf8();
    }
    (end, plain)
}

/// The scheme of a web address ("https" before "://").
fn is_url_scheme(word: &str, rest: &str) -> bool {
    matches!(word, "http" | "https" | "ftp" | "sftp") && rest.starts_with("://")
}

fn ascii_lower(s: &str) -> CompactString {
    let mut w = CompactString::from(s);
    w.as_mut_str().make_ascii_lowercase();
    w
}

/// The word `split_words` found in `s`: lower case, soft hyphens and
/// thousands separators dropped (a `.` inside `s` is a decimal point).
fn lower_word(s: &str) -> CompactString {
    let mut w = CompactString::default();
    for d in s.chars() {
        if d.is_alphanumeric() {
            w.extend(d.to_lowercase());
        } else if d == '.' {
            w.push('.');
        }
    }
    w
}

impl Tokenizer {
    /// A tokenizer that knows no party names (for pack phrases).
    pub fn plain() -> Tokenizer {
        Tokenizer::with_aliases(Aliases::default())
    }

    pub fn with_aliases(aliases: Aliases) -> Tokenizer {
        Tokenizer { stemmer: Stemmer::create(Algorithm::English), aliases }
    }

    pub fn stem(&self, word: &str) -> String {
        self.stem_keyed(word).0.into()
    }

    /// The stem of a lower-cased word, with its `stem_key`, from the thread's cache.
    fn stem_keyed(&self, word: &str) -> Stemmed {
        STEMS.with(|stems| self.stem_in(&mut stems.borrow_mut(), word))
    }

    /// `stem_keyed` with the thread's cache in hand (`tokens_into` borrows
    /// it once per paragraph, not once per word).
    fn stem_in(&self, stems: &mut FxHashMap<CompactString, Stemmed>, word: &str) -> Stemmed {
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            return (word.into(), stem_key(word));
        }
        cached_in(stems, word, 200_000, || {
            let stem: CompactString = match kept_apart(word) {
                Some(stem) => stem.into(),
                None => self.stemmer.stem(&fold_spelling(word)).as_ref().into(),
            };
            let key = stem_key(&stem);
            (stem, key)
        })
    }

    /// Tokens of `text`; offsets are shifted by `base` (the text's position in
    /// the canonical text).
    pub fn tokens(&self, text: &str, base: usize) -> Vec<Token> {
        let mut out = Vec::new();
        self.tokens_into(text, base, &mut out);
        out
    }

    /// `tokens`, appended to `out` (the document's token array) without an
    /// intermediate vector.
    pub fn tokens_into(&self, text: &str, base: usize, out: &mut Vec<Token>) {
        // About one word per six bytes; one allocation for most paragraphs.
        let mut words: Vec<Word> = Vec::with_capacity(text.len() / 6 + 4);
        split_words(text, |s, e, text, dollar| words.push(Word { start: s + base, end: e + base, text, dollar }));
        self.replace_aliases(&mut words);
        out.reserve(words.len());
        STEMS.with(|stems| self.push_tokens(&mut words, text, base, out, &mut stems.borrow_mut()));
    }

    /// Turns a paragraph's words (party names already replaced) into tokens
    /// at the end of `out`, with the thread's stem memo in hand.
    fn push_tokens(
        &self,
        words: &mut [Word],
        text: &str,
        base: usize,
        out: &mut Vec<Token>,
        stems: &mut FxHashMap<CompactString, Stemmed>,
    ) {
        let first = out.len();
        let mut i = 0;
        while i < words.len() {
            if let Some((value, next)) = number_run(words, i) {
                let (start, end) = (words[i].start, words[next - 1].end);
                let duplicate =
                    out.len() > first && out.last().is_some_and(|t: &Token| t.num == Some(value) && start - t.end <= 3);
                if duplicate {
                    // "thirty (30) days": the figure repeats the words; keep one token spanning both.
                    if let Some(last) = out.last_mut() {
                        last.end = end;
                    }
                } else {
                    let stem = if value.fract() == 0.0 {
                        format_compact!("{}", value as i64)
                    } else {
                        format_compact!("{value}")
                    };
                    let key = stem_key(&stem);
                    let lower = std::mem::take(&mut words[i].text);
                    out.push(Token { stem, key, lower, start, end, num: Some(value), dollar: words[i].dollar });
                }
                i = next;
                continue;
            }
            let w = &mut words[i];
            let (stem, key) = if w.text == "mdm" || w.text == "hdo" {
                (w.text.clone(), stem_key(&w.text))
            } else if is_url_scheme(&w.text, text.get(w.end - base..).unwrap_or_default()) {
                // "https://dibnet.dod.mil" names a website; its scheme is no promise of encryption.
                (CompactString::const_new("url"), stem_key("url"))
            } else {
                self.stem_in(stems, &w.text)
            };
            let lower = std::mem::take(&mut w.text);
            out.push(Token { stem, key, lower, start: w.start, end: w.end, num: None, dollar: w.dollar });
            i += 1;
        }
    }

    /// Replaces party names by role words, in place (`kept` trails `i`, so a
    /// name is read before its slot is overwritten).
    fn replace_aliases(&self, words: &mut Vec<Word>) {
        if self.aliases.entries.is_empty() {
            return;
        }
        let (mut kept, mut i) = (0, 0);
        while i < words.len() {
            if let Some((n, role)) = self.aliases.at(words, i) {
                let (start, end) = (words[i].start, words[i + n - 1].end);
                words[kept] = Word { start, end, text: CompactString::const_new(role), dollar: false };
                i += n;
            } else {
                // Until a name is replaced, every word stays where it is.
                if kept != i {
                    words.swap(kept, i);
                }
                i += 1;
            }
            kept += 1;
        }
        words.truncate(kept);
    }

    /// Compiles a pack phrase (`*` is a gap of up to `MAX_GAP` tokens).
    pub fn phrase(&self, text: &str) -> Phrase {
        let mut toks = Vec::new();
        for part in text.split_whitespace() {
            if part == "*" {
                toks.push(PhraseTok::Any);
            } else {
                toks.extend(self.tokens(part, 0).into_iter().map(|t| PhraseTok::Word(t.stem, t.key)));
            }
        }
        Phrase { toks, text: text.to_string() }
    }
}

/// A run of number words or digits starting at `i`: its value and the index after it.
fn number_run(words: &[Word], i: usize) -> Option<(f64, usize)> {
    let w = &words[i].text;
    if w.starts_with(|c: char| c.is_ascii_digit()) {
        let value: f64 = w.parse().ok()?;
        // "5 million", "$5m"
        let mut next = i + 1;
        let mut value = value;
        if let Some(scale) = words.get(next).and_then(|n| scale_word(&n.text)) {
            value *= scale;
            next += 1;
        }
        return Some((value, next));
    }
    if matches!(w.as_str(), "a" | "an" | "hundred" | "thousand" | "million" | "billion") {
        return None;
    }
    word_value(w)?;
    let (mut total, mut current, mut j) = (0f64, 0f64, i);
    while let Some(Word { text: word, .. }) = words.get(j) {
        let Some(v) = word_value(word).map(|v| v as f64) else {
            if word == "and"
                && words.get(j + 1).is_some_and(|n| word_value(&n.text).is_some_and(|v| v < 100))
                && current >= 100.0
            {
                j += 1;
                continue;
            }
            break;
        };
        if matches!(word.as_str(), "a" | "an") {
            break;
        }
        match v as i64 {
            100 => current = current.max(1.0) * 100.0,
            1000 | 1_000_000 | 1_000_000_000 => {
                total += current.max(1.0) * v;
                current = 0.0;
            }
            _ => current += v,
        }
        j += 1;
    }
    Some((total + current, j))
}

fn scale_word(w: &str) -> Option<f64> {
    match w {
        "million" | "m" | "mm" | "mil" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "thousand" | "k" => Some(1e3),
        _ => None,
    }
}

/// Byte ranges of sentences in `text` (offsets relative to `text`).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    // Every byte that can end a sentence is ASCII, and an ASCII byte in UTF-8
    // is always a whole character: a byte loop finds them without decoding
    // (the splitter, decoding each character, was about a tenth of indexing).
    let ends = bytes.iter().enumerate().filter(|(_, b)| matches!(b, b'\n' | b'.' | b'?' | b'!' | b';'));
    for (i, &b) in ends {
        let boundary = b == b'\n' || punctuation_ends_sentence(text, start, i);
        if boundary {
            let end = i + 1;
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(text, start, text.len(), &mut out);
    if out.len() >= 2 && is_run_in_heading(&text[out[0].0..out[0].1]) {
        // "Product Hardening. The parties shall ...": the heading belongs to
        // the sentence it introduces, so a finding never stops at the title.
        out[1].0 = out[0].0;
        out.remove(0);
    }
    out
}

/// Whether the `.`, `?`, `!` or `;` at byte `i` ends the sentence that began
/// at `start`: followed by a space and a capital, digit or opening bracket
/// (`;` by a space alone), and not a decimal point or an abbreviation's dot.
fn punctuation_ends_sentence(text: &str, start: usize, i: usize) -> bool {
    const ABBREV: &[&str] = &[
        "inc", "ltd", "co", "corp", "e.g", "i.e", "no", "sec", "u.s", "etc", "art", "para", "mr", "ms", "dr", "st",
        "vs", "v", "llc", "l.l.c", "n.a", "p.c", "s.a",
    ];
    let c = text.as_bytes()[i];
    let next = text[i + 1..].chars().next();
    let after = text[i + 1..].trim_start_matches([' ', '\u{a0}', '"', '\u{201d}', ')']);
    let next_starts = after
        .chars()
        .next()
        .is_none_or(|n| n.is_uppercase() || n.is_ascii_digit() || n == '(' || n == '\u{201c}' || n == '"');
    // Only a period can end an abbreviation; asked last, as it is the dearest test.
    let abbrev = || {
        let word_before = text[start..i].rsplit(|ch: char| ch.is_whitespace() || ch == '(').next();
        ABBREV.iter().any(|a| word_before.is_some_and(|w| w.eq_ignore_ascii_case(a)))
    };
    let in_number = c == b'.' && text.as_bytes().get(i + 1).is_some_and(|b| b.is_ascii_digit());
    let spaced = next.is_none_or(|n| n.is_whitespace() || n == '"' || n == '\u{201d}');
    (c == b';' || next_starts) && spaced && !in_number && !(c == b'.' && abbrev())
}

/// A short title-case sentence opening a paragraph ("7.4 Product Hardening.",
/// "Use of Customer Data.").
pub(crate) fn is_run_in_heading(sentence: &str) -> bool {
    let Some(body) = sentence.strip_suffix('.') else { return false };
    let words: Vec<&str> =
        body.split_whitespace().skip_while(|w| w.chars().all(|c| c.is_ascii_digit() || ".()".contains(c))).collect();
    let small = |w: &str| matches!(w, "and" | "of" | "the" | "for" | "to" | "&" | "or" | "on" | "in" | "with");
    (1..=7).contains(&words.len())
        && words[0].starts_with(char::is_uppercase)
        && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || small(w))
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push((start + lead, end - trail));
    }
}

/// Index from stem to token positions, for quick phrase lookup.
pub fn index(tokens: &[Token]) -> HashMap<&str, Vec<usize>> {
    let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        map.entry(t.stem.as_str()).or_default().push(i);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        Tokenizer::plain().tokens(text, 0).into_iter().map(|t| t.stem.into()).collect()
    }

    #[test]
    fn number_words_and_duplicates() {
        assert_eq!(stems("within seventy-two (72) hours"), ["within", "72", "hour"]);
        assert_eq!(stems("thirty days"), ["30", "day"]);
        assert_eq!(stems("$5,000,000"), ["5000000"]);
        assert_eq!(stems("five million dollars"), ["5000000", "dollar"]);
        assert_eq!(stems("one hundred twenty days"), ["120", "day"]);
    }

    #[test]
    fn possessive_soft_hyphen_and_spelling() {
        assert_eq!(stems("Supplier’s sani\u{ad}tise"), stems("supplier sanitize"));
        assert_eq!(stems("open-source authorisation"), stems("open source authorization"));
    }

    #[test]
    fn aliases_become_roles() {
        let tok = Tokenizer::with_aliases(Aliases::new(
            &["Acme Medical, Inc.".into(), "Vendor".into()],
            &["Hospital".into()],
        ));
        let got: Vec<String> = tok
            .tokens("Acme Medical, Inc. shall notify the Hospital's team", 0)
            .into_iter()
            .map(|t| t.stem.into())
            .collect();
        assert_eq!(got, ["mdm", "shall", "notifi", "the", "hdo", "team"]);
        // First words of 63 bytes or more share one length bit.
        let long = "a".repeat(70);
        let tok = Tokenizer::with_aliases(Aliases::new(&[format!("{long} Labs")], &[]));
        let got: Vec<String> =
            tok.tokens(&format!("{long} Labs and {}", "b".repeat(64)), 0).into_iter().map(|t| t.stem.into()).collect();
        assert_eq!(got, ["mdm".to_string(), "and".into(), "b".repeat(64)]);
    }

    #[test]
    fn phrase_with_gap() {
        let tok = Tokenizer::plain();
        let p = tok.phrase("notify * of * incident");
        let toks = tok.tokens("Supplier shall notify Customer of any security incident", 0);
        assert!(p.find_from(&toks, 0).is_some());
        let toks = tok.tokens("notify Customer of price changes", 0);
        assert!(p.find_from(&toks, 0).is_none());
    }

    #[test]
    fn a_phrase_list_gives_back_each_phrase_and_its_text() {
        let tok = Tokenizer::plain();
        let texts = ["security incident", "notify * of", "patch"];
        let list: PhraseList = texts.iter().map(|t| tok.phrase(t)).collect();
        assert_eq!(list.iter().count(), 3);
        let words: Vec<Vec<PhraseTok>> = list.iter().map(<[PhraseTok]>::to_vec).collect();
        let one_by_one: Vec<Vec<PhraseTok>> = texts.iter().map(|t| tok.phrase(t).toks).collect();
        assert_eq!(words, one_by_one);
        assert_eq!(list.texts().collect::<Vec<_>>(), texts);
        assert!(PhraseList::default().iter().next().is_none());
    }

    #[test]
    fn gap_spans_at_most_max_gap_tokens() {
        let tok = Tokenizer::plain();
        let p = tok.phrase("notify * incident");
        let with_gap = |n: usize| tok.tokens(&format!("notify {} incident", "x ".repeat(n)), 0);
        assert_eq!(p.find_from(&with_gap(MAX_GAP), 0), Some((0, MAX_GAP + 2)));
        assert_eq!(p.find_from(&with_gap(MAX_GAP + 1), 0), None);
        // A trailing gap and two gaps in a row match too.
        assert_eq!(tok.phrase("notify *").find_from(&with_gap(0), 0), Some((0, 1)));
        assert!(tok.phrase("notify * * incident").find_from(&with_gap(MAX_GAP + 3), 0).is_some());
    }

    #[test]
    fn words_end_at_separators_not_inside_numbers() {
        fn word(t: &str) -> (&str, bool) {
            let (end, plain) = word_end(t, 1, t.starts_with(|c: char| c.is_ascii_digit()), true);
            (&t[..end], plain)
        }
        assert_eq!(word("5,000.50 each"), ("5,000.50", false));
        assert_eq!(word("1.5."), ("1.5", true));
        assert_eq!(word("Sani\u{ad}tise it"), ("Sani\u{ad}tise", false));
        assert_eq!(word("Café-bar"), ("Café", false));
        assert_eq!(word("v2,x"), ("v2", true));
        let mut words = Vec::new();
        split_words("Hospital’s naïve (Supplier's) $ 72", |s, e, w, d| words.push((s, e, w, d)));
        let got: Vec<(&str, bool)> = words.iter().map(|(_, _, w, d)| (w.as_str(), *d)).collect();
        assert_eq!(got, [("hospital", false), ("naïve", false), ("supplier", false), ("72", true)]);
    }

    #[test]
    fn designated_is_not_designed() {
        assert_eq!(
            stems("a designated contact, designed safeguards"),
            ["a", "designat", "contact", "design", "safeguard"]
        );
    }

    #[test]
    fn url_scheme_is_no_encryption_word() {
        assert_eq!(
            stems("see https://example.org or use HTTPS"),
            ["see", "url", "exampl", "org", "or", "use", "https"]
        );
    }

    #[test]
    fn sentence_split() {
        let t = "Acme Inc. shall notify. Customer may object; Supplier shall fix it within 1.5 days.";
        let s: Vec<&str> = sentences(t).into_iter().map(|(a, b)| &t[a..b]).collect();
        assert_eq!(s, ["Acme Inc. shall notify.", "Customer may object;", "Supplier shall fix it within 1.5 days."]);
    }

    #[test]
    fn run_in_heading_joins_its_sentence() {
        let split =
            |t: &'static str| -> Vec<&'static str> { sentences(t).into_iter().map(|(a, b)| &t[a..b]).collect() };
        assert_eq!(
            split("7.4 Use of Customer Data. Supplier shall not sell it. It is deleted."),
            ["7.4 Use of Customer Data. Supplier shall not sell it.", "It is deleted."]
        );
        assert_eq!(split("Supplier shall patch. Customer may test."), ["Supplier shall patch.", "Customer may test."]);
    }
}
