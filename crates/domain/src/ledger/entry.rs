//! `BalancedEntry`: a journal entry whose debits equal its credits by construction.

use crate::AccountId;

/// One line of a journal entry: a signed amount in minor units, debit positive, credit negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JournalLine {
    pub account: AccountId,
    pub amount: i64,
}

impl JournalLine {
    #[must_use]
    pub fn debit(account: AccountId, amount: i64) -> Self {
        Self { account, amount }
    }

    #[must_use]
    pub fn credit(account: AccountId, amount: i64) -> Self {
        Self {
            account,
            amount: -amount,
        }
    }
}

/// Refusal to build an entry whose lines do not sum to zero.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unbalanced entry: debits minus credits = {difference}")]
pub struct UnbalancedEntry {
    pub difference: i128,
}

/// A journal entry whose amounts sum to exactly zero. Zero-amount lines are dropped (so a
/// document worth nothing has no lines); the only way to get one is [`BalancedEntry::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalancedEntry {
    lines: Vec<JournalLine>,
}

impl BalancedEntry {
    /// Builds an entry, dropping zero-amount lines.
    ///
    /// # Errors
    /// [`UnbalancedEntry`] when the amounts do not sum to zero.
    pub fn new(lines: impl IntoIterator<Item = JournalLine>) -> Result<Self, UnbalancedEntry> {
        let lines: Vec<JournalLine> = lines.into_iter().filter(|l| l.amount != 0).collect();
        let difference: i128 = lines.iter().map(|l| i128::from(l.amount)).sum();
        if difference != 0 {
            return Err(UnbalancedEntry { difference });
        }
        Ok(Self { lines })
    }

    #[must_use]
    pub fn lines(&self) -> &[JournalLine] {
        &self.lines
    }

    /// The sum of the debit side (equal to the credit side).
    #[must_use]
    pub fn total(&self) -> i64 {
        self.lines
            .iter()
            .filter(|l| l.amount > 0)
            .map(|l| l.amount)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unbalanced_entry_cannot_be_built() {
        let a = AccountId(1);
        let b = AccountId(2);
        assert!(
            BalancedEntry::new([JournalLine::debit(a, 10), JournalLine::credit(b, 9)]).is_err()
        );
        let e = BalancedEntry::new([
            JournalLine::debit(a, 10),
            JournalLine::credit(b, 10),
            JournalLine::debit(b, 0),
        ])
        .unwrap();
        assert_eq!(e.lines().len(), 2);
        assert_eq!(e.total(), 10);
    }
}
