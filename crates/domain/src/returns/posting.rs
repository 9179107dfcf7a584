//! The return posting rule: a pure function from a return and the state of its sale (each
//! line's amounts and what earlier returns took), the stock, the drawer and the accounts, to
//! all of the return's effects. Each line gives back its share of the sale's own net, VAT and
//! cost, rounded so that returning a line in any number of parts gives back exactly its whole.

use std::collections::HashMap;

use super::{Refund, Restock, ReturnDraft, ReturnError};
use crate::decimal::{MAX_AMOUNT, cumulative_share};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::stock::{StockLevel, StockMove};
use crate::{AccountId, CashRegisterId, CashierSessionId, CustomerId, ProductId, WarehouseId};

/// A line of the sale as a return finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoldLine {
    pub product: ProductId,
    pub tracks_stock: bool,
    /// What the sale line sold: quantity (thousandths), net, VAT and the cost it took.
    pub qty: i64,
    pub net: i64,
    pub vat: i64,
    pub cost: i64,
    /// What earlier returns of this line took back, in the same terms.
    pub returned_qty: i64,
    pub returned_net: i64,
    pub returned_vat: i64,
    pub returned_cost: i64,
}

/// The accounts a return posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnAccounts {
    pub revenue: AccountId,
    pub vat: AccountId,
    pub cogs: AccountId,
    pub inventory: AccountId,
    pub customers: AccountId,
    pub card: AccountId,
    pub bank: AccountId,
    /// Where the cost of goods written off as damaged goes.
    pub damaged: AccountId,
}

/// The state a return is posted against, loaded in the posting transaction.
#[derive(Debug, Clone, Default)]
pub struct ReturnSnapshot {
    /// Whether the sale is completed (a draft has nothing to return).
    pub completed: bool,
    pub lines: Vec<SoldLine>,
    pub customer: Option<CustomerId>,
    pub accounts: Option<ReturnAccounts>,
    /// Whether the restock warehouse exists.
    pub warehouse_exists: bool,
    /// Current levels of the restock warehouse; a missing product is an empty level.
    pub levels: HashMap<(WarehouseId, ProductId), StockLevel>,
    /// The refund register's drawer account, when it exists.
    pub register: Option<AccountId>,
    /// The refund register's open session and the cash it expects in the drawer.
    pub session: Option<(CashierSessionId, i64)>,
    /// Whether cash needs an open session.
    pub require_open_session: bool,
}

/// What one line of the return takes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnedLine {
    /// The sale line's position (0-based).
    pub line: usize,
    pub product: ProductId,
    pub qty: i64,
    pub net: i64,
    pub vat: i64,
    pub cost: i64,
}

/// Everything a posted return writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnEffects {
    pub lines: Vec<ReturnedLine>,
    pub net: i64,
    pub vat: i64,
    /// What goes back to the customer: net + VAT.
    pub total: i64,
    pub cost: i64,
    pub stock_moves: Vec<StockMove>,
    /// Final level of every (warehouse, product) the return restocked.
    pub levels: Vec<((WarehouseId, ProductId), StockLevel)>,
    pub entry: BalancedEntry,
    /// Cash out of a register's drawer (negative), in its open session if it has one.
    pub cash: Option<(CashRegisterId, i64)>,
    pub session: Option<CashierSessionId>,
    /// What comes off the customer's debt (negative).
    pub credit: Option<(CustomerId, i64)>,
}

fn share(whole: i64, of: i64, after: i64, before: i64) -> Result<i64, ReturnError> {
    cumulative_share(whole, of, after, before).ok_or(ReturnError::Overflow)
}

fn add(a: i64, b: i64) -> Result<i64, ReturnError> {
    a.checked_add(b).ok_or(ReturnError::Overflow)
}

/// Posts a return.
///
/// The entry is Dr Revenue net, Dr VAT vat / Cr the refund's account (drawer, card clearing,
/// bank, customers) net + VAT; restocked goods Dr Inventory / Cr COGS at the cost they left
/// with (into negative stock, less the variance that stays in COGS); goods written off Dr
/// Damaged goods / Cr COGS. Zero lines drop out.
///
/// # Errors
/// [`ReturnError`] naming the sale line, warehouse, register or session at fault.
pub fn post_return(
    r: &ReturnDraft,
    snapshot: &ReturnSnapshot,
) -> Result<ReturnEffects, ReturnError> {
    let unknown = |field: &str| ReturnError::UnknownReference {
        field: field.to_owned(),
    };
    if !snapshot.completed {
        return Err(ReturnError::SaleNotCompleted);
    }
    let accounts = snapshot
        .accounts
        .ok_or_else(|| unknown("chart of accounts"))?;
    let warehouse = match r.restock() {
        Restock::Warehouse(_) if !snapshot.warehouse_exists => {
            return Err(unknown("warehouse_id"));
        }
        Restock::Warehouse(w) => Some(w),
        Restock::WriteOff => None,
    };
    let mut lines = Vec::with_capacity(r.lines().len());
    let (mut net, mut vat, mut cost, mut into_stock) = (0i64, 0i64, 0i64, 0i64);
    let mut levels: crate::stock::Touched = Vec::new();
    let mut moves = Vec::new();
    for (i, l) in r.lines().iter().enumerate() {
        let sold = snapshot
            .lines
            .get(l.line)
            .ok_or_else(|| unknown(&format!("lines[{i}].line")))?;
        let after = add(sold.returned_qty, l.qty)?;
        if after > sold.qty {
            return Err(ReturnError::ExceedsSale {
                line: i,
                product: sold.product,
                sold: sold.qty,
                returned: sold.returned_qty,
                requested: l.qty,
            });
        }
        let line = ReturnedLine {
            line: l.line,
            product: sold.product,
            qty: l.qty,
            net: share(sold.net, sold.qty, after, sold.returned_net)?,
            vat: share(sold.vat, sold.qty, after, sold.returned_vat)?,
            cost: share(sold.cost, sold.qty, after, sold.returned_cost)?,
        };
        if let Some(w) = warehouse
            && sold.tracks_stock
        {
            let key = (w, sold.product);
            let idx = crate::stock::touch(&mut levels, &snapshot.levels, key);
            let (next, variance) = levels[idx]
                .1
                .receive(l.qty, line.cost)
                .map_err(|_| ReturnError::Overflow)?;
            let value = line
                .cost
                .checked_sub(variance)
                .ok_or(ReturnError::Overflow)?;
            levels[idx].1 = next;
            moves.push(StockMove {
                warehouse: w,
                product: sold.product,
                qty: l.qty,
                value,
            });
            into_stock = add(into_stock, value)?;
        }
        net = add(net, line.net)?;
        vat = add(vat, line.vat)?;
        cost = add(cost, line.cost)?;
        lines.push(line);
    }
    let total = add(net, vat)?;
    if total > MAX_AMOUNT || cost > MAX_AMOUNT {
        return Err(ReturnError::Overflow);
    }
    let (refund_account, cash, session, credit) = match r.refund() {
        Refund::Cash(register) => {
            let drawer = snapshot
                .register
                .ok_or_else(|| unknown("cash_register_id"))?;
            match snapshot.session {
                Some((_, expected)) if expected < total => {
                    return Err(ReturnError::InsufficientCash {
                        available: expected,
                        requested: total,
                    });
                }
                None if snapshot.require_open_session => {
                    return Err(ReturnError::NoOpenSession { register });
                }
                _ => {}
            }
            (
                drawer,
                Some((register, -total)),
                snapshot.session.map(|(s, _)| s),
                None,
            )
        }
        Refund::Card => (accounts.card, None, None, None),
        Refund::Bank => (accounts.bank, None, None, None),
        Refund::Credit => {
            let customer = snapshot
                .customer
                .ok_or(ReturnError::CreditWithoutCustomer)?;
            (accounts.customers, None, None, Some((customer, -total)))
        }
    };
    let goods = match warehouse {
        // Restocked: what went back on hand leaves COGS; the rest (services, the variance into
        // negative stock) stays there.
        Some(_) => [
            JournalLine::debit(accounts.inventory, into_stock),
            JournalLine::credit(accounts.cogs, into_stock),
        ],
        None => [
            JournalLine::debit(accounts.damaged, cost),
            JournalLine::credit(accounts.cogs, cost),
        ],
    };
    let entry = BalancedEntry::new(
        [
            JournalLine::debit(accounts.revenue, net),
            JournalLine::debit(accounts.vat, vat),
            JournalLine::credit(refund_account, total),
        ]
        .into_iter()
        .chain(goods),
    )
    .map_err(|_| ReturnError::Overflow)?;
    Ok(ReturnEffects {
        lines,
        net,
        vat,
        total,
        cost,
        stock_moves: moves,
        levels,
        entry,
        cash: cash.filter(|_| total != 0),
        session,
        credit: credit.filter(|_| total != 0),
    })
}
