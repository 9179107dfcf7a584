//! The store contract for the point of sale, on SQLite and PostgreSQL: checkouts with split
//! payments and change, credit limits, cashier sessions (open, pay-ins and payouts, X report,
//! close with over/short), refusals that write nothing, a close racing with two cashiers, the
//! daily sales report and its rebuild, tenant settings, and product lookup by code and by name.

use crate::support;
use mizan_domain::Refusal;
use std::sync::Arc;

use crate::support::{Fixture, NOW};
use mizan_domain::sales::{
    NewPayment, NewSaleLine, PaymentMethod, Payments, SaleDraft, Settlement,
};
use mizan_domain::sessions::{CashMovementKind, CountedCash, NewCashMovement, OpeningFloat};
use mizan_domain::{CashierSessionId, CustomerId, ProductId, SaleId};
use mizan_store::{Command, ProductKey, SettingsChanges, Store, WriteError};

fn pay(method: PaymentMethod, amount: i64, received: Option<i64>) -> NewPayment {
    NewPayment {
        method,
        amount,
        received,
    }
}

/// A draft of `qty` thousandths of rings (7.00 + 14% VAT each) at the fixture's till.
fn rings(f: &Fixture, qty: i64, customer: Option<CustomerId>) -> SaleDraft {
    SaleDraft::at(
        vec![NewSaleLine {
            product: f.rings,
            warehouse: f.warehouse,
            qty,
            unit_price: Some(700),
            discount: 0,
            label_amount: None,
        }],
        Some(f.register),
        customer,
        None,
        None,
    )
    .unwrap()
}

async fn checkout(
    store: &Arc<dyn Store>,
    f: &Fixture,
    draft: SaleDraft,
    payments: Vec<NewPayment>,
) -> Result<i64, WriteError> {
    store
        .write(
            &f.scope,
            None,
            Command::CreateSale {
                draft,
                complete: Some(Settlement::Payments(Payments::new(payments).unwrap())),
                cashier: "cashier".into(),
                terms: mizan_domain::sales::SellerTerms::ANY,
                now_ms: NOW,
            },
        )
        .await
        .map(|w| w.id)
}

/// Closes `session` with `counted` cash.
fn close(session: CashierSessionId, counted: i64, now_ms: i64) -> Command {
    Command::CloseSession {
        session,
        counted: CountedCash::new(Some(counted), vec![]).unwrap(),
        user: "cashier".into(),
        now_ms,
    }
}

/// Opens a session on `register` with `float`.
fn open(register: mizan_domain::CashRegisterId, float: i64, now_ms: i64) -> Command {
    Command::OpenSession {
        register,
        float: OpeningFloat::new(float).unwrap(),
        user: "cashier".into(),
        now_ms,
    }
}

fn balance(all: &[mizan_store::AccountBalance], code: &str) -> i64 {
    all.iter().find(|a| a.code == code).unwrap().balance
}

contract!(
    a_split_checkout_posts_each_payment_to_its_account_and_gives_change_from_cash,
    |store| {
        let f = Fixture::new(&store).await;
        // 10 rings: 70.00 + 9.80 VAT = 79.80, paid 20.00 cash (50.00 handed over), 30.00
        // card, 10.00 bank transfer, 19.80 on the customer's account.
        let id = checkout(
            &store,
            &f,
            rings(&f, 10_000, Some(f.customer)),
            vec![
                pay(PaymentMethod::Cash, 2_000, Some(5_000)),
                pay(PaymentMethod::Card, 3_000, None),
                pay(PaymentMethod::BankTransfer, 1_000, None),
                pay(PaymentMethod::Credit, 1_980, None),
            ],
        )
        .await
        .unwrap();
        let s = store.sale(&f.scope, SaleId(id)).await.unwrap().unwrap();
        assert_eq!(s.total, 7_980);
        assert_eq!(s.session_id, Some(f.session));
        assert_eq!(s.cashier, "cashier");
        let paid: Vec<(&str, i64, i64, i64)> = s
            .payments
            .iter()
            .map(|p| (p.method.as_str(), p.amount, p.received, p.change))
            .collect();
        assert_eq!(
            paid,
            vec![
                ("cash", 2_000, 5_000, 3_000),
                ("card", 3_000, 3_000, 0),
                ("bank_transfer", 1_000, 1_000, 0),
                ("credit", 1_980, 1_980, 0),
            ]
        );
        let b = store.account_balances(&f.scope).await.unwrap();
        assert_eq!(
            balance(&b, "11010-01"),
            2_000,
            "the drawer keeps the cash part"
        );
        assert_eq!(balance(&b, "11040"), 3_000);
        assert_eq!(balance(&b, "11020"), 1_000);
        assert_eq!(balance(&b, "11030"), 1_980);
        let c = store.customer(&f.scope, f.customer).await.unwrap().unwrap();
        assert_eq!(c.balance, 1_980);
        let session = store
            .cashier_session(&f.scope, f.session)
            .await
            .unwrap()
            .unwrap();
        let t = session.totals;
        assert_eq!(
            (
                t.sales_count,
                t.sales_total,
                t.cash_received,
                t.change_given
            ),
            (1, 7_980, 5_000, 3_000)
        );
        assert_eq!((t.card, t.bank_transfer, t.credit), (3_000, 1_000, 1_980));
        assert_eq!(t.expected_cash(), 2_000);
        assert_eq!(store.check(&f.scope).await.unwrap(), vec![]);
    }
);

contract!(
    refused_checkouts_write_nothing_and_name_what_was_wrong,
    |store| {
        let f = Fixture::new(&store).await;
        store
            .write(
                &f.scope,
                None,
                Command::SetCreditLimit {
                    customer: f.customer,
                    credit_limit: Some(5_000),
                },
            )
            .await
            .unwrap();
        let before = store.account_balances(&f.scope).await.unwrap();
        // Payments that do not add up to 79.80.
        let e = checkout(
            &store,
            &f,
            rings(&f, 10_000, None),
            vec![pay(PaymentMethod::Cash, 7_000, Some(8_000))],
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "payment_mismatch");
        // Credit beyond the limit: 79.80 > 50.00.
        let e = checkout(
            &store,
            &f,
            rings(&f, 10_000, Some(f.customer)),
            vec![pay(PaymentMethod::Credit, 7_980, None)],
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "credit_limit_exceeded");
        assert!(e.to_string().contains("5000"), "{e}");
        // Credit without a customer.
        let e = checkout(
            &store,
            &f,
            rings(&f, 10_000, None),
            vec![pay(PaymentMethod::Credit, 7_980, None)],
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "invalid_field");
        assert_eq!(store.account_balances(&f.scope).await.unwrap(), before);
        assert!(
            store
                .sales(&f.scope, 10, None, None)
                .await
                .unwrap()
                .is_empty()
        );
        // Within the limit it passes; paying the completed sale again is refused.
        let id = checkout(
            &store,
            &f,
            rings(&f, 5_000, Some(f.customer)),
            vec![pay(PaymentMethod::Credit, 3_990, None)],
        )
        .await
        .unwrap();
        let again = Payments::new(vec![pay(PaymentMethod::Cash, 3_990, None)]).unwrap();
        let e = store
            .write(
                &f.scope,
                None,
                Command::CompleteSale {
                    sale: SaleId(id),
                    payments: Some(again),
                    session: None,
                    now_ms: NOW,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(e.code(), "sale_already_completed");
        let s = store.sale(&f.scope, SaleId(id)).await.unwrap().unwrap();
        assert_eq!(s.payments.len(), 1);
        assert_eq!(store.check(&f.scope).await.unwrap(), vec![]);
    }
);

contract!(
    cash_needs_an_open_session_unless_the_tenant_runs_a_kiosk,
    |store| {
        let f = Fixture::new(&store).await;
        let close = |session| close(session, 0, NOW);
        store.write(&f.scope, None, close(f.session)).await.unwrap();
        let e = checkout(
            &store,
            &f,
            rings(&f, 1_000, None),
            vec![pay(PaymentMethod::Cash, 798, None)],
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "no_open_session");
        // Card needs no drawer, so no session.
        let card = checkout(
            &store,
            &f,
            rings(&f, 1_000, None),
            vec![pay(PaymentMethod::Card, 798, None)],
        )
        .await
        .unwrap();
        assert_eq!(
            store
                .sale(&f.scope, SaleId(card))
                .await
                .unwrap()
                .unwrap()
                .session_id,
            None
        );
        // A sale that names the closed session is refused with session_closed.
        let named = SaleDraft::at(
            rings(&f, 1_000, None)
                .lines()
                .iter()
                .map(|l| *l.get())
                .collect(),
            Some(f.register),
            None,
            Some(f.session),
            None,
        )
        .unwrap();
        let e = checkout(&store, &f, named, vec![pay(PaymentMethod::Card, 798, None)])
            .await
            .unwrap_err();
        assert_eq!(e.code(), "session_closed");
        store
            .write(
                &f.scope,
                None,
                Command::UpdateSettings(SettingsChanges {
                    require_open_session: Some(false),
                    ..SettingsChanges::default()
                }),
            )
            .await
            .unwrap();
        assert!(!store.tenant(&f.scope).await.unwrap().require_open_session);
        checkout(
            &store,
            &f,
            rings(&f, 1_000, None),
            vec![pay(PaymentMethod::Cash, 798, Some(1_000))],
        )
        .await
        .unwrap();
        assert_eq!(store.check(&f.scope).await.unwrap(), vec![]);
    }
);

contract!(
    a_session_runs_from_float_to_close_and_the_drawer_returns_to_zero,
    |store| {
        let f = Fixture::new(&store).await;
        let w = |cmd| store.write(&f.scope, None, cmd);
        // The fixture's session is open: a second one on the register is refused.
        let e = w(open(f.register, 0, NOW)).await.unwrap_err();
        assert_eq!(e.code(), "session_already_open");
        w(close(f.session, 0, NOW)).await.unwrap();
        let session = CashierSessionId(w(open(f.register, 50_000, NOW)).await.unwrap().id);
        checkout(
            &store,
            &f,
            rings(&f, 10_000, None),
            vec![pay(PaymentMethod::Cash, 7_980, Some(10_000))],
        )
        .await
        .unwrap();
        let mv = |kind, amount| Command::MoveCash {
            session,
            movement: NewCashMovement::new(kind, amount, "change from the safe").unwrap(),
            account: None,
            user: "cashier".into(),
            now_ms: NOW,
        };
        w(mv(CashMovementKind::PayIn, 20_000)).await.unwrap();
        w(mv(CashMovementKind::Payout, 1_500)).await.unwrap();
        let s = store
            .cashier_session(&f.scope, session)
            .await
            .unwrap()
            .unwrap();
        // 500.00 + 79.80 + 200.00 − 15.00 = 764.80
        assert_eq!(s.totals.expected_cash(), 76_480);
        // Never more out of the drawer than the session expects in it.
        let e = w(mv(CashMovementKind::Payout, 76_481)).await.unwrap_err();
        assert_eq!(e.code(), "insufficient_cash");
        let b = store.account_balances(&f.scope).await.unwrap();
        assert_eq!(balance(&b, "11010-01"), 76_480, "drawer = expected cash");
        // Counted 760.00 in notes and coins: 4.80 short.
        let counted =
            CountedCash::new(None, vec![(20_000, 3), (10_000, 1), (5_000, 1), (1_000, 1)]).unwrap();
        assert_eq!(counted.amount(), 76_000);
        let close = || Command::CloseSession {
            session,
            counted: counted.clone(),
            user: "cashier".into(),
            now_ms: NOW,
        };
        let first = w(close()).await.unwrap();
        assert!(!first.replayed);
        let again = w(close()).await.unwrap();
        assert!(again.replayed, "closing twice returns the first result");
        let s = store
            .cashier_session(&f.scope, session)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((s.status.as_str(), s.counted), ("closed", Some(76_000)));
        assert_eq!(s.denominations.len(), 4);
        let report = mizan_domain::sessions::session_report(&s.totals, s.counted);
        assert_eq!(report.difference, Some(-480));
        let b = store.account_balances(&f.scope).await.unwrap();
        assert_eq!(
            balance(&b, "11010-01"),
            0,
            "counted cash went back to the safe"
        );
        assert_eq!(
            balance(&b, "53010"),
            480,
            "shortage booked to cash over/short"
        );
        assert_eq!(balance(&b, "11010"), 76_000 - 50_000 - 20_000 + 1_500);
        let e = w(mv(CashMovementKind::PayIn, 100)).await.unwrap_err();
        assert_eq!(e.code(), "session_closed");
        assert_eq!(store.check(&f.scope).await.unwrap(), vec![]);
    }
);

contract!(
    two_cashiers_and_a_racing_close_leave_every_sale_in_exactly_one_session,
    |store| {
        for round in 0..3 {
            let f = Fixture::new(&store).await;
            let mut tasks = Vec::new();
            for i in 0..40 {
                let (st, draft) = (Arc::clone(&store), rings(&f, 1_000, None));
                let scope = f.scope;
                tasks.push(tokio::spawn(async move {
                    let cmd = Command::CreateSale {
                        draft,
                        complete: Some(Settlement::Payments(
                            Payments::new(vec![pay(PaymentMethod::Cash, 798, Some(1_000))])
                                .unwrap(),
                        )),
                        cashier: format!("cashier-{}", i % 2),
                        terms: mizan_domain::sales::SellerTerms::ANY,
                        now_ms: NOW,
                    };
                    st.write(&scope, None, cmd).await
                }));
                if i == 20 {
                    let (st, scope, session) = (Arc::clone(&store), f.scope, f.session);
                    tasks.push(tokio::spawn(async move {
                        let s = st.cashier_session(&scope, session).await.unwrap().unwrap();
                        // Counted as the X report said a moment ago; later sales make it short.
                        let counted = s.totals.expected_cash();
                        st.write(&scope, None, close(session, counted, NOW)).await
                    }));
                }
            }
            let mut refused = 0;
            for t in tasks {
                match t.await.unwrap() {
                    Ok(_) => {}
                    Err(e) => {
                        assert!(
                            ["no_open_session", "session_closed"].contains(&e.code()),
                            "round {round}: {e:?}"
                        );
                        refused += 1;
                    }
                }
            }
            let sales = store.sales(&f.scope, 100, None, None).await.unwrap();
            assert_eq!(sales.len() + refused, 40, "round {round}");
            assert!(sales.iter().all(|s| s.session_id == Some(f.session)));
            let s = store
                .cashier_session(&f.scope, f.session)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(s.status, "closed");
            assert_eq!(s.totals.sales_count as usize, sales.len(), "round {round}");
            assert_eq!(
                store.check(&f.scope).await.unwrap(),
                vec![],
                "round {round}"
            );
        }
    }
);

contract!(
    the_daily_report_counts_each_posting_on_its_business_day_and_equals_its_rebuild,
    |store| {
        let f = Fixture::new(&store).await;
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
        // NOW is 10:00 UTC; 22:30 UTC is already the next day at UTC+3.
        let late = NOW + 12 * 3_600_000 + 30 * 60_000;
        let post = |draft, payments, now_ms| Command::CreateSale {
            draft,
            complete: Some(Settlement::Payments(Payments::new(payments).unwrap())),
            cashier: "c".into(),
            terms: mizan_domain::sales::SellerTerms::ANY,
            now_ms,
        };
        let w = |cmd| store.write(&f.scope, None, cmd);
        w(post(
            rings(&f, 1_000, Some(f.customer)),
            vec![pay(PaymentMethod::Cash, 798, None)],
            NOW,
        ))
        .await
        .unwrap();
        w(post(
            rings(&f, 2_000, Some(f.customer)),
            vec![pay(PaymentMethod::Card, 1_596, None)],
            NOW,
        ))
        .await
        .unwrap();
        w(post(
            rings(&f, 1_000, None),
            vec![pay(PaymentMethod::Credit, 798, None)],
            NOW,
        ))
        .await
        .unwrap_err();
        w(post(
            rings(&f, 1_000, None),
            vec![pay(PaymentMethod::BankTransfer, 798, None)],
            late,
        ))
        .await
        .unwrap();
        let today = mizan_domain::calendar::business_day(NOW, 180);
        let tomorrow = mizan_domain::calendar::business_day(late, 180);
        assert_ne!(today, tomorrow);
        let rows = store.daily_sales(&f.scope, today).await.unwrap();
        assert_eq!(rows.len(), 1);
        let d = &rows[0];
        assert_eq!(
            (d.sales_count, d.total, d.cash, d.card),
            (2, 2_394, 798, 1_596)
        );
        assert_eq!(d.unique_customers, 1);
        let next = store.daily_sales(&f.scope, tomorrow).await.unwrap();
        assert_eq!((next[0].sales_count, next[0].bank_transfer), (1, 798));
        w(close(f.session, 798, late)).await.unwrap();
        let next = store.daily_sales(&f.scope, tomorrow).await.unwrap();
        assert_eq!(next[0].sessions_closed, 1);
        let kept = [
            store.daily_sales(&f.scope, today).await.unwrap(),
            store.daily_sales(&f.scope, tomorrow).await.unwrap(),
        ];
        // Damage the report behind the store's back: check names it, the rebuild repairs it.
        support::tamper(
            &store,
            f.scope.tenant().0,
            "UPDATE daily_sales SET total = total + 1 WHERE tenant_id = $1",
        )
        .await;
        let findings = store.check(&f.scope).await.unwrap();
        assert!(
            findings
                .iter()
                .any(|x| x.check == "daily_sales_vs_postings"),
            "{findings:?}"
        );
        store.rebuild_daily_sales(&f.scope).await.unwrap();
        let rebuilt = [
            store.daily_sales(&f.scope, today).await.unwrap(),
            store.daily_sales(&f.scope, tomorrow).await.unwrap(),
        ];
        assert_eq!(kept, rebuilt);
        assert_eq!(store.check(&f.scope).await.unwrap(), vec![]);
    }
);

contract!(
    products_are_found_by_barcode_or_scale_item_code_within_the_tenant,
    |store| {
        let f = Fixture::new(&store).await;
        let other = Fixture::new(&store).await;
        let p = ProductId(
            store
                .write(
                    &f.scope,
                    None,
                    Command::CreateProduct(mizan_store::NewProduct {
                        barcode: Some("6220000000017".into()),
                        plu: Some("01234".into()),
                        unit: "metre".into(),
                        ..Fixture::product("CHEESE")
                    }),
                )
                .await
                .unwrap()
                .id,
        );
        let by = |key| store.product_by_code(&f.scope, key);
        assert_eq!(
            by(ProductKey::Barcode("6220000000017"))
                .await
                .unwrap()
                .unwrap()
                .id,
            p
        );
        assert_eq!(by(ProductKey::Plu("01234")).await.unwrap().unwrap().id, p);
        assert!(by(ProductKey::Plu("1234")).await.unwrap().is_none());
        assert!(
            store
                .product_by_code(&other.scope, ProductKey::Plu("01234"))
                .await
                .unwrap()
                .is_none()
        );
        let dup = store
            .write(
                &f.scope,
                None,
                Command::CreateProduct(mizan_store::NewProduct {
                    plu: Some("01234".into()),
                    ..Fixture::product("OTHER")
                }),
            )
            .await
            .unwrap_err();
        assert_eq!(dup.code(), "duplicate_plu");
        let layout = mizan_domain::barcode::ScaleLayout::parse("21PPPPPWWWWWC").unwrap();
        store
            .write(
                &f.scope,
                None,
                Command::UpdateSettings(SettingsChanges {
                    scale_layouts: Some(vec![layout]),
                    ..SettingsChanges::default()
                }),
            )
            .await
            .unwrap();
        assert_eq!(
            store.tenant(&f.scope).await.unwrap().scale_layouts,
            vec!["21PPPPPWWWWWC".to_owned()]
        );
    }
);

contract!(
    a_pay_in_or_payout_cannot_touch_a_sub_ledger_account,
    |store| {
        let f = Fixture::new(&store).await;
        let accounts = store.account_balances(&f.scope).await.unwrap();
        let id = |code: &str| accounts.iter().find(|a| a.code == code).unwrap().id;
        let second = store
            .write(
                &f.scope,
                None,
                Command::CreateCashRegister {
                    branch_id: None,
                    name: "Till 2".into(),
                },
            )
            .await
            .unwrap();
        let other_drawer = store
            .cash_register(&f.scope, mizan_domain::CashRegisterId(second.id))
            .await
            .unwrap()
            .unwrap()
            .account_id;
        let mv = |account| Command::MoveCash {
            session: f.session,
            movement: NewCashMovement::new(CashMovementKind::PayIn, 5_000, "debt paid").unwrap(),
            account: Some(account),
            user: "c".into(),
            now_ms: NOW,
        };
        for refused in [
            id("11030"),
            id("11051"),
            id("53010"),
            id("11010-01"),
            other_drawer,
        ] {
            let e = store.write(&f.scope, None, mv(refused)).await.unwrap_err();
            assert_eq!(e.code(), "invalid_field", "{refused}: {e}");
        }
        let e = store
            .write(&f.scope, None, mv(mizan_domain::AccountId(i64::MAX)))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "not_found");
        // From the bank is fine.
        store.write(&f.scope, None, mv(id("11020"))).await.unwrap();
        let b = store.account_balances(&f.scope).await.unwrap();
        assert_eq!(
            (balance(&b, "11010-01"), balance(&b, "11020")),
            (5_000, -5_000)
        );
        assert_eq!(store.check(&f.scope).await.unwrap(), vec![]);
    }
);

contract!(
    a_parked_draft_completes_in_the_next_shift_and_a_free_sale_needs_no_payment,
    |store| {
        let f = Fixture::new(&store).await;
        let w = |cmd| store.write(&f.scope, None, cmd);
        let lines = rings(&f, 1_000, None)
            .lines()
            .iter()
            .map(|l| *l.get())
            .collect();
        let parked = SaleDraft::at(lines, Some(f.register), None, Some(f.session), None).unwrap();
        let sale = SaleId(
            w(Command::CreateSale {
                draft: parked,
                complete: None,
                cashier: "c".into(),
                terms: mizan_domain::sales::SellerTerms::ANY,
                now_ms: NOW,
            })
            .await
            .unwrap()
            .id,
        );
        w(close(f.session, 0, NOW)).await.unwrap();
        let next = CashierSessionId(w(open(f.register, 0, NOW)).await.unwrap().id);
        let complete = |session| Command::CompleteSale {
            sale,
            payments: Some(Payments::new(vec![pay(PaymentMethod::Cash, 798, None)]).unwrap()),
            session,
            now_ms: NOW,
        };
        let e = w(complete(None)).await.unwrap_err();
        assert_eq!(e.code(), "session_closed");
        w(complete(Some(next))).await.unwrap();
        let s = store.sale(&f.scope, sale).await.unwrap().unwrap();
        assert_eq!(s.session_id, Some(next));
        // A line discounted to nothing: no payment method, no payments, and still completes.
        let free = SaleDraft::at(
            vec![NewSaleLine {
                product: f.rings,
                warehouse: f.warehouse,
                qty: 1_000,
                unit_price: Some(700),
                discount: 700,
                label_amount: None,
            }],
            Some(f.register),
            None,
            None,
            None,
        )
        .unwrap();
        let id = w(Command::CreateSale {
            draft: free,
            complete: Some(Settlement::Unpaid),
            cashier: "c".into(),
            terms: mizan_domain::sales::SellerTerms::ANY,
            now_ms: NOW,
        })
        .await
        .unwrap()
        .id;
        let s = store.sale(&f.scope, SaleId(id)).await.unwrap().unwrap();
        assert_eq!((s.total, s.payments.len()), (0, 0));
        let e = w(Command::CreateSale {
            draft: rings(&f, 1_000, None),
            complete: Some(Settlement::Unpaid),
            cashier: "c".into(),
            terms: mizan_domain::sales::SellerTerms::ANY,
            now_ms: NOW,
        })
        .await
        .unwrap_err();
        assert_eq!(e.code(), "payments_required");
        assert_eq!(store.check(&f.scope).await.unwrap(), vec![]);
    }
);

contract!(
    concurrent_retries_with_one_idempotency_key_get_the_first_answer,
    |store| {
        for round in 0..5 {
            let f = Fixture::new(&store).await;
            let sale = store
                .write(
                    &f.scope,
                    None,
                    Command::CreateSale {
                        draft: rings(&f, 1_000, None),
                        complete: None,
                        cashier: "c".into(),
                        terms: mizan_domain::sales::SellerTerms::ANY,
                        now_ms: NOW,
                    },
                )
                .await
                .unwrap()
                .id;
            let mut tasks = Vec::new();
            for _ in 0..4 {
                let (st, scope) = (Arc::clone(&store), f.scope);
                tasks.push(tokio::spawn(async move {
                    let key = mizan_store::Idempotency {
                        key: format!("checkout-{sale}"),
                        request_hash: "same".into(),
                    };
                    let payments =
                        Payments::new(vec![pay(PaymentMethod::Card, 798, None)]).unwrap();
                    st.write(
                        &scope,
                        Some(key),
                        Command::CompleteSale {
                            sale: SaleId(sale),
                            payments: Some(payments),
                            session: None,
                            now_ms: NOW,
                        },
                    )
                    .await
                }));
            }
            let mut fresh = 0;
            for t in tasks {
                let w = t
                    .await
                    .unwrap()
                    .unwrap_or_else(|e| panic!("round {round}: {e:?}"));
                assert_eq!(w.id, sale);
                fresh += usize::from(!w.replayed);
            }
            assert_eq!(fresh, 1, "round {round}: one write, the rest replayed");
        }
    }
);

contract!(
    a_kiosk_keeps_selling_while_a_shift_closes_and_branches_follow_one_rule,
    |store| {
        let f = Fixture::new(&store).await;
        store
            .write(
                &f.scope,
                None,
                Command::UpdateSettings(SettingsChanges {
                    require_open_session: Some(false),
                    ..SettingsChanges::default()
                }),
            )
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for i in 0..30 {
            let (st, scope, draft) = (Arc::clone(&store), f.scope, rings(&f, 1_000, None));
            tasks.push(tokio::spawn(async move {
                st.write(
                    &scope,
                    None,
                    Command::CreateSale {
                        draft,
                        complete: Some(Settlement::Payments(
                            Payments::new(vec![pay(PaymentMethod::Cash, 798, None)]).unwrap(),
                        )),
                        cashier: "c".into(),
                        terms: mizan_domain::sales::SellerTerms::ANY,
                        now_ms: NOW,
                    },
                )
                .await
                .map(|_| ())
            }));
            if i == 10 {
                let (st, scope, session) = (Arc::clone(&store), f.scope, f.session);
                tasks.push(tokio::spawn(async move {
                    st.write(&scope, None, close(session, 0, NOW))
                        .await
                        .map(|_| ())
                }));
            }
        }
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(
            store.sales(&f.scope, 100, None, None).await.unwrap().len(),
            30
        );
        assert_eq!(store.check(&f.scope).await.unwrap(), vec![]);
        // Without a register a sale counts for its first line's warehouse's branch.
        let w = |cmd| store.write(&f.scope, None, cmd);
        let branch = mizan_domain::BranchId(
            w(Command::CreateBranch { name: "B".into() })
                .await
                .unwrap()
                .id,
        );
        let in_branch = mizan_domain::WarehouseId(
            w(Command::CreateWarehouse {
                branch_id: Some(branch),
                code: "B1".into(),
                name: "B1".into(),
            })
            .await
            .unwrap()
            .id,
        );
        let service = ProductId(
            w(Command::CreateProduct(mizan_store::NewProduct {
                unit: "hour".into(),
                tracks_stock: false,
                ..Fixture::product("FIT")
            }))
            .await
            .unwrap()
            .id,
        );
        for (first, expected) in [(f.warehouse, None), (in_branch, Some(branch))] {
            let line = |warehouse| NewSaleLine {
                product: service,
                warehouse,
                qty: 0,
                unit_price: Some(0),
                discount: 0,
                label_amount: None,
            };
            let lines = vec![
                NewSaleLine {
                    qty: 1,
                    ..line(first)
                },
                NewSaleLine {
                    qty: 1,
                    ..line(f.warehouse)
                },
            ];
            let draft = SaleDraft::at(lines, None, None, None, None).unwrap();
            let id = w(Command::CreateSale {
                draft,
                complete: None,
                cashier: "c".into(),
                terms: mizan_domain::sales::SellerTerms::ANY,
                now_ms: NOW,
            })
            .await
            .unwrap()
            .id;
            let s = store.sale(&f.scope, SaleId(id)).await.unwrap().unwrap();
            assert_eq!(s.branch_id, None, "a draft has no branch yet");
            let done = w(Command::CompleteSale {
                sale: SaleId(id),
                payments: None,
                session: None,
                now_ms: NOW,
            })
            .await;
            assert!(done.is_ok(), "{done:?}");
            let s = store.sale(&f.scope, SaleId(id)).await.unwrap().unwrap();
            assert_eq!(s.branch_id, expected);
        }
    }
);

contract!(
    products_are_found_by_part_of_their_name_in_either_language_or_code_within_the_tenant,
    |store| {
        let f = Fixture::new(&store).await;
        let other = Fixture::new(&store).await;
        for (code, en, ar) in [
            ("KOYA-C1", "Koya curtain fabric", "قماش ستائر كويا"),
            ("COIN-2", "Coin 2 beige", "قماش كوين ٢"),
            ("50%-OFF", "Clearance_roll", "بواقي"),
        ] {
            store
                .write(
                    &f.scope,
                    None,
                    Command::CreateProduct(mizan_store::NewProduct {
                        name_en: en.into(),
                        name_ar: ar.into(),
                        ..Fixture::product(code)
                    }),
                )
                .await
                .unwrap();
        }
        let codes = |found: Vec<mizan_store::Product>| {
            found.into_iter().map(|p| p.code).collect::<Vec<_>>()
        };
        let find = |text: &'static str, limit| store.products_named(&f.scope, text, limit);
        assert_eq!(codes(find("CURTAIN", 10).await.unwrap()), ["KOYA-C1"]);
        assert_eq!(
            codes(find("قماش", 10).await.unwrap()),
            ["COIN-2", "KOYA-C1"]
        );
        assert_eq!(codes(find("قماش", 1).await.unwrap()), ["COIN-2"]);
        assert_eq!(codes(find("coin-2", 10).await.unwrap()), ["COIN-2"]);
        // `%` and `_` are letters here, not wildcards.
        assert_eq!(codes(find("%", 10).await.unwrap()), ["50%-OFF"]);
        // "n_e" would match "nce" of "Clearance" if `_` were a wildcard.
        assert_eq!(codes(find("n_e", 10).await.unwrap()), Vec::<String>::new());
        assert_eq!(codes(find("ce_r", 10).await.unwrap()), ["50%-OFF"]);
        assert!(
            store
                .products_named(&other.scope, "clearance", 10)
                .await
                .unwrap()
                .is_empty()
        );
    }
);
