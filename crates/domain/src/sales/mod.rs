//! Sales: the sale document, its validation, and the posting rule that turns a sale into stock
//! moves valued at moving-average cost, one balanced journal entry, and a cash move.

mod document;
mod error;
mod posting;

pub use document::{NewSaleLine, Payment, SaleDraft, SaleLine};
pub use error::{SaleError, SalePostingError};
pub use posting::{LineAmounts, ProductPolicy, SaleAccounts, SaleEffects, SaleSnapshot, post_sale};
