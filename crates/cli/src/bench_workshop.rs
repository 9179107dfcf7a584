//! `mizan bench workshop`: fabrics kept in rolls (each received as rolls of 50 m) and cutting
//! orders holding 10,000 open items; time the shortage list (median of several runs), then
//! reserving and cutting items one write each (p50 and p95), and check the books.

// A benchmark times itself: the one place outside the clock that reads time.
#![allow(clippy::disallowed_methods)]

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use mizan_app::{Grant, Mizan, perm};
use mizan_domain::ProductId;
use mizan_domain::workshop::{Action, NewRoll};
use mizan_store::{Command, NewCuttingItem, NewCuttingOrder, NewProduct};

use crate::bench::{Shop, pct, shop};

#[derive(clap::Args)]
pub struct WorkshopArgs {
    #[arg(long, default_value_t = 20)]
    fabrics: usize,
    /// Rolls of 50 m received of each fabric.
    #[arg(long, default_value_t = 10)]
    rolls: usize,
    /// Pending cutting items the shortage list reads.
    #[arg(long, default_value_t = 10_000)]
    open_items: usize,
    /// Items reserved then cut, each timed.
    #[arg(long, default_value_t = 500)]
    steps: usize,
    /// Runs of the shortage list timed (the median is reported).
    #[arg(long, default_value_t = 9)]
    runs: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

async fn fabrics(
    app: &Mizan,
    g: &Grant<perm::Anyone>,
    shop: &Shop,
    a: &WorkshopArgs,
) -> Result<Vec<ProductId>> {
    let mut out = Vec::with_capacity(a.fabrics);
    for f in 0..a.fabrics {
        let code = format!("FAB-{f:03}");
        let w = app
            .write(
                g,
                None,
                Command::CreateProduct(NewProduct {
                    code: code.clone(),
                    barcode: None,
                    plu: None,
                    name_en: code.clone(),
                    name_ar: code,
                    unit: "metre".into(),
                    sale_price: 15_000,
                    vat_bp: 0,
                    tracks_stock: true,
                    allow_negative_stock: false,
                    cost_price: None,
                    in_rolls: true,
                }),
            )
            .await?;
        let product = ProductId(w.id);
        let rolls = (0..a.rolls)
            .map(|r| NewRoll::new(&format!("R{r}"), 50_000, Some(2_800)))
            .collect::<Result<Vec<_>, _>>()?;
        let cmd = Command::PostOpeningStock {
            warehouse: shop.warehouse,
            product,
            qty: 50_000 * i64::try_from(a.rolls)?,
            unit_cost: 10_000,
            rolls,
            now_ms: app.now_ms(),
        };
        app.write(g, None, cmd).await?;
        out.push(product);
    }
    Ok(out)
}

/// Cutting orders of 100 items each of `length`, `n` items in all, over `fabrics`; the ids
/// of their items.
async fn orders(
    app: &Mizan,
    g: &Grant<perm::Anyone>,
    shop: &Shop,
    fabrics: &[ProductId],
    n: usize,
    length: i64,
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(n);
    let mut made = 0;
    while made < n {
        let count = (n - made).min(100);
        let items = (0..count)
            .map(|i| NewCuttingItem {
                product: fabrics[(made + i) % fabrics.len()],
                warehouse: shop.warehouse,
                length,
                roll: None,
            })
            .collect();
        let cmd = Command::CreateCuttingOrder(NewCuttingOrder {
            note: None,
            charge_to: None,
            items,
            by: "bench".into(),
            now_ms: app.now_ms(),
        });
        let w = app.write(g, None, cmd).await?;
        let order = app.store().cutting_order(&shop.scope, w.id).await?;
        ids.extend(order.into_iter().flat_map(|o| o.items).map(|i| i.id));
        made += count;
    }
    Ok(ids)
}

async fn steps(
    app: &Mizan,
    g: &Grant<perm::Anyone>,
    items: &[i64],
    action: Action,
) -> Result<Vec<Duration>> {
    let mut out = Vec::with_capacity(items.len());
    for &item in items {
        let cmd = Command::StepCuttingItem {
            item,
            action,
            reason: None,
            by: "bench".into(),
            now_ms: app.now_ms(),
        };
        let t0 = Instant::now();
        app.write(g, None, cmd).await?;
        out.push(t0.elapsed());
    }
    out.sort_unstable();
    Ok(out)
}

pub async fn workshop(explicit_url: Option<String>, args: WorkshopArgs) -> Result<ExitCode> {
    if args.runs == 0 || args.fabrics == 0 || args.rolls == 0 || args.steps == 0 {
        bail!("--runs, --fabrics, --rolls and --steps must be positive");
    }
    let tmp = tempfile::tempdir()?;
    let url = explicit_url
        .unwrap_or_else(|| format!("sqlite://{}", tmp.path().join("bench.db").display()));
    let app = crate::open(&url).await?;
    let shop = shop(&app, 1, 1, false).await?;
    let g = Grant::<perm::Anyone>::operator(shop.scope);
    let fabrics = fabrics(&app, &g, &shop, &args).await?;
    // Open items needing more than there is: 1.5 m each, pending.
    orders(&app, &g, &shop, &fabrics, args.open_items, 1_500).await?;
    let read = Grant::<perm::StockRead>::operator(shop.scope);
    let mut lists = Vec::with_capacity(args.runs);
    let mut short = 0;
    for _ in 0..args.runs {
        let t0 = Instant::now();
        short = app.shortages(&read).await?.len();
        lists.push(t0.elapsed());
    }
    lists.sort_unstable();
    let worked = orders(&app, &g, &shop, &fabrics, args.steps, 500).await?;
    let reserve = steps(&app, &g, &worked, Action::Reserve).await?;
    let cut = steps(&app, &g, &worked, Action::Cut).await?;
    let findings = app.store().check(&shop.scope).await?;
    let (list_ms, reserve_ms, cut_ms) = (pct(&lists, 0.5), pct(&reserve, 0.5), pct(&cut, 0.5));
    let (reserve_p95, cut_p95) = (pct(&reserve, 0.95), pct(&cut, 0.95));
    if args.json {
        println!(
            "{}",
            serde_json::json!({"backend": app.store().backend(), "open_items": args.open_items,
                "shortages": short, "shortage_list_ms": list_ms, "steps": args.steps,
                "reserve_p50_ms": reserve_ms, "reserve_p95_ms": reserve_p95,
                "cut_p50_ms": cut_ms, "cut_p95_ms": cut_p95, "runs": args.runs,
                "check_ok": findings.is_empty()})
        );
    } else {
        println!(
            "workshop on {}: shortage list over {} open items {list_ms:.2} ms (median of {}, {short} short); reserve p50 {reserve_ms:.2} ms p95 {reserve_p95:.2} ms, cut p50 {cut_ms:.2} ms p95 {cut_p95:.2} ms ({} items); books {}",
            app.store().backend(),
            args.open_items,
            args.runs,
            args.steps,
            if findings.is_empty() {
                "consistent"
            } else {
                "INCONSISTENT"
            },
        );
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
