//! Customer payments, statements and aging through the store, on every backend: a payment
//! settles open credit sales oldest first or as chosen, never beyond what the customer owes;
//! cash goes into the session; statements run to the balance; aging totals equal the customers
//! and suppliers accounts; a check names allocations that disagree with their payment.

use std::sync::Arc;

use mizan_domain::payments::{CustomerPayment, PaidFrom, ReceivedBy, SupplierPayment};
use mizan_domain::purchases::{PurchaseDraft, PurchaseLine};
use mizan_domain::sales::{NewSaleLine, Payment, SaleDraft, SellerTerms, Settlement};
use mizan_domain::{Refusal, SaleId, SupplierId};
use mizan_store::{Command, Store, WriteError};

use crate::support::{self, Fixture, NOW};

const DAY: i64 = 86_400_000;

async fn credit_sale(store: &Arc<dyn Store>, f: &Fixture, qty: i64, at: i64) -> SaleId {
    let line = NewSaleLine {
        product: f.rings,
        warehouse: f.warehouse,
        qty,
        unit_price: Some(1_000),
        discount: 0,
        label_amount: None,
    };
    let draft = SaleDraft::new(
        vec![line],
        Payment::Credit {
            customer_id: f.customer,
        },
        Some(f.customer),
    )
    .unwrap();
    let w = store
        .write(
            &f.scope,
            None,
            Command::CreateSale {
                complete: draft.default_method().map(Settlement::Whole),
                draft,
                cashier: "cashier".into(),
                terms: SellerTerms::ANY,
                now_ms: at,
            },
        )
        .await
        .unwrap();
    SaleId(w.id)
}

async fn receive(
    store: &Arc<dyn Store>,
    f: &Fixture,
    amount: i64,
    by: ReceivedBy,
    chosen: Vec<(SaleId, i64)>,
) -> Result<i64, WriteError> {
    let payment = CustomerPayment::new(f.customer, amount, by, chosen, None).unwrap();
    let cmd = Command::ReceiveCustomerPayment {
        payment,
        received_by: "cashier".into(),
        now_ms: NOW + 100 * DAY,
    };
    store.write(&f.scope, None, cmd).await.map(|w| w.id)
}

contract!(
    a_customer_payment_settles_open_credit_sales_and_ages_exactly,
    |store| {
        let f = Fixture::new(&store).await;
        // Three credit sales of 11.40 per ring: 100, 45 and 5 days before the payment day.
        let old = credit_sale(&store, &f, 2_000, NOW).await;
        let mid = credit_sale(&store, &f, 1_000, NOW + 55 * DAY).await;
        let new = credit_sale(&store, &f, 1_000, NOW + 95 * DAY).await;
        let as_of = mizan_domain::calendar::business_day(NOW + 100 * DAY, 0);
        let aging = store.customer_aging(&f.scope, as_of).await.unwrap();
        assert_eq!(aging.len(), 1);
        assert_eq!(aging[0].buckets, [1_140, 1_140, 0, 2_280]);
        assert_eq!(aging[0].total, support::balance(&store, &f, "11030").await);

        // More than is owed is refused, naming the balance.
        let e = receive(&store, &f, 4_561, ReceivedBy::Card, vec![])
            .await
            .unwrap_err();
        assert_eq!(e.code(), "payment_exceeds_balance");
        // The cashier settles the newest sale, the rest goes to the oldest.
        let id = receive(
            &store,
            &f,
            2_000,
            ReceivedBy::Cash(f.register),
            vec![(new, 1_140)],
        )
        .await
        .unwrap();
        let p = store.customer_payment(&f.scope, id).await.unwrap().unwrap();
        assert!(p.number.starts_with("CPY-"), "{}", p.number);
        assert_eq!(p.session_id, Some(f.session));
        let mut alloc = p.allocations.clone();
        alloc.sort();
        assert_eq!(alloc, vec![(old, 860), (new, 1_140)]);
        let e = receive(&store, &f, 100, ReceivedBy::Bank, vec![(new, 1)])
            .await
            .unwrap_err();
        assert_eq!(e.code(), "allocation_exceeds_open");
        let session = store
            .cashier_session(&f.scope, f.session)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(session.totals.pay_ins, 2_000);
        let aging = store.customer_aging(&f.scope, as_of).await.unwrap();
        assert_eq!(aging[0].buckets, [0, 1_140, 0, 1_420]);
        assert_eq!(aging[0].total, support::balance(&store, &f, "11030").await);
        let c = store.customer(&f.scope, f.customer).await.unwrap().unwrap();
        assert_eq!(c.balance, 2_560);
        // As of the middle sale's day: the newest sale and the payment had not happened yet.
        let then = mizan_domain::calendar::business_day(NOW + 55 * DAY, 0);
        let aging = store.customer_aging(&f.scope, then).await.unwrap();
        assert_eq!(aging[0].buckets, [1_140, 2_280, 0, 0]);
        // The statement runs to the balance.
        let st = store
            .customer_statement(&f.scope, f.customer)
            .await
            .unwrap();
        let kinds: Vec<_> = st.iter().map(|l| l.kind.as_str()).collect();
        assert_eq!(kinds, ["sale", "sale", "sale", "payment"]);
        assert_eq!(st.last().unwrap().balance, 2_560);
        let _ = mid;
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
    }
);

contract!(supplier_aging_applies_payments_oldest_first, |store| {
    let f = Fixture::new(&store).await;
    let s = SupplierId(
        store
            .write(
                &f.scope,
                None,
                Command::CreateSupplier {
                    name: "Nile Threads".into(),
                    phone: None,
                    tax_number: Some("300-123".into()),
                },
            )
            .await
            .unwrap()
            .id,
    );
    for (days, qty) in [(0, 1_000), (70, 2_000)] {
        let line = PurchaseLine {
            product: f.rings,
            qty,
            unit_cost: 1_000,
            vat_bp: Some(0),
        };
        let draft = PurchaseDraft::new(s, f.warehouse, None, vec![line]).unwrap();
        store
            .write(
                &f.scope,
                None,
                Command::CreatePurchase {
                    draft,
                    received_by: "m".into(),
                    now_ms: NOW + days * DAY,
                },
            )
            .await
            .unwrap();
    }
    let payment = SupplierPayment::new(s, 1_500, PaidFrom::Bank, None).unwrap();
    store
        .write(
            &f.scope,
            None,
            Command::PaySupplier {
                payment,
                paid_by: "m".into(),
                now_ms: NOW + 80 * DAY,
            },
        )
        .await
        .unwrap();
    let as_of = mizan_domain::calendar::business_day(NOW + 100 * DAY, 0);
    let aging = store.supplier_aging(&f.scope, as_of).await.unwrap();
    assert_eq!(aging.len(), 1);
    assert_eq!(aging[0].buckets, [1_500, 0, 0, 0]);
    assert_eq!(aging[0].total, -support::balance(&store, &f, "21020").await);
    let st = store.supplier_statement(&f.scope, s).await.unwrap();
    assert_eq!(st.last().unwrap().balance, 1_500);
    assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
});

contract!(
    check_names_allocations_that_disagree_with_their_payment,
    |store| {
        let f = Fixture::new(&store).await;
        credit_sale(&store, &f, 1_000, NOW).await;
        receive(&store, &f, 500, ReceivedBy::Card, vec![])
            .await
            .unwrap();
        support::tamper(
            &store,
            f.scope.tenant().0,
            "UPDATE customer_payment_allocations SET amount = 400 WHERE tenant_id = $1",
        )
        .await;
        let found = support::findings(&store, &f).await;
        for check in [
            "payment_allocations_vs_amount",
            "customer_open_items_vs_account",
        ] {
            assert!(
                found.iter().any(|x| x.starts_with(check)),
                "{check}: {found:?}"
            );
        }
    }
);
