//! The curtain calculator: how many widths of a fabric a track needs at a fullness, how long
//! each width is cut (the drop and hems, rounded up to the pattern repeat), and the metres to
//! cut. Lengths in millimetres; fullness in hundredths (250 = 2.5 times the track).

use super::error::{WorkshopError, invalid};

/// Longest length the calculator takes: 100 m.
pub const MAX_LENGTH: i64 = 100_000;

/// A made-to-measure curtain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Curtain {
    pub track_width: i64,
    pub drop: i64,
    /// Hundredths: 200 is twice the track's width of fabric.
    pub fullness: i64,
    /// Top and bottom hems together.
    pub hems: i64,
    /// The fabric's pattern repeat (0: plain fabric).
    pub pattern_repeat: i64,
}

/// What a curtain takes of a fabric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurtainCut {
    /// Widths of fabric sewn side by side.
    pub widths: i64,
    /// Length of each width as cut.
    pub cut_length: i64,
    /// `widths × cut_length`.
    pub length: i64,
}

fn within(field: &str, v: i64, min: i64, max: i64) -> Result<i64, WorkshopError> {
    if (min..=max).contains(&v) {
        Ok(v)
    } else {
        Err(invalid(field, &format!("between {min} and {max}")))
    }
}

/// `n ÷ d` rounded up, for `n ≥ 0` and `d > 0`.
fn ceil_div(n: i64, d: i64) -> i64 {
    (n + d - 1) / d
}

impl Curtain {
    /// What the curtain takes of a fabric `fabric_width` wide:
    /// widths = ⌈track width × fullness ÷ fabric width⌉, cut length = drop + hems rounded up to
    /// the pattern repeat, length = widths × cut length.
    ///
    /// # Errors
    /// `invalid_field` naming a measure out of range (every length 1 mm to 100 m, hems and
    /// repeat from 0, fullness 1 to 5 times).
    pub fn cut(self, fabric_width: i64) -> Result<CurtainCut, WorkshopError> {
        let track = within("track_width", self.track_width, 1, MAX_LENGTH)?;
        let drop = within("drop", self.drop, 1, MAX_LENGTH)?;
        let fullness = within("fullness", self.fullness, 100, 500)?;
        let hems = within("hems", self.hems, 0, MAX_LENGTH)?;
        let repeat = within("pattern_repeat", self.pattern_repeat, 0, MAX_LENGTH)?;
        let fabric = within("fabric_width", fabric_width, 1, MAX_LENGTH)?;
        let widths = ceil_div(track * fullness, fabric * 100);
        let plain = drop + hems;
        let cut_length = if repeat == 0 {
            plain
        } else {
            ceil_div(plain, repeat) * repeat
        };
        Ok(CurtainCut {
            widths,
            cut_length,
            length: widths * cut_length,
        })
    }
}
