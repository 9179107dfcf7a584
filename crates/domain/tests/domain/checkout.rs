//! Checkout examples: change, split payments, credit limits, sessions, the drawer sub-ledger.

use mizan_domain::Refusal;
use std::collections::HashMap;

use mizan_domain::ledger::BalancedEntry;
use mizan_domain::sales::PaymentMethod::{self, BankTransfer, Card, Cash, Credit};
use mizan_domain::sales::{
    CustomerCredit, NewPayment, NewSaleLine, Payments, ProductPolicy, RegisterPolicy, SaleAccounts,
    SaleDraft, SaleError, SalePostingError, SaleSnapshot, SessionState, Settlement, post_sale,
};
use mizan_domain::sessions::{
    CashMovementKind, CountedCash, NewCashMovement, OpeningFloat, SessionAccounts, SessionTotals,
    post_cash_movement, post_session_close, post_session_open,
};
use mizan_domain::{
    AccountId, CashRegisterId, CashierSessionId, CustomerId, ProductId, WarehouseId,
};
use proptest::prelude::*;

const DRAWER: AccountId = AccountId(11011);
const SAFE: AccountId = AccountId(11010);
const OVER_SHORT: AccountId = AccountId(61090);
const CUSTOMERS: AccountId = AccountId(11030);
const CARD: AccountId = AccountId(11040);
const BANK: AccountId = AccountId(11020);
const REVENUE: AccountId = AccountId(41010);
const REGISTER: CashRegisterId = CashRegisterId(3);
const CUSTOMER: CustomerId = CustomerId(7);
const SESSION: CashierSessionId = CashierSessionId(42);
/// 450000.00 UZS in minor units (DOMAIN.md).
const TOTAL: i64 = 45_000_000;

/// A service product (no stock, no VAT), a register with an open session, a customer without
/// a limit, and a tenant that requires an open session for cash.
fn snapshot() -> SaleSnapshot {
    SaleSnapshot {
        products: HashMap::from([(
            ProductId(1),
            ProductPolicy {
                sale_price: 0,
                code: "SERVICE".into(),
                vat_bp: 0,
                tracks_stock: false,
                allow_negative_stock: false,
                cost_price: None,
                in_rolls: false,
            },
        )]),
        warehouses: vec![WarehouseId(1)],
        accounts: Some(SaleAccounts {
            customers: CUSTOMERS,
            revenue: REVENUE,
            vat: AccountId(21010),
            cogs: AccountId(51010),
            inventory: AccountId(11051),
            card: CARD,
            bank: BANK,
        }),
        register: Some(RegisterPolicy { account: DRAWER }),
        session: Some(SessionState {
            id: SESSION,
            register: REGISTER,
            open: true,
        }),
        require_open_session: true,
        customer: Some(CustomerCredit::default()),
        ..SaleSnapshot::default()
    }
}

fn sale_of(
    total: i64,
    register: Option<CashRegisterId>,
    customer: Option<CustomerId>,
    session: Option<CashierSessionId>,
) -> SaleDraft {
    let line = NewSaleLine {
        product: ProductId(1),
        warehouse: WarehouseId(1),
        qty: 1_000,
        unit_price: Some(total),
        discount: 0,
        label_amount: None,
    };
    SaleDraft::at(vec![line], register, customer, session, None).unwrap()
}

fn pay(method: PaymentMethod, amount: i64, received: Option<i64>) -> NewPayment {
    NewPayment {
        method,
        amount,
        received,
    }
}

fn paid(payments: Vec<NewPayment>) -> Settlement {
    Settlement::Payments(Payments::new(payments).unwrap())
}

/// The whole total by one method, as explicit payments.
fn one(method: PaymentMethod, amount: i64) -> Settlement {
    paid(vec![pay(method, amount, None)])
}

fn lines(entry: &BalancedEntry) -> Vec<(AccountId, i64)> {
    entry
        .lines()
        .iter()
        .map(|l| (l.account, l.amount))
        .collect()
}

fn on_account(entry: &BalancedEntry, account: AccountId) -> i64 {
    lines(entry)
        .iter()
        .filter(|l| l.0 == account)
        .map(|l| l.1)
        .sum()
}

fn balance(entry: &BalancedEntry) -> i128 {
    entry.lines().iter().map(|l| i128::from(l.amount)).sum()
}

#[test]
fn cash_with_change_keeps_the_amount_in_the_drawer_and_gives_back_the_rest() {
    let settlement = paid(vec![pay(Cash, TOTAL, Some(50_000_000))]);
    let sale = sale_of(TOTAL, Some(REGISTER), None, None);
    let e = post_sale(&sale, &settlement, &snapshot()).unwrap();
    assert_eq!(e.total, TOTAL);
    assert_eq!(e.payments[0].received, 50_000_000);
    assert_eq!(e.payments[0].change, 5_000_000);
    assert_eq!(e.payments[0].account, DRAWER);
    assert_eq!(e.cash, Some((REGISTER, TOTAL)));
    assert_eq!(lines(&e.entry), vec![(DRAWER, TOTAL), (REVENUE, -TOTAL)]);
    assert_eq!(e.totals.cash, TOTAL);
    assert_eq!(e.totals.cash_received, 50_000_000);
    assert_eq!(e.totals.change, 5_000_000);
    assert_eq!(e.session, Some(SESSION));
}

#[test]
fn a_split_payment_debits_each_method_its_own_account_and_balances() {
    let settlement = paid(vec![
        pay(Cash, 20_000_000, Some(20_500_000)),
        pay(Card, 10_000_000, None),
        pay(BankTransfer, 5_000_000, None),
        pay(Credit, 10_000_000, None),
    ]);
    let sale = sale_of(TOTAL, Some(REGISTER), Some(CUSTOMER), None);
    let e = post_sale(&sale, &settlement, &snapshot()).unwrap();
    assert_eq!(
        lines(&e.entry),
        vec![
            (DRAWER, 20_000_000),
            (CARD, 10_000_000),
            (BANK, 5_000_000),
            (CUSTOMERS, 10_000_000),
            (REVENUE, -TOTAL),
        ]
    );
    assert_eq!(balance(&e.entry), 0);
    assert_eq!(e.entry.total(), TOTAL);
    let t = e.totals;
    assert_eq!(
        (t.cash, t.cash_received, t.change),
        (20_000_000, 20_500_000, 500_000)
    );
    assert_eq!(
        (t.card, t.bank_transfer, t.credit),
        (10_000_000, 5_000_000, 10_000_000)
    );
    assert_eq!(e.cash, Some((REGISTER, 20_000_000)));
    assert_eq!(e.credit, Some((CUSTOMER, 10_000_000)));
}

#[test]
fn payments_that_do_not_add_up_to_the_total_are_a_payment_mismatch() {
    let sale = sale_of(TOTAL, Some(REGISTER), None, None);
    let err = post_sale(&sale, &one(Cash, 40_000_000), &snapshot()).unwrap_err();
    assert_eq!(
        err,
        SalePostingError::PaymentMismatch {
            total: TOTAL,
            paid: 40_000_000
        }
    );
    assert_eq!(err.code(), "payment_mismatch");
}

#[test]
fn payments_refuse_non_positive_amounts_short_cash_and_a_received_card_amount() {
    let code = |p: NewPayment| Payments::new(vec![p]).unwrap_err().code();
    assert_eq!(code(pay(Cash, 0, None)), "invalid_field");
    assert_eq!(code(pay(Card, -5, None)), "invalid_field");
    let short = Payments::new(vec![pay(Card, 1, None), pay(Cash, TOTAL, Some(TOTAL - 1))]);
    let (amount, received) = (TOTAL, TOTAL - 1);
    let err = SaleError::ReceivedBelowAmount {
        payment: 1,
        amount,
        received,
    };
    assert_eq!(short.unwrap_err(), err);
    assert_eq!(err.code(), "received_below_amount");
    assert_eq!(code(pay(Card, TOTAL, Some(TOTAL))), "invalid_field");
    assert_eq!(Payments::new(vec![]).unwrap_err().code(), "invalid_field");
}

#[test]
fn credit_beyond_the_limit_is_refused_and_exactly_at_the_limit_or_without_one_is_accepted() {
    let sale = sale_of(TOTAL, None, Some(CUSTOMER), None);
    let post = |balance, limit| {
        let mut snap = snapshot();
        snap.customer = Some(CustomerCredit { balance, limit });
        post_sale(&sale, &one(Credit, TOTAL), &snap)
    };
    let err = post(10_000_000, Some(50_000_000)).unwrap_err();
    assert_eq!(
        err,
        SalePostingError::CreditLimitExceeded {
            customer: CUSTOMER,
            limit: 50_000_000,
            balance: 10_000_000,
            requested: TOTAL
        }
    );
    assert_eq!(err.code(), "credit_limit_exceeded");
    let at_limit = post(5_000_000, Some(50_000_000)).unwrap();
    assert_eq!(at_limit.credit, Some((CUSTOMER, TOTAL)));
    let unlimited = post(i64::MAX / 2, None).unwrap();
    assert_eq!(unlimited.credit, Some((CUSTOMER, TOTAL)));
}

#[test]
fn cash_needs_an_open_session_only_when_the_tenant_requires_one_and_card_never_does() {
    let sale = sale_of(TOTAL, Some(REGISTER), None, None);
    let closed = SaleSnapshot {
        session: None,
        ..snapshot()
    };
    let err = post_sale(&sale, &one(Cash, TOTAL), &closed).unwrap_err();
    assert_eq!(err, SalePostingError::NoOpenSession { register: REGISTER });
    assert_eq!(err.code(), "no_open_session");
    let kiosk = SaleSnapshot {
        require_open_session: false,
        ..closed.clone()
    };
    let e = post_sale(&sale, &one(Cash, TOTAL), &kiosk).unwrap();
    assert_eq!((e.session, e.cash), (None, Some((REGISTER, TOTAL))));
    let card = paid(vec![pay(Card, TOTAL, None)]);
    let e = post_sale(&sale, &card, &closed).unwrap();
    assert_eq!((e.session, e.cash), (None, None));
}

#[test]
fn a_named_session_must_be_open_and_of_the_sale_s_register() {
    let named = sale_of(TOTAL, Some(REGISTER), None, Some(SESSION));
    let state = |register, open| SaleSnapshot {
        session: Some(SessionState {
            id: SESSION,
            register,
            open,
        }),
        ..snapshot()
    };
    let err = post_sale(&named, &one(Cash, TOTAL), &state(REGISTER, false)).unwrap_err();
    assert_eq!(err, SalePostingError::SessionClosed { session: SESSION });
    assert_eq!(err.code(), "session_closed");
    let err = post_sale(&named, &one(Cash, TOTAL), &state(CashRegisterId(4), true)).unwrap_err();
    assert_eq!(
        err,
        SalePostingError::SessionOfOtherRegister { session: SESSION }
    );
    let e = post_sale(&named, &one(Cash, TOTAL), &state(REGISTER, true)).unwrap();
    assert_eq!(e.session, Some(SESSION));
    let unnamed = sale_of(TOTAL, Some(REGISTER), None, None);
    let e = post_sale(&unnamed, &one(Cash, TOTAL), &state(REGISTER, true)).unwrap();
    assert_eq!(e.session, Some(SESSION));
}

#[test]
fn credit_needs_a_customer_and_cash_needs_a_register() {
    let no_customer = sale_of(TOTAL, Some(REGISTER), None, None);
    let err = post_sale(&no_customer, &one(Credit, TOTAL), &snapshot()).unwrap_err();
    let missing = |method, field| SalePostingError::MissingParty { method, field };
    assert_eq!(err, missing("a credit", "customer_id"));
    assert_eq!(err.code(), "invalid_field");
    let no_register = sale_of(TOTAL, None, Some(CUSTOMER), None);
    let err = post_sale(&no_register, &one(Cash, TOTAL), &snapshot()).unwrap_err();
    assert_eq!(err, missing("a cash", "cash_register_id"));
    assert_eq!(err.code(), "invalid_field");
}

#[derive(Debug, Clone)]
enum Event {
    /// Cash, card and credit parts of a sale, and how much more than the cash part was handed
    /// over.
    Sale(i64, i64, i64, i64),
    /// A pay-in or payout.
    Move(CashMovementKind, i64),
}

fn event() -> impl Strategy<Value = Event> {
    let part = || prop_oneof![Just(0i64), 1i64..1_000_000_000];
    prop_oneof![
        3 => (part(), part(), part(), 0i64..100_000_000)
            .prop_map(|(a, b, c, x)| Event::Sale(a, b, c, x)),
        2 => (prop::sample::select(vec![CashMovementKind::PayIn, CashMovementKind::Payout]),
              1i64..500_000_000).prop_map(|(k, a)| Event::Move(k, a)),
    ]
}

proptest! {
    #[test]
    fn the_drawer_is_a_sub_ledger_of_the_register_s_cash_account(
        float in 0i64..1_000_000_000,
        events in prop::collection::vec(event(), 0..30),
        counted in 0i64..20_000_000_000,
    ) {
        let accounts = SessionAccounts { drawer: DRAWER, safe: SAFE, over_short: OVER_SHORT };
        let snap = snapshot();
        let mut totals = SessionTotals { opening_float: float, ..SessionTotals::default() };
        let open = post_session_open(OpeningFloat::new(float).unwrap(), &accounts).unwrap();
        let mut entries = vec![open];
        let (mut received, mut change, mut ins, mut outs) = (0i64, 0i64, 0i64, 0i64);
        for ev in events {
            match ev {
                Event::Sale(c, k, r, extra) => {
                    let mut ps = Vec::new();
                    if c > 0 {
                        ps.push(pay(Cash, c, Some(c + extra)));
                        received += c + extra;
                        change += extra;
                    }
                    if k > 0 { ps.push(pay(Card, k, None)); }
                    if r > 0 { ps.push(pay(Credit, r, None)); }
                    if ps.is_empty() { continue; }
                    let sale = sale_of(c + k + r, Some(REGISTER), Some(CUSTOMER), Some(SESSION));
                    let e = post_sale(&sale, &paid(ps), &snap).unwrap();
                    prop_assert_eq!(e.session, Some(SESSION));
                    prop_assert_eq!(e.cash, (c > 0).then_some((REGISTER, c)));
                    totals.add_sale(e.total, &e.totals);
                    entries.push(e.entry);
                }
                Event::Move(kind, a) => {
                    let m = NewCashMovement::new(kind, a, "float top-up").unwrap();
                    let held = totals.expected_cash();
                    if kind == CashMovementKind::Payout && a > held {
                        // Never more out of the drawer than it holds.
                        prop_assert_eq!(
                            post_cash_movement(&m, DRAWER, SAFE, held).unwrap_err(),
                            mizan_domain::sessions::SessionError::InsufficientCash { available: held, requested: a }
                        );
                        continue;
                    }
                    if kind == CashMovementKind::PayIn {
                        ins += a;
                        totals.pay_ins += a;
                    } else {
                        outs += a;
                        totals.payouts += a;
                    }
                    let (entry, signed) = post_cash_movement(&m, DRAWER, SAFE, held).unwrap();
                    prop_assert_eq!(on_account(&entry, DRAWER), signed);
                    entries.push(entry);
                }
            }
        }
        for e in &entries {
            prop_assert_eq!(balance(e), 0);
        }
        let drawer: i64 = entries.iter().map(|e| on_account(e, DRAWER)).sum();
        let expected = totals.expected_cash();
        prop_assert_eq!(expected, drawer);
        prop_assert_eq!(expected, float + received - change + ins - outs);

        let counted_cash = CountedCash::new(Some(counted), vec![]).unwrap();
        let close = post_session_close(&totals, &counted_cash, &accounts).unwrap();
        prop_assert_eq!(balance(&close.entry), 0);
        prop_assert_eq!(close.expected, expected);
        prop_assert_eq!(close.counted, counted);
        prop_assert_eq!(close.difference, counted - expected);
        prop_assert_eq!(close.drawer_move, -expected);
        prop_assert_eq!(on_account(&close.entry, DRAWER), close.drawer_move);
        prop_assert_eq!(on_account(&close.entry, OVER_SHORT), -close.difference);
        prop_assert_eq!(drawer + on_account(&close.entry, DRAWER), 0);
    }
}
