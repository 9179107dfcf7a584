//! The till: opening a session, the cart a cashier scans into (an htmx fragment that the
//! server prices on every change), the receipt (80 mm print stylesheet) and the X/Z report.

use askama::Template;
use mizan_app::Cart;
use mizan_domain::sessions::{ReportKind, SessionReport};

use super::Ctx;
use crate::format;

/// A line of the cart as shown and as carried in the form (hidden inputs keep the cart in the
/// page, so nothing is lost when the server refuses).
#[derive(Debug, Clone, Default)]
pub struct CartLineView {
    pub index: usize,
    pub product_id: i64,
    pub warehouse_id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub qty: String,
    /// A scale label's amount in minor units, or empty.
    pub label: String,
    pub unit_price: String,
    pub discount: String,
    pub total: String,
    /// A refusal about this line, in the reader's language.
    pub error: Option<String>,
}

/// What the cashier typed for payment, carried as typed.
#[derive(Debug, Clone, Default)]
pub struct TenderInput {
    pub card: String,
    pub bank_transfer: String,
    pub credit: String,
    pub cash_received: String,
    pub customer_id: String,
}

/// The cart: its lines, totals with VAT, the tender and what it leaves (cash due, change).
#[derive(Debug, Clone, Default)]
pub struct CartView {
    pub session_id: i64,
    pub register_id: i64,
    /// The sale's idempotency key, made with the cart and kept until the sale is written.
    pub sale_key: String,
    pub lines: Vec<CartLineView>,
    pub net: String,
    pub vat: String,
    pub total: String,
    pub tender: TenderInput,
    pub customers: Vec<(i64, String)>,
    pub cash_due: String,
    pub change: Option<String>,
    /// The parked draft this cart was recalled from, if any.
    pub draft_id: String,
    /// The session's parked drafts, to recall one: (id, label).
    pub drafts: Vec<(i64, String)>,
    /// Products whose name matched what was typed, to pick one: (id, name, code, price).
    pub choices: Vec<(i64, String, String, String)>,
    /// A refusal about the cart as a whole (or the scanned code), in the reader's language.
    pub error: Option<String>,
}

impl CartView {
    /// The view of a priced cart.
    #[must_use]
    pub fn priced(c: &Ctx, cart: &Cart, tender: TenderInput) -> Self {
        let lines = cart
            .lines
            .iter()
            .enumerate()
            .map(|(index, l)| CartLineView {
                index,
                product_id: l.product.id.0,
                warehouse_id: l.line.warehouse.0,
                code: l.product.code.clone(),
                name: if c.tr.is("ar") {
                    l.product.name_ar.clone()
                } else {
                    l.product.name_en.clone()
                },
                unit: l.product.unit.clone(),
                qty: format::qty_input(l.line.qty),
                label: l
                    .line
                    .label_amount
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
                unit_price: c.money(l.amounts.unit_price),
                discount: if l.line.discount == 0 {
                    String::new()
                } else {
                    c.amount(l.line.discount)
                },
                total: c.money(l.amounts.net + l.amounts.vat),
                error: None,
            })
            .collect();
        Self {
            lines,
            net: c.money(cart.net),
            vat: c.money(cart.vat),
            total: c.money(cart.total),
            tender,
            cash_due: c.money(cart.total),
            ..Self::default()
        }
    }
}

/// The till with an open session.
#[derive(Template)]
#[template(path = "till.html")]
pub struct TillPage {
    pub c: Ctx,
    pub session_number: String,
    pub register_name: String,
    pub cart: CartView,
}

/// The cart alone, as htmx swaps it in.
#[derive(Template)]
#[template(path = "cart.html")]
pub struct CartFragment {
    pub c: Ctx,
    pub cart: CartView,
}

/// No open session yet: choose the register and count the float.
#[derive(Template)]
#[template(path = "open_session.html")]
pub struct OpenSessionPage {
    pub c: Ctx,
    pub registers: Vec<(i64, String)>,
    pub error: Option<String>,
}

/// A receipt line as printed.
#[derive(Debug, Clone)]
pub struct ReceiptLine {
    pub name: String,
    pub qty: String,
    pub unit_price: String,
    pub total: String,
}

/// A sale's receipt, for the 80 mm printer (print stylesheet) and the screen.
#[derive(Template)]
#[template(path = "receipt.html")]
pub struct ReceiptPage {
    pub c: Ctx,
    /// The sale's id (the A4 PDF's address).
    pub id: i64,
    pub number: String,
    pub time: String,
    pub branch: String,
    pub register: String,
    pub cashier: String,
    pub customer: String,
    pub lines: Vec<ReceiptLine>,
    pub net: String,
    pub vat: String,
    pub total: String,
    pub payments: Vec<(String, String)>,
    pub received: Option<String>,
    pub change: Option<String>,
}

/// A session's X report (open) or Z report (closed), with the close form while it is open.
#[derive(Template)]
#[template(path = "session_report.html")]
pub struct SessionReportPage {
    pub c: Ctx,
    pub session_id: i64,
    pub number: String,
    pub z: bool,
    pub rows: Vec<(String, String)>,
    /// The notes and coins the close form counts: (value in minor units, as read).
    pub denominations: Vec<(i64, String)>,
    pub error: Option<String>,
}

impl SessionReportPage {
    /// The report's rows in the reader's language.
    #[must_use]
    pub fn of(c: Ctx, session_id: i64, number: String, r: &SessionReport) -> Self {
        let x = &r.totals;
        let mut rows = vec![
            (c.t("opening_float"), c.money(x.opening_float)),
            (c.t("sales_count"), x.sales_count.to_string()),
            (c.t("sales_total"), c.money(x.sales_total)),
            (c.t("cash_sales"), c.money(r.cash_sales)),
            (c.t("pay_card"), c.money(x.card)),
            (c.t("pay_bank_transfer"), c.money(x.bank_transfer)),
            (c.t("pay_credit"), c.money(x.credit)),
            (c.t("cash_refunds"), c.money(x.cash_refunds)),
            (c.t("pay_ins"), c.money(x.pay_ins)),
            (c.t("payouts"), c.money(x.payouts)),
            (c.t("expected_cash"), c.money(r.expected_cash)),
        ];
        if let Some(counted) = r.counted_cash {
            rows.push((c.t("counted_cash"), c.money(counted)));
        }
        if let Some(d) = r.difference {
            rows.push((c.t("difference"), c.money(d)));
        }
        let denominations = mizan_domain::sessions::denominations(&c.currency)
            .into_iter()
            .map(|v| (v, c.amount(v)))
            .collect();
        Self {
            z: r.kind == ReportKind::Z,
            denominations,
            c,
            session_id,
            number,
            rows,
            error: None,
        }
    }
}
