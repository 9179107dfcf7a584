//! Answers about buying: suppliers with what the shop owes them, receipts, purchase returns
//! and supplier payments; and the `YYYY-MM-DD` form of a business day.

use mizan_store::{
    Purchase as PurchaseRecord, PurchaseReturn as PurchaseReturnRecord, Supplier as SupplierRecord,
    SupplierPaymentRecord, Tenant,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, PaidFromName, Percent, Quantity, Timestamp};

pub use mizan_domain::calendar::day_text as day;

/// A supplier.
#[derive(Debug, Serialize, ToSchema)]
pub struct Supplier {
    pub id: i64,
    pub name: String,
    #[schema(required)]
    pub phone: Option<String>,
    #[schema(required)]
    pub tax_number: Option<String>,
    /// What the shop owes the supplier (negative: paid in advance).
    pub balance: Money,
}

impl Supplier {
    pub fn of(t: &Tenant, s: &SupplierRecord) -> Self {
        Self {
            id: s.id.0,
            name: s.name.clone(),
            phone: s.phone.clone(),
            tax_number: s.tax_number.clone(),
            balance: Money::of(t, s.balance),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PurchaseLine {
    pub line_no: i64,
    pub product_id: i64,
    pub quantity: Quantity,
    pub unit_cost: Money,
    pub vat_rate: Percent,
    pub net_amount: Money,
    pub vat_amount: Money,
}

/// Goods received from a supplier at their cost, with input VAT.
#[derive(Debug, Serialize, ToSchema)]
pub struct Purchase {
    pub id: i64,
    /// `PUR-YYYY-NNNNNN`, gapless.
    pub number: String,
    pub supplier_id: i64,
    pub warehouse_id: i64,
    /// The supplier's own invoice number.
    #[schema(required)]
    pub supplier_ref: Option<String>,
    pub received_by: String,
    pub currency: String,
    pub net_amount: Money,
    pub vat_amount: Money,
    pub total_amount: Money,
    /// `YYYY-MM-DD`, the shop's business day.
    pub business_day: String,
    pub created_at: Timestamp,
    pub lines: Vec<PurchaseLine>,
}

impl Purchase {
    pub fn of(t: &Tenant, p: &PurchaseRecord) -> Self {
        Self {
            id: p.id.0,
            number: p.number.clone(),
            supplier_id: p.supplier_id.0,
            warehouse_id: p.warehouse_id.0,
            supplier_ref: p.supplier_ref.clone(),
            received_by: p.received_by.clone(),
            currency: t.currency.code.to_string(),
            net_amount: Money::of(t, p.net),
            vat_amount: Money::of(t, p.vat),
            total_amount: Money::of(t, p.total),
            business_day: day(p.business_day),
            created_at: Timestamp::at(p.created_at_ms),
            lines: p
                .lines
                .iter()
                .map(|l| PurchaseLine {
                    line_no: l.line_no,
                    product_id: l.product_id.0,
                    quantity: Quantity::of(l.qty),
                    unit_cost: Money::of(t, l.unit_cost),
                    vat_rate: Percent::of_bp(l.vat_bp),
                    net_amount: Money::of(t, l.net),
                    vat_amount: Money::of(t, l.vat),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PurchaseReturnLine {
    /// The receipt line's `line_no`.
    pub line_no: i64,
    pub product_id: i64,
    pub quantity: Quantity,
    pub net_amount: Money,
    pub vat_amount: Money,
    /// The stock value that left with it.
    pub cost_amount: Money,
}

/// Goods of a receipt sent back to the supplier.
#[derive(Debug, Serialize, ToSchema)]
pub struct PurchaseReturn {
    pub id: i64,
    /// `PRT-YYYY-NNNNNN`, gapless.
    pub number: String,
    pub purchase_id: i64,
    pub supplier_id: i64,
    pub warehouse_id: i64,
    pub reason: String,
    pub returned_by: String,
    pub currency: String,
    pub net_amount: Money,
    pub vat_amount: Money,
    /// What comes off what the supplier is owed.
    pub total_amount: Money,
    pub cost_amount: Money,
    pub business_day: String,
    pub created_at: Timestamp,
    pub lines: Vec<PurchaseReturnLine>,
}

impl PurchaseReturn {
    pub fn of(t: &Tenant, r: &PurchaseReturnRecord) -> Self {
        Self {
            id: r.id,
            number: r.number.clone(),
            purchase_id: r.purchase_id.0,
            supplier_id: r.supplier_id.0,
            warehouse_id: r.warehouse_id.0,
            reason: r.reason.clone(),
            returned_by: r.returned_by.clone(),
            currency: t.currency.code.to_string(),
            net_amount: Money::of(t, r.net),
            vat_amount: Money::of(t, r.vat),
            total_amount: Money::of(t, r.total),
            cost_amount: Money::of(t, r.cost),
            business_day: day(r.business_day),
            created_at: Timestamp::at(r.created_at_ms),
            lines: r
                .lines
                .iter()
                .map(|l| PurchaseReturnLine {
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

/// A payment to a supplier.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupplierPayment {
    pub id: i64,
    /// `SPY-YYYY-NNNNNN`, gapless.
    pub number: String,
    pub supplier_id: i64,
    #[schema(value_type = PaidFromName)]
    pub paid_from: String,
    #[schema(required)]
    pub cash_register_id: Option<i64>,
    #[schema(required)]
    pub cashier_session_id: Option<i64>,
    pub currency: String,
    pub amount: Money,
    #[schema(required)]
    pub note: Option<String>,
    pub paid_by: String,
    pub business_day: String,
    pub created_at: Timestamp,
}

impl SupplierPayment {
    pub fn of(t: &Tenant, p: &SupplierPaymentRecord) -> Self {
        Self {
            id: p.id,
            number: p.number.clone(),
            supplier_id: p.supplier_id.0,
            paid_from: p.paid_from.clone(),
            cash_register_id: p.cash_register_id.map(|r| r.0),
            cashier_session_id: p.session_id.map(|s| s.0),
            currency: t.currency.code.to_string(),
            amount: Money::of(t, p.amount),
            note: p.note.clone(),
            paid_by: p.paid_by.clone(),
            business_day: day(p.business_day),
            created_at: Timestamp::at(p.created_at_ms),
        }
    }
}
