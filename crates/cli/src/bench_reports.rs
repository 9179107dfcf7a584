//! `mizan bench reports`: build a ledger of N sales spread over D business days, with credit
//! sales, returns, purchases, supplier and customer payments mixed in; then time the trial
//! balance, the year's profit and loss, the balance sheet and the customers' aging (median of
//! several runs) and check the books. The statements read the accounts' day balances, so their
//! time follows accounts × days, not the journal's size.

// A benchmark times itself: the one place outside the clock that reads time.
#![allow(clippy::disallowed_methods)]

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};
use mizan_app::{Grant, Mizan, perm};
use mizan_domain::calendar::business_day;
use mizan_domain::payments::{CustomerPayment, PaidFrom, ReceivedBy, SupplierPayment};
use mizan_domain::purchases::{PurchaseDraft, PurchaseLine};
use mizan_domain::returns::{Refund, Restock, ReturnDraft, ReturnLine};
use mizan_domain::sales::{NewSaleLine, PaymentMethod, SaleDraft, Settlement};
use mizan_domain::{CustomerId, SaleId, SupplierId};
use mizan_store::Command;

use crate::bench::{Shop, XorShift, post_all, shop};

const DAY_MS: i64 = 86_400_000;

#[derive(clap::Args)]
pub struct ReportsArgs {
    /// Number of sales to post (about 10 journal lines each with the other documents).
    #[arg(long, default_value_t = 100_000)]
    sales: usize,
    /// Business days the sales are spread over, ending today.
    #[arg(long, default_value_t = 365)]
    days: usize,
    /// Concurrent clients while building the ledger.
    #[arg(long, default_value_t = 16)]
    clients: usize,
    /// Runs of each report (the median is reported).
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// What the ledger is built of, besides the sales.
struct Parties {
    supplier: SupplierId,
    customers: Vec<CustomerId>,
}

async fn parties(app: &Mizan, shop: &Shop) -> Result<Parties> {
    let g = Grant::<perm::Anyone>::operator(shop.scope);
    let w = |cmd| app.write(&g, None, cmd);
    let supplier = SupplierId(
        w(Command::CreateSupplier {
            name: "Bench supplier".into(),
            phone: None,
            tax_number: None,
        })
        .await?
        .id,
    );
    let mut customers = Vec::new();
    for i in 0..50 {
        customers.push(CustomerId(
            w(Command::CreateCustomer {
                name: format!("Customer {i}"),
                phone: None,
                credit_limit: None,
            })
            .await?
            .id,
        ));
    }
    Ok(Parties {
        supplier,
        customers,
    })
}

/// The ledger's first pass: sales (one in ten on credit), and every 20th document a purchase
/// and every 100th a supplier payment, each at its moment across the days.
fn documents(shop: &Shop, parties: &Parties, args: &ReportsArgs, now: i64) -> Result<Vec<Command>> {
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    let start = now - i64::try_from(args.days.saturating_sub(1))? * DAY_MS;
    let step = (now - start) / i64::try_from(args.sales.max(1))?;
    let mut out = Vec::with_capacity(args.sales * 11 / 10);
    for i in 0..args.sales {
        let at = start + step * i64::try_from(i)?;
        let (register, _) = shop.registers[0];
        let lines: Vec<NewSaleLine> = (0..5)
            .map(|_| NewSaleLine {
                product: shop.products[rng.below(shop.products.len())],
                warehouse: shop.warehouse,
                qty: 1_000,
                unit_price: Some(100 * (10 + i64::try_from(rng.below(90)).unwrap_or(0))),
                discount: 0,
                label_amount: None,
            })
            .collect();
        let credit = i % 10 == 9;
        let customer = credit.then(|| parties.customers[rng.below(parties.customers.len())]);
        let method = if credit {
            PaymentMethod::Credit
        } else {
            PaymentMethod::Cash
        };
        out.push(Command::CreateSale {
            draft: SaleDraft::at(lines.clone(), Some(register), customer, None, Some(method))?,
            complete: Some(Settlement::Whole(method)),
            cashier: "bench".into(),
            terms: mizan_domain::sales::SellerTerms::ANY,
            now_ms: at,
        });
        if i % 20 == 19 {
            let lines = lines
                .iter()
                .map(|l| PurchaseLine {
                    product: l.product,
                    qty: l.qty,
                    unit_cost: 613,
                    vat_bp: None,
                })
                .collect();
            out.push(Command::CreatePurchase {
                draft: PurchaseDraft::new(parties.supplier, shop.warehouse, None, lines)?,
                received_by: "bench".into(),
                now_ms: at,
            });
        }
        if i % 100 == 99 {
            out.push(Command::PaySupplier {
                payment: SupplierPayment::new(parties.supplier, 5_000, PaidFrom::Bank, None)?,
                paid_by: "bench".into(),
                now_ms: at,
            });
        }
    }
    Ok(out)
}

/// The second pass: one sale in fifty gets a line returned (to card, restocked), and each
/// customer pays part of their debt.
fn corrections(
    shop: &Shop,
    parties: &Parties,
    first: &[Command],
    ids: &[i64],
) -> Result<Vec<Command>> {
    let mut out = Vec::new();
    for (n, (cmd, id)) in first.iter().zip(ids).enumerate() {
        if let Command::CreateSale {
            now_ms, complete, ..
        } = cmd
            && n % 50 == 7
            && *complete == Some(Settlement::Whole(PaymentMethod::Cash))
        {
            out.push(Command::CreateReturn {
                sale: SaleId(*id),
                draft: ReturnDraft::new(
                    vec![ReturnLine {
                        line: 0,
                        qty: 1_000,
                    }],
                    Restock::Warehouse(shop.warehouse),
                    Refund::Card,
                    "bench",
                )?,
                returned_by: "bench".into(),
                now_ms: *now_ms + 60_000,
            });
        }
    }
    let last = first.iter().rev().find_map(|c| match c {
        Command::CreateSale { now_ms, .. } => Some(*now_ms),
        _ => None,
    });
    for c in &parties.customers {
        out.push(Command::ReceiveCustomerPayment {
            payment: CustomerPayment::new(*c, 1_000, ReceivedBy::Bank, Vec::new(), None)?,
            received_by: "bench".into(),
            now_ms: last.unwrap_or_default() + 120_000,
        });
    }
    Ok(out)
}

/// The reads behind the back office's list pages, each timed (median of `runs`): the newest
/// documents, the newest of a rare kind (returns), a document found by number, its entry and
/// moves, the newest sales, a page of products and of customers, a customer's statement, a
/// product's stock, the newest sessions.
async fn office_lists(
    app: &Mizan,
    shop: &Shop,
    parties: &Parties,
    runs: usize,
) -> Result<Vec<(&'static str, Duration)>> {
    let books = Grant::<perm::BooksRead>::operator(shop.scope);
    let catalog = Grant::<perm::CatalogRead>::operator(shop.scope);
    let reports = Grant::<perm::ReportsRead>::operator(shop.scope);
    let stock = Grant::<perm::StockRead>::operator(shop.scope);
    let sessions = Grant::<perm::SessionsReadAll>::operator(shop.scope);
    let page = mizan_store::Page::first(50);
    let newest = app.documents(&books, Some("sale"), None, None, 1).await?;
    let (number, sale) = newest
        .first()
        .map(|e| (e.number.clone(), e.doc_id))
        .unwrap_or_default();
    let customer = parties.customers.first().copied().unwrap_or(CustomerId(0));
    let product = shop
        .products
        .first()
        .copied()
        .unwrap_or(mizan_domain::ProductId(0));
    Ok(vec![
        (
            "documents",
            median(runs, || app.documents(&books, None, None, None, 50)).await?,
        ),
        (
            "documents_returns",
            median(runs, || {
                app.documents(&books, Some("return"), None, None, 50)
            })
            .await?,
        ),
        (
            "document_by_number",
            median(runs, || {
                app.documents(&books, None, Some(&number), None, 50)
            })
            .await?,
        ),
        (
            "document_page",
            median(runs, || app.posted_document(&books, "sale", sale)).await?,
        ),
        ("sales", median(runs, || app.sales(&books, 50, None)).await?),
        (
            "products",
            median(runs, || app.products(&catalog, page)).await?,
        ),
        (
            "customers",
            median(runs, || app.customers(&catalog, page)).await?,
        ),
        (
            "customer_statement",
            median(runs, || app.customer_statement(&reports, customer)).await?,
        ),
        (
            "product_stock",
            median(runs, || app.product_stock(&stock, product)).await?,
        ),
        (
            "sessions",
            median(runs, || app.cashier_sessions(&sessions, None, false, None)).await?,
        ),
    ])
}

/// The median of `runs` timings of `f`.
async fn median<F, Fut, T>(runs: usize, mut f: F) -> Result<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, mizan_app::AppError>>,
{
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let t0 = Instant::now();
        f().await?;
        times.push(t0.elapsed());
    }
    times.sort_unstable();
    Ok(times[times.len() / 2])
}

pub async fn reports(explicit_url: Option<String>, args: ReportsArgs) -> Result<ExitCode> {
    if args.sales == 0 || args.days == 0 || args.clients == 0 {
        bail!("--sales, --days and --clients must be positive");
    }
    let tmp = tempfile::tempdir()?;
    let url = explicit_url
        .unwrap_or_else(|| format!("sqlite://{}", tmp.path().join("bench.db").display()));
    let app = crate::open(&url).await?;
    let shop = shop(&app, 500, 1, false).await?;
    let parties = parties(&app, &shop).await?;
    let now = app.now_ms();
    let first = documents(&shop, &parties, &args, now)?;
    let bar = if args.json {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(first.len() as u64)
    };
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} documents  {per_sec}  eta {eta}",
    )?);
    let started = Instant::now();
    let (_, ids) = post_all(&app, shop.scope, first.clone(), args.clients, &bar).await?;
    let second = corrections(&shop, &parties, &first, &ids)?;
    bar.set_length((first.len() + second.len()) as u64);
    let documents = first.len() + second.len();
    post_all(&app, shop.scope, second, args.clients, &bar).await?;
    let built = started.elapsed();
    bar.finish_and_clear();

    let tenant = app.store().tenant(&shop.scope).await?;
    let books = Grant::<perm::BooksRead>::operator(shop.scope);
    let reports = Grant::<perm::ReportsRead>::operator(shop.scope);
    let today = business_day(now, tenant.utc_offset_minutes);
    let year_ago = business_day(now - 364 * DAY_MS, tenant.utc_offset_minutes);
    let runs = args.runs;
    let trial = median(runs, || app.trial_balance(&books, &tenant, None)).await?;
    let pnl = median(runs, || {
        app.profit_and_loss(&reports, &tenant, Some(year_ago), Some(today))
    })
    .await?;
    let sheet = median(runs, || app.balance_sheet(&books, &tenant, None)).await?;
    let aging = median(runs, || app.aging(&reports, false, None)).await?;
    let accounts = median(runs, || app.accounts(&books)).await?;
    let office = office_lists(&app, &shop, &parties, runs).await?;
    let lines = app
        .trial_balance(&books, &tenant, None)
        .await?
        .1
        .accounts
        .len();
    let findings = app.store().check(&shop.scope).await?;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let report = serde_json::json!({
        "backend": app.store().backend(),
        "sales": args.sales, "days": args.days, "documents": documents, "accounts": lines,
        "build_seconds": built.as_secs_f64(),
        "trial_balance_ms": ms(trial), "profit_and_loss_ms": ms(pnl),
        "balance_sheet_ms": ms(sheet), "aging_ms": ms(aging), "accounts_ms": ms(accounts),
        "check_ok": findings.is_empty(), "check_findings": findings.len(),
        "office_ms": office.iter().map(|(k, d)| ((*k).to_owned(), serde_json::json!(ms(*d)))).collect::<serde_json::Map<_, _>>(),
    });
    if args.json {
        println!("{report}");
    } else {
        println!(
            "{} sales over {} days ({documents} documents) on {}, built in {:.0} s: trial balance {:.1} ms, profit and loss {:.1} ms, balance sheet {:.1} ms, aging {:.1} ms, accounts {:.1} ms (median of {runs}); books {}",
            args.sales,
            args.days,
            app.store().backend(),
            built.as_secs_f64(),
            ms(trial),
            ms(pnl),
            ms(sheet),
            ms(aging),
            ms(accounts),
            if findings.is_empty() {
                "consistent".to_owned()
            } else {
                format!("INCONSISTENT ({} findings)", findings.len())
            },
        );
    }
    if !args.json {
        let listed: Vec<String> = office
            .iter()
            .map(|(k, d)| format!("{k} {:.1} ms", ms(*d)))
            .collect();
        println!(
            "back office reads (median of {runs}): {}",
            listed.join(", ")
        );
    }
    Ok(if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
