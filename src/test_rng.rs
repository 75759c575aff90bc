//! A seeded random pick for tests that try thousands of generated inputs,
//! the same ones on every run (xorshift64: eight lines, no crate needed).

/// `pick(n)`: a number below `n`, from the sequence `seed` starts.
pub(crate) fn picker(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}
