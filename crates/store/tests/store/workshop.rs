//! The workshop through the store, on every backend: a fabric kept in rolls whose rolls follow
//! every move (opening stock, a till sale, a transfer); cutting items reserved (never more than
//! is free), cut off one roll into work in progress exactly once, and cancelled back onto the
//! same roll at the same value; refusals that name what was wrong and change nothing; two
//! cutters on one roll at once; and `check` catching rolls, reservations and cuts tampered with.
//! Receipts and write-offs are in `workshop_receipts`, installations in `installations`.

use std::sync::Arc;

use mizan_domain::sales::{
    NewPayment, NewSaleLine, PaymentMethod, Payments, SaleDraft, SellerTerms, Settlement,
};
use mizan_domain::transfers::{Transfer, TransferLine};
use mizan_domain::workshop::{Action, NewRoll};
use mizan_domain::{ProductId, Refusal, WarehouseId};
use mizan_store::{
    Command, NewCuttingItem, NewCuttingOrder, NewProduct, RollFilter, Store, WriteError,
};

use crate::support::{Fixture, NOW, balance, findings, tamper};

/// 100.00 a metre.
pub(crate) const COST: i64 = 10_000;

pub(crate) fn velvet_named(code: &str) -> NewProduct {
    NewProduct {
        unit: "m".into(),
        vat_bp: 0,
        sale_price: 15_000,
        in_rolls: true,
        ..Fixture::product(code)
    }
}

pub(crate) fn roll(label: &str, length: i64) -> NewRoll {
    NewRoll::new(label, length, Some(2_800)).unwrap()
}

pub(crate) async fn exec(
    store: &Arc<dyn Store>,
    f: &Fixture,
    cmd: Command,
) -> Result<i64, WriteError> {
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

/// A fabric `code` kept in rolls with `rolls` of it in the fixture's warehouse at 100.00 a
/// metre.
pub(crate) async fn fabric(
    store: &Arc<dyn Store>,
    f: &Fixture,
    code: &str,
    rolls: Vec<NewRoll>,
) -> ProductId {
    let product = ProductId(
        exec(store, f, Command::CreateProduct(velvet_named(code)))
            .await
            .unwrap(),
    );
    let qty = rolls.iter().map(|r| r.length).sum();
    exec(
        store,
        f,
        Command::PostOpeningStock {
            warehouse: f.warehouse,
            product,
            qty,
            unit_cost: COST,
            rolls,
            now_ms: NOW,
        },
    )
    .await
    .unwrap();
    product
}

/// A cutting order of `lengths` of `product`, its item ids.
pub(crate) async fn order(
    store: &Arc<dyn Store>,
    f: &Fixture,
    product: ProductId,
    lengths: &[(i64, Option<i64>)],
) -> Vec<i64> {
    let id = exec(
        store,
        f,
        Command::CreateCuttingOrder(NewCuttingOrder {
            note: Some("Mona's curtains".into()),
            charge_to: None,
            items: lengths
                .iter()
                .map(|&(length, roll)| NewCuttingItem {
                    product,
                    warehouse: f.warehouse,
                    length,
                    roll,
                })
                .collect(),
            by: "manager".into(),
            now_ms: NOW,
        }),
    )
    .await
    .unwrap();
    let order = store.cutting_order(&f.scope, id).await.unwrap().unwrap();
    order.items.iter().map(|i| i.id).collect()
}

pub(crate) fn step(item: i64, action: Action, reason: Option<&str>) -> Command {
    Command::StepCuttingItem {
        item,
        action,
        reason: reason.map(str::to_owned),
        by: "cutter".into(),
        now_ms: NOW + 60_000,
    }
}

pub(crate) async fn on_hand(store: &Arc<dyn Store>, f: &Fixture, product: ProductId) -> i64 {
    store
        .stock_levels(&f.scope)
        .await
        .unwrap()
        .into_iter()
        .filter(|l| l.product_id == product && l.warehouse_id == f.warehouse)
        .map(|l| l.qty)
        .sum()
}

pub(crate) async fn rolls(
    store: &Arc<dyn Store>,
    f: &Fixture,
    product: ProductId,
) -> Vec<(String, i64)> {
    let filter = RollFilter {
        product: Some(product),
        ..RollFilter::default()
    };
    store
        .rolls(&f.scope, filter)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.label, r.remaining))
        .collect()
}

pub(crate) async fn status(store: &Arc<dyn Store>, f: &Fixture, item: i64) -> String {
    store
        .cutting_item(&f.scope, item)
        .await
        .unwrap()
        .unwrap()
        .status
}

async fn sell(
    store: &Arc<dyn Store>,
    f: &Fixture,
    product: ProductId,
    qty: i64,
) -> Result<i64, WriteError> {
    let draft = SaleDraft::at(
        vec![NewSaleLine {
            product,
            warehouse: f.warehouse,
            qty,
            unit_price: Some(15_000),
            discount: 0,
            label_amount: None,
        }],
        Some(f.register),
        None,
        None,
        None,
    )
    .unwrap();
    let amount = qty * 15_000 / 1_000;
    let paid = Payments::new(vec![NewPayment {
        method: PaymentMethod::Cash,
        amount,
        received: Some(amount),
    }])
    .unwrap();
    exec(
        store,
        f,
        Command::CreateSale {
            draft,
            complete: Some(Settlement::Payments(paid)),
            cashier: "cashier".into(),
            terms: SellerTerms::ANY,
            now_ms: NOW,
        },
    )
    .await
}

pub(crate) fn detail(e: &WriteError, name: &str) -> String {
    e.details()
        .into_iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| format!("{v:?}"))
        .unwrap_or_default()
}

contract!(
    rolls_follow_stock_and_each_cut_deducts_exactly_once,
    |store| {
        let f = Fixture::new(&store).await;
        let velvet = fabric(
            &store,
            &f,
            "VELVET/R",
            vec![roll("R1", 30_000), roll("R2", 12_000), roll("OFF1", 800)],
        )
        .await;
        assert_eq!(on_hand(&store, &f, velvet).await, 42_800);
        let found = store
            .rolls(
                &f.scope,
                RollFilter {
                    product: Some(velvet),
                    offcuts: true,
                    ..RollFilter::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "a roll below a metre comes in as an offcut");
        assert_eq!(found[0].label, "OFF1");

        let items = order(
            &store,
            &f,
            velvet,
            &[(10_000, None), (25_000, None), (8_000, None)],
        )
        .await;
        exec(&store, &f, step(items[0], Action::Reserve, None))
            .await
            .unwrap();
        exec(&store, &f, step(items[1], Action::Reserve, None))
            .await
            .unwrap();
        // 42.8 m on hand, 35 m reserved: 7.8 m free, not 8.
        let e = exec(&store, &f, step(items[2], Action::Reserve, None))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "insufficient_stock");
        assert!(detail(&e, "product_code").contains("VELVET/R"), "{e:?}");
        assert!(detail(&e, "available").contains("7800"), "{e:?}");
        assert!(detail(&e, "requested").contains("8000"), "{e:?}");
        assert_eq!(status(&store, &f, items[2]).await, "pending");
        let short = store.shortages(&f.scope).await.unwrap();
        assert_eq!(short.len(), 1);
        assert_eq!((short[0].needed, short[0].short), (8_000, 200));

        // The till may sell only what no cutting item holds.
        let e = sell(&store, &f, velvet, 8_000).await.unwrap_err();
        assert_eq!(e.code(), "insufficient_stock");
        sell(&store, &f, velvet, 5_000).await.unwrap();
        // It came off the shortest roll that holds 5 m.
        let mut left = rolls(&store, &f, velvet).await;
        left.sort();
        assert_eq!(
            left,
            vec![
                ("OFF1".into(), 800),
                ("R1".into(), 30_000),
                ("R2".into(), 7_000)
            ]
        );

        // A cut: off R1 (R2 is now too short), into work in progress, once.
        exec(&store, &f, step(items[0], Action::Cut, None))
            .await
            .unwrap();
        let again = store
            .write(&f.scope, None, step(items[0], Action::Cut, None))
            .await
            .unwrap();
        assert!(again.replayed, "a repeated cut answers the first");
        assert_eq!(on_hand(&store, &f, velvet).await, 27_800);
        assert_eq!(balance(&store, &f, "11052").await, 100_000);
        let cut = store
            .cutting_item(&f.scope, items[0])
            .await
            .unwrap()
            .unwrap();
        assert_eq!((cut.status.as_str(), cut.cut_value), ("cut", Some(100_000)));
        assert_eq!(cut.cut_roll_label.as_deref(), Some("R1"));

        // 25 m in one piece: no roll holds it (R1 has 20 m left), and nothing changes.
        let e = exec(&store, &f, step(items[1], Action::Cut, None))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "no_roll_long_enough");
        assert_eq!(status(&store, &f, items[1]).await, "reserved");
        assert_eq!(on_hand(&store, &f, velvet).await, 27_800);

        // Cancelling a cut needs a reason, and puts exactly its length and value back on R1.
        let e = exec(&store, &f, step(items[0], Action::Cancel, None))
            .await
            .unwrap_err();
        assert_eq!(
            (e.code(), detail(&e, "field").contains("reason")),
            ("invalid_field", true)
        );
        exec(
            &store,
            &f,
            step(items[0], Action::Cancel, Some("wrong drop measured")),
        )
        .await
        .unwrap();
        assert_eq!(on_hand(&store, &f, velvet).await, 37_800);
        assert_eq!(balance(&store, &f, "11052").await, 0);
        let r1 = rolls(&store, &f, velvet).await;
        assert!(r1.contains(&("R1".into(), 30_000)), "{r1:?}");
        let e = exec(&store, &f, step(items[0], Action::Cut, None))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "cutting_item_state");
        let roll_id = cut.cut_roll_id.unwrap();
        let history = store.roll(&f.scope, roll_id).await.unwrap().unwrap().cuts;
        assert_eq!(
            history.iter().map(|c| c.length).collect::<Vec<_>>(),
            vec![10_000, -10_000]
        );
        assert_eq!(findings(&store, &f).await, Vec::<String>::new());

        // What `check` catches: a roll that lost length, an item marked cut that deducted
        // nothing, a reservation above what is on hand.
        let t = f.scope.tenant().0;
        tamper(
        &store,
        t,
        "UPDATE fabric_rolls SET remaining = remaining - 1 WHERE tenant_id = $1 AND label = 'R2'",
    )
    .await;
        tamper(
            &store,
            t,
            &format!(
                "UPDATE cutting_items SET status = 'cut' WHERE tenant_id = $1 AND id = {}",
                items[2]
            ),
        )
        .await;
        tamper(
            &store,
            t,
            &format!(
                "UPDATE cutting_items SET length = 99000000 WHERE tenant_id = $1 AND id = {}",
                items[1]
            ),
        )
        .await;
        let found = findings(&store, &f).await;
        for check in [
            "rolls_vs_stock",
            "roll_remaining_vs_cuts",
            "cut_items_vs_stock_moves",
            "reserved_within_on_hand",
        ] {
            assert!(
                found.iter().any(|x| x.starts_with(check)),
                "{check}: {found:?}"
            );
        }
    }
);

contract!(offcuts_transfers_and_refusals_keep_rolls_whole, |store| {
    let f = Fixture::new(&store).await;
    let velvet = fabric(&store, &f, "VELVET/R", vec![roll("R1", 7_000)]).await;
    // What a cut leaves below a metre is an offcut.
    let items = order(&store, &f, velvet, &[(6_500, None)]).await;
    exec(&store, &f, step(items[0], Action::Reserve, None))
        .await
        .unwrap();
    exec(&store, &f, step(items[0], Action::Cut, None))
        .await
        .unwrap();
    let left = store
        .rolls(
            &f.scope,
            RollFilter {
                product: Some(velvet),
                ..RollFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!((left[0].remaining, left[0].offcut), (500, true));

    // A transfer takes a piece off a roll and brings it in with the roll's label and width.
    let other = WarehouseId(
        exec(
            &store,
            &f,
            Command::CreateWarehouse {
                branch_id: None,
                code: "3000".into(),
                name: "Workshop".into(),
            },
        )
        .await
        .unwrap(),
    );
    let transfer = Transfer::new(
        f.warehouse,
        other,
        vec![TransferLine {
            product: velvet,
            qty: 500,
        }],
        None,
    )
    .unwrap();
    exec(
        &store,
        &f,
        Command::TransferStock {
            transfer,
            moved_by: "manager".into(),
            now_ms: NOW,
        },
    )
    .await
    .unwrap();
    let there = store
        .rolls(
            &f.scope,
            RollFilter {
                product: Some(velvet),
                warehouse: Some(other),
                ..RollFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(there.len(), 1);
    assert_eq!((there[0].label.as_str(), there[0].remaining), ("R1", 500));
    assert_eq!(there[0].width_mm, Some(2_800));

    // Refusals.
    let bad = exec(
        &store,
        &f,
        Command::CreateProduct(NewProduct {
            unit: "piece".into(),
            ..velvet_named("BAD-1")
        }),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (bad.code(), detail(&bad, "field").contains("unit")),
        ("invalid_field", true)
    );
    let tulle = ProductId(
        exec(&store, &f, Command::CreateProduct(velvet_named("TULLE")))
            .await
            .unwrap(),
    );
    let opening = |rolls: Vec<NewRoll>, qty| Command::PostOpeningStock {
        warehouse: f.warehouse,
        product: tulle,
        qty,
        unit_cost: COST,
        rolls,
        now_ms: NOW,
    };
    let e = exec(&store, &f, opening(Vec::new(), 5_000))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "kept_in_rolls");
    let e = exec(&store, &f, opening(vec![roll("T1", 4_000)], 5_000))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), detail(&e, "field").contains("rolls")),
        ("invalid_field", true)
    );
    let e = exec(
        &store,
        &f,
        Command::CreateCuttingOrder(NewCuttingOrder {
            note: None,
            charge_to: None,
            items: vec![NewCuttingItem {
                product: f.rings,
                warehouse: f.warehouse,
                length: 1_000,
                roll: None,
            }],
            by: "manager".into(),
            now_ms: NOW,
        }),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "not_kept_in_rolls");
    assert_eq!(on_hand(&store, &f, tulle).await, 0);
    assert_eq!(findings(&store, &f).await, Vec::<String>::new());
});

contract!(
    two_cutters_on_one_roll_never_take_more_than_it_holds,
    |store| {
        let f = Fixture::new(&store).await;
        for round in 0..5 {
            let code = format!("VELVET/{round}");
            let velvet = fabric(
                &store,
                &f,
                &code,
                vec![roll("A", 10_000), roll("B", 10_000)],
            )
            .await;
            let a = store
                .rolls(
                    &f.scope,
                    RollFilter {
                        product: Some(velvet),
                        ..RollFilter::default()
                    },
                )
                .await
                .unwrap()
                .into_iter()
                .find(|r| r.label == "A")
                .unwrap()
                .id;
            let items = order(&store, &f, velvet, &[(6_000, Some(a)), (6_000, Some(a))]).await;
            for item in &items {
                exec(&store, &f, step(*item, Action::Reserve, None))
                    .await
                    .unwrap();
            }
            let (x, y) = tokio::join!(
                exec(&store, &f, step(items[0], Action::Cut, None)),
                exec(&store, &f, step(items[1], Action::Cut, None)),
            );
            let refused: Vec<_> = [&x, &y]
                .into_iter()
                .filter_map(|r| r.as_ref().err())
                .collect();
            assert_eq!(refused.len(), 1, "{x:?} {y:?}");
            assert_eq!(refused[0].code(), "roll_too_short");
            let roll = store.roll(&f.scope, a).await.unwrap().unwrap();
            assert_eq!(roll.remaining, 4_000);
            assert_eq!(on_hand(&store, &f, velvet).await, 14_000);
        }
        assert_eq!(findings(&store, &f).await, Vec::<String>::new());
    }
);
