//! Opening stock: quantity received at a stated cost, posted Dr Inventory / Cr Opening balance
//! equity; and the opening balances of customers and suppliers (`balances`), posted against the
//! same equity account.

pub mod balances;

use crate::decimal::{MAX_AMOUNT, QTY_ONE, div_round};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::refusal::{Details, Kind, Refusal, field};
use crate::stock::{StockLevel, StockMove};
use crate::{AccountId, ProductId, WarehouseId};

/// Why opening stock cannot be posted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpeningStockError {
    #[error("{field}: {reason}")]
    InvalidField {
        field: &'static str,
        reason: &'static str,
    },
    #[error("{field} does not exist")]
    UnknownReference { field: &'static str },
    #[error("product does not track stock")]
    NotStocked,
    #[error("amounts are too large")]
    Overflow,
}

impl Refusal for OpeningStockError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::UnknownReference { .. } => "not_found",
            Self::NotStocked => "product_not_stocked",
            Self::Overflow => "amount_overflow",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } | Self::Overflow => Kind::Invalid,
            Self::UnknownReference { .. } => Kind::NotFound,
            Self::NotStocked => Kind::Conflict,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } | Self::UnknownReference { field: f } => field(*f),
            Self::NotStocked => field("product_id"),
            Self::Overflow => Vec::new(),
        }
    }
}

/// The accounts opening stock posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningAccounts {
    pub inventory: AccountId,
    pub opening_equity: AccountId,
    pub cogs: AccountId,
}

/// Effects of an opening stock document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpeningEffects {
    pub value: i64,
    /// Cost variance booked to cost of goods sold when the receipt covers negative stock.
    pub variance: i64,
    pub stock_move: StockMove,
    pub level: StockLevel,
    pub entry: BalancedEntry,
}

/// Posts `qty` (thousandths) of a product at `unit_cost` (minor units per whole unit):
/// Dr Inventory, Cr Opening balance equity; when it covers negative stock, the difference between
/// what the covered units cost and the value they left with goes to cost of goods sold.
///
/// # Errors
/// Non-positive quantity or cost, or amounts out of range.
pub fn post_opening_stock(
    warehouse: WarehouseId,
    product: ProductId,
    qty: i64,
    unit_cost: i64,
    current: StockLevel,
    accounts: OpeningAccounts,
) -> Result<OpeningEffects, OpeningStockError> {
    if qty <= 0 {
        return Err(OpeningStockError::InvalidField {
            field: "quantity",
            reason: "must be positive",
        });
    }
    if unit_cost <= 0 {
        return Err(OpeningStockError::InvalidField {
            field: "unit_cost",
            reason: "must be positive: stock without a cost would post zero cost of goods",
        });
    }
    let value = i64::try_from(div_round(
        i128::from(qty) * i128::from(unit_cost),
        i128::from(QTY_ONE),
    ))
    .map_err(|_| OpeningStockError::Overflow)?;
    if value > MAX_AMOUNT {
        return Err(OpeningStockError::Overflow);
    }
    if value == 0 {
        return Err(OpeningStockError::InvalidField {
            field: "unit_cost",
            reason: "quantity x unit cost rounds to zero: the stock would carry no cost",
        });
    }
    let (level, variance) = current
        .receive(qty, value)
        .map_err(|_| OpeningStockError::Overflow)?;
    let into_stock = value
        .checked_sub(variance)
        .ok_or(OpeningStockError::Overflow)?;
    let entry = BalancedEntry::new([
        JournalLine::debit(accounts.inventory, into_stock),
        JournalLine::debit(accounts.cogs, variance),
        JournalLine::credit(accounts.opening_equity, value),
    ])
    .map_err(|_| OpeningStockError::Overflow)?;
    Ok(OpeningEffects {
        value,
        variance,
        stock_move: StockMove {
            warehouse,
            product,
            qty,
            value: into_stock,
        },
        level,
        entry,
    })
}
