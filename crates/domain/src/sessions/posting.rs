//! Posting rules of a session: the float moved from the safe into the drawer at open, pay-ins
//! and payouts, and the close that books the difference to cash over/short and hands the
//! counted cash back to the safe, so that the drawer's account is back at zero.

use super::{CashMovementKind, CountedCash, NewCashMovement, OpeningFloat, SessionError};
use super::{SessionTotals, session_report};
use crate::AccountId;
use crate::ledger::{AccountRole, BalancedEntry, JournalLine};

/// The accounts a session posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionAccounts {
    /// The register's own cash account.
    pub drawer: AccountId,
    /// The main cash account (the safe) floats come from and counted cash goes back to.
    pub safe: AccountId,
    pub over_short: AccountId,
}

fn entry(lines: [JournalLine; 4]) -> Result<BalancedEntry, SessionError> {
    BalancedEntry::new(lines).map_err(|_| SessionError::Overflow)
}

/// Dr drawer / Cr safe, the float. Empty for a zero float.
///
/// # Errors
/// Never for a valid float; `Overflow` guards the construction.
pub fn post_session_open(
    float: OpeningFloat,
    accounts: &SessionAccounts,
) -> Result<BalancedEntry, SessionError> {
    let f = float.get();
    entry([
        JournalLine::debit(accounts.drawer, f),
        JournalLine::credit(accounts.safe, f),
        JournalLine::debit(accounts.drawer, 0),
        JournalLine::debit(accounts.drawer, 0),
    ])
}

/// A pay-in is Dr drawer / Cr `counter`; a payout Dr `counter` / Cr drawer, and no more than
/// the cash the session expects in the drawer (`expected`). Returns the entry and the drawer's
/// movement (signed).
///
/// # Errors
/// `InsufficientCash` for a payout beyond `expected`; `Overflow` guards the construction.
pub fn post_cash_movement(
    movement: &NewCashMovement,
    drawer: AccountId,
    counter: AccountId,
    expected: i64,
) -> Result<(BalancedEntry, i64), SessionError> {
    let signed = match movement.kind() {
        CashMovementKind::PayIn => movement.amount(),
        CashMovementKind::Payout if movement.amount() > expected => {
            return Err(SessionError::InsufficientCash {
                available: expected,
                requested: movement.amount(),
            });
        }
        CashMovementKind::Payout => -movement.amount(),
    };
    let e = entry([
        JournalLine::debit(drawer, signed),
        JournalLine::credit(counter, signed),
        JournalLine::debit(drawer, 0),
        JournalLine::debit(drawer, 0),
    ])?;
    Ok((e, signed))
}

/// Whether `account` may be the other side of a pay-in or payout. Refused: any cash drawer
/// (its cash moves would no longer match its account), the customers, suppliers and inventory
/// control accounts (their sub-ledgers — balances, stock values — would disagree with them),
/// and cash over/short, which only a close posts to.
///
/// # Errors
/// `InvalidField` on `account_id`, saying why.
pub fn check_counter_account(
    role: Option<AccountRole>,
    is_drawer: bool,
) -> Result<(), SessionError> {
    let reason = match role {
        _ if is_drawer => "is a cash register's drawer; move cash between tills through the safe",
        Some(AccountRole::Customers) => "is the customers account; its balances are per customer",
        Some(AccountRole::Suppliers) => "is the suppliers account; its balances are per supplier",
        Some(AccountRole::Inventory) => "is the inventory account; it must equal the stock value",
        Some(AccountRole::CashOverShort) => "is cash over/short, which only a close posts to",
        _ => return Ok(()),
    };
    Err(SessionError::InvalidField {
        field: "account_id".into(),
        reason: reason.into(),
    })
}

/// What closing a session writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseEffects {
    pub expected: i64,
    pub counted: i64,
    /// Counted − expected: positive is cash over, negative cash short.
    pub difference: i64,
    pub entry: BalancedEntry,
    /// The drawer's movement: −expected, so that its account returns to where it was before
    /// the session opened.
    pub drawer_move: i64,
}

/// Closes a session: Dr drawer / Cr over-short the difference (reversed when short), then Dr
/// safe / Cr drawer the counted cash. Constant work: it reads only the running totals.
///
/// # Errors
/// `Overflow` if the expected cash is beyond any real drawer (10^18 minor units).
pub fn post_session_close(
    totals: &SessionTotals,
    counted: &CountedCash,
    accounts: &SessionAccounts,
) -> Result<CloseEffects, SessionError> {
    let report = session_report(totals, Some(counted.amount()));
    let counted = counted.amount();
    let expected = report.expected_cash;
    if expected.unsigned_abs() > crate::decimal::MAX_AMOUNT.unsigned_abs() * 1000 {
        return Err(SessionError::Overflow);
    }
    let difference = counted - expected;
    let e = entry([
        JournalLine::debit(accounts.drawer, difference),
        JournalLine::credit(accounts.over_short, difference),
        JournalLine::debit(accounts.safe, counted),
        JournalLine::credit(accounts.drawer, counted),
    ])?;
    Ok(CloseEffects {
        expected: report.expected_cash,
        counted,
        difference,
        entry: e,
        drawer_move: -expected,
    })
}
