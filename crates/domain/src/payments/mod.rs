//! Payments that settle what is owed: a supplier payment (from the safe, a drawer's open
//! session, or the bank) posts Dr Suppliers / Cr cash or bank and takes the amount off what the
//! supplier is owed; a customer payment (cash into a session, card, bank) posts Dr cash, card
//! or bank / Cr Customers, never more than the customer owes, allocated to their open credit
//! sales as the cashier chose and the rest oldest first.

mod document;
mod error;
mod posting;

pub use document::{CustomerPayment, MAX_NOTE, PaidFrom, ReceivedBy, SupplierPayment};
pub use error::PaymentError;
pub use posting::{
    CustomerPaymentEffects, CustomerPaymentSnapshot, OpenSale, PaymentAccounts,
    SupplierPaymentEffects, SupplierPaymentSnapshot, post_customer_payment, post_supplier_payment,
};
