//! Sales: the sale document, its payments, its validation, and the posting rule that turns a
//! sale into stock moves valued at moving-average cost, one balanced journal entry, and the
//! cash it puts into a register's drawer.

mod document;
mod error;
mod payment;
mod posting;
mod terms;

pub use document::{NewSaleLine, Payment, SaleDraft, SaleLine};
pub use error::{SaleError, SalePostingError};
pub use payment::{
    MAX_PAYMENTS, NewPayment, PaymentMethod, PaymentTotals, Payments, PostedPayment, Settlement,
};
pub use posting::{
    CustomerCredit, LineAmounts, ProductPolicy, RegisterPolicy, SaleAccounts, SaleEffects,
    SaleSnapshot, SessionState, post_sale, quote_sale,
};
pub use terms::SellerTerms;
