//! Stock between places and counted stock: a transfer moves goods from one warehouse to
//! another at the cost they leave with (no profit or loss; both levels and values change in one
//! posting), and a stock count sets what a warehouse holds to what was counted, the shortfall
//! to shrinkage and the surplus to found stock.

mod document;
mod error;
mod posting;

pub use document::{CountLine, MAX_LINES, StockCount, Transfer, TransferLine};
pub use error::StockMoveError;
pub use posting::{
    CountAccounts, CountEffects, CountedProduct, MovedLine, TransferEffects, post_stock_count,
    post_transfer,
};
