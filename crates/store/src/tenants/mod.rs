//! Tenants in the store: creating one with its chart of accounts and owner, settings, and
//! reading them back.

pub(crate) mod read;
pub(crate) mod scale_layouts;
pub(crate) mod write;
