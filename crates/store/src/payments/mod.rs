//! Payments in the store: a supplier payment written with its effects (`write`) and read back
//! (`read`).

pub(crate) mod read;
pub(crate) mod write;

use mizan_domain::{CashRegisterId, CashierSessionId, SupplierId};

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
