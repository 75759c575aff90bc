//! The documents-per-second rate and the ETA of an audit. indicatif's own
//! estimate counts from the start of the run, so the first slow documents (a
//! cold cache, threads starting) made a 7-second job show "7m"; here no ETA is
//! given until `WARMUP` documents are done, the rate is measured from the first
//! finished document, and later windows are blended in (exponential smoothing)
//! so one slow document does not swing the estimate.

use std::time::{Duration, Instant};

/// Documents finished before the first estimate.
pub const WARMUP: u64 = 5;
/// Shortest window between two updates of the smoothed rate.
const WINDOW: Duration = Duration::from_millis(500);
/// Weight of the newest window in the smoothed rate.
const ALPHA: f64 = 0.3;

#[derive(Debug, Clone, Default)]
pub struct Rate {
    first: Option<Instant>,
    done: u64,
    window_start: Option<Instant>,
    window_done: u64,
    smoothed: Option<f64>,
}

impl Rate {
    /// One document checked at `now` (resumed and skipped ones do not count:
    /// they take no time and would inflate the rate).
    pub fn tick(&mut self, now: Instant) {
        self.done += 1;
        let first = *self.first.get_or_insert(now);
        match (self.smoothed, self.window_start) {
            (None, _) if self.done > WARMUP => {
                let secs = now.duration_since(first).as_secs_f64();
                if secs > 0.0 {
                    self.smoothed = Some((self.done - 1) as f64 / secs);
                    self.window_start = Some(now);
                    self.window_done = 0;
                }
            }
            (Some(rate), Some(start)) => {
                self.window_done += 1;
                let secs = now.duration_since(start).as_secs_f64();
                if now.duration_since(start) >= WINDOW {
                    self.smoothed = Some(ALPHA * self.window_done as f64 / secs + (1.0 - ALPHA) * rate);
                    self.window_start = Some(now);
                    self.window_done = 0;
                }
            }
            _ => {}
        }
    }

    /// The smoothed documents per second, once past the warm-up.
    pub fn per_sec(&self) -> Option<f64> {
        self.smoothed.filter(|r| *r > 0.0)
    }

    /// Time left for `remaining` documents, once past the warm-up.
    pub fn eta(&self, remaining: u64) -> Option<Duration> {
        self.per_sec().map(|r| Duration::from_secs_f64(remaining as f64 / r))
    }

    /// "12.5 docs/s  ETA 1m 20s", or "estimating…" during the warm-up.
    pub fn message(&self, remaining: u64) -> String {
        match (self.per_sec(), self.eta(remaining)) {
            (Some(r), Some(eta)) => format!("{r:.1} docs/s  ETA {}", short_duration(eta)),
            _ => "ETA: estimating…".to_string(),
        }
    }
}

/// "45s", "3m 05s", "2h 07m".
pub fn short_duration(d: Duration) -> String {
    let s = d.as_secs_f64().ceil() as u64;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m {:02}s", s / 60, s % 60),
        _ => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_estimate_before_the_warm_up_then_the_steady_rate() {
        let t0 = Instant::now();
        let mut r = Rate::default();
        // The first document takes 3 s (cold start), then 10 documents a second.
        r.tick(t0 + Duration::from_secs(3));
        assert_eq!(r.eta(100), None);
        for i in 1..WARMUP {
            r.tick(t0 + Duration::from_secs(3) + Duration::from_millis(100 * i));
            assert_eq!(r.eta(100), None, "still warming up after {} documents", i + 1);
        }
        for i in WARMUP..60 {
            r.tick(t0 + Duration::from_secs(3) + Duration::from_millis(100 * i));
        }
        let rate = r.per_sec().unwrap();
        assert!((rate - 10.0).abs() < 0.5, "rate {rate}");
        let eta = r.eta(70).unwrap().as_secs_f64();
        assert!((6.5..7.5).contains(&eta), "a 7-second job shows about 7 s, not minutes: {eta}");
        assert!(r.message(70).starts_with("10.0 docs/s  ETA 7s") || r.message(70).contains("ETA"));
    }

    #[test]
    fn one_slow_window_moves_the_estimate_only_partly() {
        let t0 = Instant::now();
        let mut r = Rate::default();
        let mut t = t0;
        for _ in 0..50 {
            t += Duration::from_millis(100);
            r.tick(t);
        }
        t += Duration::from_secs(5);
        r.tick(t);
        let rate = r.per_sec().unwrap();
        assert!(rate > 5.0, "one 5-second document does not collapse a 10 docs/s rate: {rate}");
    }

    #[test]
    fn durations_read_short() {
        assert_eq!(short_duration(Duration::from_millis(6200)), "7s");
        assert_eq!(short_duration(Duration::from_secs(185)), "3m 05s");
        assert_eq!(short_duration(Duration::from_secs(7620)), "2h 07m");
    }
}
