//! Perpetual inventory at moving-average cost: quantity and value per (warehouse, product), and
//! the rules for receiving and issuing stock, and the levels a document touches as it posts.

mod valuation;

use std::collections::HashMap;

use crate::{ProductId, WarehouseId};
pub use valuation::{IssueError, StockLevel, StockMove};

/// The levels a document has touched so far, in the order it touched them.
pub type Touched = Vec<((WarehouseId, ProductId), StockLevel)>;

/// The position of `key` in `touched`, adding its level from `known` (empty when unknown) the
/// first time the document touches it.
pub fn touch(
    touched: &mut Touched,
    known: &HashMap<(WarehouseId, ProductId), StockLevel>,
    key: (WarehouseId, ProductId),
) -> usize {
    match touched.iter().position(|(k, _)| *k == key) {
        Some(i) => i,
        None => {
            touched.push((key, known.get(&key).copied().unwrap_or_default()));
            touched.len() - 1
        }
    }
}
