//! The one retry policy for errors that going again may cure (lock timeouts, deadlocks,
//! serialization failures: `phaseshift_pg::is_transient`): exponential backoff with
//! jitter, used by apply, rollback and backfill batches alike, each retry reported.

use super::Event;
use std::time::Duration;

/// How long to wait before each retry: `base` doubled per attempt up to `cap`, plus up to
/// half of that again at random so that runners do not retry in step.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Backoff {
    base_ms: u64,
    cap_ms: u64,
}

impl Backoff {
    /// Steps and their undo: their statements wait `lock_timeout` themselves, so the pause
    /// between attempts can be long.
    pub const STEPS: Backoff = Backoff { base_ms: 200, cap_ms: 10_000 };
    /// A backfill batch that met a row a writer holds, or a deadlock with one: brief
    /// pauses, so that it gets its turn between writers; its patience (`--lock-timeout`
    /// times `--retries` + 1) bounds the whole wait.
    pub const BATCHES: Backoff = Backoff { base_ms: 20, cap_ms: 320 };

    pub fn wait(self, attempt: u32) -> Duration {
        let base = self.base_ms.saturating_mul(1 << attempt.min(6)).min(self.cap_ms);
        Duration::from_millis(base + fastrand::u64(0..=base / 2))
    }
}

/// Attempts of one piece of work under a [`Backoff`], up to `retries` retries.
pub(crate) struct Retry {
    backoff: Backoff,
    retries: u32,
    pub attempt: u32,
}

impl Retry {
    pub fn new(backoff: Backoff, retries: u32) -> Retry {
        Retry { backoff, retries, attempt: 0 }
    }

    /// After a failure `e`: whether to go again. When so, the retry is reported (with who
    /// was in the way, when known) and waited for.
    pub async fn again(
        &mut self,
        e: &tokio_postgres::Error,
        migration: &str,
        phase: u32,
        blocked_by: Option<&str>,
        events: &mut dyn FnMut(Event),
    ) -> bool {
        if !phaseshift_pg::is_transient(e) || self.attempt >= self.retries {
            return false;
        }
        self.attempt += 1;
        let wait = self.backoff.wait(self.attempt);
        let message = phaseshift_pg::pg_message_line(e);
        events(Event::LockRetry {
            migration: migration.into(),
            phase,
            attempt: self.attempt,
            wait_ms: wait.as_millis() as u64,
            message: match blocked_by {
                Some(who) => format!("{message}; blocked by {who}"),
                None => message,
            },
        });
        tokio::time::sleep(wait).await;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::Backoff;

    #[test]
    fn waits_grow_to_the_cap_with_at_most_half_again_of_jitter() {
        for (policy, base, cap) in [(Backoff::STEPS, 200, 10_000), (Backoff::BATCHES, 20, 320)] {
            for attempt in 1..12u32 {
                let expect = (base * (1u64 << attempt.min(6))).min(cap);
                let w = policy.wait(attempt).as_millis() as u64;
                assert!(w >= expect && w <= expect + expect / 2, "attempt {attempt}: {w} ms, expected {expect}..");
            }
        }
    }
}
