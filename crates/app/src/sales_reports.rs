//! The sales reports: sales by product, cashier or payment method, and gross profit by month or
//! product, over a range of business days, read from the sales' and returns' own lines (each
//! carries the cost it took), returns taking off what they gave back on their own day.

use mizan_domain::calendar::day_number;
use mizan_domain::sales::gross_margin_bp;
use mizan_domain::staff::perm;
use mizan_store::{SalesBy, SalesGroup, Tenant};

use crate::{AppError, Grant, Mizan};

/// The longest range a report covers, in days (ten years).
pub const MAX_REPORT_DAYS: i64 = 3_660;

/// A range of business days `from..=to` (`YYYYMMDD`), checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub from: i32,
    pub to: i32,
}

impl DayRange {
    /// `from..=to`; refused when `from` is after `to` or the range is longer than
    /// [`MAX_REPORT_DAYS`].
    ///
    /// # Errors
    /// `invalid_field` naming `from` or `to`.
    pub fn new(from: i32, to: i32) -> Result<Self, AppError> {
        if from > to {
            return Err(AppError::invalid("from", "must not be after `to`"));
        }
        if day_number(to) - day_number(from) >= MAX_REPORT_DAYS {
            return Err(AppError::invalid(
                "to",
                "a report covers at most ten years of business days",
            ));
        }
        Ok(Self { from, to })
    }

    /// Month `month` (1 to 12) of `year`, whole.
    ///
    /// # Errors
    /// `invalid_field` naming `month` or `year`.
    pub fn month(year: i32, month: u32) -> Result<Self, AppError> {
        if !(1..=12).contains(&month) {
            return Err(AppError::invalid("month", "must be 1 to 12"));
        }
        if !(1..=9999).contains(&year) {
            return Err(AppError::invalid("year", "must be 1 to 9999"));
        }
        let m = i32::try_from(month).unwrap_or(1);
        let first = year * 10_000 + m * 100 + 1;
        let next = if m == 12 {
            (year + 1) * 10_000 + 101
        } else {
            first + 100
        };
        // The day before the next month's first.
        let days = day_number(next) - day_number(first);
        Self::new(first, first + i32::try_from(days).unwrap_or(28) - 1)
    }

    /// Each month `YYYYMM` the period touches, in order.
    #[must_use]
    pub fn months(&self) -> Vec<i32> {
        let (mut y, mut m) = (self.from / 10_000, self.from / 100 % 100);
        let last = self.to / 100;
        let mut out = Vec::new();
        while y * 100 + m <= last {
            out.push(y * 100 + m);
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }
}

/// A sales report: one row per group, and the total of all of them.
#[derive(Debug, Clone)]
pub struct SalesReport {
    pub period: DayRange,
    pub by: SalesBy,
    pub rows: Vec<SalesGroup>,
    pub total: SalesGroup,
}

/// What the gross profit report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrossProfitBy {
    /// Every month of the period, also those without sales.
    Month,
    Product,
}

/// A gross profit report: revenue (net of VAT and returns), cost and their difference per
/// row, and the total.
#[derive(Debug, Clone)]
pub struct GrossProfitReport {
    pub period: DayRange,
    pub by: GrossProfitBy,
    pub rows: Vec<SalesGroup>,
    pub total: SalesGroup,
}

/// A group's gross profit (net revenue less cost) and its margin in basis points.
#[must_use]
pub fn gross_profit(g: &SalesGroup) -> (i64, Option<i64>) {
    let profit = g.net.saturating_sub(g.cost);
    (profit, gross_margin_bp(profit, g.net))
}

/// The sum of `rows` (its key and name `total`).
fn total(rows: &[SalesGroup]) -> SalesGroup {
    let mut t = SalesGroup {
        key: "total".into(),
        name: "total".into(),
        ..SalesGroup::default()
    };
    for r in rows {
        t.sales_count += r.sales_count;
        t.returns_count += r.returns_count;
        t.qty = t.qty.saturating_add(r.qty);
        t.net = t.net.saturating_add(r.net);
        t.vat = t.vat.saturating_add(r.vat);
        t.cost = t.cost.saturating_add(r.cost);
        t.sales_total = t.sales_total.saturating_add(r.sales_total);
        t.returns_total = t.returns_total.saturating_add(r.returns_total);
    }
    t
}

impl Mizan {
    /// The period of a sales report: `to` (today in the tenant's time by default) and `from`
    /// (the first of `to`'s month by default).
    ///
    /// # Errors
    /// `invalid_field` as [`DayRange::new`].
    pub fn sales_period(
        &self,
        tenant: &Tenant,
        from: Option<i32>,
        to: Option<i32>,
    ) -> Result<DayRange, AppError> {
        let to = to.unwrap_or_else(|| self.today(tenant));
        DayRange::new(from.unwrap_or(to / 100 * 100 + 1), to)
    }

    /// Sales of `period` less its returns, by product, cashier or payment method (`by` month
    /// is the gross profit report's). The sales counts of the total are each group's added
    /// up: a sale of two products counts once per product.
    ///
    /// # Errors
    /// A store failure.
    pub async fn sales_report(
        &self,
        g: &Grant<perm::ReportsRead>,
        by: SalesBy,
        period: DayRange,
    ) -> Result<SalesReport, AppError> {
        let rows = self
            .store
            .sales_analysis(g.scope(), by, period.from, period.to)
            .await?;
        let total = total(&rows);
        Ok(SalesReport {
            period,
            by,
            rows,
            total,
        })
    }

    /// Gross profit of `period` (revenue net of VAT and returns, less the cost the lines
    /// took) by month (every month of the period) or by product.
    ///
    /// # Errors
    /// A store failure.
    pub async fn gross_profit(
        &self,
        g: &Grant<perm::ReportsRead>,
        by: GrossProfitBy,
        period: DayRange,
    ) -> Result<GrossProfitReport, AppError> {
        let grouped = match by {
            GrossProfitBy::Month => SalesBy::Month,
            GrossProfitBy::Product => SalesBy::Product,
        };
        let mut rows = self
            .store
            .sales_analysis(g.scope(), grouped, period.from, period.to)
            .await?;
        if by == GrossProfitBy::Month {
            let found = std::mem::take(&mut rows);
            rows = period
                .months()
                .into_iter()
                .map(|m| {
                    let key = m.to_string();
                    found
                        .iter()
                        .find(|r| r.key == key)
                        .cloned()
                        .unwrap_or(SalesGroup {
                            name: key.clone(),
                            key,
                            ..SalesGroup::default()
                        })
                })
                .collect();
        }
        let total = total(&rows);
        Ok(GrossProfitReport {
            period,
            by,
            rows,
            total,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::DayRange;

    #[test]
    fn a_period_is_checked_and_knows_its_months() {
        assert!(DayRange::new(20_260_102, 20_260_101).is_err());
        assert!(DayRange::new(20_260_101, 20_370_101).is_err());
        assert!(DayRange::new(20_260_101, 20_351_231).is_ok());
        let feb = DayRange::month(2024, 2).unwrap_or(DayRange { from: 0, to: 0 });
        assert_eq!((feb.from, feb.to), (20_240_201, 20_240_229));
        let dec = DayRange::month(2026, 12).unwrap_or(DayRange { from: 0, to: 0 });
        assert_eq!((dec.from, dec.to), (20_261_201, 20_261_231));
        assert!(DayRange::month(2026, 13).is_err());
        let span = DayRange::new(20_251_115, 20_260_203).unwrap_or(DayRange { from: 0, to: 0 });
        assert_eq!(span.months(), [202_511, 202_512, 202_601, 202_602]);
    }
}
