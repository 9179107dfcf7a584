//! An installation's states and the steps between them: scheduled → in progress → completed;
//! in progress or completed → modification required (the customer asks for changes) →
//! modification completed, and again. Reaching completed or modification completed is what
//! writes the installation's one archive record. Repeating the step that brought it to its state
//! changes nothing. A visit's time window is within one day.

use super::error::{WorkshopError, invalid};

/// Where an installation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallState {
    Scheduled,
    InProgress,
    Completed,
    ModificationRequired,
    ModificationCompleted,
}

/// What a step to `to` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallStep {
    /// The installation moves; `archive` when it reached a state the archive records.
    Move { archive: bool },
    /// It is there already.
    Repeat,
}

impl InstallState {
    pub const ALL: [Self; 5] = [
        Self::Scheduled,
        Self::InProgress,
        Self::Completed,
        Self::ModificationRequired,
        Self::ModificationCompleted,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::ModificationRequired => "modification_required",
            Self::ModificationCompleted => "modification_completed",
        }
    }

    /// # Errors
    /// `invalid_field` (`status`) for a state that is none of them.
    pub fn parse(s: &str) -> Result<Self, WorkshopError> {
        Self::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .ok_or_else(|| invalid("status", "not an installation state"))
    }

    /// Whether the archive records reaching this state.
    #[must_use]
    pub fn archived(self) -> bool {
        matches!(self, Self::Completed | Self::ModificationCompleted)
    }

    /// What moving from this state to `to` does.
    ///
    /// # Errors
    /// `installation_state` naming both states.
    pub fn step(self, to: Self) -> Result<InstallStep, WorkshopError> {
        use InstallState as S;
        if self == to {
            return Ok(InstallStep::Repeat);
        }
        let allowed = matches!(
            (self, to),
            (S::Scheduled, S::InProgress)
                | (S::InProgress, S::Completed)
                | (
                    S::InProgress | S::Completed | S::ModificationCompleted,
                    S::ModificationRequired
                )
                | (S::ModificationRequired, S::ModificationCompleted)
        );
        if allowed {
            Ok(InstallStep::Move {
                archive: to.archived(),
            })
        } else {
            Err(WorkshopError::InstallState {
                state: self.as_str(),
                to: to.as_str(),
            })
        }
    }
}

/// A visit's time window on its day: minutes after local midnight, `from` before `to`.
///
/// # Errors
/// `invalid_field` (`window`).
pub fn window(from: i64, to: i64) -> Result<(i64, i64), WorkshopError> {
    if (0..1440).contains(&from) && from < to && to <= 1440 {
        Ok((from, to))
    } else {
        Err(invalid(
            "window",
            "a time window within one day, its start before its end",
        ))
    }
}
