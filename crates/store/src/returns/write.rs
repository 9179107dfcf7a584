//! Writing a return: the sale is locked (returns of one sale take turns, so two cannot both take
//! its last unit), its lines are read with what earlier returns took, the restock levels and the
//! refund drawer's open session are locked, the pure rule posts, and the return is written with
//! every effect: stock, the journal entry, drawer cash and the session's refunds, the customer's
//! debt, and the day's returns in the daily report.

use mizan_domain::calendar::business_day;
use mizan_domain::returns::{
    Refund, Restock, ReturnAccounts, ReturnDraft, ReturnEffects, ReturnSnapshot, SoldLine,
    post_return,
};
use mizan_domain::{ProductId, SaleId, WarehouseId};

use crate::ledger::subledgers::{add_to_customer_debt, drawer_cash};
use crate::ledger::write::{Entry, next_number, write_entry};
use crate::sessions::drawer::{PaidOut, count_paid_out, open_session_cash};
use crate::stock::write::{levels, write_stock};
use crate::tx::{Arg, args, ordinal};
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

/// The sale a return refers to, as it was locked.
struct SaleHead {
    number: String,
    customer: Option<i64>,
    branch: Option<i64>,
}

pub(crate) fn create_return(
    p: &mut Posting<'_>,
    sale: SaleId,
    r: &ReturnDraft,
    returned_by: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    post(p, sale, r, returned_by, now_ms, false)
}

/// Posts return `r` of `sale`; `voids` marks it as the void of the sale.
pub(super) fn post(
    p: &mut Posting<'_>,
    sale: SaleId,
    r: &ReturnDraft,
    returned_by: &str,
    now_ms: i64,
    voids: bool,
) -> Result<Written, WriteError> {
    let t = p.t;
    let (status, head) =
        p.tx.lock_row(
            "SELECT status, COALESCE(number, ''), customer_id, branch_id FROM sales
             WHERE tenant_id = $1 AND id = $2",
            args![t, sale.0],
            |row| {
                Ok((
                    row.text(0)?,
                    SaleHead {
                        number: row.text(1)?,
                        customer: row.opt_i64(2)?,
                        branch: row.opt_i64(3)?,
                    },
                ))
            },
        )?
        .ok_or_else(|| WriteError::not_found("sale"))?;
    let snapshot = load(p, sale, r, status == "posted", &head)?;
    let effects = post_return(r, &snapshot)?;
    let number = next_number(p, "RET", now_ms)?;
    let offset = p.settings()?.utc_offset_minutes;
    let day = business_day(now_ms, offset);
    let (method, register) = match r.refund() {
        Refund::Cash(reg) => ("cash", Some(reg.0)),
        Refund::Card => ("card", None),
        Refund::Bank => ("bank_transfer", None),
        Refund::Credit => ("credit", None),
    };
    let warehouse = match r.restock() {
        Restock::Warehouse(w) => Some(w.0),
        Restock::WriteOff => None,
    };
    let id = p.tx.insert_id(
        "INSERT INTO sale_returns (tenant_id, number, sale_id, warehouse_id, refund_method,
             cash_register_id, session_id, customer_id, branch_id, reason, returned_by, net, vat,
             total, cost, business_day, created_at_ms, utc_offset_minutes, voids_sale)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             $18, $19)
         RETURNING id",
        args![
            tenant_id = t,
            number = number.as_str(),
            sale_id = sale.0,
            warehouse_id = warehouse,
            refund_method = method,
            cash_register_id = register,
            session_id = effects.session.map(|s| s.0),
            customer_id = head.customer,
            branch_id = head.branch,
            reason = r.reason(),
            returned_by = returned_by,
            net = effects.net,
            vat = effects.vat,
            total = effects.total,
            cost = effects.cost,
            business_day = day,
            created_at_ms = now_ms,
            utc_offset_minutes = i64::from(offset),
            voids_sale = voids,
        ],
    )?;
    write_effects(p, id, sale, &head, &number, &effects, day, now_ms)?;
    Ok(Written::created(ResourceKind::SaleReturn, id))
}

/// Everything the rule needs, read (and locked where it will change) in this transaction.
fn load(
    p: &mut Posting<'_>,
    sale: SaleId,
    r: &ReturnDraft,
    completed: bool,
    head: &SaleHead,
) -> Result<ReturnSnapshot, WriteError> {
    let t = p.t;
    let mut lines = p.tx.rows(
        "SELECT l.product_id, p.tracks_stock, l.qty, l.net, l.vat, l.cost
         FROM sale_lines l JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id
         WHERE l.tenant_id = $1 AND l.sale_id = $2 ORDER BY l.line_no",
        args![t, sale.0],
        |row| {
            Ok(SoldLine {
                product: ProductId(row.i64(0)?),
                tracks_stock: row.bool(1)?,
                qty: row.i64(2)?,
                net: row.i64(3)?,
                vat: row.i64(4)?,
                cost: row.i64(5)?,
                returned_qty: 0,
                returned_net: 0,
                returned_vat: 0,
                returned_cost: 0,
            })
        },
    )?;
    let taken = p.tx.rows(
        "SELECT line_no, CAST(SUM(qty) AS BIGINT), CAST(SUM(net) AS BIGINT),
                CAST(SUM(vat) AS BIGINT), CAST(SUM(cost) AS BIGINT)
         FROM sale_return_lines WHERE tenant_id = $1 AND sale_id = $2 GROUP BY line_no",
        args![t, sale.0],
        |row| {
            Ok((
                row.i64(0)?,
                [row.i64(1)?, row.i64(2)?, row.i64(3)?, row.i64(4)?],
            ))
        },
    )?;
    for (line_no, [qty, net, vat, cost]) in taken {
        if let Some(l) = usize::try_from(line_no).ok().and_then(|i| lines.get_mut(i)) {
            (
                l.returned_qty,
                l.returned_net,
                l.returned_vat,
                l.returned_cost,
            ) = (qty, net, vat, cost);
        }
    }
    let (warehouse_exists, levels) = match r.restock() {
        Restock::Warehouse(w) => {
            let exists = p.tx.exists(
                "SELECT 1 FROM warehouses WHERE tenant_id = $1 AND id = $2",
                args![t, w.0],
            )?;
            let mut pairs: Vec<(WarehouseId, ProductId)> = r
                .lines()
                .iter()
                .filter_map(|l| lines.get(l.line))
                .filter(|l| l.tracks_stock)
                .map(|l| (w, l.product))
                .collect();
            let found = if exists {
                levels(p, &mut pairs, true)?
            } else {
                Default::default()
            };
            (exists, found)
        }
        Restock::WriteOff => (true, Default::default()),
    };
    let (register, session) = match r.refund() {
        Refund::Cash(reg) => {
            let drawer = p
                .register(reg.0)?
                .map(|(account, _)| mizan_domain::AccountId(account));
            let session = open_session_cash(p, reg.0)?;
            (drawer, session)
        }
        _ => (None, None),
    };
    let accounts = ReturnAccounts {
        revenue: p.role("sales_revenue")?,
        vat: p.role("vat_payable")?,
        cogs: p.role("cogs")?,
        inventory: p.role("inventory")?,
        customers: p.role("customers")?,
        card: p.role("card_clearing")?,
        bank: p.role("bank")?,
        damaged: p.role("damaged_goods")?,
    };
    Ok(ReturnSnapshot {
        completed,
        lines: std::mem::take(&mut lines),
        customer: head.customer.map(mizan_domain::CustomerId),
        accounts: Some(accounts),
        warehouse_exists,
        levels,
        register,
        session,
        require_open_session: p.settings()?.require_open_session,
    })
}

/// Writes a posted return's effects.
#[allow(clippy::too_many_arguments)]
fn write_effects(
    p: &mut Posting<'_>,
    id: i64,
    sale: SaleId,
    head: &SaleHead,
    number: &str,
    effects: &ReturnEffects,
    day: i32,
    now_ms: i64,
) -> Result<(), WriteError> {
    let t = p.t;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(effects.lines.len() * 9);
    for l in &effects.lines {
        values.extend::<[Arg<'_>; 9]>([
            t.into(),
            id.into(),
            sale.0.into(),
            ordinal(l.line).into(),
            l.product.0.into(),
            l.qty.into(),
            l.net.into(),
            l.vat.into(),
            l.cost.into(),
        ]);
    }
    p.tx.insert_many(
        "INSERT INTO sale_return_lines (tenant_id, return_id, sale_id, line_no, product_id, qty,
             net, vat, cost)",
        9,
        &values,
        "",
    )?;
    write_stock(
        p,
        ("return", id),
        now_ms,
        &effects.stock_moves,
        &effects.levels,
    )?;
    if let Some((register, amount)) = effects.cash {
        drawer_cash(p, "return", id, register.0, amount)?;
    }
    if let Some(session) = effects.session {
        count_paid_out(p, session, PaidOut::Refund, effects.total)?;
    }
    if let Some((customer, amount)) = effects.credit {
        add_to_customer_debt(p, customer.0, amount)?;
    }
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind: "return",
            doc: id,
            number,
            memo: &format!("Return {number} of sale {}", head.number),
            lines: &effects.entry,
            now_ms,
        },
    )?;
    p.tx.defer(
        "INSERT INTO daily_sales (tenant_id, branch_id, day, returns_count, returns_total)
         VALUES ($1, $2, $3, 1, CAST($4 AS BIGINT))
         ON CONFLICT (tenant_id, branch_id, day) DO UPDATE SET
             returns_count = daily_sales.returns_count + 1,
             returns_total = daily_sales.returns_total + excluded.returns_total",
        args![t, head.branch.unwrap_or(0), day, effects.total],
    )?;
    Ok(())
}
