//! The workshop through the store, on every backend: a fabric kept in rolls whose rolls follow
//! every move (opening stock, a till sale, a transfer); cutting items reserved (never more than
//! is free), cut off one roll into work in progress exactly once, and cancelled back onto the
//! same roll at the same value; refusals that name what was wrong and change nothing; two
//! cutters on one roll at once; purchases bringing in named rolls; an offcut written off; an
//! installation's one archive record; and `check` catching rolls, reservations, cuts and
//! archives tampered with.

use std::sync::Arc;

use mizan_domain::purchases::{PurchaseDraft, PurchaseLine};
use mizan_domain::sales::{
    NewPayment, NewSaleLine, PaymentMethod, Payments, SaleDraft, SellerTerms, Settlement,
};
use mizan_domain::transfers::{Transfer, TransferLine};
use mizan_domain::workshop::{Action, NewRoll};
use mizan_domain::{ProductId, Refusal, WarehouseId};
use mizan_store::{
    Command, InstallationMove, NewCuttingItem, NewCuttingOrder, NewInstallation, NewProduct,
    RollFilter, Store, WriteError,
};

use crate::support::{Fixture, NOW, balance, findings, tamper};

/// 100.00 a metre.
const COST: i64 = 10_000;

fn velvet_named(code: &str) -> NewProduct {
    NewProduct {
        unit: "m".into(),
        vat_bp: 0,
        sale_price: 15_000,
        in_rolls: true,
        ..Fixture::product(code)
    }
}

fn roll(label: &str, length: i64) -> NewRoll {
    NewRoll::new(label, length, Some(2_800)).unwrap()
}

async fn exec(store: &Arc<dyn Store>, f: &Fixture, cmd: Command) -> Result<i64, WriteError> {
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

/// A fabric `code` kept in rolls with `rolls` of it in the fixture's warehouse at 100.00 a
/// metre.
async fn fabric(store: &Arc<dyn Store>, f: &Fixture, code: &str, rolls: Vec<NewRoll>) -> ProductId {
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
async fn order(
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

fn step(item: i64, action: Action, reason: Option<&str>) -> Command {
    Command::StepCuttingItem {
        item,
        action,
        reason: reason.map(str::to_owned),
        by: "cutter".into(),
        now_ms: NOW + 60_000,
    }
}

async fn on_hand(store: &Arc<dyn Store>, f: &Fixture, product: ProductId) -> i64 {
    store
        .stock_levels(&f.scope)
        .await
        .unwrap()
        .into_iter()
        .filter(|l| l.product_id == product && l.warehouse_id == f.warehouse)
        .map(|l| l.qty)
        .sum()
}

async fn rolls(store: &Arc<dyn Store>, f: &Fixture, product: ProductId) -> Vec<(String, i64)> {
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

async fn status(store: &Arc<dyn Store>, f: &Fixture, item: i64) -> String {
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

fn detail(e: &WriteError, name: &str) -> String {
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

contract!(
    purchases_bring_in_named_rolls_and_an_offcut_is_written_off,
    |store| {
        let f = Fixture::new(&store).await;
        let velvet = ProductId(
            exec(&store, &f, Command::CreateProduct(velvet_named("VELVET/P")))
                .await
                .unwrap(),
        );
        let supplier = mizan_domain::SupplierId(
            exec(
                &store,
                &f,
                Command::CreateSupplier {
                    name: "Nile Threads".into(),
                    phone: None,
                    tax_number: None,
                },
            )
            .await
            .unwrap(),
        );
        let line = |qty| PurchaseLine {
            product: velvet,
            qty,
            unit_cost: COST,
            vat_bp: None,
        };
        let purchase = |rolls: Vec<Vec<NewRoll>>| {
            let draft =
                PurchaseDraft::new(supplier, f.warehouse, None, vec![line(30_000), line(600)])
                    .unwrap()
                    .with_rolls(rolls);
            draft.map(|draft| Command::CreatePurchase {
                draft,
                received_by: "manager".into(),
                now_ms: NOW,
            })
        };
        // Rolls that do not add up to their line are refused before anything is written.
        let e = purchase(vec![vec![roll("P1", 20_000)]]).unwrap_err();
        assert_eq!(e.code(), "invalid_field");
        // Two lines of one fabric: the first names two rolls, the second comes in as one (an
        // offcut: 0.6 m), labelled with the receipt's number and line.
        let cmd = purchase(vec![vec![roll("P1", 20_000), roll("P2", 10_000)]]).unwrap();
        exec(&store, &f, cmd).await.unwrap();
        let mut got = rolls(&store, &f, velvet).await;
        got.sort();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].1), ("P1", 20_000));
        assert_eq!((got[1].0.as_str(), got[1].1), ("P2", 10_000));
        assert!(got[2].0.ends_with("/2") && got[2].1 == 600, "{got:?}");
        // The offcut is written off with a reason: 0.6 m at 100.00 to damaged goods.
        let offcut = store
            .rolls(
                &f.scope,
                RollFilter {
                    product: Some(velvet),
                    offcuts: true,
                    ..RollFilter::default()
                },
            )
            .await
            .unwrap()[0]
            .id;
        let off = |reason: &str| Command::WriteOffRoll {
            roll: offcut,
            reason: reason.into(),
            now_ms: NOW,
        };
        let e = exec(&store, &f, off(" ")).await.unwrap_err();
        assert_eq!(e.code(), "invalid_field");
        exec(&store, &f, off("too short to sell")).await.unwrap();
        assert_eq!(on_hand(&store, &f, velvet).await, 30_000);
        assert_eq!(balance(&store, &f, "52010").await, 6_000);
        let gone = store.roll(&f.scope, offcut).await.unwrap().unwrap();
        assert_eq!(
            (gone.remaining, gone.written_off.as_deref()),
            (0, Some("too short to sell"))
        );
        let e = exec(&store, &f, off("again")).await.unwrap_err();
        assert_eq!(e.code(), "roll_used_up");
        // A roll whose length cutting items hold is not written off.
        let items = order(&store, &f, velvet, &[(15_000, None)]).await;
        exec(&store, &f, step(items[0], Action::Reserve, None))
            .await
            .unwrap();
        let p1 = store
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
            .find(|r| r.label == "P1")
            .unwrap()
            .id;
        let e = exec(
            &store,
            &f,
            Command::WriteOffRoll {
                roll: p1,
                reason: "water damage".into(),
                now_ms: NOW,
            },
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "insufficient_stock");
        assert_eq!(findings(&store, &f).await, Vec::<String>::new());
    }
);

contract!(
    an_installation_keeps_one_archive_record_and_check_finds_one_missing,
    |store| {
        let f = Fixture::new(&store).await;
        let team = exec(
            &store,
            &f,
            Command::CreateInstallationTeam {
                name: "North".into(),
                members: Vec::new(),
                now_ms: NOW,
            },
        )
        .await
        .unwrap();
        let id = exec(
            &store,
            &f,
            Command::ScheduleInstallation(NewInstallation {
                team,
                customer: Some(f.customer),
                cutting_order: None,
                address: "12 Nile St".into(),
                day: 20_261_205,
                window: (600, 720),
                note: None,
                by: "manager".into(),
                now_ms: NOW,
            }),
        )
        .await
        .unwrap();
        let to = |state, note: &str| {
            Command::MoveInstallation(InstallationMove {
                installation: id,
                to: state,
                note: Some(note.into()),
                by: "adel".into(),
                member: None,
                now_ms: NOW,
            })
        };
        use mizan_domain::workshop::InstallState as S;
        for (state, note) in [
            (S::InProgress, "on site"),
            (S::Completed, "done"),
            (S::ModificationRequired, "too long"),
            (S::ModificationCompleted, "shortened"),
            (S::ModificationRequired, "still too long"),
            (S::ModificationCompleted, "shortened again"),
        ] {
            exec(&store, &f, to(state, note)).await.unwrap();
        }
        let e = exec(&store, &f, to(S::Scheduled, "back"))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "installation_state");
        let got = store
            .installation(&f.scope, id, None)
            .await
            .unwrap()
            .unwrap();
        let archive = got.archive.unwrap();
        assert_eq!(archive.notes.lines().count(), 3, "{}", archive.notes);
        assert_eq!(got.events.len(), 7);
        assert_eq!(findings(&store, &f).await, Vec::<String>::new());
        tamper(
            &store,
            f.scope.tenant().0,
            "DELETE FROM installation_archives WHERE tenant_id = $1",
        )
        .await;
        let found = findings(&store, &f).await;
        assert!(
            found.iter().any(|x| x.starts_with("installation_archives")),
            "{found:?}"
        );
    }
);

contract!(
    a_roll_written_off_then_given_a_cut_back_can_be_written_off_again,
    |store| {
        let f = Fixture::new(&store).await;
        let velvet = fabric(&store, &f, "VELVET/W", vec![roll("W1", 5_000)]).await;
        let items = order(&store, &f, velvet, &[(2_000, None)]).await;
        exec(&store, &f, step(items[0], Action::Reserve, None))
            .await
            .unwrap();
        exec(&store, &f, step(items[0], Action::Cut, None))
            .await
            .unwrap();
        let w1 = store
            .cutting_item(&f.scope, items[0])
            .await
            .unwrap()
            .unwrap()
            .cut_roll_id
            .unwrap();
        let off = |reason: &str| Command::WriteOffRoll {
            roll: w1,
            reason: reason.into(),
            now_ms: NOW,
        };
        exec(&store, &f, off("stained")).await.unwrap();
        // The cut goes back onto the written-off roll: it holds 2 m again, and can go again.
        exec(
            &store,
            &f,
            step(items[0], Action::Cancel, Some("order changed")),
        )
        .await
        .unwrap();
        let back = store.roll(&f.scope, w1).await.unwrap().unwrap();
        assert_eq!((back.remaining, back.written_off), (2_000, None));
        exec(&store, &f, off("stained too")).await.unwrap();
        assert_eq!(on_hand(&store, &f, velvet).await, 0);
        assert_eq!(balance(&store, &f, "52010").await, 50_000);
        // A cutting order may not charge a cash drawer's account.
        let drawer = store
            .cash_register(&f.scope, f.register)
            .await
            .unwrap()
            .unwrap()
            .account_id;
        let e = exec(
            &store,
            &f,
            Command::CreateCuttingOrder(NewCuttingOrder {
                note: None,
                charge_to: Some(drawer),
                items: vec![NewCuttingItem {
                    product: velvet,
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
        assert_eq!(
            (e.code(), detail(&e, "field").contains("charge_account_id")),
            ("invalid_field", true)
        );
        assert_eq!(findings(&store, &f).await, Vec::<String>::new());
    }
);
