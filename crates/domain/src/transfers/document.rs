//! The documents: a transfer (from, to, lines) and a stock count (warehouse, counted lines, a
//! reason). Both can only be built valid.

use super::StockMoveError;
use crate::returns::MAX_REASON;
use crate::{ProductId, WarehouseId};

/// Most lines on one transfer or count.
pub const MAX_LINES: usize = 500;

/// One product moved, in thousandths of its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferLine {
    pub product: ProductId,
    pub qty: i64,
}

/// One product counted: what is on the shelf, in thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountLine {
    pub product: ProductId,
    pub counted: i64,
}

fn invalid(field: &str, reason: &str) -> StockMoveError {
    StockMoveError::InvalidField {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

fn lines_ok<T>(lines: &[T], product: impl Fn(&T) -> ProductId) -> Result<(), StockMoveError> {
    if lines.is_empty() || lines.len() > MAX_LINES {
        return Err(invalid("lines", "1 to 500 lines"));
    }
    for (i, l) in lines.iter().enumerate() {
        if lines[..i].iter().any(|o| product(o) == product(l)) {
            return Err(invalid(
                &format!("lines[{i}].product_id"),
                "names a product already on this document",
            ));
        }
    }
    Ok(())
}

fn reason_of(reason: &str) -> Result<String, StockMoveError> {
    let r = reason.trim();
    if r.is_empty() || r.chars().count() > MAX_REASON || r.chars().any(char::is_control) {
        return Err(invalid(
            "reason",
            "1 to 200 characters, no control characters",
        ));
    }
    Ok(r.to_owned())
}

/// A well-formed transfer: two different warehouses, each product once, positive quantities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    from: WarehouseId,
    to: WarehouseId,
    lines: Vec<TransferLine>,
    note: Option<String>,
}

impl Transfer {
    /// # Errors
    /// [`StockMoveError::InvalidField`] naming the first offending field.
    pub fn new(
        from: WarehouseId,
        to: WarehouseId,
        lines: Vec<TransferLine>,
        note: Option<&str>,
    ) -> Result<Self, StockMoveError> {
        if from == to {
            return Err(invalid(
                "to_warehouse_id",
                "must differ from from_warehouse_id",
            ));
        }
        lines_ok(&lines, |l| l.product)?;
        if let Some(i) = lines.iter().position(|l| l.qty <= 0) {
            return Err(invalid(&format!("lines[{i}].quantity"), "must be positive"));
        }
        let note =
            match note.map(str::trim) {
                None | Some("") => None,
                Some(n) => Some(reason_of(n).map_err(|_| {
                    invalid("note", "at most 200 characters, no control characters")
                })?),
            };
        Ok(Self {
            from,
            to,
            lines,
            note,
        })
    }

    #[must_use]
    pub fn from(&self) -> WarehouseId {
        self.from
    }

    #[must_use]
    pub fn to(&self) -> WarehouseId {
        self.to
    }

    #[must_use]
    pub fn lines(&self) -> &[TransferLine] {
        &self.lines
    }

    #[must_use]
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }
}

/// A well-formed stock count: each product once, counts not negative, a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockCount {
    warehouse: WarehouseId,
    lines: Vec<CountLine>,
    reason: String,
}

impl StockCount {
    /// # Errors
    /// [`StockMoveError::InvalidField`] naming the first offending field.
    pub fn new(
        warehouse: WarehouseId,
        lines: Vec<CountLine>,
        reason: &str,
    ) -> Result<Self, StockMoveError> {
        lines_ok(&lines, |l| l.product)?;
        if let Some(i) = lines.iter().position(|l| l.counted < 0) {
            return Err(invalid(
                &format!("lines[{i}].counted"),
                "must not be negative",
            ));
        }
        Ok(Self {
            warehouse,
            lines,
            reason: reason_of(reason)?,
        })
    }

    #[must_use]
    pub fn warehouse(&self) -> WarehouseId {
        self.warehouse
    }

    #[must_use]
    pub fn lines(&self) -> &[CountLine] {
        &self.lines
    }

    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}
