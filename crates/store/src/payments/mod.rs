//! Payments in the store: supplier and customer payments written with their effects (`write`)
//! and read back (`read`), what is open on each credit sale (`open_items`), and statements of
//! account and aging (`statements`).

pub(crate) mod open_items;
pub(crate) mod read;
pub(crate) mod statements;
pub(crate) mod write;

use mizan_domain::{CashRegisterId, CashierSessionId, CustomerId, SaleId, SupplierId};

/// A posted supplier payment as it is read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierPaymentRecord {
    pub id: i64,
    pub number: String,
    pub supplier_id: SupplierId,
    /// `safe`, `drawer` or `bank`.
    pub paid_from: String,
    pub cash_register_id: Option<CashRegisterId>,
    pub session_id: Option<CashierSessionId>,
    pub amount: i64,
    pub note: Option<String>,
    pub paid_by: String,
    pub business_day: i32,
    pub created_at_ms: i64,
}

/// A posted customer payment as it is read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPaymentRecord {
    pub id: i64,
    pub number: String,
    pub customer_id: CustomerId,
    /// `cash`, `card` or `bank_transfer`.
    pub method: String,
    pub cash_register_id: Option<CashRegisterId>,
    pub session_id: Option<CashierSessionId>,
    pub amount: i64,
    pub note: Option<String>,
    pub received_by: String,
    pub business_day: i32,
    pub created_at_ms: i64,
    /// How much of it settled each sale.
    pub allocations: Vec<(SaleId, i64)>,
    /// How much of it settled the customer's opening balance.
    pub opening_balance_settled: i64,
}
