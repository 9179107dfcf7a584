//! hledger's balances, income statement and balance sheet of a random workload's export equal
//! Mizan's own balances to the minor unit, in currencies with 2, 0 and 3 decimals, on SQLite
//! and PostgreSQL; beancount's balances too.

use std::collections::BTreeMap;

use mizan_app::{Grant, perm};

use crate::tools::{beancount_balances, hledger_balances, hledger_check, hledger_totals};
use crate::workload;
use crate::{mizan_at, text, tool};

async fn hledger_agrees_with_mizan(postgres: bool, currency: &str, seed: u64) {
    let Some((url, dir)) = workload::database(postgres) else {
        return;
    };
    let (app, clock) = workload::app(&url).await;
    let shop = workload::shop(&app, currency).await;
    let posted = workload::run(&app, &clock, &shop, seed, 120).await;
    for kind in [
        "sale",
        "return",
        "purchase",
        "purchase_return",
        "supplier_payment",
        "customer_payment",
        "transfer",
        "count",
    ] {
        assert!(
            posted.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} posted: {posted:?}"
        );
    }
    let exp = app
        .store()
        .tenant(&shop.scope)
        .await
        .unwrap()
        .currency
        .exponent;
    let accounts = app
        .accounts(&Grant::<perm::BooksRead>::operator(shop.scope))
        .await
        .unwrap();
    let ours: BTreeMap<String, i64> = accounts
        .iter()
        .filter(|a| a.balance != 0)
        .map(|a| (a.code.clone(), a.balance))
        .collect();
    let sum = |kind: &str| -> i64 {
        accounts
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| a.balance)
            .sum()
    };

    let tmp = tempfile::tempdir().unwrap();
    let tenant = shop.tenant.to_string();
    for format in ["hledger", "beancount"] {
        let file = tmp.path().join(format!("journal.{format}"));
        let out = mizan_at(
            &url,
            &[
                "export",
                "journal",
                "--format",
                format,
                "--tenant",
                &tenant,
                "-o",
                file.to_str().unwrap(),
            ],
        );
        assert!(out.status.success(), "{}", text(&out));
        if format == "beancount" {
            if let Some(bean_check) = tool("bean-check") {
                assert_eq!(beancount_balances(&bean_check, &file, exp), ours);
            }
            continue;
        }
        let Some(hledger) = tool("hledger") else {
            continue;
        };
        hledger_check(&hledger, &file);
        assert_eq!(hledger_balances(&hledger, &file, exp), ours);
        let is = hledger_totals(&hledger, &file, "incomestatement", exp);
        assert_eq!(is["Revenues"], -sum("income"), "{is:?}");
        assert_eq!(is["Expenses"], sum("expense"), "{is:?}");
        assert_eq!(is["Net:"], -(sum("income") + sum("expense")), "{is:?}");
        let bs = hledger_totals(&hledger, &file, "balancesheetequity", exp);
        assert_eq!(bs["Assets"], sum("asset"), "{bs:?}");
        assert_eq!(bs["Liabilities"], -sum("liability"), "{bs:?}");
        assert_eq!(bs["Equity"], -sum("equity"), "{bs:?}");
        // What the books leave unclosed is the period's profit.
        assert_eq!(bs["Net:"], is["Net:"], "{bs:?}");
    }
    assert_eq!(app.store().check(&shop.scope).await.unwrap(), vec![]);
    drop(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hledger_reports_of_a_random_workload_equal_mizans_books_sqlite() {
    hledger_agrees_with_mizan(false, "EGP", 0x5eed_0001).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hledger_reports_of_a_random_workload_equal_mizans_books_postgres() {
    hledger_agrees_with_mizan(true, "EGP", 0x5eed_0002).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_yen_ledger_without_decimals_exports_to_hledger_and_beancount() {
    hledger_agrees_with_mizan(false, "JPY", 0x5eed_0003).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dinar_ledger_with_three_decimals_exports_to_hledger_and_beancount() {
    hledger_agrees_with_mizan(false, "KWD", 0x5eed_0004).await;
}
