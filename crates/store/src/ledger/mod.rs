//! The ledger in the store: gapless number series, journal entries with their lines, and the
//! reads of balances, the journal and `mizan check`, and manual entries with the period lock
//! (`manual`), the accounts' day balances the reports read (`days`), accounts added and renamed
//! (`accounts`), the opening balances of customers and suppliers (`openings`), and the posted
//! documents of every kind with their moves (`documents`).

pub(crate) mod accounts;
pub(crate) mod check;
pub(crate) mod days;
pub(crate) mod documents;
pub(crate) mod manual;
pub(crate) mod openings;
pub(crate) mod read;
pub(crate) mod subledgers;
pub(crate) mod write;
