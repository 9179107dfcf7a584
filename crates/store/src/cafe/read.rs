//! Reading the café back: the places, the floor (each place with its open bill and live
//! session, in four statements whatever the size of the floor), a bill with its charges,
//! orders, payments, sessions and trail, a play session with its events, and the bills list.

use std::collections::HashMap;

use mizan_domain::{BillId, CashRegisterId, CustomerId, PlaceId, PlaySessionId, ProductId};

use super::floor::parse_plan;
use super::tabs::{BILL_HEAD, bill_head};
use super::{
    BillCharge, BillHead, BillLink, BillPayment, BillRecord, CafeOrder, FloorPlace, Place,
    PlaceKind, PlayEvent, PlaySession,
};
use crate::tx::{Row, Tx, args};
use crate::{StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

const PLACE: &str =
    "SELECT id, kind, area, name, seats, warehouse_id, rate_plan, vat_bp, retired FROM cafe_places";

fn place(r: &dyn Row) -> R<Place> {
    Ok(Place {
        id: PlaceId(r.i64(0)?),
        kind: PlaceKind::parse(&r.text(1)?)?,
        area: r.text(2)?,
        name: r.text(3)?,
        seats: r.opt_i64(4)?,
        warehouse_id: mizan_domain::WarehouseId(r.i64(5)?),
        rate_plan: r.opt_text(6)?.map(|j| parse_plan(&j)).transpose()?,
        vat_bp: r.i64(7)?,
        retired: r.bool(8)?,
    })
}

pub(crate) fn places(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<Place>> {
    tx.rows(
        &format!("{PLACE} WHERE tenant_id = $1 ORDER BY area, kind DESC, id"),
        args![s.id()],
        place,
    )
}

pub(crate) fn place_by_id(tx: &mut dyn Tx, s: TenantScope, id: PlaceId) -> R<Option<Place>> {
    tx.opt(
        &format!("{PLACE} WHERE tenant_id = $1 AND id = $2"),
        args![s.id(), id.0],
        place,
    )
}

const SESSION: &str =
    "SELECT s.id, s.station_id, p.name, s.bill_id, s.rate_plan, s.vat_bp, s.state,
     s.started_at_ms, s.stopped_at_ms, s.played_minutes, s.billed_minutes, s.amount, s.started_by
     FROM cafe_sessions s JOIN cafe_places p ON p.tenant_id = s.tenant_id AND p.id = s.station_id";

fn session(r: &dyn Row) -> R<PlaySession> {
    Ok(PlaySession {
        id: PlaySessionId(r.i64(0)?),
        station_id: PlaceId(r.i64(1)?),
        station_name: r.text(2)?,
        bill_id: BillId(r.i64(3)?),
        rate_plan: parse_plan(&r.text(4)?)?,
        vat_bp: r.i64(5)?,
        state: r.text(6)?,
        started_at_ms: r.i64(7)?,
        stopped_at_ms: r.opt_i64(8)?,
        played_minutes: r.opt_i64(9)?,
        billed_minutes: r.opt_i64(10)?,
        amount: r.opt_i64(11)?,
        started_by: r.text(12)?,
        events: Vec::new(),
    })
}

fn event(r: &dyn Row) -> R<(i64, PlayEvent)> {
    Ok((
        r.i64(0)?,
        PlayEvent {
            kind: r.text(1)?,
            at_ms: r.i64(2)?,
            by: r.text(3)?,
        },
    ))
}

/// Attaches the events of `sessions`, read in one statement with `filter` (`$1` the tenant,
/// `$2` its argument) choosing them.
fn with_events(
    tx: &mut dyn Tx,
    t: i64,
    sessions: &mut [PlaySession],
    filter: &str,
    arg: i64,
) -> R<()> {
    let mut by_id: HashMap<i64, Vec<PlayEvent>> = HashMap::new();
    for (id, e) in tx.rows(
        &format!(
            "SELECT e.session_id, e.kind, e.at_ms, e.by_user FROM cafe_session_events e
             JOIN cafe_sessions s ON s.tenant_id = e.tenant_id AND s.id = e.session_id
             WHERE e.tenant_id = $1 AND {filter} ORDER BY e.session_id, e.seq"
        ),
        args![t, arg],
        event,
    )? {
        by_id.entry(id).or_default().push(e);
    }
    for s in sessions {
        s.events = by_id.remove(&s.id.0).unwrap_or_default();
    }
    Ok(())
}

/// Every place with its newest unpaid bill and its live play session.
pub(crate) fn floor(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<FloorPlace>> {
    let t = s.id();
    let mut places = places(tx, s)?;
    places.retain(|p| !p.retired);
    let mut live = tx.rows(
        &format!("{SESSION} WHERE s.tenant_id = $1 AND s.state <> 'stopped'"),
        args![t],
        session,
    )?;
    with_events(tx, t, &mut live, "s.state <> 'stopped' AND $2 = $2", 0)?;
    let open = tx.rows(
        &format!(
            "{BILL_HEAD} WHERE tenant_id = $1 AND merged_into_id IS NULL AND NOT closed
             AND (place_id IS NOT NULL OR id IN (SELECT bill_id FROM cafe_sessions
                  WHERE tenant_id = $1 AND state <> 'stopped'))
             ORDER BY id"
        ),
        args![t],
        bill_head,
    )?;
    let mut by_place: HashMap<i64, BillHead> = HashMap::new();
    let mut by_id: HashMap<i64, BillHead> = HashMap::new();
    for b in open {
        if let Some(pl) = b.place_id {
            // Newest wins: rows come oldest first. A paid bill on a table still shows while
            // a session plays on it.
            if !(b.total > 0 && b.paid >= b.total) {
                by_place.insert(pl.0, b.clone());
            }
        }
        by_id.insert(b.id.0, b);
    }
    let mut sessions: HashMap<i64, PlaySession> =
        live.into_iter().map(|x| (x.station_id.0, x)).collect();
    Ok(places
        .into_iter()
        .map(|place| {
            let session = sessions.remove(&place.id.0);
            let bill = match &session {
                Some(x) => by_id.get(&x.bill_id.0).cloned(),
                None => by_place.remove(&place.id.0),
            };
            FloorPlace {
                place,
                bill,
                session,
            }
        })
        .collect())
}

pub(crate) fn play_session(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: PlaySessionId,
) -> R<Option<PlaySession>> {
    let Some(mut found) = tx.opt(
        &format!("{SESSION} WHERE s.tenant_id = $1 AND s.id = $2"),
        args![s.id(), id.0],
        session,
    )?
    else {
        return Ok(None);
    };
    with_events(
        tx,
        s.id(),
        std::slice::from_mut(&mut found),
        "s.id = $2",
        id.0,
    )?;
    Ok(Some(found))
}

pub(crate) fn bill(tx: &mut dyn Tx, s: TenantScope, id: BillId) -> R<Option<BillRecord>> {
    let t = s.id();
    let Some(head) = tx.opt(
        &format!("{BILL_HEAD} WHERE tenant_id = $1 AND id = $2"),
        args![t, id.0],
        bill_head,
    )?
    else {
        return Ok(None);
    };
    let merged_into_number = match head.merged_into {
        Some(into) => tx.opt(
            "SELECT number FROM cafe_bills WHERE tenant_id = $1 AND id = $2",
            args![t, into.0],
            |r| r.text(0),
        )?,
        None => None,
    };
    let charges = tx.rows(
        "SELECT c.id, c.kind, c.order_id, c.session_id,
             COALESCE(pr.name_en, st.name, ''), c.net, c.vat, c.created_at_ms
         FROM cafe_charges c
         LEFT JOIN cafe_orders o ON o.tenant_id = c.tenant_id AND o.id = c.order_id
         LEFT JOIN products pr ON pr.tenant_id = o.tenant_id AND pr.id = o.product_id
         LEFT JOIN cafe_sessions se ON se.tenant_id = c.tenant_id AND se.id = c.session_id
         LEFT JOIN cafe_places st ON st.tenant_id = se.tenant_id AND st.id = se.station_id
         WHERE c.tenant_id = $1 AND c.bill_id = $2 ORDER BY c.id",
        args![t, id.0],
        |r| {
            Ok(BillCharge {
                id: r.i64(0)?,
                kind: r.text(1)?,
                order_id: r.opt_i64(2)?,
                session_id: r.opt_i64(3)?.map(PlaySessionId),
                label: r.text(4)?,
                net: r.i64(5)?,
                vat: r.i64(6)?,
                created_at_ms: r.i64(7)?,
            })
        },
    )?;
    let orders = tx.rows(
        "SELECT o.id, o.bill_id, o.product_id, pr.name_en, o.qty, o.unit_price, o.status, o.note,
             o.ordered_by, o.created_at_ms, o.voided_by, o.void_reason
         FROM cafe_orders o JOIN products pr ON pr.tenant_id = o.tenant_id AND pr.id = o.product_id
         WHERE o.tenant_id = $1 AND o.bill_id = $2 ORDER BY o.id",
        args![t, id.0],
        |r| {
            Ok(CafeOrder {
                id: r.i64(0)?,
                bill_id: BillId(r.i64(1)?),
                product_id: ProductId(r.i64(2)?),
                product_name: r.text(3)?,
                qty: r.i64(4)?,
                unit_price: r.i64(5)?,
                status: r.text(6)?,
                note: r.opt_text(7)?,
                ordered_by: r.text(8)?,
                created_at_ms: r.i64(9)?,
                voided_by: r.opt_text(10)?,
                void_reason: r.opt_text(11)?,
            })
        },
    )?;
    let payments = tx.rows(
        "SELECT id, bill_id, method, cash_register_id, customer_id, amount, received_by,
             created_at_ms
         FROM cafe_payments WHERE tenant_id = $1 AND bill_id = $2 ORDER BY id",
        args![t, id.0],
        |r| {
            Ok(BillPayment {
                id: r.i64(0)?,
                bill_id: BillId(r.i64(1)?),
                method: r.text(2)?,
                cash_register_id: r.opt_i64(3)?.map(CashRegisterId),
                customer_id: r.opt_i64(4)?.map(CustomerId),
                amount: r.i64(5)?,
                received_by: r.text(6)?,
                created_at_ms: r.i64(7)?,
            })
        },
    )?;
    let mut sessions = tx.rows(
        &format!("{SESSION} WHERE s.tenant_id = $1 AND s.bill_id = $2 ORDER BY s.id"),
        args![t, id.0],
        session,
    )?;
    with_events(tx, t, &mut sessions, "s.bill_id = $2", id.0)?;
    let links = tx.rows(
        "SELECT l.kind, l.from_bill_id, f.number, l.into_bill_id, i.number, l.moved_total,
             l.moved_paid, l.by_user, l.at_ms
         FROM cafe_bill_links l
         JOIN cafe_bills f ON f.tenant_id = l.tenant_id AND f.id = l.from_bill_id
         JOIN cafe_bills i ON i.tenant_id = l.tenant_id AND i.id = l.into_bill_id
         WHERE l.tenant_id = $1 AND (l.from_bill_id = $2 OR l.into_bill_id = $2)
         ORDER BY l.id",
        args![t, id.0],
        |r| {
            Ok(BillLink {
                kind: r.text(0)?,
                from_bill_id: BillId(r.i64(1)?),
                from_number: r.text(2)?,
                into_bill_id: BillId(r.i64(3)?),
                into_number: r.text(4)?,
                moved_total: r.i64(5)?,
                moved_paid: r.i64(6)?,
                by: r.text(7)?,
                at_ms: r.i64(8)?,
            })
        },
    )?;
    Ok(Some(BillRecord {
        head,
        merged_into_number,
        charges,
        orders,
        payments,
        sessions,
        links,
    }))
}

/// Bills newest first, older than id `before`, at most `limit`; only those still to be paid
/// when `open`.
pub(crate) fn bills(
    tx: &mut dyn Tx,
    s: TenantScope,
    open: bool,
    before: Option<i64>,
    limit: i64,
) -> R<Vec<BillHead>> {
    let filter = if open {
        "AND merged_into_id IS NULL AND NOT closed"
    } else {
        ""
    };
    tx.rows(
        &format!("{BILL_HEAD} WHERE tenant_id = $1 AND id < $2 {filter} ORDER BY id DESC LIMIT $3"),
        args![s.id(), before.unwrap_or(i64::MAX), limit.clamp(1, 500)],
        bill_head,
    )
}

/// The bill order `id` is on.
pub(crate) fn order_bill(tx: &mut dyn Tx, s: TenantScope, id: i64) -> R<Option<BillId>> {
    tx.opt(
        "SELECT bill_id FROM cafe_orders WHERE tenant_id = $1 AND id = $2",
        args![s.id(), id],
        |r| Ok(BillId(r.i64(0)?)),
    )
}

/// The bill payment `id` is on.
pub(crate) fn payment_bill(tx: &mut dyn Tx, s: TenantScope, id: i64) -> R<Option<BillId>> {
    tx.opt(
        "SELECT bill_id FROM cafe_payments WHERE tenant_id = $1 AND id = $2",
        args![s.id(), id],
        |r| Ok(BillId(r.i64(0)?)),
    )
}
