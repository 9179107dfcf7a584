//! Voiding a sale: the sale is locked, its lines, payments and earlier returns are read, the
//! pure rule turns it into the return of every line, and that return posts through the return
//! machinery, marked as the sale's void. The sale's session must still be open as the void
//! commits: it is locked last, after the rows the return locks, in the order postings take them.

use mizan_domain::returns::{ReturnError, SaleToVoid, void_draft};
use mizan_domain::sales::PaymentMethod;
use mizan_domain::{CashRegisterId, SaleId, WarehouseId};

use crate::tx::args;
use crate::write::Posting;
use crate::{StoreError, WriteError, Written};

pub(crate) fn void_sale(
    p: &mut Posting<'_>,
    sale: SaleId,
    reason: &str,
    voided_by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let (status, register, session) =
        p.tx.lock_row(
            "SELECT status, cash_register_id, session_id FROM sales
             WHERE tenant_id = $1 AND id = $2",
            args![t, sale.0],
            |r| Ok((r.text(0)?, r.opt_i64(1)?, r.opt_i64(2)?)),
        )?
        .ok_or_else(|| WriteError::not_found("sale"))?;
    let lines = p.tx.rows(
        "SELECT warehouse_id, qty FROM sale_lines WHERE tenant_id = $1 AND sale_id = $2
         ORDER BY line_no",
        args![t, sale.0],
        |r| Ok((WarehouseId(r.i64(0)?), r.i64(1)?)),
    )?;
    let payments = p.tx.rows(
        "SELECT method FROM sale_payments WHERE tenant_id = $1 AND sale_id = $2
         ORDER BY line_no",
        args![t, sale.0],
        |r| {
            let m = r.text(0)?;
            PaymentMethod::parse(&m)
                .ok_or_else(|| StoreError::Corrupt(format!("payment method {m}")))
        },
    )?;
    let returned = p.tx.exists(
        "SELECT 1 FROM sale_returns WHERE tenant_id = $1 AND sale_id = $2",
        args![t, sale.0],
    )?;
    let session_open = match session {
        Some(s) => session_is_open(p, s, false)?,
        None => false,
    };
    let draft = void_draft(
        &SaleToVoid {
            completed: status == "posted",
            lines,
            payments,
            register: register.map(CashRegisterId),
            session_open,
            returned,
        },
        reason,
    )?;
    let written = super::write::post(p, sale, &draft, voided_by, now_ms, true)?;
    if let Some(s) = session
        && !session_is_open(p, s, true)?
    {
        return Err(ReturnError::VoidSessionClosed.into());
    }
    Ok(written)
}

/// Whether cashier session `id` is open, read (or, with `lock`, locked against its close).
fn session_is_open(p: &mut Posting<'_>, id: i64, lock: bool) -> Result<bool, WriteError> {
    let sql = "SELECT status FROM cashier_sessions WHERE tenant_id = $1 AND id = $2";
    let a = args![p.t, id];
    let status = if lock {
        p.tx.lock_row(sql, a, |r| r.text(0))?
    } else {
        p.tx.opt(sql, a, |r| r.text(0))?
    };
    Ok(status.as_deref() == Some("open"))
}
