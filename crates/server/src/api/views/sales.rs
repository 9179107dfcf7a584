//! Answers about sales: a sale with its lines and payments, and what its receipt prints.

use mizan_domain::calendar::rfc3339;
use mizan_store::{self as store, SaleStatus, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, PaymentMethodName, Percent, Quantity, Timestamp};

/// `completed` or `draft`, as shop APIs name a sale's state.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SaleState {
    Draft,
    Completed,
    Discarded,
}

/// The whole sale's payment in the first API version's shorthand.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum PaymentShorthand {
    Cash { cash_register_id: i64 },
    Credit { customer_id: i64 },
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SaleLine {
    pub line_no: i64,
    pub product_id: i64,
    pub warehouse_id: i64,
    pub quantity: Quantity,
    pub unit_price: Money,
    pub discount: Money,
    pub net_amount: Money,
    pub vat_amount: Money,
    pub cost_amount: Money,
    /// The scale label's amount the line sold at exactly (before discount and VAT), when it
    /// was sold by a price label.
    #[schema(required)]
    pub label_amount: Option<Money>,
}

/// One payment of a completed sale.
#[derive(Debug, Serialize, ToSchema)]
pub struct SalePayment {
    #[schema(value_type = PaymentMethodName)]
    pub payment_method: String,
    pub amount: Money,
    pub received_amount: Money,
    pub change_amount: Money,
}

impl SalePayment {
    fn of(t: &Tenant, p: &store::SalePaymentRecord) -> Self {
        Self {
            payment_method: p.method.clone(),
            amount: Money::of(t, p.amount),
            received_amount: Money::of(t, p.received),
            change_amount: Money::of(t, p.change),
        }
    }

    fn all(t: &Tenant, s: &store::Sale) -> Vec<Self> {
        s.payments.iter().map(|p| Self::of(t, p)).collect()
    }
}

/// A sale; its amounts are zero while it is a draft.
#[derive(Debug, Serialize, ToSchema)]
pub struct Sale {
    pub id: i64,
    /// `INV-YYYY-NNNNNN` once completed (gapless); `null` for a draft.
    #[schema(required)]
    pub number: Option<String>,
    pub status: SaleState,
    pub currency: String,
    #[schema(required)]
    pub cash_register_id: Option<i64>,
    #[schema(required)]
    pub customer_id: Option<i64>,
    #[schema(required)]
    pub cashier_session_id: Option<i64>,
    #[schema(required)]
    pub branch_id: Option<i64>,
    pub cashier: String,
    /// The method that settles the whole sale, when one was given.
    #[schema(required, value_type = Option<PaymentMethodName>)]
    pub payment_method: Option<String>,
    #[schema(required)]
    pub payment: Option<PaymentShorthand>,
    pub net_amount: Money,
    pub vat_amount: Money,
    pub total_amount: Money,
    pub cost_amount: Money,
    pub change_amount: Money,
    pub created_at: Timestamp,
    #[schema(required)]
    pub posted_at: Option<Timestamp>,
    pub lines: Vec<SaleLine>,
    pub payments: Vec<SalePayment>,
    /// Whether a manager voided the sale (`POST /sales/{id}/void`).
    pub voided: bool,
    /// The return that voided it.
    #[schema(required)]
    pub void_return_id: Option<i64>,
}

impl Sale {
    pub fn of(t: &Tenant, s: &store::Sale) -> Self {
        let payment = match (s.payment_method.as_str(), s.cash_register_id, s.customer_id) {
            ("cash", Some(r), _) => Some(PaymentShorthand::Cash {
                cash_register_id: r.0,
            }),
            ("credit", _, Some(c)) => Some(PaymentShorthand::Credit { customer_id: c.0 }),
            _ => None,
        };
        let lines = s
            .lines
            .iter()
            .map(|l| SaleLine {
                line_no: l.line_no,
                product_id: l.product_id.0,
                warehouse_id: l.warehouse_id.0,
                quantity: Quantity::of(l.qty),
                unit_price: Money::of(t, l.unit_price),
                discount: Money::of(t, l.discount),
                net_amount: Money::of(t, l.net),
                vat_amount: Money::of(t, l.vat),
                cost_amount: Money::of(t, l.cost),
                label_amount: l.label_amount.map(|a| Money::of(t, a)),
            })
            .collect();
        let change: i64 = s.payments.iter().map(|p| p.change).sum();
        Self {
            id: s.id.0,
            number: s.number.clone(),
            status: match s.status {
                SaleStatus::Posted => SaleState::Completed,
                SaleStatus::Draft => SaleState::Draft,
                SaleStatus::Discarded => SaleState::Discarded,
            },
            currency: t.currency.code.to_string(),
            cash_register_id: s.cash_register_id.map(|r| r.0),
            customer_id: s.customer_id.map(|c| c.0),
            cashier_session_id: s.session_id.map(|x| x.0),
            branch_id: s.branch_id.map(|b| b.0),
            cashier: s.cashier.clone(),
            payment_method: (s.payment_method != "none").then(|| s.payment_method.clone()),
            payment,
            net_amount: Money::of(t, s.net),
            vat_amount: Money::of(t, s.vat),
            total_amount: Money::of(t, s.total),
            cost_amount: Money::of(t, s.cost),
            change_amount: Money::of(t, change),
            created_at: Timestamp::at(s.created_at_ms),
            posted_at: s.posted_at_ms.map(Timestamp::at),
            lines,
            payments: SalePayment::all(t, s),
            voided: s.void_return_id.is_some(),
            void_return_id: s.void_return_id,
        }
    }
}

/// One printed line; the product's fields are `null` if it no longer exists.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptLine {
    #[schema(required)]
    pub code: Option<String>,
    #[schema(required)]
    pub name_en: Option<String>,
    #[schema(required)]
    pub name_ar: Option<String>,
    #[schema(required)]
    pub unit: Option<String>,
    pub quantity: Quantity,
    pub unit_price: Money,
    pub discount: Money,
    pub net_amount: Money,
    pub vat_rate: Percent,
    pub vat_amount: Money,
    pub total_amount: Money,
}

/// The VAT of one rate over the lines at that rate.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptTax {
    pub vat_rate: Percent,
    pub net_amount: Money,
    pub vat_amount: Money,
}

/// What a receipt prints, in the order it prints it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Receipt {
    pub shop: String,
    #[schema(required)]
    pub branch: Option<String>,
    #[schema(required)]
    pub cash_register: Option<String>,
    pub cashier: String,
    #[schema(required)]
    pub customer: Option<String>,
    pub sale_id: i64,
    #[schema(required)]
    pub number: Option<String>,
    /// Local time of completion, `YYYY-MM-DD HH:MM`: at the tenant's `utc_offset_minutes` in
    /// effect when the sale posted, whatever the offset is now.
    #[schema(required)]
    pub date: Option<String>,
    pub currency: String,
    pub lines: Vec<ReceiptLine>,
    pub taxes: Vec<ReceiptTax>,
    pub net_amount: Money,
    pub vat_amount: Money,
    pub total_amount: Money,
    pub payments: Vec<SalePayment>,
    pub paid_amount: Money,
    pub change_amount: Money,
}

/// The local time of a moment `utc_offset_minutes` east of UTC, `YYYY-MM-DD HH:MM` (what a
/// receipt prints).
pub(super) fn local_time(utc_offset_minutes: i32, ms: i64) -> String {
    let local = ms.saturating_add(i64::from(utc_offset_minutes) * 60_000);
    let text = rfc3339(local);
    format!("{} {}", &text[..10], &text[11..16])
}

/// Adds a line's net and VAT to its rate's row of a receipt's taxes: (rate, net, VAT).
pub(super) fn add_tax(taxes: &mut Vec<(i64, i64, i64)>, rate: i64, net: i64, vat: i64) {
    match taxes.iter_mut().find(|(r, _, _)| *r == rate) {
        Some(row) => {
            row.1 += net;
            row.2 += vat;
        }
        None => taxes.push((rate, net, vat)),
    }
}

impl Receipt {
    pub fn of(t: &Tenant, r: &mizan_app::Receipt) -> Self {
        let s = &r.sale;
        let mut taxes: Vec<(i64, i64, i64)> = Vec::new();
        let lines = s
            .lines
            .iter()
            .zip(&r.products)
            .map(|(l, p)| {
                let rate = p.as_ref().map_or(0, |p| p.vat_bp);
                add_tax(&mut taxes, rate, l.net, l.vat);
                ReceiptLine {
                    code: p.as_ref().map(|p| p.code.clone()),
                    name_en: p.as_ref().map(|p| p.name_en.clone()),
                    name_ar: p.as_ref().map(|p| p.name_ar.clone()),
                    unit: p.as_ref().map(|p| p.unit.clone()),
                    quantity: Quantity::of(l.qty),
                    unit_price: Money::of(t, l.unit_price),
                    discount: Money::of(t, l.discount),
                    net_amount: Money::of(t, l.net),
                    vat_rate: Percent::of_bp(rate),
                    vat_amount: Money::of(t, l.vat),
                    total_amount: Money::of(t, l.net + l.vat),
                }
            })
            .collect();
        taxes.sort_unstable_by_key(|(rate, _, _)| *rate);
        let change: i64 = s.payments.iter().map(|p| p.change).sum();
        let paid: i64 = s.payments.iter().map(|p| p.received).sum();
        Self {
            shop: t.name.clone(),
            branch: r.branch.as_ref().map(|b| b.name.clone()),
            cash_register: r.register.as_ref().map(|x| x.name.clone()),
            cashier: s.cashier.clone(),
            customer: r.customer.as_ref().map(|c| c.name.clone()),
            sale_id: s.id.0,
            number: s.number.clone(),
            date: s
                .posted_at_ms
                .map(|ms| local_time(s.utc_offset_minutes.unwrap_or(t.utc_offset_minutes), ms)),
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
            net_amount: Money::of(t, s.net),
            vat_amount: Money::of(t, s.vat),
            total_amount: Money::of(t, s.total),
            payments: SalePayment::all(t, s),
            paid_amount: Money::of(t, paid),
            change_amount: Money::of(t, change),
        }
    }
}
