//! Cashier sessions (shifts): opening a register with a float, pay-ins and payouts, the X and Z
//! reports, and closing with the counted cash (or its notes and coins). The drawer is a sub-ledger of the register's cash
//! account: what a session expects in the drawer is exactly that account's movement.

mod denominations;
mod document;
mod error;
mod posting;
mod report;

pub use denominations::denominations;
pub use document::{CashMovementKind, CountedCash, NewCashMovement, OpeningFloat};
pub use error::SessionError;
pub use posting::{
    CloseEffects, SessionAccounts, check_counter_account, post_cash_movement, post_session_close,
    post_session_open,
};
pub use report::{ReportKind, SessionReport, SessionTotals, session_report};
