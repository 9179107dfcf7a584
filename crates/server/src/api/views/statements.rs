//! Answers of the accountant's statements: trial balance, profit and loss, balance sheet and
//! stock valuation, amounts in the shop's currency.

use mizan_app::{Period, StockValuation as Valuation};
use mizan_domain::calendar::day_text;
use mizan_domain::ledger::statements::{self as st, AccountTotals};
use mizan_store::Tenant;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, Percent, StockLevel};

/// An account of a trial balance: what it was debited and credited up to the day, and its
/// balance (debits − credits).
#[derive(Debug, Serialize, ToSchema)]
pub struct TrialBalanceAccount {
    pub code: String,
    pub name_en: String,
    pub name_ar: String,
    pub name_ru: String,
    pub kind: String,
    pub debit: Money,
    pub credit: Money,
    pub balance: Money,
}

/// The trial balance at the end of a business day.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrialBalance {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub accounts: Vec<TrialBalanceAccount>,
    pub total_debit: Money,
    pub total_credit: Money,
    /// Sum of the debit balances; equals `credit_balances` when the books balance.
    pub debit_balances: Money,
    pub credit_balances: Money,
}

impl TrialBalance {
    pub fn of(t: &Tenant, day: i32, tb: &st::TrialBalance) -> Self {
        let m = |minor| Money::of(t, minor);
        Self {
            date: day_text(day),
            accounts: tb
                .accounts
                .iter()
                .map(|a| TrialBalanceAccount {
                    code: a.code.clone(),
                    name_en: a.name_en.clone(),
                    name_ar: a.name_ar.clone(),
                    name_ru: a.name_ru.clone(),
                    kind: a.kind.as_str().to_owned(),
                    debit: m(a.debit),
                    credit: m(a.credit),
                    balance: m(a.balance()),
                })
                .collect(),
            total_debit: m(tb.total_debit),
            total_credit: m(tb.total_credit),
            debit_balances: m(tb.debit_balances),
            credit_balances: m(tb.credit_balances),
        }
    }
}

/// An account's line in a statement, on its normal side (assets and expenses: debits −
/// credits; liabilities, equity and income: credits − debits).
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementAccount {
    pub code: String,
    pub name_en: String,
    pub name_ar: String,
    pub name_ru: String,
    pub amount: Money,
}

fn lines(t: &Tenant, lines: &[st::StatementLine]) -> Vec<StatementAccount> {
    lines
        .iter()
        .map(|l| {
            let a: &AccountTotals = &l.account;
            StatementAccount {
                code: a.code.clone(),
                name_en: a.name_en.clone(),
                name_ar: a.name_ar.clone(),
                name_ru: a.name_ru.clone(),
                amount: Money::of(t, l.amount),
            }
        })
        .collect()
}

/// Profit and loss over a period of business days.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfitAndLoss {
    /// First business day, `YYYY-MM-DD`.
    pub from: String,
    /// Last business day, `YYYY-MM-DD`.
    pub to: String,
    /// Sales revenue credited (net of VAT).
    pub gross_sales: Money,
    /// Sales revenue debited: returns (and corrections).
    pub returns: Money,
    pub net_sales: Money,
    pub cost_of_sales: Money,
    pub gross_profit: Money,
    /// Gross profit ÷ net sales, in percent (`40.00`); null without net sales.
    pub gross_margin: Option<Percent>,
    pub other_income: Vec<StatementAccount>,
    pub total_other_income: Money,
    pub expenses: Vec<StatementAccount>,
    pub total_expenses: Money,
    pub net_profit: Money,
}

impl ProfitAndLoss {
    pub fn of(t: &Tenant, period: Period, p: &st::ProfitAndLoss) -> Self {
        let m = |minor| Money::of(t, minor);
        Self {
            from: day_text(period.from),
            to: day_text(period.to),
            gross_sales: m(p.gross_sales),
            returns: m(p.returns),
            net_sales: m(p.net_sales),
            cost_of_sales: m(p.cost_of_sales),
            gross_profit: m(p.gross_profit),
            gross_margin: p.gross_margin_bp.map(Percent::of_bp),
            other_income: lines(t, &p.other_income),
            total_other_income: m(p.total_other_income),
            expenses: lines(t, &p.expenses),
            total_expenses: m(p.total_expenses),
            net_profit: m(p.net_profit),
        }
    }
}

/// The balance sheet at the end of a business day.
#[derive(Debug, Serialize, ToSchema)]
pub struct BalanceSheet {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub assets: Vec<StatementAccount>,
    pub total_assets: Money,
    pub liabilities: Vec<StatementAccount>,
    pub total_liabilities: Money,
    pub equity: Vec<StatementAccount>,
    /// Income − expenses of every period up to the day.
    pub earnings: Money,
    /// The equity accounts + earnings.
    pub total_equity: Money,
    /// Assets = liabilities + equity.
    pub balances: bool,
}

impl BalanceSheet {
    pub fn of(t: &Tenant, day: i32, b: &st::BalanceSheet) -> Self {
        let m = |minor| Money::of(t, minor);
        Self {
            date: day_text(day),
            assets: lines(t, &b.assets),
            total_assets: m(b.total_assets),
            liabilities: lines(t, &b.liabilities),
            total_liabilities: m(b.total_liabilities),
            equity: lines(t, &b.equity),
            earnings: m(b.earnings),
            total_equity: m(b.total_equity),
            balances: b.balances(),
        }
    }
}

/// Stock quantities and values at the end of a business day.
#[derive(Debug, Serialize, ToSchema)]
pub struct StockValuation {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub levels: Vec<StockLevel>,
    pub total_value: Money,
    /// The inventory account's balance that day; equals `total_value` when the books are
    /// consistent.
    pub inventory_account: Money,
}

impl StockValuation {
    pub fn of(t: &Tenant, v: &Valuation) -> Self {
        Self {
            date: day_text(v.day),
            levels: v.levels.iter().map(|l| StockLevel::of(t, l)).collect(),
            total_value: Money::of(t, v.total_value),
            inventory_account: Money::of(t, v.inventory_account),
        }
    }
}
