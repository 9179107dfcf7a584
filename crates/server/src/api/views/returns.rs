//! Answers about returns: a return with its lines, and what its receipt prints.

use mizan_store::{SaleReturn, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::sales::local_time;
use super::{Money, PaymentMethodName, Percent, Quantity, ReceiptTax, Timestamp};

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
    /// Whether this return is the void of its sale (`POST /sales/{id}/void`).
    pub voids_sale: bool,
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
            voids_sale: r.voids_sale,
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

/// One printed line of a return; the product's fields are `null` if it no longer exists.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnReceiptLine {
    #[schema(required)]
    pub code: Option<String>,
    #[schema(required)]
    pub name_en: Option<String>,
    #[schema(required)]
    pub name_ar: Option<String>,
    #[schema(required)]
    pub unit: Option<String>,
    pub quantity: Quantity,
    pub net_amount: Money,
    pub vat_rate: Percent,
    pub vat_amount: Money,
    pub total_amount: Money,
}

/// What a return's receipt prints, in the order it prints it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnReceipt {
    pub shop: String,
    #[schema(required)]
    pub branch: Option<String>,
    #[schema(required)]
    pub cash_register: Option<String>,
    pub returned_by: String,
    #[schema(required)]
    pub customer: Option<String>,
    pub return_id: i64,
    /// `RET-YYYY-NNNNNN`.
    pub number: String,
    pub sale_id: i64,
    /// The sale's number, `INV-YYYY-NNNNNN`.
    #[schema(required)]
    pub sale_number: Option<String>,
    /// Local time of the return, `YYYY-MM-DD HH:MM`: at the tenant's `utc_offset_minutes` in
    /// effect when it posted, whatever the offset is now.
    pub date: String,
    pub reason: String,
    /// Whether the return is the void of its sale.
    pub voids_sale: bool,
    pub currency: String,
    pub lines: Vec<ReturnReceiptLine>,
    pub taxes: Vec<ReceiptTax>,
    pub net_amount: Money,
    pub vat_amount: Money,
    pub total_amount: Money,
    /// How the money went back.
    #[schema(value_type = PaymentMethodName)]
    pub refund_method: String,
}

impl ReturnReceipt {
    pub fn of(t: &Tenant, rr: &mizan_app::ReturnReceipt) -> Self {
        let r = &rr.sale_return;
        let mut taxes: Vec<(i64, i64, i64)> = Vec::new();
        let lines = r
            .lines
            .iter()
            .zip(&rr.products)
            .map(|(l, p)| {
                let rate = p.as_ref().map_or(0, |p| p.vat_bp);
                super::sales::add_tax(&mut taxes, rate, l.net, l.vat);
                ReturnReceiptLine {
                    code: p.as_ref().map(|p| p.code.clone()),
                    name_en: p.as_ref().map(|p| p.name_en.clone()),
                    name_ar: p.as_ref().map(|p| p.name_ar.clone()),
                    unit: p.as_ref().map(|p| p.unit.clone()),
                    quantity: Quantity::of(l.qty),
                    net_amount: Money::of(t, l.net),
                    vat_rate: Percent::of_bp(rate),
                    vat_amount: Money::of(t, l.vat),
                    total_amount: Money::of(t, l.net + l.vat),
                }
            })
            .collect();
        taxes.sort_unstable_by_key(|(rate, _, _)| *rate);
        Self {
            shop: t.name.clone(),
            branch: rr.branch.as_ref().map(|b| b.name.clone()),
            cash_register: rr.register.as_ref().map(|x| x.name.clone()),
            returned_by: r.returned_by.clone(),
            customer: rr.customer.as_ref().map(|c| c.name.clone()),
            return_id: r.id,
            number: r.number.clone(),
            sale_id: r.sale_id.0,
            sale_number: rr.sale.number.clone(),
            date: local_time(r.utc_offset_minutes, r.created_at_ms),
            reason: r.reason.clone(),
            voids_sale: r.voids_sale,
            currency: t.currency.code.to_string(),
            lines,
            taxes: taxes
                .iter()
                .map(|(rate, base, vat)| ReceiptTax {
                    vat_rate: Percent::of_bp(*rate),
                    net_amount: Money::of(t, *base),
                    vat_amount: Money::of(t, *vat),
                })
                .collect(),
            net_amount: Money::of(t, r.net),
            vat_amount: Money::of(t, r.vat),
            total_amount: Money::of(t, r.total),
            refund_method: r.refund_method.clone(),
        }
    }
}
