//! Writing cashier sessions: open, pay-ins and payouts, close — each with its journal entry,
//! drawer cash move and daily-report count. The session row is locked by pay-ins, payouts and
//! the close (on PostgreSQL; SQLite's one writer excludes the rest), and by every sale's
//! snapshot, which finds it open or refuses the sale, so a close racing with sales leaves each
//! sale in exactly one session or refused.

use mizan_domain::calendar::business_day;
use mizan_domain::ledger::BalancedEntry;
use mizan_domain::sessions::{
    CountedCash, NewCashMovement, OpeningFloat, SessionAccounts, SessionError, post_cash_movement,
    post_session_close, post_session_open,
};
use mizan_domain::{AccountId, CashRegisterId, CashierSessionId};

use crate::ledger::subledgers::drawer_cash;
use crate::ledger::write::{Entry, next_number, write_entry};
use crate::sessions::drawer::{EXPECTED_CASH, PaidOut, count_paid_out};
use crate::tx::args;
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

fn accounts(p: &mut Posting<'_>, drawer: i64) -> Result<SessionAccounts, WriteError> {
    Ok(SessionAccounts {
        drawer: AccountId(drawer),
        safe: p.role("cash")?,
        over_short: p.role("cash_over_short")?,
    })
}

/// A session document's journal entry (when it has lines) and drawer cash move (when it moves
/// cash).
struct Posted<'a> {
    doc_kind: &'a str,
    doc: i64,
    number: &'a str,
    memo: &'a str,
    entry: &'a BalancedEntry,
    register: i64,
    drawer_move: i64,
    now_ms: i64,
}

fn write_posted(p: &mut Posting<'_>, d: &Posted<'_>) -> Result<(), WriteError> {
    if !d.entry.lines().is_empty() {
        write_entry(
            p,
            &Entry {
                id: None,
                doc_kind: d.doc_kind,
                doc: d.doc,
                number: d.number,
                memo: d.memo,
                lines: d.entry,
                now_ms: d.now_ms,
            },
        )?;
    }
    if d.drawer_move != 0 {
        drawer_cash(p, d.doc_kind, d.doc, d.register, d.drawer_move)?;
    }
    Ok(())
}

pub(crate) fn open_session(
    p: &mut Posting<'_>,
    register: CashRegisterId,
    float: OpeningFloat,
    user: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let Some((drawer, branch)) = p.tx.lock_row(
        "SELECT account_id, branch_id FROM cash_registers WHERE tenant_id = $1 AND id = $2",
        args![t, register.0],
        |r| Ok((r.i64(0)?, r.opt_i64(1)?)),
    )?
    else {
        return Err(WriteError::not_found("cash_register_id"));
    };
    if let Some(open) = p.tx.opt(
        "SELECT id FROM cashier_sessions
         WHERE tenant_id = $1 AND cash_register_id = $2 AND status = 'open'",
        args![t, register.0],
        |r| r.i64(0),
    )? {
        return Err(SessionError::AlreadyOpen {
            register,
            session: CashierSessionId(open),
        }
        .into());
    }
    let accounts = accounts(p, drawer)?;
    let entry = post_session_open(float, &accounts)?;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let number = next_number(p, "SES", now_ms)?;
    let id = p.tx.insert_id(
        "INSERT INTO cashier_sessions (tenant_id, cash_register_id, branch_id, number, status,
             opened_by, opened_at_ms, opened_day, opening_float)
         VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8) RETURNING id",
        args![
            tenant = t,
            cash_register_id = register.0,
            branch_id = branch,
            number = number.as_str(),
            opened_by = user,
            opened_at_ms = now_ms,
            opened_day = day,
            opening_float = float.get(),
        ],
    )?;
    write_posted(
        p,
        &Posted {
            doc_kind: "session_open",
            doc: id,
            number: &number,
            memo: &format!("Cashier session {number} opened: float"),
            entry: &entry,
            register: register.0,
            drawer_move: float.get(),
            now_ms,
        },
    )?;
    crate::daily::write::record_session(p.tx, t, branch, day, 1, 0)?;
    Ok(Written::created(ResourceKind::CashierSession, id))
}

/// The open session `session`, locked: its register and the register's drawer account, or why
/// it cannot take cash.
/// An open session's register, drawer account and the cash it expects, the session locked.
fn open_drawer(
    p: &mut Posting<'_>,
    session: CashierSessionId,
) -> Result<(i64, i64, i64), WriteError> {
    let row = p.tx.lock_row(
        &format!(
            "SELECT status, cash_register_id, {EXPECTED_CASH} FROM cashier_sessions
             WHERE tenant_id = $1 AND id = $2"
        ),
        args![p.t, session.0],
        |r| Ok((r.text(0)?, r.i64(1)?, r.i64(2)?)),
    )?;
    match row {
        None => Err(WriteError::not_found("cashier_session")),
        Some((status, ..)) if status != "open" => Err(SessionError::Closed { session }.into()),
        Some((_, register, expected)) => {
            let (drawer, _) = p
                .register(register)?
                .ok_or_else(|| WriteError::not_found("cash_register_id"))?;
            Ok((register, drawer, expected))
        }
    }
}

/// A pay-in or payout in an open session.
pub(crate) struct CashMove<'a> {
    pub session: CashierSessionId,
    pub movement: &'a NewCashMovement,
    /// The other side; the safe when `None`.
    pub account: Option<AccountId>,
    pub user: &'a str,
    pub now_ms: i64,
}

pub(crate) fn move_cash(p: &mut Posting<'_>, m: &CashMove<'_>) -> Result<Written, WriteError> {
    let t = p.t;
    let (register, drawer, expected) = open_drawer(p, m.session)?;
    let counter = match m.account {
        Some(a) => {
            let row =
                p.tx.opt(super::counter::COUNTER_ACCOUNT, args![t, a.0], |r| {
                    Ok((r.opt_text(0)?, r.bool(1)?))
                })?;
            super::counter::check_counter(row)?;
            a
        }
        None => p.role("cash")?,
    };
    let (entry, signed) = post_cash_movement(m.movement, AccountId(drawer), counter, expected)?;
    let number = next_number(p, "CSH", m.now_ms)?;
    let id = p.tx.insert_id(
        "INSERT INTO cash_movements (tenant_id, number, session_id, cash_register_id, kind,
             amount, reason, account_id, created_by, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        args![
            tenant = t,
            number = number.as_str(),
            session_id = m.session.0,
            cash_register_id = register,
            kind = m.movement.kind().as_str(),
            amount = m.movement.amount(),
            reason = m.movement.reason(),
            account_id = counter.0,
            created_by = m.user,
            created_at_ms = m.now_ms,
        ],
    )?;
    let memo = format!(
        "{} {number}: {}",
        m.movement.kind().as_str(),
        m.movement.reason()
    );
    write_posted(
        p,
        &Posted {
            doc_kind: "cash_movement",
            doc: id,
            number: &number,
            memo: &memo,
            entry: &entry,
            register,
            drawer_move: signed,
            now_ms: m.now_ms,
        },
    )?;
    if signed > 0 {
        p.tx.defer(
            "UPDATE cashier_sessions SET pay_ins = pay_ins + $3 WHERE tenant_id = $1 AND id = $2",
            args![t, m.session.0, signed],
        )?;
    } else {
        count_paid_out(p, m.session, PaidOut::Payout, -signed)?;
    }
    Ok(Written::created(ResourceKind::CashMovement, id))
}

/// Closes a session with the counted cash; closing a closed session returns it.
pub(crate) fn close_session(
    p: &mut Posting<'_>,
    session: CashierSessionId,
    counted: &CountedCash,
    user: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let Some(s) = super::read::session(p.tx, t, session, true)? else {
        return Err(WriteError::not_found("cashier_session"));
    };
    if s.status != "open" {
        return Ok(Written::replayed(ResourceKind::CashierSession, session.0));
    }
    let (register, drawer, _) = open_drawer(p, session)?;
    let accounts = accounts(p, drawer)?;
    let effects = post_session_close(&s.totals, counted, &accounts)?;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let denominations = super::denominations::encode(counted.denominations());
    p.tx.defer(
        "UPDATE cashier_sessions SET status = 'closed', closed_by = $3, closed_at_ms = $4,
             closed_day = $5, counted = $6, denominations = $7, expected = $8, difference = $9
         WHERE tenant_id = $1 AND id = $2",
        args![
            tenant = t,
            session = session.0,
            closed_by = user,
            closed_at_ms = now_ms,
            closed_day = day,
            counted = effects.counted,
            denominations = denominations.as_deref(),
            expected = effects.expected,
            difference = effects.difference,
        ],
    )?;
    let exponent = p.settings()?.exponent;
    let amount = |minor| mizan_domain::decimal::format_scaled(minor, exponent);
    let memo = format!(
        "Cashier session {} closed: counted {}, expected {}",
        s.number,
        amount(effects.counted),
        amount(effects.expected)
    );
    write_posted(
        p,
        &Posted {
            doc_kind: "session_close",
            doc: session.0,
            number: &s.number,
            memo: &memo,
            entry: &effects.entry,
            register,
            drawer_move: effects.drawer_move,
            now_ms,
        },
    )?;
    crate::daily::write::record_session(p.tx, t, s.branch_id.map(|b| b.0), day, 0, 1)?;
    Ok(Written::created(ResourceKind::CashierSession, session.0))
}
