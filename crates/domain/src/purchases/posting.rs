//! The purchase posting rule: a pure function from a receipt and the state it needs (supplier,
//! warehouse, products, the warehouse's stock levels, the accounts) to all of its effects. Each
//! line is worth `round(quantity × unit cost)` with input VAT `round(net × rate)`; goods enter at
//! that value and move the moving average; a product with no cost yet gets the line's unit cost.

use std::collections::HashMap;

use super::{PurchaseDraft, PurchaseError};
use crate::decimal::{MAX_AMOUNT, QTY_ONE, div_round};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::stock::{StockLevel, StockMove};
use crate::{AccountId, ProductId, WarehouseId};

/// What a receipt needs to know of a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchasedProduct {
    pub tracks_stock: bool,
    pub vat_bp: i64,
    /// Whether the product has a cost price (a fallback cost for selling it short).
    pub has_cost: bool,
}

/// The accounts a purchase (and its return) posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchaseAccounts {
    pub inventory: AccountId,
    pub vat_input: AccountId,
    pub suppliers: AccountId,
    /// Where cost variances go: goods covering stock sold short, returns leaving at another
    /// cost than they were bought at.
    pub cogs: AccountId,
}

/// The state a receipt is posted against, loaded in the posting transaction.
#[derive(Debug, Clone, Default)]
pub struct PurchaseSnapshot {
    pub supplier_exists: bool,
    pub warehouse_exists: bool,
    pub products: HashMap<ProductId, PurchasedProduct>,
    /// Current levels in the receiving warehouse; a missing product is an empty level.
    pub levels: HashMap<(WarehouseId, ProductId), StockLevel>,
    pub accounts: Option<PurchaseAccounts>,
}

/// One posted line of a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchasedLine {
    pub product: ProductId,
    pub qty: i64,
    pub unit_cost: i64,
    pub vat_bp: i64,
    /// `round(qty × unit_cost)`, before VAT.
    pub net: i64,
    pub vat: i64,
}

/// Everything a posted receipt writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseEffects {
    pub lines: Vec<PurchasedLine>,
    pub net: i64,
    pub vat: i64,
    /// What the supplier is owed: net + VAT.
    pub total: i64,
    pub stock_moves: Vec<StockMove>,
    /// Final level of every product the receipt stocked.
    pub levels: Vec<((WarehouseId, ProductId), StockLevel)>,
    pub entry: BalancedEntry,
    /// Products that had no cost price and get the unit cost of their first line here.
    pub first_costs: Vec<(ProductId, i64)>,
}

fn add(a: i64, b: i64) -> Result<i64, PurchaseError> {
    a.checked_add(b).ok_or(PurchaseError::Overflow)
}

fn narrow(v: i128) -> Result<i64, PurchaseError> {
    i64::try_from(v)
        .ok()
        .filter(|v| v.abs() <= MAX_AMOUNT)
        .ok_or(PurchaseError::Overflow)
}

/// Posts a receipt: Dr Inventory (what went on hand), Dr COGS (the variance of goods that
/// cover stock sold short), Dr VAT input / Cr Suppliers net + VAT.
///
/// # Errors
/// [`PurchaseError`] naming the supplier, warehouse or line at fault.
pub fn post_purchase(
    d: &PurchaseDraft,
    s: &PurchaseSnapshot,
) -> Result<PurchaseEffects, PurchaseError> {
    let unknown = |field: &str| PurchaseError::UnknownReference {
        field: field.to_owned(),
    };
    if !s.supplier_exists {
        return Err(unknown("supplier_id"));
    }
    if !s.warehouse_exists {
        return Err(unknown("warehouse_id"));
    }
    let accounts = s.accounts.ok_or_else(|| unknown("chart of accounts"))?;
    let w = d.warehouse();
    let mut lines = Vec::with_capacity(d.lines().len());
    let mut levels: crate::stock::Touched = Vec::new();
    let mut moves = Vec::with_capacity(d.lines().len());
    let mut first_costs: Vec<(ProductId, i64)> = Vec::new();
    let (mut net, mut vat, mut on_hand, mut variance) = (0i64, 0i64, 0i64, 0i64);
    for (i, l) in d.lines().iter().enumerate() {
        let product = s
            .products
            .get(&l.product)
            .ok_or_else(|| unknown(&format!("lines[{i}].product_id")))?;
        if !product.tracks_stock {
            return Err(PurchaseError::NotStocked {
                line: i,
                product: l.product,
            });
        }
        let line_net = narrow(div_round(
            i128::from(l.qty) * i128::from(l.unit_cost),
            i128::from(QTY_ONE),
        ))?;
        if line_net == 0 {
            return Err(PurchaseError::InvalidField {
                field: format!("lines[{i}].unit_cost"),
                reason: "quantity × unit cost rounds to nothing".to_owned(),
            });
        }
        let vat_bp = l.vat_bp.unwrap_or(product.vat_bp);
        let line_vat = narrow(div_round(i128::from(line_net) * i128::from(vat_bp), 10_000))?;
        let key = (w, l.product);
        let idx = crate::stock::touch(&mut levels, &s.levels, key);
        let (next, covered) = levels[idx]
            .1
            .receive(l.qty, line_net)
            .map_err(|_| PurchaseError::Overflow)?;
        levels[idx].1 = next;
        let value = line_net
            .checked_sub(covered)
            .ok_or(PurchaseError::Overflow)?;
        moves.push(crate::stock::StockMove {
            warehouse: w,
            product: l.product,
            qty: l.qty,
            value,
        });
        if !product.has_cost && !first_costs.iter().any(|(p, _)| *p == l.product) {
            first_costs.push((l.product, l.unit_cost));
        }
        net = add(net, line_net)?;
        vat = add(vat, line_vat)?;
        on_hand = add(on_hand, value)?;
        variance = add(variance, covered)?;
        lines.push(PurchasedLine {
            product: l.product,
            qty: l.qty,
            unit_cost: l.unit_cost,
            vat_bp,
            net: line_net,
            vat: line_vat,
        });
    }
    let total = add(net, vat)?;
    if total > MAX_AMOUNT {
        return Err(PurchaseError::Overflow);
    }
    let entry = BalancedEntry::new([
        JournalLine::debit(accounts.inventory, on_hand),
        JournalLine::debit(accounts.cogs, variance),
        JournalLine::debit(accounts.vat_input, vat),
        JournalLine::credit(accounts.suppliers, total),
    ])
    .map_err(|_| PurchaseError::Overflow)?;
    Ok(PurchaseEffects {
        lines,
        net,
        vat,
        total,
        stock_moves: moves,
        levels,
        entry,
        first_costs,
    })
}
