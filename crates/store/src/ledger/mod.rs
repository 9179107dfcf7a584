//! The ledger in the store: gapless number series, journal entries with their lines, and the
//! reads of balances, the journal and `mizan check`, and manual entries with the period lock
//! (`manual`).

pub(crate) mod check;
pub(crate) mod manual;
pub(crate) mod read;
pub(crate) mod subledgers;
pub(crate) mod write;
