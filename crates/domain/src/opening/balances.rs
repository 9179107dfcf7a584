//! Opening balances of customers and suppliers: what a party owed (or was owed) when the shop
//! started its books here, posted like opening stock against opening balance equity. A
//! customer's is Dr Customers / Cr Opening balance equity; a supplier's, Dr Opening balance
//! equity / Cr Suppliers. The amount is signed from the party's side of the sub-ledger: positive,
//! the customer owes the shop (or the shop owes the supplier); negative, an advance the other way
//! (the customer paid ahead, the shop paid the supplier ahead), posted with the sides swapped.
//! A party has at most one opening balance.

use crate::decimal::MAX_AMOUNT;
use crate::ledger::{BalancedEntry, JournalLine};
use crate::refusal::{Details, Kind, Refusal, field};
use crate::{AccountId, CustomerId, SupplierId};

/// Whose opening balance it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Customer(CustomerId),
    Supplier(SupplierId),
}

impl Party {
    /// `customer` or `supplier`.
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            Self::Customer(_) => "customer",
            Self::Supplier(_) => "supplier",
        }
    }

    /// The party's id.
    #[must_use]
    pub fn id(self) -> i64 {
        match self {
            Self::Customer(c) => c.0,
            Self::Supplier(s) => s.0,
        }
    }
}

/// Why an opening balance cannot be posted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpeningBalanceError {
    #[error("{field}: {reason}")]
    InvalidField {
        field: &'static str,
        reason: &'static str,
    },
    #[error("{field} does not exist")]
    UnknownReference { field: &'static str },
    #[error("this {party} already has an opening balance")]
    Exists { party: &'static str },
}

impl Refusal for OpeningBalanceError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::UnknownReference { .. } => "not_found",
            Self::Exists { .. } => "opening_balance_exists",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } => Kind::Invalid,
            Self::UnknownReference { .. } => Kind::NotFound,
            Self::Exists { .. } => Kind::Conflict,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } | Self::UnknownReference { field: f } => field(*f),
            Self::Exists { party } => vec![("party", (*party).into())],
        }
    }
}

/// A party's opening balance on business day `day` (`YYYYMMDD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningBalance {
    party: Party,
    amount: i64,
    day: i32,
}

impl OpeningBalance {
    /// # Errors
    /// `invalid_field` naming `amount` when it is zero or beyond the largest amount.
    pub fn new(party: Party, amount: i64, day: i32) -> Result<Self, OpeningBalanceError> {
        if amount == 0 {
            return Err(OpeningBalanceError::InvalidField {
                field: "amount",
                reason: "must not be zero",
            });
        }
        if amount.checked_abs().is_none_or(|a| a > MAX_AMOUNT) {
            return Err(OpeningBalanceError::InvalidField {
                field: "amount",
                reason: "is too large",
            });
        }
        Ok(Self { party, amount, day })
    }

    #[must_use]
    pub fn party(&self) -> Party {
        self.party
    }

    /// Positive: the customer owes the shop, or the shop owes the supplier.
    #[must_use]
    pub fn amount(&self) -> i64 {
        self.amount
    }

    #[must_use]
    pub fn day(&self) -> i32 {
        self.day
    }
}

/// The accounts opening balances post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningBalanceAccounts {
    pub customers: AccountId,
    pub suppliers: AccountId,
    pub opening_equity: AccountId,
}

/// What the store knows of the party when it posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartySnapshot {
    pub exists: bool,
    /// The party has an opening balance already.
    pub has_opening_balance: bool,
}

/// Posts an opening balance: the party's control account against opening balance equity, the
/// party's sub-ledger moving by [`OpeningBalance::amount`].
///
/// # Errors
/// An unknown party (`not_found`), or a second opening balance (`opening_balance_exists`).
pub fn post_opening_balance(
    b: &OpeningBalance,
    party: PartySnapshot,
    accounts: OpeningBalanceAccounts,
) -> Result<BalancedEntry, OpeningBalanceError> {
    let (field, control, debit_side) = match b.party {
        Party::Customer(_) => ("customer_id", accounts.customers, b.amount),
        Party::Supplier(_) => ("supplier_id", accounts.suppliers, -b.amount),
    };
    if !party.exists {
        return Err(OpeningBalanceError::UnknownReference { field });
    }
    if party.has_opening_balance {
        return Err(OpeningBalanceError::Exists {
            party: b.party.kind(),
        });
    }
    BalancedEntry::new([
        JournalLine {
            account: control,
            amount: debit_side,
        },
        JournalLine {
            account: accounts.opening_equity,
            amount: -debit_side,
        },
    ])
    .map_err(|_| OpeningBalanceError::InvalidField {
        field: "amount",
        reason: "is too large",
    })
}
