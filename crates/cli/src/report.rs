//! `mizan report ...`: the accountant's statements on the command line (and the sales reports of
//! `report_sales`) — a table with amounts
//! in the shop's currency by default, `--json` (the API's answer) or `--csv` (one row per
//! line, amounts as decimal strings).

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};
use mizan_app::{Grant, Mizan, perm};
use mizan_domain::calendar::Date;
use mizan_server::views::{self, StatementAccount};
use serde::Serialize;

use crate::books::pick;

#[derive(Subcommand)]
pub enum ReportCmd {
    /// Every account's debits, credits and balance at the end of a business day.
    TrialBalance {
        /// `YYYY-MM-DD` (today by default).
        #[arg(long)]
        at: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Profit and loss over a period of business days.
    ProfitAndLoss {
        /// `YYYY-MM-DD` (the first of `--to`'s month by default).
        #[arg(long)]
        from: Option<String>,
        /// `YYYY-MM-DD` (today by default).
        #[arg(long)]
        to: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Assets, liabilities and equity at the end of a business day.
    BalanceSheet {
        #[arg(long)]
        at: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    /// Stock quantity and value per warehouse and product at the end of a business day.
    StockValuation {
        #[arg(long)]
        at: Option<String>,
        #[command(flatten)]
        out: Out,
    },
    #[command(flatten)]
    Sales(crate::report_sales::SalesReport),
}

/// Which tenant, and how to print.
#[derive(Args)]
pub struct Out {
    /// The tenant (needed when the database holds several).
    #[arg(long)]
    tenant: Option<i64>,
    /// The API's JSON answer.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// CSV, one row per line of the report.
    #[arg(long)]
    csv: bool,
}

fn day(field: &str, text: Option<&str>) -> Result<Option<i32>> {
    text.map(|d| {
        Date::parse(d)
            .map(Date::yyyymmdd)
            .ok_or_else(|| anyhow!("--{field} must be a real date as YYYY-MM-DD, not {d:?}"))
    })
    .transpose()
}

/// Rows of (label, amount) printed as a table or CSV, or `answer` as JSON.
fn print(
    out: &Out,
    currency: &str,
    answer: &impl Serialize,
    title: &str,
    rows: &[(String, String)],
) -> Result<()> {
    if out.json {
        println!("{}", serde_json::to_string_pretty(answer)?);
    } else if out.csv {
        println!("line,amount");
        for (label, amount) in rows {
            println!("{},{}", csv_field(label), csv_field(amount));
        }
    } else {
        println!("{title} ({currency})");
        let width = rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(0);
        for (label, amount) in rows {
            println!("  {label:<width$}  {amount:>16}");
        }
    }
    Ok(())
}

/// A CSV field, quoted when it must be.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn accounts(rows: &mut Vec<(String, String)>, heading: &str, lines: &[StatementAccount]) {
    for l in lines {
        rows.push((
            format!("{heading}: {} {}", l.code, l.name_en),
            l.amount.to_string(),
        ));
    }
}

pub async fn report(app: &Arc<Mizan>, cmd: ReportCmd) -> Result<ExitCode> {
    let out = match cmd {
        ReportCmd::Sales(cmd) => return crate::report_sales::report(app, cmd).await,
        ReportCmd::TrialBalance { ref out, .. }
        | ReportCmd::ProfitAndLoss { ref out, .. }
        | ReportCmd::BalanceSheet { ref out, .. }
        | ReportCmd::StockValuation { ref out, .. } => out,
    };
    let (scope, t) = pick(app, out.tenant).await?;
    match &cmd {
        ReportCmd::Sales(_) => {}
        ReportCmd::TrialBalance { at, out } => {
            let g = Grant::<perm::BooksRead>::operator(scope);
            let (at, tb) = app.trial_balance(&g, &t, day("at", at.as_deref())?).await?;
            let v = views::TrialBalance::of(&t, at, &tb);
            let mut rows: Vec<(String, String)> = v
                .accounts
                .iter()
                .map(|a| (format!("{} {}", a.code, a.name_en), a.balance.to_string()))
                .collect();
            rows.push(("total debits".into(), v.total_debit.to_string()));
            rows.push(("total credits".into(), v.total_credit.to_string()));
            print(
                out,
                &t.currency.code,
                &v,
                &format!("Trial balance at {}", v.date),
                &rows,
            )?;
        }
        ReportCmd::ProfitAndLoss { from, to, out } => {
            let g = Grant::<perm::ReportsRead>::operator(scope);
            let (from, to) = (day("from", from.as_deref())?, day("to", to.as_deref())?);
            let (period, pl) = app.profit_and_loss(&g, &t, from, to).await?;
            let v = views::ProfitAndLoss::of(&t, period, &pl);
            let mut rows = vec![
                ("gross sales".into(), v.gross_sales.to_string()),
                ("returns".into(), v.returns.to_string()),
                ("net sales".into(), v.net_sales.to_string()),
                ("cost of sales".into(), v.cost_of_sales.to_string()),
                ("gross profit".into(), v.gross_profit.to_string()),
                (
                    "gross margin %".into(),
                    v.gross_margin
                        .as_ref()
                        .map_or("-".into(), ToString::to_string),
                ),
            ];
            accounts(&mut rows, "other income", &v.other_income);
            accounts(&mut rows, "expense", &v.expenses);
            rows.push(("net profit".into(), v.net_profit.to_string()));
            let title = format!("Profit and loss {} to {}", v.from, v.to);
            print(out, &t.currency.code, &v, &title, &rows)?;
        }
        ReportCmd::BalanceSheet { at, out } => {
            let g = Grant::<perm::BooksRead>::operator(scope);
            let (at, bs) = app.balance_sheet(&g, &t, day("at", at.as_deref())?).await?;
            let v = views::BalanceSheet::of(&t, at, &bs);
            let mut rows = Vec::new();
            accounts(&mut rows, "asset", &v.assets);
            rows.push(("total assets".into(), v.total_assets.to_string()));
            accounts(&mut rows, "liability", &v.liabilities);
            rows.push(("total liabilities".into(), v.total_liabilities.to_string()));
            accounts(&mut rows, "equity", &v.equity);
            rows.push(("earnings".into(), v.earnings.to_string()));
            rows.push(("total equity".into(), v.total_equity.to_string()));
            print(
                out,
                &t.currency.code,
                &v,
                &format!("Balance sheet at {}", v.date),
                &rows,
            )?;
            if !v.balances {
                eprintln!("assets differ from liabilities + equity: run `mizan check`");
                return Ok(ExitCode::FAILURE);
            }
        }
        ReportCmd::StockValuation { at, out } => {
            let g = Grant::<perm::ReportsRead>::operator(scope);
            let v = app
                .stock_valuation(&g, &t, day("at", at.as_deref())?)
                .await?;
            let v = views::StockValuation::of(&t, &v);
            let mut rows: Vec<(String, String)> = v
                .levels
                .iter()
                .map(|l| {
                    (
                        format!(
                            "warehouse {} product {} qty {}",
                            l.warehouse_id, l.product_id, l.quantity
                        ),
                        l.value.to_string(),
                    )
                })
                .collect();
            rows.push(("total value".into(), v.total_value.to_string()));
            rows.push(("inventory account".into(), v.inventory_account.to_string()));
            print(
                out,
                &t.currency.code,
                &v,
                &format!("Stock valuation at {}", v.date),
                &rows,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
