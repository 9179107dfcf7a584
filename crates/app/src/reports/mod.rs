//! The reports people read: the accountant's statements from the ledger (`ledger`: trial
//! balance, profit and loss, balance sheet, stock valuation).

mod ledger;

pub use ledger::{Period, StockValuation};
