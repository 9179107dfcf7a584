//! Rolls of a fabric in a warehouse: which roll a cut comes from (the one named, or the
//! shortest that holds the cut in one piece, so offcuts are used up first), what is left of it,
//! and whether that is an offcut (below the tenant's minimum useful length). A cancelled cut
//! puts its length back on its roll. Rolls come in with a label, a length and a width, and
//! the rolls of a receipt add up to what it received.

use super::error::{WorkshopError, invalid};
use crate::WarehouseId;

/// A roll as it stands: its id and label, the length left, and whether it is an offcut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roll {
    pub id: i64,
    pub label: String,
    pub remaining: i64,
    pub offcut: bool,
}

/// A roll as it comes in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRoll {
    pub label: String,
    /// Thousandths of a metre.
    pub length: i64,
    pub width_mm: Option<i64>,
}

impl NewRoll {
    /// # Errors
    /// `invalid_field` naming `label` (empty or longer than 60), `length` or `width_mm`.
    pub fn new(label: &str, length: i64, width_mm: Option<i64>) -> Result<Self, WorkshopError> {
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 60 {
            return Err(invalid(
                "label",
                "a roll needs a label of 1 to 60 characters",
            ));
        }
        if length <= 0 {
            return Err(invalid("length", "a roll's length must be above zero"));
        }
        if width_mm.is_some_and(|w| w <= 0) {
            return Err(invalid("width_mm", "a roll's width must be above zero"));
        }
        Ok(Self {
            label: label.to_owned(),
            length,
            width_mm,
        })
    }
}

/// Whether a product may be kept in rolls: a fabric sold by the metre whose stock is tracked
/// and never goes below zero (a roll cannot hold less than nothing).
///
/// # Errors
/// `invalid_field` naming `unit`, `tracks_stock` or `allow_negative_stock`.
pub fn may_keep_in_rolls(
    unit: &str,
    tracks_stock: bool,
    allow_negative_stock: bool,
) -> Result<(), WorkshopError> {
    if !matches!(unit.trim().to_lowercase().as_str(), "m" | "metre" | "meter") {
        return Err(invalid(
            "unit",
            "a fabric kept in rolls is sold by the metre (m)",
        ));
    }
    if !tracks_stock {
        return Err(invalid(
            "tracks_stock",
            "a fabric kept in rolls tracks its stock",
        ));
    }
    if allow_negative_stock {
        return Err(invalid(
            "allow_negative_stock",
            "a fabric kept in rolls never goes below zero",
        ));
    }
    Ok(())
}

/// Checks that the rolls of a receipt add up to the quantity received.
///
/// # Errors
/// `invalid_field` (`rolls`) when they do not.
pub fn rolls_make_up(rolls: &[NewRoll], qty: i64) -> Result<(), WorkshopError> {
    let total: i128 = rolls.iter().map(|r| i128::from(r.length)).sum();
    if total == i128::from(qty) {
        Ok(())
    } else {
        Err(WorkshopError::InvalidField {
            field: "rolls".into(),
            reason: format!("the rolls add up to {total}, the quantity is {qty} (thousandths)"),
        })
    }
}

/// Checks the rolls a receipt names: a fabric kept in rolls comes in as rolls that add up to
/// the quantity; any other product comes in without rolls.
///
/// # Errors
/// `kept_in_rolls` when a fabric kept in rolls comes without them, `not_kept_in_rolls` for rolls
/// of another product, `invalid_field` (`rolls`) when they do not add up.
pub fn receipt_rolls(
    product_code: &str,
    in_rolls: bool,
    rolls: &[NewRoll],
    qty: i64,
) -> Result<(), WorkshopError> {
    match (in_rolls, rolls.is_empty()) {
        (true, true) => Err(WorkshopError::KeptInRolls {
            product_code: product_code.to_owned(),
            reason: "receive it as rolls that add up to the quantity",
        }),
        (false, false) => Err(WorkshopError::NotInRolls {
            product_code: product_code.to_owned(),
        }),
        (true, false) => rolls_make_up(rolls, qty),
        (false, true) => Ok(()),
    }
}

/// Takes `length` off one of `rolls` (as [`choose_roll`] picks it) and leaves that roll as
/// the cut leaves it.
///
/// # Errors
/// As [`choose_roll`].
pub fn take(
    rolls: &mut [Roll],
    length: i64,
    preferred: Option<i64>,
    fabric: (&str, WarehouseId),
    min_useful: i64,
) -> Result<RollCut, WorkshopError> {
    let id = choose_roll(rolls, length, preferred, fabric.0, fabric.1)?.id;
    let roll = rolls
        .iter_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| invalid("roll_id", "not a roll of this fabric in this warehouse"))?;
    let cut = roll.cut(length, min_useful);
    roll.remaining = cut.remaining;
    roll.offcut = cut.offcut;
    Ok(cut)
}

/// What a cut left of its roll, and what the roll was before (for a cancel to restore).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RollCut {
    pub roll: i64,
    pub length: i64,
    pub remaining: i64,
    pub offcut: bool,
    pub was_offcut: bool,
}

/// The roll `length` is cut from: `preferred` when named (it must hold the length), else the
/// shortest roll that holds it (the lowest id among equals).
///
/// # Errors
/// `invalid_field` (`roll_id`) for a roll not among `rolls`; `roll_too_short` for a named roll
/// with less left; `no_roll_long_enough` naming the longest piece there is.
pub fn choose_roll<'a>(
    rolls: &'a [Roll],
    length: i64,
    preferred: Option<i64>,
    product_code: &str,
    warehouse: WarehouseId,
) -> Result<&'a Roll, WorkshopError> {
    if let Some(id) = preferred {
        let roll = rolls
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| invalid("roll_id", "not a roll of this fabric in this warehouse"))?;
        if roll.remaining < length {
            return Err(WorkshopError::RollTooShort {
                roll: roll.label.clone(),
                remaining: roll.remaining,
                requested: length,
            });
        }
        return Ok(roll);
    }
    rolls
        .iter()
        .filter(|r| r.remaining >= length)
        .min_by_key(|r| (r.remaining, r.id))
        .ok_or_else(|| WorkshopError::NoRollLongEnough {
            product_code: product_code.to_owned(),
            warehouse,
            longest: rolls.iter().map(|r| r.remaining).max().unwrap_or(0).max(0),
            requested: length,
        })
}

impl Roll {
    /// Cuts `length` (> 0, at most what is left) off the roll; what is left below
    /// `min_useful` (and above nothing) is an offcut, and an offcut stays one.
    #[must_use]
    pub fn cut(&self, length: i64, min_useful: i64) -> RollCut {
        debug_assert!(length > 0 && length <= self.remaining);
        let remaining = self.remaining - length;
        RollCut {
            roll: self.id,
            length,
            remaining,
            offcut: self.offcut || (remaining > 0 && remaining < min_useful),
            was_offcut: self.offcut,
        }
    }

    /// `cut` (taken from this roll) put back: its length returns; the roll is an offcut again
    /// only if it was one before the cut, or a later cut left it one and it is still short of
    /// `min_useful`.
    #[must_use]
    pub fn uncut(&self, cut: &RollCut, min_useful: i64) -> Self {
        debug_assert_eq!(cut.roll, self.id);
        let remaining = self.remaining + cut.length;
        Self {
            remaining,
            offcut: cut.was_offcut || (self.offcut && remaining < min_useful),
            ..self.clone()
        }
    }
}
