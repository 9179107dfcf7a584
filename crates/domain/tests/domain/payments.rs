//! Customer payments: never more than the customer owes; the cashier's chosen allocations
//! first, each within what is open on its sale, the rest to the oldest open sales; the entry
//! credits the customers account exactly the amount, and cash needs the drawer's session.

use mizan_domain::payments::{
    CustomerPayment, CustomerPaymentSnapshot, OpenSale, PaymentAccounts, PaymentError, ReceivedBy,
    post_customer_payment,
};
use mizan_domain::{AccountId, CashRegisterId, CashierSessionId, CustomerId, SaleId};
use proptest::prelude::*;

const ACCOUNTS: PaymentAccounts = PaymentAccounts {
    suppliers: AccountId(1),
    customers: AccountId(2),
    card: AccountId(3),
    safe: AccountId(4),
    bank: AccountId(5),
};
const C: CustomerId = CustomerId(1);

fn snapshot(open: &[i64]) -> CustomerPaymentSnapshot {
    CustomerPaymentSnapshot {
        balance: Some(open.iter().sum()),
        open_sales: open
            .iter()
            .enumerate()
            .map(|(i, o)| OpenSale {
                sale: SaleId(i64::try_from(i).unwrap() + 1),
                open: *o,
            })
            .collect(),
        opening_open: 0,
        accounts: Some(ACCOUNTS),
        drawer: Some(AccountId(9)),
        session: Some(CashierSessionId(1)),
        require_open_session: true,
    }
}

#[test]
fn oldest_first_unless_the_cashier_chooses() {
    let s = snapshot(&[3_000, 5_000, 2_000]);
    let oldest = CustomerPayment::new(C, 6_000, ReceivedBy::Card, vec![], None).unwrap();
    let e = post_customer_payment(&oldest, &s).unwrap();
    assert_eq!(e.allocations, vec![(SaleId(1), 3_000), (SaleId(2), 3_000)]);
    let chosen =
        CustomerPayment::new(C, 6_000, ReceivedBy::Bank, vec![(SaleId(3), 2_000)], None).unwrap();
    let e = post_customer_payment(&chosen, &s).unwrap();
    assert_eq!(
        e.allocations,
        vec![(SaleId(3), 2_000), (SaleId(1), 3_000), (SaleId(2), 1_000)]
    );
    let too_much =
        CustomerPayment::new(C, 3_000, ReceivedBy::Card, vec![(SaleId(3), 2_001)], None).unwrap();
    assert!(matches!(
        post_customer_payment(&too_much, &s),
        Err(PaymentError::AllocationExceedsOpen {
            open: 2_000,
            requested: 2_001,
            ..
        })
    ));
    let beyond = CustomerPayment::new(C, 10_001, ReceivedBy::Card, vec![], None).unwrap();
    assert_eq!(
        post_customer_payment(&beyond, &s),
        Err(PaymentError::ExceedsBalance {
            balance: 10_000,
            requested: 10_001
        })
    );
    let mut no_session = s.clone();
    no_session.session = None;
    let cash =
        CustomerPayment::new(C, 1, ReceivedBy::Cash(CashRegisterId(4)), vec![], None).unwrap();
    assert_eq!(
        post_customer_payment(&cash, &no_session),
        Err(PaymentError::NoOpenSession {
            register: CashRegisterId(4)
        })
    );
    let e = post_customer_payment(&cash, &s).unwrap();
    assert_eq!(e.cash, Some((CashRegisterId(4), 1)));
    assert!(CustomerPayment::new(C, 5, ReceivedBy::Card, vec![(SaleId(1), 6)], None).is_err());
    assert!(
        CustomerPayment::new(
            C,
            5,
            ReceivedBy::Card,
            vec![(SaleId(1), 1), (SaleId(1), 1)],
            None
        )
        .is_err()
    );
}

proptest! {
    /// Any open sales and any payment: allocations stay within each sale's open amount and the
    /// payment, settle as much as they can, and the entry moves exactly the amount off the
    /// customers account.
    #[test]
    fn allocations_never_exceed_what_is_open(
        open in proptest::collection::vec(1i64..100_000, 1..8),
        share in 1i64..=100,
        pick in proptest::collection::vec((0usize..8, 1i64..50_000), 0..3),
    ) {
        let s = snapshot(&open);
        let total: i64 = open.iter().sum();
        let amount = (total * share / 100).max(1);
        let mut chosen: Vec<(SaleId, i64)> = Vec::new();
        for (i, part) in pick {
            let sale = SaleId(i64::try_from(i % open.len()).unwrap() + 1);
            if !chosen.iter().any(|(s, _)| *s == sale) {
                chosen.push((sale, part));
            }
        }
        let Ok(pay) = CustomerPayment::new(C, amount, ReceivedBy::Card, chosen, None) else {
            return Ok(());
        };
        match post_customer_payment(&pay, &s) {
            Ok(e) => {
                let allocated: i64 = e.allocations.iter().map(|(_, a)| a).sum();
                prop_assert_eq!(allocated, amount, "all of it settles open sales");
                for (sale, a) in &e.allocations {
                    let i = usize::try_from(sale.0 - 1).unwrap();
                    prop_assert!(*a > 0 && *a <= open[i]);
                }
                let on_customers: i64 = e.entry.lines().iter()
                    .filter(|l| l.account == ACCOUNTS.customers).map(|l| l.amount).sum();
                prop_assert_eq!(on_customers, -amount);
            }
            Err(PaymentError::AllocationExceedsOpen { open: o, requested, .. }) => {
                prop_assert!(requested > o);
            }
            Err(e) => prop_assert!(false, "unexpected {e:?}"),
        }
    }
}
