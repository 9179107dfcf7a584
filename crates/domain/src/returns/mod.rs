//! Sales returns: a return document takes back some or all of a completed sale's lines (never
//! more than was sold less what earlier returns took), and its posting rule reverses revenue
//! and VAT at the sale's own amounts and cost at the cost that sale took, restocking into a
//! warehouse or writing the goods off, and refunding in cash, to card or bank, or as credit.
//! A void is the return of a whole sale in its open shift.

mod document;
mod error;
mod posting;
mod void;

pub use document::{MAX_REASON, Refund, Restock, ReturnDraft, ReturnLine};
pub use error::ReturnError;
pub use posting::{
    ReturnAccounts, ReturnEffects, ReturnSnapshot, ReturnedLine, SoldLine, post_return,
};
pub use void::{SaleToVoid, void_draft};
