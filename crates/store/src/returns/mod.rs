//! Sales returns in the store: writing one with all its effects (the sale's lines locked and
//! read with what earlier returns took, the pure rule posting, stock, entry, drawer, customer,
//! session and daily report written in the same transaction) and reading one back.

pub(crate) mod read;
pub(crate) mod void;
pub(crate) mod write;

use mizan_domain::{CashRegisterId, CashierSessionId, CustomerId, ProductId, SaleId, WarehouseId};

/// A posted return as it is read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleReturn {
    pub id: i64,
    pub number: String,
    pub sale_id: SaleId,
    /// `None`: written off as damaged.
    pub warehouse_id: Option<WarehouseId>,
    /// `cash`, `card`, `bank_transfer` or `credit`.
    pub refund_method: String,
    pub cash_register_id: Option<CashRegisterId>,
    pub session_id: Option<CashierSessionId>,
    pub customer_id: Option<CustomerId>,
    pub reason: String,
    pub returned_by: String,
    pub net: i64,
    pub vat: i64,
    pub total: i64,
    pub cost: i64,
    pub business_day: i32,
    pub created_at_ms: i64,
    /// The tenant's UTC offset when the return posted: its receipt prints that local time.
    pub utc_offset_minutes: i32,
    /// Whether the return is the void of its sale (every line, the way it was paid).
    pub voids_sale: bool,
    pub lines: Vec<SaleReturnLine>,
}

/// One line of a posted return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleReturnLine {
    /// The sale line's position (0-based).
    pub line_no: i64,
    pub product_id: ProductId,
    pub qty: i64,
    pub net: i64,
    pub vat: i64,
    pub cost: i64,
}
