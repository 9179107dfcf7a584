//! Master data in the store: branches, warehouses, cash registers (each with its own drawer
//! account), customers and products — written and read.

pub(crate) mod read;
pub(crate) mod write;
