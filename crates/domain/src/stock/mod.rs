//! Perpetual inventory at moving-average cost: quantity and value per (warehouse, product), and
//! the rules for receiving and issuing stock.

mod valuation;

pub use valuation::{IssueError, StockLevel, StockMove};
