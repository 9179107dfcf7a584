//! Sales in the store: the snapshot a sale posts against (`snapshot`), creating and completing
//! sales with every effect (`write`), how a draft is stored (`payment_columns`), and reading
//! sales back (`read`).

pub(crate) mod payment_columns;
pub(crate) mod read;
pub(crate) mod snapshot;
pub(crate) mod write;
