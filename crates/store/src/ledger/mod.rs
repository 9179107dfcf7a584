//! The ledger in the store: gapless number series, journal entries with their lines, and the
//! reads of balances, the journal and `mizan check`.

pub(crate) mod check;
pub(crate) mod read;
pub(crate) mod subledgers;
pub(crate) mod write;
