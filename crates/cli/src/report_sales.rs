//! `mizan report gross-profit` and `mizan report sales`: the sales reports on the command line
//! — a table with amounts in the shop's currency by default, `--json` (the API's answer) or
//! `--csv` (a header, then one row per group and the total).

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand, ValueEnum};
use mizan_app::{DayRange, Grant, GrossProfitBy, Mizan, perm};
use mizan_domain::calendar::Date;
use mizan_server::views::{GrossProfit, SalesReport as SalesAnswer};
use mizan_store::SalesBy;

use crate::books::pick;

/// The sales reports, for `mizan report`.
#[derive(Subcommand)]
pub enum SalesReport {
    /// Gross profit (revenue net of VAT and returns, less the cost the lines took) by month or
    /// by product: of one month (`--month M --year Y`), of a year's twelve months (`--year
    /// Y`), or of `--from`..`--to`.
    GrossProfit {
        #[arg(long, value_enum, default_value = "month")]
        by: ProfitBy,
        /// 1 to 12 (needs `--year`).
        #[arg(long, requires = "year")]
        month: Option<u32>,
        #[arg(long, conflicts_with_all = ["from", "to"])]
        year: Option<i32>,
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        out: ReportOut,
    },
    /// Sales less returns by product, cashier or payment method over `--from`..`--to`.
    Sales {
        #[arg(long, value_enum)]
        by: Grouping,
        #[command(flatten)]
        period: PeriodArgs,
        #[command(flatten)]
        out: ReportOut,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ProfitBy {
    Month,
    Product,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Grouping {
    Product,
    Cashier,
    PaymentMethod,
}

/// A period of business days.
#[derive(Args)]
pub struct PeriodArgs {
    /// `YYYY-MM-DD` (the first of `--to`'s month by default).
    #[arg(long)]
    pub from: Option<String>,
    /// `YYYY-MM-DD` (today by default).
    #[arg(long)]
    pub to: Option<String>,
}

/// Which tenant, and how to print.
#[derive(Args)]
pub struct ReportOut {
    /// The tenant (needed when the database holds several).
    #[arg(long)]
    pub tenant: Option<i64>,
    /// The API's JSON answer.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV: a header, then one row per group and the total.
    #[arg(long)]
    pub csv: bool,
}

fn day(field: &str, text: Option<&str>) -> Result<Option<i32>> {
    text.map(|d| {
        Date::parse(d)
            .map(Date::yyyymmdd)
            .ok_or_else(|| anyhow!("--{field} must be a real date as YYYY-MM-DD, not {d:?}"))
    })
    .transpose()
}

impl PeriodArgs {
    /// `--from`..`--to`, `to` today (in `t`'s time) and `from` the first of its month by
    /// default.
    pub fn range(&self, app: &Mizan, t: &mizan_store::Tenant) -> Result<DayRange> {
        let to = day("to", self.to.as_deref())?.unwrap_or_else(|| app.today(t));
        let from = day("from", self.from.as_deref())?.unwrap_or(to / 100 * 100 + 1);
        Ok(DayRange::new(from, to)?)
    }
}

/// A CSV field, quoted when it must be.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// `rows` under `header` as CSV, as a table (first two columns left, the rest right), or
/// `answer` (the API's JSON).
fn print(
    out: &ReportOut,
    answer: &serde_json::Value,
    title: &str,
    header: &[&str],
    rows: &[Vec<String>],
) -> Result<()> {
    if out.json {
        println!("{}", serde_json::to_string_pretty(answer)?);
    } else if out.csv {
        println!("{}", header.join(","));
        for r in rows {
            let fields: Vec<String> = r.iter().map(|f| csv_field(f)).collect();
            println!("{}", fields.join(","));
        }
    } else {
        println!("{title}");
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for r in rows {
            for (w, f) in widths.iter_mut().zip(r) {
                *w = (*w).max(f.chars().count());
            }
        }
        let line = |fields: Vec<&str>| {
            let cells: Vec<String> = fields
                .iter()
                .zip(&widths)
                .enumerate()
                .map(|(i, (f, w))| {
                    if i < 2 {
                        format!("{f:<w$}")
                    } else {
                        format!("{f:>w$}")
                    }
                })
                .collect();
            println!("  {}", cells.join("  ").trim_end());
        };
        line(header.to_vec());
        for r in rows {
            line(r.iter().map(String::as_str).collect());
        }
    }
    Ok(())
}

fn or_dash(v: Option<impl ToString>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

pub async fn report(app: &Arc<Mizan>, cmd: SalesReport) -> Result<ExitCode> {
    match cmd {
        SalesReport::GrossProfit {
            by,
            month,
            year,
            period,
            out,
        } => {
            let (scope, t) = pick(app, out.tenant).await?;
            let range = match (year, month) {
                (Some(y), Some(m)) => DayRange::month(y, m)?,
                (Some(y), None) => DayRange::new(y * 10_000 + 101, y * 10_000 + 1231)?,
                (None, _) => period.range(app, &t)?,
            };
            let by = match by {
                ProfitBy::Month => GrossProfitBy::Month,
                ProfitBy::Product => GrossProfitBy::Product,
            };
            let g = Grant::<perm::ReportsRead>::operator(scope);
            let report = app.gross_profit(&g, by, range).await?;
            let v = GrossProfit::of(&t, &report);
            let rows: Vec<Vec<String>> = v
                .rows
                .iter()
                .chain([&v.total])
                .map(|r| {
                    vec![
                        r.key.clone(),
                        if r.product_id.is_some() {
                            r.name.clone()
                        } else {
                            String::new()
                        },
                        r.revenue.to_string(),
                        r.cost.to_string(),
                        r.gross_profit.to_string(),
                        or_dash(r.margin.as_ref()),
                    ]
                })
                .collect();
            let title = format!(
                "Gross profit by {} from {} to {} ({})",
                v.by, v.from, v.to, v.currency
            );
            let header = [
                v.by.as_str(),
                "name",
                "revenue",
                "cost",
                "gross profit",
                "margin %",
            ];
            print(&out, &serde_json::to_value(&v)?, &title, &header, &rows)?;
        }
        SalesReport::Sales { by, period, out } => {
            let (scope, t) = pick(app, out.tenant).await?;
            let range = period.range(app, &t)?;
            let by = match by {
                Grouping::Product => SalesBy::Product,
                Grouping::Cashier => SalesBy::Cashier,
                Grouping::PaymentMethod => SalesBy::PaymentMethod,
            };
            let g = Grant::<perm::ReportsRead>::operator(scope);
            let report = app.sales_report(&g, by, range).await?;
            let v = SalesAnswer::of(&t, &report);
            let rows: Vec<Vec<String>> = v
                .rows
                .iter()
                .chain([&v.total])
                .map(|r| {
                    vec![
                        r.key.clone(),
                        if r.product_id.is_some() {
                            r.name.clone()
                        } else {
                            String::new()
                        },
                        r.sales_count.to_string(),
                        r.returns_count.to_string(),
                        or_dash(r.quantity.as_ref()),
                        or_dash(r.net_amount.as_ref()),
                        or_dash(r.vat_amount.as_ref()),
                        r.total_amount.to_string(),
                        r.returns_amount.to_string(),
                        or_dash(r.cost_amount.as_ref()),
                        or_dash(r.gross_profit.as_ref()),
                        or_dash(r.margin.as_ref()),
                    ]
                })
                .collect();
            let title = format!(
                "Sales by {} from {} to {} ({})",
                v.by.replace('_', " "),
                v.from,
                v.to,
                v.currency
            );
            let header = [
                v.by.as_str(),
                "name",
                "sales",
                "returns",
                "quantity",
                "net",
                "vat",
                "total",
                "returned",
                "cost",
                "gross profit",
                "margin %",
            ];
            print(&out, &serde_json::to_value(&v)?, &title, &header, &rows)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
