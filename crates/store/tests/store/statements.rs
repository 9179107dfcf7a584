//! The accountant's statements through the store, on every backend: the accounts' day balances
//! each posting keeps give each day's and each period's totals, dated by the tenant's business
//! day (a sale at 22:30 UTC in a UTC+3 shop counts on the next day); profit and loss and the
//! balance sheet come out of them; a check names a day balance that disagrees with the journal,
//! and the rebuild mends it.

use std::sync::Arc;

use mizan_domain::calendar::business_day;
use mizan_domain::ledger::statements::{balance_sheet, profit_and_loss, trial_balance};
use mizan_domain::returns::{Refund, Restock, ReturnDraft, ReturnLine};
use mizan_domain::sales::{NewSaleLine, Payment, SaleDraft, SellerTerms, Settlement};
use mizan_domain::{Refusal, SaleId};
use mizan_store::{Command, SettingsChanges, Store};

use crate::support::{self, Fixture, NOW};

const DAY: i64 = 86_400_000;

/// Sells `qty` thousandths of rings at 10.00 + 14% VAT in cash at `at`.
async fn sell(store: &Arc<dyn Store>, f: &Fixture, qty: i64, at: i64) -> SaleId {
    let line = NewSaleLine {
        product: f.rings,
        warehouse: f.warehouse,
        qty,
        unit_price: Some(1_000),
        discount: 0,
        label_amount: None,
    };
    let payment = Payment::Cash {
        cash_register_id: f.register,
    };
    let draft = SaleDraft::new(vec![line], payment, None).unwrap();
    let w = store
        .write(
            &f.scope,
            None,
            Command::CreateSale {
                complete: draft.default_method().map(Settlement::Whole),
                draft,
                cashier: "cashier".into(),
                terms: SellerTerms::ANY,
                now_ms: at,
            },
        )
        .await
        .map_err(|e| e.code())
        .unwrap();
    SaleId(w.id)
}

contract!(statements_sum_the_days_the_postings_kept, |store| {
    let f = Fixture::new(&store).await;
    let day1 = business_day(NOW, 0);
    let day2 = business_day(NOW + DAY, 0);
    sell(&store, &f, 10_000, NOW).await;
    let second = sell(&store, &f, 5_000, NOW + DAY).await;
    let draft = ReturnDraft::new(
        vec![ReturnLine {
            line: 0,
            qty: 2_000,
        }],
        Restock::Warehouse(f.warehouse),
        Refund::Card,
        "wrong size",
    )
    .unwrap();
    store
        .write(
            &f.scope,
            None,
            Command::CreateReturn {
                sale: second,
                draft,
                returned_by: "manager".into(),
                now_ms: NOW + DAY + 60_000,
            },
        )
        .await
        .unwrap();

    let first_day = store.account_totals(&f.scope, None, day1).await.unwrap();
    let pl = profit_and_loss(&first_day);
    assert_eq!((pl.gross_sales, pl.returns), (10_000, 0));
    assert_eq!(pl.cost_of_sales, 7_000);
    assert_eq!(pl.gross_profit, 3_000);
    assert_eq!(pl.gross_margin_bp, Some(3_000));
    let second_day = store
        .account_totals(&f.scope, Some(day2), day2)
        .await
        .unwrap();
    let pl = profit_and_loss(&second_day);
    assert_eq!(
        (pl.gross_sales, pl.returns, pl.net_sales),
        (5_000, 2_000, 3_000)
    );
    assert_eq!(pl.cost_of_sales, 2_100);

    // A UTC+3 shop: 22:30 UTC on day 2 is 01:30 on day 3, and counts there.
    store
        .write(
            &f.scope,
            None,
            Command::UpdateSettings(SettingsChanges {
                utc_offset_minutes: Some(180),
                ..SettingsChanges::default()
            }),
        )
        .await
        .unwrap();
    let late = NOW + DAY + 12 * 3_600_000 + 30 * 60_000;
    let day3 = business_day(late, 180);
    assert_eq!(day3, business_day(NOW + 2 * DAY, 0));
    sell(&store, &f, 1_000, late).await;
    let day2_again = store
        .account_totals(&f.scope, Some(day2), day2)
        .await
        .unwrap();
    assert_eq!(profit_and_loss(&day2_again).gross_sales, 5_000);
    let third = store
        .account_totals(&f.scope, Some(day3), day3)
        .await
        .unwrap();
    assert_eq!(profit_and_loss(&third).gross_sales, 1_000);

    let all = store.account_totals(&f.scope, None, day3).await.unwrap();
    let tb = trial_balance(all.clone());
    assert_eq!(tb.total_debit, tb.total_credit);
    let bs = balance_sheet(&all);
    assert!(bs.balances(), "{bs:?}");
    // Earnings so far: (10,000 + 5,000 − 2,000 + 1,000) − cost (7,000 + 3,500 − 1,400 + 700).
    assert_eq!(bs.earnings, 14_000 - 9_800);
    for a in &all {
        assert_eq!(
            a.balance(),
            support::balance(&store, &f, &a.code).await,
            "{}",
            a.code
        );
    }
    assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
});

contract!(
    a_day_balance_that_disagrees_with_the_journal_is_named,
    |store| {
        let f = Fixture::new(&store).await;
        sell(&store, &f, 3_000, NOW).await;
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
        let t = f.scope.tenant().0;
        support::tamper(
            &store,
            t,
            "UPDATE account_days SET debit = debit + 1
         WHERE tenant_id = $1 AND debit > 0
           AND account_id = (SELECT id FROM accounts WHERE tenant_id = $1 AND code = '11051')",
        )
        .await;
        support::tamper(
            &store,
            t,
            "UPDATE account_days SET credit = credit + 5
         WHERE tenant_id = $1 AND credit > 0
           AND account_id = (SELECT id FROM accounts WHERE tenant_id = $1 AND code = '41010')",
        )
        .await;
        let found = support::findings(&store, &f).await;
        let day = business_day(NOW, 0);
        assert!(
            found.contains(&format!("account_day_debits: 11051 day {day}")),
            "{found:?}"
        );
        assert!(
            found.contains(&format!("account_day_credits: 41010 day {day}")),
            "{found:?}"
        );
        assert!(store.rebuild_account_days(&f.scope).await.unwrap() > 0);
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
    }
);
