//! Manual entries and the period lock through the store, on every backend: an accountant's
//! balanced entry posts on its own day; sub-ledger accounts are refused; nothing posts on or
//! before the lock day, a sale neither; unlocking lets postings through again. The outline an
//! export starts with, and the journal's pages with each entry's business day.

use std::sync::Arc;

use mizan_domain::calendar::business_day;
use mizan_domain::journal::ManualEntry;
use mizan_domain::sales::{NewSaleLine, Payment, SaleDraft, SellerTerms, Settlement};
use mizan_domain::{AccountId, Currency, Refusal};
use mizan_store::{Command, DocumentQuery, Store, WriteError};

use crate::support::{Fixture, NOW, unique};

async fn account(store: &Arc<dyn Store>, f: &Fixture, code: &str) -> (AccountId, i64) {
    let a = store
        .account_balances(&f.scope)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.code == code)
        .unwrap();
    (a.id, a.balance)
}

async fn post(
    store: &Arc<dyn Store>,
    f: &Fixture,
    day: i32,
    lines: Vec<(AccountId, i64)>,
) -> Result<i64, WriteError> {
    let entry = ManualEntry::new(day, "Rent for November", lines).unwrap();
    let cmd = Command::PostManualEntry {
        entry,
        posted_by: "nadia".into(),
        now_ms: NOW,
    };
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

async fn sell(store: &Arc<dyn Store>, f: &Fixture) -> Result<i64, WriteError> {
    let line = NewSaleLine {
        product: f.rings,
        warehouse: f.warehouse,
        qty: 1_000,
        unit_price: None,
        discount: 0,
        label_amount: None,
    };
    let draft = SaleDraft::new(
        vec![line],
        Payment::Cash {
            cash_register_id: f.register,
        },
        None,
    )
    .unwrap();
    let cmd = Command::CreateSale {
        complete: draft.default_method().map(Settlement::Whole),
        draft,
        cashier: "cashier".into(),
        terms: SellerTerms::ANY,
        now_ms: NOW,
    };
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

async fn lock(store: &Arc<dyn Store>, f: &Fixture, day: Option<i32>) {
    store
        .write(&f.scope, None, Command::SetLockDay { lock_day: day })
        .await
        .unwrap();
}

contract!(
    manual_entries_post_on_their_day_and_the_lock_stops_every_posting,
    |store| {
        let f = Fixture::new(&store).await;
        let today = business_day(NOW, 0);
        let (expenses, _) = account(&store, &f, "54010").await;
        let (bank, _) = account(&store, &f, "11020").await;
        let (customers, _) = account(&store, &f, "11030").await;
        let id = post(
            &store,
            &f,
            today,
            vec![(expenses, 500_000), (bank, -500_000)],
        )
        .await
        .unwrap();
        let e = store
            .journal_entry_of(&f.scope, "manual", id)
            .await
            .unwrap()
            .unwrap();
        assert!(e.number.starts_with("JRN-"), "{}", e.number);
        assert_eq!(business_day(e.posted_at_ms, 0), today);
        assert_eq!(account(&store, &f, "54010").await.1, 500_000);
        let refused = post(&store, &f, today, vec![(customers, 1), (bank, -1)])
            .await
            .unwrap_err();
        assert_eq!(refused.code(), "subledger_account");
        let unknown = post(
            &store,
            &f,
            today,
            vec![(AccountId(i64::MAX), 1), (bank, -1)],
        )
        .await
        .unwrap_err();
        assert_eq!(unknown.code(), "not_found");

        // Locked up to yesterday: yesterday's entry is refused, today's sale goes through.
        let yesterday = business_day(NOW - 86_400_000, 0);
        lock(&store, &f, Some(yesterday)).await;
        let e = post(&store, &f, yesterday, vec![(expenses, 1), (bank, -1)])
            .await
            .unwrap_err();
        assert_eq!(e.code(), "period_locked");
        sell(&store, &f).await.unwrap();
        // Locked up to today: the sale is refused too; unlocked, it posts.
        lock(&store, &f, Some(today)).await;
        assert_eq!(sell(&store, &f).await.unwrap_err().code(), "period_locked");
        lock(&store, &f, None).await;
        sell(&store, &f).await.unwrap();
        assert_eq!(store.check(&f.scope).await.unwrap(), vec![]);
    }
);

contract!(
    the_ledger_outline_names_the_chart_and_the_first_business_day_of_the_pages,
    |store| {
        let f = Fixture::new(&store).await;
        let today = business_day(NOW, 0);
        let yesterday = business_day(NOW - 86_400_000, 0);
        let (expenses, _) = account(&store, &f, "54010").await;
        let (bank, _) = account(&store, &f, "11020").await;
        sell(&store, &f).await.unwrap();
        let outline = store.ledger_outline(&f.scope).await.unwrap();
        assert_eq!(outline.first_day, Some(today));
        post(&store, &f, yesterday, vec![(expenses, 700), (bank, -700)])
            .await
            .unwrap();
        sell(&store, &f).await.unwrap();
        let outline = store.ledger_outline(&f.scope).await.unwrap();
        assert_eq!(
            outline.first_day,
            Some(yesterday),
            "the manual entry's own day"
        );
        let codes: Vec<&str> = outline.accounts.iter().map(|a| a.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
        for code in ["11010", "11051", "41010", "54010"] {
            assert!(codes.contains(&code), "{code} in {codes:?}");
        }
        // Pages of two walk the whole journal in id order, each entry with its business day.
        let whole = store.journal(&f.scope).await.unwrap();
        let mut paged = Vec::new();
        let mut after = None;
        loop {
            let page = store.journal_page(&f.scope, 2, after).await.unwrap();
            let Some(last) = page.last() else { break };
            after = Some(last.id);
            paged.extend(page);
        }
        assert_eq!(paged, whole);
        for e in &whole {
            let day = if e.doc_kind == "manual" {
                yesterday
            } else {
                today
            };
            assert_eq!(e.business_day, day, "{}", e.number);
        }
        // A tenant without entries has its chart and no first day.
        let (bare, _) = store
            .create_tenant(
                "Bare",
                &Currency::from_code("EGP").unwrap(),
                "owner",
                &format!("hash-{}", unique()),
                NOW,
            )
            .await
            .unwrap();
        let outline = store.ledger_outline(&bare).await.unwrap();
        assert_eq!(outline.first_day, None);
        assert_eq!(
            outline.accounts.len(),
            codes.len() - 1,
            "all but the till's"
        );
    }
);

contract!(
    document_pages_list_every_kind_newest_first_and_a_document_shows_its_moves,
    |store| {
        let f = Fixture::new(&store).await;
        let today = business_day(NOW, 0);
        let (expenses, _) = account(&store, &f, "54010").await;
        let (bank, _) = account(&store, &f, "11020").await;
        let manual = post(&store, &f, today, vec![(expenses, 900), (bank, -900)])
            .await
            .unwrap();
        let sale = sell(&store, &f).await.unwrap();
        let whole = store.journal(&f.scope).await.unwrap();
        let query = |kind: Option<&str>, number: Option<&str>, before, limit| DocumentQuery {
            kind: kind.map(str::to_owned),
            number: number.map(str::to_owned),
            before,
            limit,
        };
        // Pages of two, newest first, walk the whole journal backwards.
        let mut paged = Vec::new();
        let mut before = None;
        loop {
            let page = store
                .documents(&f.scope, query(None, None, before, 2))
                .await
                .unwrap();
            let Some(last) = page.last() else { break };
            assert!(page.len() <= 2);
            before = Some(last.id);
            paged.extend(page);
        }
        paged.reverse();
        assert_eq!(paged, whole);
        // One kind; one number.
        let sales = store
            .documents(&f.scope, query(Some("sale"), None, None, 50))
            .await
            .unwrap();
        assert!(sales.iter().all(|e| e.doc_kind == "sale"));
        assert_eq!(sales.first().map(|e| e.doc_id), Some(sale));
        let jrn = store
            .journal_entry_of(&f.scope, "manual", manual)
            .await
            .unwrap()
            .unwrap();
        let found = store
            .documents(&f.scope, query(None, Some(&jrn.number), None, 50))
            .await
            .unwrap();
        assert_eq!(found, vec![jrn]);
        let none = store
            .documents(&f.scope, query(Some("purchase"), None, None, 50))
            .await
            .unwrap();
        assert!(none.is_empty());
        // The sale's moves: its ring out of the warehouse at cost, its cash into the drawer.
        let moves = store.document_moves(&f.scope, "sale", sale).await.unwrap();
        assert_eq!(moves.stock.len(), 1);
        assert_eq!(moves.stock[0].product_id, f.rings);
        assert_eq!(moves.stock[0].qty, -1_000);
        let trace = store
            .sale_trace(&f.scope, mizan_domain::SaleId(sale))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(moves.stock, trace.stock_moves);
        assert_eq!(moves.cash, trace.cash_moves);
        assert_eq!(moves.cash, vec![(f.register, trace.sale.total)]);
        // A manual entry moves neither stock nor cash; another tenant sees nothing of ours.
        let manual_moves = store
            .document_moves(&f.scope, "manual", manual)
            .await
            .unwrap();
        assert_eq!(manual_moves, mizan_store::DocumentMoves::default());
        let other = Fixture::new(&store).await;
        let theirs = store
            .documents(&other.scope, query(None, Some(&found[0].number), None, 50))
            .await
            .unwrap();
        assert!(theirs.iter().all(|e| e.id != found[0].id));
        let foreign = store
            .document_moves(&other.scope, "sale", sale)
            .await
            .unwrap();
        assert_eq!(foreign, mizan_store::DocumentMoves::default());
    }
);
