//! The manual entry's posting rule and the period lock every posting obeys.

use std::collections::HashMap;

use super::{JournalError, ManualEntry};
use crate::AccountId;
use crate::ledger::{AccountRole, BalancedEntry, JournalLine};

/// What the rule needs to know of an account an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountUse {
    pub role: Option<AccountRole>,
    /// A cash register's drawer (its cash moves must match it).
    pub is_drawer: bool,
}

/// Refuses a posting on business day `day` when the books are locked up to `lock_day`.
///
/// # Errors
/// [`JournalError::PeriodLocked`].
pub fn check_period(day: i32, lock_day: Option<i32>) -> Result<(), JournalError> {
    match lock_day {
        Some(lock_day) if day <= lock_day => Err(JournalError::PeriodLocked { lock_day, day }),
        _ => Ok(()),
    }
}

/// Posts a manual entry: its lines as written, in an open period, none on an account whose
/// balance a sub-ledger must equal (customers, suppliers, inventory, a drawer).
///
/// # Errors
/// [`JournalError`] naming the line or the lock date.
pub fn post_manual_entry(
    e: &ManualEntry,
    accounts: &HashMap<AccountId, AccountUse>,
    lock_day: Option<i32>,
) -> Result<BalancedEntry, JournalError> {
    check_period(e.day(), lock_day)?;
    for (line, (account, _)) in e.lines().iter().enumerate() {
        let used = accounts
            .get(account)
            .ok_or_else(|| JournalError::UnknownReference {
                field: format!("lines[{line}].account_id"),
            })?;
        let sub_ledger = used.is_drawer || used.role.is_some_and(AccountRole::has_sub_ledger);
        if sub_ledger {
            return Err(JournalError::SubLedgerAccount {
                line,
                account: *account,
            });
        }
    }
    BalancedEntry::new(
        e.lines()
            .iter()
            .map(|(account, amount)| JournalLine::debit(*account, *amount)),
    )
    .map_err(|u| JournalError::Unbalanced {
        difference: i64::try_from(u.difference).unwrap_or(i64::MAX),
    })
}
