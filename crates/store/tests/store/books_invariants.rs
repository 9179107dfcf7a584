//! Property test of the books as stored, on both backends: after any sequence of opening
//! stock, sales (cash with change, card, credit against a limit, split; some refused), cashier
//! sessions opened and closed with any count, pay-ins and payouts, every entry balances, the
//! stock ledger equals the levels, the inventory account equals the stock value, each drawer's
//! account equals what its open session expects (opening float + cash sales − change +
//! pay-ins − payouts, and supplier payments out of it), customers owe what their credit sales
//! say, the suppliers account equals what the shop owes its supplier after purchases, purchase
//! returns and payments, and the daily sales report and the accounts' day balances kept by
//! the postings equal their rebuilds from them (and the trial balance and balance sheet agree).

use crate::support;
use mizan_domain::Refusal;
use std::sync::Arc;

use mizan_domain::ledger::statements;
use mizan_domain::sales::{NewPayment, NewSaleLine, PaymentMethod, Payments, SaleDraft};
use mizan_domain::sessions::{CashMovementKind, CountedCash, NewCashMovement, OpeningFloat};
use mizan_domain::{CashRegisterId, CustomerId, ProductId, WarehouseId};
use mizan_store::{Command, NewProduct, Store};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Receive {
        product: usize,
        warehouse: usize,
        qty: i64,
        unit_cost: i64,
    },
    /// Lines, the register, and how the total is split: shares (in tenths) of cash, card and
    /// credit, plus cash handed over beyond the cash part.
    Sell {
        lines: Vec<(usize, usize, i64, i64)>,
        register: usize,
        shares: (i64, i64, i64),
        extra_cash: i64,
    },
    Open {
        register: usize,
        float: i64,
    },
    Move {
        register: usize,
        pay_in: bool,
        amount: i64,
    },
    Close {
        register: usize,
        /// Counted minus expected.
        off_by: i64,
    },
    Purchase {
        product: usize,
        warehouse: usize,
        qty: i64,
        unit_cost: i64,
    },
    /// Sends back `qty` of the `which`-th purchase (modulo how many there are).
    PurchaseBack {
        which: usize,
        qty: i64,
    },
    /// Pays the supplier from the safe (0), the bank (1) or register 0's or 1's drawer (2, 3).
    PaySupplier {
        from: usize,
        amount: i64,
    },
    /// Moves a product from warehouse 0 to 1 or back.
    Transfer {
        product: usize,
        back: bool,
        qty: i64,
    },
    Count {
        product: usize,
        warehouse: usize,
        counted: i64,
    },
    /// The customer pays by card (false) or in cash into register 0 (true).
    CustomerPays {
        cash: bool,
        amount: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (0usize..3, 0usize..2, 1i64..50_000, 1i64..100_000).prop_map(
            |(product, warehouse, qty, unit_cost)| Op::Receive {
                product,
                warehouse,
                qty,
                unit_cost
            }
        ),
        3 => (
            prop::collection::vec((0usize..3, 0usize..2, 1i64..20_000, 0i64..50_000), 1..4),
            0usize..2,
            (0i64..4, 0i64..4, 0i64..3),
            0i64..5_000,
        )
            .prop_map(|(lines, register, shares, extra_cash)| Op::Sell {
                lines,
                register,
                shares,
                extra_cash
            }),
        1 => (0usize..2, 0i64..100_000).prop_map(|(register, float)| Op::Open { register, float }),
        1 => (0usize..2, any::<bool>(), 1i64..20_000).prop_map(|(register, pay_in, amount)| Op::Move {
            register,
            pay_in,
            amount
        }),
        1 => (0usize..2, -500i64..500).prop_map(|(register, off_by)| Op::Close { register, off_by }),
        // Whole units, so that no line is worth less than a minor unit (that is refused).
        1 => (0usize..3, 0usize..2, 1i64..50, 1i64..100_000).prop_map(
            |(product, warehouse, units, unit_cost)| Op::Purchase {
                product,
                warehouse,
                qty: units * 1_000,
                unit_cost
            }
        ),
        1 => (0usize..8, 1i64..30_000).prop_map(|(which, qty)| Op::PurchaseBack { which, qty }),
        1 => (0usize..4, 1i64..200_000).prop_map(|(from, amount)| Op::PaySupplier { from, amount }),
        1 => (0usize..3, any::<bool>(), 1i64..30_000).prop_map(|(product, back, qty)| Op::Transfer { product, back, qty }),
        1 => (0usize..3, 0usize..2, 0i64..30_000).prop_map(|(product, warehouse, counted)| Op::Count { product, warehouse, counted }),
        1 => (any::<bool>(), 1i64..100_000).prop_map(|(cash, amount)| Op::CustomerPays { cash, amount }),
    ]
}

/// Allowed refusals: the property is about what gets written, not about every op succeeding.
const REFUSALS: &[&str] = &[
    "insufficient_stock",
    "product_without_cost",
    "no_open_session",
    "session_closed",
    "session_already_open",
    "credit_limit_exceeded",
    "payment_mismatch",
    "not_found",
    "insufficient_cash",
    "return_exceeds_purchase",
    "payment_exceeds_balance",
];

/// Splits `total` by `shares` (cash, card, credit).
fn split(total: i64, (cash, card, credit): (i64, i64, i64), extra: i64) -> Vec<NewPayment> {
    let all = (cash + card + credit).max(1);
    let (c, k) = (total * cash / all, total * card / all);
    let parts = [
        (PaymentMethod::Cash, c),
        (PaymentMethod::Card, k),
        (PaymentMethod::Credit, total - c - k),
    ];
    parts
        .into_iter()
        .filter(|(_, a)| *a > 0)
        .map(|(method, amount)| NewPayment {
            method,
            amount,
            received: (method == PaymentMethod::Cash).then_some(amount + extra),
        })
        .collect()
}

async fn run(store: Arc<dyn Store>, ops: Vec<Op>) {
    let f = support::Fixture::new(&store).await;
    let scope = f.scope;
    let w = |cmd| store.write(&scope, None, cmd);
    let warehouses = [
        f.warehouse,
        WarehouseId(
            w(Command::CreateWarehouse {
                branch_id: None,
                code: "W2".into(),
                name: "W".into(),
            })
            .await
            .unwrap()
            .id,
        ),
    ];
    let registers = [
        f.register,
        CashRegisterId(
            w(Command::CreateCashRegister {
                branch_id: None,
                name: "Till 2".into(),
            })
            .await
            .unwrap()
            .id,
        ),
    ];
    let customer = CustomerId(
        w(Command::CreateCustomer {
            name: "C".into(),
            phone: None,
            credit_limit: Some(2_000_000),
        })
        .await
        .unwrap()
        .id,
    );
    let mut products = Vec::new();
    for i in 0..3 {
        let p = NewProduct {
            unit: "metre".into(),
            vat_bp: [0, 500, 1400][i],
            allow_negative_stock: i == 2,
            cost_price: (i == 2).then_some(1_234),
            ..support::Fixture::product(&format!("P{i}"))
        };
        products.push(ProductId(w(Command::CreateProduct(p)).await.unwrap().id));
    }
    let supplier = mizan_domain::SupplierId(
        w(Command::CreateSupplier {
            name: "S".into(),
            phone: None,
            tax_number: None,
        })
        .await
        .unwrap()
        .id,
    );
    let mut purchases: Vec<mizan_domain::PurchaseId> = Vec::new();
    let mut now = support::NOW;
    for op in ops {
        // Postings spread over a few business days.
        now += 3 * 3_600_000;
        let result = match op {
            Op::Receive {
                product,
                warehouse,
                qty,
                unit_cost,
            } => w(Command::PostOpeningStock {
                warehouse: warehouses[warehouse],
                product: products[product],
                qty,
                unit_cost,
                now_ms: now,
                rolls: Vec::new(),
            })
            .await
            .map(|_| ()),
            Op::Sell {
                lines,
                register,
                shares,
                extra_cash,
            } => {
                let lines = lines
                    .into_iter()
                    .map(|(p, wh, qty, unit_price)| NewSaleLine {
                        product: products[p],
                        warehouse: warehouses[wh],
                        qty,
                        unit_price: Some(unit_price),
                        discount: 0,
                        label_amount: None,
                    })
                    .collect();
                let draft =
                    SaleDraft::at(lines, Some(registers[register]), Some(customer), None, None)
                        .unwrap();
                // A draft first, to learn the total; then the checkout.
                let id = w(Command::CreateSale {
                    draft,
                    complete: None,
                    cashier: "c".into(),
                    terms: mizan_domain::sales::SellerTerms::ANY,
                    now_ms: now,
                })
                .await
                .unwrap()
                .id;
                let total = store
                    .sale(&scope, mizan_domain::SaleId(id))
                    .await
                    .unwrap()
                    .unwrap()
                    .total;
                let payments = split(total, shares, extra_cash);
                let payments = if payments.is_empty() {
                    None
                } else {
                    Some(Payments::new(payments).unwrap())
                };
                match payments {
                    None => Ok(()),
                    Some(p) => w(Command::CompleteSale {
                        sale: mizan_domain::SaleId(id),
                        payments: Some(p),
                        session: None,
                        now_ms: now,
                    })
                    .await
                    .map(|_| ()),
                }
            }
            Op::Open { register, float } => w(Command::OpenSession {
                register: registers[register],
                float: OpeningFloat::new(float).unwrap(),
                user: "c".into(),
                now_ms: now,
            })
            .await
            .map(|_| ()),
            Op::Move {
                register,
                pay_in,
                amount,
            } => {
                let open = store
                    .cashier_sessions(&scope, Some(registers[register]), true, None, None)
                    .await
                    .unwrap();
                match open.first() {
                    None => Ok(()),
                    Some(s) => {
                        let kind = if pay_in {
                            CashMovementKind::PayIn
                        } else {
                            CashMovementKind::Payout
                        };
                        w(Command::MoveCash {
                            session: s.id,
                            movement: NewCashMovement::new(kind, amount, "float top-up").unwrap(),
                            account: None,
                            user: "c".into(),
                            now_ms: now,
                        })
                        .await
                        .map(|_| ())
                    }
                }
            }
            Op::Close { register, off_by } => {
                let open = store
                    .cashier_sessions(&scope, Some(registers[register]), true, None, None)
                    .await
                    .unwrap();
                match open.first() {
                    None => Ok(()),
                    Some(s) => {
                        let expected =
                            mizan_domain::sessions::session_report(&s.totals, None).expected_cash;
                        w(Command::CloseSession {
                            session: s.id,
                            counted: CountedCash::new(Some((expected + off_by).max(0)), vec![])
                                .unwrap(),
                            user: "c".into(),
                            now_ms: now,
                        })
                        .await
                        .map(|_| ())
                    }
                }
            }
            Op::Purchase {
                product,
                warehouse,
                qty,
                unit_cost,
            } => {
                let line = mizan_domain::purchases::PurchaseLine {
                    product: products[product],
                    qty,
                    unit_cost,
                    vat_bp: None,
                };
                let draft = mizan_domain::purchases::PurchaseDraft::new(
                    supplier,
                    warehouses[warehouse],
                    None,
                    vec![line],
                )
                .unwrap();
                w(Command::CreatePurchase {
                    draft,
                    received_by: "m".into(),
                    now_ms: now,
                })
                .await
                .map(|w| purchases.push(mizan_domain::PurchaseId(w.id)))
            }
            Op::PurchaseBack { which, qty } if !purchases.is_empty() => {
                let draft = mizan_domain::purchases::PurchaseReturnDraft::new(
                    vec![mizan_domain::returns::ReturnLine { line: 0, qty }],
                    "back",
                )
                .unwrap();
                w(Command::CreatePurchaseReturn {
                    purchase: purchases[which % purchases.len()],
                    draft,
                    returned_by: "m".into(),
                    now_ms: now,
                })
                .await
                .map(|_| ())
            }
            Op::PurchaseBack { .. } => Ok(()),
            Op::PaySupplier { from, amount } => {
                use mizan_domain::payments::{PaidFrom, SupplierPayment};
                let from = match from {
                    0 => PaidFrom::Safe,
                    1 => PaidFrom::Bank,
                    r => PaidFrom::Drawer(registers[r - 2]),
                };
                w(Command::PaySupplier {
                    payment: SupplierPayment::new(supplier, amount, from, None).unwrap(),
                    paid_by: "m".into(),
                    now_ms: now,
                })
                .await
                .map(|_| ())
            }
            Op::Transfer { product, back, qty } => {
                let (from, to) = if back {
                    (warehouses[1], warehouses[0])
                } else {
                    (warehouses[0], warehouses[1])
                };
                let line = mizan_domain::transfers::TransferLine {
                    product: products[product],
                    qty,
                };
                w(Command::TransferStock {
                    transfer: mizan_domain::transfers::Transfer::new(from, to, vec![line], None)
                        .unwrap(),
                    moved_by: "m".into(),
                    now_ms: now,
                })
                .await
                .map(|_| ())
            }
            Op::Count {
                product,
                warehouse,
                counted,
            } => {
                let line = mizan_domain::transfers::CountLine {
                    product: products[product],
                    counted,
                };
                w(Command::CountStock {
                    count: mizan_domain::transfers::StockCount::new(
                        warehouses[warehouse],
                        vec![line],
                        "count",
                    )
                    .unwrap(),
                    counted_by: "m".into(),
                    now_ms: now,
                })
                .await
                .map(|_| ())
            }
            Op::CustomerPays { cash, amount } => {
                use mizan_domain::payments::{CustomerPayment, ReceivedBy};
                let by = if cash {
                    ReceivedBy::Cash(registers[0])
                } else {
                    ReceivedBy::Card
                };
                w(Command::ReceiveCustomerPayment {
                    payment: CustomerPayment::new(customer, amount, by, vec![], None).unwrap(),
                    received_by: "c".into(),
                    now_ms: now,
                })
                .await
                .map(|_| ())
            }
        };
        if let Err(e) = result {
            assert!(REFUSALS.contains(&e.code()), "{e:?}");
        }
    }
    assert_eq!(store.check(&scope).await.unwrap(), vec![]);
    // Recompute from what the store returns.
    for e in &store.journal(&scope).await.unwrap() {
        let sum: i128 = e.lines.iter().map(|l| i128::from(l.amount)).sum();
        assert_eq!(sum, 0, "{}", e.number);
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
    for (i, register) in registers.iter().enumerate() {
        let open = store
            .cashier_sessions(&scope, Some(*register), true, None, None)
            .await
            .unwrap();
        let expected = open.first().map_or(0, |s| s.totals.expected_cash());
        assert_eq!(
            bal(&format!("11010-{:02}", i + 1)),
            expected,
            "drawer account = expected cash of the open session"
        );
    }
    let c = store.customer(&scope, customer).await.unwrap().unwrap();
    assert!(c.balance <= 2_000_000, "credit limit held");
    assert_eq!(
        bal("11030"),
        c.balance,
        "customers account = what customers owe"
    );
    let owed = store.supplier(&scope, supplier).await.unwrap().unwrap();
    assert_eq!(
        -bal("21020"),
        owed.balance,
        "suppliers account = what the shop owes"
    );
    let total: i128 = balances.iter().map(|a| i128::from(a.balance)).sum();
    assert_eq!(total, 0, "trial balance");
    // The daily report kept by postings equals its rebuild from them.
    let mut days: Vec<i32> = Vec::new();
    let mut t = support::NOW - 86_400_000;
    while t <= now + 86_400_000 {
        days.push(mizan_domain::calendar::business_day(t, 0));
        t += 86_400_000;
    }
    let mut kept = Vec::new();
    for d in &days {
        kept.extend(store.daily_sales(&scope, *d).await.unwrap());
    }
    store.rebuild_daily_sales(&scope).await.unwrap();
    let mut rebuilt = Vec::new();
    for d in &days {
        rebuilt.extend(store.daily_sales(&scope, *d).await.unwrap());
    }
    assert_eq!(kept, rebuilt, "daily report = its rebuild");
    // The accounts' day balances the statements read: each account's balance equals its
    // journal lines, the trial balance's sides agree, the balance sheet balances, and the
    // balances equal their rebuild from the journal.
    let journal = store.journal(&scope).await.unwrap();
    let totals = store.account_totals(&scope, None, i32::MAX).await.unwrap();
    for a in &totals {
        let from_journal: i64 = journal
            .iter()
            .flat_map(|e| &e.lines)
            .filter(|l| l.account_code == a.code)
            .map(|l| l.amount)
            .sum();
        assert_eq!(a.balance(), from_journal, "account {}", a.code);
        assert_eq!(bal(&a.code), from_journal, "account {}", a.code);
    }
    let tb = statements::trial_balance(totals.clone());
    assert_eq!(tb.total_debit, tb.total_credit, "trial balance");
    assert_eq!(tb.debit_balances, tb.credit_balances, "trial balance");
    assert!(
        statements::balance_sheet(&totals).balances(),
        "balance sheet"
    );
    store.rebuild_account_days(&scope).await.unwrap();
    let rebuilt = store.account_totals(&scope, None, i32::MAX).await.unwrap();
    assert_eq!(totals, rebuilt, "account day balances = their rebuild");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_postings_leaves_the_books_consistent_on_sqlite(ops in prop::collection::vec(op(), 1..40)) {
        support::block_on(async {
            let (store, _dir) = support::sqlite().await;
            run(store, ops).await;
        });
    }

    #[test]
    fn any_sequence_of_postings_leaves_the_books_consistent_on_postgres(ops in prop::collection::vec(op(), 1..30)) {
        support::block_on(async {
            if let Some(store) = support::postgres().await {
                run(store, ops).await;
            }
        });
    }
}
