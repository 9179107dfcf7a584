//! A café bill's arithmetic, and merging and splitting bills so that nothing is lost: a bill
//! holds its charges (served orders, stopped play sessions) and its payments; `remaining` is
//! always `total − paid`; its status (draft, partial, overdue, paid) is computed from them and
//! the clock. A merge moves every charge and payment of one bill into another and closes the
//! first as merged into it, never deleting it; a split moves chosen charges to a new bill.

use super::error::{CafeError, invalid};

/// What a bill charges for: an order line or a play session, by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    pub id: i64,
    pub net: i64,
    pub vat: i64,
}

/// A bill's state as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bill {
    pub number: String,
    pub charges: Vec<Charge>,
    /// Payments by id and amount (minor units).
    pub payments: Vec<(i64, i64)>,
    /// A tab kept open for a regular is due at this moment.
    pub due_ms: Option<i64>,
    pub notes: Vec<String>,
    /// The bill this one was merged into.
    pub merged_into: Option<String>,
    /// Settled and closed: nothing more may join or leave it.
    pub closed: bool,
}

/// Where a bill stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BillStatus {
    Draft,
    Partial,
    Overdue,
    Paid,
    Merged,
}

impl BillStatus {
    /// Where a bill with these figures stands at `now_ms`: merged; paid when nothing remains
    /// of a total; overdue when its due time has passed with something unpaid; partial when
    /// some is paid; else draft.
    #[must_use]
    pub fn of(total: i64, paid: i64, due_ms: Option<i64>, merged: bool, now_ms: i64) -> Self {
        if merged {
            Self::Merged
        } else if total > 0 && total - paid <= 0 {
            Self::Paid
        } else if due_ms.is_some_and(|d| d < now_ms) {
            Self::Overdue
        } else if paid > 0 {
            Self::Partial
        } else {
            Self::Draft
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Partial => "partial",
            Self::Overdue => "overdue",
            Self::Paid => "paid",
            Self::Merged => "merged",
        }
    }
}

impl Bill {
    #[must_use]
    pub fn total(&self) -> i64 {
        self.charges.iter().map(|c| c.net + c.vat).sum()
    }

    #[must_use]
    pub fn paid(&self) -> i64 {
        self.payments.iter().map(|p| p.1).sum()
    }

    #[must_use]
    pub fn remaining(&self) -> i64 {
        self.total() - self.paid()
    }

    /// The status at `now_ms` (see [`BillStatus::of`]).
    #[must_use]
    pub fn status(&self, now_ms: i64) -> BillStatus {
        BillStatus::of(
            self.total(),
            self.paid(),
            self.due_ms,
            self.merged_into.is_some(),
            now_ms,
        )
    }

    /// Refuses a bill that was merged into another (`bill_merged`) or settled and closed
    /// (`bill_closed`): nothing may join or leave it.
    ///
    /// # Errors
    /// As above.
    pub fn ensure_open(&self) -> Result<(), CafeError> {
        if let Some(into) = &self.merged_into {
            return Err(CafeError::BillMerged {
                bill: self.number.clone(),
                into: into.clone(),
            });
        }
        if self.closed {
            return Err(CafeError::BillClosed {
                bill: self.number.clone(),
            });
        }
        Ok(())
    }
}

/// Merges bill `from` into bill `into`: every charge and payment moves, `into`'s notes record
/// `[merged bill …]` and carry `from`'s notes as `[from …]: …`, and `from` is left empty,
/// merged into `into` (its history is the caller's to keep). Returns (`into`, `from`) after.
///
/// # Errors
/// `invalid_field` on `from` or `into` for a bill already merged or closed, or the same bill.
pub fn merge(from: &Bill, into: &Bill) -> Result<(Bill, Bill), CafeError> {
    from.ensure_open()?;
    into.ensure_open()?;
    if from.number == into.number {
        return Err(invalid("into", "a bill cannot merge into itself"));
    }
    let mut to = into.clone();
    to.charges.extend(from.charges.iter().cloned());
    to.payments.extend(from.payments.iter().copied());
    to.notes.push(format!("[merged bill {}]", from.number));
    to.notes.extend(
        from.notes
            .iter()
            .map(|n| format!("[from {}]: {n}", from.number)),
    );
    let closed = Bill {
        number: from.number.clone(),
        notes: from.notes.clone(),
        due_ms: from.due_ms,
        merged_into: Some(into.number.clone()),
        ..Bill::default()
    };
    Ok((to, closed))
}

/// Splits the charges `ids` of `bill` off into a new bill numbered `number`; the payments stay.
/// Returns (`bill`, the new bill) after.
///
/// # Errors
/// `invalid_field` on `ids` for none chosen, all of them, or one the bill does not hold; on
/// `bill` for a bill merged or closed, or one whose payments would then exceed what it keeps.
pub fn split(bill: &Bill, ids: &[i64], number: &str) -> Result<(Bill, Bill), CafeError> {
    bill.ensure_open()?;
    if ids.is_empty()
        || ids
            .iter()
            .any(|id| !bill.charges.iter().any(|c| c.id == *id))
    {
        return Err(invalid("ids", "charges the bill holds"));
    }
    let (moved, kept): (Vec<Charge>, Vec<Charge>) = bill
        .charges
        .iter()
        .cloned()
        .partition(|c| ids.contains(&c.id));
    if kept.is_empty() {
        return Err(invalid("ids", "a split leaves something on the bill"));
    }
    let left = Bill {
        charges: kept,
        ..bill.clone()
    };
    if left.remaining() < 0 {
        return Err(invalid(
            "bill",
            "what was paid exceeds what the bill would keep",
        ));
    }
    let new = Bill {
        number: number.to_owned(),
        charges: moved,
        notes: vec![format!("[split from {}]", bill.number)],
        ..Bill::default()
    };
    if new.total() < 0 {
        return Err(invalid("ids", "a split cannot move less than nothing"));
    }
    Ok((left, new))
}

/// Splits `amount` of what `bill` has open off into a new bill numbered `number`: the bill
/// keeps a transfer charge of `-amount`, the new one a transfer charge of `amount` (no VAT:
/// the VAT stays on the charges it was posted with). Returns (`bill`, the new bill) after.
///
/// # Errors
/// `invalid_field` on `amount` for nothing or more than is open; `bill_merged`, `bill_closed`.
pub fn split_amount(bill: &Bill, amount: i64, number: &str) -> Result<(Bill, Bill), CafeError> {
    bill.ensure_open()?;
    if amount <= 0 || amount > bill.remaining() {
        return Err(invalid("amount", "more than zero and at most what is open"));
    }
    let mut left = bill.clone();
    left.charges.push(Charge {
        id: 0,
        net: -amount,
        vat: 0,
    });
    let new = Bill {
        number: number.to_owned(),
        charges: vec![Charge {
            id: 0,
            net: amount,
            vat: 0,
        }],
        notes: vec![format!("[split from {}]", bill.number)],
        ..Bill::default()
    };
    Ok((left, new))
}
