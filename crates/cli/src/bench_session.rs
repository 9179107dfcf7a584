//! `mizan bench session`: fill cashier sessions with many checkouts each (split payments with
//! change), then time what must not grow with them: the X report, the daily sales report, and
//! closing each session; also the daily report's full rebuild, for scale. Checks the books.

// A benchmark times itself: the one place outside the clock that reads time.
#![allow(clippy::disallowed_methods)]

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use mizan_app::{Grant, perm};
use mizan_domain::calendar::business_day;
use mizan_domain::sessions::CountedCash;
use mizan_store::Command;

use crate::bench::{Mode, pct, post_all, sale_commands, sales, shop};

#[derive(clap::Args)]
pub struct SessionArgs {
    /// Sales in each session.
    #[arg(long, default_value_t = 100_000)]
    sales_per_session: usize,
    /// Sessions (one register each) to fill and close.
    #[arg(long, default_value_t = 3)]
    sessions: usize,
    /// Lines per sale.
    #[arg(long, default_value_t = 2)]
    lines: usize,
    /// Concurrent clients while filling.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Times each report is read.
    #[arg(long, default_value_t = 50)]
    reads: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub async fn session(explicit_url: Option<String>, args: SessionArgs) -> Result<ExitCode> {
    if args.sales_per_session == 0 || args.sessions == 0 || args.clients == 0 || args.reads == 0 {
        bail!("--sales-per-session, --sessions, --clients and --reads must be positive");
    }
    let tmp = tempfile::tempdir()?;
    let url = explicit_url
        .unwrap_or_else(|| format!("sqlite://{}", tmp.path().join("bench.db").display()));
    let app = crate::open(&url).await?;
    let shop = shop(&app, 200, args.sessions, true).await?;
    let scope = shop.scope;
    let total = args.sales_per_session * args.sessions;
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(total as u64)
    };
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} checkouts  {per_sec}  eta {eta}",
    )?);
    let todo = sales(
        &shop,
        total,
        args.lines,
        Mode::Checkout,
        0x2545_f491_4f6c_dd1d,
    )?;
    let fill = Instant::now();
    post_all(&app, scope, sale_commands(&app, todo), args.clients, &bar).await?;
    let fill = fill.elapsed();
    bar.finish_and_clear();
    let store = app.store();
    let mut x_reads = Vec::with_capacity(args.reads);
    let mut daily_reads = Vec::with_capacity(args.reads);
    let day = business_day(app.now_ms(), 0);
    let Some(first) = shop.registers.first().and_then(|(_, s)| *s) else {
        bail!("no session was opened");
    };
    for _ in 0..args.reads {
        let t0 = Instant::now();
        let s = store.cashier_session(&scope, first).await?;
        x_reads.push(t0.elapsed());
        if s.is_none_or(|s| s.totals.sales_count as usize != args.sales_per_session) {
            bail!(
                "session {first} does not hold {} sales",
                args.sales_per_session
            );
        }
        let t0 = Instant::now();
        let rows = store.daily_sales(&scope, day).await?;
        daily_reads.push(t0.elapsed());
        if rows.iter().map(|r| r.sales_count).sum::<i64>() as usize != total {
            bail!("the daily report does not count {total} sales");
        }
    }
    let mut closes = Vec::with_capacity(args.sessions);
    for (_, session) in &shop.registers {
        let Some(session) = session else { continue };
        let s = store
            .cashier_session(&scope, *session)
            .await?
            .ok_or_else(|| anyhow::anyhow!("session {session} vanished"))?;
        let expected = mizan_domain::sessions::session_report(&s.totals, None).expected_cash;
        let t0 = Instant::now();
        app.write(
            &Grant::<perm::Anyone>::operator(scope),
            None,
            Command::CloseSession {
                session: *session,
                counted: CountedCash::new(Some(expected), Vec::new())?,
                user: "bench".into(),
                now_ms: app.now_ms(),
            },
        )
        .await?;
        closes.push(t0.elapsed());
    }
    let t0 = Instant::now();
    store.rebuild_daily_sales(&scope).await?;
    let rebuild = t0.elapsed();
    x_reads.sort_unstable();
    daily_reads.sort_unstable();
    closes.sort_unstable();
    let findings = store.check(&scope).await?;
    let report = serde_json::json!({
        "backend": store.backend(),
        "sessions": args.sessions, "sales_per_session": args.sales_per_session,
        "lines": args.lines, "clients": args.clients,
        "fill_seconds": fill.as_secs_f64(),
        "checkouts_per_sec": total as f64 / fill.as_secs_f64(),
        "close_ms_median": pct(&closes, 0.5), "close_ms_max": closes.last().map_or(0.0, |d| ms(*d)),
        "x_report_ms_median": pct(&x_reads, 0.5),
        "daily_report_ms_median": pct(&daily_reads, 0.5),
        "daily_rebuild_ms": ms(rebuild),
        "check_ok": findings.is_empty(),
    });
    if args.json {
        println!("{report}");
    } else {
        println!(
            "{} sessions x {} checkouts on {}: close median {:.2} ms, X report {:.2} ms, daily report {:.2} ms (rebuild {:.0} ms); books {}",
            args.sessions,
            args.sales_per_session,
            store.backend(),
            pct(&closes, 0.5),
            pct(&x_reads, 0.5),
            pct(&daily_reads, 0.5),
            ms(rebuild),
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
