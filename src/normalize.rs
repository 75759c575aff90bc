//! Number words both ways: "seventy-two" → 72 for matching, 3 → "three" for
//! Word's `cardinalText` list numbers.

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// English words for `n` (0..=9999), as Word writes `cardinalText`/`ordinalText`;
/// digits beyond.
pub fn number_words(n: i64, ordinal: bool) -> String {
    let Some(cardinal) = cardinal(n).filter(|_| n <= 9999) else { return n.to_string() };
    if !ordinal {
        return capitalise(&cardinal);
    }
    let ord = match cardinal.rsplit_once(['-', ' ']) {
        Some((head, last)) => {
            let sep = &cardinal[head.len()..head.len() + 1];
            format!("{head}{sep}{}", ordinal_word(last))
        }
        None => ordinal_word(&cardinal),
    };
    capitalise(&ord)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Lower-case English words for `n` (0 to 999,999: "twenty-four", "three
/// hundred sixty-five"); `None` beyond.
pub fn cardinal(n: i64) -> Option<String> {
    let join = |head: String, rest: i64| {
        if rest == 0 {
            Some(head)
        } else {
            Some(format!("{head} {}", cardinal(rest)?))
        }
    };
    match n {
        0..=19 => Some(UNITS[n as usize].to_string()),
        20..=99 => {
            let (tens, units) = (TENS[(n / 10) as usize], n % 10);
            Some(if units == 0 { tens.to_string() } else { format!("{tens}-{}", UNITS[units as usize]) })
        }
        100..=999 => join(cardinal(n / 100)? + " hundred", n % 100),
        1000..=999_999 => join(cardinal(n / 1000)? + " thousand", n % 1000),
        _ => None,
    }
}

fn ordinal_word(w: &str) -> String {
    match w {
        "one" => "first".into(),
        "two" => "second".into(),
        "three" => "third".into(),
        "five" => "fifth".into(),
        "eight" => "eighth".into(),
        "nine" => "ninth".into(),
        "twelve" => "twelfth".into(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    }
}

/// Value of a single number word ("seventy" → 70, "twelve" → 12), for parsing.
/// Asked of every word of a document: a `match` rejects most words by their
/// length and first bytes, where a scan of `UNITS` and `TENS` compared thirty.
pub fn word_value(w: &str) -> Option<i64> {
    let value = match w {
        "zero" => 0,
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "thousand" => 1000,
        "million" => 1_000_000,
        "billion" => 1_000_000_000,
        _ => return None,
    };
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(number_words(72, false), "Seventy-two");
        assert_eq!(number_words(21, true), "Twenty-first");
        assert_eq!(number_words(12, true), "Twelfth");
        assert_eq!(number_words(105, false), "One hundred five");
        assert_eq!(word_value("seventy"), Some(70));
        assert_eq!(number_words(12_000, false), "12000");
        assert_eq!(cardinal(365_024).as_deref(), Some("three hundred sixty-five thousand twenty-four"));
        assert_eq!(cardinal(1_000_000), None);
    }

    #[test]
    fn word_value_reads_what_cardinal_writes() {
        for n in (0..20).chain((20..100).step_by(10)) {
            assert_eq!(word_value(&cardinal(n).unwrap()), Some(n));
        }
        assert_eq!(word_value("hundred"), Some(100));
        assert_eq!(word_value("an"), Some(1));
        assert_eq!(word_value(""), None);
        assert_eq!(word_value("tens"), None);
    }
}
