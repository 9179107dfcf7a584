//! A customer order's money: the deposit taken (held as a customer deposit, a liability),
//! kept or refunded when the order is cancelled, and the final invoice — a sale of the order's
//! lines that moves no stock: the fabric's cost comes out of work in progress (exactly what the
//! cuts put in) into cost of sales, and the deposit is netted against what the customer owes.

use super::error::{WorkshopError, invalid};
use crate::AccountId;
use crate::ledger::{BalancedEntry, JournalLine};

/// The accounts an order's money posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepositAccounts {
    pub deposits: AccountId,
    pub customers: AccountId,
    pub wip: AccountId,
    pub cogs: AccountId,
}

/// What the final invoice posts besides its sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalInvoice {
    /// The deposit set against the invoice.
    pub netted: i64,
    /// What the customer still owes after the deposit.
    pub owed: i64,
    /// Deposit beyond the invoice, still held (to refund).
    pub deposit_left: i64,
    /// Net revenue less the cost the cuts put into work in progress.
    pub gross_profit: i64,
    /// Dr COGS / Cr WIP for the cost; Dr deposits / Cr customers for the netting.
    pub entry: Option<BalancedEntry>,
}

fn balanced(lines: Vec<JournalLine>) -> Result<Option<BalancedEntry>, WorkshopError> {
    let lines: Vec<JournalLine> = lines.into_iter().filter(|l| l.amount != 0).collect();
    if lines.is_empty() {
        return Ok(None);
    }
    BalancedEntry::new(lines)
        .map(Some)
        .map_err(|_| invalid("entry", "does not balance"))
}

fn amount(field: &str, v: i64) -> Result<i64, WorkshopError> {
    if (0..=crate::decimal::MAX_AMOUNT).contains(&v) {
        Ok(v)
    } else {
        Err(invalid(field, "0 or more, within the largest amount"))
    }
}

/// The final invoice of an order whose sale totals `total` (with VAT), `net` before VAT, with
/// `deposit` held and `wip_cost` put into work in progress by its cuts.
///
/// # Errors
/// `invalid_field` naming an amount below zero or too large.
pub fn final_invoice(
    a: &DepositAccounts,
    total: i64,
    net: i64,
    deposit: i64,
    wip_cost: i64,
) -> Result<FinalInvoice, WorkshopError> {
    let total = amount("total", total)?;
    let net = amount("net", net)?;
    let deposit = amount("deposit", deposit)?;
    let wip_cost = amount("wip_cost", wip_cost)?;
    let netted = deposit.min(total);
    let entry = balanced(vec![
        JournalLine::debit(a.cogs, wip_cost),
        JournalLine::credit(a.wip, wip_cost),
        JournalLine::debit(a.deposits, netted),
        JournalLine::credit(a.customers, netted),
    ])?;
    Ok(FinalInvoice {
        netted,
        owed: total - netted,
        deposit_left: deposit - netted,
        gross_profit: net - wip_cost,
        entry,
    })
}

/// A deposit of `amount` (> 0) taken into `into` (a drawer, card clearing, the bank):
/// Dr `into` / Cr customer deposits.
///
/// # Errors
/// `invalid_field` (`amount`).
pub fn take_deposit(
    a: &DepositAccounts,
    into: AccountId,
    amount: i64,
) -> Result<BalancedEntry, WorkshopError> {
    if amount <= 0 || amount > crate::decimal::MAX_AMOUNT {
        return Err(invalid("amount", "more than zero"));
    }
    balanced(vec![
        JournalLine::debit(into, amount),
        JournalLine::credit(a.deposits, amount),
    ])?
    .ok_or_else(|| invalid("amount", "more than zero"))
}

/// A cancelled order's deposit: refunded out of `to` (a drawer, the bank) or kept as income in
/// `to`: Dr customer deposits / Cr `to`. `None` when nothing was held.
///
/// # Errors
/// `invalid_field` (`deposit`).
pub fn cancel_deposit(
    a: &DepositAccounts,
    to: AccountId,
    deposit: i64,
) -> Result<Option<BalancedEntry>, WorkshopError> {
    let deposit = amount("deposit", deposit)?;
    balanced(vec![
        JournalLine::debit(a.deposits, deposit),
        JournalLine::credit(to, deposit),
    ])
}
