//! The purchase documents: a receipt (supplier, warehouse, the supplier's own invoice number,
//! lines at their unit cost) and a return of some of a receipt's lines. Both can only be built
//! valid.

use super::PurchaseError;
use crate::returns::{MAX_REASON, ReturnLine};
use crate::workshop::{NewRoll, rolls_make_up};
use crate::{ProductId, SupplierId, WarehouseId};

/// Most lines on one purchase.
pub const MAX_LINES: usize = 500;
/// Most characters of the supplier's reference (their invoice number).
pub const MAX_REF: usize = 60;

/// One line of a receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchaseLine {
    pub product: ProductId,
    /// Thousandths of the product's unit.
    pub qty: i64,
    /// Minor units per whole unit, before VAT.
    pub unit_cost: i64,
    /// Input VAT rate in basis points; `None`: the product's own rate.
    pub vat_bp: Option<i64>,
}

/// A well-formed receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseDraft {
    supplier: SupplierId,
    warehouse: WarehouseId,
    supplier_ref: Option<String>,
    lines: Vec<PurchaseLine>,
    /// The rolls each line brings in (a fabric kept in rolls), by line.
    rolls: Vec<Vec<NewRoll>>,
}

fn invalid(field: &str, reason: &str) -> PurchaseError {
    PurchaseError::InvalidField {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

/// A free text of 1 to `max` characters without control characters, trimmed.
fn text(value: &str, name: &str, max: usize) -> Result<String, PurchaseError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(invalid(
            name,
            &format!("1 to {max} characters, no control characters"),
        ));
    }
    Ok(value.to_owned())
}

impl PurchaseDraft {
    /// Validates a receipt.
    ///
    /// # Errors
    /// [`PurchaseError::InvalidField`] naming the first offending field.
    pub fn new(
        supplier: SupplierId,
        warehouse: WarehouseId,
        supplier_ref: Option<&str>,
        lines: Vec<PurchaseLine>,
    ) -> Result<Self, PurchaseError> {
        if lines.is_empty() || lines.len() > MAX_LINES {
            return Err(invalid("lines", "a purchase has 1 to 500 lines"));
        }
        for (i, l) in lines.iter().enumerate() {
            if l.qty <= 0 {
                return Err(invalid(&format!("lines[{i}].quantity"), "must be positive"));
            }
            if l.unit_cost <= 0 {
                return Err(invalid(
                    &format!("lines[{i}].unit_cost"),
                    "must be positive",
                ));
            }
            if l.vat_bp.is_some_and(|v| !(0..=10_000).contains(&v)) {
                return Err(invalid(
                    &format!("lines[{i}].vat_rate"),
                    "must be between 0 and 100",
                ));
            }
        }
        let supplier_ref = supplier_ref
            .map(|r| text(r, "supplier_ref", MAX_REF))
            .transpose()?;
        Ok(Self {
            supplier,
            warehouse,
            supplier_ref,
            lines,
            rolls: Vec::new(),
        })
    }

    /// Names the rolls lines bring in (a fabric kept in rolls), by line; an empty list, or a
    /// line past the end, names none (the line comes in as one roll).
    ///
    /// # Errors
    /// `invalid_field` (`lines[i].rolls`) for rolls that do not add up to the line's quantity,
    /// or (`lines`) for more lists than lines.
    pub fn with_rolls(mut self, rolls: Vec<Vec<NewRoll>>) -> Result<Self, PurchaseError> {
        if rolls.len() > self.lines.len() {
            return Err(invalid("lines", "more lists of rolls than lines"));
        }
        for (i, (l, r)) in self.lines.iter().zip(&rolls).enumerate() {
            if !r.is_empty() && rolls_make_up(r, l.qty).is_err() {
                return Err(invalid(
                    &format!("lines[{i}].rolls"),
                    "the rolls must add up to the line's quantity",
                ));
            }
        }
        self.rolls = rolls;
        Ok(self)
    }

    /// The rolls line `i` names (none by default).
    #[must_use]
    pub fn rolls(&self, i: usize) -> &[NewRoll] {
        self.rolls.get(i).map_or(&[], Vec::as_slice)
    }

    #[must_use]
    pub fn supplier(&self) -> SupplierId {
        self.supplier
    }

    #[must_use]
    pub fn warehouse(&self) -> WarehouseId {
        self.warehouse
    }

    #[must_use]
    pub fn supplier_ref(&self) -> Option<&str> {
        self.supplier_ref.as_deref()
    }

    #[must_use]
    pub fn lines(&self) -> &[PurchaseLine] {
        &self.lines
    }
}

/// A well-formed purchase return: at least one line of the receipt, each once, positive
/// quantities, a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseReturnDraft {
    lines: Vec<ReturnLine>,
    reason: String,
}

impl PurchaseReturnDraft {
    /// Validates a purchase return.
    ///
    /// # Errors
    /// [`PurchaseError::InvalidField`] naming the first offending field.
    pub fn new(lines: Vec<ReturnLine>, reason: &str) -> Result<Self, PurchaseError> {
        if lines.is_empty() || lines.len() > MAX_LINES {
            return Err(invalid("lines", "a return takes back 1 to 500 lines"));
        }
        for (i, l) in lines.iter().enumerate() {
            if l.qty <= 0 {
                return Err(invalid(&format!("lines[{i}].quantity"), "must be positive"));
            }
            if lines[..i].iter().any(|o| o.line == l.line) {
                return Err(invalid(
                    &format!("lines[{i}].line"),
                    "names a purchase line already in this return",
                ));
            }
        }
        Ok(Self {
            lines,
            reason: text(reason, "reason", MAX_REASON)?,
        })
    }

    #[must_use]
    pub fn lines(&self) -> &[ReturnLine] {
        &self.lines
    }

    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}
