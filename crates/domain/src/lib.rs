//! Mizan's pure domain core: money and quantities, documents, and the posting rules that turn a
//! document plus a snapshot of the state it needs into effects (journal entry, stock moves, cash
//! moves). Nothing here does IO, reads the clock, or knows about a database.

pub mod audit;
pub mod barcode;
pub mod cafe;
pub mod calendar;
pub mod decimal;
pub mod ids;
pub mod journal;
pub mod ledger;
pub mod opening;
pub mod payments;
pub mod purchases;
pub mod refusal;
pub mod returns;
pub mod sales;
pub mod sessions;
pub mod staff;
pub mod stock;
pub mod transfers;
pub mod workshop;

pub use decimal::{Currency, DecimalError, QTY_SCALE};
pub use ids::*;
pub use refusal::{Detail, Details, Kind, Refusal};
