//! Property tests of the posting invariants: every entry balances, stock quantity and value are
//! conserved, value reaches exactly zero with quantity, and cash in equals the sale total.

use mizan_domain::sales::{
    NewSaleLine, Payment, PaymentMethod, ProductPolicy, RegisterPolicy, SaleAccounts, SaleDraft,
    SaleSnapshot, Settlement, post_sale,
};
use mizan_domain::stock::StockLevel;
use mizan_domain::{AccountId, CashRegisterId, ProductId, WarehouseId};
use proptest::prelude::*;

fn snapshot(levels: &[(i64, i64)], vat_bp: i64) -> SaleSnapshot {
    let mut s = SaleSnapshot {
        warehouses: vec![WarehouseId(1), WarehouseId(2)],
        accounts: Some(SaleAccounts {
            customers: AccountId(2),
            revenue: AccountId(3),
            vat: AccountId(4),
            cogs: AccountId(5),
            inventory: AccountId(6),
            card: AccountId(7),
            bank: AccountId(8),
        }),
        register: Some(RegisterPolicy {
            account: AccountId(1),
        }),
        ..SaleSnapshot::default()
    };
    for (i, (qty, value)) in levels.iter().enumerate() {
        let p = ProductId(i as i64);
        s.products.insert(
            p,
            ProductPolicy {
                sale_price: 0,
                code: format!("P{i}"),
                vat_bp,
                tracks_stock: true,
                allow_negative_stock: false,
                cost_price: None,
                in_rolls: false,
            },
        );
        s.levels.insert(
            (WarehouseId(1), p),
            StockLevel {
                qty: *qty,
                value: *value,
            },
        );
    }
    s
}

prop_compose! {
    fn levels()(v in prop::collection::vec((1i64..1_000_000, 1i64..100_000_000), 1..6)) -> Vec<(i64, i64)> { v }
}

proptest! {
    #[test]
    fn every_posted_sale_balances_conserves_stock_and_cash(
        levels in levels(),
        picks in prop::collection::vec((0usize..6, 1i64..400_000, 0i64..10_000_000), 1..8),
        vat_bp in prop::sample::select(vec![0i64, 500, 1400, 1500]),
    ) {
        let snap = snapshot(&levels, vat_bp);
        let lines: Vec<NewSaleLine> = picks.iter().map(|(p, q, price)| NewSaleLine {
            product: ProductId((*p % levels.len()) as i64),
            warehouse: WarehouseId(1),
            qty: *q,
            unit_price: Some(*price),
            discount: 0,
            label_amount: None,
        }).collect();
        let sale = SaleDraft::new(lines, Payment::Cash { cash_register_id: CashRegisterId(1) }, None).unwrap();
        let Ok(effects) = post_sale(&sale, &Settlement::Whole(PaymentMethod::Cash), &snap) else { return Ok(()); };
        // Debits = credits, and the debit side is the total plus the cost.
        let sum: i128 = effects.entry.lines().iter().map(|l| i128::from(l.amount)).sum();
        prop_assert_eq!(sum, 0);
        prop_assert_eq!(effects.entry.total(), effects.total + effects.cost);
        // Stock conservation: before + moves = after, per (warehouse, product).
        for ((wh, p), after) in &effects.levels {
            let before = snap.levels[&(*wh, *p)];
            let (mq, mv) = effects.stock_moves.iter()
                .filter(|m| m.warehouse == *wh && m.product == *p)
                .fold((0i64, 0i64), |(q, v), m| (q + m.qty, v + m.value));
            prop_assert_eq!(before.qty + mq, after.qty);
            prop_assert_eq!(before.value + mv, after.value);
            prop_assert!(after.qty >= 0);
            if after.qty == 0 { prop_assert_eq!(after.value, 0); }
        }
        // Cost of goods sold = value leaving stock; cash in = total.
        let out: i64 = effects.stock_moves.iter().map(|m| -m.value).sum();
        prop_assert_eq!(out, effects.cost);
        prop_assert_eq!(effects.cash, Some((CashRegisterId(1), effects.total)));
    }

    #[test]
    fn selling_a_level_down_in_any_pieces_leaves_value_exactly_zero(
        qty in 1i64..1_000_000,
        value in 1i64..1_000_000_000,
        cuts in prop::collection::vec(1i64..100_000, 0..30),
    ) {
        let mut level = StockLevel { qty, value };
        let mut taken = 0i64;
        for c in cuts {
            if c >= level.qty { break; }
            let (next, cost) = level.issue(c, false, None).unwrap();
            prop_assert!(cost >= 0 && cost <= level.value);
            taken += cost;
            level = next;
        }
        let (last, cost) = level.issue(level.qty, false, None).unwrap();
        taken += cost;
        prop_assert_eq!(last, StockLevel::default());
        prop_assert_eq!(taken, value);
    }
}
