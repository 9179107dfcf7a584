//! Answers about stock, the books and reports: opening stock, stock levels, accounts, opening
//! balances, journal entries, the books' self-check, the daily sales report, and the shop's
//! settings.

use mizan_store::{self as store, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, Quantity, Timestamp};

#[derive(Debug, Serialize, ToSchema)]
pub struct OpeningStock {
    pub id: i64,
    pub number: String,
    pub warehouse_id: i64,
    pub product_id: i64,
    pub quantity: Quantity,
    pub unit_cost: Money,
    pub value: Money,
    pub posted_at: Timestamp,
}

impl OpeningStock {
    pub fn of(t: &Tenant, o: &store::OpeningStock) -> Self {
        Self {
            id: o.id.0,
            number: o.number.clone(),
            warehouse_id: o.warehouse_id.0,
            product_id: o.product_id.0,
            quantity: Quantity::of(o.qty),
            unit_cost: Money::of(t, o.unit_cost),
            value: Money::of(t, o.value),
            posted_at: Timestamp::at(o.posted_at_ms),
        }
    }
}

/// The quantity and value of one product in one warehouse.
#[derive(Debug, Serialize, ToSchema)]
pub struct StockLevel {
    pub warehouse_id: i64,
    pub product_id: i64,
    pub quantity: Quantity,
    pub value: Money,
}

impl StockLevel {
    pub fn of(t: &Tenant, l: &store::StockLevelRow) -> Self {
        Self {
            warehouse_id: l.warehouse_id.0,
            product_id: l.product_id.0,
            quantity: Quantity::of(l.qty),
            value: Money::of(t, l.value),
        }
    }
}

/// An account with its balance (debit positive).
#[derive(Debug, Serialize, ToSchema)]
pub struct Account {
    pub id: i64,
    pub code: String,
    pub name_en: String,
    pub name_ar: String,
    pub name_ru: String,
    pub kind: String,
    pub balance: Money,
}

impl Account {
    pub fn of(t: &Tenant, a: &store::AccountBalance) -> Self {
        Self {
            id: a.id.0,
            code: a.code.clone(),
            name_en: a.name_en.clone(),
            name_ar: a.name_ar.clone(),
            name_ru: a.name_ru.clone(),
            kind: a.kind.clone(),
            balance: Money::of(t, a.balance),
        }
    }
}

/// A customer's or supplier's opening balance.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpeningBalance {
    pub id: i64,
    pub number: String,
    /// `customer` or `supplier`.
    pub party: String,
    /// The customer's or supplier's id.
    pub party_id: i64,
    /// Positive: the customer owes the shop (the shop owes the supplier); negative: an advance
    /// the other way.
    pub amount: Money,
    /// The business day it is as of, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date: String,
    pub posted_at: Timestamp,
    pub posted_by: String,
}

impl OpeningBalance {
    pub fn of(t: &Tenant, o: &store::OpeningBalanceRecord) -> Self {
        Self {
            id: o.id.0,
            number: o.number.clone(),
            party: o.party.kind().to_owned(),
            party_id: o.party.id(),
            amount: Money::of(t, o.amount),
            date: mizan_domain::calendar::day_text(o.business_day),
            posted_at: Timestamp::at(o.posted_at_ms),
            posted_by: o.posted_by.clone(),
        }
    }
}

/// The document a journal entry posts.
#[derive(Debug, Serialize, ToSchema)]
pub struct JournalDocument {
    pub kind: String,
    pub id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JournalLine {
    pub account_code: String,
    pub account_name: String,
    pub debit: Money,
    pub credit: Money,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JournalEntry {
    pub id: i64,
    pub number: String,
    pub document: JournalDocument,
    pub memo: String,
    pub posted_at: Timestamp,
    pub lines: Vec<JournalLine>,
}

impl JournalEntry {
    pub fn of(t: &Tenant, e: &store::JournalEntryView) -> Self {
        Self {
            id: e.id,
            number: e.number.clone(),
            document: JournalDocument {
                kind: e.doc_kind.clone(),
                id: e.doc_id,
            },
            memo: e.memo.clone(),
            posted_at: Timestamp::at(e.posted_at_ms),
            lines: e
                .lines
                .iter()
                .map(|l| JournalLine {
                    account_code: l.account_code.clone(),
                    account_name: l.account_name.clone(),
                    debit: Money::of(t, l.amount.max(0)),
                    credit: Money::of(t, (-l.amount).max(0)),
                })
                .collect(),
        }
    }
}

/// One thing wrong with the books.
#[derive(Debug, Serialize, ToSchema)]
pub struct Finding {
    /// The check's stable name (`unbalanced_entry`, ...).
    pub check: String,
    /// What is wrong: a document number, a (warehouse, product), an account.
    pub subject: String,
    pub expected: i64,
    pub actual: i64,
}

/// The books' self-check: `ok` when nothing was found.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckReport {
    pub ok: bool,
    pub findings: Vec<Finding>,
}

impl CheckReport {
    pub fn of(findings: &[store::Finding]) -> Self {
        Self {
            ok: findings.is_empty(),
            findings: findings
                .iter()
                .map(|f| Finding {
                    check: f.check.to_owned(),
                    subject: f.subject.clone(),
                    expected: f.expected,
                    actual: f.actual,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentsByMethod {
    pub cash: Money,
    pub card: Money,
    pub bank_transfer: Money,
    pub credit: Money,
}

/// One branch's sales on one business day.
#[derive(Debug, Serialize, ToSchema)]
pub struct DailySales {
    /// The business day, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date: String,
    #[schema(required)]
    pub branch_id: Option<i64>,
    pub sales_count: i64,
    pub total_amount: Money,
    pub net_amount: Money,
    pub vat_amount: Money,
    pub payments_by_method: PaymentsByMethod,
    pub unique_customers: i64,
    pub returns_count: i64,
    pub returns_amount: Money,
    pub sessions_opened: i64,
    pub sessions_closed: i64,
}

impl DailySales {
    pub fn of(t: &Tenant, date: &str, d: &store::DailySales) -> Self {
        Self {
            date: date.to_owned(),
            branch_id: d.branch_id.map(|b| b.0),
            sales_count: d.sales_count,
            total_amount: Money::of(t, d.total),
            net_amount: Money::of(t, d.net),
            vat_amount: Money::of(t, d.vat),
            payments_by_method: PaymentsByMethod {
                cash: Money::of(t, d.cash),
                card: Money::of(t, d.card),
                bank_transfer: Money::of(t, d.bank_transfer),
                credit: Money::of(t, d.credit),
            },
            unique_customers: d.unique_customers,
            returns_count: d.returns_count,
            returns_amount: Money::of(t, d.returns_total),
            sessions_opened: d.sessions_opened,
            sessions_closed: d.sessions_closed,
        }
    }
}

/// The settings that drive the till.
#[derive(Debug, Serialize, ToSchema)]
pub struct Settings {
    /// Cash sales need an open cashier session (off for kiosks).
    pub require_open_session: bool,
    /// The shop's offset from UTC: decides the business day of each posting.
    pub utc_offset_minutes: i32,
    /// EAN-13 scale layouts such as `21PPPPPWWWWWC`.
    pub scale_barcodes: Vec<String>,
    /// People other than the owner may sign in only at registered devices.
    pub require_registered_devices: bool,
    /// The café opens, `HH:MM` local time (station utilisation is measured against its hours).
    pub cafe_opens: String,
    /// The café closes, `HH:MM`; at or before `cafe_opens`: after midnight.
    pub cafe_closes: String,
    /// What is left of a roll below this many metres is an offcut.
    pub roll_min_useful: Quantity,
}

impl From<&Tenant> for Settings {
    fn from(t: &Tenant) -> Self {
        Self {
            require_open_session: t.require_open_session,
            utc_offset_minutes: t.utc_offset_minutes,
            scale_barcodes: t.scale_layouts.clone(),
            require_registered_devices: t.require_registered_devices,
            cafe_opens: t.cafe_hours.clock_texts().0,
            cafe_closes: t.cafe_hours.clock_texts().1,
            roll_min_useful: Quantity::of(t.roll_min_useful),
        }
    }
}
