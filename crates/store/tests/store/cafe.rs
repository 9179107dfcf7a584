//! The café through the store, on every backend: a table's bill and a play session's bill
//! merge with their payments and nothing is lost; orders, stops and payments post as they
//! happen so the open café tabs account always equals what the bills have open; splits and
//! voids; refusals that name what was wrong and write nothing; `check` catching a bill whose
//! figures were tampered with; waiters ordering while a cashier merges; places changed and
//! retired (never while in use) and the café's opening hours kept.

use std::sync::Arc;

use mizan_domain::cafe::{OpeningHours, RatePlan};
use mizan_domain::{BillId, OrderId, PlaceId, PlaySessionId, Refusal};
use mizan_store::{
    Command, NewPlace, OrderTarget, PlaceChanges, PlaceKind, PlayAction, SettingsChanges,
    SplitPart, Store, TabMethod, WriteError,
};

use crate::support::{self, Fixture, NOW, balance, findings, tamper};

const MINUTE: i64 = 60_000;

fn plan() -> RatePlan {
    RatePlan {
        hourly: 6_000,
        peak: None,
        minimum_minutes: 30,
        step_minutes: 15,
        prepaid: None,
    }
}

async fn place(store: &Arc<dyn Store>, f: &Fixture, kind: PlaceKind, name: &str) -> PlaceId {
    let w = store
        .write(
            &f.scope,
            None,
            Command::CreatePlace(NewPlace {
                kind,
                area: "Hall".into(),
                name: name.into(),
                seats: (kind == PlaceKind::Table).then_some(4),
                warehouse: f.warehouse,
                rate_plan: (kind == PlaceKind::Station).then(plan),
                vat_bp: 1400,
            }),
        )
        .await
        .unwrap();
    PlaceId(w.id)
}

async fn exec(store: &Arc<dyn Store>, f: &Fixture, cmd: Command) -> Result<i64, WriteError> {
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

fn order(target: OrderTarget, f: &Fixture, qty: i64, served: bool, at: i64) -> Command {
    Command::AddOrder {
        target,
        product: f.rings,
        qty,
        served,
        note: None,
        by: "waiter".into(),
        now_ms: at,
    }
}

fn pay(bill: i64, amount: i64, method: TabMethod) -> Command {
    Command::PayBill {
        bill: BillId(bill),
        amount,
        method,
        by: "cashier".into(),
        now_ms: NOW + 60 * MINUTE,
    }
}

/// The open café tabs account (11070) equals what every bill has open.
async fn tabs_match(store: &Arc<dyn Store>, f: &Fixture) -> i64 {
    let bills = store.bills(&f.scope, false, None, 500).await.unwrap();
    let open: i64 = bills.iter().map(|b| b.total - b.paid).sum();
    assert_eq!(balance(store, f, "11070").await, open);
    open
}

async fn bill_of(store: &Arc<dyn Store>, f: &Fixture, order: i64) -> i64 {
    store
        .order_bill(&f.scope, OrderId(order))
        .await
        .unwrap()
        .unwrap()
        .0
}

contract!(
    a_paid_session_bill_merges_into_the_tables_bill_and_nothing_is_lost,
    |store| {
        let f = Fixture::new(&store).await;
        let table = place(&store, &f, PlaceKind::Table, "Table 4").await;
        let station = place(&store, &f, PlaceKind::Station, "PS5 #2").await;
        // Two rings served at the table: 2 × 10.00 + 14% = 22.80.
        let o1 = exec(
            &store,
            &f,
            order(OrderTarget::Table(table), &f, 2_000, true, NOW),
        )
        .await
        .unwrap();
        let table_bill = bill_of(&store, &f, o1).await;
        // A session: one ring, then 50 minutes played, billed as 60 at 60.00/h + 14% = 68.40.
        let s = exec(
            &store,
            &f,
            Command::StartPlay {
                station,
                by: "waiter".into(),
                now_ms: NOW,
            },
        )
        .await
        .unwrap();
        let session = PlaySessionId(s);
        let o2 = exec(
            &store,
            &f,
            order(OrderTarget::Session(session), &f, 1_000, true, NOW),
        )
        .await
        .unwrap();
        let session_bill = bill_of(&store, &f, o2).await;
        assert_ne!(session_bill, table_bill);
        let stop = Command::TimePlay {
            session,
            action: PlayAction::Stop,
            by: "waiter".into(),
            now_ms: NOW + 50 * MINUTE,
        };
        exec(&store, &f, stop.clone()).await.unwrap();
        // Stopping twice answers the first stop.
        let again = store.write(&f.scope, None, stop).await.unwrap();
        assert!(again.replayed);
        let played = store
            .play_session(&f.scope, session)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (played.played_minutes, played.billed_minutes, played.amount),
            (Some(50), Some(60), Some(6_000))
        );
        assert_eq!(tabs_match(&store, &f).await, 2_280 + 1_140 + 6_840);
        // 20.00 paid on the session's bill, by card.
        exec(&store, &f, pay(session_bill, 2_000, TabMethod::Card))
            .await
            .unwrap();
        assert_eq!(tabs_match(&store, &f).await, 2_280 + 7_980 - 2_000);
        // Linked to the table: the session's bill, with its payment, merges into the table's.
        let into = exec(
            &store,
            &f,
            Command::LinkSession {
                session,
                table,
                by: "cashier".into(),
                now_ms: NOW + 55 * MINUTE,
            },
        )
        .await
        .unwrap();
        assert_eq!(into, table_bill);
        let merged = store
            .bill(&f.scope, BillId(table_bill))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((merged.head.total, merged.head.paid), (10_260, 2_000));
        assert_eq!(merged.charges.len(), 3);
        assert_eq!(merged.payments.len(), 1);
        assert_eq!(merged.sessions.len(), 1);
        assert_eq!(merged.orders.len(), 2);
        let old = store
            .bill(&f.scope, BillId(session_bill))
            .await
            .unwrap()
            .unwrap();
        assert!(
            merged
                .head
                .notes
                .contains(&format!("[merged bill {}]", old.head.number)),
            "{:?}",
            merged.head.notes
        );
        // The merged bill is kept, empty, linked both ways.
        assert_eq!(old.head.merged_into, Some(BillId(table_bill)));
        assert_eq!((old.head.total, old.head.paid), (0, 0));
        assert_eq!(
            old.merged_into_number.as_deref(),
            Some(merged.head.number.as_str())
        );
        assert_eq!(old.links.len(), 1);
        assert_eq!(merged.links[0].from_number, old.head.number);
        assert_eq!(merged.links[0].moved_total, 7_980);
        assert_eq!(merged.links[0].moved_paid, 2_000);
        // It cannot merge again.
        let e = exec(
            &store,
            &f,
            Command::MergeBills {
                from: BillId(session_bill),
                into: BillId(table_bill),
                by: "cashier".into(),
                now_ms: NOW + 56 * MINUTE,
            },
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "bill_merged");
        // The rest in cash into the open drawer: the bill is paid and closes.
        exec(
            &store,
            &f,
            pay(table_bill, 8_260, TabMethod::Cash(f.register)),
        )
        .await
        .unwrap();
        let paid = store
            .bill(&f.scope, BillId(table_bill))
            .await
            .unwrap()
            .unwrap();
        assert!(paid.head.closed);
        assert_eq!(tabs_match(&store, &f).await, 0);
        // Three rings left the warehouse at 7.00.
        let level = store
            .stock_levels(&f.scope)
            .await
            .unwrap()
            .into_iter()
            .find(|l| l.product_id == f.rings)
            .unwrap();
        assert_eq!((level.qty, level.value), (47_000, 32_900));
        assert_eq!(findings(&store, &f).await, Vec::<String>::new());
        // The day's figures: one session of 60 billed minutes (60.00), three rings (30.00).
        let day = mizan_domain::calendar::business_day(NOW, 0);
        let fig = store.cafe_figures(&f.scope, day, day).await.unwrap();
        assert_eq!(
            (fig.sessions, fig.billed_minutes, fig.play_revenue),
            (1, 60, 6_000)
        );
        assert_eq!(fig.stations[0].played_minutes, 50);
        assert_eq!(fig.items.len(), 1);
        assert_eq!(
            (fig.items[0].qty, fig.items[0].revenue, fig.items[0].cost),
            (3_000, 3_000, 2_100)
        );
        assert_eq!(fig.vat, 840 + 420);
        let before = store
            .cafe_figures(&f.scope, day - 1, day - 1)
            .await
            .unwrap();
        assert_eq!((before.sessions, before.items.len()), (0, 0));
        // A new order at the table opens a new bill.
        let o3 = exec(
            &store,
            &f,
            order(OrderTarget::Table(table), &f, 1_000, false, NOW),
        )
        .await
        .unwrap();
        assert_ne!(bill_of(&store, &f, o3).await, table_bill);
    }
);

contract!(splits_voids_and_refusals_keep_the_tabs_exact, |store| {
    let f = Fixture::new(&store).await;
    let table = place(&store, &f, PlaceKind::Table, "Table 1").await;
    let station = place(&store, &f, PlaceKind::Station, "Billiard").await;
    let mut orders = Vec::new();
    for served in [true, true, true, false] {
        orders.push(
            exec(
                &store,
                &f,
                order(OrderTarget::Table(table), &f, 1_000, served, NOW),
            )
            .await
            .unwrap(),
        );
    }
    let bill = bill_of(&store, &f, orders[0]).await;
    // A pending order is voided by a manager with a reason; a served one cannot be.
    let void = |o: i64, reason: &str| Command::VoidOrder {
        order: OrderId(o),
        reason: reason.into(),
        by: "manager".into(),
    };
    assert_eq!(
        exec(&store, &f, void(orders[3], " "))
            .await
            .unwrap_err()
            .code(),
        "invalid_field"
    );
    exec(&store, &f, void(orders[3], "guest left"))
        .await
        .unwrap();
    assert_eq!(
        exec(&store, &f, void(orders[0], "mistake"))
            .await
            .unwrap_err()
            .code(),
        "order_not_pending"
    );
    // 10.00 paid; then a payment beyond what is open is refused and writes nothing.
    exec(&store, &f, pay(bill, 1_000, TabMethod::Card))
        .await
        .unwrap();
    let e = exec(&store, &f, pay(bill, 2_421, TabMethod::Card))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "payment_exceeds_remaining");
    assert!(
        e.details()
            .contains(&("remaining", mizan_domain::Detail::Money(2_420)))
    );
    assert_eq!(tabs_match(&store, &f).await, 2_420);
    // A split by charges: the first ring's charge goes to a new bill.
    let record = store.bill(&f.scope, BillId(bill)).await.unwrap().unwrap();
    let first = record.charges[0].id;
    let new = exec(
        &store,
        &f,
        Command::SplitBill {
            bill: BillId(bill),
            part: SplitPart::Charges(vec![first]),
            by: "cashier".into(),
            now_ms: NOW,
        },
    )
    .await
    .unwrap();
    assert_eq!(bill_of(&store, &f, orders[0]).await, new);
    // A split by amount moves 5.00 more.
    let third = exec(
        &store,
        &f,
        Command::SplitBill {
            bill: BillId(bill),
            part: SplitPart::Amount(500),
            by: "cashier".into(),
            now_ms: NOW,
        },
    )
    .await
    .unwrap();
    let totals = |id: i64| {
        let store = store.clone();
        let scope = f.scope;
        async move {
            let b = store.bill(&scope, BillId(id)).await.unwrap().unwrap();
            (b.head.total, b.head.paid)
        }
    };
    assert_eq!(totals(bill).await, (2_280 - 500, 1_000));
    assert_eq!(totals(new).await, (1_140, 0));
    assert_eq!(totals(third).await, (500, 0));
    assert_eq!(tabs_match(&store, &f).await, 2_420);
    // A split that would leave the bill overpaid is refused.
    let e = exec(
        &store,
        &f,
        Command::SplitBill {
            bill: BillId(bill),
            part: SplitPart::Amount(1_000),
            by: "cashier".into(),
            now_ms: NOW,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "invalid_field");
    // A busy station refuses a second session; a stopped session cannot pause.
    let start = Command::StartPlay {
        station,
        by: "waiter".into(),
        now_ms: NOW,
    };
    let s = PlaySessionId(exec(&store, &f, start.clone()).await.unwrap());
    assert_eq!(
        exec(&store, &f, start).await.unwrap_err().code(),
        "station_busy"
    );
    let time = |action, at| Command::TimePlay {
        session: s,
        action,
        by: "waiter".into(),
        now_ms: at,
    };
    exec(&store, &f, time(PlayAction::Pause, NOW + 10 * MINUTE))
        .await
        .unwrap();
    // Pausing twice records nothing more.
    assert!(
        store
            .write(&f.scope, None, time(PlayAction::Pause, NOW + 11 * MINUTE))
            .await
            .unwrap()
            .replayed
    );
    exec(&store, &f, time(PlayAction::Resume, NOW + 40 * MINUTE))
        .await
        .unwrap();
    exec(&store, &f, time(PlayAction::Stop, NOW + 50 * MINUTE))
        .await
        .unwrap();
    let played = store.play_session(&f.scope, s).await.unwrap().unwrap();
    // 20 minutes played, billed at the 30-minute minimum.
    assert_eq!(
        (played.played_minutes, played.amount),
        (Some(20), Some(3_000))
    );
    assert_eq!(played.events.len(), 4);
    assert_eq!(
        exec(&store, &f, time(PlayAction::Pause, NOW + 51 * MINUTE))
            .await
            .unwrap_err()
            .code(),
        "session_stopped"
    );
    // Serving more rings than the warehouse holds names the product and what is available.
    let e = exec(
        &store,
        &f,
        order(OrderTarget::Table(table), &f, 60_000, true, NOW),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "insufficient_stock");
    assert!(e.details().contains(&("product_code", "RING-28".into())));
    assert_eq!(tabs_match(&store, &f).await, 2_420 + 3_420);
    assert_eq!(findings(&store, &f).await, Vec::<String>::new());
    // A bill whose figures were changed behind the postings' back is found.
    tamper(
        &store,
        f.scope.tenant().0,
        &format!("UPDATE cafe_bills SET total = total + 100 WHERE tenant_id = $1 AND id = {bill}"),
    )
    .await;
    let found = findings(&store, &f).await;
    assert!(
        found
            .iter()
            .any(|x| x.starts_with("cafe_tabs_vs_open_bills")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|x| x.starts_with("cafe_bill_vs_charges_and_payments")),
        "{found:?}"
    );
});

contract!(
    waiters_order_while_a_cashier_merges_and_every_order_lands_once,
    |store| {
        let f = Fixture::new(&store).await;
        let t1 = place(&store, &f, PlaceKind::Table, "Table 1").await;
        let t2 = place(&store, &f, PlaceKind::Table, "Table 2").await;
        let first = exec(
            &store,
            &f,
            order(OrderTarget::Table(t1), &f, 100, true, NOW),
        )
        .await
        .unwrap();
        let from = bill_of(&store, &f, first).await;
        let o = exec(
            &store,
            &f,
            order(OrderTarget::Table(t2), &f, 100, true, NOW),
        )
        .await
        .unwrap();
        let into = bill_of(&store, &f, o).await;
        let mut tasks = Vec::new();
        for waiter in 0..2 {
            for _ in 0..15 {
                let (store, f2) = (store.clone(), (f.scope, f.rings));
                tasks.push(tokio::spawn(async move {
                    let cmd = Command::AddOrder {
                        target: OrderTarget::Table(t1),
                        product: f2.1,
                        qty: 100,
                        served: true,
                        note: None,
                        by: format!("waiter{waiter}"),
                        now_ms: NOW,
                    };
                    store.write(&f2.0, None, cmd).await.map(|w| w.id)
                }));
            }
        }
        let merge = {
            let store = store.clone();
            let scope = f.scope;
            tokio::spawn(async move {
                store
                    .write(
                        &scope,
                        None,
                        Command::MergeBills {
                            from: BillId(from),
                            into: BillId(into),
                            by: "cashier".into(),
                            now_ms: NOW,
                        },
                    )
                    .await
            })
        };
        let mut ids = vec![first, o];
        for t in tasks {
            ids.push(t.await.unwrap().unwrap());
        }
        merge.await.unwrap().unwrap();
        // Every order is on exactly one bill, none on the merged one, and the bills' totals add
        // up to every order served (32 × 0.1 ring × 10.00 + 14% = 32 × 1.14).
        let bills = store.bills(&f.scope, false, None, 500).await.unwrap();
        let mut on_bills = Vec::new();
        for b in &bills {
            let r = store.bill(&f.scope, b.id).await.unwrap().unwrap();
            if r.head.merged_into.is_some() {
                assert!(r.orders.is_empty() && r.charges.is_empty());
            }
            on_bills.extend(r.orders.iter().map(|o| o.id));
        }
        on_bills.sort_unstable();
        ids.sort_unstable();
        assert_eq!(on_bills, ids);
        assert_eq!(bills.iter().map(|b| b.total).sum::<i64>(), 32 * 114);
        tabs_match(&store, &f).await;
        assert_eq!(findings(&store, &f).await, Vec::<String>::new());
        let _ = support::unique();
    }
);

contract!(
    places_change_and_retire_and_the_cafes_hours_are_kept,
    |store| {
        let f = Fixture::new(&store).await;
        let table = place(&store, &f, PlaceKind::Table, "Table 7").await;
        let station = place(&store, &f, PlaceKind::Station, "PC 1").await;
        place(&store, &f, PlaceKind::Table, "Table 8").await;
        let change = |place, changes| Command::UpdatePlace { place, changes };
        // A new plan applies from the next session on; the name stays unique.
        let dearer = RatePlan {
            hourly: 9_000,
            ..plan()
        };
        exec(
            &store,
            &f,
            change(
                station,
                PlaceChanges {
                    area: Some("Upstairs".into()),
                    rate_plan: Some(dearer),
                    ..PlaceChanges::default()
                },
            ),
        )
        .await
        .unwrap();
        let p = store.place(&f.scope, station).await.unwrap().unwrap();
        assert_eq!((p.area.as_str(), p.rate_plan), ("Upstairs", Some(dearer)));
        let taken = exec(
            &store,
            &f,
            change(
                table,
                PlaceChanges {
                    name: Some("Table 8".into()),
                    ..PlaceChanges::default()
                },
            ),
        )
        .await
        .unwrap_err();
        assert_eq!(taken.code(), "duplicate_name");
        let planned = exec(
            &store,
            &f,
            change(
                table,
                PlaceChanges {
                    rate_plan: Some(plan()),
                    ..PlaceChanges::default()
                },
            ),
        )
        .await
        .unwrap_err();
        assert_eq!(planned.code(), "invalid_field");
        // A table with a guest's bill open cannot retire; once settled it can, and leaves the floor.
        let o = exec(
            &store,
            &f,
            order(OrderTarget::Table(table), &f, 1_000, true, NOW),
        )
        .await
        .unwrap();
        let bill = bill_of(&store, &f, o).await;
        let retire = |on| PlaceChanges {
            retired: Some(on),
            ..PlaceChanges::default()
        };
        let busy = exec(&store, &f, change(table, retire(true)))
            .await
            .unwrap_err();
        assert_eq!(busy.code(), "place_in_use");
        assert!(!store.place(&f.scope, table).await.unwrap().unwrap().retired);
        exec(&store, &f, pay(bill, 1_140, TabMethod::Card))
            .await
            .unwrap();
        exec(&store, &f, change(table, retire(true))).await.unwrap();
        let floor = store.floor(&f.scope).await.unwrap();
        assert!(floor.iter().all(|e| e.place.id != table));
        let refused = exec(
            &store,
            &f,
            order(OrderTarget::Table(table), &f, 1_000, true, NOW),
        )
        .await
        .unwrap_err();
        assert_eq!(refused.code(), "place_retired");
        // A station playing cannot retire either.
        exec(
            &store,
            &f,
            Command::StartPlay {
                station,
                by: "waiter".into(),
                now_ms: NOW,
            },
        )
        .await
        .unwrap();
        let playing = exec(&store, &f, change(station, retire(true)))
            .await
            .unwrap_err();
        assert_eq!(playing.code(), "place_in_use");
        // Back on the floor.
        exec(&store, &f, change(table, retire(false)))
            .await
            .unwrap();
        assert!(!store.place(&f.scope, table).await.unwrap().unwrap().retired);
        // The café's opening hours, after midnight too.
        let hours = OpeningHours::new(18 * 60, 2 * 60).unwrap();
        exec(
            &store,
            &f,
            Command::UpdateSettings(SettingsChanges {
                cafe_hours: Some(hours),
                ..SettingsChanges::default()
            }),
        )
        .await
        .unwrap();
        let t = store.tenant(&f.scope).await.unwrap();
        assert_eq!((t.cafe_hours, t.cafe_hours.minutes()), (hours, 480));
    }
);
