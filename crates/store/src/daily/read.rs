//! Reading the daily sales report: one business day's rows, every branch, and its posted
//! sales by local hour (read from the sales themselves: the day's rows hold no hours).

use mizan_domain::BranchId;

use crate::tx::{Tx, args};
use crate::{DailySales, HourlySales, StoreError, TenantScope};

/// One business day's rows (`$1` tenant, `$2` day), money cast back from PostgreSQL's NUMERIC.
const DAILY_SALES_OF_DAY: &str = "SELECT branch_id, day, sales_count,
     CAST(total AS BIGINT), CAST(net AS BIGINT), CAST(vat AS BIGINT), CAST(cash AS BIGINT),
     CAST(card AS BIGINT), CAST(bank_transfer AS BIGINT), CAST(credit AS BIGINT),
     unique_customers, returns_count, CAST(returns_total AS BIGINT), sessions_opened,
     sessions_closed
     FROM daily_sales WHERE tenant_id = $1 AND day = $2 ORDER BY branch_id";

pub(crate) fn daily_sales(
    tx: &mut dyn Tx,
    s: TenantScope,
    day: i32,
) -> Result<Vec<DailySales>, StoreError> {
    tx.rows(DAILY_SALES_OF_DAY, args![s.id(), day], |r| {
        let branch = r.i64(0)?;
        Ok(DailySales {
            branch_id: (branch != 0).then_some(BranchId(branch)),
            day: r.i32(1)?,
            sales_count: r.i64(2)?,
            total: r.i64(3)?,
            net: r.i64(4)?,
            vat: r.i64(5)?,
            cash: r.i64(6)?,
            card: r.i64(7)?,
            bank_transfer: r.i64(8)?,
            credit: r.i64(9)?,
            unique_customers: r.i64(10)?,
            returns_count: r.i64(11)?,
            returns_total: r.i64(12)?,
            sessions_opened: r.i64(13)?,
            sessions_closed: r.i64(14)?,
        })
    })
}

/// The posted sales of business day `$2` by branch and local hour (`$3` the shop's UTC offset
/// in milliseconds); integer division and `%` are the same on both backends.
const SALES_BY_HOUR: &str = "SELECT COALESCE(branch_id, 0) AS b,
     CAST((COALESCE(posted_at_ms, created_at_ms) + $3) / 3600000 % 24 AS BIGINT) AS h,
     COUNT(*), CAST(SUM(total) AS BIGINT)
     FROM sales WHERE tenant_id = $1 AND status = 'posted' AND business_day = $2
     GROUP BY b, h ORDER BY b, h";

pub(crate) fn sales_by_hour(
    tx: &mut dyn Tx,
    s: TenantScope,
    day: i32,
    utc_offset_minutes: i32,
) -> Result<Vec<HourlySales>, StoreError> {
    let offset_ms = i64::from(utc_offset_minutes) * 60_000;
    tx.rows(SALES_BY_HOUR, args![s.id(), day, offset_ms], |r| {
        let branch = r.i64(0)?;
        Ok(HourlySales {
            branch_id: (branch != 0).then_some(BranchId(branch)),
            hour: r.i32(1)?,
            sales_count: r.i64(2)?,
            total: r.i64(3)?,
        })
    })
}
