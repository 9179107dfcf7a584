//! Café bills, worked by hand and under any sequence of orders, payments, merges and splits:
//! `remaining = total − paid` on every bill, the sum of all totals and of all payments is
//! conserved, every charge and payment sits on exactly one bill, a merged bill is kept (empty,
//! linked to the one it joined) and refuses to merge again.

use std::collections::BTreeSet;

use mizan_domain::cafe::{Bill, BillStatus, Charge, merge, split, split_amount};
use mizan_domain::refusal::Refusal;
use proptest::prelude::*;

fn bill(number: &str) -> Bill {
    Bill {
        number: number.to_owned(),
        ..Bill::default()
    }
}

fn charge(id: i64, net: i64, vat: i64) -> Charge {
    Charge { id, net, vat }
}

#[test]
fn a_paid_play_session_bill_merges_into_the_tables_unpaid_bill_with_its_payments() {
    // The table's bill: two teas (2 × 15.00 + 14% VAT). The session's: 45.00 played, 20.00 paid.
    let mut table = bill("BILL-1");
    table.charges = vec![charge(1, 1_500, 210), charge(2, 1_500, 210)];
    table.notes = vec!["regulars".to_owned()];
    let mut session = bill("BILL-2");
    session.charges = vec![charge(3, 4_500, 630)];
    session.payments = vec![(10, 2_000)];
    session.notes = vec!["PS5 #2".to_owned()];
    assert_eq!(session.status(0), BillStatus::Partial);
    let (table, merged) = merge(&session, &table).unwrap();
    assert_eq!(table.total(), 3_420 + 5_130);
    assert_eq!(table.paid(), 2_000);
    assert_eq!(table.remaining(), 6_550);
    assert_eq!(
        table.notes,
        ["regulars", "[merged bill BILL-2]", "[from BILL-2]: PS5 #2"]
    );
    // The merged bill stays, empty and linked; it cannot merge again.
    assert_eq!(merged.merged_into.as_deref(), Some("BILL-1"));
    assert_eq!(merged.status(0), BillStatus::Merged);
    assert_eq!((merged.total(), merged.paid()), (0, 0));
    let again = merge(&merged, &table).unwrap_err();
    assert_eq!(again.code(), "bill_merged");
    assert_eq!(
        again.details()[1],
        (
            "merged_into",
            mizan_domain::refusal::Detail::Text("BILL-1".into())
        )
    );
    assert!(merge(&table, &table).is_err());
}

#[test]
fn status_follows_what_is_paid_and_the_due_time() {
    let mut b = bill("BILL-3");
    b.charges = vec![charge(1, 10_000, 1_400)];
    assert_eq!(b.status(0), BillStatus::Draft);
    b.due_ms = Some(1_000);
    assert_eq!(b.status(999), BillStatus::Draft);
    assert_eq!(b.status(1_001), BillStatus::Overdue);
    b.payments = vec![(1, 5_000)];
    assert_eq!(b.status(999), BillStatus::Partial);
    assert_eq!(b.status(1_001), BillStatus::Overdue);
    b.payments.push((2, 6_400));
    assert_eq!(b.status(1_001), BillStatus::Paid);
    assert_eq!(b.remaining(), 0);
}

#[test]
fn a_split_moves_chosen_charges_and_keeps_the_payments_where_they_cover() {
    let mut b = bill("BILL-4");
    b.charges = vec![
        charge(1, 1_000, 0),
        charge(2, 2_000, 0),
        charge(3, 3_000, 0),
    ];
    b.payments = vec![(1, 2_500)];
    let (left, new) = split(&b, &[2], "BILL-5").unwrap();
    assert_eq!(
        (left.total(), left.paid(), new.total()),
        (4_000, 2_500, 2_000)
    );
    assert_eq!(new.notes, ["[split from BILL-4]"]);
    // Moving 5,000 off would leave 1,000 against 2,500 paid.
    assert!(split(&b, &[2, 3], "BILL-6").is_err());
    assert!(split(&b, &[1, 2, 3], "BILL-6").is_err());
    assert!(split(&b, &[9], "BILL-6").is_err());
    assert!(split(&b, &[], "BILL-6").is_err());
}

#[derive(Debug, Clone)]
enum Op {
    Order(usize, i64, i64),
    Pay(usize, i64),
    Merge(usize, usize),
    Split(usize, usize),
    SplitAmount(usize, i64),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        prop_oneof![
            (0usize..5, 1i64..100_000, 0i64..14_000).prop_map(|(b, n, v)| Op::Order(b, n, v)),
            (0usize..5, 1i64..100_000).prop_map(|(b, a)| Op::Pay(b, a)),
            (0usize..5, 0usize..5).prop_map(|(a, b)| Op::Merge(a, b)),
            (0usize..5, 0usize..8).prop_map(|(b, k)| Op::Split(b, k)),
            (0usize..5, -100i64..100_000).prop_map(|(b, a)| Op::SplitAmount(b, a)),
        ],
        1..60,
    )
}

proptest! {
    #[test]
    fn merges_and_splits_lose_and_double_nothing(ops in ops()) {
        let mut bills: Vec<Bill> = (0..5).map(|i| bill(&format!("BILL-{i}"))).collect();
        let (mut next_id, mut charged, mut payments) = (1i64, 0i64, 0i64);
        for op in ops {
            match op {
                Op::Order(b, net, vat) => {
                    if bills[b].merged_into.is_none() {
                        bills[b].charges.push(charge(next_id, net, vat));
                        charged += net + vat;
                        next_id += 1;
                    }
                }
                Op::Pay(b, amount) => {
                    // A payment is never more than what remains.
                    let amount = amount.min(bills[b].remaining());
                    if bills[b].merged_into.is_none() && amount > 0 {
                        bills[b].payments.push((next_id, amount));
                        payments += amount;
                        next_id += 1;
                    }
                }
                Op::Merge(a, b) => {
                    if let Ok((into, from)) = merge(&bills[a], &bills[b]) {
                        bills[b] = into;
                        bills[a] = from;
                    }
                }
                Op::Split(b, k) => {
                    let ids: Vec<i64> = bills[b].charges.iter().map(|c| c.id).take(k).collect();
                    let number = format!("BILL-{}", bills.len());
                    if let Ok((left, new)) = split(&bills[b], &ids, &number) {
                        bills[b] = left;
                        bills.push(new);
                    }
                }
                Op::SplitAmount(b, amount) => {
                    let number = format!("BILL-{}", bills.len());
                    if let Ok((mut left, mut new)) = split_amount(&bills[b], amount, &number) {
                        // The store numbers the two transfer charges as it writes them.
                        if let Some(c) = left.charges.last_mut() {
                            c.id = next_id;
                        }
                        new.charges[0].id = next_id + 1;
                        next_id += 2;
                        prop_assert_eq!(new.total(), amount);
                        bills[b] = left;
                        bills.push(new);
                    }
                }
            }
            prop_assert_eq!(bills.iter().map(Bill::total).sum::<i64>(), charged);
            prop_assert_eq!(bills.iter().map(Bill::paid).sum::<i64>(), payments);
            let mut seen = BTreeSet::new();
            for b in &bills {
                prop_assert_eq!(b.remaining(), b.total() - b.paid());
                prop_assert!(b.remaining() >= 0, "{} overpaid", b.number);
                for id in b.charges.iter().map(|c| c.id).chain(b.payments.iter().map(|p| p.0)) {
                    prop_assert!(seen.insert(id), "{} is on two bills", id);
                }
                if b.merged_into.is_some() {
                    prop_assert!(b.charges.is_empty() && b.payments.is_empty());
                }
            }
        }
    }
}
