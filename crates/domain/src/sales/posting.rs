//! The sale posting rule: a pure function from a sale and a snapshot of stock, products and
//! accounts to all of the sale's effects.

use std::collections::HashMap;

use super::{Payment, SaleDraft, SalePostingError};
use crate::decimal::{MAX_AMOUNT, QTY_ONE, div_round};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::stock::{IssueError, StockLevel, StockMove};
use crate::{AccountId, CashRegisterId, ProductId, WarehouseId};

/// What posting needs to know about a product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductPolicy {
    pub code: String,
    /// VAT rate in basis points (1400 = 14%).
    pub vat_bp: i64,
    /// Services (hours of play, fitting) have no stock and no cost of goods.
    pub tracks_stock: bool,
    pub allow_negative_stock: bool,
    /// Fallback cost per whole unit, used only for stock issued beyond what is on hand.
    pub cost_price: Option<i64>,
}

/// The accounts a sale posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaleAccounts {
    pub customers: AccountId,
    pub revenue: AccountId,
    pub vat: AccountId,
    pub cogs: AccountId,
    pub inventory: AccountId,
}

/// The state a sale is posted against, loaded in the posting transaction.
#[derive(Debug, Clone, Default)]
pub struct SaleSnapshot {
    pub products: HashMap<ProductId, ProductPolicy>,
    /// Warehouses that exist for the tenant.
    pub warehouses: Vec<WarehouseId>,
    /// Current levels; a missing (warehouse, product) pair is an empty level.
    pub levels: HashMap<(WarehouseId, ProductId), StockLevel>,
    pub accounts: Option<SaleAccounts>,
    /// The cash account of the register for a cash sale; `None` if the register is unknown.
    pub register_account: Option<AccountId>,
    /// Whether the credit customer exists.
    pub customer_exists: bool,
}

/// Net, VAT and cost of one line, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineAmounts {
    pub net: i64,
    pub vat: i64,
    pub cost: i64,
}

/// Everything a posted sale writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleEffects {
    pub lines: Vec<LineAmounts>,
    pub net: i64,
    pub vat: i64,
    pub total: i64,
    pub cost: i64,
    pub stock_moves: Vec<StockMove>,
    /// Final level of every (warehouse, product) the sale touched.
    pub levels: Vec<((WarehouseId, ProductId), StockLevel)>,
    pub entry: BalancedEntry,
    /// Cash into a register (cash sales only).
    pub cash: Option<(CashRegisterId, i64)>,
}

/// Posts a sale.
///
/// Line net = round(qty × unit price) − discount; VAT = round(net × rate) per line; cost per line
/// from the moving average. The entry is Dr Cash/Customers total, Cr Revenue net, Cr VAT vat,
/// Dr COGS cost, Cr Inventory cost (zero lines dropped).
///
/// # Errors
/// [`SalePostingError`] naming the offending line, product and warehouse.
pub fn post_sale(
    sale: &SaleDraft,
    snapshot: &SaleSnapshot,
) -> Result<SaleEffects, SalePostingError> {
    let unknown = |field: String| SalePostingError::UnknownReference { field };
    let accounts = snapshot
        .accounts
        .ok_or_else(|| unknown("chart of accounts".to_owned()))?;
    let debit_account = match sale.payment() {
        Payment::Cash { .. } => snapshot
            .register_account
            .ok_or_else(|| unknown("payment.cash_register_id".to_owned()))?,
        Payment::Credit { .. } => {
            if !snapshot.customer_exists {
                return Err(unknown("payment.customer_id".to_owned()));
            }
            accounts.customers
        }
    };

    // Every reference first, so that no error about one line hides an unknown id on another.
    for (i, line) in sale.lines().iter().enumerate() {
        let l = line.get();
        if !snapshot.products.contains_key(&l.product) {
            return Err(unknown(format!("lines[{i}].product_id")));
        }
        if !snapshot.warehouses.contains(&l.warehouse) {
            return Err(unknown(format!("lines[{i}].warehouse_id")));
        }
    }
    let mut levels: Vec<((WarehouseId, ProductId), StockLevel)> = Vec::new();
    let mut moves = Vec::new();
    let mut amounts = Vec::with_capacity(sale.lines().len());
    let (mut net, mut vat, mut cost) = (0i64, 0i64, 0i64);
    for (i, line) in sale.lines().iter().enumerate() {
        let l = line.get();
        let product = snapshot
            .products
            .get(&l.product)
            .ok_or_else(|| unknown(format!("lines[{i}].product_id")))?;
        if !snapshot.warehouses.contains(&l.warehouse) {
            return Err(unknown(format!("lines[{i}].warehouse_id")));
        }
        let gross = div_round(
            i128::from(l.qty) * i128::from(l.unit_price),
            i128::from(QTY_ONE),
        );
        let line_net = gross - i128::from(l.discount);
        if line_net < 0 {
            return Err(SalePostingError::DiscountExceedsAmount { line: i });
        }
        if gross > i128::from(MAX_AMOUNT) {
            return Err(SalePostingError::Overflow);
        }
        let line_vat = div_round(line_net * i128::from(product.vat_bp), 10_000);
        let line_cost = if product.tracks_stock {
            let key = (l.warehouse, l.product);
            let idx = match levels.iter().position(|(k, _)| *k == key) {
                Some(idx) => idx,
                None => {
                    let current = snapshot.levels.get(&key).copied().unwrap_or_default();
                    levels.push((key, current));
                    levels.len() - 1
                }
            };
            let (next, c) = levels[idx]
                .1
                .issue(l.qty, product.allow_negative_stock, product.cost_price)
                .map_err(|e| match e {
                    IssueError::Insufficient { available } => SalePostingError::InsufficientStock {
                        line: i,
                        product: l.product,
                        product_code: product.code.clone(),
                        warehouse: l.warehouse,
                        available,
                        requested: l.qty,
                    },
                    IssueError::WithoutCost => SalePostingError::ProductWithoutCost {
                        line: i,
                        product: l.product,
                        product_code: product.code.clone(),
                    },
                    IssueError::Overflow => SalePostingError::Overflow,
                })?;
            levels[idx].1 = next;
            moves.push(StockMove {
                warehouse: l.warehouse,
                product: l.product,
                qty: -l.qty,
                value: -c,
            });
            c
        } else {
            0
        };
        let line_net = i64::try_from(line_net).map_err(|_| SalePostingError::Overflow)?;
        let line_vat = i64::try_from(line_vat).map_err(|_| SalePostingError::Overflow)?;
        net = net
            .checked_add(line_net)
            .ok_or(SalePostingError::Overflow)?;
        vat = vat
            .checked_add(line_vat)
            .ok_or(SalePostingError::Overflow)?;
        cost = cost
            .checked_add(line_cost)
            .ok_or(SalePostingError::Overflow)?;
        amounts.push(LineAmounts {
            net: line_net,
            vat: line_vat,
            cost: line_cost,
        });
    }
    let total = net.checked_add(vat).ok_or(SalePostingError::Overflow)?;
    if total > MAX_AMOUNT || cost > MAX_AMOUNT {
        return Err(SalePostingError::Overflow);
    }
    let entry = BalancedEntry::new([
        JournalLine::debit(debit_account, total),
        JournalLine::credit(accounts.revenue, net),
        JournalLine::credit(accounts.vat, vat),
        JournalLine::debit(accounts.cogs, cost),
        JournalLine::credit(accounts.inventory, cost),
    ])
    .map_err(|_| SalePostingError::Overflow)?;
    let cash = match sale.payment() {
        Payment::Cash { cash_register_id } => Some((cash_register_id, total)),
        Payment::Credit { .. } => None,
    };
    Ok(SaleEffects {
        lines: amounts,
        net,
        vat,
        total,
        cost,
        stock_moves: moves,
        levels,
        entry,
        cash,
    })
}
