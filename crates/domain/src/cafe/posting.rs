//! What the café posts as it happens: a served order charges its bill (Dr open café tabs /
//! Cr revenue, VAT) and, for a stock-tracked item, issues it at cost (Dr COGS / Cr inventory);
//! a stopped play session charges what its plan billed; a payment settles part of a bill
//! (Dr drawer, card clearing or customers / Cr open café tabs), never more than it has open.

use super::bill::Bill;
use super::error::{CafeError, invalid};
use crate::decimal::{MAX_AMOUNT, QTY_ONE, div_round};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::sales::ProductPolicy;
use crate::stock::{IssueError, StockLevel, StockMove};
use crate::{AccountId, ProductId, WarehouseId};

/// The accounts the café posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CafeAccounts {
    pub tabs: AccountId,
    pub revenue: AccountId,
    pub vat: AccountId,
    pub cogs: AccountId,
    pub inventory: AccountId,
}

/// A bill's charge as posted: its net, VAT and cost, the entry, and for a stock-tracked item
/// the stock move and the level it leaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedCharge {
    pub net: i64,
    pub vat: i64,
    pub cost: i64,
    pub entry: BalancedEntry,
    pub stock: Option<(StockMove, StockLevel)>,
}

/// An order line to serve: `qty` thousandths of `product` at `unit_price` (before VAT), from
/// `warehouse`, whose level is `level` for a stock-tracked product.
#[derive(Debug, Clone, Copy)]
pub struct ServedItem<'a> {
    pub product_id: ProductId,
    pub product: &'a ProductPolicy,
    pub qty: i64,
    pub unit_price: i64,
    pub warehouse: WarehouseId,
    pub level: Option<StockLevel>,
}

fn to_i64(v: i128) -> Result<i64, CafeError> {
    i64::try_from(v).map_err(|_| CafeError::Overflow)
}

fn vat_of(net: i64, vat_bp: i64) -> Result<i64, CafeError> {
    to_i64(div_round(i128::from(net) * i128::from(vat_bp), 10_000))
}

fn charge_lines(a: &CafeAccounts, net: i64, vat: i64) -> Vec<JournalLine> {
    let mut lines = vec![
        JournalLine::debit(a.tabs, net + vat),
        JournalLine::credit(a.revenue, net),
    ];
    if vat != 0 {
        lines.push(JournalLine::credit(a.vat, vat));
    }
    lines
}

fn balanced(lines: Vec<JournalLine>) -> Result<BalancedEntry, CafeError> {
    BalancedEntry::new(lines.into_iter().filter(|l| l.amount != 0))
        .map_err(|_| invalid("entry", "the charge does not balance"))
}

/// Serves an order line.
///
/// # Errors
/// `invalid_field` on `qty` or `unit_price` out of range, `insufficient_stock` (with what is
/// available), `product_without_cost`, or `amount_overflow`.
pub fn serve(a: &CafeAccounts, item: &ServedItem<'_>) -> Result<PostedCharge, CafeError> {
    if item.qty <= 0 {
        return Err(invalid("qty", "more than zero"));
    }
    if item.unit_price < 0 {
        return Err(invalid("unit_price", "a price cannot be negative"));
    }
    let net = div_round(
        i128::from(item.qty) * i128::from(item.unit_price),
        i128::from(QTY_ONE),
    );
    if net > i128::from(MAX_AMOUNT) {
        return Err(CafeError::Overflow);
    }
    let net = to_i64(net)?;
    let vat = vat_of(net, item.product.vat_bp)?;
    let mut lines = charge_lines(a, net, vat);
    let (cost, stock) = match (item.product.tracks_stock, item.level) {
        (true, level) => {
            let level = level.unwrap_or_default();
            let (next, cost) = level
                .issue(
                    item.qty,
                    item.product.allow_negative_stock,
                    item.product.cost_price,
                )
                .map_err(|e| match e {
                    IssueError::Insufficient { available } => CafeError::InsufficientStock {
                        product: item.product_id,
                        product_code: item.product.code.clone(),
                        warehouse: item.warehouse,
                        available,
                        requested: item.qty,
                    },
                    IssueError::WithoutCost => CafeError::ProductWithoutCost {
                        product: item.product_id,
                        product_code: item.product.code.clone(),
                    },
                    IssueError::Overflow => CafeError::Overflow,
                })?;
            lines.push(JournalLine::debit(a.cogs, cost));
            lines.push(JournalLine::credit(a.inventory, cost));
            let m = StockMove {
                warehouse: item.warehouse,
                product: item.product_id,
                qty: -item.qty,
                value: -cost,
            };
            (cost, Some((m, next)))
        }
        (false, _) => (0, None),
    };
    Ok(PostedCharge {
        net,
        vat,
        cost,
        entry: balanced(lines)?,
        stock,
    })
}

/// Charges what a stopped play session billed (`amount`, before VAT) at `vat_bp`.
///
/// # Errors
/// `amount_overflow`.
pub fn charge_play(a: &CafeAccounts, amount: i64, vat_bp: i64) -> Result<PostedCharge, CafeError> {
    let vat = vat_of(amount, vat_bp)?;
    Ok(PostedCharge {
        net: amount,
        vat,
        cost: 0,
        entry: balanced(charge_lines(a, amount, vat))?,
        stock: None,
    })
}

/// Pays `amount` of `bill` into `debit` (a drawer, card clearing or the customers' account).
///
/// # Errors
/// `invalid_field` on `amount` for nothing paid, `bill_merged`, or `payment_exceeds_remaining`.
pub fn pay(
    a: &CafeAccounts,
    bill: &Bill,
    amount: i64,
    debit: AccountId,
) -> Result<BalancedEntry, CafeError> {
    if amount <= 0 {
        return Err(invalid("amount", "more than zero"));
    }
    if let Some(into) = &bill.merged_into {
        return Err(CafeError::BillMerged {
            bill: bill.number.clone(),
            into: into.clone(),
        });
    }
    let remaining = bill.remaining();
    if amount > remaining {
        return Err(CafeError::PaymentExceedsRemaining {
            bill: bill.number.clone(),
            remaining,
            requested: amount,
        });
    }
    balanced(vec![
        JournalLine::debit(debit, amount),
        JournalLine::credit(a.tabs, amount),
    ])
}
