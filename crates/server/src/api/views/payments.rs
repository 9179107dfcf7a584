//! Answers about what customers and suppliers owe: customer payments with their allocations,
//! statements of account and aging.

use mizan_store::{AgingRow as AgingRecord, CustomerPaymentRecord, StatementLine, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, ReceivedByName, Timestamp, day};

/// How much of a payment settled one sale.
#[derive(Debug, Serialize, ToSchema)]
pub struct Allocation {
    pub sale_id: i64,
    pub amount: Money,
}

/// A customer's payment on their debt.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerPayment {
    pub id: i64,
    /// `CPY-YYYY-NNNNNN`, gapless.
    pub number: String,
    pub customer_id: i64,
    #[schema(value_type = ReceivedByName)]
    pub method: String,
    #[schema(required)]
    pub cash_register_id: Option<i64>,
    #[schema(required)]
    pub cashier_session_id: Option<i64>,
    pub currency: String,
    pub amount: Money,
    #[schema(required)]
    pub note: Option<String>,
    pub received_by: String,
    pub business_day: String,
    pub created_at: Timestamp,
    pub allocations: Vec<Allocation>,
    /// What it settled of the customer's opening balance (before any sale).
    pub opening_balance_settled: Money,
}

impl CustomerPayment {
    pub fn of(t: &Tenant, p: &CustomerPaymentRecord) -> Self {
        Self {
            id: p.id,
            number: p.number.clone(),
            customer_id: p.customer_id.0,
            method: p.method.clone(),
            cash_register_id: p.cash_register_id.map(|r| r.0),
            cashier_session_id: p.session_id.map(|s| s.0),
            currency: t.currency.code.to_string(),
            amount: Money::of(t, p.amount),
            note: p.note.clone(),
            received_by: p.received_by.clone(),
            business_day: day(p.business_day),
            created_at: Timestamp::at(p.created_at_ms),
            allocations: p
                .allocations
                .iter()
                .map(|(sale, amount)| Allocation {
                    sale_id: sale.0,
                    amount: Money::of(t, *amount),
                })
                .collect(),
            opening_balance_settled: Money::of(t, p.opening_balance_settled),
        }
    }
}

/// One document on a statement of account.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementEntry {
    pub business_day: String,
    pub at: Timestamp,
    /// `sale`, `return`, `payment`, `purchase`, `purchase_return` or `opening_balance`.
    pub kind: String,
    pub number: String,
    /// What it adds to the balance.
    pub debit: Money,
    /// What it takes off.
    pub credit: Money,
    /// The balance after it.
    pub balance: Money,
}

/// A customer's or supplier's documents with a running balance.
#[derive(Debug, Serialize, ToSchema)]
pub struct Statement {
    pub currency: String,
    /// What is owed after the last document.
    pub balance: Money,
    pub lines: Vec<StatementEntry>,
}

impl Statement {
    pub fn of(t: &Tenant, lines: &[StatementLine]) -> Self {
        Self {
            currency: t.currency.code.to_string(),
            balance: Money::of(t, lines.last().map_or(0, |l| l.balance)),
            lines: lines
                .iter()
                .map(|l| StatementEntry {
                    business_day: day(l.business_day),
                    at: Timestamp::at(l.at_ms),
                    kind: l.kind.clone(),
                    number: l.number.clone(),
                    debit: Money::of(t, l.debit),
                    credit: Money::of(t, l.credit),
                    balance: Money::of(t, l.balance),
                })
                .collect(),
        }
    }
}

/// What one customer or supplier has open, by age.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgingLine {
    pub id: i64,
    pub name: String,
    pub days_0_30: Money,
    pub days_31_60: Money,
    pub days_61_90: Money,
    pub days_over_90: Money,
    pub total: Money,
}

/// Aging: what is open by age, with totals that equal the control account.
#[derive(Debug, Serialize, ToSchema)]
pub struct Aging {
    /// `customers` or `suppliers`.
    pub of: String,
    pub as_of: String,
    pub currency: String,
    pub rows: Vec<AgingLine>,
    pub totals: AgingLine,
}

impl Aging {
    pub fn of(t: &Tenant, of: &str, as_of: i32, rows: &[AgingRecord]) -> Self {
        let line = |id: i64, name: &str, b: [i64; 4], total: i64| AgingLine {
            id,
            name: name.to_owned(),
            days_0_30: Money::of(t, b[0]),
            days_31_60: Money::of(t, b[1]),
            days_61_90: Money::of(t, b[2]),
            days_over_90: Money::of(t, b[3]),
            total: Money::of(t, total),
        };
        let mut sum = [0i64; 4];
        for r in rows {
            for (s, b) in sum.iter_mut().zip(r.buckets) {
                *s += b;
            }
        }
        Self {
            of: of.to_owned(),
            as_of: day(as_of),
            currency: t.currency.code.to_string(),
            rows: rows
                .iter()
                .map(|r| line(r.id, &r.name, r.buckets, r.total))
                .collect(),
            totals: line(0, "", sum, sum.iter().sum()),
        }
    }
}
