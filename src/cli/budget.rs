//! A time budget per document, so that one pathological file (one that is slow
//! to analyse, not one that is refused) cannot stall `check` or `audit`.

use std::sync::mpsc;
use std::time::Duration;

use crate::error::ErrorCode;

/// Runs `work` on a thread of its own and waits at most `budget` for it. Past
/// the budget the work is abandoned (its thread ends with the process) and the
/// error says so; a panic in it is an internal error, not the end of the run.
/// Without a budget the work runs here.
pub fn run_within<T: Send + 'static>(
    budget: Option<Duration>,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, (ErrorCode, String)> {
    let Some(budget) = budget else {
        return Ok(work());
    };
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("mc2lint-check".into()).spawn(move || {
        let _ = tx.send(work());
    });
    if let Err(e) = spawned {
        return Err((ErrorCode::Io, format!("cannot start a thread to check it ({e})")));
    }
    match rx.recv_timeout(budget) {
        Ok(done) => Ok(done),
        Err(mpsc::RecvTimeoutError::Timeout) => Err((
            ErrorCode::Timeout,
            format!(
                "took longer than {} s to check (--max-seconds) and was given up; the file may be built to be \
                 slow to read: check it alone, or raise --max-seconds if it is genuine",
                budget.as_secs_f64()
            ),
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err((
            ErrorCode::Internal,
            "made mc2lint fail (an internal error, reported above); please report it with the file".into(),
        )),
    }
}
