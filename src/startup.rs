//! Start-up work (compiling the pack's terms and the detectors' patterns),
//! spread over threads that end when it is done.
//!
//! Not rayon's global pool: its threads live as long as the process, and
//! each keeps the memory it touched while compiling, since mimalloc gives
//! every thread pages of its own. A thread that ends leaves its pages to the
//! next thread that needs some (an audit's workers), so the memory start-up
//! touched is used again instead of idling while the workers touch more. On
//! the bench machine every fresh 2 MiB page costs milliseconds to zero.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many threads start-up work is spread over.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// `f` over `items` on short-lived threads; the results in `items`' order.
/// A panic in `f` is resumed here. Where no thread can be started, the
/// calling thread does the work.
pub(crate) fn map_on_threads<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let count = items.len();
    let queue: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let next = AtomicUsize::new(0);
    let take = || {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let item = queue.get(i)?.lock().unwrap_or_else(|p| p.into_inner()).take()?;
        Some((i, item))
    };
    let work = || std::iter::from_fn(take).map(|(i, item)| (i, f(item))).collect::<Vec<_>>();
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads().min(count))
            .filter_map(|_| std::thread::Builder::new().name("mc2lint-compile".into()).spawn_scoped(s, work).ok())
            .collect();
        let mut done = if workers.is_empty() { work() } else { Vec::new() };
        for w in workers {
            done.extend(w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        done
    });
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Runs `jobs` in the background on short-lived threads and returns at once.
/// A thread that cannot be started leaves its share to the others (or, if
/// none starts, to whoever needs each job's result first).
pub(crate) fn spawn_jobs(jobs: &'static [fn()]) {
    let next = std::sync::Arc::new(AtomicUsize::new(0));
    for _ in 0..threads().min(jobs.len()) {
        let next = std::sync::Arc::clone(&next);
        let _ = std::thread::Builder::new().name("mc2lint-compile".into()).spawn(move || {
            while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                job();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..100).collect();
        let squares = map_on_threads(items, |x| x * x);
        assert_eq!(squares, (0..100u32).map(|x| x * x).collect::<Vec<_>>());
        assert!(map_on_threads(Vec::<u8>::new(), |x| x).is_empty());
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let caught =
            std::panic::catch_unwind(|| map_on_threads(vec![1, 2, 3], |x| if x == 2 { panic!("two") } else { x }));
        assert!(caught.is_err());
    }
}
