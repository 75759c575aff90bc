//! `audit`'s worker threads. Each worker takes the next document and checks
//! it itself; with a time budget (`--max-seconds`), a watchdog gives up on a
//! document that runs past it, reports it, and starts a worker in place of
//! the one stuck on it, so the run keeps its parallelism and still ends.
//!
//! Written here rather than on rayon: a rayon thread cannot be abandoned (its
//! pool waits for every job), so each document had to be handed from the pool
//! to a second, abandonable thread and its result handed back
//! (`budget::run_within`, which `check`, `annotate` and `serve` still use for
//! their few documents). On the 1,000 bench contracts those two wake-ups per
//! document, and twice the threads each with its own allocator pages, cost
//! about 5% of an audit's wall time on two cores.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::ErrorCode;

/// How to report a document that could not be finished, given why.
pub type Fallback<M> = Box<dyn FnOnce(ErrorCode, String) -> M + Send>;

/// One worker's current document, as the watchdog sees it.
enum Task<M> {
    Idle,
    /// Taken, not yet timed (the file is being read); a panic is reported by the fallback.
    Taken(Fallback<M>),
    /// Being checked since `since`; past the budget the watchdog reports it.
    Timed {
        since: Instant,
        fallback: Fallback<M>,
    },
    /// Reported by the watchdog: the worker drops its own result and ends.
    GivenUp,
}

type TaskCell<M> = Arc<Mutex<Task<M>>>;

/// A worker's hold on the document it runs, given to the job function.
pub struct Worker<M> {
    task: TaskCell<M>,
}

impl<M> Worker<M> {
    /// The document's check starts now: from here the budget runs, and a
    /// document given up (or a panic) is reported by `fallback`.
    pub fn start_clock(&self, fallback: Fallback<M>) {
        *lock(&self.task) = Task::Timed { since: Instant::now(), fallback };
    }
}

type RunJob<J, M> = dyn Fn(J, &Worker<M>) -> Option<M> + Send + Sync;
type FallbackOf<J, M> = dyn Fn(&J) -> Fallback<M> + Send + Sync;

struct Shared<J, M> {
    jobs: Mutex<std::vec::IntoIter<J>>,
    /// The writer's channel; dropped when the last worker ends, which ends the writer.
    out: Mutex<Option<SyncSender<M>>>,
    /// Workers still running (one given up no longer counts; its replacement does).
    live: AtomicUsize,
    /// Set when the channel is closed: every job is reported; the watchdog ends.
    finished: AtomicBool,
    /// Every running worker's task, for the watchdog.
    tasks: Mutex<Vec<TaskCell<M>>>,
    run: Box<RunJob<J, M>>,
    fallback_of: Box<FallbackOf<J, M>>,
}

/// Runs `run(job, worker)` for every job on `threads` workers and sends each
/// message it returns to `out`; the channel closes when all jobs are done or
/// given up. Returns once the workers are started (an error only when none
/// could be). `fallback_of(job)` reports a job that panics before its clock
/// starts; `Worker::start_clock` gives the one used from then on.
pub fn run<J, M>(
    jobs: Vec<J>,
    threads: usize,
    budget: Option<Duration>,
    out: SyncSender<M>,
    fallback_of: impl Fn(&J) -> Fallback<M> + Send + Sync + 'static,
    run: impl Fn(J, &Worker<M>) -> Option<M> + Send + Sync + 'static,
) -> Result<(), String>
where
    J: Send + 'static,
    M: Send + 'static,
{
    let shared = Arc::new(Shared {
        jobs: Mutex::new(jobs.into_iter()),
        out: Mutex::new(Some(out)),
        live: AtomicUsize::new(0),
        finished: AtomicBool::new(false),
        tasks: Mutex::new(Vec::new()),
        run: Box::new(run),
        fallback_of: Box::new(fallback_of),
    });
    // The watchdog first: when it cannot start, nothing has run yet.
    if let Some(budget) = budget {
        let watched = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("mc2lint-watch".into())
            .spawn(move || watch(&watched, budget))
            .map_err(|e| format!("cannot start the thread that enforces --max-seconds: {e}"))?;
    }
    for k in 0..threads.max(1) {
        if let Err(e) = spawn_worker(&shared) {
            if k == 0 {
                shared.close();
                return Err(format!("cannot start worker threads: {e}"));
            }
            break;
        }
    }
    Ok(())
}

fn spawn_worker<J: Send + 'static, M: Send + 'static>(shared: &Arc<Shared<J, M>>) -> std::io::Result<()> {
    let task: TaskCell<M> = Arc::new(Mutex::new(Task::Idle));
    shared.live.fetch_add(1, Ordering::SeqCst);
    let (mine, theirs) = (Arc::clone(shared), Arc::clone(&task));
    match std::thread::Builder::new().name("mc2lint-check".into()).spawn(move || work(&mine, theirs)) {
        Ok(_) => {
            lock(&shared.tasks).push(task);
            Ok(())
        }
        Err(e) => {
            shared.live.fetch_sub(1, Ordering::SeqCst);
            Err(e)
        }
    }
}

/// A worker: jobs one after another until none are left, or until the
/// watchdog gives up on the one it runs.
fn work<J, M>(shared: &Shared<J, M>, task: TaskCell<M>) {
    let worker = Worker { task };
    loop {
        let Some(job) = lock(&shared.jobs).next() else { break };
        *lock(&worker.task) = Task::Taken((shared.fallback_of)(&job));
        let result = catch_unwind(AssertUnwindSafe(|| (shared.run)(job, &worker)));
        let message = match (std::mem::replace(&mut *lock(&worker.task), Task::Idle), result) {
            // Already reported, and a fresh worker took this one's place.
            (Task::GivenUp, _) => return,
            (_, Ok(message)) => message,
            (Task::Taken(fallback) | Task::Timed { fallback, .. }, Err(_)) => {
                Some(fallback(ErrorCode::Internal, super::budget::INTERNAL_ERROR.into()))
            }
            (Task::Idle, Err(_)) => None,
        };
        if let Some(message) = message {
            shared.send(message);
        }
    }
    shared.ended();
}

impl<J, M> Shared<J, M> {
    fn send(&self, message: M) {
        if let Some(out) = lock(&self.out).as_ref() {
            // The writer stops reading only when its output failed; nothing is lost then.
            let _ = out.send(message);
        }
    }

    /// One worker fewer; the last one out closes the writer's channel.
    fn ended(&self) {
        if self.live.fetch_sub(1, Ordering::SeqCst) == 1 {
            // No worker left to take them: jobs still queued (a replacement
            // that could not be started) are reported, not dropped.
            let left: Vec<J> = lock(&self.jobs).by_ref().collect();
            for job in left {
                let cause = "no thread was left to check it (the system refused to start one); check it alone";
                self.send((self.fallback_of)(&job)(ErrorCode::Io, cause.into()));
            }
            self.close();
        }
    }

    /// Closes the writer's channel (its loop ends) and stops the watchdog.
    fn close(&self) {
        lock(&self.out).take();
        self.finished.store(true, Ordering::SeqCst);
    }
}

/// The watchdog: every few milliseconds, gives up on documents past `budget`.
fn watch<J: Send + 'static, M: Send + 'static>(shared: &Arc<Shared<J, M>>, budget: Duration) {
    let tick = (budget / 8).clamp(Duration::from_millis(5), Duration::from_millis(250));
    loop {
        std::thread::sleep(tick);
        if shared.finished.load(Ordering::SeqCst) {
            return;
        }
        let tasks: Vec<TaskCell<M>> = lock(&shared.tasks).clone();
        for task in tasks {
            let Some(fallback) = give_up_if_late(&task, budget) else { continue };
            lock(&shared.tasks).retain(|t| !Arc::ptr_eq(t, &task));
            shared.send(fallback(ErrorCode::Timeout, super::budget::timeout_cause(budget)));
            // The stuck worker no longer counts; its replacement does.
            if spawn_worker(shared).is_ok() {
                shared.live.fetch_sub(1, Ordering::SeqCst);
            } else {
                shared.ended();
            }
        }
    }
}

/// Marks the task given up when its document has run past `budget`, and
/// returns how to report it.
fn give_up_if_late<M>(task: &TaskCell<M>, budget: Duration) -> Option<Fallback<M>> {
    let mut task = lock(task);
    if !matches!(*task, Task::Timed { since, .. } if since.elapsed() > budget) {
        return None;
    }
    match std::mem::replace(&mut *task, Task::GivenUp) {
        Task::Timed { fallback, .. } => Some(fallback),
        _ => None,
    }
}

/// A lock that survives a panic elsewhere: the data is a queue or a state
/// that a panicking job never leaves half-written.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::mpsc;

    /// Runs `jobs` (milliseconds to sleep, or `u64::MAX` to panic) and
    /// returns each job's message: `"ok"` or the error code.
    fn outcomes(jobs: Vec<u64>, threads: usize, budget: Option<Duration>) -> HashMap<usize, String> {
        let (tx, rx) = mpsc::sync_channel(4);
        let jobs: Vec<(usize, u64)> = jobs.into_iter().enumerate().collect();
        run(
            jobs,
            threads,
            budget,
            tx,
            |&(i, _)| Box::new(move |code: ErrorCode, _| (i, code.as_str().to_string())),
            |(i, ms), worker| {
                worker.start_clock(Box::new(move |code: ErrorCode, _| (i, code.as_str().to_string())));
                if ms == u64::MAX {
                    panic!("a job that fails");
                }
                std::thread::sleep(Duration::from_millis(ms));
                Some((i, "ok".to_string()))
            },
        )
        .unwrap();
        rx.into_iter().collect()
    }

    #[test]
    fn every_job_is_reported_once() {
        let got = outcomes(vec![1; 40], 3, None);
        assert_eq!(got.len(), 40);
        assert!(got.values().all(|m| m == "ok"));
    }

    #[test]
    fn a_job_past_the_budget_is_given_up_and_the_rest_still_run() {
        let started = Instant::now();
        // One thread: without a replacement worker, jobs 2 and 3 would wait for job 1.
        let got = outcomes(vec![1, 5_000, 1, 1], 1, Some(Duration::from_millis(100)));
        assert_eq!(got[&1], "timeout");
        assert_eq!([&got[&0], &got[&2], &got[&3]], ["ok", "ok", "ok"]);
        assert!(started.elapsed() < Duration::from_secs(3), "the run waited for the stuck job");
    }

    #[test]
    fn a_job_that_panics_is_an_internal_error_and_the_worker_goes_on() {
        let got = outcomes(vec![1, u64::MAX, 1], 1, Some(Duration::from_secs(30)));
        assert_eq!(got[&1], "internal-error");
        assert_eq!([&got[&0], &got[&2]], ["ok", "ok"]);
        let got = outcomes(vec![u64::MAX, 1], 1, None);
        assert_eq!(got[&0], "internal-error", "without a budget too");
    }
}
