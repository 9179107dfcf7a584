//! Purchases through the store, on every backend: DOMAIN §4's inventory example reproduces
//! exactly; a receipt gives a product without cost its first cost; a purchase return never
//! sends back more than was bought and owes back the receipt's price; supplier payments settle
//! what is owed, from the drawer only within its open session's cash; the books stay clean, and
//! a check names a supplier balance that disagrees with its documents.

use std::sync::Arc;

use mizan_domain::payments::{PaidFrom, SupplierPayment};
use mizan_domain::purchases::{PurchaseDraft, PurchaseLine, PurchaseReturnDraft};
use mizan_domain::returns::ReturnLine;
use mizan_domain::sales::{NewSaleLine, Payment, SaleDraft, SellerTerms, Settlement};
use mizan_domain::{ProductId, PurchaseId, Refusal, SupplierId};
use mizan_store::{Command, Store, WriteError};

use crate::support::{self, Fixture, NOW};

async fn supplier(store: &Arc<dyn Store>, f: &Fixture) -> SupplierId {
    let w = store
        .write(
            &f.scope,
            None,
            Command::CreateSupplier {
                name: "Cairo Textiles".into(),
                phone: Some("+20 2 555 0101".into()),
                tax_number: None,
            },
        )
        .await
        .unwrap();
    SupplierId(w.id)
}

async fn receive(
    store: &Arc<dyn Store>,
    f: &Fixture,
    supplier: SupplierId,
    product: ProductId,
    qty: i64,
    unit_cost: i64,
) -> Result<PurchaseId, WriteError> {
    let line = PurchaseLine {
        product,
        qty,
        unit_cost,
        vat_bp: None,
    };
    let draft = PurchaseDraft::new(supplier, f.warehouse, Some("INV-9"), vec![line]).unwrap();
    let cmd = Command::CreatePurchase {
        draft,
        received_by: "manager".into(),
        now_ms: NOW,
    };
    store
        .write(&f.scope, None, cmd)
        .await
        .map(|w| PurchaseId(w.id))
}

async fn send_back(
    store: &Arc<dyn Store>,
    f: &Fixture,
    purchase: PurchaseId,
    qty: i64,
) -> Result<i64, WriteError> {
    let draft = PurchaseReturnDraft::new(vec![ReturnLine { line: 0, qty }], "torn").unwrap();
    let cmd = Command::CreatePurchaseReturn {
        purchase,
        draft,
        returned_by: "manager".into(),
        now_ms: NOW,
    };
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

async fn pay(
    store: &Arc<dyn Store>,
    f: &Fixture,
    supplier: SupplierId,
    amount: i64,
    from: PaidFrom,
) -> Result<i64, WriteError> {
    let payment = SupplierPayment::new(supplier, amount, from, Some("April")).unwrap();
    let cmd = Command::PaySupplier {
        payment,
        paid_by: "manager".into(),
        now_ms: NOW,
    };
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

async fn new_product(store: &Arc<dyn Store>, f: &Fixture, code: &str) -> ProductId {
    let w = store
        .write(
            &f.scope,
            None,
            Command::CreateProduct(Fixture::product(code)),
        )
        .await
        .unwrap();
    ProductId(w.id)
}

contract!(
    domain_inventory_example_opening_less_cost_of_sales_plus_purchases,
    |store| {
        let f = Fixture::new(&store).await;
        let widget = new_product(&store, &f, "WIDGET").await;
        let inventory_before = support::balance(&store, &f, "11051").await;
        // Opening 80,000: 100 units at 800.
        store
            .write(
                &f.scope,
                None,
                Command::PostOpeningStock {
                    warehouse: f.warehouse,
                    product: widget,
                    qty: 100_000,
                    unit_cost: 800,
                    now_ms: NOW,
                    rolls: Vec::new(),
                },
            )
            .await
            .unwrap();
        // Cost of sales 60,000: 75 units sold.
        let line = NewSaleLine {
            product: widget,
            warehouse: f.warehouse,
            qty: 75_000,
            unit_price: Some(1_000),
            discount: 0,
            label_amount: None,
        };
        let draft = SaleDraft::new(
            vec![line],
            Payment::Cash {
                cash_register_id: f.register,
            },
            None,
        )
        .unwrap();
        let sale = store
            .write(
                &f.scope,
                None,
                Command::CreateSale {
                    complete: draft.default_method().map(Settlement::Whole),
                    draft,
                    cashier: "cashier".into(),
                    terms: SellerTerms::ANY,
                    now_ms: NOW,
                },
            )
            .await
            .unwrap();
        let sold = store
            .sale(&f.scope, mizan_domain::SaleId(sale.id))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(sold.cost, 60_000);
        // Purchases 50,000: 50 units at 1,000, VAT 14% on top.
        let s = supplier(&store, &f).await;
        let id = receive(&store, &f, s, widget, 50_000, 1_000).await.unwrap();
        let p = store.purchase(&f.scope, id).await.unwrap().unwrap();
        assert!(p.number.starts_with("PUR-"), "{}", p.number);
        assert_eq!((p.net, p.vat, p.total), (50_000, 7_000, 57_000));
        assert_eq!(p.supplier_ref.as_deref(), Some("INV-9"));
        // Closing 70,000.
        assert_eq!(
            support::balance(&store, &f, "11051").await - inventory_before,
            70_000
        );
        let level = store
            .stock_levels(&f.scope)
            .await
            .unwrap()
            .into_iter()
            .find(|l| l.product_id == widget)
            .unwrap();
        assert_eq!((level.qty, level.value), (75_000, 70_000));
        assert_eq!(support::balance(&store, &f, "11060").await, 7_000);
        assert_eq!(support::balance(&store, &f, "21020").await, -57_000);
        let owed = store.supplier(&f.scope, s).await.unwrap().unwrap();
        assert_eq!(owed.balance, 57_000);
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
    }
);

contract!(
    returns_and_payments_settle_what_the_supplier_is_owed,
    |store| {
        let f = Fixture::new(&store).await;
        let s = supplier(&store, &f).await;
        // A product that never had a cost gets the receipt's.
        let bolt = new_product(&store, &f, "BOLT").await;
        let without = store.products_without_cost(&f.scope).await.unwrap();
        assert_eq!(
            without
                .iter()
                .map(|(p, q)| (p.code.as_str(), *q))
                .collect::<Vec<_>>(),
            [("BOLT", 0)]
        );
        let id = receive(&store, &f, s, bolt, 10_000, 5_000).await.unwrap();
        assert!(
            store
                .products_without_cost(&f.scope)
                .await
                .unwrap()
                .is_empty()
        );
        let costed = store.product(&f.scope, bolt).await.unwrap().unwrap();
        assert_eq!(costed.cost_price, Some(5_000));
        // Four go back at 50.00 + 14%; seven more are refused, naming what was bought.
        let r = send_back(&store, &f, id, 4_000).await.unwrap();
        let r = store.purchase_return(&f.scope, r).await.unwrap().unwrap();
        assert!(r.number.starts_with("PRT-"), "{}", r.number);
        assert_eq!(
            (r.net, r.vat, r.total, r.cost),
            (20_000, 2_800, 22_800, 20_000)
        );
        let e = send_back(&store, &f, id, 7_000).await.unwrap_err();
        assert_eq!(e.code(), "return_exceeds_purchase");
        let e = send_back(&store, &f, PurchaseId(i64::MAX), 1)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "not_found");
        let owed = store.supplier(&f.scope, s).await.unwrap().unwrap().balance;
        assert_eq!(owed, 57_000 - 22_800);

        // The drawer holds what three rings brought in (34.20): a payment of 34.21 is refused.
        let line = NewSaleLine {
            product: f.rings,
            warehouse: f.warehouse,
            qty: 3_000,
            unit_price: Some(1_000),
            discount: 0,
            label_amount: None,
        };
        let draft = SaleDraft::new(
            vec![line],
            Payment::Cash {
                cash_register_id: f.register,
            },
            None,
        )
        .unwrap();
        store
            .write(
                &f.scope,
                None,
                Command::CreateSale {
                    complete: draft.default_method().map(Settlement::Whole),
                    draft,
                    cashier: "cashier".into(),
                    terms: SellerTerms::ANY,
                    now_ms: NOW,
                },
            )
            .await
            .unwrap();
        let e = pay(&store, &f, s, 3_421, PaidFrom::Drawer(f.register))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "insufficient_cash");
        let paid = pay(&store, &f, s, 3_420, PaidFrom::Drawer(f.register))
            .await
            .unwrap();
        let paid = store
            .supplier_payment(&f.scope, paid)
            .await
            .unwrap()
            .unwrap();
        assert!(paid.number.starts_with("SPY-"), "{}", paid.number);
        assert_eq!(paid.session_id, Some(f.session));
        let session = store
            .cashier_session(&f.scope, f.session)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(session.totals.payouts, 3_420);
        assert_eq!(session.totals.expected_cash(), 0);
        let e = pay(&store, &f, s, 1, PaidFrom::Drawer(f.register))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "insufficient_cash");
        pay(&store, &f, s, 10_000, PaidFrom::Bank).await.unwrap();
        pay(&store, &f, s, 20_780, PaidFrom::Safe).await.unwrap();
        let e = pay(&store, &f, SupplierId(i64::MAX), 1, PaidFrom::Safe)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "not_found");
        let owed = store.supplier(&f.scope, s).await.unwrap().unwrap().balance;
        assert_eq!(owed, 0);
        assert_eq!(support::balance(&store, &f, "21020").await, 0);
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
        // The suppliers account is not a pay-in's or payout's other side: its balances are
        // per supplier.
        let suppliers_account = store
            .account_balances(&f.scope)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.code == "21020")
            .unwrap()
            .id;
        let pay_in = Command::MoveCash {
            session: f.session,
            movement: mizan_domain::sessions::NewCashMovement::new(
                mizan_domain::sessions::CashMovementKind::PayIn,
                100,
                "supplier",
            )
            .unwrap(),
            account: Some(suppliers_account),
            user: "manager".into(),
            now_ms: NOW,
        };
        let e = store.write(&f.scope, None, pay_in).await.unwrap_err();
        assert_eq!(e.code(), "invalid_field");
        let suppliers = store
            .suppliers(
                &f.scope,
                mizan_store::Page {
                    after: 0,
                    limit: 10,
                },
            )
            .await
            .unwrap();
        assert_eq!(suppliers.len(), 1);
    }
);

contract!(
    check_names_supplier_balances_and_purchase_returns_that_disagree,
    |store| {
        let f = Fixture::new(&store).await;
        let s = supplier(&store, &f).await;
        let id = receive(&store, &f, s, f.rings, 2_000, 700).await.unwrap();
        send_back(&store, &f, id, 2_000).await.unwrap();
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
        support::tamper(
            &store,
            f.scope.tenant().0,
            "UPDATE suppliers SET balance = balance + 1 WHERE tenant_id = $1",
        )
        .await;
        support::tamper(
            &store,
            f.scope.tenant().0,
            "UPDATE purchase_return_lines SET qty = 3000 WHERE tenant_id = $1",
        )
        .await;
        let found = support::findings(&store, &f).await;
        for check in [
            "supplier_balance_vs_documents",
            "suppliers_account_vs_balances",
            "return_exceeds_purchase",
        ] {
            assert!(
                found.iter().any(|x| x.starts_with(check)),
                "{check}: {found:?}"
            );
        }
    }
);
