//! Property test of the books as stored: after any sequence of opening stock, cash and credit
//! sales (some refused), every entry balances, the stock ledger equals the levels, the inventory
//! account equals the stock value, and each register's cash account equals its cash moves —
//! checked both by `check()` and by recomputing from what the store returns.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use mizan_domain::sales::{NewSaleLine, Payment, SaleDraft};
use mizan_domain::{CashRegisterId, Currency, CustomerId, ProductId, WarehouseId};
use mizan_store::{Command, NewProduct};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Receive {
        product: usize,
        warehouse: usize,
        qty: i64,
        unit_cost: i64,
    },
    Sell {
        lines: Vec<(usize, usize, i64, i64)>,
        register: Option<usize>,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..3, 0usize..2, 1i64..50_000, 1i64..100_000).prop_map(
            |(product, warehouse, qty, unit_cost)| Op::Receive {
                product,
                warehouse,
                qty,
                unit_cost
            }
        ),
        (
            prop::collection::vec((0usize..3, 0usize..2, 1i64..20_000, 0i64..50_000), 1..4),
            prop::option::of(0usize..2)
        )
            .prop_map(|(lines, register)| Op::Sell { lines, register }),
    ]
}

async fn run(ops: Vec<Op>) {
    let dir = tempfile::tempdir().unwrap();
    let store = mizan_store::open(&format!("sqlite://{}", dir.path().join("p.db").display()))
        .await
        .unwrap();
    let (scope, _) = store
        .create_tenant("P", &Currency::from_code("KWD").unwrap(), "o", "h", 0)
        .await
        .unwrap();
    let w = |cmd| store.write(&scope, None, cmd);
    let mut warehouses = Vec::new();
    let mut registers = Vec::new();
    let mut products = Vec::new();
    for i in 0..2 {
        warehouses.push(WarehouseId(
            w(Command::CreateWarehouse {
                branch_id: None,
                code: format!("W{i}"),
                name: "W".into(),
            })
            .await
            .unwrap()
            .id,
        ));
        registers.push(CashRegisterId(
            w(Command::CreateCashRegister {
                branch_id: None,
                name: format!("Till {i}"),
            })
            .await
            .unwrap()
            .id,
        ));
    }
    let customer = CustomerId(
        w(Command::CreateCustomer {
            name: "C".into(),
            phone: None,
        })
        .await
        .unwrap()
        .id,
    );
    for i in 0..3 {
        let p = NewProduct {
            code: format!("P{i}"),
            barcode: None,
            name_en: "P".into(),
            name_ar: "P".into(),
            unit: "metre".into(),
            sale_price: 1,
            vat_bp: [0, 500, 1400][i],
            tracks_stock: true,
            allow_negative_stock: i == 2,
            cost_price: (i == 2).then_some(1_234),
        };
        products.push(ProductId(w(Command::CreateProduct(p)).await.unwrap().id));
    }
    for op in ops {
        let cmd = match op {
            Op::Receive {
                product,
                warehouse,
                qty,
                unit_cost,
            } => Command::PostOpeningStock {
                warehouse: warehouses[warehouse],
                product: products[product],
                qty,
                unit_cost,
                now_ms: 0,
            },
            Op::Sell { lines, register } => {
                let lines = lines
                    .into_iter()
                    .map(|(p, wh, qty, unit_price)| NewSaleLine {
                        product: products[p],
                        warehouse: warehouses[wh],
                        qty,
                        unit_price,
                        discount: 0,
                    })
                    .collect();
                let payment = match register {
                    Some(r) => Payment::Cash {
                        cash_register_id: registers[r],
                    },
                    None => Payment::Credit {
                        customer_id: customer,
                    },
                };
                Command::CreateSale {
                    draft: SaleDraft::new(lines, payment, None).unwrap(),
                    post: true,
                    now_ms: 0,
                }
            }
        };
        if let Err(e) = w(cmd).await {
            assert!(
                ["insufficient_stock", "product_without_cost"].contains(&e.code()),
                "{e:?}"
            );
        }
    }
    assert_eq!(store.check(&scope).await.unwrap(), vec![]);
    // Recompute from what the store returns.
    let journal = store.journal(&scope).await.unwrap();
    for e in &journal {
        assert_eq!(
            e.lines.iter().map(|l| i128::from(l.amount)).sum::<i128>(),
            0,
            "{}",
            e.number
        );
    }
    let balances = store.account_balances(&scope).await.unwrap();
    let bal = |code: &str| balances.iter().find(|a| a.code == code).unwrap().balance;
    let stock_value: i64 = store
        .stock_levels(&scope)
        .await
        .unwrap()
        .iter()
        .map(|l| l.value)
        .sum();
    assert_eq!(
        bal("11051"),
        stock_value,
        "inventory account = stock valuation"
    );
    let cash_sales: i64 = store
        .sales(&scope, 10_000, None)
        .await
        .unwrap()
        .iter()
        .filter(|s| s.payment_method == "cash")
        .map(|s| s.total)
        .sum();
    assert_eq!(
        bal("11010-01") + bal("11010-02"),
        cash_sales,
        "cash accounts = cash taken"
    );
    let total: i128 = balances.iter().map(|a| i128::from(a.balance)).sum();
    assert_eq!(total, 0, "trial balance");
    for l in store.stock_levels(&scope).await.unwrap() {
        if l.qty == 0 {
            assert_eq!(l.value, 0, "value reaches zero with quantity");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_postings_leaves_the_books_consistent(ops in prop::collection::vec(op(), 1..40)) {
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap().block_on(run(ops));
    }
}
