//! Failed sign-ins per client address: a client that failed [`MAX_FAILURES`] times within
//! [`WINDOW_MS`] waits until the oldest of them is that old, whichever accounts it tried (the
//! per-account wait stops guessing at one account; this stops spraying one password over many).
//! Kept in this process, bounded in memory.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// The window failures are counted in.
pub const WINDOW_MS: i64 = 60_000;
/// Failures a client may have in the window.
pub const MAX_FAILURES: usize = 20;
/// Most client addresses remembered; past this, clients without a recent failure are forgotten.
const MAX_CLIENTS: usize = 10_000;

#[derive(Default)]
pub(crate) struct ClientFailures(Mutex<HashMap<String, VecDeque<i64>>>);

impl ClientFailures {
    /// How long `client` must wait before its next try at `now` (0: it may try now).
    pub fn wait_ms(&self, client: &str, now: i64) -> i64 {
        if client.is_empty() {
            return 0;
        }
        let Ok(mut map) = self.0.lock() else { return 0 };
        let Some(times) = map.get_mut(client) else {
            return 0;
        };
        while times.front().is_some_and(|t| now - t >= WINDOW_MS) {
            times.pop_front();
        }
        match times.front() {
            Some(oldest) if times.len() >= MAX_FAILURES => WINDOW_MS - (now - oldest),
            _ => 0,
        }
    }

    /// Counts a failed sign-in of `client` at `now`.
    pub fn failed(&self, client: &str, now: i64) {
        if client.is_empty() {
            return;
        }
        let Ok(mut map) = self.0.lock() else { return };
        if map.len() >= MAX_CLIENTS && !map.contains_key(client) {
            map.retain(|_, t| t.back().is_some_and(|last| now - last < WINDOW_MS));
            if map.len() >= MAX_CLIENTS {
                map.clear();
            }
        }
        let times = map.entry(client.to_owned()).or_default();
        times.push_back(now);
        while times.len() > MAX_FAILURES {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_that_keeps_failing_waits_for_its_window() {
        let f = ClientFailures::default();
        for i in 0..i64::try_from(MAX_FAILURES).unwrap_or(20) {
            assert_eq!(f.wait_ms("10.0.0.9", 1_000 + i), 0);
            f.failed("10.0.0.9", 1_000 + i);
        }
        assert_eq!(f.wait_ms("10.0.0.9", 1_020), WINDOW_MS - 20);
        // Another client, and a client without an address, are not held up.
        assert_eq!(f.wait_ms("10.0.0.10", 1_020), 0);
        assert_eq!(f.wait_ms("", 1_020), 0);
        // Once the first failure is a window old, one more try is allowed.
        assert_eq!(f.wait_ms("10.0.0.9", 1_000 + WINDOW_MS), 0);
    }
}
