//! Answers of the sales reports and the old system's tools: sales by product, cashier or
//! payment method, gross profit by month or product, one sale checked against everything it
//! wrote, and the COGS coverage and reconciliation of a period.

use mizan_app::{DayRange, GrossProfitReport, SalesReport as SalesReportData, gross_profit};
use mizan_domain::calendar::day_text;
use mizan_domain::decimal::format_scaled;
use mizan_domain::sales::Problem as ProblemData;
use mizan_store::{CogsCoverage as CoverageData, CogsReconciliation, SalesBy, SalesGroup, Tenant};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, Percent, Quantity};

/// One group of a sales report: its sales less its returns in the period.
#[derive(Debug, Serialize, ToSchema)]
pub struct SalesRow {
    /// The product's code, the cashier's user name, or the payment method (`total` for the
    /// total).
    pub key: String,
    /// The product's English name; otherwise the key.
    pub name: String,
    #[schema(required)]
    pub product_id: Option<i64>,
    /// Sales with a line (by payment method: a payment) in the group.
    pub sales_count: i64,
    pub returns_count: i64,
    /// Quantity sold less returned (by product only).
    #[schema(required)]
    pub quantity: Option<Quantity>,
    /// What the sales came to with VAT less what the returns gave back (by payment method:
    /// paid that way less refunded that way).
    pub total_amount: Money,
    /// What the returns gave back, with VAT.
    pub returns_amount: Money,
    /// Revenue net of VAT and returns, VAT, the cost the lines took, gross profit and margin
    /// (`null` by payment method: a payment is not split into them).
    #[schema(required)]
    pub net_amount: Option<Money>,
    #[schema(required)]
    pub vat_amount: Option<Money>,
    #[schema(required)]
    pub cost_amount: Option<Money>,
    #[schema(required)]
    pub gross_profit: Option<Money>,
    /// Gross profit over net revenue, in percent (`null` without revenue).
    #[schema(required)]
    pub margin: Option<Percent>,
}

impl SalesRow {
    fn of(t: &Tenant, by: SalesBy, g: &SalesGroup) -> Self {
        let split = by != SalesBy::PaymentMethod;
        let (profit, margin) = gross_profit(g);
        let money = |v: i64| split.then(|| Money::of(t, v));
        Self {
            key: g.key.clone(),
            name: g.name.clone(),
            product_id: g.product_id.map(|p| p.0),
            sales_count: g.sales_count,
            returns_count: g.returns_count,
            quantity: (by == SalesBy::Product).then(|| Quantity::of(g.qty)),
            total_amount: Money::of(t, g.sales_total.saturating_sub(g.returns_total)),
            returns_amount: Money::of(t, g.returns_total),
            net_amount: money(g.net),
            vat_amount: money(g.vat),
            cost_amount: money(g.cost),
            gross_profit: money(profit),
            margin: margin.filter(|_| split).map(Percent::of_bp),
        }
    }
}

/// Sales by product, cashier or payment method over a period of business days.
#[derive(Debug, Serialize, ToSchema)]
pub struct SalesReport {
    /// `product`, `cashier` or `payment_method`.
    pub by: String,
    /// The period's first and last business day, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    pub currency: String,
    pub rows: Vec<SalesRow>,
    /// Every row added up (a sale of two products counts in both).
    pub total: SalesRow,
}

fn by_name(by: SalesBy) -> &'static str {
    match by {
        SalesBy::Product => "product",
        SalesBy::Cashier => "cashier",
        SalesBy::PaymentMethod => "payment_method",
        SalesBy::Month => "month",
    }
}

impl SalesReport {
    pub fn of(t: &Tenant, r: &SalesReportData) -> Self {
        Self {
            by: by_name(r.by).to_owned(),
            from: day_text(r.period.from),
            to: day_text(r.period.to),
            currency: t.currency.code.clone(),
            rows: r.rows.iter().map(|g| SalesRow::of(t, r.by, g)).collect(),
            total: SalesRow::of(t, r.by, &r.total),
        }
    }
}

/// One row of the gross profit report.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrossProfitRow {
    /// The month `YYYY-MM`, or the product's code (`total` for the total).
    pub key: String,
    /// The month, or the product's English name.
    pub name: String,
    #[schema(required)]
    pub product_id: Option<i64>,
    /// Revenue net of VAT and returns.
    pub revenue: Money,
    /// The cost the sold lines took, less what returns took back.
    pub cost: Money,
    pub gross_profit: Money,
    /// Gross profit over revenue, in percent (`null` without revenue).
    #[schema(required)]
    pub margin: Option<Percent>,
}

impl GrossProfitRow {
    fn of(t: &Tenant, month: bool, g: &SalesGroup) -> Self {
        let (profit, margin) = gross_profit(g);
        let key = match g.key.parse::<i32>() {
            Ok(m) if month => format!("{:04}-{:02}", m / 100, m % 100),
            _ => g.key.clone(),
        };
        Self {
            name: if g.product_id.is_some() {
                g.name.clone()
            } else {
                key.clone()
            },
            key,
            product_id: g.product_id.map(|p| p.0),
            revenue: Money::of(t, g.net),
            cost: Money::of(t, g.cost),
            gross_profit: Money::of(t, profit),
            margin: margin.map(Percent::of_bp),
        }
    }
}

/// Gross profit by month or by product over a period of business days.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrossProfit {
    /// `month` or `product`.
    pub by: String,
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    pub currency: String,
    pub rows: Vec<GrossProfitRow>,
    pub total: GrossProfitRow,
}

impl GrossProfit {
    pub fn of(t: &Tenant, r: &GrossProfitReport) -> Self {
        let month = r.by == mizan_app::GrossProfitBy::Month;
        Self {
            by: if month { "month" } else { "product" }.to_owned(),
            from: day_text(r.period.from),
            to: day_text(r.period.to),
            currency: t.currency.code.clone(),
            rows: r
                .rows
                .iter()
                .map(|g| GrossProfitRow::of(t, month, g))
                .collect(),
            total: GrossProfitRow::of(t, month, &r.total),
        }
    }
}

/// One thing a document's rows disagree on (amounts in the currency; quantities for the
/// quantity checks).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Stable name (`entry_unbalanced`, `cogs_vs_line_costs`, `journal_vs_lines`, ...).
    pub code: String,
    pub expected: String,
    pub actual: String,
}

impl Problem {
    pub fn of(t: &Tenant, p: &ProblemData) -> Self {
        let show = |v: i64| {
            if p.code.contains("qty") {
                format_scaled(v, mizan_domain::QTY_SCALE)
            } else if p.code.starts_with("entry_count") || p.code.contains("moves_vs_stocked") {
                v.to_string()
            } else {
                t.currency.format(v)
            }
        };
        Self {
            code: p.code.to_owned(),
            expected: show(p.expected),
            actual: show(p.actual),
        }
    }
}

/// COGS coverage of a period: sales and returns with and without a COGS line, and the
/// stocked quantity sold with a cost.
#[derive(Debug, Serialize, ToSchema)]
pub struct CogsCoverage {
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    pub sales: i64,
    pub sales_with_cogs: i64,
    /// Sales without a COGS line (services only, when nothing is wrong).
    pub sales_without_cogs: i64,
    /// Sales that sold stocked goods: each must have a COGS line.
    pub sales_with_stocked_goods: i64,
    pub returns: i64,
    pub returns_with_cogs: i64,
    pub returns_without_cogs: i64,
    pub quantity_sold: Quantity,
    pub quantity_sold_with_cost: Quantity,
    /// The part of the stocked quantity sold that carried a cost (`null` when none was sold):
    /// on Mizan's own postings always 100.00.
    #[schema(required)]
    pub quantity_coverage: Option<Percent>,
    /// Documents that should have a COGS line and have none (the old system's
    /// `fix_missing_cogs` list; always empty here).
    pub missing: Vec<String>,
}

impl CogsCoverage {
    pub fn of(period: DayRange, c: &CoverageData) -> Self {
        Self {
            from: day_text(period.from),
            to: day_text(period.to),
            sales: c.sales,
            sales_with_cogs: c.sales_with_cogs,
            sales_without_cogs: c.sales - c.sales_with_cogs,
            sales_with_stocked_goods: c.sales_with_stocked_goods,
            returns: c.returns,
            returns_with_cogs: c.returns_with_cogs,
            returns_without_cogs: c.returns - c.returns_with_cogs,
            quantity_sold: Quantity::of(c.qty_sold),
            quantity_sold_with_cost: Quantity::of(c.qty_with_cost),
            quantity_coverage: mizan_domain::sales::share_bp(c.qty_with_cost, c.qty_sold)
                .map(Percent::of_bp),
            missing: c.missing.clone(),
        }
    }
}

/// One document whose COGS disagrees with itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct CogsDifference {
    /// `sale` or `return`.
    pub kind: String,
    pub id: i64,
    pub number: String,
    #[schema(format = Date)]
    pub date: String,
    /// A return written off as damaged.
    pub written_off: bool,
    /// COGS in its journal entry, on its lines, and out of stock (a return's negative).
    pub journal: Money,
    pub lines: Money,
    pub stock: Money,
    pub differences: Vec<Problem>,
}

/// COGS of a period's sales and returns three ways.
#[derive(Debug, Serialize, ToSchema)]
pub struct CogsReconcile {
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    pub currency: String,
    /// Whether nothing disagrees but goods returned into negative stock
    /// (`restock_variance`: that cost stays in COGS).
    pub ok: bool,
    pub sales: i64,
    pub returns: i64,
    /// Totals over every document: COGS in the journal, on the lines, out of stock.
    pub journal: Money,
    pub lines: Money,
    pub stock: Money,
    pub documents: Vec<CogsDifference>,
    /// Documents that disagree beyond those listed.
    pub more: i64,
}

impl CogsReconcile {
    pub fn of(t: &Tenant, period: DayRange, r: &CogsReconciliation) -> Self {
        Self {
            from: day_text(period.from),
            to: day_text(period.to),
            currency: t.currency.code.clone(),
            ok: r.faulty == 0,
            sales: r.sales,
            returns: r.returns,
            journal: Money::of(t, r.journal),
            lines: Money::of(t, r.lines),
            stock: Money::of(t, r.stock),
            documents: r
                .differing
                .iter()
                .map(|(d, diffs)| CogsDifference {
                    kind: d.kind.to_owned(),
                    id: d.id,
                    number: d.number.clone(),
                    date: day_text(d.business_day),
                    written_off: d.written_off,
                    journal: Money::of(t, d.journal),
                    lines: Money::of(t, d.lines),
                    stock: Money::of(t, d.stock),
                    differences: diffs.iter().map(|p| Problem::of(t, p)).collect(),
                })
                .collect(),
            more: r.more_differing,
        }
    }
}
