//! `mizan bench cafe`: a floor of 60 tables and 30 stations, every table with an open bill of
//! served orders and every station playing (sessions paused and resumed on the way); time the
//! floor view (median of several runs), then merges of two bills of 200 served orders each
//! (one fresh pair per run), and check the books.

// A benchmark times itself: the one place outside the clock that reads time.
#![allow(clippy::disallowed_methods)]

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use mizan_app::{Grant, Mizan, perm};
use mizan_domain::cafe::RatePlan;
use mizan_domain::{BillId, PlaceId, PlaySessionId};
use mizan_store::{Command, NewPlace, OrderTarget, PlaceKind, PlayAction};

use crate::bench::{Shop, pct, shop};

#[derive(clap::Args)]
pub struct CafeArgs {
    #[arg(long, default_value_t = 60)]
    tables: usize,
    #[arg(long, default_value_t = 30)]
    stations: usize,
    /// Served orders on each of the two bills a merge joins.
    #[arg(long, default_value_t = 200)]
    orders: usize,
    /// Runs of the floor view and merges timed (the median is reported).
    #[arg(long, default_value_t = 9)]
    runs: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

async fn place(
    app: &Mizan,
    g: &Grant<perm::Anyone>,
    shop: &Shop,
    kind: PlaceKind,
    name: String,
) -> Result<PlaceId> {
    let plan = RatePlan {
        hourly: 6_000,
        peak: None,
        minimum_minutes: 30,
        step_minutes: 15,
        prepaid: None,
    };
    let w = app
        .write(
            g,
            None,
            Command::CreatePlace(NewPlace {
                kind,
                area: if kind == PlaceKind::Table {
                    "Hall"
                } else {
                    "Games"
                }
                .into(),
                name,
                seats: (kind == PlaceKind::Table).then_some(4),
                warehouse: shop.warehouse,
                rate_plan: (kind == PlaceKind::Station).then_some(plan),
                vat_bp: 1400,
            }),
        )
        .await?;
    Ok(PlaceId(w.id))
}

async fn order(
    app: &Mizan,
    g: &Grant<perm::Anyone>,
    shop: &Shop,
    target: OrderTarget,
    i: usize,
    now: i64,
) -> Result<i64> {
    let w = app
        .write(
            g,
            None,
            Command::AddOrder {
                target,
                product: shop.products[i % shop.products.len()],
                qty: 1_000,
                served: true,
                note: None,
                by: "bench".into(),
                now_ms: now,
            },
        )
        .await?;
    Ok(app
        .store()
        .order_bill(&shop.scope, mizan_domain::OrderId(w.id))
        .await?
        .map_or(0, |b| b.0))
}

/// A bill of `n` served orders at table `table`.
async fn bill_of(
    app: &Mizan,
    g: &Grant<perm::Anyone>,
    shop: &Shop,
    table: PlaceId,
    n: usize,
    now: i64,
) -> Result<BillId> {
    let mut bill = 0;
    for i in 0..n {
        bill = order(app, g, shop, OrderTarget::Table(table), i, now).await?;
    }
    Ok(BillId(bill))
}

pub async fn cafe(explicit_url: Option<String>, args: CafeArgs) -> Result<ExitCode> {
    if args.runs == 0 || args.orders == 0 {
        bail!("--runs and --orders must be positive");
    }
    let tmp = tempfile::tempdir()?;
    let url = explicit_url
        .unwrap_or_else(|| format!("sqlite://{}", tmp.path().join("bench.db").display()));
    let app = crate::open(&url).await?;
    let shop = shop(&app, 50, 1, false).await?;
    let g = Grant::<perm::Anyone>::operator(shop.scope);
    let now = app.now_ms();
    for t in 0..args.tables {
        let table = place(&app, &g, &shop, PlaceKind::Table, format!("Table {t}")).await?;
        bill_of(&app, &g, &shop, table, 5, now).await?;
    }
    for s in 0..args.stations {
        let station = place(&app, &g, &shop, PlaceKind::Station, format!("Station {s}")).await?;
        let at = now - 3_600_000;
        let session = PlaySessionId(
            app.write(
                &g,
                None,
                Command::StartPlay {
                    station,
                    by: "bench".into(),
                    now_ms: at,
                },
            )
            .await?
            .id,
        );
        for (action, later) in [(PlayAction::Pause, 600_000), (PlayAction::Resume, 900_000)] {
            let cmd = Command::TimePlay {
                session,
                action,
                by: "bench".into(),
                now_ms: at + later,
            };
            app.write(&g, None, cmd).await?;
        }
        order(&app, &g, &shop, OrderTarget::Session(session), s, now).await?;
    }
    let floor_grant = Grant::<perm::CafeOrder>::operator(shop.scope);
    let mut floor = Vec::with_capacity(args.runs);
    let mut places = 0;
    for _ in 0..args.runs {
        let t0 = Instant::now();
        let f = app.floor(&floor_grant).await?;
        floor.push(t0.elapsed());
        places = f.places.len();
    }
    floor.sort_unstable();
    let mut merges = Vec::with_capacity(args.runs);
    for r in 0..args.runs {
        let a = place(&app, &g, &shop, PlaceKind::Table, format!("Merge A{r}")).await?;
        let b = place(&app, &g, &shop, PlaceKind::Table, format!("Merge B{r}")).await?;
        let from = bill_of(&app, &g, &shop, a, args.orders, now).await?;
        let into = bill_of(&app, &g, &shop, b, args.orders, now).await?;
        let cmd = Command::MergeBills {
            from,
            into,
            by: "bench".into(),
            now_ms: now,
        };
        let t0 = Instant::now();
        app.write(&g, None, cmd).await?;
        merges.push(t0.elapsed());
    }
    merges.sort_unstable();
    let findings = app.store().check(&shop.scope).await?;
    let (floor_ms, merge_ms) = (pct(&floor, 0.5), pct(&merges, 0.5));
    if args.json {
        println!(
            "{}",
            serde_json::json!({"backend": app.store().backend(), "places": places,
                "floor_ms": floor_ms, "merge_orders_each": args.orders, "merge_ms": merge_ms,
                "runs": args.runs, "check_ok": findings.is_empty()})
        );
    } else {
        println!(
            "café on {}: floor of {places} places {floor_ms:.2} ms, merge of two bills of {} orders {merge_ms:.2} ms (median of {}); books {}",
            app.store().backend(),
            args.orders,
            args.runs,
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
