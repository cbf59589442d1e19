//! Pacing: a requests-per-second cap (`--rate`) and Okta's answer to HTTP 429.
//!
//! Okta pauses a task on 429 and retries after `Retry-After` seconds (integer form), or five
//! minutes when the header is missing or not understood, doubling the wait for each further
//! 429 (okta-traffic.md §5 quirk 19). scimgate waits the same way, also on 503 with a
//! `Retry-After`, and also for a `Retry-After` given as an HTTP-date, with three limits a
//! harness needs: each wait is capped (`--max-429-wait`, default 30 s), each request is retried
//! at most three times, and the run as a whole has a waiting budget (`--rate-limit-budget`,
//! default 40 s) and gives up after three requests in a row still refused after their retries.
//! Past either run-wide limit the run stops, exit 3, "the target is rate limiting: …".

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// A shared requests-per-second cap: each request takes the next free slot.
#[derive(Debug)]
pub struct RateLimiter {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// At most `per_second` requests per second.
    pub fn new(per_second: f64) -> Self {
        let per_second = per_second.max(0.001);
        Self {
            interval: Duration::from_secs_f64(1.0 / per_second),
            next: Mutex::new(None),
        }
    }

    /// Waits for this request's slot.
    pub async fn acquire(&self) {
        let slot = {
            let mut next = self
                .next
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// How 429 (and 503 with `Retry-After`) answers are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first 429 (Okta: up to 10 attempts).
    pub max_retries: u32,
    /// The longest single wait.
    pub max_wait: Duration,
    /// The most the whole run waits; a wait that would pass it stops the run.
    pub budget: Duration,
    /// Requests in a row still refused after their retries that stop the run.
    pub max_refused_in_a_row: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            max_wait: Duration::from_secs(30),
            budget: Duration::from_secs(40),
            max_refused_in_a_row: 3,
        }
    }
}

/// True for an answer that says "not now": 429, or 503 (which also carries `Retry-After`
/// when a server means it, RFC 9110 §10.2.3).
pub fn is_rate_limit(status: u16) -> bool {
    status == 429 || status == 503
}

/// The delay a `Retry-After` value asks for: delay-seconds, or an HTTP-date (in the past: 0).
pub fn retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = jiff::fmt::rfc2822::parse(v).ok()?.timestamp();
    let now = jiff::Timestamp::now();
    let ms = when
        .as_millisecond()
        .saturating_sub(now.as_millisecond())
        .max(0);
    Some(Duration::from_millis(u64::try_from(ms).unwrap_or_default()))
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (0-based) given the `Retry-After` value: the
    /// delay it names, else Okta's five minutes, doubled per further attempt, capped.
    pub fn wait(&self, attempt: u32, retry_after_value: Option<&str>) -> Duration {
        let base = retry_after_value
            .and_then(retry_after)
            .unwrap_or(Duration::from_secs(300));
        let doubled = base.saturating_mul(2u32.saturating_pow(attempt));
        doubled.min(self.max_wait)
    }
}

/// Total time spent waiting on 429s, shared by every request of a run.
#[derive(Debug, Default)]
pub struct WaitLedger {
    millis: AtomicU64,
    count: AtomicU64,
}

impl WaitLedger {
    /// Records one wait.
    pub fn add(&self, d: Duration) {
        self.millis.fetch_add(
            u64::try_from(d.as_millis()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// Total waited.
    pub fn total(&self) -> Duration {
        Duration::from_millis(self.millis.load(Ordering::Relaxed))
    }

    /// Number of 429 answers waited on.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_follow_okta_retry_after_then_five_minutes_doubling_capped() {
        let p = RetryPolicy {
            max_retries: 10,
            max_wait: Duration::from_secs(3600),
            ..RetryPolicy::default()
        };
        assert_eq!(p.wait(0, Some("2")), Duration::from_secs(2));
        assert_eq!(p.wait(1, Some("2")), Duration::from_secs(4));
        assert_eq!(p.wait(0, None), Duration::from_secs(300));
        // An HTTP-date in the past asks for no wait; an unreadable value for Okta's default.
        assert_eq!(
            p.wait(0, Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            Duration::ZERO
        );
        assert_eq!(p.wait(0, Some("soon")), Duration::from_secs(300));
        let in_a_minute = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(65);
        let date = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&in_a_minute)
            .unwrap();
        let w = p.wait(0, Some(&date));
        assert!(
            w > Duration::from_secs(55) && w <= Duration::from_secs(65),
            "{date}: {w:?}"
        );
        assert_eq!(p.wait(1, None), Duration::from_secs(600));
        let capped = RetryPolicy::default();
        assert_eq!(capped.wait(0, None), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn the_rate_limiter_spaces_requests_on_virtual_time() {
        let limiter = RateLimiter::new(20.0);
        let start = Instant::now();
        for _ in 0..11 {
            limiter.acquire().await;
        }
        // Eleven slots at 20/s: the last one 10 intervals (500 ms) after the first.
        assert_eq!(Instant::now() - start, Duration::from_millis(500));
    }
}
