//! The old system's tools on Mizan's books: `mizan check sale INV-…` (one sale against
//! everything it wrote, with a verdict), `mizan cogs coverage` and `mizan cogs reconcile`
//! over a period. Each exits non-zero when it finds a fault. There is no `fix_missing_cogs`:
//! a sale cannot post without its COGS, and these prove it.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use clap::Subcommand;
use mizan_app::{Grant, Mizan, perm};
use mizan_server::views::{CogsCoverage, CogsReconcile, SaleCheck};

use crate::books::pick;
use crate::report_sales::PeriodArgs;

#[derive(Subcommand)]
pub enum CheckCmd {
    /// One sale against everything it wrote: lines with their cost, revenue, cost, gross
    /// profit and margin, entry lines, stock and cash moves, payments, returns, and a verdict.
    Sale {
        /// Its number (`INV-2026-000001`) or id.
        number: String,
        /// The tenant (needed when the database holds several).
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum CogsCmd {
    /// Sales and returns with and without a COGS line, and the stocked quantity sold with a
    /// cost (on Mizan's own postings always 100%).
    Coverage {
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// COGS in the journal vs cost on the sale and return lines vs value of the stock moves,
    /// per document, naming every difference.
    Reconcile {
        #[command(flatten)]
        period: PeriodArgs,
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        json: bool,
    },
}

/// `mizan check sale ...` (`tenant` and `json` also given before the subcommand).
pub async fn check_one(
    app: &Arc<Mizan>,
    one: CheckCmd,
    tenant: Option<i64>,
    json: bool,
) -> Result<ExitCode> {
    match one {
        CheckCmd::Sale {
            number,
            tenant: t,
            json: j,
        } => check_sale(app, t.or(tenant), &number, j || json).await,
    }
}

/// `mizan cogs coverage|reconcile`.
pub async fn cogs(app: &Arc<Mizan>, cmd: CogsCmd) -> Result<ExitCode> {
    match cmd {
        CogsCmd::Coverage {
            period,
            tenant,
            json,
        } => coverage(app, tenant, &period, json).await,
        CogsCmd::Reconcile {
            period,
            tenant,
            json,
        } => reconcile(app, tenant, &period, json).await,
    }
}

fn verdict(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `mizan check sale NUMBER`: the sale, what it wrote, and the verdict.
pub async fn check_sale(
    app: &Arc<Mizan>,
    tenant: Option<i64>,
    number: &str,
    json: bool,
) -> Result<ExitCode> {
    let (scope, t) = pick(app, tenant).await?;
    let g = Grant::<perm::BooksCheck>::operator(scope);
    let checked = app.check_sale_numbered(&g, number).await?;
    let v = SaleCheck::of(&t, &checked);
    if json {
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(verdict(v.ok));
    }
    let name = v
        .sale
        .number
        .clone()
        .unwrap_or_else(|| format!("sale {}", v.sale.id));
    println!(
        "{name} ({:?}, {}, cashier {}), amounts in {}",
        v.sale.status,
        v.date.as_deref().unwrap_or("not posted"),
        v.sale.cashier,
        v.sale.currency
    );
    println!("lines:");
    for l in &v.lines {
        println!(
            "  {} {} {} x{}: net {} vat {} cost {} gross profit {} margin {}",
            l.line,
            l.product_code,
            l.product_name,
            l.quantity,
            l.net_amount,
            l.vat_amount,
            l.cost_amount,
            l.gross_profit,
            l.margin.as_ref().map_or("-".into(), |m| format!("{m}%"))
        );
    }
    println!(
        "revenue {} cost {} gross profit {} margin {}",
        v.revenue,
        v.cost,
        v.gross_profit,
        v.margin.as_ref().map_or("-".into(), |m| format!("{m}%"))
    );
    for e in &v.entries {
        println!("entry {}:", e.number);
        for l in &e.lines {
            println!(
                "  {} {:<32} Dr {:>14} Cr {:>14}",
                l.account_code, l.account_name, l.debit, l.credit
            );
        }
    }
    for m in &v.stock_moves {
        println!(
            "stock: warehouse {} product {} quantity {} value {}",
            m.warehouse_id, m.product_id, m.quantity, m.value
        );
    }
    for c in &v.cash_moves {
        println!("cash: register {} {}", c.cash_register_id, c.amount);
    }
    for p in &v.sale.payments {
        println!("payment: {} {}", p.payment_method, p.amount);
    }
    for r in &v.returns {
        println!(
            "return {}: total {} cost {}",
            r.number, r.total_amount, r.cost_amount
        );
    }
    for a in &v.allocations {
        println!("settled by {} on {}: {}", a.number, a.date, a.amount);
    }
    if v.ok {
        println!("verdict: ok");
    } else {
        println!("verdict: {} problem(s)", v.problems.len());
        for p in &v.problems {
            println!("  {}: expected {} got {}", p.code, p.expected, p.actual);
        }
    }
    Ok(verdict(v.ok))
}

/// `mizan cogs coverage`: sales and returns with and without a COGS line.
pub async fn coverage(
    app: &Arc<Mizan>,
    tenant: Option<i64>,
    period: &PeriodArgs,
    json: bool,
) -> Result<ExitCode> {
    let (scope, t) = pick(app, tenant).await?;
    let range = period.range(app, &t)?;
    let g = Grant::<perm::BooksCheck>::operator(scope);
    let v = CogsCoverage::of(range, &app.cogs_coverage(&g, range).await?);
    if json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!("COGS coverage from {} to {}", v.from, v.to);
        println!(
            "  sales: {} with a COGS line, {} without ({} sold stocked goods)",
            v.sales_with_cogs, v.sales_without_cogs, v.sales_with_stocked_goods
        );
        println!(
            "  returns: {} with a COGS line, {} without",
            v.returns_with_cogs, v.returns_without_cogs
        );
        println!(
            "  stocked quantity sold {}, with a cost {} ({})",
            v.quantity_sold,
            v.quantity_sold_with_cost,
            v.quantity_coverage
                .as_ref()
                .map_or("nothing sold".into(), |p| format!("{p}%"))
        );
        if v.missing.is_empty() {
            println!("  no document lacks its COGS");
        } else {
            println!("  without the COGS they need: {}", v.missing.join(", "));
        }
    }
    Ok(verdict(v.missing.is_empty()))
}

/// `mizan cogs reconcile`: COGS in the journal vs on the lines vs out of stock.
pub async fn reconcile(
    app: &Arc<Mizan>,
    tenant: Option<i64>,
    period: &PeriodArgs,
    json: bool,
) -> Result<ExitCode> {
    let (scope, t) = pick(app, tenant).await?;
    let range = period.range(app, &t)?;
    let g = Grant::<perm::BooksCheck>::operator(scope);
    let v = CogsReconcile::of(&t, range, &app.cogs_reconcile(&g, range).await?);
    if json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        println!(
            "COGS from {} to {} ({}): {} sales, {} returns",
            v.from, v.to, v.currency, v.sales, v.returns
        );
        println!(
            "  journal {}  lines {}  stock {}",
            v.journal, v.lines, v.stock
        );
        for d in &v.documents {
            println!(
                "  {} {} ({}): journal {} lines {} stock {}",
                d.kind, d.number, d.date, d.journal, d.lines, d.stock
            );
            for p in &d.differences {
                println!("    {}: expected {} got {}", p.code, p.expected, p.actual);
            }
        }
        if v.more > 0 {
            println!("  and {} more documents that disagree", v.more);
        }
        println!(
            "  {}",
            if v.ok {
                "COGS agrees three ways"
            } else {
                "COGS disagrees: see the documents above"
            }
        );
    }
    Ok(verdict(v.ok))
}
