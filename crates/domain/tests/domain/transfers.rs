//! Transfers and counts: a transfer moves value without profit or loss (the entry is empty
//! unless it covers stock sold short); a count books shortfalls to shrinkage and surpluses to
//! found stock; inventory on the entries always equals the change in stock value.

use std::collections::HashMap;

use mizan_domain::stock::StockLevel;
use mizan_domain::transfers::{
    CountAccounts, CountLine, CountedProduct, StockCount, StockMoveError, Transfer, TransferLine,
    post_stock_count, post_transfer,
};
use mizan_domain::{AccountId, ProductId, WarehouseId};
use proptest::prelude::*;

const A: WarehouseId = WarehouseId(1);
const B: WarehouseId = WarehouseId(2);
const P: ProductId = ProductId(3);
const ACCOUNTS: CountAccounts = CountAccounts {
    inventory: AccountId(1),
    cogs: AccountId(2),
    shrinkage: AccountId(3),
    found: AccountId(4),
};

fn products(cost_price: Option<i64>) -> HashMap<ProductId, CountedProduct> {
    HashMap::from([(
        P,
        CountedProduct {
            code: "P3".into(),
            tracks_stock: true,
            cost_price,
        },
    )])
}

fn on(e: &mizan_domain::ledger::BalancedEntry, a: AccountId) -> i64 {
    e.lines()
        .iter()
        .filter(|l| l.account == a)
        .map(|l| l.amount)
        .sum()
}

#[test]
fn a_transfer_moves_value_at_cost_without_an_entry() {
    let levels = HashMap::from([(
        (A, P),
        StockLevel {
            qty: 10_000,
            value: 45_000,
        },
    )]);
    let t = Transfer::new(
        A,
        B,
        vec![TransferLine {
            product: P,
            qty: 4_000,
        }],
        None,
    )
    .unwrap();
    let e = post_transfer(&t, &products(None), &levels, ACCOUNTS).unwrap();
    assert_eq!(e.value, 18_000);
    assert!(e.entry.lines().is_empty());
    assert_eq!(
        e.levels,
        vec![
            (
                (A, P),
                StockLevel {
                    qty: 6_000,
                    value: 27_000
                }
            ),
            (
                (B, P),
                StockLevel {
                    qty: 4_000,
                    value: 18_000
                }
            )
        ]
    );
    let too_much = Transfer::new(
        A,
        B,
        vec![TransferLine {
            product: P,
            qty: 10_001,
        }],
        None,
    )
    .unwrap();
    assert!(matches!(
        post_transfer(&too_much, &products(None), &levels, ACCOUNTS),
        Err(StockMoveError::InsufficientStock {
            available: 10_000,
            ..
        })
    ));
    assert!(Transfer::new(A, A, vec![TransferLine { product: P, qty: 1 }], None).is_err());
}

#[test]
fn a_count_books_shrinkage_and_found_stock() {
    let levels = HashMap::from([(
        (A, P),
        StockLevel {
            qty: 10_000,
            value: 45_000,
        },
    )]);
    let short = StockCount::new(
        A,
        vec![CountLine {
            product: P,
            counted: 8_000,
        }],
        "count",
    )
    .unwrap();
    let e = post_stock_count(&short, &products(None), &levels, ACCOUNTS).unwrap();
    assert_eq!((e.shrinkage, e.found), (9_000, 0));
    assert_eq!(on(&e.entry, ACCOUNTS.shrinkage), 9_000);
    assert_eq!(on(&e.entry, ACCOUNTS.inventory), -9_000);
    let over = StockCount::new(
        A,
        vec![CountLine {
            product: P,
            counted: 12_000,
        }],
        "count",
    )
    .unwrap();
    let e = post_stock_count(&over, &products(None), &levels, ACCOUNTS).unwrap();
    assert_eq!((e.shrinkage, e.found), (0, 9_000));
    assert_eq!(on(&e.entry, ACCOUNTS.found), -9_000);
    // Nothing on hand and no cost price: found stock cannot be valued.
    let empty = HashMap::new();
    assert!(matches!(
        post_stock_count(&over, &products(None), &empty, ACCOUNTS),
        Err(StockMoveError::WithoutCost { .. })
    ));
    let e = post_stock_count(&over, &products(Some(500)), &empty, ACCOUNTS).unwrap();
    assert_eq!(e.found, 6_000);
    assert!(
        StockCount::new(
            A,
            vec![CountLine {
                product: P,
                counted: -1
            }],
            "x"
        )
        .is_err()
    );
    assert!(
        StockCount::new(
            A,
            vec![CountLine {
                product: P,
                counted: 1
            }],
            " "
        )
        .is_err()
    );
}

proptest! {
    /// Any levels, any transfer or count: the inventory the entry posts equals the change of
    /// the stock value, and a transfer's value leaves one warehouse as it enters the other.
    #[test]
    fn inventory_on_the_entry_equals_the_change_in_stock_value(
        a_qty in -5_000i64..50_000, b_qty in -5_000i64..50_000,
        qty in 1i64..60_000, counted in 0i64..60_000, unit in 1i64..5_000,
    ) {
        let level = |q: i64| StockLevel { qty: q, value: q * unit / 1_000 * 3 };
        let levels = HashMap::from([((A, P), level(a_qty)), ((B, P), level(b_qty))]);
        let before: i64 = levels.values().map(|l| l.value).sum();
        let t = Transfer::new(A, B, vec![TransferLine { product: P, qty }], None).unwrap();
        match post_transfer(&t, &products(Some(unit)), &levels, ACCOUNTS) {
            Ok(e) => {
                let after: i64 = e.levels.iter().map(|(_, l)| l.value).sum();
                prop_assert_eq!(after - before, on(&e.entry, ACCOUNTS.inventory));
                prop_assert_eq!(-on(&e.entry, ACCOUNTS.inventory), on(&e.entry, ACCOUNTS.cogs));
            }
            Err(StockMoveError::InsufficientStock { available, .. }) => prop_assert!(available < qty),
            Err(e) => prop_assert!(false, "{e:?}"),
        }
        let c = StockCount::new(A, vec![CountLine { product: P, counted }], "count").unwrap();
        let e = post_stock_count(&c, &products(Some(unit)), &levels, ACCOUNTS).unwrap();
        prop_assert_eq!(e.levels[0].1.qty, counted);
        let change = e.levels[0].1.value - levels[&(A, P)].value;
        prop_assert_eq!(change, on(&e.entry, ACCOUNTS.inventory));
    }
}
