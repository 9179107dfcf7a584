//! Writing tabs: a bill opened (gapless `BILL-` numbers), orders added, served (the charge
//! posts with its stock and cost) or voided before serving, and payments (drawer, card or a
//! customer's account) that never exceed what is open. A bill's row is locked before anything
//! joins or leaves it, so writers of one bill take turns; its `total` and `paid` move with
//! each charge and payment, and it closes once paid with nothing left to come.

use mizan_domain::AccountId;
use mizan_domain::cafe::{
    Bill, CafeAccounts, CafeError, Charge, PostedCharge, ServedItem, pay, serve,
};
use mizan_domain::calendar::business_day;
use mizan_domain::{BillId, ProductId, WarehouseId};

use super::{BillHead, OrderTarget, TabMethod};
use crate::catalog::policies::policies;
use crate::ledger::subledgers::{add_to_customer_debt, drawer_cash};
use crate::ledger::write::{Entry, next_number, write_entry};
use crate::sessions::drawer::open_session_cash;
use crate::stock::write::{levels, write_stock};
use crate::tx::{Row, args};
use crate::write::Posting;
use crate::{ResourceKind, StoreError, WriteError, Written};

pub(crate) fn accounts(p: &mut Posting<'_>) -> Result<CafeAccounts, WriteError> {
    Ok(CafeAccounts {
        tabs: p.role("cafe_tabs")?,
        revenue: p.role("sales_revenue")?,
        vat: p.role("vat_payable")?,
        cogs: p.role("cogs")?,
        inventory: p.role("inventory")?,
    })
}

pub(crate) const BILL_HEAD: &str = "SELECT id, number, place_id, name, notes, due_at_ms,
     merged_into_id, closed, total, paid, opened_by, created_at_ms FROM cafe_bills";

pub(crate) fn bill_head(r: &dyn Row) -> Result<BillHead, StoreError> {
    let notes = r.text(4)?;
    Ok(BillHead {
        id: BillId(r.i64(0)?),
        number: r.text(1)?,
        place_id: r.opt_i64(2)?.map(mizan_domain::PlaceId),
        name: r.text(3)?,
        notes: notes.lines().map(str::to_owned).collect(),
        due_at_ms: r.opt_i64(5)?,
        merged_into: r.opt_i64(6)?.map(BillId),
        closed: r.bool(7)?,
        total: r.i64(8)?,
        paid: r.i64(9)?,
        opened_by: r.text(10)?,
        created_at_ms: r.i64(11)?,
    })
}

/// Bill `id`'s head, locked until the transaction ends.
pub(crate) fn lock_bill(p: &mut Posting<'_>, id: i64) -> Result<Option<BillHead>, WriteError> {
    Ok(p.tx.lock_row(
        &format!("{BILL_HEAD} WHERE tenant_id = $1 AND id = $2"),
        args![p.t, id],
        bill_head,
    )?)
}

/// Bill `head` as the pure rules see it: its charges and payments.
pub(crate) fn domain_bill(p: &mut Posting<'_>, head: &BillHead) -> Result<Bill, WriteError> {
    let t = p.t;
    let charges = p.tx.rows(
        "SELECT id, net, vat FROM cafe_charges WHERE tenant_id = $1 AND bill_id = $2 ORDER BY id",
        args![t, head.id.0],
        |r| {
            Ok(Charge {
                id: r.i64(0)?,
                net: r.i64(1)?,
                vat: r.i64(2)?,
            })
        },
    )?;
    let payments = p.tx.rows(
        "SELECT id, amount FROM cafe_payments WHERE tenant_id = $1 AND bill_id = $2 ORDER BY id",
        args![t, head.id.0],
        |r| Ok((r.i64(0)?, r.i64(1)?)),
    )?;
    let merged_into = match head.merged_into {
        Some(into) => Some(p.tx.one(
            "SELECT number FROM cafe_bills WHERE tenant_id = $1 AND id = $2",
            args![t, into.0],
            |r| r.text(0),
        )?),
        None => None,
    };
    Ok(Bill {
        number: head.number.clone(),
        charges,
        payments,
        due_ms: head.due_at_ms,
        notes: head.notes.clone(),
        merged_into,
        closed: head.closed,
    })
}

/// Opens a bill named `name` (on table `place`, when given); answers its id.
pub(crate) fn open_bill(
    p: &mut Posting<'_>,
    place: Option<i64>,
    name: &str,
    by: &str,
    now_ms: i64,
) -> Result<i64, WriteError> {
    let number = next_number(p, "BILL", now_ms)?;
    Ok(p.tx.insert_id(
        "INSERT INTO cafe_bills (tenant_id, number, place_id, name, opened_by, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        args![p.t, number.as_str(), place, name, by, now_ms],
    )?)
}

/// The newest bill of table `place` still to be paid (draft, partial or overdue), locked.
pub(crate) fn unpaid_bill_of(
    p: &mut Posting<'_>,
    place: i64,
) -> Result<Option<BillHead>, WriteError> {
    let id = p.tx.opt(
        "SELECT id FROM cafe_bills WHERE tenant_id = $1 AND place_id = $2
             AND merged_into_id IS NULL AND NOT closed AND NOT (total > 0 AND paid >= total)
         ORDER BY id DESC LIMIT 1",
        args![p.t, place],
        |r| r.i64(0),
    )?;
    match id {
        Some(id) => lock_bill(p, id),
        None => Ok(None),
    }
}

/// What a charge is for: (kind, order, session).
pub(crate) type ChargeOf = (&'static str, Option<i64>, Option<i64>);

/// Posts `charge` to bill `head`: its row, entry and stock moves, and the bill's total.
pub(crate) fn add_charge(
    p: &mut Posting<'_>,
    head: &BillHead,
    (kind, order, session): ChargeOf,
    charge: &PostedCharge,
    now_ms: i64,
) -> Result<i64, WriteError> {
    let t = p.t;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let id = p.tx.insert_id(
        "INSERT INTO cafe_charges (tenant_id, bill_id, kind, order_id, session_id, net, vat,
             cost, business_day, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        args![
            t,
            head.id.0,
            kind,
            order,
            session,
            charge.net,
            charge.vat,
            charge.cost,
            day,
            now_ms
        ],
    )?;
    move_bill(p, head.id.0, charge.net + charge.vat, 0)?;
    if let Some((m, level)) = charge.stock {
        write_stock(
            p,
            ("cafe_charge", id),
            now_ms,
            &[m],
            &[((m.warehouse, m.product), level)],
        )?;
    }
    if !charge.entry.lines().is_empty() {
        write_entry(
            p,
            &Entry {
                id: None,
                doc_kind: "cafe_charge",
                doc: id,
                number: &head.number,
                memo: &format!("Café bill {}", head.number),
                lines: &charge.entry,
                now_ms,
            },
        )?;
    }
    Ok(id)
}

/// Adds `total` and `paid` to bill `bill`'s figures.
pub(crate) fn move_bill(
    p: &mut Posting<'_>,
    bill: i64,
    total: i64,
    paid: i64,
) -> Result<(), WriteError> {
    p.tx.execute(
        "UPDATE cafe_bills SET total = total + $3, paid = paid + $4
         WHERE tenant_id = $1 AND id = $2",
        args![p.t, bill, total, paid],
    )?;
    Ok(())
}

/// The bill an order for `target` goes to, locked; a table without an unpaid bill gets one
/// (then `true`).
fn target_bill(
    p: &mut Posting<'_>,
    target: OrderTarget,
    by: &str,
    now_ms: i64,
) -> Result<(BillHead, bool), WriteError> {
    let t = p.t;
    let id = match target {
        OrderTarget::Bill(b) => b.0,
        OrderTarget::Session(s) => {
            p.tx.opt(
                "SELECT bill_id FROM cafe_sessions WHERE tenant_id = $1 AND id = $2",
                args![t, s.0],
                |r| r.i64(0),
            )?
            .ok_or_else(|| WriteError::not_found("session_id"))?
        }
        OrderTarget::Table(place) => {
            let name =
                p.tx.lock_row(
                    "SELECT name, retired FROM cafe_places WHERE tenant_id = $1 AND id = $2
                     AND kind = 'table'",
                    args![t, place.0],
                    |r| Ok((r.text(0)?, r.bool(1)?)),
                )?
                .ok_or_else(|| WriteError::not_found("table_id"))?;
            super::floor::ensure_serving(name.1, &name.0)?;
            let name = name.0;
            match unpaid_bill_of(p, place.0)? {
                Some(head) => return Ok((head, false)),
                None => {
                    let id = open_bill(p, Some(place.0), &name, by, now_ms)?;
                    let head =
                        lock_bill(p, id)?.ok_or_else(|| StoreError::Corrupt("new bill".into()))?;
                    return Ok((head, true));
                }
            }
        }
    };
    let head = lock_bill(p, id)?.ok_or_else(|| WriteError::not_found("bill_id"))?;
    Ok((head, false))
}

/// Opens a bill at table `table`, or answers its newest unpaid one (a replay).
pub(crate) fn open_tab(
    p: &mut Posting<'_>,
    table: mizan_domain::PlaceId,
    by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let (head, opened) = target_bill(p, OrderTarget::Table(table), by, now_ms)?;
    Ok(if opened {
        Written::created(ResourceKind::Bill, head.id.0)
    } else {
        Written::replayed(ResourceKind::Bill, head.id.0)
    })
}

/// An order to add.
pub(crate) struct NewOrder<'a> {
    pub target: OrderTarget,
    pub product: ProductId,
    pub qty: i64,
    pub served: bool,
    pub note: Option<&'a str>,
    pub by: &'a str,
    pub now_ms: i64,
}

/// The warehouse orders on bill `head` are served from: its table's, or else its session's
/// station's, or else the tenant's first.
fn warehouse_of(p: &mut Posting<'_>, head: &BillHead) -> Result<WarehouseId, WriteError> {
    let t = p.t;
    let found = p.tx.opt(
        "SELECT COALESCE(
             (SELECT warehouse_id FROM cafe_places WHERE tenant_id = $1 AND id = $3),
             (SELECT pl.warehouse_id FROM cafe_sessions s JOIN cafe_places pl
                  ON pl.tenant_id = s.tenant_id AND pl.id = s.station_id
              WHERE s.tenant_id = $1 AND s.bill_id = $2 ORDER BY s.id LIMIT 1),
             (SELECT MIN(id) FROM warehouses WHERE tenant_id = $1))",
        args![t, head.id.0, head.place_id.map(|x| x.0)],
        |r| r.opt_i64(0),
    )?;
    found
        .flatten()
        .map(WarehouseId)
        .ok_or_else(|| WriteError::not_found("warehouse_id"))
}

pub(crate) fn add_order(p: &mut Posting<'_>, o: &NewOrder<'_>) -> Result<Written, WriteError> {
    let t = p.t;
    let (head, _) = target_bill(p, o.target, o.by, o.now_ms)?;
    ensure_open(p, &head)?;
    let policy = policies(p, &[o.product])?
        .remove(&o.product)
        .ok_or_else(|| WriteError::not_found("product_id"))?;
    if o.qty <= 0 {
        return Err(CafeError::InvalidField {
            field: "qty".into(),
            reason: "more than zero".into(),
        }
        .into());
    }
    let warehouse = warehouse_of(p, &head)?;
    let id = p.tx.insert_id(
        "INSERT INTO cafe_orders (tenant_id, bill_id, product_id, qty, unit_price, warehouse_id,
             status, note, ordered_by, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9) RETURNING id",
        args![
            t,
            head.id.0,
            o.product.0,
            o.qty,
            policy.sale_price,
            warehouse.0,
            o.note,
            o.by,
            o.now_ms
        ],
    )?;
    if o.served {
        serve_locked(p, &head, id, o.now_ms)?;
    }
    Ok(Written::created(ResourceKind::Order, id))
}

/// Refuses a bill merged or closed (`bill_merged`, `bill_closed`); its lines are read only then.
pub(crate) fn ensure_open(p: &mut Posting<'_>, head: &BillHead) -> Result<(), WriteError> {
    if head.merged_into.is_some() || head.closed {
        domain_bill(p, head)?.ensure_open()?;
    }
    Ok(())
}

/// An order's bill and status, locking the bill.
fn order_bill(p: &mut Posting<'_>, order: i64) -> Result<(BillHead, String), WriteError> {
    let t = p.t;
    let (bill, _) =
        p.tx.opt(
            "SELECT bill_id, status FROM cafe_orders WHERE tenant_id = $1 AND id = $2",
            args![t, order],
            |r| Ok((r.i64(0)?, r.text(1)?)),
        )?
        .ok_or_else(|| WriteError::not_found("order_id"))?;
    let head = lock_bill(p, bill)?.ok_or_else(|| StoreError::Corrupt("order bill".into()))?;
    // Read again under the bill's lock: a merge may have moved the order meanwhile.
    let (now_bill, status) = p.tx.one(
        "SELECT bill_id, status FROM cafe_orders WHERE tenant_id = $1 AND id = $2",
        args![t, order],
        |r| Ok((r.i64(0)?, r.text(1)?)),
    )?;
    if now_bill != bill {
        return order_bill(p, order);
    }
    Ok((head, status))
}

pub(crate) fn serve_order(
    p: &mut Posting<'_>,
    order: i64,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let (head, status) = order_bill(p, order)?;
    match status.as_str() {
        "served" => return Ok(Written::replayed(ResourceKind::Order, order)),
        "voided" => {
            return Err(CafeError::OrderNotPending { status }.into());
        }
        _ => {}
    }
    ensure_open(p, &head)?;
    serve_locked(p, &head, order, now_ms)?;
    Ok(Written::created(ResourceKind::Order, order))
}

fn serve_locked(
    p: &mut Posting<'_>,
    head: &BillHead,
    order: i64,
    now_ms: i64,
) -> Result<(), WriteError> {
    let t = p.t;
    let (product, qty, unit_price, warehouse) = p.tx.one(
        "SELECT product_id, qty, unit_price, warehouse_id FROM cafe_orders
         WHERE tenant_id = $1 AND id = $2",
        args![t, order],
        |r| {
            Ok((
                ProductId(r.i64(0)?),
                r.i64(1)?,
                r.i64(2)?,
                WarehouseId(r.i64(3)?),
            ))
        },
    )?;
    let policy = policies(p, &[product])?
        .remove(&product)
        .ok_or_else(|| WriteError::not_found("product_id"))?;
    let level = if policy.tracks_stock {
        levels(p, &mut vec![(warehouse, product)], true)?
            .get(&(warehouse, product))
            .copied()
    } else {
        None
    };
    let charge = serve(
        &accounts(p)?,
        &ServedItem {
            product_id: product,
            product: &policy,
            qty,
            unit_price,
            warehouse,
            level,
        },
    )?;
    add_charge(p, head, ("order", Some(order), None), &charge, now_ms)?;
    p.tx.execute(
        "UPDATE cafe_orders SET status = 'served' WHERE tenant_id = $1 AND id = $2",
        args![t, order],
    )?;
    Ok(())
}

pub(crate) fn void_order(
    p: &mut Posting<'_>,
    order: i64,
    reason: &str,
    by: &str,
) -> Result<Written, WriteError> {
    let (_, status) = order_bill(p, order)?;
    match status.as_str() {
        "voided" => return Ok(Written::replayed(ResourceKind::Order, order)),
        "served" => {
            return Err(CafeError::OrderNotPending { status }.into());
        }
        _ => {}
    }
    if reason.trim().is_empty() {
        return Err(CafeError::InvalidField {
            field: "reason".into(),
            reason: "say why the order is voided".into(),
        }
        .into());
    }
    p.tx.execute(
        "UPDATE cafe_orders SET status = 'voided', voided_by = $3, void_reason = $4
         WHERE tenant_id = $1 AND id = $2",
        args![p.t, order, by, reason.trim()],
    )?;
    Ok(Written::created(ResourceKind::Order, order))
}

/// A payment on a bill.
pub(crate) struct TabPayment<'a> {
    pub bill: BillId,
    pub amount: i64,
    pub method: TabMethod,
    pub by: &'a str,
    pub now_ms: i64,
}

pub(crate) fn pay_bill(
    p: &mut Posting<'_>,
    pay_in: &TabPayment<'_>,
) -> Result<Written, WriteError> {
    let t = p.t;
    let head = lock_bill(p, pay_in.bill.0)?.ok_or_else(|| WriteError::not_found("bill_id"))?;
    let bill = domain_bill(p, &head)?;
    let (debit, register, session, customer) = match pay_in.method {
        TabMethod::Cash(register) => {
            let (account, _) = p
                .register(register.0)?
                .ok_or_else(|| WriteError::not_found("cash_register_id"))?;
            let Some((session, _)) = open_session_cash(p, register.0)? else {
                return Err(CafeError::NoOpenSession { register }.into());
            };
            (AccountId(account), Some(register.0), Some(session.0), None)
        }
        TabMethod::Card => (p.role("card_clearing")?, None, None, None),
        TabMethod::Customer(c) => {
            if !p.tx.exists(
                "SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2",
                args![t, c.0],
            )? {
                return Err(WriteError::not_found("customer_id"));
            }
            (p.role("customers")?, None, None, Some(c.0))
        }
    };
    let entry = pay(&accounts(p)?, &bill, pay_in.amount, debit)?;
    let day = business_day(pay_in.now_ms, p.settings()?.utc_offset_minutes);
    let id = p.tx.insert_id(
        "INSERT INTO cafe_payments (tenant_id, bill_id, method, cash_register_id, session_id,
             customer_id, amount, received_by, business_day, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        args![
            t,
            head.id.0,
            pay_in.method.as_str(),
            register,
            session,
            customer,
            pay_in.amount,
            pay_in.by,
            day,
            pay_in.now_ms
        ],
    )?;
    move_bill(p, head.id.0, 0, pay_in.amount)?;
    if let (Some(register), Some(session)) = (register, session) {
        drawer_cash(p, "cafe_payment", id, register, pay_in.amount)?;
        p.tx.execute(
            "UPDATE cashier_sessions SET pay_ins = pay_ins + $3 WHERE tenant_id = $1 AND id = $2",
            args![t, session, pay_in.amount],
        )?;
    }
    if let Some(c) = customer {
        add_to_customer_debt(p, c, pay_in.amount)?;
    }
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind: "cafe_payment",
            doc: id,
            number: &head.number,
            memo: &format!("Café bill {} payment", head.number),
            lines: &entry,
            now_ms: pay_in.now_ms,
        },
    )?;
    close_if_settled(p, head.id.0)?;
    Ok(Written::created(ResourceKind::BillPayment, id))
}

/// Closes bill `bill` when it is paid in full with no play session still going and no order
/// still to serve.
pub(crate) fn close_if_settled(p: &mut Posting<'_>, bill: i64) -> Result<(), WriteError> {
    p.tx.execute(
        "UPDATE cafe_bills SET closed = TRUE
         WHERE tenant_id = $1 AND id = $2 AND total > 0 AND paid >= total
           AND NOT EXISTS (SELECT 1 FROM cafe_sessions s WHERE s.tenant_id = $1
                           AND s.bill_id = $2 AND s.state <> 'stopped')
           AND NOT EXISTS (SELECT 1 FROM cafe_orders o WHERE o.tenant_id = $1
                           AND o.bill_id = $2 AND o.status = 'pending')",
        args![p.t, bill],
    )?;
    Ok(())
}
