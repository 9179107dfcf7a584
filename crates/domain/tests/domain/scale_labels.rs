//! Scale labels with an embedded price: whatever the label's price and the product's price per
//! unit, the line sells at exactly the label's price (its VAT on that), takes the weight the
//! price buys out of stock at its cost, posts a balanced entry, and is within a cashier's terms.

use std::collections::HashMap;

use mizan_domain::barcode::{Embedded, ScaleRead};
use mizan_domain::decimal::div_round;
use mizan_domain::sales::{
    NewSaleLine, PaymentMethod, ProductPolicy, RegisterPolicy, SaleAccounts, SaleDraft,
    SaleSnapshot, SellerTerms, SessionState, Settlement, post_sale,
};
use mizan_domain::staff::Role;
use mizan_domain::stock::StockLevel;
use mizan_domain::{AccountId, CashRegisterId, CashierSessionId, ProductId, WarehouseId};
use proptest::prelude::*;

const REGISTER: CashRegisterId = CashRegisterId(1);

fn snapshot(sale_price: i64, vat_bp: i64) -> SaleSnapshot {
    SaleSnapshot {
        products: HashMap::from([(
            ProductId(1),
            ProductPolicy {
                code: "CHEESE".into(),
                sale_price,
                vat_bp,
                tracks_stock: true,
                allow_negative_stock: false,
                cost_price: None,
                in_rolls: false,
            },
        )]),
        warehouses: vec![WarehouseId(1)],
        // A million kg worth 60.00 a kg: enough for any label.
        levels: HashMap::from([(
            (WarehouseId(1), ProductId(1)),
            StockLevel {
                qty: 1_000_000_000,
                value: 6_000_000_000,
            },
        )]),
        accounts: Some(SaleAccounts {
            customers: AccountId(1),
            revenue: AccountId(2),
            vat: AccountId(3),
            cogs: AccountId(4),
            inventory: AccountId(5),
            card: AccountId(6),
            bank: AccountId(7),
        }),
        register: Some(RegisterPolicy {
            account: AccountId(8),
        }),
        session: Some(SessionState {
            id: CashierSessionId(1),
            register: REGISTER,
            open: true,
        }),
        require_open_session: true,
        ..SaleSnapshot::default()
    }
}

/// The sale of one label read at `sale_price`, as a till sends it.
fn sale_of(label: &ScaleRead, sale_price: i64) -> SaleDraft {
    let (qty, amount) = label.quantity_and_amount(sale_price).unwrap();
    let line = NewSaleLine {
        product: ProductId(1),
        warehouse: WarehouseId(1),
        qty,
        unit_price: None,
        discount: 0,
        label_amount: Some(amount),
    };
    SaleDraft::at(
        vec![line],
        Some(REGISTER),
        None,
        None,
        Some(PaymentMethod::Cash),
    )
    .unwrap()
}

#[test]
fn a_label_of_ten_point_zero_one_sells_at_ten_point_zero_one() {
    // 100.00 a kg: 10.01 buys 0.100 kg, which is worth 10.00 at the list price.
    let label = ScaleRead {
        plu: "54321".into(),
        embedded: Embedded::Price,
        value: 1_001,
    };
    let s = snapshot(10_000, 1_400);
    let sale = sale_of(&label, 10_000);
    assert_eq!(sale.lines()[0].get().qty, 100);
    assert_eq!(sale.lines()[0].get().gross_at(10_000), 1_000);
    let e = post_sale(&sale, &Settlement::Whole(PaymentMethod::Cash), &s).unwrap();
    assert_eq!((e.net, e.vat, e.total), (1_001, 140, 1_141));
    assert_eq!(e.lines[0].unit_price, 10_000);
}

proptest! {
    #[test]
    fn a_price_label_always_sells_at_exactly_its_price(
        value in 0_i64..=999_999,
        sale_price in 1_i64..=100_000_000,
        vat_bp in prop::sample::select(vec![0_i64, 500, 1_400, 1_500, 2_000]),
    ) {
        let label = ScaleRead { plu: "1".into(), embedded: Embedded::Price, value };
        let s = snapshot(sale_price, vat_bp);
        let sale = sale_of(&label, sale_price);
        let cashier = SellerTerms::of(Role::named("cashier").unwrap());
        prop_assert_eq!(cashier.check(&sale, &s), Ok(()));
        let e = post_sale(&sale, &Settlement::Whole(PaymentMethod::Cash), &s).unwrap();
        prop_assert_eq!(e.lines[0].net, value);
        prop_assert_eq!(e.net, value);
        prop_assert_eq!(i128::from(e.vat), div_round(i128::from(value) * i128::from(vat_bp), 10_000));
        prop_assert_eq!(e.total, value + e.vat);
        // The stock leaves by the weight the price buys, at its cost.
        let qty = sale.lines()[0].get().qty;
        prop_assert!(qty >= 1);
        prop_assert_eq!(e.stock_moves[0].qty, -qty);
        prop_assert_eq!(e.stock_moves[0].value, -e.cost);
        prop_assert_eq!(i128::from(e.cost), div_round(i128::from(qty) * 6_000_000_000, 1_000_000_000));
        let sum: i64 = e.entry.lines().iter().map(|l| l.amount).sum();
        prop_assert_eq!(sum, 0);
    }

    #[test]
    fn a_weight_label_sells_at_its_weight_times_the_price(
        grams in 1_i64..=99_999,
        sale_price in 0_i64..=100_000_000,
    ) {
        let label = ScaleRead { plu: "1".into(), embedded: Embedded::Weight, value: grams };
        let s = snapshot(sale_price, 0);
        let sale = sale_of(&label, sale_price);
        let cashier = SellerTerms::of(Role::named("cashier").unwrap());
        prop_assert_eq!(cashier.check(&sale, &s), Ok(()));
        let e = post_sale(&sale, &Settlement::Whole(PaymentMethod::Cash), &s).unwrap();
        prop_assert_eq!(i128::from(e.net), div_round(i128::from(grams) * i128::from(sale_price), 1_000));
    }
}
