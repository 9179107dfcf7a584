//! Stock in the store: levels (quantity and value per warehouse and product) locked, read and
//! written with the moves that change them, opening stock, transfers and counts (`moves`), and
//! reading levels back.

pub(crate) mod moves;
pub(crate) mod read;
pub(crate) mod write;
