//! A play session's recorded events (start, pause, resume, stop, each at a moment the caller's
//! clock gave) turned into the stretches of time actually played. A sequence that could bill
//! a negative or doubled time is refused: it must start once, alternate pause and resume, stop
//! at most once and last, and never go back in time.

use super::error::{CafeError, invalid};

/// One recorded event of a session, at Unix milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEvent {
    Start(i64),
    Pause(i64),
    Resume(i64),
    Stop(i64),
}

impl SessionEvent {
    #[must_use]
    pub fn at_ms(self) -> i64 {
        match self {
            Self::Start(t) | Self::Pause(t) | Self::Resume(t) | Self::Stop(t) => t,
        }
    }
}

/// The time a session was played: its stretches `[from, to)` in order, and whether it is
/// still running (its last stretch ends at the moment it was read, not at a stop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Played {
    pub stretches: Vec<(i64, i64)>,
    pub running: bool,
}

impl Played {
    /// Milliseconds played in all.
    #[must_use]
    pub fn ms(&self) -> i64 {
        self.stretches.iter().map(|(a, b)| b - a).sum()
    }
}

/// The stretches played by `events`, a running session (or one paused) read at `now_ms`.
///
/// # Errors
/// `invalid_field` on `events` for a sequence that does not start with one start, pauses a
/// paused session, resumes a running one, has anything after the stop, or goes back in time;
/// on `now_ms` for a reading before the last event.
pub fn played(events: &[SessionEvent], now_ms: i64) -> Result<Played, CafeError> {
    let mut stretches = Vec::new();
    let mut open: Option<i64> = None;
    let mut last = None::<i64>;
    let mut stopped = false;
    for (i, e) in events.iter().enumerate() {
        let at = e.at_ms();
        if last.is_some_and(|l| at < l) {
            return Err(invalid("events", "events go back in time"));
        }
        last = Some(at);
        if stopped {
            return Err(invalid("events", "nothing can follow the stop"));
        }
        match (*e, open, i) {
            (SessionEvent::Start(t), None, 0) | (SessionEvent::Resume(t), None, 1..) => {
                open = Some(t);
            }
            (SessionEvent::Pause(t), Some(from), 1..) => {
                stretches.push((from, t));
                open = None;
            }
            (SessionEvent::Stop(t), _, 1..) => {
                if let Some(from) = open.take() {
                    stretches.push((from, t));
                }
                stopped = true;
            }
            (SessionEvent::Start(_), _, _) => {
                return Err(invalid("events", "a session starts once, first"));
            }
            (_, _, 0) => return Err(invalid("events", "a session starts with its start")),
            (SessionEvent::Pause(_), None, _) => {
                return Err(invalid("events", "a paused session cannot pause"));
            }
            (SessionEvent::Resume(_), Some(_), _) => {
                return Err(invalid("events", "a running session cannot resume"));
            }
        }
    }
    if last.is_none() {
        return Err(invalid("events", "a session starts with its start"));
    }
    let running = !stopped;
    if let Some(from) = open {
        if now_ms < from {
            return Err(invalid("now_ms", "read before the session's last event"));
        }
        stretches.push((from, now_ms));
    }
    stretches.retain(|(a, b)| b > a);
    Ok(Played { stretches, running })
}
