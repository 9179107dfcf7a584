//! The posting rules of transfers and counts: pure functions from the document and the state
//! it needs (products, the levels involved, the accounts) to its effects. Goods always leave a
//! level at its moving average; goods that cover stock sold short book the difference to COGS
//! as every receipt does, so the inventory account stays equal to the stock value.

use std::collections::HashMap;

use super::{StockCount, StockMoveError, Transfer};
use crate::decimal::{MAX_AMOUNT, QTY_ONE, div_round};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::stock::{IssueError, StockLevel, StockMove};
use crate::{AccountId, ProductId, WarehouseId};

/// What a transfer or count needs to know of a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedProduct {
    pub code: String,
    pub tracks_stock: bool,
    /// Values found stock when the warehouse has none to take an average from.
    pub cost_price: Option<i64>,
}

/// The accounts transfers and counts post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountAccounts {
    pub inventory: AccountId,
    pub cogs: AccountId,
    pub shrinkage: AccountId,
    pub found: AccountId,
}

/// One posted line: the product, how much moved (a count: counted less on hand) and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovedLine {
    pub product: ProductId,
    pub qty: i64,
    pub value: i64,
}

/// Everything a posted transfer writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferEffects {
    pub lines: Vec<MovedLine>,
    /// The cost that left the first warehouse.
    pub value: i64,
    pub stock_moves: Vec<StockMove>,
    pub levels: Vec<((WarehouseId, ProductId), StockLevel)>,
    /// Empty unless goods covered stock sold short in the receiving warehouse.
    pub entry: BalancedEntry,
}

/// Everything a posted count writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountEffects {
    /// Per counted product: counted less on hand, and the value that moved (signed).
    pub lines: Vec<MovedLine>,
    pub shrinkage: i64,
    pub found: i64,
    pub stock_moves: Vec<StockMove>,
    pub levels: Vec<((WarehouseId, ProductId), StockLevel)>,
    pub entry: BalancedEntry,
}

fn overflow<T>(_: T) -> StockMoveError {
    StockMoveError::Overflow
}

fn product(
    products: &HashMap<ProductId, CountedProduct>,
    line: usize,
    id: ProductId,
) -> Result<&CountedProduct, StockMoveError> {
    let p = products
        .get(&id)
        .ok_or_else(|| StockMoveError::UnknownReference {
            field: format!("lines[{line}].product_id"),
        })?;
    if !p.tracks_stock {
        return Err(StockMoveError::NotStocked { line, product: id });
    }
    Ok(p)
}

fn issue(
    level: StockLevel,
    qty: i64,
    line: usize,
    (id, p, w): (ProductId, &CountedProduct, WarehouseId),
) -> Result<(StockLevel, i64), StockMoveError> {
    level.issue(qty, false, None).map_err(|e| match e {
        IssueError::Insufficient { available } => StockMoveError::InsufficientStock {
            line,
            product: id,
            product_code: p.code.clone(),
            warehouse: w,
            available,
            requested: qty,
        },
        IssueError::WithoutCost | IssueError::Overflow => StockMoveError::Overflow,
    })
}

/// Posts a transfer: each product leaves `from` at its moving average and enters `to` at that
/// value.
///
/// # Errors
/// [`StockMoveError`] naming the line: unknown, not stocked, or more than `from` holds.
pub fn post_transfer(
    t: &Transfer,
    products: &HashMap<ProductId, CountedProduct>,
    levels: &HashMap<(WarehouseId, ProductId), StockLevel>,
    accounts: CountAccounts,
) -> Result<TransferEffects, StockMoveError> {
    let (mut out, mut moves, mut lines) = (Vec::new(), Vec::new(), Vec::new());
    let (mut value, mut variance) = (0i64, 0i64);
    for (i, l) in t.lines().iter().enumerate() {
        let p = product(products, i, l.product)?;
        let from = levels
            .get(&(t.from(), l.product))
            .copied()
            .unwrap_or_default();
        let to = levels
            .get(&(t.to(), l.product))
            .copied()
            .unwrap_or_default();
        let (from, cost) = issue(from, l.qty, i, (l.product, p, t.from()))?;
        let (to, covered) = to.receive(l.qty, cost).map_err(overflow)?;
        out.push(((t.from(), l.product), from));
        out.push(((t.to(), l.product), to));
        moves.push(StockMove {
            warehouse: t.from(),
            product: l.product,
            qty: -l.qty,
            value: -cost,
        });
        moves.push(StockMove {
            warehouse: t.to(),
            product: l.product,
            qty: l.qty,
            value: cost - covered,
        });
        lines.push(MovedLine {
            product: l.product,
            qty: l.qty,
            value: cost,
        });
        value = value.checked_add(cost).ok_or(StockMoveError::Overflow)?;
        variance = variance
            .checked_add(covered)
            .ok_or(StockMoveError::Overflow)?;
    }
    if value > MAX_AMOUNT {
        return Err(StockMoveError::Overflow);
    }
    let entry = BalancedEntry::new([
        JournalLine::debit(accounts.cogs, variance),
        JournalLine::credit(accounts.inventory, variance),
    ])
    .map_err(overflow)?;
    Ok(TransferEffects {
        lines,
        value,
        stock_moves: moves,
        levels: out,
        entry,
    })
}

/// Posts a stock count: a product counted short leaves at its moving average to shrinkage;
/// one counted over enters at the warehouse's average cost (or the product's cost price when
/// the warehouse has none) from found stock.
///
/// # Errors
/// [`StockMoveError`] naming the line: unknown, not stocked, or found without any cost.
pub fn post_stock_count(
    c: &StockCount,
    products: &HashMap<ProductId, CountedProduct>,
    levels: &HashMap<(WarehouseId, ProductId), StockLevel>,
    accounts: CountAccounts,
) -> Result<CountEffects, StockMoveError> {
    let w = c.warehouse();
    let (mut out, mut moves, mut lines) = (Vec::new(), Vec::new(), Vec::new());
    let (mut shrinkage, mut found, mut variance) = (0i64, 0i64, 0i64);
    for (i, l) in c.lines().iter().enumerate() {
        let p = product(products, i, l.product)?;
        let level = levels.get(&(w, l.product)).copied().unwrap_or_default();
        let diff = l
            .counted
            .checked_sub(level.qty)
            .ok_or(StockMoveError::Overflow)?;
        let (next, value) = match diff {
            0 => (level, 0),
            d if d < 0 => {
                let (next, cost) = issue(level, -d, i, (l.product, p, w))?;
                shrinkage = shrinkage
                    .checked_add(cost)
                    .ok_or(StockMoveError::Overflow)?;
                moves.push(StockMove {
                    warehouse: w,
                    product: l.product,
                    qty: d,
                    value: -cost,
                });
                (next, -cost)
            }
            d => {
                let unit = match p.cost_price {
                    _ if level.qty > 0 && level.value > 0 => div_round(
                        i128::from(level.value) * i128::from(QTY_ONE),
                        i128::from(level.qty),
                    ),
                    Some(cost) if cost > 0 => i128::from(cost),
                    _ => {
                        return Err(StockMoveError::WithoutCost {
                            line: i,
                            product: l.product,
                            product_code: p.code.clone(),
                        });
                    }
                };
                let worth = i64::try_from(div_round(i128::from(d) * unit, i128::from(QTY_ONE)))
                    .map_err(overflow)?;
                let (next, covered) = level.receive(d, worth).map_err(overflow)?;
                found = found.checked_add(worth).ok_or(StockMoveError::Overflow)?;
                variance = variance
                    .checked_add(covered)
                    .ok_or(StockMoveError::Overflow)?;
                moves.push(StockMove {
                    warehouse: w,
                    product: l.product,
                    qty: d,
                    value: worth - covered,
                });
                (next, worth)
            }
        };
        out.push(((w, l.product), next));
        lines.push(MovedLine {
            product: l.product,
            qty: diff,
            value,
        });
    }
    if shrinkage > MAX_AMOUNT || found > MAX_AMOUNT {
        return Err(StockMoveError::Overflow);
    }
    let entry = BalancedEntry::new([
        JournalLine::debit(accounts.shrinkage, shrinkage),
        JournalLine::credit(accounts.inventory, shrinkage),
        JournalLine::debit(accounts.inventory, found - variance),
        JournalLine::debit(accounts.cogs, variance),
        JournalLine::credit(accounts.found, found),
    ])
    .map_err(overflow)?;
    Ok(CountEffects {
        lines,
        shrinkage,
        found,
        stock_moves: moves,
        levels: out,
        entry,
    })
}
