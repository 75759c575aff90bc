//! Which lists of the weakening vocabulary match a sentence, and where
//! their matches start: one lazy DFA over all lists at once, run anchored
//! from each word boundary of the sentence (every match of every list,
//! overlapping). `Vocabulary::find_iter` starts each list's regex at those
//! offsets.
//!
//! Anchored, not one unanchored pass: every list is wrapped in ASCII `\b`,
//! so a match can only start at a word boundary. An unanchored pass tracks
//! the partial matches begun at every earlier word at once, and its states
//! are combinations of those; an anchored run tracks one start, and most die
//! within a word. Over 300 bench contracts (one thread, the same answers):
//! the instructions spent building lazy-DFA states, all patterns together,
//! 251 M → 124 M; the set's own about −15%; the audit's simulated L1 data
//! misses −5% and last-level misses −6%.
//!
//! Built on regex-automata's lazy DFA rather than `regex::RegexSet` for its
//! cache. The set's DFA has many states (the lists are full of word gaps, and
//! all of them are tracked at once), and building those states is most of
//! what the set costs: about 50 ms of CPU before a cache runs warm, then a
//! fifth of that per 300 contracts. A `RegexSet` keeps one cache per thread,
//! so each audit thread paid the warm-up again; here threads share a cache
//! (one per four threads, so that they seldom wait for it). It also compiles
//! only what the set needs, a forward NFA without captures, not the reverse
//! NFA and other engines a `RegexSet` builds.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LockResult, Mutex, MutexGuard, TryLockError};

use regex::Regex;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::BuildError;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

/// Threads that share one cache.
const THREADS_PER_CACHE: usize = 4;

#[derive(Debug)]
pub struct ListSet {
    dfa: DFA,
    caches: Vec<Mutex<Cache>>,
}

impl ListSet {
    /// One pattern per list, each starting with an ASCII word boundary
    /// (`(?-u:\b)`, as `Vocabulary` wraps them); `cache_capacity` bounds each
    /// cache. The error is regex-automata's, rendered, or names a pattern
    /// that may start elsewhere.
    pub fn new(patterns: &[String], cache_capacity: usize) -> Result<ListSet, String> {
        if let Some(p) = patterns.iter().find(|p| !p.starts_with(WORD_BOUNDARY)) {
            return Err(format!("list pattern '{p}' must start with {WORD_BOUNDARY}"));
        }
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(cache_capacity)
                    // A pattern with a Unicode `\b` quits on non-ASCII text
                    // instead of failing to build; `matches` then asks each
                    // list's regex.
                    .unicode_word_boundary(true),
            )
            .thompson(thompson::Config::new().which_captures(WhichCaptures::None))
            .build_many(patterns)
            .map_err(|e: BuildError| e.to_string())?;
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        let caches = (0..threads.div_ceil(THREADS_PER_CACHE)).map(|_| Mutex::new(dfa.create_cache())).collect();
        Ok(ListSet { dfa, caches })
    }

    /// Which lists match somewhere in `sentence`, and where their matches
    /// start; `each` are the lists one by one, asked when the DFA cannot
    /// answer (then only which lists match is known).
    pub fn matches(&self, sentence: &str, each: &[Regex]) -> Starts {
        self.dfa_matches(sentence).unwrap_or_else(|| Starts {
            bits: each.iter().enumerate().filter(|(_, re)| re.is_match(sentence)).fold(0, |bits, (i, _)| bits | 1 << i),
            ..Starts::default()
        })
    }

    pub(crate) fn dfa_matches(&self, sentence: &str) -> Option<Starts> {
        let mut cache = lock_spinning(&self.caches[thread_slot() % self.caches.len()]).unwrap_or_else(|poisoned| {
            // A search that panicked may have left the cache half-written.
            let mut cache = poisoned.into_inner();
            cache.reset(&self.dfa);
            cache
        });
        let bytes = sentence.as_bytes();
        let mut budget = STEPS_PER_BYTE * bytes.len() + 1024;
        let mut starts = Starts { complete: true, ..Starts::default() };
        for at in (0..=bytes.len()).filter(|&at| is_word_boundary(bytes, at)) {
            starts.add(at, self.matches_from(&mut cache, bytes, at, &mut budget)?);
        }
        Some(starts)
    }

    /// The lists with a match that starts at byte `at`: the DFA, anchored
    /// there, runs until it dies or the sentence ends, collecting the lists
    /// of every match state it passes (match states come one byte late, the
    /// last at the end-of-input transition). None where the DFA quits or
    /// gives up, or the sentence's `budget` of steps runs out.
    fn matches_from(&self, cache: &mut Cache, bytes: &[u8], at: usize, budget: &mut usize) -> Option<u64> {
        let dfa = &self.dfa;
        let config = start::Config::new().anchored(Anchored::Yes).look_behind(at.checked_sub(1).map(|i| bytes[i]));
        let mut sid = dfa.start_state(cache, &config).ok()?;
        let mut bits = 0u64;
        for i in at..=bytes.len() {
            *budget = budget.checked_sub(1)?;
            sid = match bytes.get(i) {
                Some(&b) => dfa.next_state(cache, sid, b).ok()?,
                None => dfa.next_eoi_state(cache, sid).ok()?,
            };
            if !sid.is_tagged() {
                continue;
            }
            if sid.is_match() {
                for k in 0..dfa.match_len(cache, sid) {
                    bits |= 1 << dfa.match_pattern(cache, sid, k).as_usize();
                }
            }
            if sid.is_dead() {
                break;
            }
            if sid.is_quit() {
                return None;
            }
        }
        Some(bits)
    }
}

/// How many match starts a sentence keeps; one with more keeps only which
/// lists match (a sentence seldom has more than three).
const MAX_STARTS: usize = 8;

/// Which lists match a sentence (a bit per list), and, when `complete`, every
/// byte offset where a match of some list starts, with the lists starting
/// there. A plain value (no heap), as it is remembered per judged sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Starts {
    pub bits: u64,
    at: [(u32, u64); MAX_STARTS],
    len: u8,
    complete: bool,
}

impl Starts {
    fn add(&mut self, at: usize, bits: u64) {
        if bits == 0 {
            return;
        }
        self.bits |= bits;
        match u32::try_from(at) {
            Ok(at) if usize::from(self.len) < MAX_STARTS => {
                self.at[usize::from(self.len)] = (at, bits);
                self.len += 1;
            }
            _ => self.complete = false,
        }
    }

    /// Whether list `list` matches the sentence.
    pub fn matched(&self, list: usize) -> bool {
        self.bits & (1 << list) != 0
    }

    /// The offsets where a match of list `i` starts, in order; None when
    /// they were not all kept.
    pub fn of(&self, i: usize) -> Option<impl Iterator<Item = usize> + '_> {
        let starts = self.at[..usize::from(self.len)].iter().filter(move |(_, bits)| bits & 1 << i != 0);
        self.complete.then_some(starts.map(|&(at, _)| at as usize))
    }
}

/// DFA steps allowed per byte of a sentence before the set hands it to each
/// list's regex, which takes one linear pass per list. Runs from successive
/// boundaries overlap, but most die within a word: over the 300 bench
/// contracts and every dev-set contract they took 1.09 steps a byte, and at
/// most 2.5 in any sentence. The built-in lists' word gaps are bounded; an
/// added pattern with an unbounded gap ("upon.*request") could make the runs
/// quadratic in a long sentence of "upon"s.
const STEPS_PER_BYTE: usize = 32;

/// What every list pattern starts with.
const WORD_BOUNDARY: &str = r"(?-u:\b)";

/// Whether an ASCII `\b` holds at byte `at` (between two bytes of which
/// exactly one is an ASCII word byte; the ends of the text count as non-word).
fn is_word_boundary(bytes: &[u8], at: usize) -> bool {
    let word = |i: Option<usize>| i.and_then(|i| bytes.get(i)).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    word(at.checked_sub(1)) != word(Some(at))
}

/// How many times a thread finding the cache in use tries again before it
/// sleeps: with `std::hint::spin_loop`, from tens of microseconds to about
/// two hundred, by processor. On one core the holder cannot run meanwhile,
/// so the bound, not the holder, ends the wait there.
const SPINS: u32 = 4000;

/// The cache, waited for by spinning before sleeping. A scan holds it for a
/// few microseconds (about 5 on average over the bench contracts), and two
/// audit threads share it; a thread that found it taken slept in the kernel
/// (a futex) and was woken well after the scan ended, its core idle
/// meanwhile. Waiting in place instead cut the two-thread audit's median wall
/// time by 3-4% (three sets of 8-10 alternating runs) and its futex calls
/// from about 3,000 to 1,800.
fn lock_spinning(cache: &Mutex<Cache>) -> LockResult<MutexGuard<'_, Cache>> {
    for _ in 0..SPINS {
        match cache.try_lock() {
            Ok(guard) => return Ok(guard),
            Err(TryLockError::Poisoned(poisoned)) => return Err(poisoned),
            Err(TryLockError::WouldBlock) => std::hint::spin_loop(),
        }
    }
    cache.lock()
}

/// This thread's number, handed out in the order threads first ask.
fn thread_slot() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SLOT: Cell<Option<usize>> = const { Cell::new(None) };
    }
    SLOT.with(|slot| {
        let n = slot.get().unwrap_or_else(|| NEXT.fetch_add(1, Ordering::Relaxed));
        slot.set(Some(n));
        n
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> (Vec<String>, Vec<Regex>) {
        let patterns: Vec<String> =
            [r"(?-u:\b)(?:upon|on)\s+request(?-u:\b)", r"(?-u:\b)request(?-u:\b)", r"(?-u:\b)fees?(?-u:\b)"]
                .map(String::from)
                .to_vec();
        let each = patterns.iter().map(|p| Regex::new(p).unwrap()).collect();
        (patterns, each)
    }

    #[test]
    fn every_list_that_matches_is_reported_even_where_matches_overlap() {
        let (patterns, each) = lists();
        let set = ListSet::new(&patterns, 1 << 20).unwrap();
        assert_eq!(set.matches("Supplier will patch upon request.", &each).bits, 0b011);
        assert_eq!(set.matches("No fee applies; patches ship monthly.", &each).bits, 0b100);
        assert_eq!(set.matches("Requests are logged.", &each).bits, 0);
        let threads: Vec<u64> = std::thread::scope(|s| {
            let jobs: Vec<_> = (0..4).map(|_| s.spawn(|| set.matches("on request, for a fee", &each).bits)).collect();
            jobs.into_iter().map(|j| j.join().unwrap()).collect()
        });
        assert_eq!(threads, vec![0b111; 4], "threads share caches and get the same answer");
    }

    #[test]
    fn a_unicode_word_boundary_falls_back_to_each_list() {
        let patterns = vec![r"(?-u:\b)café\b".to_string(), r"(?-u:\b)fee(?-u:\b)".to_string()];
        let each: Vec<Regex> = patterns.iter().map(|p| Regex::new(p).unwrap()).collect();
        let set = ListSet::new(&patterns, 1 << 20).unwrap();
        assert_eq!(set.matches("the café fee", &each).bits, 0b11);
        assert_eq!(set.matches("the cafés", &each).bits, 0);
    }

    #[test]
    fn matches_at_the_ends_of_the_sentence_and_beside_other_scripts() {
        let patterns: Vec<String> =
            [r"(?-u:\b)fees?(?-u:\b)", r"(?-u:\b)(?:'s\s+cost)", r"(?-u:\b)x?(?-u:\b)"].map(String::from).to_vec();
        let each: Vec<Regex> = patterns.iter().map(|p| Regex::new(p).unwrap()).collect();
        let set = ListSet::new(&patterns, 1 << 20).unwrap();
        for sentence in ["fee", "a fee", "fee.", "éfee", "feeé", "hdo's cost", "_fee", "fees_", "", "é", "..."] {
            let expected =
                each.iter().enumerate().filter(|(_, re)| re.is_match(sentence)).fold(0, |b, (i, _)| b | 1 << i);
            assert_eq!(set.dfa_matches(sentence).map(|m| m.bits), Some(expected), "{sentence:?}");
        }
    }

    #[test]
    fn an_unbounded_gap_in_a_long_sentence_falls_back_to_each_list() {
        let patterns = vec![r"(?-u:\b)upon.*request".to_string(), r"(?-u:\b)fee(?-u:\b)".to_string()];
        let each: Vec<Regex> = patterns.iter().map(|p| Regex::new(p).unwrap()).collect();
        let set = ListSet::new(&patterns, 1 << 20).unwrap();
        let sentence = format!("{}request", "upon ".repeat(20_000));
        assert_eq!(set.dfa_matches(&sentence), None, "the runs would be quadratic");
        assert_eq!(set.matches(&sentence, &each).bits, 0b01);
        assert_eq!(set.dfa_matches("upon a written request, for a fee").map(|m| m.bits), Some(0b11));
    }

    #[test]
    fn starts_are_kept_per_list_in_order() {
        let (patterns, each) = lists();
        let set = ListSet::new(&patterns, 1 << 20).unwrap();
        let m = set.matches("on request, a fee; upon request", &each);
        assert_eq!(m.of(0).unwrap().collect::<Vec<_>>(), vec![0, 19]);
        assert_eq!(m.of(1).unwrap().collect::<Vec<_>>(), vec![3, 24]);
        assert_eq!(m.of(2).unwrap().collect::<Vec<_>>(), vec![14]);
        let many = "fee ".repeat(MAX_STARTS + 1);
        assert!(set.matches(&many, &each).of(2).is_none(), "more starts than kept: positions unknown");
        let fallback = ListSet::new(&[r"(?-u:\b)café\b".to_string()], 1 << 20).unwrap();
        let each = vec![Regex::new(r"(?-u:\b)café\b").unwrap()];
        assert!(fallback.matches("a café", &each).of(0).is_none(), "the fallback knows no positions");
    }

    #[test]
    fn a_pattern_that_may_start_inside_a_word_is_refused() {
        let err = ListSet::new(&["fee".to_string()], 1 << 20).unwrap_err();
        assert!(err.contains("must start with"), "{err}");
    }
}
