//! Sales in the store: the snapshot a sale posts against (`snapshot`), creating and completing
//! sales with every effect (`write`), how a draft is stored (`payment_columns`), reading
//! sales back (`read`), one sale with everything it wrote (`trace`), the sales analysis
//! (`analysis`) and the COGS coverage and reconciliation (`cogs`).

pub(crate) mod analysis;
pub(crate) mod cogs;
pub(crate) mod payment_columns;
pub(crate) mod read;
pub(crate) mod snapshot;
pub(crate) mod trace;
pub(crate) mod write;
