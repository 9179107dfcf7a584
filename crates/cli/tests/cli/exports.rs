//! Journal exports: the demo's books in hledger and beancount with Mizan's balances, a sale
//! near midnight in Cairo exported on the business day the daily report counts it on, and
//! ledgers bigger than a page exported whole, in order, each entry once.

use std::collections::BTreeMap;
use std::path::Path;

use mizan_app::export::LedgerFormat;
use mizan_app::{Grant, Mizan, perm};
use mizan_domain::sales::{NewSaleLine, PaymentMethod, SaleDraft, SellerTerms, Settlement};
use mizan_store::{Command, TenantScope};

use crate::tools::{beancount_balances, hledger_balances, hledger_check};
use crate::workload::{self, Shop};
use crate::{mizan, text, tool};

/// Mizan's own balances of the only tenant of a SQLite file, `code -> minor units`, not zero.
pub fn file_balances(db: &Path) -> BTreeMap<String, i64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut q = conn
        .prepare("SELECT a.code, COALESCE(SUM(l.amount), 0) FROM accounts a JOIN journal_lines l ON l.account_id = a.id GROUP BY a.code")
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .filter(|(_, v): &(String, i64)| *v != 0)
        .collect()
}

/// Exports the only tenant of `db` with the binary.
fn export(db: &Path, format: &str, file: &Path) {
    let out = mizan(
        db,
        &[
            "export",
            "journal",
            "--format",
            format,
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_demo_books_are_consistent_and_export_to_hledger_with_equal_balances() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = mizan(&db, &["demo"]);
    assert!(demo.status.success(), "{}", text(&demo));
    assert!(text(&demo).contains("API token: mzn_"), "{}", text(&demo));
    let check = mizan(&db, &["check"]);
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("books consistent"));
    let costs = mizan(&db, &["products", "without-cost", "--json"]);
    assert!(costs.status.success(), "{}", text(&costs));
    assert_eq!(text(&costs).trim(), "[]", "every demo product has a cost");

    let file = dir.path().join("journal.hledger");
    export(&db, "hledger", &file);
    let Some(hledger) = tool("hledger") else {
        return;
    };
    hledger_check(&hledger, &file);
    assert_eq!(hledger_balances(&hledger, &file, 2), file_balances(&db));
}

#[test]
fn the_beancount_export_passes_bean_check_with_equal_balances() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(mizan(&db, &["demo"]).status.success());
    let file = dir.path().join("journal.beancount");
    export(&db, "beancount", &file);
    let Some(bean_check) = tool("bean-check") else {
        return;
    };
    assert_eq!(
        beancount_balances(&bean_check, &file, 2),
        file_balances(&db)
    );
}

/// The whole export of `scope` as text, read `page` entries at a time.
async fn exported(app: &Mizan, scope: TenantScope, format: LedgerFormat, page: i64) -> String {
    let g = Grant::<perm::BooksRead>::operator(scope);
    let mut export = app.export_journal(&g, format).page_size(page);
    let (mut all, mut piece) = (String::new(), String::new());
    while export.next(&mut piece).await.unwrap() {
        all.push_str(&piece);
    }
    all
}

/// The first line of each hledger transaction: `2026-11-21 (INV-2026-000001) Sale ...`.
fn transactions(hledger: &str) -> Vec<&str> {
    hledger
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .collect()
}

async fn a_sale_near_midnight_is_exported_on_its_business_day(postgres: bool) {
    let Some((url, _dir)) = workload::database(postgres) else {
        return;
    };
    let (app, clock) = workload::app(&url).await;
    let shop: Shop = workload::shop(&app, "EGP").await;
    // 2026-11-20T22:30:00Z is 00:30 on the 21st in Cairo.
    clock.set(workload::START + 14 * 3_600_000 + 30 * 60_000);
    let line = NewSaleLine {
        product: shop.products[0],
        warehouse: shop.main,
        qty: 1_000,
        unit_price: None,
        discount: 0,
        label_amount: None,
    };
    let draft = SaleDraft::at(
        vec![line],
        Some(shop.till),
        None,
        None,
        Some(PaymentMethod::Cash),
    )
    .unwrap();
    let cmd = Command::CreateSale {
        draft,
        complete: Some(Settlement::Whole(PaymentMethod::Cash)),
        cashier: "owner".into(),
        terms: SellerTerms::ANY,
        now_ms: app.now_ms(),
    };
    workload::write(&app, shop.scope, cmd).await.unwrap();
    let tenant = app.store().tenant(&shop.scope).await.unwrap();
    let report = |day| {
        let g = Grant::<perm::ReportsRead>::operator(shop.scope);
        let (app, tenant) = (&app, &tenant);
        async move {
            let r = app.daily_sales(&g, tenant, Some(day), None).await.unwrap();
            r.rows.iter().map(|r| r.sales_count).sum::<i64>()
        }
    };
    assert_eq!(
        report(20_261_121).await,
        1,
        "the daily report counts it on the 21st"
    );
    assert_eq!(report(20_261_120).await, 0);
    for format in [LedgerFormat::Hledger, LedgerFormat::Beancount] {
        let text = exported(&app, shop.scope, format, 1_000).await;
        let sale: Vec<&str> = text.lines().filter(|l| l.contains("Sale INV-")).collect();
        assert_eq!(sale.len(), 1, "{text}");
        assert!(sale[0].starts_with("2026-11-21 "), "{}", sale[0]);
        // The opening stock, posted at 08:00 UTC (10:00 in Cairo), stays on the 20th.
        assert!(text.contains("\n2026-11-20 "), "{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_at_00_30_in_cairo_is_exported_on_the_day_the_daily_report_counts_it_sqlite() {
    a_sale_near_midnight_is_exported_on_its_business_day(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_at_00_30_in_cairo_is_exported_on_the_day_the_daily_report_counts_it_postgres() {
    a_sale_near_midnight_is_exported_on_its_business_day(true).await;
}

async fn pages_hold_every_entry_once_in_order(postgres: bool) {
    let Some((url, _dir)) = workload::database(postgres) else {
        return;
    };
    let (app, clock) = workload::app(&url).await;
    let shop = workload::shop(&app, "EGP").await;
    workload::run(&app, &clock, &shop, 7, 40).await;
    let journal = app.store().journal(&shop.scope).await.unwrap();
    assert!(journal.len() > 30, "{} entries", journal.len());
    let whole = exported(&app, shop.scope, LedgerFormat::Hledger, 1_000).await;
    let expected: Vec<String> = journal.iter().map(|e| format!("({}) ", e.number)).collect();
    let found = transactions(&whole);
    assert_eq!(found.len(), expected.len());
    for (line, number) in found.iter().zip(&expected) {
        assert!(line.contains(number.as_str()), "{line} is not {number}");
    }
    // Pages of 7 (and of 1, and of exactly the ledger's size) write the same file.
    let n = i64::try_from(journal.len()).unwrap();
    for page in [7, 1, n] {
        assert_eq!(
            exported(&app, shop.scope, LedgerFormat::Hledger, page).await,
            whole
        );
    }
    let lines: usize = journal.iter().map(|e| e.lines.len()).sum();
    assert_eq!(
        whole.lines().filter(|l| l.starts_with("    ")).count(),
        lines
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_read_in_pages_holds_every_entry_once_in_order_sqlite() {
    pages_hold_every_entry_once_in_order(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_read_in_pages_holds_every_entry_once_in_order_postgres() {
    pages_hold_every_entry_once_in_order(true).await;
}

#[test]
fn the_binary_exports_a_ledger_of_more_than_a_thousand_entries_whole_and_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let bench = mizan(
        &db,
        &[
            "bench",
            "posting",
            "--sales",
            "1100",
            "--lines",
            "2",
            "--clients",
            "8",
            "--products",
            "5",
            "--json",
        ],
    );
    assert!(bench.status.success(), "{}", text(&bench));
    let file = dir.path().join("journal.hledger");
    export(&db, "hledger", &file);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let numbers: Vec<String> = conn
        .prepare("SELECT number FROM journal_entries ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(numbers.len() > 1_100, "{}", numbers.len());
    let written = std::fs::read_to_string(&file).unwrap();
    let found = transactions(&written);
    assert_eq!(found.len(), numbers.len());
    for (line, number) in found.iter().zip(&numbers) {
        assert!(
            line.contains(&format!("({number}) ")),
            "{line} is not {number}"
        );
    }
    let Some(hledger) = tool("hledger") else {
        return;
    };
    hledger_check(&hledger, &file);
    assert_eq!(hledger_balances(&hledger, &file, 2), file_balances(&db));
}
