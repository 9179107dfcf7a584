//! Returns through the store, on every backend: DOMAIN §4's return posts exactly and the books
//! stay clean; a line is never taken back beyond what was sold, also across returns; a cash
//! refund leaves the drawer and counts in the session; a credit refund lowers the customer's
//! debt; the daily report counts returns and its rebuild agrees; a check names a return that
//! took back more than was sold; a void returns a whole sale once, only in its open session.

use std::sync::Arc;

use mizan_domain::returns::{Refund, Restock, ReturnDraft, ReturnLine};
use mizan_domain::sales::{NewSaleLine, Payment, SaleDraft, SellerTerms, Settlement};
use mizan_domain::{Refusal, SaleId};
use mizan_store::{Command, Store, WriteError};

use crate::support::{self, Fixture, NOW};

async fn sell(store: &Arc<dyn Store>, f: &Fixture, qty: i64, payment: Payment) -> SaleId {
    let line = NewSaleLine {
        product: f.rings,
        warehouse: f.warehouse,
        qty,
        unit_price: Some(1_000),
        discount: 0,
        label_amount: None,
    };
    let customer = matches!(payment, Payment::Credit { .. }).then_some(f.customer);
    let draft = SaleDraft::new(vec![line], payment, customer).unwrap();
    let w = store
        .write(
            &f.scope,
            None,
            Command::CreateSale {
                complete: draft.default_method().map(Settlement::Whole),
                draft,
                cashier: "cashier".into(),
                terms: SellerTerms::ANY,
                now_ms: NOW,
            },
        )
        .await
        .unwrap();
    SaleId(w.id)
}

async fn take_back(
    store: &Arc<dyn Store>,
    f: &Fixture,
    sale: SaleId,
    qty: i64,
    restock: Restock,
    refund: Refund,
) -> Result<i64, WriteError> {
    let draft =
        ReturnDraft::new(vec![ReturnLine { line: 0, qty }], restock, refund, "test").unwrap();
    let cmd = Command::CreateReturn {
        sale,
        draft,
        returned_by: "manager".into(),
        now_ms: NOW,
    };
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

contract!(
    a_return_takes_back_at_the_sales_own_amounts_and_refunds_once,
    |store| {
        let f = Fixture::new(&store).await;
        // Rings: 10.00 each, 14% VAT, cost 7.00 each (opening stock).
        let credit = sell(
            &store,
            &f,
            10_000,
            Payment::Credit {
                customer_id: f.customer,
            },
        )
        .await;
        let before = store
            .customer(&f.scope, f.customer)
            .await
            .unwrap()
            .unwrap()
            .balance;
        let id = take_back(
            &store,
            &f,
            credit,
            2_000,
            Restock::Warehouse(f.warehouse),
            Refund::Credit,
        )
        .await
        .unwrap();
        let r = store.sale_return(&f.scope, id).await.unwrap().unwrap();
        assert!(r.number.starts_with("RET-"), "{}", r.number);
        assert_eq!((r.net, r.vat, r.total, r.cost), (2_000, 280, 2_280, 1_400));
        let after = store
            .customer(&f.scope, f.customer)
            .await
            .unwrap()
            .unwrap()
            .balance;
        assert_eq!(before - after, 2_280);
        // Eight are left to return: nine are refused, naming what was sold and returned.
        let e = take_back(&store, &f, credit, 9_000, Restock::WriteOff, Refund::Credit)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "return_exceeds_sale");
        take_back(&store, &f, credit, 8_000, Restock::WriteOff, Refund::Credit)
            .await
            .unwrap();
        let e = take_back(&store, &f, credit, 1, Restock::WriteOff, Refund::Credit)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "return_exceeds_sale");
        assert_eq!(
            store.returns_of_sale(&f.scope, credit).await.unwrap().len(),
            2
        );
        let customer = store.customer(&f.scope, f.customer).await.unwrap().unwrap();
        assert_eq!(customer.balance, before - 11_400);

        // Cash back out of the drawer, within what the session holds.
        let cash = sell(
            &store,
            &f,
            3_000,
            Payment::Cash {
                cash_register_id: f.register,
            },
        )
        .await;
        take_back(
            &store,
            &f,
            cash,
            1_000,
            Restock::Warehouse(f.warehouse),
            Refund::Cash(f.register),
        )
        .await
        .unwrap();
        let session = store
            .cashier_session(&f.scope, f.session)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(session.totals.cash_refunds, 1_140);
        let e = take_back(
            &store,
            &f,
            cash,
            2_000,
            Restock::Warehouse(f.warehouse),
            Refund::Cash(f.register),
        )
        .await;
        // 3 × 11.40 in the drawer less 11.40 back: 22.80 is exactly enough for two more.
        assert!(e.is_ok(), "{e:?}");
        let e = take_back(
            &store,
            &f,
            credit,
            1,
            Restock::WriteOff,
            Refund::Cash(f.register),
        )
        .await;
        assert_eq!(e.unwrap_err().code(), "return_exceeds_sale");

        let unknown = take_back(
            &store,
            &f,
            SaleId(i64::MAX),
            1,
            Restock::WriteOff,
            Refund::Card,
        )
        .await;
        assert_eq!(unknown.unwrap_err().code(), "not_found");
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
        // The daily report counts the returns, and its rebuild agrees.
        let days = store
            .daily_sales(&f.scope, mizan_domain::calendar::business_day(NOW, 0))
            .await;
        let returns: i64 = days.unwrap().iter().map(|d| d.returns_count).sum();
        assert_eq!(returns, 4);
        store.rebuild_daily_sales(&f.scope).await.unwrap();
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
    }
);

contract!(
    check_names_a_return_that_took_back_more_than_was_sold,
    |store| {
        let f = Fixture::new(&store).await;
        let sale = sell(
            &store,
            &f,
            1_000,
            Payment::Credit {
                customer_id: f.customer,
            },
        )
        .await;
        take_back(&store, &f, sale, 1_000, Restock::WriteOff, Refund::Credit)
            .await
            .unwrap();
        support::tamper(
            &store,
            f.scope.tenant().0,
            "UPDATE sale_return_lines SET qty = 2000 WHERE tenant_id = $1",
        )
        .await;
        let found = support::findings(&store, &f).await;
        assert!(
            found.iter().any(|x| x.starts_with("return_exceeds_sale")),
            "{found:?}"
        );
    }
);

contract!(
    refunds_at_once_never_pay_out_more_cash_than_the_drawer_holds,
    |store| {
        use mizan_domain::sessions::{CashMovementKind, NewCashMovement};
        let f = Fixture::new(&store).await;
        // Five rings in cash (57.00 in the drawer), then 40.00 paid out: 17.00 left.
        let sale = sell(
            &store,
            &f,
            5_000,
            Payment::Cash {
                cash_register_id: f.register,
            },
        )
        .await;
        let payout = Command::MoveCash {
            session: f.session,
            movement: NewCashMovement::new(CashMovementKind::Payout, 4_000, "supplier").unwrap(),
            account: None,
            user: "owner".into(),
            now_ms: NOW,
        };
        store.write(&f.scope, None, payout).await.unwrap();
        // Five refunds of 11.40 at once: one fits, whatever the batches.
        let tries = (0..5).map(|_| {
            let (store, f) = (Arc::clone(&store), &f);
            async move {
                take_back(
                    &store,
                    f,
                    sale,
                    1_000,
                    Restock::Warehouse(f.warehouse),
                    Refund::Cash(f.register),
                )
                .await
            }
        });
        let results = futures_util::future::join_all(tries).await;
        let ok = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(ok, 1, "{results:?}");
        assert!(
            results
                .iter()
                .filter_map(|r| r.as_ref().err())
                .all(|e| e.code() == "insufficient_cash")
        );
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
    }
);

contract!(
    a_void_returns_the_whole_sale_once_and_only_in_its_open_session,
    |store| {
        let f = Fixture::new(&store).await;
        let void = |sale: SaleId| Command::VoidSale {
            sale,
            reason: "rung up twice".into(),
            voided_by: "manager".into(),
            now_ms: NOW,
        };
        let cash = sell(
            &store,
            &f,
            3_000,
            Payment::Cash {
                cash_register_id: f.register,
            },
        )
        .await;
        let sale = store.sale(&f.scope, cash).await.unwrap().unwrap();
        assert_eq!(sale.void_return_id, None);
        assert_eq!(sale.utc_offset_minutes, Some(0));
        let id = store.write(&f.scope, None, void(cash)).await.unwrap().id;
        let r = store.sale_return(&f.scope, id).await.unwrap().unwrap();
        assert!(r.voids_sale);
        assert_eq!(r.refund_method, "cash");
        assert_eq!(r.session_id, Some(f.session));
        assert_eq!(r.warehouse_id, Some(f.warehouse));
        assert_eq!(
            (r.net, r.vat, r.total, r.cost),
            (sale.net, sale.vat, sale.total, sale.cost)
        );
        let sale = store.sale(&f.scope, cash).await.unwrap().unwrap();
        assert_eq!(sale.void_return_id, Some(id));
        let e = store.write(&f.scope, None, void(cash)).await.unwrap_err();
        assert_eq!(e.code(), "sale_already_returned");
        // A credit sale rung up without a till has no session to be voided in.
        let credit = sell(
            &store,
            &f,
            1_000,
            Payment::Credit {
                customer_id: f.customer,
            },
        )
        .await;
        let e = store.write(&f.scope, None, void(credit)).await.unwrap_err();
        assert_eq!(e.code(), "void_session_closed");
        let e = store
            .write(&f.scope, None, void(SaleId(999_999)))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "not_found");
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
    }
);
