//! Master data in the store: branches, warehouses, cash registers (each with its own drawer
//! account), customers and products — written and read — and products' posting policies as postings
//! read them (`policies`).

pub(crate) mod policies;
pub(crate) mod read;
pub(crate) mod write;
