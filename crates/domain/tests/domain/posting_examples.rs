//! The worked examples of DOMAIN.md §4, posted by the pure sale rule.

use mizan_domain::Refusal;
use std::collections::HashMap;

use mizan_domain::sales::{
    CustomerCredit, NewSaleLine, Payment, PaymentMethod, ProductPolicy, SaleAccounts, SaleDraft,
    SalePostingError, SaleSnapshot, Settlement, post_sale,
};

const ON_CREDIT: Settlement = Settlement::Whole(PaymentMethod::Credit);
use mizan_domain::stock::StockLevel;
use mizan_domain::{AccountId, CustomerId, ProductId, WarehouseId};

const CUSTOMERS: AccountId = AccountId(11030);
const REVENUE: AccountId = AccountId(41010);
const VAT: AccountId = AccountId(21010);
const COGS: AccountId = AccountId(51010);
const INVENTORY: AccountId = AccountId(11051);

fn snapshot(level: StockLevel, vat_bp: i64) -> SaleSnapshot {
    SaleSnapshot {
        products: HashMap::from([(
            ProductId(1),
            ProductPolicy {
                sale_price: 0,
                code: "KOYA/C1".into(),
                vat_bp,
                tracks_stock: true,
                allow_negative_stock: false,
                cost_price: None,
                in_rolls: false,
            },
        )]),
        warehouses: vec![WarehouseId(2000)],
        levels: HashMap::from([((WarehouseId(2000), ProductId(1)), level)]),
        accounts: Some(SaleAccounts {
            customers: CUSTOMERS,
            revenue: REVENUE,
            vat: VAT,
            cogs: COGS,
            inventory: INVENTORY,
            card: AccountId(11040),
            bank: AccountId(11020),
        }),
        customer: Some(CustomerCredit::default()),
        ..SaleSnapshot::default()
    }
}

fn credit_sale(qty: i64, unit_price: i64) -> SaleDraft {
    SaleDraft::new(
        vec![NewSaleLine {
            product: ProductId(1),
            warehouse: WarehouseId(2000),
            qty,
            unit_price: Some(unit_price),
            discount: 0,
            label_amount: None,
        }],
        Payment::Credit {
            customer_id: CustomerId(7),
        },
        None,
    )
    .unwrap()
}

#[test]
fn a_sale_of_10000_with_cost_6000_posts_exactly_four_lines_of_16000_each_side() {
    // 10 metres at 1,000.00 each, stock of 20 metres worth 12,000.00: cost 6,000.00.
    let s = snapshot(
        StockLevel {
            qty: 20_000,
            value: 1_200_000,
        },
        0,
    );
    let effects = post_sale(&credit_sale(10_000, 100_000), &ON_CREDIT, &s).unwrap();
    let lines: Vec<(AccountId, i64)> = effects
        .entry
        .lines()
        .iter()
        .map(|l| (l.account, l.amount))
        .collect();
    assert_eq!(
        lines,
        vec![
            (CUSTOMERS, 1_000_000),
            (REVENUE, -1_000_000),
            (COGS, 600_000),
            (INVENTORY, -600_000),
        ]
    );
    assert_eq!(effects.entry.total(), 1_600_000);
    assert_eq!(effects.total - effects.cost, 400_000, "gross profit 4,000");
    assert_eq!(
        effects.levels[0].1,
        StockLevel {
            qty: 10_000,
            value: 600_000
        }
    );
}

#[test]
fn vat_is_credited_to_vat_payable() {
    let s = snapshot(
        StockLevel {
            qty: 5_000,
            value: 50_000,
        },
        1400,
    );
    let e = post_sale(&credit_sale(1_000, 10_000), &ON_CREDIT, &s).unwrap();
    assert_eq!((e.net, e.vat, e.total), (10_000, 1_400, 11_400));
    assert!(
        e.entry
            .lines()
            .iter()
            .any(|l| l.account == VAT && l.amount == -1_400)
    );
}

#[test]
fn selling_more_than_on_hand_names_product_warehouse_available_and_requested() {
    let s = snapshot(
        StockLevel {
            qty: 2_000,
            value: 100,
        },
        0,
    );
    let err = post_sale(&credit_sale(2_500, 10), &ON_CREDIT, &s).unwrap_err();
    assert_eq!(
        err,
        SalePostingError::InsufficientStock {
            line: 0,
            product: ProductId(1),
            product_code: "KOYA/C1".into(),
            warehouse: WarehouseId(2000),
            available: 2_000,
            requested: 2_500,
        }
    );
    assert_eq!(err.code(), "insufficient_stock");
}

#[test]
fn selling_below_zero_with_no_cost_known_is_refused_as_product_without_cost() {
    let mut s = snapshot(StockLevel::default(), 0);
    s.products
        .get_mut(&ProductId(1))
        .unwrap()
        .allow_negative_stock = true;
    let err = post_sale(&credit_sale(1_000, 10), &ON_CREDIT, &s).unwrap_err();
    assert_eq!(err.code(), "product_without_cost");
}

#[test]
fn an_unknown_reference_on_a_later_line_is_found_before_an_error_on_an_earlier_one() {
    let s = snapshot(
        StockLevel {
            qty: 1_000,
            value: 100,
        },
        0,
    );
    let lines = vec![
        NewSaleLine {
            product: ProductId(1),
            warehouse: WarehouseId(2000),
            qty: 5_000,
            unit_price: Some(1),
            discount: 0,
            label_amount: None,
        },
        NewSaleLine {
            product: ProductId(99),
            warehouse: WarehouseId(2000),
            qty: 1_000,
            unit_price: Some(1),
            discount: 0,
            label_amount: None,
        },
    ];
    let sale = SaleDraft::new(
        lines,
        Payment::Credit {
            customer_id: CustomerId(7),
        },
        None,
    )
    .unwrap();
    let err = post_sale(&sale, &ON_CREDIT, &s).unwrap_err();
    assert_eq!(
        err,
        SalePostingError::UnknownReference {
            field: "lines[1].product_id".into()
        }
    );
}
