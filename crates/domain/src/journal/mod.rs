//! Manual journal entries: an accountant's balanced entry on a date, refused on the sub-ledger
//! accounts (customers, suppliers, inventory, drawers: their sub-ledgers would disagree with
//! them) and on or before the tenant's lock date (`period_locked`), which stops every other
//! posting too.

mod document;
mod error;
mod posting;

pub use document::{MAX_LINES, MAX_MEMO, ManualEntry};
pub use error::JournalError;
pub use posting::{AccountUse, check_period, post_manual_entry};
