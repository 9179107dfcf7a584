//! The ledger in the store: gapless number series, journal entries with their lines, and the
//! reads of balances, the journal and `mizan check`, and manual entries with the period lock
//! (`manual`), and the accounts' day balances the reports read (`days`).

pub(crate) mod check;
pub(crate) mod days;
pub(crate) mod manual;
pub(crate) mod read;
pub(crate) mod subledgers;
pub(crate) mod write;
