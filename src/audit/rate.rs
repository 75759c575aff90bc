//! The documents-per-second rate and the ETA of an audit. indicatif's own
//! estimate counts from the start of the run, so the first slow documents (a
//! cold cache, threads starting) made a 7-second job show "7m". Here the first
//! `WARMUP` documents are not measured at all; the rate is then measured over
//! windows of at least `WINDOW`, the first window giving the first estimate
//! and later ones blended in (exponential smoothing), so that neither the
//! start nor one slow document swings the estimate.

use std::time::{Duration, Instant};

/// Documents finished before the rate is measured.
pub const WARMUP: u64 = 5;
/// Shortest window over which a rate is measured.
const WINDOW: Duration = Duration::from_millis(500);
/// Weight of the newest window in the smoothed rate.
const ALPHA: f64 = 0.3;

#[derive(Debug, Clone, Default)]
pub struct Rate {
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
        let Some(start) = self.window_start else {
            if self.done >= WARMUP {
                self.window_start = Some(now);
            }
            return;
        };
        self.window_done += 1;
        let elapsed = now.duration_since(start);
        if elapsed >= WINDOW {
            let rate = self.window_done as f64 / elapsed.as_secs_f64();
            self.smoothed = Some(self.smoothed.map_or(rate, |old| ALPHA * rate + (1.0 - ALPHA) * old));
            self.window_start = Some(now);
            self.window_done = 0;
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
        assert_eq!(r.message(70), "10.0 docs/s  ETA 7s");
        assert_eq!(Rate::default().message(70), "ETA: estimating…");
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
