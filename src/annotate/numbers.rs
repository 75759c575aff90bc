//! Numbers written the way contracts write them: "5,000,000" (the words,
//! "twenty-four", come from `normalize::cardinal`, which also spells Word's
//! list numbers).

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
        use crate::normalize::cardinal;
        assert_eq!(cardinal(24).as_deref(), Some("twenty-four"));
        assert_eq!(cardinal(72).as_deref(), Some("seventy-two"));
        assert_eq!(cardinal(30).as_deref(), Some("thirty"));
        assert_eq!(cardinal(365).as_deref(), Some("three hundred sixty-five"));
        assert_eq!(cardinal(5_000).as_deref(), Some("five thousand"));
        assert_eq!(cardinal(1_000_000), None);
        assert_eq!(thousands(5_000_000), "5,000,000");
    }
}
