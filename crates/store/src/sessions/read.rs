//! Reading cashier sessions with their running totals.

use mizan_domain::sessions::SessionTotals;
use mizan_domain::{BranchId, CashRegisterId, CashierSessionId};

use crate::tx::{Row, Tx, args};
use crate::{CashierSession, StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

/// The columns [`session_row`] reads, in order.
const SESSION: &str = "SELECT id, number, cash_register_id, branch_id, status,
    opened_by, opened_at_ms, opening_float, sales_count, sales_total, cash_received,
    change_given, card, bank_transfer, credit, cash_refunds, pay_ins, payouts, closed_by,
    closed_at_ms, counted, denominations FROM cashier_sessions WHERE tenant_id = $1";

fn session_row(r: &dyn Row) -> R<CashierSession> {
    Ok(CashierSession {
        id: CashierSessionId(r.i64(0)?),
        number: r.text(1)?,
        cash_register_id: CashRegisterId(r.i64(2)?),
        branch_id: r.opt_i64(3)?.map(BranchId),
        status: r.text(4)?,
        opened_by: r.text(5)?,
        opened_at_ms: r.i64(6)?,
        totals: SessionTotals {
            opening_float: r.i64(7)?,
            sales_count: r.i64(8)?,
            sales_total: r.i64(9)?,
            cash_received: r.i64(10)?,
            change_given: r.i64(11)?,
            card: r.i64(12)?,
            bank_transfer: r.i64(13)?,
            credit: r.i64(14)?,
            cash_refunds: r.i64(15)?,
            pay_ins: r.i64(16)?,
            payouts: r.i64(17)?,
        },
        closed_by: r.opt_text(18)?,
        closed_at_ms: r.opt_i64(19)?,
        counted: r.opt_i64(20)?,
        denominations: super::denominations::decode(r.opt_text(21)?.as_deref()),
    })
}

/// Session `id` of tenant `t`; with `lock`, locked until the transaction ends.
pub(crate) fn session(
    tx: &mut dyn Tx,
    t: i64,
    id: CashierSessionId,
    lock: bool,
) -> R<Option<CashierSession>> {
    let sql = format!("{SESSION} AND id = $2");
    if lock {
        tx.lock_row(&sql, args![t, id.0], session_row)
    } else {
        tx.opt(&sql, args![t, id.0], session_row)
    }
}

pub(crate) fn cashier_session(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: CashierSessionId,
) -> R<Option<CashierSession>> {
    session(tx, s.id(), id, false)
}

/// The newest 200 sessions, of one register and only open ones when asked.
pub(crate) fn cashier_sessions(
    tx: &mut dyn Tx,
    s: TenantScope,
    register: Option<CashRegisterId>,
    open_only: bool,
    opened_by: Option<&str>,
    before: Option<CashierSessionId>,
) -> R<Vec<CashierSession>> {
    tx.rows(
        &format!(
            "{SESSION} AND (CAST($2 AS BIGINT) IS NULL OR cash_register_id = $2)
             AND (NOT $3 OR status = 'open')
             AND (CAST($4 AS TEXT) IS NULL OR opened_by = $4)
             AND id < $5
             ORDER BY id DESC LIMIT 200"
        ),
        args![
            s.id(),
            register.map(|r| r.0),
            open_only,
            opened_by,
            before.map_or(i64::MAX, |b| b.0),
        ],
        session_row,
    )
}
