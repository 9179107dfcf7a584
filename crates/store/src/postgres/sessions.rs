//! Cashier sessions on PostgreSQL: open with a float, pay-ins and payouts, and the close, each
//! in its transaction with its journal entry, drawer cash move and daily-report count. The
//! session row is locked (`FOR UPDATE`) by pay-ins, payouts and the close, and updated with
//! `status = 'open'` by every sale, so a close racing with sales leaves each sale in exactly
//! one session or refused.

use mizan_domain::calendar::business_day;
use mizan_domain::ledger::BalancedEntry;
use mizan_domain::sessions::{
    CountedCash, NewCashMovement, OpeningFloat, SessionAccounts, SessionError, SessionTotals,
    post_cash_movement, post_session_close, post_session_open,
};
use mizan_domain::{AccountId, CashRegisterId, CashierSessionId};
use sqlx::PgConnection;

use super::PgStore;
use super::posting::{entry_arrays, role_accounts, series};
use crate::{ResourceKind, StoreError, TenantScope, WriteError, Written};

async fn session_accounts(
    store: &PgStore,
    c: &mut PgConnection,
    t: i64,
    drawer: i64,
) -> Result<SessionAccounts, WriteError> {
    let roles = role_accounts(store, c, t, &["cash", "cash_over_short"]).await?;
    let [Some(safe), Some(over_short)] = roles.as_slice() else {
        return Err(StoreError::Corrupt("chart of accounts lacks cash/over-short".into()).into());
    };
    Ok(SessionAccounts {
        drawer: AccountId(drawer),
        safe: AccountId(*safe),
        over_short: AccountId(*over_short),
    })
}

/// Takes the next number of the series `prefix` for tenant `t`.
async fn next_number(
    c: &mut PgConnection,
    t: i64,
    prefix: &str,
    now_ms: i64,
) -> Result<String, WriteError> {
    Ok(sqlx::query_scalar(concat!(
        "WITH ",
        super::posting::next_number_cte!(),
        " SELECT number FROM num"
    ))
    .bind(t)
    .bind(series(prefix, now_ms))
    .fetch_one(&mut *c)
    .await?)
}

/// Writes a session document's journal entry (when it has lines) and its drawer cash move
/// (when it moves cash).
#[allow(clippy::too_many_arguments)]
async fn write_entry_and_cash(
    c: &mut PgConnection,
    t: i64,
    doc_kind: &str,
    doc: i64,
    number: &str,
    memo: &str,
    entry: &BalancedEntry,
    register: i64,
    drawer_move: i64,
    now_ms: i64,
) -> Result<(), WriteError> {
    let (accounts, amounts) = entry_arrays(entry);
    sqlx::query(
        "WITH je AS (
             INSERT INTO journal_entries (tenant_id, doc_kind, doc_id, number, memo, posted_at_ms)
             SELECT $1, $2, $3, $4, $5, $6 WHERE cardinality($7::bigint[]) > 0
             RETURNING id),
         jl AS (
             INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_id, amount)
             SELECT $1, je.id, u.ord - 1, u.a, u.m
             FROM je, UNNEST($7::bigint[], $8::bigint[]) WITH ORDINALITY AS u(a, m, ord))
         INSERT INTO cash_moves (tenant_id, doc_kind, doc_id, cash_register_id, amount)
         SELECT $1, $2, $3, $9, $10 WHERE CAST($10 AS BIGINT) <> 0",
    )
    .bind(t)
    .bind(doc_kind)
    .bind(doc)
    .bind(number)
    .bind(memo)
    .bind(now_ms)
    .bind(accounts)
    .bind(amounts)
    .bind(register)
    .bind(drawer_move)
    .execute(&mut *c)
    .await?;
    Ok(())
}

async fn utc_offset(c: &mut PgConnection, t: i64) -> Result<i32, WriteError> {
    let off: i64 = sqlx::query_scalar("SELECT utc_offset_minutes FROM tenants WHERE id = $1")
        .bind(t)
        .fetch_one(&mut *c)
        .await?;
    Ok(i32::try_from(off).unwrap_or(0))
}

pub(super) async fn open_session(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    register: CashRegisterId,
    float: OpeningFloat,
    user: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let Some((drawer, branch)): Option<(i64, Option<i64>)> = sqlx::query_as(
        "SELECT account_id, branch_id FROM cash_registers WHERE tenant_id = $1 AND id = $2
         FOR UPDATE",
    )
    .bind(t)
    .bind(register.0)
    .fetch_optional(&mut *c)
    .await?
    else {
        return Err(WriteError::not_found("cash_register_id"));
    };
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM cashier_sessions
         WHERE tenant_id = $1 AND cash_register_id = $2 AND status = 'open'",
    )
    .bind(t)
    .bind(register.0)
    .fetch_optional(&mut *c)
    .await?;
    if let Some(open) = open {
        return Err(SessionError::AlreadyOpen {
            register,
            session: CashierSessionId(open),
        }
        .into());
    }
    let accounts = session_accounts(store, c, t, drawer).await?;
    let entry = post_session_open(float, &accounts)?;
    let day = business_day(now_ms, utc_offset(c, t).await?);
    let number = next_number(c, t, "SES", now_ms).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cashier_sessions (tenant_id, cash_register_id, branch_id, number, status,
             opened_by, opened_at_ms, opened_day, opening_float)
         VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8)
         RETURNING id",
    )
    .bind(t)
    .bind(register.0)
    .bind(branch)
    .bind(&number)
    .bind(user)
    .bind(now_ms)
    .bind(i64::from(day))
    .bind(float.get())
    .fetch_one(&mut *c)
    .await?;
    let memo = format!("Cashier session {number} opened: float");
    write_entry_and_cash(
        c,
        t,
        "session_open",
        id,
        &number,
        &memo,
        &entry,
        register.0,
        float.get(),
        now_ms,
    )
    .await?;
    super::daily::record_session(c, t, branch, day, 1, 0).await?;
    Ok(Written::created(ResourceKind::CashierSession, id))
}

/// A session row locked for update: (status, register, drawer account, branch, number, totals).
type LockedSession = (String, i64, i64, Option<i64>, String, SessionTotals);

async fn lock_session(
    c: &mut PgConnection,
    t: i64,
    session: CashierSessionId,
) -> Result<LockedSession, WriteError> {
    type Row = (
        String,
        i64,
        i64,
        Option<i64>,
        String,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.status, s.cash_register_id, r.account_id, s.branch_id, s.number,
                s.opening_float, s.sales_count, s.sales_total, s.cash_received, s.change_given,
                s.card, s.bank_transfer, s.credit, s.cash_refunds, s.pay_ins, s.payouts
         FROM cashier_sessions s
         JOIN cash_registers r ON r.tenant_id = s.tenant_id AND r.id = s.cash_register_id
         WHERE s.tenant_id = $1 AND s.id = $2
         FOR UPDATE OF s",
    )
    .bind(t)
    .bind(session.0)
    .fetch_optional(&mut *c)
    .await?;
    let Some(r) = row else {
        return Err(WriteError::not_found("cashier_session"));
    };
    Ok((
        r.0,
        r.1,
        r.2,
        r.3,
        r.4,
        SessionTotals {
            opening_float: r.5,
            sales_count: r.6,
            sales_total: r.7,
            cash_received: r.8,
            change_given: r.9,
            card: r.10,
            bank_transfer: r.11,
            credit: r.12,
            cash_refunds: r.13,
            pay_ins: r.14,
            payouts: r.15,
        },
    ))
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn move_cash(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    session: CashierSessionId,
    movement: &NewCashMovement,
    account: Option<AccountId>,
    user: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let (status, register, drawer, _, _, _) = lock_session(c, t, session).await?;
    if status != "open" {
        return Err(SessionError::Closed { session }.into());
    }
    let counter = match account {
        Some(a) => {
            let row: Option<(Option<String>, bool)> =
                sqlx::query_as(crate::sessions_sql::COUNTER_ACCOUNT)
                    .bind(t)
                    .bind(a.0)
                    .fetch_optional(&mut *c)
                    .await?;
            crate::sessions_sql::check_counter(row)?;
            a
        }
        None => session_accounts(store, c, t, drawer).await?.safe,
    };
    let (entry, signed) = post_cash_movement(movement, AccountId(drawer), counter)?;
    let number = next_number(c, t, "CSH", now_ms).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cash_movements (tenant_id, number, session_id, cash_register_id, kind,
             amount, reason, account_id, created_by, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         RETURNING id",
    )
    .bind(t)
    .bind(&number)
    .bind(session.0)
    .bind(register)
    .bind(movement.kind().as_str())
    .bind(movement.amount())
    .bind(movement.reason())
    .bind(counter.0)
    .bind(user)
    .bind(now_ms)
    .fetch_one(&mut *c)
    .await?;
    let memo = format!(
        "{} {number}: {}",
        movement.kind().as_str(),
        movement.reason()
    );
    write_entry_and_cash(
        c,
        t,
        "cash_movement",
        id,
        &number,
        &memo,
        &entry,
        register,
        signed,
        now_ms,
    )
    .await?;
    let (pay_in, payout) = if signed > 0 {
        (signed, 0)
    } else {
        (0, -signed)
    };
    sqlx::query(
        "UPDATE cashier_sessions SET pay_ins = pay_ins + $3, payouts = payouts + $4
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(t)
    .bind(session.0)
    .bind(pay_in)
    .bind(payout)
    .execute(&mut *c)
    .await?;
    Ok(Written::created(ResourceKind::CashMovement, id))
}

pub(super) async fn close_session(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    session: CashierSessionId,
    counted: &CountedCash,
    user: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let (status, register, drawer, branch, number, totals) = lock_session(c, t, session).await?;
    if status != "open" {
        return Ok(Written::replayed(ResourceKind::CashierSession, session.0));
    }
    let accounts = session_accounts(store, c, t, drawer).await?;
    let effects = post_session_close(&totals, counted, &accounts)?;
    let day = business_day(now_ms, utc_offset(c, t).await?);
    sqlx::query(
        "UPDATE cashier_sessions SET status = 'closed', closed_by = $3, closed_at_ms = $4,
             closed_day = $5, counted = $6, denominations = $7, expected = $8, difference = $9
         WHERE tenant_id = $1 AND id = $2",
    )
    .bind(t)
    .bind(session.0)
    .bind(user)
    .bind(now_ms)
    .bind(i64::from(day))
    .bind(effects.counted)
    .bind(crate::denominations::encode(counted.denominations()))
    .bind(effects.expected)
    .bind(effects.difference)
    .execute(&mut *c)
    .await?;
    let memo = format!(
        "Cashier session {number} closed: counted {}, expected {}",
        effects.counted, effects.expected
    );
    write_entry_and_cash(
        c,
        t,
        "session_close",
        session.0,
        &number,
        &memo,
        &effects.entry,
        register,
        effects.drawer_move,
        now_ms,
    )
    .await?;
    super::daily::record_session(c, t, branch, day, 0, 1).await?;
    Ok(Written::created(ResourceKind::CashierSession, session.0))
}
