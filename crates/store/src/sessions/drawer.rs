//! Cash paid out of a drawer by a document (a refund, a supplier payment, a payout): the
//! register's open session read and locked with the cash it expects, and the session's figure
//! moved at once, so a later payout of the same batch sees this one.

use mizan_domain::CashierSessionId;

use crate::WriteError;
use crate::tx::args;
use crate::write::Posting;

/// The cash an open session expects in its drawer.
pub(crate) const EXPECTED_CASH: &str =
    "opening_float + cash_received - change_given + pay_ins - payouts - cash_refunds";

/// Register `register`'s open session and the cash it expects, locked.
pub(crate) fn open_session_cash(
    p: &mut Posting<'_>,
    register: i64,
) -> Result<Option<(CashierSessionId, i64)>, WriteError> {
    Ok(p.tx.lock_row(
        &format!(
            "SELECT id, {EXPECTED_CASH} FROM cashier_sessions
             WHERE tenant_id = $1 AND cash_register_id = $2 AND status = 'open'"
        ),
        args![p.t, register],
        |row| Ok((CashierSessionId(row.i64(0)?), row.i64(1)?)),
    )?)
}

/// What a payout out of the drawer counts as in its session.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PaidOut {
    Refund,
    Payout,
}

/// Counts `amount` paid out of session `session`'s drawer, now (not at commit): a later payout
/// in the same batch must see it when it asks what the drawer holds. (Sales' additions wait for
/// the commit, so a payout may see less cash than there is, never more.)
pub(crate) fn count_paid_out(
    p: &mut Posting<'_>,
    session: CashierSessionId,
    kind: PaidOut,
    amount: i64,
) -> Result<(), WriteError> {
    let sql = match kind {
        PaidOut::Refund => {
            "UPDATE cashier_sessions SET cash_refunds = cash_refunds + $3
             WHERE tenant_id = $1 AND id = $2"
        }
        PaidOut::Payout => {
            "UPDATE cashier_sessions SET payouts = payouts + $3 WHERE tenant_id = $1 AND id = $2"
        }
    };
    p.tx.execute(sql, args![p.t, session.0, amount])?;
    Ok(())
}
