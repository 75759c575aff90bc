//! Picks `text_contains`: a short distinctive substring (10-40 bytes) of a
//! paragraph's accepted-view text that occurs in no other paragraph, is plain
//! printable ASCII (no curly quotes, NBSP or soft hyphens) and does not touch
//! pending insertions, so it reads the same in both views.

const MIN: usize = 20;
const MAX: usize = 40;

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'/'
}

fn clean(target: &str, mask: &[bool], s: usize, e: usize) -> bool {
    let bytes = target.as_bytes();
    (s..e).all(|i| (0x20..0x7f).contains(&bytes[i]) && !mask[i])
}

fn trim_window(target: &str, s: usize, mut e: usize) -> (usize, usize) {
    let bytes = target.as_bytes();
    while e > s && matches!(bytes[e - 1], b' ' | b',' | b';' | b':' | b'.' | b'(') {
        e -= 1;
    }
    (s, e)
}

/// End of the word starting at or after `i` (skipping spaces first).
fn next_word_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    while i < bytes.len() && bytes[i] != b' ' {
        i += 1;
    }
    i
}

fn accept(target: &str, mask: &[bool], others: &[&str], s: usize, e: usize) -> Option<String> {
    let (s, e) = trim_window(target, s, e);
    if e <= s || e - s < 10 || e - s > MAX || !clean(target, mask, s, e) {
        return None;
    }
    let cand = &target[s..e];
    if others.iter().any(|o| o.contains(cand)) {
        return None;
    }
    Some(cand.to_string())
}

/// Grows a window from word start `s` (covering at least up to `min_end`).
fn grow(target: &str, mask: &[bool], others: &[&str], s: usize, min_end: usize) -> Option<String> {
    let bytes = target.as_bytes();
    let mut e = min_end;
    while e < bytes.len() && is_word(bytes[e]) {
        e += 1;
    }
    loop {
        if e - s >= MIN {
            if e - s > MAX {
                return None;
            }
            if let Some(c) = accept(target, mask, others, s, e) {
                return Some(c);
            }
        }
        if e >= bytes.len() {
            return None;
        }
        let ne = next_word_end(bytes, e);
        if ne == e {
            return None;
        }
        e = ne;
    }
}

pub fn pick_contains(target: &str, mask: &[bool], others: &[&str], keys: &[&str]) -> String {
    let bytes = target.as_bytes();
    for key in keys {
        let mut from = 0;
        while let Some(off) = target[from..].find(key) {
            let p = from + off;
            from = p + key.len().max(1);
            let mut s = p;
            while s > 0 && is_word(bytes[s - 1]) {
                s -= 1;
            }
            if let Some(c) = grow(target, mask, others, s, p + key.len()) {
                return c;
            }
            // Try starting one or two words earlier.
            let mut s2 = s;
            for _ in 0..2 {
                if s2 == 0 {
                    break;
                }
                s2 -= 1;
                while s2 > 0 && bytes[s2 - 1] == b' ' {
                    s2 -= 1;
                }
                while s2 > 0 && bytes[s2 - 1] != b' ' {
                    s2 -= 1;
                }
                if let Some(c) = grow(target, mask, others, s2, p + key.len()) {
                    return c;
                }
            }
        }
    }
    // Fallback: any distinctive window starting at a word boundary.
    for s in 0..bytes.len() {
        if (s == 0 || bytes[s - 1] == b' ') && bytes[s].is_ascii_alphabetic() {
            if let Some(c) = grow(target, mask, others, s, s) {
                return c;
            }
        }
    }
    // Last resort: the longest clean prefix (never expected in practice).
    let mut e = bytes.len().min(MAX);
    while !target.is_char_boundary(e) {
        e -= 1;
    }
    target[..e].to_string()
}
