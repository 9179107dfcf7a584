//! Double-entry bookkeeping: the default chart of accounts and journal entries that cannot be
//! built unbalanced, and the statements made from the accounts' totals (`statements`).

pub mod accounts;
mod chart;
mod entry;
pub mod statements;

pub use chart::{AccountKind, AccountRole, ChartAccount, DEFAULT_CHART, cash_register_account};
pub use entry::{BalancedEntry, JournalLine, UnbalancedEntry};
