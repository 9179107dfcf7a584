//! Suppliers and purchases in the store: suppliers (master data with what the shop owes each),
//! receipts and purchase returns written with all their effects in one transaction (`write`),
//! and read back (`read`).

pub(crate) mod read;
pub(crate) mod write;

use mizan_domain::{ProductId, PurchaseId, SupplierId, WarehouseId};
use serde::Serialize;

/// A supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Supplier {
    pub id: SupplierId,
    pub name: String,
    pub phone: Option<String>,
    pub tax_number: Option<String>,
    /// What the shop owes the supplier (negative: paid in advance).
    pub balance: i64,
}

/// A posted purchase receipt as it is read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub id: PurchaseId,
    pub number: String,
    pub supplier_id: SupplierId,
    pub warehouse_id: WarehouseId,
    pub supplier_ref: Option<String>,
    pub received_by: String,
    pub net: i64,
    pub vat: i64,
    pub total: i64,
    pub business_day: i32,
    pub created_at_ms: i64,
    pub lines: Vec<PurchaseItem>,
}

/// One line of a posted receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseItem {
    pub line_no: i64,
    pub product_id: ProductId,
    pub qty: i64,
    pub unit_cost: i64,
    pub vat_bp: i64,
    pub net: i64,
    pub vat: i64,
}

/// A posted purchase return as it is read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseReturn {
    pub id: i64,
    pub number: String,
    pub purchase_id: PurchaseId,
    pub supplier_id: SupplierId,
    pub warehouse_id: WarehouseId,
    pub reason: String,
    pub returned_by: String,
    pub net: i64,
    pub vat: i64,
    pub total: i64,
    /// The stock value that left.
    pub cost: i64,
    pub business_day: i32,
    pub created_at_ms: i64,
    pub lines: Vec<PurchaseReturnItem>,
}

/// One line of a posted purchase return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseReturnItem {
    /// The receipt line's position (0-based).
    pub line_no: i64,
    pub product_id: ProductId,
    pub qty: i64,
    pub net: i64,
    pub vat: i64,
    pub cost: i64,
}
