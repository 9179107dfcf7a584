//! The daily sales report on PostgreSQL: sessions counted in their branch's row, and the
//! rebuild from postings. Sales add to their row in their own last statement (see `sales`);
//! the money columns are NUMERIC, so the upkeep cannot overflow and fail the sale.

use sqlx::PgConnection;

use crate::WriteError;

/// Counts a session opened (`opened` 1) or closed (`closed` 1) in its branch's row of `day`.
pub(super) async fn record_session(
    c: &mut PgConnection,
    t: i64,
    branch: Option<i64>,
    day: i32,
    opened: i64,
    closed: i64,
) -> Result<(), WriteError> {
    sqlx::query(
        "INSERT INTO daily_sales (tenant_id, branch_id, day, sessions_opened, sessions_closed)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, branch_id, day) DO UPDATE SET
             sessions_opened = daily_sales.sessions_opened + EXCLUDED.sessions_opened,
             sessions_closed = daily_sales.sessions_closed + EXCLUDED.sessions_closed",
    )
    .bind(t)
    .bind(branch.unwrap_or(0))
    .bind(i64::from(day))
    .bind(opened)
    .bind(closed)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Recomputes the tenant's daily report from its postings.
pub(super) async fn rebuild(c: &mut PgConnection, t: i64) -> Result<u64, WriteError> {
    for sql in crate::daily::REBUILD_DAILY_SALES {
        sqlx::query(*sql).bind(t).execute(&mut *c).await?;
    }
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM daily_sales WHERE tenant_id = $1")
        .bind(t)
        .fetch_one(&mut *c)
        .await?;
    Ok(u64::try_from(rows).unwrap_or(0))
}
