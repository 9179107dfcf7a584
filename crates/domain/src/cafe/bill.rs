//! A café bill's arithmetic, and merging and splitting bills so that nothing is lost: a bill
//! holds its charges (served orders, stopped play sessions) and its payments; `remaining` is
//! always `total − paid`; its status (draft, partial, overdue, paid) is computed from them and
//! the clock. A merge moves every charge and payment of one bill into another and closes the
//! first as merged into it, never deleting it; a split moves chosen charges to a new bill.

use super::timing::{CafeError, invalid};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillStatus {
    Draft,
    Partial,
    Overdue,
    Paid,
    Merged,
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

    /// The status at `now_ms`: merged; paid when nothing remains of a total; overdue when
    /// its due time has passed with something unpaid; partial when some is paid; else draft.
    #[must_use]
    pub fn status(&self, now_ms: i64) -> BillStatus {
        if self.merged_into.is_some() {
            BillStatus::Merged
        } else if self.total() > 0 && self.remaining() <= 0 {
            BillStatus::Paid
        } else if self.due_ms.is_some_and(|d| d < now_ms) {
            BillStatus::Overdue
        } else if self.paid() > 0 {
            BillStatus::Partial
        } else {
            BillStatus::Draft
        }
    }

    fn open(&self, field: &str) -> Result<(), CafeError> {
        if self.merged_into.is_some() {
            return Err(invalid(field, "the bill was merged into another"));
        }
        if self.closed {
            return Err(invalid(field, "the bill is closed"));
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
    from.open("from")?;
    into.open("into")?;
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
    bill.open("bill")?;
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
    Ok((left, new))
}
