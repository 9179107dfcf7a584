//! The store contract: every `Store` method, every write path, tenant isolation and concurrency,
//! run on SQLite always and on PostgreSQL when `MIZAN_TEST_POSTGRES_URL` is set (under CI it must
//! be: the suite refuses to skip there). Each test makes its own tenants, so one PostgreSQL
//! database serves all tests at once.

use crate::support;
use mizan_domain::Refusal;
use std::sync::Arc;

use crate::support::{Fixture, NOW};
use mizan_domain::sales::{
    NewSaleLine, Payment, PaymentMethod, SaleDraft, SalePostingError, Settlement,
};
use mizan_domain::{CashRegisterId, CustomerId, ProductId, SaleId, WarehouseId};
use mizan_store::{
    Command, Idempotency, NewProduct, ResourceKind, SaleStatus, Store, TokenKind, WriteError,
};

fn cash_sale(f: &Fixture, lines: &[(ProductId, i64, i64)]) -> SaleDraft {
    sale(
        f,
        lines,
        Payment::Cash {
            cash_register_id: f.register,
        },
    )
}

fn sale(f: &Fixture, lines: &[(ProductId, i64, i64)], payment: Payment) -> SaleDraft {
    let lines = lines
        .iter()
        .map(|&(product, qty, unit_price)| NewSaleLine {
            product,
            warehouse: f.warehouse,
            qty,
            unit_price: Some(unit_price),
            discount: 0,
            label_amount: None,
        })
        .collect();
    SaleDraft::new(lines, payment, None).unwrap()
}

async fn post(store: &Arc<dyn Store>, f: &Fixture, draft: SaleDraft) -> Result<i64, WriteError> {
    store
        .write(
            &f.scope,
            None,
            Command::CreateSale {
                complete: draft.default_method().map(Settlement::Whole),
                draft,
                cashier: "cashier".into(),
                terms: mizan_domain::sales::SellerTerms::ANY,
                now_ms: NOW,
            },
        )
        .await
        .map(|w| w.id)
}

contract!(
    a_new_tenant_has_the_default_chart_and_its_token_authenticates,
    |store| {
        let f = Fixture::new(&store).await;
        let accounts = store.account_balances(&f.scope).await.unwrap();
        for code in [
            "11010", "11030", "11051", "21010", "31010", "41010", "51010", "11010-01",
        ] {
            assert!(
                accounts.iter().any(|a| a.code == code),
                "account {code} missing"
            );
        }
        let (scope, owner) = store.authenticate(&f.token_hash).await.unwrap().unwrap();
        assert_eq!(scope, f.scope);
        assert_eq!(
            (owner.user.username.as_str(), owner.user.role.as_str()),
            ("owner", "owner")
        );
        assert!(!owner.user.has_password);
        assert_eq!(owner.token.kind, TokenKind::Api);
        assert!(store.authenticate("no such hash").await.unwrap().is_none());
        let tenant = store.tenant(&f.scope).await.unwrap();
        assert_eq!(tenant.currency.code, "EGP");
        assert!(
            store
                .operator_tenants()
                .await
                .unwrap()
                .iter()
                .any(|(s, _)| *s == f.scope)
        );
    }
);

contract!(master_data_is_created_listed_and_read_back, |store| {
    let f = Fixture::new(&store).await;
    let branch = store
        .write(
            &f.scope,
            None,
            Command::CreateBranch {
                name: "Nasr City".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(branch.kind, ResourceKind::Branch);
    assert_eq!(
        store
            .branch(&f.scope, mizan_domain::BranchId(branch.id))
            .await
            .unwrap()
            .unwrap()
            .name,
        "Nasr City"
    );
    assert_eq!(
        store
            .branches(&f.scope, mizan_store::Page::first(500))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .warehouses(&f.scope, mizan_store::Page::first(500))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .warehouse(&f.scope, f.warehouse)
            .await
            .unwrap()
            .unwrap()
            .code,
        "2000"
    );
    assert_eq!(
        store
            .cash_registers(&f.scope, mizan_store::Page::first(500))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .cash_register(&f.scope, f.register)
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(
        store
            .customers(&f.scope, mizan_store::Page::first(500))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        store
            .customer(&f.scope, f.customer)
            .await
            .unwrap()
            .is_some()
    );
    let p = store.product(&f.scope, f.fabric).await.unwrap().unwrap();
    assert_eq!(
        (p.code.as_str(), p.unit.as_str(), p.vat_bp, p.tracks_stock),
        ("KOYA/C1", "metre", 0, true)
    );
    assert_eq!(
        store
            .products(&f.scope, mizan_store::Page::first(500))
            .await
            .unwrap()
            .len(),
        2
    );
    let dup = store
        .write(
            &f.scope,
            None,
            Command::CreateProduct(Fixture::product("KOYA/C1")),
        )
        .await;
    assert_eq!(dup.unwrap_err().code(), "duplicate_code");
    let bad_branch = store
        .write(
            &f.scope,
            None,
            Command::CreateWarehouse {
                branch_id: Some(mizan_domain::BranchId(i64::MAX)),
                code: "X".into(),
                name: "X".into(),
            },
        )
        .await;
    assert_eq!(bad_branch.unwrap_err().code(), "not_found");
});

contract!(
    the_domain_example_posts_four_lines_of_16000_each_side,
    |store| {
        let f = Fixture::new(&store).await;
        // 20 metres worth 12,000.00 on hand; sell 10 metres at 1,000.00 on credit.
        let id = post(
            &store,
            &f,
            sale(
                &f,
                &[(f.fabric, 10_000, 100_000)],
                Payment::Credit {
                    customer_id: f.customer,
                },
            ),
        )
        .await
        .unwrap();
        let s = store.sale(&f.scope, SaleId(id)).await.unwrap().unwrap();
        assert_eq!(
            (s.status, s.total, s.cost),
            (SaleStatus::Posted, 1_000_000, 600_000)
        );
        assert_eq!(s.number.as_deref(), Some("INV-2026-000001"));
        let journal = store.journal(&f.scope).await.unwrap();
        let entry = journal
            .iter()
            .find(|e| e.doc_kind == "sale" && e.doc_id == id)
            .unwrap();
        let lines: Vec<(&str, i64)> = entry
            .lines
            .iter()
            .map(|l| (l.account_code.as_str(), l.amount))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("11030", 1_000_000),
                ("41010", -1_000_000),
                ("51010", 600_000),
                ("11051", -600_000)
            ]
        );
        let levels = store.stock_levels(&f.scope).await.unwrap();
        let l = levels.iter().find(|l| l.product_id == f.fabric).unwrap();
        assert_eq!((l.qty, l.value), (10_000, 600_000));
        assert!(store.check(&f.scope).await.unwrap().is_empty());
    }
);

contract!(
    a_cash_sale_moves_cash_into_its_register_and_vat_to_vat_payable,
    |store| {
        let f = Fixture::new(&store).await;
        let id = post(&store, &f, cash_sale(&f, &[(f.rings, 3_000, 1_000)]))
            .await
            .unwrap();
        let s = store.sale(&f.scope, SaleId(id)).await.unwrap().unwrap();
        assert_eq!((s.net, s.vat, s.total), (3_000, 420, 3_420));
        let balances = store.account_balances(&f.scope).await.unwrap();
        let bal = |code: &str| balances.iter().find(|a| a.code == code).unwrap().balance;
        assert_eq!(bal("11010-01"), 3_420);
        assert_eq!(bal("21010"), -420);
        assert_eq!(bal("41010"), -3_000);
        assert!(store.check(&f.scope).await.unwrap().is_empty());
    }
);

contract!(
    overselling_is_refused_naming_everything_and_writes_nothing,
    |store| {
        let f = Fixture::new(&store).await;
        let before = store.stock_levels(&f.scope).await.unwrap();
        let err = post(
            &store,
            &f,
            cash_sale(&f, &[(f.rings, 1_000, 10), (f.fabric, 20_001, 10)]),
        )
        .await
        .unwrap_err();
        match err {
            WriteError::Posting(SalePostingError::InsufficientStock {
                line,
                product,
                product_code,
                warehouse,
                available,
                requested,
            }) => {
                assert_eq!(
                    (
                        line,
                        product,
                        product_code.as_str(),
                        warehouse,
                        available,
                        requested
                    ),
                    (1, f.fabric, "KOYA/C1", f.warehouse, 20_000, 20_001)
                );
            }
            other => panic!("expected insufficient_stock, got {other:?}"),
        }
        assert_eq!(store.stock_levels(&f.scope).await.unwrap(), before);
        assert!(
            store
                .sales(&f.scope, 10, None, None)
                .await
                .unwrap()
                .is_empty()
        );
        // The number series did not move: the next sale is number 1.
        let id = post(&store, &f, cash_sale(&f, &[(f.rings, 1_000, 10)]))
            .await
            .unwrap();
        let s = store.sale(&f.scope, SaleId(id)).await.unwrap().unwrap();
        assert_eq!(s.number.as_deref(), Some("INV-2026-000001"));
        assert!(store.check(&f.scope).await.unwrap().is_empty());
    }
);

contract!(
    a_product_without_any_cost_is_refused_not_booked_at_zero,
    |store| {
        let f = Fixture::new(&store).await;
        let mut p = Fixture::product("NO-COST");
        p.allow_negative_stock = true;
        let id = ProductId(
            store
                .write(&f.scope, None, Command::CreateProduct(p))
                .await
                .unwrap()
                .id,
        );
        let err = post(&store, &f, cash_sale(&f, &[(id, 1_000, 500)]))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "product_without_cost");
        let err = store
            .write(
                &f.scope,
                None,
                Command::PostOpeningStock {
                    warehouse: f.warehouse,
                    product: id,
                    qty: 1_000,
                    unit_cost: 0,
                    now_ms: NOW,
                    rolls: Vec::new(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), "invalid_field");
        assert!(store.check(&f.scope).await.unwrap().is_empty());
    }
);

contract!(unknown_references_are_refused_naming_the_field, |store| {
    let f = Fixture::new(&store).await;
    let bad_product = post(
        &store,
        &f,
        cash_sale(&f, &[(ProductId(i64::MAX), 1_000, 1)]),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&bad_product, WriteError::Posting(SalePostingError::UnknownReference { field }) if field == "lines[0].product_id"),
        "{bad_product:?}"
    );
    let mut draft_lines = vec![NewSaleLine {
        product: f.rings,
        warehouse: WarehouseId(i64::MAX),
        qty: 1_000,
        unit_price: Some(1),
        discount: 0,
        label_amount: None,
    }];
    let err = post(
        &store,
        &f,
        SaleDraft::new(
            draft_lines.clone(),
            Payment::Cash {
                cash_register_id: f.register,
            },
            None,
        )
        .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("lines[0].warehouse_id"), "{err}");
    draft_lines[0].warehouse = f.warehouse;
    let err = post(
        &store,
        &f,
        SaleDraft::new(
            draft_lines.clone(),
            Payment::Cash {
                cash_register_id: CashRegisterId(i64::MAX),
            },
            None,
        )
        .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("cash_register_id"), "{err}");
    let err = post(
        &store,
        &f,
        SaleDraft::new(
            draft_lines,
            Payment::Credit {
                customer_id: CustomerId(i64::MAX),
            },
            None,
        )
        .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("customer_id"), "{err}");
    let err = store
        .write(
            &f.scope,
            None,
            Command::CompleteSale {
                sale: SaleId(i64::MAX),
                payments: None,
                session: None,
                now_ms: NOW,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert!(
        store
            .sales(&f.scope, 10, None, None)
            .await
            .unwrap()
            .is_empty()
    );
});

contract!(
    a_draft_posts_once_and_posting_again_returns_the_first_result,
    |store| {
        let f = Fixture::new(&store).await;
        let draft = cash_sale(&f, &[(f.rings, 2_000, 1_000)]);
        let w = store
            .write(
                &f.scope,
                None,
                Command::CreateSale {
                    draft,
                    complete: None,
                    cashier: "cashier".into(),
                    terms: mizan_domain::sales::SellerTerms::ANY,
                    now_ms: NOW,
                },
            )
            .await
            .unwrap();
        let s = store.sale(&f.scope, SaleId(w.id)).await.unwrap().unwrap();
        // A draft shows what it will cost (no cost of goods until it posts).
        assert_eq!(
            (s.status, s.number.clone(), s.total, s.cost),
            (SaleStatus::Draft, None, 2_280, 0)
        );
        assert!(store.check(&f.scope).await.unwrap().is_empty());
        let first = store
            .write(
                &f.scope,
                None,
                Command::CompleteSale {
                    sale: SaleId(w.id),
                    payments: None,
                    session: None,
                    now_ms: NOW,
                },
            )
            .await
            .unwrap();
        assert!(!first.replayed);
        let again = store
            .write(
                &f.scope,
                None,
                Command::CompleteSale {
                    sale: SaleId(w.id),
                    payments: None,
                    session: None,
                    now_ms: NOW + 1,
                },
            )
            .await
            .unwrap();
        assert!(again.replayed);
        let s = store.sale(&f.scope, SaleId(w.id)).await.unwrap().unwrap();
        assert_eq!((s.status, s.total), (SaleStatus::Posted, 2_280));
        let entries = store
            .journal(&f.scope)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.doc_kind == "sale")
            .count();
        assert_eq!(entries, 1);
        assert!(store.check(&f.scope).await.unwrap().is_empty());
    }
);

contract!(
    an_idempotency_key_replays_the_first_result_and_refuses_another_request,
    |store| {
        let f = Fixture::new(&store).await;
        let key = |hash: &str| {
            Some(Idempotency {
                key: "retry-1".into(),
                request_hash: hash.into(),
            })
        };
        let cmd = || Command::CreateSale {
            draft: cash_sale(&f, &[(f.rings, 1_000, 100)]),
            complete: Some(Settlement::Whole(PaymentMethod::Cash)),
            cashier: "cashier".into(),
            terms: mizan_domain::sales::SellerTerms::ANY,
            now_ms: NOW,
        };
        let first = store.write(&f.scope, key("h1"), cmd()).await.unwrap();
        let second = store.write(&f.scope, key("h1"), cmd()).await.unwrap();
        assert_eq!((second.id, second.replayed), (first.id, true));
        let reused = store.write(&f.scope, key("h2"), cmd()).await.unwrap_err();
        assert_eq!(reused.code(), "idempotency_key_reused");
        assert_eq!(
            store.sales(&f.scope, 10, None, None).await.unwrap().len(),
            1
        );
        let ring = store
            .stock_levels(&f.scope)
            .await
            .unwrap()
            .into_iter()
            .find(|l| l.product_id == f.rings)
            .unwrap();
        assert_eq!(ring.qty, 49_000);
        // Keys belong to a tenant: another tenant may use the same key.
        let g = Fixture::new(&store).await;
        let other = store
            .write(
                &g.scope,
                key("h1"),
                Command::CreateBranch { name: "B".into() },
            )
            .await
            .unwrap();
        assert!(!other.replayed);
    }
);

contract!(numbers_are_gapless_and_sales_list_newest_first, |store| {
    let f = Fixture::new(&store).await;
    for _ in 0..3 {
        post(&store, &f, cash_sale(&f, &[(f.rings, 1_000, 100)]))
            .await
            .unwrap();
        let _ = post(&store, &f, cash_sale(&f, &[(f.rings, 999_000, 100)]))
            .await
            .unwrap_err();
    }
    let sales = store.sales(&f.scope, 10, None, None).await.unwrap();
    let numbers: Vec<_> = sales.iter().map(|s| s.number.clone().unwrap()).collect();
    assert_eq!(
        numbers,
        ["INV-2026-000003", "INV-2026-000002", "INV-2026-000001"]
    );
    let older = store
        .sales(&f.scope, 10, Some(sales[0].id), None)
        .await
        .unwrap();
    assert_eq!(older.len(), 2);
    assert_eq!(store.sales(&f.scope, 1, None, None).await.unwrap().len(), 1);
});

contract!(
    one_tenant_can_neither_see_nor_post_against_another_tenants_objects,
    |store| {
        let a = Fixture::new(&store).await;
        let b = Fixture::new(&store).await;
        let sale_a = post(&store, &a, cash_sale(&a, &[(a.rings, 1_000, 100)]))
            .await
            .unwrap();
        assert!(
            store
                .sale(&b.scope, SaleId(sale_a))
                .await
                .unwrap()
                .is_none()
        );
        assert!(store.product(&b.scope, a.rings).await.unwrap().is_none());
        assert!(
            store
                .warehouse(&b.scope, a.warehouse)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .cash_register(&b.scope, a.register)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .customer(&b.scope, a.customer)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            store
                .sales(&b.scope, 10, None, None)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .journal(&b.scope)
                .await
                .unwrap()
                .iter()
                .all(|e| e.doc_kind != "sale")
        );
        // B posting with A's product, warehouse or register: not found, nothing written.
        let cross = SaleDraft::new(
            vec![NewSaleLine {
                product: a.rings,
                warehouse: b.warehouse,
                qty: 1_000,
                unit_price: Some(1),
                discount: 0,
                label_amount: None,
            }],
            Payment::Cash {
                cash_register_id: b.register,
            },
            None,
        )
        .unwrap();
        assert_eq!(
            post(&store, &b, cross).await.unwrap_err().code(),
            "not_found"
        );
        let cross = SaleDraft::new(
            vec![NewSaleLine {
                product: b.rings,
                warehouse: a.warehouse,
                qty: 1_000,
                unit_price: Some(1),
                discount: 0,
                label_amount: None,
            }],
            Payment::Cash {
                cash_register_id: b.register,
            },
            None,
        )
        .unwrap();
        assert_eq!(
            post(&store, &b, cross).await.unwrap_err().code(),
            "not_found"
        );
        let cross = SaleDraft::new(
            vec![NewSaleLine {
                product: b.rings,
                warehouse: b.warehouse,
                qty: 1_000,
                unit_price: Some(1),
                discount: 0,
                label_amount: None,
            }],
            Payment::Cash {
                cash_register_id: a.register,
            },
            None,
        )
        .unwrap();
        assert_eq!(
            post(&store, &b, cross).await.unwrap_err().code(),
            "not_found"
        );
        let err = store
            .write(
                &b.scope,
                None,
                Command::CompleteSale {
                    sale: SaleId(sale_a),
                    payments: None,
                    session: None,
                    now_ms: NOW,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), "not_found");
        let err = store
            .write(
                &b.scope,
                None,
                Command::PostOpeningStock {
                    warehouse: a.warehouse,
                    product: b.rings,
                    qty: 1,
                    unit_cost: 1,
                    now_ms: NOW,
                    rolls: Vec::new(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), "not_found");
        assert!(
            store
                .sales(&b.scope, 10, None, None)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(store.check(&a.scope).await.unwrap().is_empty());
        assert!(store.check(&b.scope).await.unwrap().is_empty());
    }
);

contract!(concurrent_sales_never_oversell, |store| {
    let f = Arc::new(Fixture::new(&store).await);
    let item = ProductId(
        store
            .write(
                &f.scope,
                None,
                Command::CreateProduct(Fixture::product("LAST-50")),
            )
            .await
            .unwrap()
            .id,
    );
    store
        .write(
            &f.scope,
            None,
            Command::PostOpeningStock {
                warehouse: f.warehouse,
                product: item,
                qty: 50_000,
                unit_cost: 700,
                now_ms: NOW,
                rolls: Vec::new(),
            },
        )
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let (store, f) = (Arc::clone(&store), Arc::clone(&f));
        tasks.push(tokio::spawn(async move {
            post(&store, &f, cash_sale(&f, &[(item, 1_000, 1_000)])).await
        }));
    }
    let (mut ok, mut refused) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => {
                assert_eq!(e.code(), "insufficient_stock", "{e:?}");
                refused += 1;
            }
        }
    }
    assert_eq!((ok, refused), (50, 150));
    let level = store
        .stock_levels(&f.scope)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.product_id == item)
        .unwrap();
    assert_eq!((level.qty, level.value), (0, 0));
    assert!(store.check(&f.scope).await.unwrap().is_empty());
});

// Writes that run together in one batch share the rows they change (levels, the number
// series, the day's report row, the batch's idempotency keys): a refused one between two
// posted ones must give back everything it took.
contract!(
    refused_sales_amid_batches_leave_no_gap_and_no_trace,
    |store| {
        let f = Arc::new(Fixture::new(&store).await);
        let day = mizan_domain::calendar::business_day(NOW, 0);
        let before = store.daily_sales(&f.scope, day).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..120_i64 {
            let (store, f) = (Arc::clone(&store), Arc::clone(&f));
            tasks.push(tokio::spawn(async move {
                // Every third sale asks for more rings than there are; every fifth repeats the
                // key of the sale before it.
                let qty = if i % 3 == 2 { 999_000_000 } else { 100 };
                let key = if i % 5 == 4 { i - 1 } else { i };
                let idem = Idempotency {
                    key: format!("amid-{key}"),
                    request_hash: format!("{key}"),
                };
                let draft = cash_sale(&f, &[(f.rings, qty, 100), (f.fabric, 100, 50)]);
                let sale = Command::CreateSale {
                    complete: draft.default_method().map(Settlement::Whole),
                    draft,
                    cashier: "cashier".into(),
                    terms: mizan_domain::sales::SellerTerms::ANY,
                    now_ms: NOW,
                };
                (i, store.write(&f.scope, Some(idem), sale).await)
            }));
        }
        let mut posted = std::collections::BTreeSet::new();
        for t in tasks {
            let (i, result) = t.await.unwrap();
            match result {
                Ok(w) => {
                    posted.insert(w.id);
                }
                Err(e) => assert!(
                    i % 3 == 2 && e.code() == "insufficient_stock" || i % 5 == 4,
                    "{i}: {e:?}"
                ),
            }
        }
        let sales = store.sales(&f.scope, 500, None, None).await.unwrap();
        assert_eq!(sales.len(), posted.len());
        let mut numbers: Vec<String> = sales.iter().map(|s| s.number.clone().unwrap()).collect();
        numbers.sort();
        let expected: Vec<String> = (1..=sales.len())
            .map(|n| format!("INV-2026-{n:06}"))
            .collect();
        assert_eq!(numbers, expected, "gapless");
        let sold = i64::try_from(sales.len()).unwrap();
        let level = |p: ProductId, levels: &[mizan_store::StockLevelRow]| {
            levels.iter().find(|l| l.product_id == p).unwrap().qty
        };
        let levels = store.stock_levels(&f.scope).await.unwrap();
        assert_eq!(level(f.rings, &levels), 50_000 - sold * 100);
        assert_eq!(level(f.fabric, &levels), 20_000 - sold * 100);
        let kept = store.daily_sales(&f.scope, day).await.unwrap();
        let count = |d: &[mizan_store::DailySales]| d.iter().map(|r| r.sales_count).sum::<i64>();
        assert_eq!(count(&kept) - count(&before), sold);
        // By hour: the same sales, each in NOW's hour of the shop's time.
        let hours = store.sales_by_hour(&f.scope, day, 0).await.unwrap();
        assert_eq!(
            hours.iter().map(|h| h.sales_count).sum::<i64>(),
            count(&kept)
        );
        let total = |d: &[mizan_store::DailySales]| d.iter().map(|r| r.total).sum::<i64>();
        assert_eq!(hours.iter().map(|h| h.total).sum::<i64>(), total(&kept));
        let hour = i32::try_from(NOW.rem_euclid(86_400_000) / 3_600_000).unwrap();
        assert!(hours.iter().all(|h| h.hour == hour), "{hours:?}");
        let cairo = store.sales_by_hour(&f.scope, day, 120).await.unwrap();
        assert!(cairo.iter().all(|h| h.hour == (hour + 2) % 24), "{cairo:?}");
        assert!(store.check(&f.scope).await.unwrap().is_empty());
        store.rebuild_daily_sales(&f.scope).await.unwrap();
        assert_eq!(
            store.daily_sales(&f.scope, day).await.unwrap(),
            kept,
            "= its rebuild"
        );
    }
);

contract!(
    check_names_a_tampered_stock_level_and_an_unbalanced_entry,
    |store| {
        let f = Fixture::new(&store).await;
        post(&store, &f, cash_sale(&f, &[(f.rings, 1_000, 100)]))
            .await
            .unwrap();
        assert!(store.check(&f.scope).await.unwrap().is_empty());
        support::tamper(
            &store,
            f.scope.tenant().0,
            "UPDATE stock_levels SET qty = qty + 1 WHERE tenant_id = $1",
        )
        .await;
        support::tamper(
            &store,
            f.scope.tenant().0,
            "UPDATE journal_lines SET amount = amount + 1 WHERE tenant_id = $1 AND amount = -100",
        )
        .await;
        let findings = store.check(&f.scope).await.unwrap();
        let names: Vec<&str> = findings.iter().map(|x| x.check).collect();
        assert!(names.contains(&"stock_ledger_qty"), "{findings:?}");
        assert!(names.contains(&"unbalanced_entry"), "{findings:?}");
        assert!(
            findings
                .iter()
                .any(|x| x.check == "unbalanced_entry" && x.subject == "INV-2026-000001"),
            "{findings:?}"
        );
    }
);

contract!(
    opening_stock_posts_inventory_against_opening_equity,
    |store| {
        let f = Fixture::new(&store).await;
        let balances = store.account_balances(&f.scope).await.unwrap();
        let bal = |code: &str| balances.iter().find(|a| a.code == code).unwrap().balance;
        // Fixture: 20 m fabric at 600.00 + 50 rings at 7.00.
        assert_eq!(bal("11051"), 1_200_000 + 35_000);
        assert_eq!(bal("31010"), -(1_200_000 + 35_000));
        let entries = store.journal(&f.scope).await.unwrap();
        assert_eq!(
            entries
                .iter()
                .filter(|e| e.doc_kind == "opening_stock")
                .count(),
            2
        );
        assert!(entries[0].number.starts_with("OPN-2026-"));
        let doc = store
            .opening_stock(&f.scope, mizan_domain::OpeningStockId(entries[0].doc_id))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(doc.value, 1_200_000);
        let service = ProductId(
            store
                .write(
                    &f.scope,
                    None,
                    Command::CreateProduct(NewProduct {
                        tracks_stock: false,
                        unit: "hour".into(),
                        ..Fixture::product("FIT")
                    }),
                )
                .await
                .unwrap()
                .id,
        );
        let err = store
            .write(
                &f.scope,
                None,
                Command::PostOpeningStock {
                    warehouse: f.warehouse,
                    product: service,
                    qty: 1_000,
                    unit_cost: 1,
                    now_ms: NOW,
                    rolls: Vec::new(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), "product_not_stocked");
        // A service sells with no stock move and no cost of goods.
        let id = post(&store, &f, cash_sale(&f, &[(service, 2_000, 25_000)]))
            .await
            .unwrap();
        assert_eq!(
            store
                .sale(&f.scope, SaleId(id))
                .await
                .unwrap()
                .unwrap()
                .cost,
            0
        );
        assert!(store.check(&f.scope).await.unwrap().is_empty());
    }
);

contract!(
    switching_negative_stock_on_takes_effect_for_the_next_sale,
    |store| {
        let f = Fixture::new(&store).await;
        // Sell once so the writer has the product's policy in hand.
        post(&store, &f, cash_sale(&f, &[(f.rings, 50_000, 1_000)]))
            .await
            .unwrap();
        let refused = post(&store, &f, cash_sale(&f, &[(f.rings, 1_000, 1_000)]))
            .await
            .unwrap_err();
        assert_eq!(refused.code(), "insufficient_stock");
        let changes = mizan_store::ProductChanges {
            allow_negative_stock: Some(true),
            cost_price: Some(800),
            ..Default::default()
        };
        store
            .write(
                &f.scope,
                None,
                Command::UpdateProduct {
                    product: f.rings,
                    changes,
                },
            )
            .await
            .unwrap();
        let p = store.product(&f.scope, f.rings).await.unwrap().unwrap();
        assert_eq!(
            (p.allow_negative_stock, p.cost_price, p.sale_price),
            (true, Some(800), 1_000)
        );
        post(&store, &f, cash_sale(&f, &[(f.rings, 2_000, 1_000)]))
            .await
            .unwrap();
        let level = store
            .stock_levels(&f.scope)
            .await
            .unwrap()
            .into_iter()
            .find(|l| l.product_id == f.rings)
            .unwrap();
        assert_eq!((level.qty, level.value), (-2_000, -1_600));
        // Receiving 3 at 9.00 covers the 2 short (variance 2 x 1.00 to COGS) and leaves 1 at 9.00.
        store
            .write(
                &f.scope,
                None,
                Command::PostOpeningStock {
                    warehouse: f.warehouse,
                    product: f.rings,
                    qty: 3_000,
                    unit_cost: 900,
                    now_ms: NOW,
                    rolls: Vec::new(),
                },
            )
            .await
            .unwrap();
        let level = store
            .stock_levels(&f.scope)
            .await
            .unwrap()
            .into_iter()
            .find(|l| l.product_id == f.rings)
            .unwrap();
        assert_eq!((level.qty, level.value), (1_000, 900));
        let missing = store
            .write(
                &f.scope,
                None,
                Command::UpdateProduct {
                    product: ProductId(i64::MAX),
                    changes: Default::default(),
                },
            )
            .await;
        assert_eq!(missing.unwrap_err().code(), "not_found");
        assert!(store.check(&f.scope).await.unwrap().is_empty());
    }
);

contract!(
    a_draft_with_an_unknown_reference_on_any_line_is_refused,
    |store| {
        let f = Fixture::new(&store).await;
        let other = Fixture::new(&store).await;
        // Line 0 is wrong in another way (its discount exceeds it); line 1 names another tenant's
        // product. A draft ignores the first, never the second.
        let lines = vec![
            NewSaleLine {
                product: f.rings,
                warehouse: f.warehouse,
                qty: 1_000,
                unit_price: Some(10),
                discount: 11,
                label_amount: None,
            },
            NewSaleLine {
                product: other.rings,
                warehouse: f.warehouse,
                qty: 1_000,
                unit_price: Some(10),
                discount: 0,
                label_amount: None,
            },
        ];
        let draft = SaleDraft::new(
            lines,
            Payment::Cash {
                cash_register_id: f.register,
            },
            None,
        )
        .unwrap();
        let err = store
            .write(
                &f.scope,
                None,
                Command::CreateSale {
                    draft,
                    complete: None,
                    cashier: "cashier".into(),
                    terms: mizan_domain::sales::SellerTerms::ANY,
                    now_ms: NOW,
                },
            )
            .await
            .unwrap_err();
        assert!(err.to_string().contains("lines[1].product_id"), "{err}");
        assert!(
            store
                .sales(&f.scope, 10, None, None)
                .await
                .unwrap()
                .is_empty()
        );
    }
);

contract!(
    the_database_itself_refuses_a_reference_to_another_tenants_row,
    |store| {
        let a = Fixture::new(&store).await;
        let b = Fixture::new(&store).await;
        let (bt, ap, aw) = (b.scope.tenant().0, a.rings.0, a.warehouse.0);
        let level = format!(
            "INSERT INTO stock_levels (tenant_id, warehouse_id, product_id, qty, value) VALUES ($1, {}, {ap}, 1, 1)",
            b.warehouse.0
        );
        assert!(
            !support::try_tamper(&store, bt, &level).await,
            "B's level of A's product"
        );
        let level = format!(
            "INSERT INTO stock_levels (tenant_id, warehouse_id, product_id, qty, value) VALUES ($1, {aw}, {}, 1, 1)",
            b.rings.0
        );
        assert!(
            !support::try_tamper(&store, bt, &level).await,
            "B's level in A's warehouse"
        );
        let own = format!(
            "INSERT INTO stock_levels (tenant_id, warehouse_id, product_id, qty, value) VALUES ($1, {}, {}, 0, 0) ON CONFLICT DO NOTHING",
            b.warehouse.0, b.rings.0
        );
        assert!(
            support::try_tamper(&store, bt, &own).await,
            "B's own rows are accepted"
        );
    }
);
