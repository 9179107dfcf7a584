//! `mizan bench posting`: post N multi-line sales from C concurrent clients on a fresh database
//! with durable commits — plain cash postings, checkouts with split payments and change in an
//! open cashier session, or purchase receipts of as many lines — and report postings/s and
//! latency percentiles; check the books.
//! `mizan bench session` (in `bench_session.rs`) times closing big sessions and daily reports,
//! `mizan bench reports` (in `bench_reports.rs`) the accountant's statements on a big ledger.

// A benchmark times itself: the one place outside the clock that reads time.
#![allow(clippy::disallowed_methods)]

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use mizan_app::{Grant, Mizan, perm};
use mizan_domain::purchases::{PurchaseDraft, PurchaseLine};
use mizan_domain::sales::{
    NewPayment, NewSaleLine, PaymentMethod, Payments, SaleDraft, Settlement,
};
use mizan_domain::sessions::OpeningFloat;
use mizan_domain::{CashRegisterId, CashierSessionId, ProductId, SupplierId, WarehouseId};
use mizan_store::{Command, Idempotency, NewProduct, SettingsChanges, TenantScope};

/// What each benchmarked sale goes through.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// A cash sale paid as a whole, without cashier sessions (the posting core alone).
    Plain,
    /// A checkout in an open session: part cash with change, part card.
    Checkout,
    /// A supplier's receipt of goods at cost with input VAT, instead of a sale.
    Purchase,
}

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
    /// Plain postings, or checkouts with split payments in a session.
    #[arg(long, value_enum, default_value_t = Mode::Plain)]
    mode: Mode,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// A small deterministic generator, so every run posts the same sales.
pub(crate) struct XorShift(pub(crate) u64);

impl XorShift {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n.max(1) as u64).unwrap_or(0)
    }
}

/// A bench tenant: one warehouse stocked with `products` products, `registers` tills each with
/// an open session (when `sessions`), and the settings to match.
pub(crate) struct Shop {
    pub scope: TenantScope,
    pub warehouse: WarehouseId,
    pub products: Vec<ProductId>,
    pub registers: Vec<(CashRegisterId, Option<CashierSessionId>)>,
}

pub(crate) async fn shop(
    app: &Mizan,
    products: usize,
    registers: usize,
    sessions: bool,
) -> Result<Shop> {
    let (scope, _, _) = app.create_tenant("Bench", "EGP").await?;
    let g = Grant::<perm::Anyone>::operator(scope);
    let w = |cmd| app.write(&g, None, cmd);
    w(Command::UpdateSettings(SettingsChanges {
        require_open_session: Some(sessions),
        ..SettingsChanges::default()
    }))
    .await?;
    let warehouse = WarehouseId(
        w(Command::CreateWarehouse {
            branch_id: None,
            code: "W1".into(),
            name: "Bench".into(),
        })
        .await?
        .id,
    );
    let mut tills = Vec::with_capacity(registers);
    for r in 0..registers {
        let register = CashRegisterId(
            w(Command::CreateCashRegister {
                branch_id: None,
                name: format!("Till {r}"),
            })
            .await?
            .id,
        );
        let session = if sessions {
            Some(CashierSessionId(
                w(Command::OpenSession {
                    register,
                    float: OpeningFloat::new(100_000)?,
                    user: "bench".into(),
                    now_ms: app.now_ms(),
                })
                .await?
                .id,
            ))
        } else {
            None
        };
        tills.push((register, session));
    }
    let mut ids = Vec::with_capacity(products);
    for i in 0..products {
        let id = ProductId(
            w(Command::CreateProduct(NewProduct {
                code: format!("P{i:05}"),
                barcode: None,
                plu: None,
                name_en: format!("Product {i}"),
                name_ar: format!("منتج {i}"),
                unit: "piece".into(),
                sale_price: 1_000,
                vat_bp: 1400,
                tracks_stock: true,
                allow_negative_stock: false,
                cost_price: None,
                in_rolls: false,
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
            rolls: Vec::new(),
        })
        .await?;
        ids.push(id);
    }
    Ok(Shop {
        scope,
        warehouse,
        products: ids,
        registers: tills,
    })
}

/// `n` deterministic sales of `lines` lines each on `register`, with how each is settled: as a
/// whole in cash (`Plain`), or part cash with change and part card (`Checkout`).
pub(crate) fn sales(
    shop: &Shop,
    n: usize,
    lines: usize,
    mode: Mode,
    seed: u64,
) -> Result<Vec<(SaleDraft, Settlement)>> {
    let mut rng = XorShift(seed);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (register, _) = shop.registers[i % shop.registers.len()];
        let lines: Vec<NewSaleLine> = (0..lines)
            .map(|_| NewSaleLine {
                product: shop.products[rng.below(shop.products.len())],
                warehouse: shop.warehouse,
                qty: 1_000 * (1 + i64::try_from(rng.below(3)).unwrap_or(0)),
                // Whole pounds, so that the total is known here without posting (VAT 14%).
                unit_price: Some(100 * (10 + i64::try_from(rng.below(90)).unwrap_or(0))),
                discount: 0,
                label_amount: None,
            })
            .collect();
        let total: i64 = lines
            .iter()
            .map(|l| l.qty / 1_000 * l.unit_price.unwrap_or(0) * 114 / 100)
            .sum();
        let draft = SaleDraft::at(lines, Some(register), None, None, Some(PaymentMethod::Cash))?;
        let settlement = match mode {
            Mode::Plain | Mode::Purchase => Settlement::Whole(PaymentMethod::Cash),
            Mode::Checkout => {
                let cash = total / 2;
                Settlement::Payments(Payments::new(vec![
                    NewPayment {
                        method: PaymentMethod::Cash,
                        amount: cash,
                        received: Some((cash / 10_000 + 1) * 10_000),
                    },
                    NewPayment {
                        method: PaymentMethod::Card,
                        amount: total - cash,
                        received: None,
                    },
                ])?)
            }
        };
        out.push((draft, settlement));
    }
    Ok(out)
}

/// The sales as commands that post them now.
pub(crate) fn sale_commands(app: &Mizan, sales: Vec<(SaleDraft, Settlement)>) -> Vec<Command> {
    sales
        .into_iter()
        .map(|(draft, settlement)| Command::CreateSale {
            draft,
            complete: Some(settlement),
            cashier: "bench".into(),
            terms: mizan_domain::sales::SellerTerms::ANY,
            now_ms: app.now_ms(),
        })
        .collect()
}

/// The same lines as receipts from one supplier, at cost with input VAT.
async fn purchase_commands(
    app: &Mizan,
    shop: &Shop,
    sales: Vec<(SaleDraft, Settlement)>,
) -> Result<Vec<Command>> {
    let g = Grant::<perm::Anyone>::operator(shop.scope);
    let supplier = SupplierId(
        app.write(
            &g,
            None,
            Command::CreateSupplier {
                name: "Bench supplier".into(),
                phone: None,
                tax_number: None,
            },
        )
        .await?
        .id,
    );
    sales
        .into_iter()
        .map(|(draft, _)| {
            let lines = draft
                .lines()
                .iter()
                .map(|l| {
                    let l = l.get();
                    PurchaseLine {
                        product: l.product,
                        qty: l.qty,
                        unit_cost: 613,
                        vat_bp: None,
                    }
                })
                .collect();
            Ok(Command::CreatePurchase {
                draft: PurchaseDraft::new(supplier, shop.warehouse, None, lines)?,
                received_by: "bench".into(),
                now_ms: app.now_ms(),
            })
        })
        .collect()
}

/// Posts `commands` from `clients` concurrent clients; returns each posting's latency (sorted)
/// and what each command wrote (by the commands' order).
pub(crate) async fn post_all(
    app: &Arc<Mizan>,
    scope: TenantScope,
    commands: Vec<Command>,
    clients: usize,
    bar: &ProgressBar,
) -> Result<(Vec<Duration>, Vec<i64>)> {
    let sales = Arc::new(commands);
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(clients);
    for _ in 0..clients {
        let (app, sales, next, bar) = (
            Arc::clone(app),
            Arc::clone(&sales),
            Arc::clone(&next),
            bar.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(cmd) = sales.get(i) else {
                    break;
                };
                let t0 = Instant::now();
                let idem = Idempotency {
                    key: format!("bench-{i}"),
                    request_hash: format!("{i}"),
                };
                let written = app
                    .write(
                        &Grant::<perm::Anyone>::operator(scope),
                        Some(idem),
                        cmd.clone(),
                    )
                    .await?;
                latencies.push((i, t0.elapsed(), written.id));
                bar.inc(1);
            }
            Ok::<_, mizan_store::WriteError>(latencies)
        }));
    }
    let mut ids = vec![0; sales.len()];
    let mut latencies: Vec<Duration> = Vec::with_capacity(sales.len());
    for t in tasks {
        for (i, latency, id) in t.await?? {
            ids[i] = id;
            latencies.push(latency);
        }
    }
    latencies.sort_unstable();
    Ok((latencies, ids))
}

/// The `p` quantile of sorted latencies, in milliseconds.
pub(crate) fn pct(sorted: &[Duration], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
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
    let shop = shop(&app, args.products, 1, args.mode == Mode::Checkout).await?;
    let scope = shop.scope;
    let drafts = sales(
        &shop,
        args.sales,
        args.lines,
        args.mode,
        0x9e37_79b9_7f4a_7c15,
    )?;
    let commands = match args.mode {
        Mode::Purchase => purchase_commands(&app, &shop, drafts).await?,
        Mode::Plain | Mode::Checkout => sale_commands(&app, drafts),
    };
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(args.sales as u64)
    };
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} sales  {per_sec}  eta {eta}",
    )?);
    let started = Instant::now();
    let (latencies, _) = post_all(&app, scope, commands, args.clients, &bar).await?;
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    let pct = |p: f64| pct(&latencies, p);
    let per_sec = args.sales as f64 / elapsed.as_secs_f64();
    let findings = app.store().check(&scope).await?;
    let report = serde_json::json!({
        "backend": app.store().backend(),
        "mode": match args.mode {
            Mode::Plain => "plain",
            Mode::Checkout => "checkout",
            Mode::Purchase => "purchase",
        },
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
