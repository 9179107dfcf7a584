//! Answers about stock between places and counted stock.

use mizan_store::{StockDocument as StockDocumentRecord, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, Quantity, Timestamp, day};

#[derive(Debug, Serialize, ToSchema)]
pub struct StockDocumentLine {
    pub product_id: i64,
    /// A transfer: what moved; a count: counted less what was on hand.
    pub quantity: Quantity,
    /// A count: what was counted.
    #[schema(required)]
    pub counted: Option<Quantity>,
    /// A transfer: the cost that moved; a count: the value booked (negative: shrinkage).
    pub value: Money,
}

/// A transfer between warehouses or a stock count.
#[derive(Debug, Serialize, ToSchema)]
pub struct StockDocument {
    pub id: i64,
    /// `TRF-…` or `CNT-…`, gapless.
    pub number: String,
    /// `transfer` or `count`.
    pub kind: String,
    /// Where goods left from, or the warehouse counted.
    pub warehouse_id: i64,
    #[schema(required)]
    pub to_warehouse_id: Option<i64>,
    /// A transfer's note or a count's reason.
    #[schema(required)]
    pub note: Option<String>,
    pub currency: String,
    /// A transfer: the cost that moved; a count: found stock less shrinkage.
    pub value: Money,
    pub by: String,
    pub business_day: String,
    pub created_at: Timestamp,
    pub lines: Vec<StockDocumentLine>,
}

impl StockDocument {
    pub fn of(t: &Tenant, d: &StockDocumentRecord) -> Self {
        Self {
            id: d.id,
            number: d.number.clone(),
            kind: d.kind.clone(),
            warehouse_id: d.warehouse_id.0,
            to_warehouse_id: d.to_warehouse_id.map(|w| w.0),
            note: d.note.clone(),
            currency: t.currency.code.to_string(),
            value: Money::of(t, d.value),
            by: d.by.clone(),
            business_day: day(d.business_day),
            created_at: Timestamp::at(d.created_at_ms),
            lines: d
                .lines
                .iter()
                .map(|l| StockDocumentLine {
                    product_id: l.product_id.0,
                    quantity: Quantity::of(l.qty),
                    counted: l.counted.map(Quantity::of),
                    value: Money::of(t, l.value),
                })
                .collect(),
        }
    }
}
