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
pub fn word_value(w: &str) -> Option<i64> {
    if let Some(i) = UNITS.iter().position(|u| *u == w) {
        return Some(i as i64);
    }
    if let Some(i) = TENS.iter().position(|t| !t.is_empty() && *t == w) {
        return Some(i as i64 * 10);
    }
    match w {
        "hundred" => Some(100),
        "thousand" => Some(1000),
        "million" => Some(1_000_000),
        "billion" => Some(1_000_000_000),
        "a" | "an" => Some(1),
        _ => None,
    }
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
}
