//! Answers about cashier sessions: a session with its report, the X or Z report, a cash move.

use mizan_domain::sessions::ReportKind;
use mizan_store::{self as store, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, Timestamp};

/// One denomination counted at close.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountedDenomination {
    pub value: Money,
    pub count: i64,
}

/// A cashier session (shift) with its running report.
#[derive(Debug, Serialize, ToSchema)]
pub struct CashierSession {
    pub id: i64,
    pub number: String,
    pub cash_register_id: i64,
    #[schema(required)]
    pub branch_id: Option<i64>,
    /// `open` or `closed`.
    #[schema(pattern = "^(open|closed)$")]
    pub status: String,
    pub opened_by: String,
    pub opened_at: Timestamp,
    pub opening_float: Money,
    #[schema(required)]
    pub closed_by: Option<String>,
    #[schema(required)]
    pub closed_at: Option<Timestamp>,
    #[schema(required)]
    pub counted_amount: Option<Money>,
    pub denominations: Vec<CountedDenomination>,
    pub report: SessionReport,
}

impl CashierSession {
    pub fn of(t: &Tenant, s: &store::CashierSession) -> Self {
        Self {
            id: s.id.0,
            number: s.number.clone(),
            cash_register_id: s.cash_register_id.0,
            branch_id: s.branch_id.map(|b| b.0),
            status: s.status.clone(),
            opened_by: s.opened_by.clone(),
            opened_at: Timestamp::at(s.opened_at_ms),
            opening_float: Money::of(t, s.totals.opening_float),
            closed_by: s.closed_by.clone(),
            closed_at: s.closed_at_ms.map(Timestamp::at),
            counted_amount: s.counted.map(|c| Money::of(t, c)),
            denominations: s
                .denominations
                .iter()
                .map(|(v, c)| CountedDenomination {
                    value: Money::of(t, *v),
                    count: *c,
                })
                .collect(),
            report: SessionReport::of(t, s),
        }
    }
}

/// `x` while the session is open, `z` once it is closed.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ReportKind)]
pub enum Report {
    X,
    Z,
}

/// Sales of one payment method (cash net of change).
#[derive(Debug, Serialize, ToSchema)]
pub struct MethodAmount {
    pub payment_method: String,
    pub amount: Money,
}

/// The X report of an open session or the Z report of a closed one.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionReport {
    pub kind: Report,
    pub cashier_session_id: i64,
    pub number: String,
    pub opening_float: Money,
    pub sales_count: i64,
    pub sales_total: Money,
    pub cash_received: Money,
    pub change_given: Money,
    pub cash_sales: Money,
    pub cash_refunds: Money,
    pub pay_ins: Money,
    pub payouts: Money,
    pub expected_cash: Money,
    #[schema(required)]
    pub counted_cash: Option<Money>,
    /// Counted − expected: positive over, negative short.
    #[schema(required)]
    pub difference: Option<Money>,
    pub by_payment_method: Vec<MethodAmount>,
}

impl SessionReport {
    pub fn of(t: &Tenant, s: &store::CashierSession) -> Self {
        let r = mizan_domain::sessions::session_report(&s.totals, s.counted);
        let x = &r.totals;
        Self {
            kind: match r.kind {
                ReportKind::X => Report::X,
                ReportKind::Z => Report::Z,
            },
            cashier_session_id: s.id.0,
            number: s.number.clone(),
            opening_float: Money::of(t, x.opening_float),
            sales_count: x.sales_count,
            sales_total: Money::of(t, x.sales_total),
            cash_received: Money::of(t, x.cash_received),
            change_given: Money::of(t, x.change_given),
            cash_sales: Money::of(t, r.cash_sales),
            cash_refunds: Money::of(t, x.cash_refunds),
            pay_ins: Money::of(t, x.pay_ins),
            payouts: Money::of(t, x.payouts),
            expected_cash: Money::of(t, r.expected_cash),
            counted_cash: r.counted_cash.map(|c| Money::of(t, c)),
            difference: r.difference.map(|d| Money::of(t, d)),
            by_payment_method: r
                .by_method
                .iter()
                .map(|(m, v)| MethodAmount {
                    payment_method: (*m).to_owned(),
                    amount: Money::of(t, *v),
                })
                .collect(),
        }
    }
}

/// A pay-in or payout as written, with the session after it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CashMovement {
    pub id: i64,
    pub cashier_session_id: i64,
    /// `pay_in` or `payout`.
    #[schema(pattern = "^(pay_in|payout)$")]
    pub kind: String,
    pub amount: Money,
    pub reason: String,
    pub session: CashierSession,
}

impl CashMovement {
    pub fn of(t: &Tenant, session_id: i64, moved: &mizan_app::CashMoved) -> Self {
        Self {
            id: moved.id,
            cashier_session_id: session_id,
            kind: moved.movement.kind().as_str().to_owned(),
            amount: Money::of(t, moved.movement.amount()),
            reason: moved.movement.reason().to_owned(),
            session: CashierSession::of(t, &moved.session),
        }
    }
}
