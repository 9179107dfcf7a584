//! Refusals of a manual entry or of a posting in a locked period, each with a stable code,
//! kind and details. Nothing is written.

use crate::AccountId;
use crate::refusal::{Detail, Details, Kind, Refusal, field};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    #[error("{field}: {reason}")]
    InvalidField { field: String, reason: String },
    #[error("debits and credits differ by {difference}")]
    Unbalanced { difference: i64 },
    #[error("{field} does not exist")]
    UnknownReference { field: String },
    #[error("line {line}: account {account} has a sub-ledger; post to it through its documents")]
    SubLedgerAccount { line: usize, account: AccountId },
    #[error("the books are locked up to {lock_day}; {day} is in a locked period")]
    PeriodLocked { lock_day: i32, day: i32 },
}

fn date(day: i32) -> Detail {
    Detail::Text(crate::calendar::day_text(day))
}

impl Refusal for JournalError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::Unbalanced { .. } => "unbalanced_entry",
            Self::UnknownReference { .. } => "not_found",
            Self::SubLedgerAccount { .. } => "subledger_account",
            Self::PeriodLocked { .. } => "period_locked",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } | Self::Unbalanced { .. } => Kind::Invalid,
            Self::UnknownReference { .. } => Kind::NotFound,
            Self::SubLedgerAccount { .. } | Self::PeriodLocked { .. } => Kind::Conflict,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } | Self::UnknownReference { field: f } => {
                field(f.as_str())
            }
            Self::Unbalanced { difference } => vec![
                ("field", "lines".into()),
                ("difference", Detail::Money(*difference)),
            ],
            Self::SubLedgerAccount { line, account } => vec![
                ("field", format!("lines[{line}].account_id").into()),
                ("account_id", account.0.into()),
            ],
            Self::PeriodLocked { lock_day, day } => {
                vec![("lock_date", date(*lock_day)), ("date", date(*day))]
            }
        }
    }
}
