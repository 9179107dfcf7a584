//! The manual entry as an accountant writes it: a business day, a memo and signed lines
//! (debit positive). It can only be built balanced.

use super::JournalError;
use crate::AccountId;
use crate::decimal::MAX_AMOUNT;

/// Most lines on one manual entry.
pub const MAX_LINES: usize = 100;
/// Most characters of its memo.
pub const MAX_MEMO: usize = 200;

/// A well-formed manual entry: 2 to 100 non-zero lines that sum to zero, a memo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualEntry {
    day: i32,
    memo: String,
    lines: Vec<(AccountId, i64)>,
}

fn invalid(field: &str, reason: &str) -> JournalError {
    JournalError::InvalidField {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

impl ManualEntry {
    /// Validates a manual entry on business day `day` (`YYYYMMDD`).
    ///
    /// # Errors
    /// [`JournalError::InvalidField`] naming the field, or [`JournalError::Unbalanced`].
    pub fn new(day: i32, memo: &str, lines: Vec<(AccountId, i64)>) -> Result<Self, JournalError> {
        if lines.len() < 2 || lines.len() > MAX_LINES {
            return Err(invalid("lines", "an entry has 2 to 100 lines"));
        }
        let mut sum: i128 = 0;
        for (i, (_, amount)) in lines.iter().enumerate() {
            if *amount == 0 || amount.abs() > MAX_AMOUNT {
                return Err(invalid(
                    &format!("lines[{i}]"),
                    "a line debits or credits a positive amount",
                ));
            }
            sum += i128::from(*amount);
        }
        if sum != 0 {
            return Err(JournalError::Unbalanced {
                difference: i64::try_from(sum).unwrap_or(i64::MAX),
            });
        }
        let memo = memo.trim();
        if memo.is_empty() || memo.chars().count() > MAX_MEMO || memo.chars().any(char::is_control)
        {
            return Err(invalid(
                "memo",
                "1 to 200 characters, no control characters",
            ));
        }
        Ok(Self {
            day,
            memo: memo.to_owned(),
            lines,
        })
    }

    #[must_use]
    pub fn day(&self) -> i32 {
        self.day
    }

    #[must_use]
    pub fn memo(&self) -> &str {
        &self.memo
    }

    #[must_use]
    pub fn lines(&self) -> &[(AccountId, i64)] {
        &self.lines
    }
}
