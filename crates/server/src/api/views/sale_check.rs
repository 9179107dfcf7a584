//! The answer of `GET /sales/{id}/trace` (`mizan check sale`): the sale with the cost each
//! line took, its revenue, cost, gross profit and margin, the entry lines, stock and cash
//! moves, payments, returns and allocations it wrote, and the verdict.

use mizan_app::{SaleCheck as SaleCheckData, gross_profit};
use mizan_domain::calendar::day_text;
use mizan_store::{SalesGroup, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::{JournalLine, Money, Percent, Problem, Quantity, Return, Sale, Timestamp};

/// A sale line with its product, the cost it took and its gross profit.
#[derive(Debug, Serialize, ToSchema)]
pub struct TracedLine {
    /// The line's position (0-based).
    pub line: i64,
    pub product_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub tracks_stock: bool,
    pub quantity: Quantity,
    pub net_amount: Money,
    pub vat_amount: Money,
    /// The cost the line took (moving average when it sold).
    pub cost_amount: Money,
    pub gross_profit: Money,
    #[schema(required)]
    pub margin: Option<Percent>,
}

/// A journal entry the sale posted.
#[derive(Debug, Serialize, ToSchema)]
pub struct TracedEntry {
    pub id: i64,
    pub number: String,
    pub posted_at: Timestamp,
    pub lines: Vec<JournalLine>,
}

/// Stock that left (negative) or came back.
#[derive(Debug, Serialize, ToSchema)]
pub struct TracedStockMove {
    pub warehouse_id: i64,
    pub product_id: i64,
    pub quantity: Quantity,
    pub value: Money,
}

/// Cash the sale put into a register's drawer.
#[derive(Debug, Serialize, ToSchema)]
pub struct TracedCashMove {
    pub cash_register_id: i64,
    pub amount: Money,
}

/// A customer payment settling (part of) the sale.
#[derive(Debug, Serialize, ToSchema)]
pub struct TracedAllocation {
    pub customer_payment_id: i64,
    pub number: String,
    #[schema(format = Date)]
    pub date: String,
    pub amount: Money,
}

/// One sale checked against everything it wrote.
#[derive(Debug, Serialize, ToSchema)]
pub struct SaleCheck {
    /// Whether its rows agree (`problems` empty).
    pub ok: bool,
    /// Each disagreement by its stable code (`entry_unbalanced`, `cogs_vs_line_costs`,
    /// `stock_value_vs_line_costs`, `payments_vs_total`, ...).
    pub problems: Vec<Problem>,
    pub sale: Sale,
    /// The business day it posted, `YYYY-MM-DD`.
    #[schema(required, format = Date)]
    pub date: Option<String>,
    pub lines: Vec<TracedLine>,
    /// Revenue net of VAT, cost of goods sold, gross profit and margin (before returns).
    pub revenue: Money,
    pub cost: Money,
    pub gross_profit: Money,
    #[schema(required)]
    pub margin: Option<Percent>,
    pub entries: Vec<TracedEntry>,
    pub stock_moves: Vec<TracedStockMove>,
    pub cash_moves: Vec<TracedCashMove>,
    pub returns: Vec<Return>,
    pub allocations: Vec<TracedAllocation>,
}

impl SaleCheck {
    pub fn of(t: &Tenant, c: &SaleCheckData) -> Self {
        let tr = &c.trace;
        let profit_of = |net: i64, cost: i64| {
            gross_profit(&SalesGroup {
                net,
                cost,
                ..SalesGroup::default()
            })
        };
        let lines = tr
            .sale
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let p = tr.products.get(i);
                let (profit, margin) = profit_of(l.net, l.cost);
                TracedLine {
                    line: l.line_no,
                    product_id: l.product_id.0,
                    product_code: p.map(|p| p.code.clone()).unwrap_or_default(),
                    product_name: p.map(|p| p.name_en.clone()).unwrap_or_default(),
                    tracks_stock: p.is_some_and(|p| p.tracks_stock),
                    quantity: Quantity::of(l.qty),
                    net_amount: Money::of(t, l.net),
                    vat_amount: Money::of(t, l.vat),
                    cost_amount: Money::of(t, l.cost),
                    gross_profit: Money::of(t, profit),
                    margin: margin.map(Percent::of_bp),
                }
            })
            .collect();
        let (profit, margin) = profit_of(c.figures.lines.net, c.figures.lines.cost);
        Self {
            ok: c.ok(),
            problems: c.problems.iter().map(|p| Problem::of(t, p)).collect(),
            sale: Sale::of(t, &tr.sale),
            date: tr.business_day.map(day_text),
            lines,
            revenue: Money::of(t, c.figures.lines.net),
            cost: Money::of(t, c.figures.lines.cost),
            gross_profit: Money::of(t, profit),
            margin: margin.map(Percent::of_bp),
            entries: tr
                .entries
                .iter()
                .map(|e| TracedEntry {
                    id: e.id,
                    number: e.number.clone(),
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
                })
                .collect(),
            stock_moves: tr
                .stock_moves
                .iter()
                .map(|m| TracedStockMove {
                    warehouse_id: m.warehouse_id.0,
                    product_id: m.product_id.0,
                    quantity: Quantity::of(m.qty),
                    value: Money::of(t, m.value),
                })
                .collect(),
            cash_moves: tr
                .cash_moves
                .iter()
                .map(|(r, a)| TracedCashMove {
                    cash_register_id: r.0,
                    amount: Money::of(t, *a),
                })
                .collect(),
            returns: tr.returns.iter().map(|r| Return::of(t, r)).collect(),
            allocations: tr
                .allocations
                .iter()
                .map(|a| TracedAllocation {
                    customer_payment_id: a.payment_id,
                    number: a.number.clone(),
                    date: day_text(a.business_day),
                    amount: Money::of(t, a.amount),
                })
                .collect(),
        }
    }
}
