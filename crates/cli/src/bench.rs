//! `mizan bench posting`: post N multi-line cash sales from C concurrent clients on a fresh
//! database with durable commits; report postings/s and latency percentiles; check the books.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use mizan_domain::sales::{NewSaleLine, Payment, SaleDraft};
use mizan_domain::{CashRegisterId, ProductId, WarehouseId};
use mizan_store::{Command, Idempotency, NewProduct};

#[derive(clap::Args)]
pub struct PostingArgs {
    /// Number of sales to post.
    #[arg(long, default_value_t = 10_000)]
    sales: usize,
    /// Lines per sale.
    #[arg(long, default_value_t = 5)]
    lines: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Distinct products sold.
    #[arg(long, default_value_t = 500)]
    products: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// A small deterministic generator, so every run posts the same sales.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n.max(1) as u64).unwrap_or(0)
    }
}

pub async fn posting(explicit_url: Option<String>, args: PostingArgs) -> Result<ExitCode> {
    if args.sales == 0 || args.lines == 0 || args.clients == 0 || args.products == 0 {
        bail!("--sales, --lines, --clients and --products must be positive");
    }
    // A fresh SQLite file unless a database was named (a fresh tenant there keeps it apart).
    let tmp = tempfile::tempdir()?;
    let url = explicit_url
        .unwrap_or_else(|| format!("sqlite://{}", tmp.path().join("bench.db").display()));
    let app = crate::open(&url).await?;
    let (scope, _, _) = app.create_tenant("Bench", "EGP").await?;
    let w = |cmd| app.write(&scope, None, cmd);
    let warehouse = WarehouseId(
        w(Command::CreateWarehouse {
            branch_id: None,
            code: "W1".into(),
            name: "Bench".into(),
        })
        .await?
        .id,
    );
    let register = CashRegisterId(
        w(Command::CreateCashRegister {
            branch_id: None,
            name: "Till".into(),
        })
        .await?
        .id,
    );
    let mut products = Vec::with_capacity(args.products);
    for i in 0..args.products {
        let id = ProductId(
            w(Command::CreateProduct(NewProduct {
                code: format!("P{i:05}"),
                barcode: None,
                name_en: format!("Product {i}"),
                name_ar: format!("منتج {i}"),
                unit: "piece".into(),
                sale_price: 1_000,
                vat_bp: 1400,
                tracks_stock: true,
                allow_negative_stock: false,
                cost_price: None,
            }))
            .await?
            .id,
        );
        w(Command::PostOpeningStock {
            warehouse,
            product: id,
            qty: 1_000_000_000_000,
            unit_cost: 613,
            now_ms: app.now_ms(),
        })
        .await?;
        products.push(id);
    }
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let drafts: Vec<SaleDraft> = (0..args.sales)
        .map(|_| {
            let lines = (0..args.lines)
                .map(|_| NewSaleLine {
                    product: products[rng.below(products.len())],
                    warehouse,
                    qty: 1_000 * (1 + i64::try_from(rng.below(3)).unwrap_or(0)),
                    unit_price: 1_000 + i64::try_from(rng.below(9_000)).unwrap_or(0),
                    discount: 0,
                })
                .collect();
            SaleDraft::new(
                lines,
                Payment::Cash {
                    cash_register_id: register,
                },
                None,
            )
        })
        .collect::<Result<_, _>>()?;
    let drafts = Arc::new(drafts);
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(args.sales as u64)
    };
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} sales  {per_sec}  eta {eta}",
    )?);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(args.clients);
    for _ in 0..args.clients {
        let (app, drafts, next, bar) = (
            Arc::clone(&app),
            Arc::clone(&drafts),
            Arc::clone(&next),
            bar.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(draft) = drafts.get(i) else { break };
                let t0 = Instant::now();
                let idem = Idempotency {
                    key: format!("bench-{i}"),
                    request_hash: format!("{i}"),
                };
                let cmd = Command::CreateSale {
                    draft: draft.clone(),
                    post: true,
                    now_ms: app.now_ms(),
                };
                app.write(&scope, Some(idem), cmd).await?;
                latencies.push(t0.elapsed());
                bar.inc(1);
            }
            Ok::<_, mizan_store::WriteError>(latencies)
        }));
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(args.sales);
    for t in tasks {
        latencies.extend(t.await??);
    }
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    latencies.sort_unstable();
    let pct = |p: f64| {
        let idx = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies.get(idx).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let per_sec = args.sales as f64 / elapsed.as_secs_f64();
    let findings = app.store().check(&scope).await?;
    let report = serde_json::json!({
        "backend": app.store().backend(),
        "sales": args.sales, "lines": args.lines, "clients": args.clients,
        "seconds": elapsed.as_secs_f64(),
        "postings_per_sec": per_sec, "p50_ms": pct(0.50), "p99_ms": pct(0.99),
        "check_ok": findings.is_empty(), "check_findings": findings.len(),
    });
    if args.json {
        println!("{report}");
    } else {
        println!(
            "{} sales x {} lines, {} clients on {}: {:.0} postings/s, p50 {:.2} ms, p99 {:.2} ms; books {}",
            args.sales,
            args.lines,
            args.clients,
            app.store().backend(),
            per_sec,
            pct(0.50),
            pct(0.99),
            if findings.is_empty() {
                "consistent".to_owned()
            } else {
                format!("INCONSISTENT ({} findings)", findings.len())
            },
        );
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
