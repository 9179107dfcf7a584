//! Sales: the sale document, its payments, its validation, and the posting rule that turns a
//! sale into stock moves valued at moving-average cost, one balanced journal entry, and the
//! cash it puts into a register's drawer; what a posted sale's rows must agree on (`verdict`)
//! and how a document's cost of goods sold agrees three ways (`cogs`).

mod cogs;
mod document;
mod error;
mod payment;
mod posting;
mod tender;
mod terms;
mod verdict;

pub use cogs::{
    CogsFigures, CogsKind, RESTOCK_VARIANCE, cogs_differences, gross_margin_bp, is_fault, share_bp,
};
pub use document::{NewSaleLine, Payment, SaleDraft, SaleLine};
pub use error::{SaleError, SalePostingError};
pub use payment::{
    MAX_PAYMENTS, NewPayment, PaymentMethod, PaymentTotals, Payments, PostedPayment, Settlement,
};
pub use posting::{
    CustomerCredit, LineAmounts, ProductPolicy, RegisterPolicy, SaleAccounts, SaleEffects,
    SaleSnapshot, SessionState, post_sale, quote_lines, quote_sale,
};
pub use tender::{Tender, Tendered, tender};
pub use terms::SellerTerms;
pub use verdict::{Amounts, Problem, SaleFigures, sale_problems};
