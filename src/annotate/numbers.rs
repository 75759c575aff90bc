//! Numbers written the way contracts write them: "twenty-four", "5,000,000".
//! Hand-written: a crate for English number words would be a dependency for
//! twenty lines, and only whole numbers below a million are ever spelled out.

const ONES: [&str; 20] = [
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

/// English words for `n` (0 to 999,999); `None` beyond.
pub fn words(n: i64) -> Option<String> {
    match n {
        0..=19 => Some(ONES[n as usize].to_string()),
        20..=99 => {
            let tens = TENS[(n / 10) as usize];
            Some(if n % 10 == 0 { tens.to_string() } else { format!("{tens}-{}", ONES[(n % 10) as usize]) })
        }
        100..=999 => {
            let rest = n % 100;
            let head = format!("{} hundred", ONES[(n / 100) as usize]);
            Some(if rest == 0 { head } else { format!("{head} {}", words(rest)?) })
        }
        1000..=999_999 => {
            let rest = n % 1000;
            let head = format!("{} thousand", words(n / 1000)?);
            Some(if rest == 0 { head } else { format!("{head} {}", words(rest)?) })
        }
        _ => None,
    }
}

/// `5000000` → "5,000,000".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_numbers() {
        assert_eq!(words(24).as_deref(), Some("twenty-four"));
        assert_eq!(words(72).as_deref(), Some("seventy-two"));
        assert_eq!(words(30).as_deref(), Some("thirty"));
        assert_eq!(words(365).as_deref(), Some("three hundred sixty-five"));
        assert_eq!(words(5_000).as_deref(), Some("five thousand"));
        assert_eq!(words(1_000_000), None);
        assert_eq!(thousands(5_000_000), "5,000,000");
    }
}
