//! Payments that settle what is owed: a supplier payment (from the safe, a drawer's open
//! session, or the bank) posts Dr Suppliers / Cr cash or bank and takes the amount off what the
//! supplier is owed.

mod document;
mod error;
mod posting;

pub use document::{MAX_NOTE, PaidFrom, SupplierPayment};
pub use error::PaymentError;
pub use posting::{
    PaymentAccounts, SupplierPaymentEffects, SupplierPaymentSnapshot, post_supplier_payment,
};
