//! A time budget per document, so that one pathological file (one that is slow
//! to analyse, not one that is refused) cannot stall `check` or `audit`.
//!
//! The work runs on a long-lived worker thread of the calling thread, not on a
//! new thread per document: tokenising, stemming and the regex engines keep
//! per-thread caches, and starting cold for every document more than doubled
//! the CPU per document. A worker that runs past the budget is abandoned (it
//! ends with the process) and a fresh one takes the next document.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use crate::error::ErrorCode;

type Job = Box<dyn FnOnce() + Send>;

thread_local! {
    /// This thread's worker: where its documents are checked.
    static WORKER: RefCell<Option<Sender<Job>>> = const { RefCell::new(None) };
}

/// A thread that runs jobs one after another; a job that panics is reported
/// by the channel it drops, and the worker goes on.
fn spawn_worker() -> std::io::Result<Sender<Job>> {
    let (jobs, inbox) = mpsc::channel::<Job>();
    std::thread::Builder::new().name("mc2lint-check".into()).spawn(move || {
        while let Ok(job) = inbox.recv() {
            let _ = catch_unwind(AssertUnwindSafe(job));
        }
    })?;
    Ok(jobs)
}

/// Hands `job` to this thread's worker, starting one when there is none.
fn submit(job: Job) -> std::io::Result<()> {
    WORKER.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = Some(spawn_worker()?);
        }
        let sent = slot.as_ref().expect("a worker").send(job);
        // A worker that cannot take jobs is gone: start another with this one.
        if let Err(mpsc::SendError(job)) = sent {
            let fresh = spawn_worker()?;
            let _ = fresh.send(job);
            *slot = Some(fresh);
        }
        Ok(())
    })
}

/// Forgets this thread's worker (it is stuck on a document past its budget).
fn abandon_worker() {
    WORKER.with(|slot| *slot.borrow_mut() = None);
}

/// Runs `work` on this thread's worker and waits at most `budget` for it.
/// Past the budget the work is abandoned and the error says so; a panic in it
/// is an internal error, not the end of the run. Without a budget the work
/// runs here.
pub fn run_within<T: Send + 'static>(
    budget: Option<Duration>,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, (ErrorCode, String)> {
    let Some(budget) = budget else {
        return Ok(work());
    };
    let (tx, rx) = mpsc::channel();
    if let Err(e) = submit(Box::new(move || {
        let _ = tx.send(work());
    })) {
        return Err((ErrorCode::Io, format!("cannot start a thread to check it ({e})")));
    }
    match rx.recv_timeout(budget) {
        Ok(done) => Ok(done),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            abandon_worker();
            Err((ErrorCode::Timeout, timeout_cause(budget)))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err((ErrorCode::Internal, INTERNAL_ERROR.into())),
    }
}

/// What the error for a document that made mc2lint panic says.
pub const INTERNAL_ERROR: &str =
    "made mc2lint fail (an internal error, reported above); please report it with the file";

/// Why a document past its budget was given up, and what to do.
pub fn timeout_cause(budget: Duration) -> String {
    format!(
        "took longer than {} s to check (--max-seconds) and was given up; the file may be built to be slow to read: \
         check it alone, or raise --max-seconds if it is genuine",
        budget.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_runs_on_one_worker_and_a_stuck_one_is_replaced() {
        let id = || run_within(Some(Duration::from_secs(5)), || std::thread::current().id()).unwrap();
        assert_eq!(id(), id(), "documents share the worker and its caches");
        let slow = run_within(Some(Duration::from_millis(20)), || std::thread::sleep(Duration::from_millis(500)));
        assert_eq!(slow.unwrap_err().0, ErrorCode::Timeout);
        assert_eq!(run_within(Some(Duration::from_secs(5)), || 7).unwrap(), 7, "a fresh worker takes over");
        let panicked = run_within(Some(Duration::from_secs(5)), || -> u8 { panic!("boom") });
        assert_eq!(panicked.unwrap_err().0, ErrorCode::Internal);
        assert_eq!(run_within(Some(Duration::from_secs(5)), || 8).unwrap(), 8, "the worker survives a panic");
    }
}
