//! The accountant's statements, built from each account's debits and credits over a range of
//! days: the trial balance, profit and loss, and the balance sheet. Pure: the store sums the
//! accounts' day balances, these functions arrange them.

use crate::decimal::div_round;
use crate::ids::AccountId;
use crate::ledger::{AccountKind, AccountRole};

/// An account with what was debited and credited to it over a range of days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountTotals {
    pub id: AccountId,
    pub code: String,
    pub name_en: String,
    pub name_ar: String,
    pub name_ru: String,
    pub kind: AccountKind,
    pub role: Option<AccountRole>,
    /// Sum of the debits (positive).
    pub debit: i64,
    /// Sum of the credits (positive).
    pub credit: i64,
}

impl AccountTotals {
    /// Debits minus credits.
    #[must_use]
    pub fn balance(&self) -> i64 {
        self.debit.saturating_sub(self.credit)
    }

    /// The balance on the account's normal side: debits − credits for assets and expenses,
    /// credits − debits for liabilities, equity and income.
    #[must_use]
    pub fn normal_balance(&self) -> i64 {
        match self.kind {
            AccountKind::Asset | AccountKind::Expense => self.balance(),
            AccountKind::Liability | AccountKind::Equity | AccountKind::Income => {
                self.credit.saturating_sub(self.debit)
            }
        }
    }
}

fn sum(amounts: impl Iterator<Item = i64>) -> i64 {
    amounts.fold(0, i64::saturating_add)
}

/// The trial balance: every account's debits, credits and balance; the totals agree when the
/// books balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrialBalance {
    pub accounts: Vec<AccountTotals>,
    pub total_debit: i64,
    pub total_credit: i64,
    /// Sum of the debit balances (accounts whose balance is > 0).
    pub debit_balances: i64,
    /// Sum of the credit balances, positive.
    pub credit_balances: i64,
}

/// The trial balance of `accounts` (their totals up to the day it is at).
#[must_use]
pub fn trial_balance(accounts: Vec<AccountTotals>) -> TrialBalance {
    TrialBalance {
        total_debit: sum(accounts.iter().map(|a| a.debit)),
        total_credit: sum(accounts.iter().map(|a| a.credit)),
        debit_balances: sum(accounts.iter().map(|a| a.balance().max(0))),
        credit_balances: sum(accounts.iter().map(|a| a.balance().min(0).saturating_neg())),
        accounts,
    }
}

/// An account's line in a statement: the account and its amount on its normal side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    pub account: AccountTotals,
    pub amount: i64,
}

fn lines(accounts: &[AccountTotals], keep: impl Fn(&AccountTotals) -> bool) -> Vec<StatementLine> {
    accounts
        .iter()
        .filter(|a| keep(a))
        .map(|a| StatementLine {
            account: a.clone(),
            amount: a.normal_balance(),
        })
        .collect()
}

fn total(lines: &[StatementLine]) -> i64 {
    sum(lines.iter().map(|l| l.amount))
}

/// Profit and loss over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfitAndLoss {
    /// What the sales revenue accounts were credited (sales, net of VAT).
    pub gross_sales: i64,
    /// What they were debited (returns and other corrections).
    pub returns: i64,
    /// Gross sales − returns.
    pub net_sales: i64,
    /// Cost of goods sold (net of what returns put back).
    pub cost_of_sales: i64,
    /// Net sales − cost of sales.
    pub gross_profit: i64,
    /// Gross profit ÷ net sales, in basis points; none without net sales.
    pub gross_margin_bp: Option<i64>,
    /// Income accounts other than sales revenue (found stock, ...).
    pub other_income: Vec<StatementLine>,
    pub total_other_income: i64,
    /// Expense accounts other than cost of sales.
    pub expenses: Vec<StatementLine>,
    pub total_expenses: i64,
    /// Gross profit + other income − expenses.
    pub net_profit: i64,
}

/// Profit and loss of `accounts` (their totals over the period).
#[must_use]
pub fn profit_and_loss(accounts: &[AccountTotals]) -> ProfitAndLoss {
    let is = |a: &AccountTotals, role| a.role == Some(role);
    let sales = || {
        accounts
            .iter()
            .filter(|a| a.kind == AccountKind::Income && is(a, AccountRole::SalesRevenue))
    };
    let gross_sales = sum(sales().map(|a| a.credit));
    let returns = sum(sales().map(|a| a.debit));
    let net_sales = gross_sales.saturating_sub(returns);
    let cost_of_sales = sum(accounts
        .iter()
        .filter(|a| a.kind == AccountKind::Expense && is(a, AccountRole::CostOfGoodsSold))
        .map(AccountTotals::normal_balance));
    let gross_profit = net_sales.saturating_sub(cost_of_sales);
    let other_income = lines(accounts, |a| {
        a.kind == AccountKind::Income && !is(a, AccountRole::SalesRevenue)
    });
    let expenses = lines(accounts, |a| {
        a.kind == AccountKind::Expense && !is(a, AccountRole::CostOfGoodsSold)
    });
    let (total_other_income, total_expenses) = (total(&other_income), total(&expenses));
    ProfitAndLoss {
        gross_sales,
        returns,
        net_sales,
        cost_of_sales,
        gross_profit,
        gross_margin_bp: margin_bp(gross_profit, net_sales),
        other_income,
        total_other_income,
        expenses,
        total_expenses,
        net_profit: gross_profit
            .saturating_add(total_other_income)
            .saturating_sub(total_expenses),
    }
}

/// `part` ÷ `whole` in basis points, rounded half away from zero; none when `whole` is 0.
#[must_use]
pub fn margin_bp(part: i64, whole: i64) -> Option<i64> {
    (whole != 0).then(|| {
        let (part, whole) = if whole < 0 {
            (-i128::from(part), -i128::from(whole))
        } else {
            (i128::from(part), i128::from(whole))
        };
        let bp = div_round(part * 10_000, whole);
        i64::try_from(bp).unwrap_or(if bp < 0 { i64::MIN } else { i64::MAX })
    })
}

/// The balance sheet at a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceSheet {
    pub assets: Vec<StatementLine>,
    pub total_assets: i64,
    pub liabilities: Vec<StatementLine>,
    pub total_liabilities: i64,
    pub equity: Vec<StatementLine>,
    /// Income − expenses of every period up to the day (the books are never closed into
    /// equity, so this is all earnings so far).
    pub earnings: i64,
    /// The equity accounts + earnings.
    pub total_equity: i64,
}

impl BalanceSheet {
    /// Assets = liabilities + equity (with the earnings): true whenever every entry balances.
    #[must_use]
    pub fn balances(&self) -> bool {
        self.total_assets == self.total_liabilities.saturating_add(self.total_equity)
    }
}

/// The balance sheet of `accounts` (their totals up to the day it is at).
#[must_use]
pub fn balance_sheet(accounts: &[AccountTotals]) -> BalanceSheet {
    let of = |kind| lines(accounts, |a| a.kind == kind);
    let (assets, liabilities, equity) = (
        of(AccountKind::Asset),
        of(AccountKind::Liability),
        of(AccountKind::Equity),
    );
    let earnings = total(&of(AccountKind::Income)).saturating_sub(total(&of(AccountKind::Expense)));
    BalanceSheet {
        total_assets: total(&assets),
        total_liabilities: total(&liabilities),
        total_equity: total(&equity).saturating_add(earnings),
        assets,
        liabilities,
        equity,
        earnings,
    }
}
