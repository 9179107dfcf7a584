//! `StockLevel`: quantity (thousandths) and value (minor units) of one product in one warehouse.
//! An issue of `q` out of `qty` takes `round(value * q / qty)`, so value reaches exactly 0 when
//! quantity does, and the inventory account always equals the sum of stock values.

use crate::decimal::{QTY_ONE, div_round};
use crate::{ProductId, WarehouseId};

/// On-hand quantity and value of one product in one warehouse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StockLevel {
    pub qty: i64,
    pub value: i64,
}

/// A change of one stock level caused by a document (negative = outflow).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StockMove {
    pub warehouse: WarehouseId,
    pub product: ProductId,
    pub qty: i64,
    pub value: i64,
}

/// Why stock cannot be issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueError {
    Insufficient { available: i64 },
    WithoutCost,
    Overflow,
}

impl StockLevel {
    /// The average cost of one unit (1,000 thousandths) in minor units, rounded half away from
    /// zero; `None` when nothing is on hand.
    #[must_use]
    pub fn unit_cost(self) -> Option<i64> {
        if self.qty <= 0 {
            return None;
        }
        i64::try_from(crate::decimal::div_round(
            i128::from(self.value) * 1_000,
            i128::from(self.qty),
        ))
        .ok()
    }

    /// Receives `qty` (> 0) at total `value`; returns the new level and the cost variance.
    ///
    /// Into a negative level (stock sold before it arrived, at an estimated cost), the units that
    /// cover the shortfall enter at the value they left with; the difference to what they really
    /// cost is the variance, to be booked to cost of goods sold (positive = cost more than
    /// estimated). So value still reaches exactly 0 when quantity does.
    ///
    /// # Errors
    /// `IssueError::Overflow` when the result does not fit.
    pub fn receive(self, qty: i64, value: i64) -> Result<(Self, i64), IssueError> {
        debug_assert!(qty > 0);
        let variance = if self.qty < 0 {
            let short = -i128::from(self.qty);
            let covered = i128::from(qty).min(short);
            let left_with = if covered == short {
                -i128::from(self.value)
            } else {
                div_round(-i128::from(self.value) * covered, short)
            };
            let cost = if covered == i128::from(qty) {
                i128::from(value)
            } else {
                div_round(i128::from(value) * covered, i128::from(qty))
            };
            i64::try_from(cost - left_with).map_err(|_| IssueError::Overflow)?
        } else {
            0
        };
        let next = Self {
            qty: self.qty.checked_add(qty).ok_or(IssueError::Overflow)?,
            value: self
                .value
                .checked_add(value)
                .and_then(|v| v.checked_sub(variance))
                .ok_or(IssueError::Overflow)?,
        };
        Ok((next, variance))
    }

    /// Issues `q` (> 0) and returns the new level and the cost taken out.
    ///
    /// With enough on hand the cost is the moving average share `round(value * q / qty)`. When
    /// negative stock is allowed and `q` exceeds what is on hand, the on-hand part leaves at its
    /// value and the excess at `fallback_unit_cost` (minor units per whole unit), or the current
    /// average when there is none; with neither, the issue is refused rather than booked at a
    /// silent zero cost. (Every receipt carries a positive value; what is left of it after
    /// rounded issues may reach 0 before the quantity does, and then the rest leaves at 0 —
    /// the total taken out still equals exactly the total received.)
    ///
    /// # Errors
    /// `Insufficient` (with what is available), `WithoutCost`, or `Overflow`.
    pub fn issue(
        self,
        q: i64,
        allow_negative: bool,
        fallback_unit_cost: Option<i64>,
    ) -> Result<(Self, i64), IssueError> {
        debug_assert!(q > 0);
        let cost = if q <= self.qty {
            let share = if q == self.qty {
                i128::from(self.value)
            } else {
                div_round(i128::from(self.value) * i128::from(q), i128::from(self.qty))
            };
            i64::try_from(share).map_err(|_| IssueError::Overflow)?
        } else {
            if !allow_negative {
                return Err(IssueError::Insufficient {
                    available: self.qty.max(0),
                });
            }
            let on_hand = self.qty.max(0);
            let on_hand_value = if on_hand > 0 { self.value } else { 0 };
            let unit_cost = match fallback_unit_cost {
                Some(c) if c > 0 => i128::from(c),
                _ if on_hand > 0 && self.value > 0 => div_round(
                    i128::from(self.value) * i128::from(QTY_ONE),
                    i128::from(on_hand),
                ),
                _ => return Err(IssueError::WithoutCost),
            };
            let excess_value = div_round(i128::from(q - on_hand) * unit_cost, i128::from(QTY_ONE));
            i64::try_from(i128::from(on_hand_value) + excess_value)
                .map_err(|_| IssueError::Overflow)?
        };
        let next = Self {
            qty: self.qty.checked_sub(q).ok_or(IssueError::Overflow)?,
            value: self.value.checked_sub(cost).ok_or(IssueError::Overflow)?,
        };
        Ok((next, cost))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_cost_is_the_average_rounded_and_none_without_stock() {
        let l = |qty, value| StockLevel { qty, value };
        assert_eq!(l(3_000, 1_000).unit_cost(), Some(333));
        assert_eq!(l(3_000, 2_000).unit_cost(), Some(667));
        assert_eq!(l(1_500, 4_500).unit_cost(), Some(3_000), "1.5 m at 45.00");
        assert_eq!(l(0, 0).unit_cost(), None);
        assert_eq!(l(-1_000, -500).unit_cost(), None);
    }

    #[test]
    fn issuing_everything_takes_the_whole_value() {
        let l = StockLevel {
            qty: 3000,
            value: 1000,
        };
        let (l, c1) = l.issue(1000, false, None).unwrap();
        let (l, c2) = l.issue(1000, false, None).unwrap();
        let (l, c3) = l.issue(1000, false, None).unwrap();
        assert_eq!((c1, c2, c3), (333, 334, 333));
        assert_eq!(l, StockLevel::default());
    }

    #[test]
    fn issuing_more_than_on_hand_is_refused_with_what_is_available() {
        let l = StockLevel {
            qty: 2000,
            value: 500,
        };
        assert_eq!(
            l.issue(2001, false, None),
            Err(IssueError::Insufficient { available: 2000 })
        );
    }

    #[test]
    fn a_receipt_that_covers_negative_stock_books_the_difference_as_variance() {
        let short = StockLevel {
            qty: -2000,
            value: -500,
        };
        // 2 units that left at 2.50 each really cost 4.00 each: 3.00 more.
        let (level, variance) = short.receive(2000, 800).unwrap();
        assert_eq!((level, variance), (StockLevel::default(), 300));
        // 3 units at 4.00 cover the 2 short and leave one at 4.00.
        let (level, variance) = short.receive(3000, 1200).unwrap();
        assert_eq!(
            (level, variance),
            (
                StockLevel {
                    qty: 1000,
                    value: 400
                },
                300
            )
        );
        let (level, variance) = StockLevel {
            qty: 1000,
            value: 10,
        }
        .receive(1000, 30)
        .unwrap();
        assert_eq!(
            (level, variance),
            (
                StockLevel {
                    qty: 2000,
                    value: 40
                },
                0
            )
        );
    }

    #[test]
    fn negative_stock_uses_the_fallback_cost_and_refuses_a_zero_cost() {
        let l = StockLevel::default();
        assert_eq!(l.issue(1000, true, None), Err(IssueError::WithoutCost));
        let (l, cost) = l.issue(2000, true, Some(250)).unwrap();
        assert_eq!((l.qty, l.value, cost), (-2000, -500, 500));
    }
}
