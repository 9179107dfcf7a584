//! The statements made from the accounts' totals: DOMAIN §4's income statement (revenue 100,000
//! − COGS 60,000 = gross profit 40,000, 40%) reproduces exactly; for any set of balanced entries
//! on the default chart, the trial balance's sides agree, the balance sheet balances, and the
//! profit and loss over everything equals the balance sheet's earnings.

use mizan_domain::AccountId;
use mizan_domain::ledger::statements::{
    AccountTotals, balance_sheet, margin_bp, profit_and_loss, trial_balance,
};
use mizan_domain::ledger::{BalancedEntry, DEFAULT_CHART, JournalLine};
use proptest::prelude::*;

/// The default chart with nothing posted yet.
fn chart() -> Vec<AccountTotals> {
    DEFAULT_CHART
        .iter()
        .enumerate()
        .map(|(i, a)| AccountTotals {
            id: AccountId(i64::try_from(i).unwrap() + 1),
            code: a.code.into(),
            name_en: a.name_en.into(),
            name_ar: a.name_ar.into(),
            name_ru: a.name_ru.into(),
            kind: a.kind,
            role: a.role,
            debit: 0,
            credit: 0,
        })
        .collect()
}

fn post(accounts: &mut [AccountTotals], entry: &BalancedEntry) {
    for l in entry.lines() {
        let a = accounts.iter_mut().find(|a| a.id == l.account).unwrap();
        if l.amount > 0 {
            a.debit += l.amount;
        } else {
            a.credit -= l.amount;
        }
    }
}

fn id(accounts: &[AccountTotals], code: &str) -> AccountId {
    accounts.iter().find(|a| a.code == code).unwrap().id
}

#[test]
fn domain_four_income_statement_reproduces_exactly() {
    let mut books = chart();
    let (customers, revenue, cogs, inventory, equity, suppliers) = (
        id(&books, "11030"),
        id(&books, "41010"),
        id(&books, "51010"),
        id(&books, "11051"),
        id(&books, "31010"),
        id(&books, "21020"),
    );
    let entry = |lines: Vec<JournalLine>| BalancedEntry::new(lines).unwrap();
    // Opening stock 80,000; sales of 100,000 at a cost of 60,000; purchases of 50,000.
    post(
        &mut books,
        &entry(vec![
            JournalLine::debit(inventory, 80_000),
            JournalLine::credit(equity, 80_000),
        ]),
    );
    post(
        &mut books,
        &entry(vec![
            JournalLine::debit(customers, 100_000),
            JournalLine::credit(revenue, 100_000),
            JournalLine::debit(cogs, 60_000),
            JournalLine::credit(inventory, 60_000),
        ]),
    );
    post(
        &mut books,
        &entry(vec![
            JournalLine::debit(inventory, 50_000),
            JournalLine::credit(suppliers, 50_000),
        ]),
    );
    let pl = profit_and_loss(&books);
    assert_eq!(pl.net_sales, 100_000);
    assert_eq!(pl.cost_of_sales, 60_000);
    assert_eq!(pl.gross_profit, 40_000);
    assert_eq!(pl.gross_margin_bp, Some(4_000));
    let bs = balance_sheet(&books);
    let inventory_line = bs
        .assets
        .iter()
        .find(|l| l.account.code == "11051")
        .unwrap();
    assert_eq!(inventory_line.amount, 70_000);
    assert!(bs.balances());
    assert_eq!(bs.earnings, 40_000);
}

#[test]
fn a_margin_is_rounded_half_away_from_zero_and_none_without_sales() {
    assert_eq!(margin_bp(1, 3), Some(3_333));
    assert_eq!(margin_bp(2, 3), Some(6_667));
    assert_eq!(margin_bp(-2, 3), Some(-6_667));
    assert_eq!(margin_bp(5, -10), Some(-5_000));
    assert_eq!(margin_bp(5, 0), None);
}

proptest! {
    #[test]
    fn any_balanced_books_make_statements_that_agree(
        entries in prop::collection::vec(
            prop::collection::vec((0usize..DEFAULT_CHART.len(), 1i64..1_000_000_000, any::<bool>()), 1..6),
            0..40,
        )
    ) {
        let mut books = chart();
        let n = books.len();
        for lines in entries {
            // Each generated line and its opposite on the next account: balanced by making.
            let mut all = Vec::new();
            for (i, amount, debit) in lines {
                let (a, b) = (books[i].id, books[(i + 1) % n].id);
                let (d, c) = if debit { (a, b) } else { (b, a) };
                all.push(JournalLine::debit(d, amount));
                all.push(JournalLine::credit(c, amount));
            }
            post(&mut books, &BalancedEntry::new(all).unwrap());
        }
        let tb = trial_balance(books.clone());
        prop_assert_eq!(tb.total_debit, tb.total_credit);
        prop_assert_eq!(tb.debit_balances, tb.credit_balances);
        let bs = balance_sheet(&books);
        prop_assert!(bs.balances(), "{:?}", bs);
        let pl = profit_and_loss(&books);
        prop_assert_eq!(pl.net_profit, bs.earnings);
        prop_assert_eq!(pl.net_sales, pl.gross_sales - pl.returns);
    }
}
