//! Rate limits on warning lines, so a client can never make the server write more log than it sent.
//!
//! Every warning a client can cause (a refused frame, a decode error, a flood) goes through a
//! [`WarnLimit`] of its connection and the process-wide budget: a few lines at once, then at
//! most one per interval; what is held back is counted and reported with the next line that
//! goes out ("suppressed N").

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A token bucket for log lines: `burst` at once, then one every `every`.
#[derive(Debug)]
pub(crate) struct WarnLimit {
    burst: u32,
    every: Duration,
    tokens: u32,
    refilled: Instant,
    suppressed: u64,
}

/// Lines one connection may write at once.
const CONN_BURST: u32 = 5;
/// Then one per this long.
const CONN_EVERY: Duration = Duration::from_secs(10);
/// Lines the whole process may write at once, all connections together.
const GLOBAL_BURST: u32 = 50;
/// Then one per this long (20 a second).
const GLOBAL_EVERY: Duration = Duration::from_millis(50);

impl WarnLimit {
    pub(crate) fn new(burst: u32, every: Duration) -> WarnLimit {
        WarnLimit { burst, every, tokens: burst, refilled: Instant::now(), suppressed: 0 }
    }

    /// A connection's limit.
    pub(crate) fn connection() -> WarnLimit {
        WarnLimit::new(CONN_BURST, CONN_EVERY)
    }

    /// Whether a line may be written now; `Some(n)` with the lines held back before it.
    pub(crate) fn allow_at(&mut self, now: Instant) -> Option<u64> {
        let since = now.saturating_duration_since(self.refilled);
        let earned = since.as_nanos() / self.every.as_nanos().max(1);
        if earned > 0 {
            let earned = u32::try_from(earned).unwrap_or(u32::MAX);
            self.tokens = self.tokens.saturating_add(earned).min(self.burst);
            self.refilled =
                if self.tokens == self.burst { now } else { self.refilled + self.every * earned };
        }
        if self.tokens == 0 {
            self.suppressed += 1;
            return None;
        }
        self.tokens -= 1;
        Some(std::mem::take(&mut self.suppressed))
    }

    /// [`WarnLimit::allow_at`] now, and within the process-wide budget too.
    pub(crate) fn allow(&mut self) -> Option<u64> {
        let now = Instant::now();
        let mine = self.allow_at(now)?;
        match global().lock().unwrap_or_else(|e| e.into_inner()).allow_at(now) {
            Some(theirs) => Some(mine + theirs),
            None => {
                // Held back by the others' lines: count it here, report it with ours.
                self.suppressed += 1;
                None
            }
        }
    }
}

fn global() -> &'static Mutex<WarnLimit> {
    static GLOBAL: std::sync::OnceLock<Mutex<WarnLimit>> = std::sync::OnceLock::new();
    GLOBAL.get_or_init(|| Mutex::new(WarnLimit::new(GLOBAL_BURST, GLOBAL_EVERY)))
}

/// `warn!` through a [`WarnLimit`]: the line is written only when the limit allows, with
/// `suppressed` = the lines held back since the last one.
macro_rules! limited_warn {
    ($limit:expr, $($rest:tt)+) => {
        if let Some(suppressed) = $limit.allow() {
            tracing::warn!(suppressed, $($rest)+);
        }
    };
}
pub(crate) use limited_warn;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_per_interval_and_the_count_of_the_rest() {
        let mut limit = WarnLimit::new(3, Duration::from_secs(1));
        let t0 = limit.refilled;
        assert_eq!(limit.allow_at(t0), Some(0));
        assert_eq!(limit.allow_at(t0), Some(0));
        assert_eq!(limit.allow_at(t0), Some(0));
        for _ in 0..1000 {
            assert_eq!(limit.allow_at(t0 + Duration::from_millis(500)), None);
        }
        assert_eq!(limit.allow_at(t0 + Duration::from_millis(1000)), Some(1000));
        assert_eq!(limit.allow_at(t0 + Duration::from_millis(1100)), None);
        // After a long quiet time, the burst is back, not more.
        let later = t0 + Duration::from_secs(3600);
        assert_eq!(limit.allow_at(later), Some(1));
        assert_eq!(limit.allow_at(later), Some(0));
        assert_eq!(limit.allow_at(later), Some(0));
        assert_eq!(limit.allow_at(later), None);
    }

    #[test]
    fn a_flood_writes_a_bounded_number_of_lines() {
        let mut limit = WarnLimit::new(5, Duration::from_secs(10));
        let t0 = limit.refilled;
        // 10,000 refusals a second for a minute.
        let mut written = 0;
        for i in 0..600_000u64 {
            if limit.allow_at(t0 + Duration::from_micros(i * 100)).is_some() {
                written += 1;
            }
        }
        assert!(written <= 5 + 6, "{written} lines");
    }
}
