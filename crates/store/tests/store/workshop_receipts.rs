//! Rolls coming in and going out through the store, on every backend: purchase lines that name
//! their rolls (or come in as one), rolls that do not add up refused before anything is
//! written; an offcut written off with a reason to damaged goods; a roll whose length cutting
//! items hold is not written off; a roll written off and then given a cut back can go again;
//! and no cutting order charged to a cash drawer.

use mizan_domain::purchases::{PurchaseDraft, PurchaseLine};
use mizan_domain::workshop::{Action, NewRoll};
use mizan_domain::{ProductId, Refusal};
use mizan_store::{Command, NewCuttingItem, NewCuttingOrder, RollFilter};

use crate::support::{Fixture, NOW, balance, findings};
use crate::workshop::{
    COST, detail, exec, fabric, on_hand, order, roll, rolls, step, velvet_named,
};

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
