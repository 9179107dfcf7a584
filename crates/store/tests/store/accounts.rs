//! The chart of accounts and opening balances through the store, on every backend: every
//! default account has its three names; an added account takes a free code of its group and
//! posts in manual entries like any other, a taken code is refused, a rename keeps the code; a
//! customer's opening balance ages from its own day, shows in the statement, is settled first
//! by a payment and keeps the customers account equal to the sub-ledger; a supplier's likewise;
//! a second one, or one in a locked period, is refused.

use std::sync::Arc;

use mizan_domain::calendar::business_day;
use mizan_domain::journal::ManualEntry;
use mizan_domain::ledger::accounts::{AccountNames, NewAccount};
use mizan_domain::ledger::{AccountKind, DEFAULT_CHART};
use mizan_domain::opening::balances::{OpeningBalance, Party};
use mizan_domain::payments::{CustomerPayment, ReceivedBy};
use mizan_domain::{AccountId, OpeningBalanceId, Refusal, SupplierId};
use mizan_store::{Command, Store, WriteError};

use crate::support::{self, Fixture, NOW};

const DAY: i64 = 86_400_000;

fn names(en: &str) -> AccountNames {
    AccountNames::parse(en, "مصروفات الإيجار", "Аренда").unwrap()
}

async fn open(
    store: &Arc<dyn Store>,
    f: &Fixture,
    party: Party,
    amount: i64,
    day: i32,
) -> Result<i64, WriteError> {
    let balance = OpeningBalance::new(party, amount, day).unwrap();
    let cmd = Command::PostOpeningBalance {
        balance,
        posted_by: "nadia".into(),
        now_ms: NOW,
    };
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

async fn supplier(store: &Arc<dyn Store>, f: &Fixture, name: &str) -> SupplierId {
    let cmd = Command::CreateSupplier {
        name: name.into(),
        phone: None,
        tax_number: None,
    };
    SupplierId(store.write(&f.scope, None, cmd).await.unwrap().id)
}

contract!(
    an_added_account_posts_like_any_other_and_keeps_its_code_when_renamed,
    |store| {
        let f = Fixture::new(&store).await;
        let chart = store.account_balances(&f.scope).await.unwrap();
        for a in DEFAULT_CHART {
            let row = chart.iter().find(|r| r.code == a.code).unwrap();
            assert_eq!(
                (
                    row.name_en.as_str(),
                    row.name_ar.as_str(),
                    row.name_ru.as_str()
                ),
                (a.name_en, a.name_ar, a.name_ru)
            );
            assert!(!a.name_ru.is_empty() && !a.name_ar.is_empty());
        }
        let drawer = chart.iter().find(|r| r.code == "11010-01").unwrap();
        assert!(drawer.name_ru.starts_with("Касса - "), "{}", drawer.name_ru);

        let rent = NewAccount::parse("54020", AccountKind::Expense, names("Rent")).unwrap();
        let id = AccountId(
            store
                .write(&f.scope, None, Command::CreateAccount(rent.clone()))
                .await
                .unwrap()
                .id,
        );
        let e = store
            .write(&f.scope, None, Command::CreateAccount(rent))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "account_code_taken");
        let taken = NewAccount::parse("11030", AccountKind::Asset, names("Mine")).unwrap();
        let e = store
            .write(&f.scope, None, Command::CreateAccount(taken))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "account_code_taken");

        let bank = chart.iter().find(|r| r.code == "11020").unwrap().id;
        let entry = ManualEntry::new(
            business_day(NOW, 0),
            "November rent",
            vec![(id, 250_000), (bank, -250_000)],
        )
        .unwrap();
        store
            .write(
                &f.scope,
                None,
                Command::PostManualEntry {
                    entry,
                    posted_by: "nadia".into(),
                    now_ms: NOW,
                },
            )
            .await
            .unwrap();
        let cmd = Command::RenameAccount {
            account: id,
            names: AccountNames::parse("Shop rent", "إيجار المحل", "Аренда магазина").unwrap(),
        };
        store.write(&f.scope, None, cmd).await.unwrap();
        let a = store.account(&f.scope, id).await.unwrap().unwrap();
        assert_eq!(
            (a.code.as_str(), a.kind.as_str(), a.name_ru.as_str()),
            ("54020", "expense", "Аренда магазина")
        );
        assert_eq!(a.balance, 250_000);
        let cmd = Command::RenameAccount {
            account: AccountId(999_999),
            names: names("Nothing"),
        };
        let e = store.write(&f.scope, None, cmd).await.unwrap_err();
        assert_eq!(e.code(), "not_found");
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
    }
);

contract!(
    a_customer_opening_balance_ages_from_its_day_and_a_payment_settles_it_first,
    |store| {
        let f = Fixture::new(&store).await;
        let c = Party::Customer(f.customer);
        let day = business_day(NOW - 40 * DAY, 0);
        // The fixture's opening stock is in opening balance equity already.
        let equity = support::balance(&store, &f, "31010").await;
        let id = open(&store, &f, c, 5_000, day).await.unwrap();
        let e = open(&store, &f, c, 1_000, day).await.unwrap_err();
        assert_eq!(e.code(), "opening_balance_exists");
        let e = open(
            &store,
            &f,
            Party::Customer(mizan_domain::CustomerId(999_999)),
            1,
            day,
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "not_found");
        let o = store
            .opening_balance(&f.scope, OpeningBalanceId(id))
            .await
            .unwrap()
            .unwrap();
        assert!(o.number.starts_with("OBL-"), "{}", o.number);
        assert_eq!((o.amount, o.business_day, o.party), (5_000, day, c));

        let today = business_day(NOW, 0);
        let aging = store.customer_aging(&f.scope, today).await.unwrap();
        assert_eq!(aging[0].buckets, [0, 5_000, 0, 0]);
        assert_eq!(aging[0].total, support::balance(&store, &f, "11030").await);
        assert_eq!(support::balance(&store, &f, "31010").await, equity - 5_000);
        // Before its day it is not there yet.
        let before = business_day(NOW - 41 * DAY, 0);
        assert!(
            store
                .customer_aging(&f.scope, before)
                .await
                .unwrap()
                .is_empty()
        );
        let customer = store.customer(&f.scope, f.customer).await.unwrap().unwrap();
        assert_eq!(customer.balance, 5_000);

        // A payment settles the opening balance first.
        let payment =
            CustomerPayment::new(f.customer, 3_000, ReceivedBy::Bank, vec![], None).unwrap();
        let cmd = Command::ReceiveCustomerPayment {
            payment,
            received_by: "nadia".into(),
            now_ms: NOW,
        };
        store.write(&f.scope, None, cmd).await.unwrap();
        let aging = store.customer_aging(&f.scope, today).await.unwrap();
        assert_eq!(aging[0].buckets, [0, 2_000, 0, 0]);
        let payment =
            CustomerPayment::new(f.customer, 2_001, ReceivedBy::Bank, vec![], None).unwrap();
        let cmd = Command::ReceiveCustomerPayment {
            payment,
            received_by: "nadia".into(),
            now_ms: NOW,
        };
        let e = store.write(&f.scope, None, cmd).await.unwrap_err();
        assert_eq!(e.code(), "payment_exceeds_balance");
        let st = store
            .customer_statement(&f.scope, f.customer)
            .await
            .unwrap();
        let kinds: Vec<_> = st.iter().map(|l| l.kind.as_str()).collect();
        assert_eq!(kinds, ["opening_balance", "payment"]);
        assert_eq!((st[0].debit, st[0].business_day), (5_000, day));
        assert_eq!(st.last().unwrap().balance, 2_000);
        assert_eq!(support::balance(&store, &f, "11030").await, 2_000);
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
    }
);

contract!(
    a_supplier_opening_balance_is_owed_from_its_day_and_the_lock_refuses_one_before_it,
    |store| {
        let f = Fixture::new(&store).await;
        let nile = supplier(&store, &f, "Nile Threads").await;
        let cairo = supplier(&store, &f, "Cairo Rings").await;
        let day = business_day(NOW - 100 * DAY, 0);
        let equity = support::balance(&store, &f, "31010").await;
        open(&store, &f, Party::Supplier(nile), 7_000, day)
            .await
            .unwrap();
        // The shop had paid Cairo Rings 1,000 ahead.
        open(&store, &f, Party::Supplier(cairo), -1_000, day)
            .await
            .unwrap();
        let e = open(&store, &f, Party::Supplier(nile), 1, day)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "opening_balance_exists");
        let today = business_day(NOW, 0);
        let aging = store.supplier_aging(&f.scope, today).await.unwrap();
        let by = |s: SupplierId| aging.iter().find(|r| r.id == s.0).unwrap().clone();
        assert_eq!(by(nile).buckets, [0, 0, 0, 7_000]);
        assert_eq!(by(cairo).buckets, [-1_000, 0, 0, 0]);
        let total: i64 = aging.iter().map(|r| r.total).sum();
        assert_eq!(total, -support::balance(&store, &f, "21020").await);
        assert_eq!(total, 6_000);
        assert_eq!(support::balance(&store, &f, "31010").await, equity + 6_000);
        let st = store.supplier_statement(&f.scope, cairo).await.unwrap();
        assert_eq!(
            (st[0].kind.as_str(), st[0].credit),
            ("opening_balance", 1_000)
        );

        // Nothing posts on or before the lock day.
        store
            .write(
                &f.scope,
                None,
                Command::SetLockDay {
                    lock_day: Some(day),
                },
            )
            .await
            .unwrap();
        let other = supplier(&store, &f, "Delta Rails").await;
        let e = open(&store, &f, Party::Supplier(other), 500, day)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "period_locked");
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
    }
);

contract!(
    check_names_an_opening_balance_that_disagrees_with_its_books,
    |store| {
        let f = Fixture::new(&store).await;
        open(
            &store,
            &f,
            Party::Customer(f.customer),
            5_000,
            business_day(NOW, 0),
        )
        .await
        .unwrap();
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
        support::tamper(
            &store,
            f.scope.tenant().0,
            "UPDATE opening_balances SET amount = amount + 1 WHERE tenant_id = $1",
        )
        .await;
        let found = support::findings(&store, &f).await;
        for check in [
            "customer_balance_vs_credit_sales",
            "customer_open_items_vs_account",
            "opening_balance_effects",
        ] {
            assert!(
                found.iter().any(|x| x.starts_with(check)),
                "{check}: {found:?}"
            );
        }
    }
);
