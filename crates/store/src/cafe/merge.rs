//! Linking, merging and splitting bills in the store, each one atomic posting: the bills
//! involved are locked in id order, the pure rule decides, and every charge, order, payment
//! and session of a merged bill moves in one statement each; the merged bill is kept, closed
//! into the other with a link both ways (`cafe_bill_links`), its notes carried over. Both
//! bills are in the open café tabs account, so the books do not move.

use mizan_domain::cafe::{Bill, merge, split, split_amount};
use mizan_domain::calendar::business_day;
use mizan_domain::{BillId, PlaceId, PlaySessionId};

use super::BillHead;
use super::SplitPart;
use super::tabs::{close_if_settled, domain_bill, lock_bill, move_bill, open_bill, unpaid_bill_of};
use crate::tx::args;
use crate::write::Posting;
use crate::{ResourceKind, StoreError, WriteError, Written};

/// Links play session `session` to table `table`: its bill merges into the table's newest
/// unpaid bill, or else is attached to the table and named after it.
pub(crate) fn link_session(
    p: &mut Posting<'_>,
    session: PlaySessionId,
    table: PlaceId,
    by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let name =
        p.tx.lock_row(
            "SELECT name, retired FROM cafe_places WHERE tenant_id = $1 AND id = $2
             AND kind = 'table'",
            args![t, table.0],
            |r| Ok((r.text(0)?, r.bool(1)?)),
        )?
        .ok_or_else(|| WriteError::not_found("table_id"))?;
    super::floor::ensure_serving(name.1, &name.0)?;
    let name = name.0;
    let bill =
        p.tx.opt(
            "SELECT bill_id FROM cafe_sessions WHERE tenant_id = $1 AND id = $2",
            args![t, session.0],
            |r| r.i64(0),
        )?
        .ok_or_else(|| WriteError::not_found("session_id"))?;
    let from = lock_bill(p, bill)?.ok_or_else(|| StoreError::Corrupt("session bill".into()))?;
    domain_bill(p, &from)?.ensure_open()?;
    if from.place_id == Some(table) {
        return Ok(Written::replayed(ResourceKind::Bill, from.id.0));
    }
    match unpaid_bill_of(p, table.0)? {
        Some(into) => merge_locked(p, &from, &into, by, now_ms),
        None => {
            let mut notes = from.notes.clone();
            notes.push(format!("[attached to {name}]"));
            p.tx.execute(
                "UPDATE cafe_bills SET place_id = $3, name = $4, notes = $5
                 WHERE tenant_id = $1 AND id = $2",
                args![
                    t,
                    from.id.0,
                    table.0,
                    name.as_str(),
                    notes.join("\n").as_str()
                ],
            )?;
            Ok(Written::created(ResourceKind::Bill, from.id.0))
        }
    }
}

/// Merges bill `from` into bill `into`.
pub(crate) fn merge_bills(
    p: &mut Posting<'_>,
    from: BillId,
    into: BillId,
    by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let (first, second) = if from.0 <= into.0 {
        (from, into)
    } else {
        (into, from)
    };
    let a = lock_bill(p, first.0)?;
    let b = lock_bill(p, second.0)?;
    let (f, i) = if from.0 <= into.0 { (a, b) } else { (b, a) };
    let f = f.ok_or_else(|| WriteError::not_found("from_bill_id"))?;
    let i = i.ok_or_else(|| WriteError::not_found("into_bill_id"))?;
    merge_locked(p, &f, &i, by, now_ms)
}

fn merge_locked(
    p: &mut Posting<'_>,
    from: &BillHead,
    into: &BillHead,
    by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let from_bill = domain_bill(p, from)?;
    let into_bill = domain_bill(p, into)?;
    let (after, _closed) = merge(&from_bill, &into_bill)?;
    let (moved_total, moved_paid) = (from_bill.total(), from_bill.paid());
    for table in [
        "cafe_charges",
        "cafe_payments",
        "cafe_orders",
        "cafe_sessions",
    ] {
        p.tx.execute(
            &format!("UPDATE {table} SET bill_id = $3 WHERE tenant_id = $1 AND bill_id = $2"),
            args![t, from.id.0, into.id.0],
        )?;
    }
    p.tx.execute(
        "UPDATE cafe_bills SET total = 0, paid = 0, merged_into_id = $3
         WHERE tenant_id = $1 AND id = $2",
        args![t, from.id.0, into.id.0],
    )?;
    p.tx.execute(
        "UPDATE cafe_bills SET total = total + $3, paid = paid + $4, notes = $5
         WHERE tenant_id = $1 AND id = $2",
        args![
            t,
            into.id.0,
            moved_total,
            moved_paid,
            after.notes.join("\n").as_str()
        ],
    )?;
    link(
        p,
        "merge",
        (from.id.0, into.id.0),
        (moved_total, moved_paid),
        by,
        now_ms,
    )?;
    close_if_settled(p, into.id.0)?;
    Ok(Written::created(ResourceKind::Bill, into.id.0))
}

fn link(
    p: &mut Posting<'_>,
    kind: &str,
    (from, into): (i64, i64),
    (total, paid): (i64, i64),
    by: &str,
    now_ms: i64,
) -> Result<(), WriteError> {
    p.tx.execute(
        "INSERT INTO cafe_bill_links (tenant_id, kind, from_bill_id, into_bill_id, moved_total,
             moved_paid, by_user, at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        args![p.t, kind, from, into, total, paid, by, now_ms],
    )?;
    Ok(())
}

/// Splits part of bill `bill` off into a new bill on the same table; answers the new bill.
pub(crate) fn split_bill(
    p: &mut Posting<'_>,
    bill: BillId,
    part: &SplitPart,
    by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let head = lock_bill(p, bill.0)?.ok_or_else(|| WriteError::not_found("bill_id"))?;
    let current = domain_bill(p, &head)?;
    // The rule decides on a stand-in number first, so a refused split takes no number.
    let (_, decided) = match part {
        SplitPart::Charges(ids) => split(&current, ids, "")?,
        SplitPart::Amount(a) => split_amount(&current, *a, "")?,
    };
    let moved = Bill::total(&decided);
    let new = open_bill(p, head.place_id.map(|x| x.0), &head.name, by, now_ms)?;
    match part {
        SplitPart::Charges(ids) => {
            for id in ids {
                p.tx.execute(
                    "UPDATE cafe_charges SET bill_id = $3 WHERE tenant_id = $1 AND id = $2",
                    args![t, *id, new],
                )?;
                p.tx.execute(
                    "UPDATE cafe_orders SET bill_id = $3 WHERE tenant_id = $1 AND id =
                         (SELECT order_id FROM cafe_charges WHERE tenant_id = $1 AND id = $2)",
                    args![t, *id, new],
                )?;
            }
        }
        SplitPart::Amount(a) => {
            let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
            for (on, amount) in [(head.id.0, -a), (new, *a)] {
                p.tx.execute(
                    "INSERT INTO cafe_charges (tenant_id, bill_id, kind, net, vat, cost,
                         business_day, created_at_ms)
                     VALUES ($1, $2, 'transfer', $3, 0, 0, $4, $5)",
                    args![t, on, amount, day, now_ms],
                )?;
            }
        }
    }
    move_bill(p, head.id.0, -moved, 0)?;
    move_bill(p, new, moved, 0)?;
    p.tx.execute(
        "UPDATE cafe_bills SET notes = $3 WHERE tenant_id = $1 AND id = $2",
        args![t, new, format!("[split from {}]", head.number).as_str()],
    )?;
    link(p, "split", (head.id.0, new), (moved, 0), by, now_ms)?;
    close_if_settled(p, head.id.0)?;
    Ok(Written::created(ResourceKind::Bill, new))
}

/// Sets when a kept tab is due (`None`: not due), and adds a note.
pub(crate) fn update_bill(
    p: &mut Posting<'_>,
    bill: BillId,
    due_ms: Option<Option<i64>>,
    note: Option<&str>,
) -> Result<Written, WriteError> {
    let t = p.t;
    let head = lock_bill(p, bill.0)?.ok_or_else(|| WriteError::not_found("bill_id"))?;
    domain_bill(p, &head)?.ensure_open()?;
    let mut notes = head.notes.clone();
    if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
        notes.push(n.replace(['\n', '\r'], " "));
    }
    p.tx.execute(
        "UPDATE cafe_bills SET due_at_ms = $3, notes = $4 WHERE tenant_id = $1 AND id = $2",
        args![
            t,
            bill.0,
            due_ms.unwrap_or(head.due_at_ms),
            notes.join("\n").as_str()
        ],
    )?;
    Ok(Written::created(ResourceKind::Bill, bill.0))
}
