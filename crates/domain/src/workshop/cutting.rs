//! A cutting item's states (pending → reserved → cut, or cancelled) and what each step does to
//! a fabric's stock in one warehouse: reserving holds length out of what is available (on hand
//! − reserved); cutting takes it off a roll and out of stock at the moving-average cost into
//! work in progress (or the account a cutting order for the shop's own use names), in one
//! entry; cancelling releases a reservation, or puts a cut back on its roll at the value it
//! left with. Repeating a step that was done answers it again and changes nothing.

use super::error::WorkshopError;
use super::rolls::RollCut;
use crate::ledger::{BalancedEntry, JournalLine};
use crate::stock::{IssueError, StockLevel};
use crate::{AccountId, ProductId, WarehouseId};

/// Where a cutting item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    Pending,
    Reserved,
    Cut,
    Cancelled,
}

/// What is asked of a cutting item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Reserve,
    Cut,
    Cancel,
}

/// What an action does to an item: it moves to a new state, or it was done already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Move(ItemState),
    Repeat,
}

impl ItemState {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Reserved => "reserved",
            Self::Cut => "cut",
            Self::Cancelled => "cancelled",
        }
    }

    /// # Errors
    /// `invalid_field` (`status`) for a state that is none of them.
    pub fn parse(s: &str) -> Result<Self, WorkshopError> {
        Ok(match s {
            "pending" => Self::Pending,
            "reserved" => Self::Reserved,
            "cut" => Self::Cut,
            "cancelled" => Self::Cancelled,
            _ => return Err(super::error::invalid("status", "not a cutting item state")),
        })
    }

    /// What `action` does from this state. An item is reserved before it is cut; anything but
    /// a cancelled item can be cancelled; repeating the step that brought it here repeats.
    ///
    /// # Errors
    /// `cutting_item_state` naming the state and the action.
    pub fn step(self, action: Action) -> Result<Step, WorkshopError> {
        use {Action as A, ItemState as S};
        Ok(match (self, action) {
            (S::Pending, A::Reserve) => Step::Move(S::Reserved),
            (S::Reserved, A::Cut) => Step::Move(S::Cut),
            (S::Pending | S::Reserved | S::Cut, A::Cancel) => Step::Move(S::Cancelled),
            (S::Reserved, A::Reserve) | (S::Cut, A::Cut) | (S::Cancelled, A::Cancel) => {
                Step::Repeat
            }
            (state, action) => {
                return Err(WorkshopError::ItemState {
                    state: state.as_str(),
                    action: match action {
                        A::Reserve => "reserved",
                        A::Cut => "cut",
                        A::Cancel => "cancelled",
                    },
                });
            }
        })
    }
}

/// The accounts a cut posts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkshopAccounts {
    pub inventory: AccountId,
    /// Work in progress, or the account a cutting order for the shop's own use names.
    pub charge_to: AccountId,
}

/// A fabric in one warehouse: its level (on hand, value) and what cutting items reserve of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FabricStock {
    pub level: StockLevel,
    pub reserved: i64,
}

/// Which fabric in which warehouse, for refusals.
#[derive(Debug, Clone, Copy)]
pub struct Fabric<'a> {
    pub product: ProductId,
    pub code: &'a str,
    pub warehouse: WarehouseId,
}

/// A cut as posted: the roll it left, the value it took, the stock after it and its entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutTaken {
    pub roll: RollCut,
    pub value: i64,
    pub stock: FabricStock,
    /// `None` when the fabric had no value to move.
    pub entry: Option<BalancedEntry>,
}

fn entry(
    debit: AccountId,
    credit: AccountId,
    value: i64,
) -> Result<Option<BalancedEntry>, WorkshopError> {
    if value == 0 {
        return Ok(None);
    }
    BalancedEntry::new([
        JournalLine::debit(debit, value),
        JournalLine::credit(credit, value),
    ])
    .map(Some)
    .map_err(|_| WorkshopError::Overflow)
}

impl FabricStock {
    /// What cutting items can still reserve: on hand − reserved.
    #[must_use]
    pub fn available(self) -> i64 {
        (self.level.qty - self.reserved).max(0)
    }

    /// Holds `length` (> 0) for a cutting item.
    ///
    /// # Errors
    /// `insufficient_stock` naming the fabric, the warehouse, what is available and `length`.
    pub fn reserve(self, f: Fabric<'_>, length: i64) -> Result<Self, WorkshopError> {
        if length <= 0 || length > self.available() {
            return Err(WorkshopError::InsufficientStock {
                product: f.product,
                product_code: f.code.to_owned(),
                warehouse: f.warehouse,
                available: self.available(),
                requested: length,
            });
        }
        Ok(Self {
            reserved: self.reserved + length,
            ..self
        })
    }

    /// Lets go of a reservation of `length`.
    #[must_use]
    pub fn release(self, length: i64) -> Self {
        Self {
            reserved: (self.reserved - length).max(0),
            ..self
        }
    }

    /// Cuts a reserved item: `cut` off its roll, out of stock at the average cost, Dr the
    /// item's account / Cr inventory.
    ///
    /// # Errors
    /// `insufficient_stock` when on hand is short of the cut, or `amount_overflow`.
    pub fn cut(
        self,
        f: Fabric<'_>,
        a: &WorkshopAccounts,
        roll: RollCut,
    ) -> Result<CutTaken, WorkshopError> {
        let (level, value) = self
            .level
            .issue(roll.length, false, None)
            .map_err(|e| match e {
                IssueError::Insufficient { available } => WorkshopError::InsufficientStock {
                    product: f.product,
                    product_code: f.code.to_owned(),
                    warehouse: f.warehouse,
                    available,
                    requested: roll.length,
                },
                IssueError::WithoutCost | IssueError::Overflow => WorkshopError::Overflow,
            })?;
        Ok(CutTaken {
            roll,
            value,
            stock: Self {
                level,
                reserved: (self.reserved - roll.length).max(0),
            },
            entry: entry(a.charge_to, a.inventory, value)?,
        })
    }

    /// Cancels a cut: its length back in stock at the `value` it took, Dr inventory / Cr the
    /// item's account; the stock after it and the entry.
    ///
    /// # Errors
    /// `amount_overflow`.
    pub fn uncut(
        self,
        a: &WorkshopAccounts,
        length: i64,
        value: i64,
    ) -> Result<(Self, Option<BalancedEntry>), WorkshopError> {
        let (level, variance) = self
            .level
            .receive(length, value)
            .map_err(|_| WorkshopError::Overflow)?;
        debug_assert_eq!(variance, 0, "a fabric's stock never goes below zero");
        Ok((
            Self { level, ..self },
            entry(a.inventory, a.charge_to, value)?,
        ))
    }
}
