//! The chart of accounts: every default account has a code of its group and three names, roles
//! are unique; an added account's code must be five digits starting with its group's digit;
//! an opening balance moves its party's control account by its amount against opening balance
//! equity, balanced, whatever its sign.

use std::collections::HashSet;

use mizan_domain::ledger::accounts::{AccountNames, NewAccount};
use mizan_domain::ledger::{AccountKind, DEFAULT_CHART};
use mizan_domain::opening::balances::{
    OpeningBalance, OpeningBalanceAccounts, Party, PartySnapshot, post_opening_balance,
};
use mizan_domain::{AccountId, CustomerId, Refusal, SupplierId};
use proptest::prelude::*;

const KINDS: [AccountKind; 5] = [
    AccountKind::Asset,
    AccountKind::Liability,
    AccountKind::Equity,
    AccountKind::Income,
    AccountKind::Expense,
];

const ACCOUNTS: OpeningBalanceAccounts = OpeningBalanceAccounts {
    customers: AccountId(1),
    suppliers: AccountId(2),
    opening_equity: AccountId(3),
};

const FRESH: PartySnapshot = PartySnapshot {
    exists: true,
    has_opening_balance: false,
};

#[test]
fn every_default_account_has_a_code_of_its_group_three_names_and_a_unique_role() {
    let mut codes = HashSet::new();
    let mut roles = HashSet::new();
    for a in DEFAULT_CHART {
        assert!(codes.insert(a.code), "{} twice", a.code);
        assert!(a.code.starts_with(a.kind.digit()), "{}", a.code);
        assert!(!a.name_en.is_empty() && !a.name_ar.is_empty() && !a.name_ru.is_empty());
        let role = a.role.unwrap();
        assert!(roles.insert(role), "{role:?} twice");
    }
    for role in [
        "vat_input",
        "suppliers",
        "shrinkage",
        "found_stock",
        "damaged_goods",
        "expenses",
        "customer_deposits",
        "cafe_tabs",
        "work_in_progress",
    ] {
        assert!(
            mizan_domain::ledger::AccountRole::parse(role).is_some(),
            "{role}"
        );
    }
}

#[test]
fn a_second_opening_balance_and_an_unknown_party_are_refused() {
    let b = OpeningBalance::new(Party::Customer(CustomerId(1)), 100, 20_260_101).unwrap();
    let twice = PartySnapshot {
        has_opening_balance: true,
        ..FRESH
    };
    let e = post_opening_balance(&b, twice, ACCOUNTS).unwrap_err();
    assert_eq!(e.code(), "opening_balance_exists");
    let none = PartySnapshot {
        exists: false,
        has_opening_balance: false,
    };
    let e = post_opening_balance(&b, none, ACCOUNTS).unwrap_err();
    assert_eq!(e.code(), "not_found");
    let e = OpeningBalance::new(Party::Customer(CustomerId(1)), 0, 20_260_101).unwrap_err();
    assert_eq!(e.code(), "invalid_field");
}

proptest! {
    /// A code fits exactly when it is five digits and starts with its group's digit.
    #[test]
    fn an_added_account_code_fits_its_group(code in "[0-9]{4,6}", k in 0usize..5) {
        let kind = KINDS[k];
        let names = AccountNames::parse("Rent", "الإيجار", "Аренда").unwrap();
        let fits = code.len() == 5 && code.starts_with(kind.digit());
        let parsed = NewAccount::parse(&code, kind, names);
        prop_assert_eq!(parsed.is_ok(), fits);
        if let Err(e) = parsed {
            prop_assert_eq!(e.code(), "invalid_field");
        }
    }

    /// The control account moves by the amount from the party's side (customers debit,
    /// suppliers credit), opening balance equity takes the other side, and the entry balances.
    #[test]
    fn an_opening_balance_moves_the_control_account_by_its_amount(
        amount in -1_000_000_000i64..1_000_000_000,
        supplier in any::<bool>(),
    ) {
        prop_assume!(amount != 0);
        let party = if supplier {
            Party::Supplier(SupplierId(7))
        } else {
            Party::Customer(CustomerId(7))
        };
        let b = OpeningBalance::new(party, amount, 20_260_101).unwrap();
        let entry = post_opening_balance(&b, FRESH, ACCOUNTS).unwrap();
        let on = |a: AccountId| -> i64 {
            entry.lines().iter().filter(|l| l.account == a).map(|l| l.amount).sum()
        };
        let (control, sign) = if supplier { (ACCOUNTS.suppliers, -1) } else { (ACCOUNTS.customers, 1) };
        prop_assert_eq!(on(control), sign * amount);
        prop_assert_eq!(on(ACCOUNTS.opening_equity), -sign * amount);
        prop_assert_eq!(entry.lines().iter().map(|l| l.amount).sum::<i64>(), 0);
    }
}
