//! Returns: DOMAIN §4's example posts exactly; a line returned in any number of parts gives back
//! exactly its net, VAT and cost and never more than was sold; restocked value equals what the
//! entry puts on the inventory account; write-offs and refunds post where they should.

use std::collections::HashMap;

use mizan_domain::returns::{
    Refund, Restock, ReturnAccounts, ReturnDraft, ReturnError, ReturnLine, ReturnSnapshot,
    SoldLine, post_return,
};
use mizan_domain::stock::StockLevel;
use mizan_domain::{
    AccountId, CashRegisterId, CashierSessionId, CustomerId, ProductId, WarehouseId,
};
use proptest::prelude::*;

const DRAWER: AccountId = AccountId(1);
const ACCOUNTS: ReturnAccounts = ReturnAccounts {
    customers: AccountId(2),
    revenue: AccountId(3),
    vat: AccountId(4),
    cogs: AccountId(5),
    inventory: AccountId(6),
    card: AccountId(7),
    bank: AccountId(8),
    damaged: AccountId(9),
};
const W: WarehouseId = WarehouseId(1);

fn sold(qty: i64, net: i64, vat: i64, cost: i64) -> SoldLine {
    SoldLine {
        product: ProductId(1),
        tracks_stock: true,
        qty,
        net,
        vat,
        cost,
        returned_qty: 0,
        returned_net: 0,
        returned_vat: 0,
        returned_cost: 0,
    }
}

fn snapshot(lines: Vec<SoldLine>) -> ReturnSnapshot {
    ReturnSnapshot {
        completed: true,
        lines,
        customer: Some(CustomerId(1)),
        accounts: Some(ACCOUNTS),
        warehouse_exists: true,
        levels: HashMap::new(),
        register: Some(DRAWER),
        session: Some((CashierSessionId(1), 1_000_000)),
        require_open_session: true,
    }
}

fn entry(e: &mizan_domain::returns::ReturnEffects) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> = e
        .entry
        .lines()
        .iter()
        .map(|l| (l.account.0, l.amount))
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn domain_4_a_return_of_2000_with_cost_1200_reverses_revenue_and_cost() {
    // The sale: 10 units, revenue 10,000, cost 6,000, on credit to a customer.
    let s = snapshot(vec![sold(10_000, 10_000, 0, 6_000)]);
    let r = ReturnDraft::new(
        vec![ReturnLine {
            line: 0,
            qty: 2_000,
        }],
        Restock::Warehouse(W),
        Refund::Credit,
        "wrong size",
    )
    .unwrap();
    let e = post_return(&r, &s).unwrap();
    // Dr Revenue 2,000 / Cr Customers 2,000; Dr Inventory 1,200 / Cr COGS 1,200.
    assert_eq!(
        entry(&e),
        vec![(2, -2_000), (3, 2_000), (5, -1_200), (6, 1_200)]
    );
    assert_eq!(e.credit, Some((CustomerId(1), -2_000)));
    assert_eq!(
        e.levels,
        vec![(
            (W, ProductId(1)),
            StockLevel {
                qty: 2_000,
                value: 1_200
            }
        )]
    );
}

#[test]
fn damaged_goods_move_their_cost_to_the_damaged_account_and_cash_leaves_the_drawer() {
    let s = snapshot(vec![sold(3_000, 3_000, 420, 1_500)]);
    let r = ReturnDraft::new(
        vec![ReturnLine {
            line: 0,
            qty: 1_000,
        }],
        Restock::WriteOff,
        Refund::Cash(CashRegisterId(1)),
        "broken",
    )
    .unwrap();
    let e = post_return(&r, &s).unwrap();
    assert_eq!(
        entry(&e),
        vec![(1, -1_140), (3, 1_000), (4, 140), (5, -500), (9, 500)]
    );
    assert_eq!(e.cash, Some((CashRegisterId(1), -1_140)));
    assert!(e.stock_moves.is_empty());

    let mut poor = snapshot(vec![sold(3_000, 3_000, 420, 1_500)]);
    poor.session = Some((CashierSessionId(1), 1_000));
    assert_eq!(
        post_return(&r, &poor),
        Err(ReturnError::InsufficientCash {
            available: 1_000,
            requested: 1_140
        })
    );
    poor.session = None;
    assert_eq!(
        post_return(&r, &poor),
        Err(ReturnError::NoOpenSession {
            register: CashRegisterId(1)
        })
    );
    let mut walk_in = snapshot(vec![sold(3_000, 3_000, 420, 1_500)]);
    walk_in.customer = None;
    let credit = ReturnDraft::new(
        vec![ReturnLine {
            line: 0,
            qty: 1_000,
        }],
        Restock::WriteOff,
        Refund::Credit,
        "broken",
    )
    .unwrap();
    assert_eq!(
        post_return(&credit, &walk_in),
        Err(ReturnError::CreditWithoutCustomer)
    );
}

#[test]
fn a_return_refers_to_lines_that_exist_once_each_with_a_reason() {
    let s = snapshot(vec![sold(1_000, 100, 0, 50)]);
    let bad = |lines: Vec<ReturnLine>, reason: &str| {
        ReturnDraft::new(lines, Restock::WriteOff, Refund::Card, reason).unwrap_err()
    };
    let one = ReturnLine { line: 0, qty: 1 };
    assert!(matches!(bad(vec![], "x"), ReturnError::InvalidField { .. }));
    assert!(matches!(
        bad(vec![one, one], "x"),
        ReturnError::InvalidField { .. }
    ));
    assert!(matches!(
        bad(vec![ReturnLine { line: 0, qty: 0 }], "x"),
        ReturnError::InvalidField { .. }
    ));
    assert!(matches!(
        bad(vec![one], "  "),
        ReturnError::InvalidField { .. }
    ));
    let r = ReturnDraft::new(
        vec![ReturnLine { line: 1, qty: 1 }],
        Restock::WriteOff,
        Refund::Card,
        "x",
    )
    .unwrap();
    assert!(matches!(
        post_return(&r, &s),
        Err(ReturnError::UnknownReference { .. })
    ));
    let mut draft = s.clone();
    draft.completed = false;
    assert_eq!(post_return(&r, &draft), Err(ReturnError::SaleNotCompleted));
}

proptest! {
    /// A line returned in parts gives back exactly its whole net, VAT and cost, restocks exactly
    /// the value the entry puts on inventory, and refuses one thousandth more.
    #[test]
    fn a_line_returned_in_parts_gives_back_exactly_its_whole(
        qty in 1i64..50_000,
        net in 0i64..10_000_000,
        vat_bp in 0i64..3_000,
        cost in 0i64..10_000_000,
        cuts in proptest::collection::vec(1i64..1_000, 1..6),
        start in -5_000i64..5_000,
    ) {
        let vat = net * vat_bp / 10_000;
        let mut line = sold(qty, net, vat, cost);
        let mut s = snapshot(vec![line]);
        // Any level to return into, also a negative one.
        let start_value = if start > 0 { start * 3 } else { start * 2 };
        s.levels.insert((W, ProductId(1)), StockLevel { qty: start, value: start_value });
        // Parts of the quantity: each cut a share in thousandths of what is left.
        let mut parts = Vec::new();
        let mut left = qty;
        for c in cuts {
            let p = (left * c / 1_000).max(1).min(left);
            parts.push(p);
            left -= p;
            if left == 0 { break; }
        }
        if left > 0 { parts.push(left); }
        let (mut got_net, mut got_vat, mut got_cost) = (0, 0, 0);
        for p in parts {
            let r = ReturnDraft::new(vec![ReturnLine { line: 0, qty: p }], Restock::Warehouse(W), Refund::Card, "part").unwrap();
            let e = post_return(&r, &s).unwrap();
            let l = e.lines[0];
            prop_assert!(l.net >= 0 && l.vat >= 0 && l.cost >= 0);
            // The entry moves onto inventory exactly what the level gained.
            let before = s.levels[&(W, ProductId(1))];
            let after = e.levels[0].1;
            let on_inventory: i64 = e.entry.lines().iter().filter(|x| x.account == ACCOUNTS.inventory).map(|x| x.amount).sum();
            prop_assert_eq!(after.value - before.value, on_inventory);
            prop_assert_eq!(after.qty - before.qty, p);
            got_net += l.net; got_vat += l.vat; got_cost += l.cost;
            line.returned_qty += p; line.returned_net += l.net; line.returned_vat += l.vat; line.returned_cost += l.cost;
            s.lines = vec![line];
            s.levels.insert((W, ProductId(1)), after);
        }
        prop_assert_eq!((got_net, got_vat, got_cost), (net, vat, cost));
        let more = ReturnDraft::new(vec![ReturnLine { line: 0, qty: 1 }], Restock::Warehouse(W), Refund::Card, "one more").unwrap();
        let refused = matches!(post_return(&more, &s), Err(ReturnError::ExceedsSale { .. }));
        prop_assert!(refused);
    }
}
