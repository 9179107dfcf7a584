//! Cashier sessions on SQLite: open with a float, pay-ins and payouts, and the close, each
//! posted with its journal entry, drawer cash move and daily-report count in the writer's
//! transaction; and reading a session with its running totals.

use mizan_domain::calendar::business_day;
use mizan_domain::sessions::{
    CountedCash, NewCashMovement, OpeningFloat, SessionAccounts, SessionError, SessionTotals,
    post_cash_movement, post_session_close, post_session_open,
};
use mizan_domain::{AccountId, BranchId, CashRegisterId, CashierSessionId};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::posting::{next_number, role_accounts, write_entry};
use super::writer::WriterState;
use crate::{CashierSession, ResourceKind, StoreError, TenantScope, WriteError, Written};

/// The columns [`session_from_row`] reads, in order.
pub(super) const SESSION_COLUMNS: &str = "id, number, cash_register_id, branch_id, status,
    opened_by, opened_at_ms, opening_float, sales_count, sales_total, cash_received,
    change_given, card, bank_transfer, credit, cash_refunds, pay_ins, payouts, closed_by,
    closed_at_ms, counted, denominations";

pub(super) fn session_from_row(r: &Row<'_>) -> rusqlite::Result<CashierSession> {
    let denominations: Option<String> = r.get(21)?;
    Ok(CashierSession {
        id: CashierSessionId(r.get(0)?),
        number: r.get(1)?,
        cash_register_id: CashRegisterId(r.get(2)?),
        branch_id: r.get::<_, Option<i64>>(3)?.map(BranchId),
        status: r.get(4)?,
        opened_by: r.get(5)?,
        opened_at_ms: r.get(6)?,
        totals: SessionTotals {
            opening_float: r.get(7)?,
            sales_count: r.get(8)?,
            sales_total: r.get(9)?,
            cash_received: r.get(10)?,
            change_given: r.get(11)?,
            card: r.get(12)?,
            bank_transfer: r.get(13)?,
            credit: r.get(14)?,
            cash_refunds: r.get(15)?,
            pay_ins: r.get(16)?,
            payouts: r.get(17)?,
        },
        closed_by: r.get(18)?,
        closed_at_ms: r.get(19)?,
        counted: r.get(20)?,
        denominations: crate::denominations::decode(denominations.as_deref()),
    })
}

pub(super) fn read_session(
    conn: &Connection,
    t: i64,
    id: CashierSessionId,
) -> Result<Option<CashierSession>, StoreError> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {SESSION_COLUMNS} FROM cashier_sessions WHERE tenant_id = ?1 AND id = ?2"
        ))?
        .query_row(params![t, id.0], session_from_row)
        .optional()?)
}

/// The drawer, safe and over/short accounts of a register's sessions.
fn session_accounts(
    conn: &Connection,
    state: &mut WriterState,
    t: i64,
    drawer: i64,
) -> Result<SessionAccounts, WriteError> {
    let roles = role_accounts(conn, state, t)?;
    let (Some(&safe), Some(&over_short)) = (roles.get("cash"), roles.get("cash_over_short")) else {
        return Err(StoreError::Corrupt("chart of accounts lacks cash/over-short".into()).into());
    };
    Ok(SessionAccounts {
        drawer: AccountId(drawer),
        safe: AccountId(safe),
        over_short: AccountId(over_short),
    })
}

fn cash_move(
    conn: &Connection,
    t: i64,
    doc_kind: &str,
    doc: i64,
    register: i64,
    amount: i64,
) -> Result<(), WriteError> {
    if amount != 0 {
        conn.prepare_cached(
            "INSERT INTO cash_moves (tenant_id, doc_kind, doc_id, cash_register_id, amount)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![t, doc_kind, doc, register, amount])?;
    }
    Ok(())
}

pub(super) fn open_session(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    register: CashRegisterId,
    float: OpeningFloat,
    user: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let Some((drawer, branch)) = conn
        .prepare_cached(
            "SELECT account_id, branch_id FROM cash_registers WHERE tenant_id = ?1 AND id = ?2",
        )?
        .query_row(params![t, register.0], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
        })
        .optional()?
    else {
        return Err(WriteError::not_found("cash_register_id"));
    };
    if let Some(open) = conn
        .prepare_cached(
            "SELECT id FROM cashier_sessions
             WHERE tenant_id = ?1 AND cash_register_id = ?2 AND status = 'open'",
        )?
        .query_row(params![t, register.0], |r| r.get::<_, i64>(0))
        .optional()?
    {
        return Err(SessionError::AlreadyOpen {
            register,
            session: CashierSessionId(open),
        }
        .into());
    }
    let accounts = session_accounts(conn, state, t, drawer)?;
    let entry = post_session_open(float, &accounts)?;
    let day = business_day(now_ms, state.settings(conn, t)?.utc_offset_minutes);
    let number = next_number(conn, t, "SES", now_ms)?;
    conn.prepare_cached(
        "INSERT INTO cashier_sessions (tenant_id, cash_register_id, branch_id, number, status,
             opened_by, opened_at_ms, opened_day, opening_float)
         VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        t,
        register.0,
        branch,
        number,
        user,
        now_ms,
        day,
        float.get()
    ])?;
    let id = conn.last_insert_rowid();
    if !entry.lines().is_empty() {
        let memo = format!("Cashier session {number} opened: float");
        write_entry(conn, t, "session_open", id, &number, &memo, &entry, now_ms)?;
    }
    cash_move(conn, t, "session_open", id, register.0, float.get())?;
    super::daily::record_session(conn, t, branch, day, 1, 0)?;
    Ok(Written::created(ResourceKind::CashierSession, id))
}

/// The open session `session`'s register and its drawer account, or why it cannot take cash.
fn open_session_drawer(
    conn: &Connection,
    t: i64,
    session: CashierSessionId,
) -> Result<(i64, i64), WriteError> {
    let row: Option<(String, i64, i64)> = conn
        .prepare_cached(
            "SELECT s.status, s.cash_register_id, r.account_id
             FROM cashier_sessions s
             JOIN cash_registers r ON r.tenant_id = s.tenant_id AND r.id = s.cash_register_id
             WHERE s.tenant_id = ?1 AND s.id = ?2",
        )?
        .query_row(params![t, session.0], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    match row {
        None => Err(WriteError::not_found("cashier_session")),
        Some((status, _, _)) if status != "open" => Err(SessionError::Closed { session }.into()),
        Some((_, register, drawer)) => Ok((register, drawer)),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn move_cash(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    session: CashierSessionId,
    movement: &NewCashMovement,
    account: Option<AccountId>,
    user: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let (register, drawer) = open_session_drawer(conn, t, session)?;
    let counter = match account {
        Some(a) => {
            let row = conn
                .prepare_cached(crate::sessions_sql::COUNTER_ACCOUNT)?
                .query_row(params![t, a.0], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            crate::sessions_sql::check_counter(row)?;
            a
        }
        None => session_accounts(conn, state, t, drawer)?.safe,
    };
    let (entry, signed) = post_cash_movement(movement, AccountId(drawer), counter)?;
    let number = next_number(conn, t, "CSH", now_ms)?;
    conn.prepare_cached(
        "INSERT INTO cash_movements (tenant_id, number, session_id, cash_register_id, kind,
             amount, reason, account_id, created_by, created_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        t,
        number,
        session.0,
        register,
        movement.kind().as_str(),
        movement.amount(),
        movement.reason(),
        counter.0,
        user,
        now_ms
    ])?;
    let id = conn.last_insert_rowid();
    let memo = format!(
        "{} {number}: {}",
        movement.kind().as_str(),
        movement.reason()
    );
    write_entry(conn, t, "cash_movement", id, &number, &memo, &entry, now_ms)?;
    cash_move(conn, t, "cash_movement", id, register, signed)?;
    let (pay_in, payout) = if signed > 0 {
        (signed, 0)
    } else {
        (0, -signed)
    };
    conn.prepare_cached(
        "UPDATE cashier_sessions SET pay_ins = pay_ins + ?3, payouts = payouts + ?4
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![t, session.0, pay_in, payout])?;
    Ok(Written::created(ResourceKind::CashMovement, id))
}

pub(super) fn close_session(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    session: CashierSessionId,
    counted: &CountedCash,
    user: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let Some(s) = read_session(conn, t, session)? else {
        return Err(WriteError::not_found("cashier_session"));
    };
    if s.status != "open" {
        return Ok(Written::replayed(ResourceKind::CashierSession, session.0));
    }
    let (register, drawer) = open_session_drawer(conn, t, session)?;
    let accounts = session_accounts(conn, state, t, drawer)?;
    let effects = post_session_close(&s.totals, counted, &accounts)?;
    let day = business_day(now_ms, state.settings(conn, t)?.utc_offset_minutes);
    conn.prepare_cached(
        "UPDATE cashier_sessions SET status = 'closed', closed_by = ?3, closed_at_ms = ?4,
             closed_day = ?5, counted = ?6, denominations = ?7, expected = ?8, difference = ?9
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![
        t,
        session.0,
        user,
        now_ms,
        day,
        effects.counted,
        crate::denominations::encode(counted.denominations()),
        effects.expected,
        effects.difference
    ])?;
    if !effects.entry.lines().is_empty() {
        let memo = format!(
            "Cashier session {} closed: counted {}, expected {}",
            s.number, effects.counted, effects.expected
        );
        write_entry(
            conn,
            t,
            "session_close",
            session.0,
            &s.number,
            &memo,
            &effects.entry,
            now_ms,
        )?;
    }
    cash_move(
        conn,
        t,
        "session_close",
        session.0,
        register,
        effects.drawer_move,
    )?;
    super::daily::record_session(conn, t, s.branch_id.map(|b| b.0), day, 0, 1)?;
    Ok(Written::created(ResourceKind::CashierSession, session.0))
}
