//! Rolls of a fabric in a warehouse: which roll a cut comes from (the one named, or the
//! shortest that holds the cut in one piece, so offcuts are used up first), what is left of it,
//! and whether that is an offcut (below the tenant's minimum useful length). A cancelled cut
//! puts its length back on its roll.

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
