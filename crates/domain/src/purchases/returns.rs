//! The purchase return posting rule: goods of a receipt go back to the supplier. They leave the
//! warehouse at the moving average (the cost they leave with); the supplier owes back the
//! receipt's own net and VAT for them (cumulative shares, so a line sent back in parts adds up
//! to exactly its whole); the difference between the two is a cost variance in COGS.

use std::collections::HashMap;

use super::{PurchaseAccounts, PurchaseError, PurchaseReturnDraft};
use crate::decimal::{MAX_AMOUNT, cumulative_share};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::stock::{IssueError, StockLevel, StockMove};
use crate::{ProductId, WarehouseId};

/// A line of the receipt as a return finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoughtLine {
    pub product: ProductId,
    pub product_code: String,
    /// What the line bought: quantity (thousandths), net and VAT.
    pub qty: i64,
    pub net: i64,
    pub vat: i64,
    /// What earlier returns of this line sent back, in the same terms.
    pub returned_qty: i64,
    pub returned_net: i64,
    pub returned_vat: i64,
}

/// The state a purchase return is posted against.
#[derive(Debug, Clone, Default)]
pub struct PurchaseReturnSnapshot {
    pub lines: Vec<BoughtLine>,
    /// The receipt's warehouse, where the goods leave from.
    pub warehouse: Option<WarehouseId>,
    pub levels: HashMap<(WarehouseId, ProductId), StockLevel>,
    pub accounts: Option<PurchaseAccounts>,
}

/// What one line of a purchase return sends back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnedPurchaseLine {
    /// The receipt line's position (0-based).
    pub line: usize,
    pub product: ProductId,
    pub qty: i64,
    pub net: i64,
    pub vat: i64,
    /// The stock value that left with it.
    pub cost: i64,
}

/// Everything a posted purchase return writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseReturnEffects {
    pub lines: Vec<ReturnedPurchaseLine>,
    pub net: i64,
    pub vat: i64,
    /// What the supplier owes back (comes off what they are owed): net + VAT.
    pub total: i64,
    pub cost: i64,
    pub stock_moves: Vec<StockMove>,
    pub levels: Vec<((WarehouseId, ProductId), StockLevel)>,
    pub entry: BalancedEntry,
}

fn share(whole: i64, of: i64, after: i64, before: i64) -> Result<i64, PurchaseError> {
    cumulative_share(whole, of, after, before).ok_or(PurchaseError::Overflow)
}

fn add(a: i64, b: i64) -> Result<i64, PurchaseError> {
    a.checked_add(b).ok_or(PurchaseError::Overflow)
}

/// Posts a purchase return: Dr Suppliers net + VAT / Cr Inventory (the value that left),
/// Cr VAT input, and the difference between net and that value to COGS.
///
/// # Errors
/// [`PurchaseError`] naming the line at fault: more than was bought less earlier returns
/// (`return_exceeds_purchase`), or more than the warehouse holds (`insufficient_stock`).
pub fn post_purchase_return(
    r: &PurchaseReturnDraft,
    s: &PurchaseReturnSnapshot,
) -> Result<PurchaseReturnEffects, PurchaseError> {
    let unknown = |field: &str| PurchaseError::UnknownReference {
        field: field.to_owned(),
    };
    let accounts = s.accounts.ok_or_else(|| unknown("chart of accounts"))?;
    let w = s.warehouse.ok_or_else(|| unknown("purchase"))?;
    let mut lines = Vec::with_capacity(r.lines().len());
    let mut levels: crate::stock::Touched = Vec::new();
    let mut moves = Vec::with_capacity(r.lines().len());
    let (mut net, mut vat, mut cost) = (0i64, 0i64, 0i64);
    for (i, l) in r.lines().iter().enumerate() {
        let bought = s
            .lines
            .get(l.line)
            .ok_or_else(|| unknown(&format!("lines[{i}].line")))?;
        let after = add(bought.returned_qty, l.qty)?;
        if after > bought.qty {
            return Err(PurchaseError::ExceedsPurchase {
                line: i,
                product: bought.product,
                bought: bought.qty,
                returned: bought.returned_qty,
                requested: l.qty,
            });
        }
        let key = (w, bought.product);
        let idx = crate::stock::touch(&mut levels, &s.levels, key);
        let (next, out) = levels[idx]
            .1
            .issue(l.qty, false, None)
            .map_err(|e| match e {
                IssueError::Insufficient { available } => PurchaseError::InsufficientStock {
                    line: i,
                    product: bought.product,
                    product_code: bought.product_code.clone(),
                    warehouse: w,
                    available,
                    requested: l.qty,
                },
                IssueError::WithoutCost | IssueError::Overflow => PurchaseError::Overflow,
            })?;
        levels[idx].1 = next;
        moves.push(StockMove {
            warehouse: w,
            product: bought.product,
            qty: -l.qty,
            value: -out,
        });
        let line = ReturnedPurchaseLine {
            line: l.line,
            product: bought.product,
            qty: l.qty,
            net: share(bought.net, bought.qty, after, bought.returned_net)?,
            vat: share(bought.vat, bought.qty, after, bought.returned_vat)?,
            cost: out,
        };
        net = add(net, line.net)?;
        vat = add(vat, line.vat)?;
        cost = add(cost, out)?;
        lines.push(line);
    }
    let total = add(net, vat)?;
    if total > MAX_AMOUNT || cost > MAX_AMOUNT {
        return Err(PurchaseError::Overflow);
    }
    let entry = BalancedEntry::new([
        JournalLine::debit(accounts.suppliers, total),
        JournalLine::credit(accounts.inventory, cost),
        JournalLine::credit(accounts.vat_input, vat),
        JournalLine::credit(accounts.cogs, net - cost),
    ])
    .map_err(|_| PurchaseError::Overflow)?;
    Ok(PurchaseReturnEffects {
        lines,
        net,
        vat,
        total,
        cost,
        stock_moves: moves,
        levels,
        entry,
    })
}
