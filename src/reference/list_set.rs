//! Which lists of the weakening vocabulary match a sentence: one pass of a
//! lazy DFA over all lists at once (every match of every list, overlapping).
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
use regex_automata::hybrid::dfa::{Cache, OverlappingState, DFA};
use regex_automata::hybrid::BuildError;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::{Input, MatchKind};

/// Threads that share one cache.
const THREADS_PER_CACHE: usize = 4;

#[derive(Debug)]
pub struct ListSet {
    dfa: DFA,
    caches: Vec<Mutex<Cache>>,
}

impl ListSet {
    /// One pattern per list; `cache_capacity` bounds each cache. The error
    /// is regex-automata's, rendered.
    pub fn new(patterns: &[String], cache_capacity: usize) -> Result<ListSet, String> {
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

    /// A bit per list that matches somewhere in `sentence`; `each` are the
    /// lists one by one, asked when the DFA cannot answer.
    pub fn matches(&self, sentence: &str, each: &[Regex]) -> u64 {
        self.dfa_matches(sentence).unwrap_or_else(|| {
            each.iter().enumerate().filter(|(_, re)| re.is_match(sentence)).fold(0, |bits, (i, _)| bits | 1 << i)
        })
    }

    fn dfa_matches(&self, sentence: &str) -> Option<u64> {
        let mut cache = lock_spinning(&self.caches[thread_slot() % self.caches.len()]).unwrap_or_else(|poisoned| {
            // A search that panicked may have left the cache half-written.
            let mut cache = poisoned.into_inner();
            cache.reset(&self.dfa);
            cache
        });
        let input = Input::new(sentence);
        let mut state = OverlappingState::start();
        let mut bits = 0u64;
        loop {
            self.dfa.try_search_overlapping_fwd(&mut cache, &input, &mut state).ok()?;
            match state.get_match() {
                Some(m) => bits |= 1 << m.pattern().as_usize(),
                None => return Some(bits),
            }
        }
    }
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
        assert_eq!(set.matches("Supplier will patch upon request.", &each), 0b011);
        assert_eq!(set.matches("No fee applies; patches ship monthly.", &each), 0b100);
        assert_eq!(set.matches("Requests are logged.", &each), 0);
        let threads: Vec<u64> = std::thread::scope(|s| {
            let jobs: Vec<_> = (0..4).map(|_| s.spawn(|| set.matches("on request, for a fee", &each))).collect();
            jobs.into_iter().map(|j| j.join().unwrap()).collect()
        });
        assert_eq!(threads, vec![0b111; 4], "threads share caches and get the same answer");
    }

    #[test]
    fn a_unicode_word_boundary_falls_back_to_each_list() {
        let patterns = vec![r"\bcafé\b".to_string(), r"(?-u:\b)fee(?-u:\b)".to_string()];
        let each: Vec<Regex> = patterns.iter().map(|p| Regex::new(p).unwrap()).collect();
        let set = ListSet::new(&patterns, 1 << 20).unwrap();
        assert_eq!(set.matches("the café fee", &each), 0b11);
        assert_eq!(set.matches("the cafés", &each), 0);
    }
}
