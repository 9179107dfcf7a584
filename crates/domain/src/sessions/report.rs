//! The X report (mid-shift) and the Z report (at close): one function over a session's running
//! totals, which every posting in the session keeps up to date, so a report costs the same for
//! ten sales or a hundred thousand.

use serde::Serialize;

use crate::sales::PaymentTotals;

/// A session's running totals, in minor units; each posting adds to them in its own
/// transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct SessionTotals {
    pub opening_float: i64,
    pub sales_count: i64,
    pub sales_total: i64,
    /// Cash handed over by customers, before change.
    pub cash_received: i64,
    pub change_given: i64,
    pub card: i64,
    pub bank_transfer: i64,
    pub credit: i64,
    pub cash_refunds: i64,
    pub pay_ins: i64,
    pub payouts: i64,
}

impl SessionTotals {
    /// Cash that should be in the drawer: opening float + cash sales − change + pay-ins −
    /// payouts − cash refunds.
    #[must_use]
    /// Saturates instead of overflowing (totals that large exceed any real drawer).
    pub fn expected_cash(&self) -> i64 {
        let sum = i128::from(self.opening_float) + i128::from(self.cash_received)
            - i128::from(self.change_given)
            + i128::from(self.pay_ins)
            - i128::from(self.payouts)
            - i128::from(self.cash_refunds);
        i64::try_from(sum).unwrap_or(if sum < 0 { i64::MIN } else { i64::MAX })
    }

    /// Adds one sale of `total` paid as `payments` (saturating).
    pub fn add_sale(&mut self, total: i64, payments: &PaymentTotals) {
        self.sales_count = self.sales_count.saturating_add(1);
        self.sales_total = self.sales_total.saturating_add(total);
        self.cash_received = self.cash_received.saturating_add(payments.cash_received);
        self.change_given = self.change_given.saturating_add(payments.change);
        self.card = self.card.saturating_add(payments.card);
        self.bank_transfer = self.bank_transfer.saturating_add(payments.bank_transfer);
        self.credit = self.credit.saturating_add(payments.credit);
    }
}

/// `x` while the session is open, `z` once it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    X,
    Z,
}

/// What an X or Z report prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionReport {
    pub kind: ReportKind,
    pub totals: SessionTotals,
    /// Cash sales net of change.
    pub cash_sales: i64,
    pub expected_cash: i64,
    /// Counted cash and counted − expected, once closed.
    pub counted_cash: Option<i64>,
    pub difference: Option<i64>,
    /// Sales by payment method (cash net of change), methods with nothing left out.
    pub by_method: Vec<(&'static str, i64)>,
}

/// The X report of an open session (`counted` is `None`) or the Z report of a closed one.
#[must_use]
pub fn session_report(totals: &SessionTotals, counted: Option<i64>) -> SessionReport {
    let cash_sales = totals.cash_received.saturating_sub(totals.change_given);
    let expected = totals.expected_cash();
    let by_method = [
        ("cash", cash_sales),
        ("card", totals.card),
        ("bank_transfer", totals.bank_transfer),
        ("credit", totals.credit),
    ]
    .into_iter()
    .filter(|(_, v)| *v != 0)
    .collect();
    SessionReport {
        kind: if counted.is_some() {
            ReportKind::Z
        } else {
            ReportKind::X
        },
        totals: *totals,
        cash_sales,
        expected_cash: expected,
        counted_cash: counted,
        difference: counted.map(|c| c.saturating_sub(expected)),
        by_method,
    }
}
