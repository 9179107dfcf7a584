//! The return document: which lines of the sale come back and how many, where the goods go,
//! how the money goes back, and why. A `ReturnDraft` can only be built valid.

use super::ReturnError;
use crate::{CashRegisterId, WarehouseId};

/// One line of the sale to take back: its position on the sale (0-based) and how much.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReturnLine {
    pub line: usize,
    /// Thousandths of the product's unit.
    pub qty: i64,
}

/// Where returned goods go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restock {
    /// Back on hand in this warehouse, at the cost they left with.
    Warehouse(WarehouseId),
    /// Damaged: their cost moves from cost of goods sold to the damaged goods expense.
    WriteOff,
}

/// How the money goes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refund {
    /// Cash out of this register's drawer (its open session's refunds).
    Cash(CashRegisterId),
    Card,
    Bank,
    /// Off what the sale's customer owes.
    Credit,
}

/// Most characters of a return's reason.
pub const MAX_REASON: usize = 200;

/// A well-formed return: at least one line, each line once, positive quantities, a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnDraft {
    lines: Vec<ReturnLine>,
    restock: Restock,
    refund: Refund,
    reason: String,
}

fn invalid(field: &str, reason: &str) -> ReturnError {
    ReturnError::InvalidField {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

impl ReturnDraft {
    /// Validates a return.
    ///
    /// # Errors
    /// [`ReturnError::InvalidField`] naming the first offending field.
    pub fn new(
        lines: Vec<ReturnLine>,
        restock: Restock,
        refund: Refund,
        reason: &str,
    ) -> Result<Self, ReturnError> {
        if lines.is_empty() {
            return Err(invalid("lines", "a return takes back at least one line"));
        }
        for (i, l) in lines.iter().enumerate() {
            if l.qty <= 0 {
                return Err(invalid(&format!("lines[{i}].quantity"), "must be positive"));
            }
            if lines[..i].iter().any(|o| o.line == l.line) {
                return Err(invalid(
                    &format!("lines[{i}].line"),
                    "names a sale line already in this return",
                ));
            }
        }
        let reason = reason.trim();
        if reason.is_empty()
            || reason.chars().count() > MAX_REASON
            || reason.chars().any(char::is_control)
        {
            return Err(invalid(
                "reason",
                "1 to 200 characters, no control characters",
            ));
        }
        Ok(Self {
            lines,
            restock,
            refund,
            reason: reason.to_owned(),
        })
    }

    #[must_use]
    pub fn lines(&self) -> &[ReturnLine] {
        &self.lines
    }

    #[must_use]
    pub fn restock(&self) -> Restock {
        self.restock
    }

    #[must_use]
    pub fn refund(&self) -> Refund {
        self.refund
    }

    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}
