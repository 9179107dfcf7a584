//! Property test of the workshop as stored, on both backends: after any sequence of rolls
//! received, cutting items made, reserved, cut and cancelled, till sales of the fabric and rolls
//! written off (some refused), in each warehouse on hand equals the sum of the rolls' remaining
//! lengths, what reserved items hold never exceeds on hand, work in progress equals the value
//! of the items cut and not cancelled, a cancelled cut put back exactly what it took, and
//! `mizan check` finds nothing.

use std::sync::Arc;

use mizan_domain::sales::{
    NewPayment, NewSaleLine, PaymentMethod, Payments, SaleDraft, SellerTerms, Settlement,
};
use mizan_domain::workshop::{Action, NewRoll};
use mizan_domain::{ProductId, Refusal};
use mizan_store::{
    Command, NewCuttingItem, NewCuttingOrder, NewProduct, RollFilter, Store, WriteError,
};
use proptest::prelude::*;

use crate::support::{self, Fixture, NOW};

#[derive(Debug, Clone)]
enum Op {
    /// Rolls of these lengths (tenths of a metre) at this cost a metre.
    Receive(Vec<i64>, i64),
    /// A cutting item of this length (tenths of a metre), on roll `roll` when `Some` (the
    /// n-th roll there is, modulo).
    Order(i64, Option<usize>),
    Reserve(usize),
    Cut(usize),
    Cancel(usize),
    /// A till sale of this length (tenths of a metre).
    Sell(i64),
    /// Writes off the n-th roll (modulo).
    WriteOff(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (prop::collection::vec(1_i64..400, 1..4), 50_i64..500).prop_map(|(r, c)| Op::Receive(r, c)),
        3 => (1_i64..150, prop::option::of(0_usize..8)).prop_map(|(l, r)| Op::Order(l, r)),
        3 => (0_usize..20).prop_map(Op::Reserve),
        3 => (0_usize..20).prop_map(Op::Cut),
        1 => (0_usize..20).prop_map(Op::Cancel),
        2 => (1_i64..100).prop_map(Op::Sell),
        1 => (0_usize..8).prop_map(Op::WriteOff),
    ]
}

/// The codes a refusal in this workload may carry: anything else is a bug.
const REFUSALS: &[&str] = &[
    "insufficient_stock",
    "no_roll_long_enough",
    "roll_too_short",
    "cutting_item_state",
    "roll_used_up",
    "product_without_cost",
];

fn refused(r: Result<(), WriteError>) {
    if let Err(e) = r {
        assert!(REFUSALS.contains(&e.code()), "unexpected refusal {e:?}");
    }
}

async fn write(store: &Arc<dyn Store>, f: &Fixture, cmd: Command) -> Result<i64, WriteError> {
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

async fn run(store: Arc<dyn Store>, ops: Vec<Op>) {
    let f = Fixture::new(&store).await;
    let fabric = ProductId(
        write(
            &store,
            &f,
            Command::CreateProduct(NewProduct {
                unit: "metre".into(),
                vat_bp: 0,
                in_rolls: true,
                ..Fixture::product("VELVET/P")
            }),
        )
        .await
        .unwrap(),
    );
    let mut items: Vec<i64> = Vec::new();
    for (n, op) in ops.into_iter().enumerate() {
        let rolls = store
            .rolls(
                &f.scope,
                RollFilter {
                    product: Some(fabric),
                    ..RollFilter::default()
                },
            )
            .await
            .unwrap();
        let nth = |i: usize| (!rolls.is_empty()).then(|| rolls[i % rolls.len()].id);
        let item = |i: usize| (!items.is_empty()).then(|| items[i % items.len()]);
        let step = |item, action| Command::StepCuttingItem {
            item,
            action,
            reason: Some("changed".into()),
            by: "cutter".into(),
            now_ms: NOW,
        };
        match op {
            Op::Receive(lengths, cost) => {
                let rolls: Vec<NewRoll> = lengths
                    .iter()
                    .enumerate()
                    .map(|(i, l)| NewRoll::new(&format!("R{n}-{i}"), l * 100, None).unwrap())
                    .collect();
                let cmd = Command::PostOpeningStock {
                    warehouse: f.warehouse,
                    product: fabric,
                    qty: lengths.iter().sum::<i64>() * 100,
                    unit_cost: cost * 100,
                    rolls,
                    now_ms: NOW,
                };
                write(&store, &f, cmd).await.unwrap();
            }
            Op::Order(length, roll) => {
                let cmd = Command::CreateCuttingOrder(NewCuttingOrder {
                    note: None,
                    charge_to: None,
                    items: vec![NewCuttingItem {
                        product: fabric,
                        warehouse: f.warehouse,
                        length: length * 100,
                        roll: roll.and_then(nth),
                    }],
                    by: "manager".into(),
                    now_ms: NOW,
                });
                let id = write(&store, &f, cmd).await.unwrap();
                let order = store.cutting_order(&f.scope, id).await.unwrap().unwrap();
                items.extend(order.items.iter().map(|i| i.id));
            }
            Op::Reserve(i) | Op::Cut(i) | Op::Cancel(i) => {
                let Some(id) = item(i) else { continue };
                let action = match op {
                    Op::Reserve(_) => Action::Reserve,
                    Op::Cut(_) => Action::Cut,
                    _ => Action::Cancel,
                };
                let before = store.cutting_item(&f.scope, id).await.unwrap().unwrap();
                refused(write(&store, &f, step(id, action)).await.map(|_| ()));
                let after = store.cutting_item(&f.scope, id).await.unwrap().unwrap();
                if before.status == "cut" && after.status == "cancelled" {
                    // The same roll got exactly its length back.
                    let roll = store
                        .roll(&f.scope, before.cut_roll_id.unwrap())
                        .await
                        .unwrap()
                        .unwrap();
                    let last = roll.cuts.last().unwrap();
                    assert_eq!(last.length, -before.length);
                }
            }
            Op::Sell(length) => {
                let draft = SaleDraft::at(
                    vec![NewSaleLine {
                        product: fabric,
                        warehouse: f.warehouse,
                        qty: length * 100,
                        unit_price: Some(1_000),
                        discount: 0,
                        label_amount: None,
                    }],
                    Some(f.register),
                    None,
                    None,
                    None,
                )
                .unwrap();
                let amount = length * 100;
                let paid = Payments::new(vec![NewPayment {
                    method: PaymentMethod::Card,
                    amount,
                    received: None,
                }])
                .unwrap();
                let cmd = Command::CreateSale {
                    draft,
                    complete: Some(Settlement::Payments(paid)),
                    cashier: "cashier".into(),
                    terms: SellerTerms::ANY,
                    now_ms: NOW,
                };
                refused(write(&store, &f, cmd).await.map(|_| ()));
            }
            Op::WriteOff(i) => {
                let Some(roll) = nth(i) else { continue };
                let cmd = Command::WriteOffRoll {
                    roll,
                    reason: "damaged".into(),
                    now_ms: NOW,
                };
                refused(write(&store, &f, cmd).await.map(|_| ()));
            }
        }
        invariants(&store, &f, fabric).await;
    }
}

async fn invariants(store: &Arc<dyn Store>, f: &Fixture, fabric: ProductId) {
    let on_hand: i64 = store
        .stock_levels(&f.scope)
        .await
        .unwrap()
        .iter()
        .filter(|l| l.product_id == fabric)
        .map(|l| l.qty)
        .sum();
    let rolls = store
        .rolls(
            &f.scope,
            RollFilter {
                product: Some(fabric),
                empty: true,
                ..RollFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        on_hand,
        rolls.iter().map(|r| r.remaining).sum::<i64>(),
        "on hand = rolls"
    );
    let reserved: i64 = store
        .cutting_items(&f.scope, "reserved", 500)
        .await
        .unwrap()
        .iter()
        .map(|i| i.length)
        .sum();
    assert!(
        reserved <= on_hand,
        "reserved {reserved} > on hand {on_hand}"
    );
    let cut: i64 = store
        .cutting_items(&f.scope, "cut", 500)
        .await
        .unwrap()
        .iter()
        .filter_map(|i| i.cut_value)
        .sum();
    assert_eq!(
        support::balance(store, f, "11052").await,
        cut,
        "WIP = cut items"
    );
    assert_eq!(support::findings(store, f).await, Vec::<String>::new());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_workshop_steps_keeps_rolls_stock_and_work_in_progress_equal_on_sqlite(ops in prop::collection::vec(op(), 1..30)) {
        support::block_on(async {
            let (store, _dir) = support::sqlite().await;
            run(store, ops).await;
        });
    }

    #[test]
    fn any_sequence_of_workshop_steps_keeps_rolls_stock_and_work_in_progress_equal_on_postgres(ops in prop::collection::vec(op(), 1..20)) {
        support::block_on(async {
            if let Some(store) = support::postgres().await {
                run(store, ops).await;
            }
        });
    }
}
