//! The weakening vocabulary (`reference/weakening.toml`): the phrases each
//! detector looks for, as named lists of patterns. Data, so that an
//! organisation adds a phrase (in its pack's `[weakening]` table) without a
//! rebuild; the detectors in `analysis` keep only the logic.
//!
//! Compiled once per pack into one `ListSet`, which tells in a single pass
//! which lists match a sentence at all (most sentences match none), and one
//! regex per list for the match positions; `Indexed` remembers per sentence
//! which lists match, so each sentence is scanned once per document.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use regex::{Regex, RegexBuilder};
use serde::Deserialize;

use super::list_set::{ListSet, Starts};

const BUILTIN: &str = include_str!("../../reference/weakening.toml");

/// Lazy-DFA cache per regex (the regex crate's default is 2 MiB). The
/// lists' set filled 7.9 of 8 MiB over the 1,000 bench contracts; four more
/// scope patterns then made it clear and rebuild its states, and scanning
/// 30,000 judged sentences took 74 ms instead of 22. At 16 MiB it runs warm
/// again (23 ms). The cache grows only as states are built, so the extra
/// room costs memory only where the contracts need it. (With ASCII `\d`
/// those contracts now fill 4.4 MiB: see `ascii_words`.)
const DFA_CACHE: usize = 16 << 20;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    lists: BTreeMap<String, ListSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListSpec {
    patterns: Vec<String>,
}

/// Which lists matched a sentence (a bit per list; a vocabulary has at most
/// 64 lists), and where (`ListSet`).
pub type ListMatches = Starts;

/// Compiled phrase lists, by name.
#[derive(Debug)]
pub struct Vocabulary {
    names: Vec<String>,
    /// All lists at once: one pass tells which lists match a sentence.
    set: ListSet,
    each: Vec<Regex>,
}

impl Vocabulary {
    /// The built-in lists (parsed and compiled once per process).
    pub fn builtin() -> Arc<Vocabulary> {
        static BUILT: OnceLock<Arc<Vocabulary>> = OnceLock::new();
        BUILT
            .get_or_init(|| Arc::new(Vocabulary::extended(&BTreeMap::new()).expect("built-in vocabulary is valid")))
            .clone()
    }

    /// The built-in lists with `additions` (list name → extra patterns)
    /// appended. An unknown list name or a pattern that does not compile is
    /// an error naming it.
    pub fn extended(additions: &BTreeMap<String, Vec<String>>) -> Result<Vocabulary, String> {
        let file: VocabularyFile =
            toml::from_str(BUILTIN).map_err(|e| format!("reference/weakening.toml: {}", e.message()))?;
        let mut lists: BTreeMap<String, Vec<String>> = file.lists.into_iter().map(|(k, v)| (k, v.patterns)).collect();
        for (name, extra) in additions {
            let Some(list) = lists.get_mut(name) else {
                let known: Vec<&str> = lists.keys().map(String::as_str).collect();
                return Err(format!("unknown weakening list '{name}' (known: {})", known.join(", ")));
            };
            for p in extra {
                if has_upper_case_letter(p) {
                    return Err(format!(
                        "weakening list '{name}': pattern '{p}': write it in lower case (it is matched against lower-cased text)"
                    ));
                }
                Regex::new(&lower_case_pattern(p))
                    .map_err(|e| format!("weakening list '{name}': pattern '{p}': {e}"))?;
                list.push(p.clone());
            }
        }
        let names: Vec<String> = lists.keys().cloned().collect();
        let patterns: Vec<String> =
            lists.values().map(|ps| lower_case_pattern(&format!(r"\b(?:{})\b", ps.join("|")))).collect();
        if patterns.len() > 64 {
            return Err(format!("weakening vocabulary: {} lists; at most 64", patterns.len()));
        }
        // The set runs over every sentence of every judged provision; with
        // the regex crate's default lazy-DFA cache (2 MiB) it thrashes.
        // It and the lists one by one compile in parallel (start-up time), on
        // a plain thread: a pack may be parsed where other threads are busy
        // or waiting, and this compile must not depend on them.
        let (set, each) = std::thread::scope(|s| {
            let set = s.spawn(|| ListSet::new(&patterns, DFA_CACHE));
            let each: Result<Vec<Regex>, _> =
                patterns.iter().map(|p| RegexBuilder::new(p).dfa_size_limit(DFA_CACHE).build()).collect();
            (set.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), each)
        });
        // Every pattern compiled one by one first, so that an error names the list's regex.
        let each = each.map_err(|e| format!("weakening vocabulary: {e}"))?;
        let set = set.map_err(|e| format!("weakening vocabulary: {e}"))?;
        Ok(Vocabulary { names, set, each })
    }

    /// The index of list `name`; detectors name lists that the built-in file
    /// defines, so a missing one is a bug in the file.
    pub fn list(&self, name: &str) -> usize {
        self.names.iter().position(|n| n == name).unwrap_or_else(|| panic!("weakening list '{name}' is not defined"))
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Which lists match somewhere in `sentence`.
    pub fn matches(&self, sentence: &str) -> ListMatches {
        self.set.matches(sentence, &self.each)
    }

    /// List `i`'s matches in `sentence` (scanned into `found` by `matches`),
    /// as its regex finds them left to right. Where the set kept the offsets
    /// a match of the list starts at, the regex starts there instead of
    /// scanning the sentence: a leftmost-first search from an offset where a
    /// match starts finds that match, so the matches are the same.
    pub fn find_iter<'s>(&self, i: usize, sentence: &'s str, found: &ListMatches) -> Vec<regex::Match<'s>> {
        let re = &self.each[i];
        let Some(starts) = found.of(i) else { return re.find_iter(sentence).collect() };
        let mut out: Vec<regex::Match> = Vec::new();
        for at in starts {
            if out.last().is_some_and(|m| at < m.end()) {
                continue;
            }
            match re.find_at(sentence, at) {
                // An empty match changes how `find_iter` steps on: such a
                // sentence is scanned whole, as before.
                Some(m) if m.start() == at && !m.is_empty() => out.push(m),
                _ => return re.find_iter(sentence).collect(),
            }
        }
        out
    }
}

/// A vocabulary pattern as compiled: matched against lower-cased text
/// (`Indexed::roles`), so without `(?i)`, whose Unicode case folding
/// multiplies the automaton's states; ASCII word classes and curly
/// apostrophes as in `compile_pattern`.
pub(crate) fn lower_case_pattern(pattern: &str) -> String {
    ascii_words(pattern).replace("'s", "['’]s").replace("n't", "n['’]t")
}

/// An ASCII capital that is a letter to match, not an escape (`\S`, `\B`).
fn has_upper_case_letter(pattern: &str) -> bool {
    // Unicode classes (`\p{Lu}`) name categories, not letters to match.
    static CLASS: OnceLock<Regex> = OnceLock::new();
    let classes = CLASS.get_or_init(|| Regex::new(r"\\[pP]\{[^}]*\}").expect("valid"));
    let pattern = classes.replace_all(pattern, "");
    let bytes = pattern.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| b.is_ascii_uppercase() && (i == 0 || bytes[i - 1] != b'\\'))
}

/// A detector pattern as compiled: case-insensitive, ASCII word classes, and
/// curly apostrophes accepted (as common as straight ones in Word documents).
pub fn compile_pattern(pattern: &str) -> String {
    let ascii = ascii_words(pattern).replace("'s", "['’]s").replace("n't", "n['’]t");
    format!("(?i){ascii}")
}

/// `pattern` with `\b`, `\w` and `\d` made ASCII-only, inside classes too (`[\w-]`).
/// The regex crate has no switch for this short of turning Unicode off, which
/// would also make `\s` miss no-break spaces and `[^.;]` match half a character.
/// ASCII `\b` keeps the regex engine on its fast lazy DFA, and Unicode `\w`
/// costs a millisecond of compiling each; contract vocabulary is ASCII. So are
/// contract numbers, and Unicode `\d` (every script's digits) split the byte
/// alphabet of the weakening lists' automaton into 142 classes instead of 95,
/// doubling its transition rows and its cache.
pub(crate) fn ascii_words(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if !in_class => out.push_str(r"(?-u:\b)"),
                Some('w') if in_class => out.push_str("0-9A-Za-z_"),
                Some('w') => out.push_str(r"(?-u:\w)"),
                Some('d') if in_class => out.push_str("0-9"),
                Some('d') => out.push_str("[0-9]"),
                Some(d) => {
                    out.push('\\');
                    out.push(d);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The set, run anchored at word boundaries, answers as each list's regex
    /// does over the whole sentence, and `find_iter` finds the regex's own
    /// matches, on sentences strung together from the lists' own words, role
    /// words, digits, punctuation and other scripts.
    #[test]
    fn the_set_answers_as_each_list_does() {
        let v = Vocabulary::builtin();
        let words: Vec<&str> = {
            let mut w: Vec<&str> = BUILTIN.split(|c: char| !c.is_ascii_lowercase()).filter(|w| w.len() > 1).collect();
            w.sort_unstable();
            w.dedup();
            w.extend(["hdo", "mdm", "hdo's", "mdm’s", "30", "days", ",", ";", "(a)", "é", "naïve", "x_y"]);
            w
        };
        let mut next = crate::test_rng::picker(0x2545_f491_4f6c_dd1d);
        // Runs of a pattern's words in their order ("at the hdo cost") make
        // many sentences match; random words alone seldom do.
        let runs: Vec<Vec<&str>> = BUILTIN
            .lines()
            .filter(|l| l.trim_start().starts_with("'''"))
            .map(|l| l.split(|c: char| !c.is_ascii_lowercase()).filter(|w| w.len() > 1).collect())
            .collect();
        let mut seen = 0u64;
        for _ in 0..4000 {
            let mut sentence: Vec<&str> = (0..next(8)).map(|_| words[next(words.len())]).collect();
            let run = &runs[next(runs.len())];
            let from = next(run.len().max(1));
            sentence.extend(run.iter().skip(from).take(2 + next(5)).filter(|_| next(6) != 0));
            sentence.extend((0..next(4)).map(|_| words[next(words.len())]));
            let sentence = sentence.join(if next(5) == 0 { "  " } else { " " });
            let expected =
                v.each.iter().enumerate().filter(|(_, re)| re.is_match(&sentence)).fold(0, |b, (i, _)| b | 1 << i);
            assert_eq!(v.set.dfa_matches(&sentence).map(|m| m.bits), Some(expected), "{sentence:?}");
            seen |= expected;
            let found = v.matches(&sentence);
            for (i, re) in v.each.iter().enumerate() {
                let spans = |ms: Vec<regex::Match>| ms.iter().map(|m| m.range()).collect::<Vec<_>>();
                let jumped = spans(v.find_iter(i, &sentence, &found));
                assert_eq!(jumped, spans(re.find_iter(&sentence).collect()), "list {i} in {sentence:?}");
            }
        }
        assert!(seen.count_ones() >= 10, "only {} of {} lists were exercised", seen.count_ones(), v.each.len());
    }

    #[test]
    fn ascii_words_rewrites_outside_and_inside_classes() {
        assert_eq!(ascii_words(r"\bfoo\w+"), r"(?-u:\b)foo(?-u:\w)+");
        assert_eq!(ascii_words(r"[\w-]+\s\.[^.;]"), r"[0-9A-Za-z_-]+\s\.[^.;]");
        assert_eq!(ascii_words(r"\\w"), r"\\w");
        assert_eq!(ascii_words(r"\d+[\d,]\D"), r"[0-9]+[0-9,]\D");
        let re = Regex::new(&format!("(?i){}", ascii_words(r"\b[\w-]+\s+shall\b"))).unwrap();
        assert_eq!(re.find("The Supplier\u{a0}shall").map(|m| m.as_str()), Some("Supplier\u{a0}shall"));
        assert!(!re.is_match("(?: shall"));
    }

    #[test]
    fn additions_extend_a_list_and_unknown_lists_are_refused() {
        let mut extra = BTreeMap::new();
        extra.insert("cost-shift".to_string(), vec![r"per[\s-]seat\s+surcharge".to_string()]);
        let v = Vocabulary::extended(&extra).unwrap();
        let i = v.list("cost-shift");
        assert!(v.each[i].is_match("subject to a per-seat surcharge"));
        assert!(!Vocabulary::builtin().each[i].is_match("subject to a per-seat surcharge"));
        assert!(Vocabulary::extended(&BTreeMap::from([("scope".to_string(), vec![r"\p{Lu}x".to_string()])])).is_ok());
        let upper = BTreeMap::from([("scope".to_string(), vec!["Per Seat".to_string()])]);
        assert!(Vocabulary::extended(&upper).unwrap_err().contains("lower case"));
        extra.insert("cost-shfit".to_string(), vec!["x".to_string()]);
        assert!(Vocabulary::extended(&extra).unwrap_err().contains("unknown weakening list 'cost-shfit'"));
    }

    #[test]
    fn a_bad_pattern_is_an_error_naming_it() {
        let mut extra = BTreeMap::new();
        extra.insert("efforts".to_string(), vec!["(unclosed".to_string()]);
        assert!(Vocabulary::extended(&extra).unwrap_err().contains("(unclosed"));
    }
}
