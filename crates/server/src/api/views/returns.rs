//! Answers about returns: a return with its lines.

use mizan_store::{SaleReturn, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, PaymentMethodName, Quantity, Timestamp};

#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnLine {
    /// The sale line's `line_no`.
    pub line_no: i64,
    pub product_id: i64,
    pub quantity: Quantity,
    pub net_amount: Money,
    pub vat_amount: Money,
    pub cost_amount: Money,
}

/// Goods taken back from a completed sale at its own prices and cost.
#[derive(Debug, Serialize, ToSchema)]
pub struct Return {
    pub id: i64,
    /// `RET-YYYY-NNNNNN`, gapless.
    pub number: String,
    pub sale_id: i64,
    pub currency: String,
    /// Where the goods went back; `null` when written off.
    #[schema(required)]
    pub warehouse_id: Option<i64>,
    pub written_off: bool,
    #[schema(value_type = PaymentMethodName)]
    pub refund_method: String,
    #[schema(required)]
    pub cash_register_id: Option<i64>,
    #[schema(required)]
    pub cashier_session_id: Option<i64>,
    #[schema(required)]
    pub customer_id: Option<i64>,
    pub reason: String,
    pub returned_by: String,
    pub net_amount: Money,
    pub vat_amount: Money,
    pub total_amount: Money,
    pub cost_amount: Money,
    pub created_at: Timestamp,
    pub lines: Vec<ReturnLine>,
}

impl Return {
    pub fn of(t: &Tenant, r: &SaleReturn) -> Self {
        Self {
            id: r.id,
            number: r.number.clone(),
            sale_id: r.sale_id.0,
            currency: t.currency.code.to_string(),
            warehouse_id: r.warehouse_id.map(|w| w.0),
            written_off: r.warehouse_id.is_none(),
            refund_method: r.refund_method.clone(),
            cash_register_id: r.cash_register_id.map(|c| c.0),
            cashier_session_id: r.session_id.map(|s| s.0),
            customer_id: r.customer_id.map(|c| c.0),
            reason: r.reason.clone(),
            returned_by: r.returned_by.clone(),
            net_amount: Money::of(t, r.net),
            vat_amount: Money::of(t, r.vat),
            total_amount: Money::of(t, r.total),
            cost_amount: Money::of(t, r.cost),
            created_at: Timestamp::at(r.created_at_ms),
            lines: r
                .lines
                .iter()
                .map(|l| ReturnLine {
                    line_no: l.line_no,
                    product_id: l.product_id.0,
                    quantity: Quantity::of(l.qty),
                    net_amount: Money::of(t, l.net),
                    vat_amount: Money::of(t, l.vat),
                    cost_amount: Money::of(t, l.cost),
                })
                .collect(),
        }
    }
}
