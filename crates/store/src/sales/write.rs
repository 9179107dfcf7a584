//! Writing sales: create one (as a draft, or completed at once) and complete a draft with its
//! payments. The snapshot is read inside the writer's transaction, the pure domain rule posts,
//! and the sale is written with every effect: stock, journal entry, drawer cash, payments,
//! customer debt, session totals and the daily report. The rows every sale of a tenant shares
//! are locked after the stock levels, in one order: the number series, the session (the day's
//! report row as the batch commits). Rows nothing reads back are appended (`Tx::append`).

use mizan_domain::calendar::business_day;
use mizan_domain::sales::{
    LineAmounts, NewSaleLine, Payments, SaleDraft, SaleEffects, SellerTerms, Settlement, post_sale,
    quote_sale,
};
use mizan_domain::{CashierSessionId, ProductId, SaleId, WarehouseId};

use super::payment_columns;
use super::snapshot::{Completing, Reserved};
use crate::ledger::subledgers::{add_to_customer_debt, drawer_cash};
use crate::ledger::write::{Entry, write_entry};
use crate::stock::write::write_stock;
use crate::tx::Col::{Int, Text};
use crate::tx::{Arg, Table, args, ordinal};
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

pub(crate) fn create_sale(
    p: &mut Posting<'_>,
    draft: &SaleDraft,
    complete: Option<&Settlement>,
    cashier: &str,
    terms: &SellerTerms,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let completing = complete.map(|settlement| Completing {
        settlement,
        now_ms,
        new_sale: true,
    });
    let (snapshot, reserved) = super::snapshot::load(p, draft, completing.as_ref())?;
    terms.check(draft, &snapshot)?;
    let method = payment_columns::encode(draft);
    let register = draft.register().map(|r| r.0);
    let customer = draft.customer().map(|c| c.0);
    let (Some(settlement), Some(reserved)) = (complete, reserved) else {
        // A draft is checked for what it refers to and priced; the rest waits for completion.
        let (amounts, net, vat) = quote_sale(draft, &snapshot)?;
        let sale = p.tx.insert_id(
            "INSERT INTO sales (tenant_id, number, status, payment_method, cash_register_id,
                 customer_id, session_id, cashier, net, vat, total, cost, created_at_ms)
             VALUES ($1, NULL, 'draft', $2, $3, $4, $5, $6, $7, $8, $9, 0, $10) RETURNING id",
            args![
                tenant = t,
                payment_method = method,
                cash_register_id = register,
                customer_id = customer,
                session_id = draft.session().map(|s| s.0),
                cashier = cashier,
                net = net,
                vat = vat,
                total = net + vat,
                created_at_ms = now_ms,
            ],
        )?;
        insert_lines(p, sale, draft, &amounts, false)?;
        return Ok(Written::created(ResourceKind::Sale, sale));
    };
    let effects = post_sale(draft, settlement, &snapshot)?;
    let offset = p.settings()?.utc_offset_minutes;
    let day = business_day(now_ms, offset);
    let sale = reserved
        .sale_id
        .ok_or_else(|| crate::StoreError::Corrupt("no sale id was taken".into()))?;
    p.tx.append(
        &POSTED_SALES,
        args![
            id = sale,
            tenant = t,
            number = reserved.number.as_str(),
            status = "posted",
            payment_method = method,
            cash_register_id = register,
            customer_id = customer,
            session_id = effects.session.map(|s| s.0),
            branch_id = effects.branch.map(|b| b.0),
            cashier = cashier,
            business_day = day,
            net = effects.net,
            vat = effects.vat,
            total = effects.total,
            cost = effects.cost,
            created_at_ms = now_ms,
            posted_at_ms = now_ms,
            utc_offset_minutes = i64::from(offset),
        ],
    )?;
    insert_lines(p, sale, draft, &effects.lines, true)?;
    write_effects(p, sale, &reserved, &effects, draft, day, now_ms)?;
    Ok(Written::created(ResourceKind::Sale, sale))
}

/// A sale posted as it is created (its id taken beforehand).
static POSTED_SALES: Table = Table {
    head: "INSERT INTO sales (id, tenant_id, number, status, payment_method, cash_register_id,
         customer_id, session_id, branch_id, cashier, business_day, net, vat, total, cost,
         created_at_ms, posted_at_ms, utc_offset_minutes)",
    cols: &[
        Int, Int, Text, Text, Text, Int, Int, Int, Int, Text, Int, Int, Int, Int, Int, Int, Int,
        Int,
    ],
    tail: "",
};

static LINES: Table = Table {
    head: "INSERT INTO sale_lines (tenant_id, sale_id, line_no, product_id, warehouse_id, qty,
         unit_price, discount, net, vat, cost, label_amount)",
    cols: &[Int; 12],
    tail: "",
};

static PAYMENTS: Table = Table {
    head: "INSERT INTO sale_payments (tenant_id, sale_id, line_no, method, amount, received,
         change_amount, account_id)",
    cols: &[Int, Int, Int, Text, Int, Int, Int, Int],
    tail: "",
};

/// Inserts a sale's lines, with their amounts (a draft's without cost). A posted sale's lines
/// are appended (nothing reads them back in the batch); a draft's are written now, for its
/// completion may follow in the same batch.
fn insert_lines(
    p: &mut Posting<'_>,
    sale: i64,
    draft: &SaleDraft,
    amounts: &[LineAmounts],
    posted: bool,
) -> Result<(), WriteError> {
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(draft.lines().len() * 12);
    for (i, line) in draft.lines().iter().enumerate() {
        let l = line.get();
        let a = amounts.get(i).copied().unwrap_or_default();
        values.extend::<[Arg<'_>; 12]>([
            p.t.into(),
            sale.into(),
            ordinal(i).into(),
            l.product.0.into(),
            l.warehouse.0.into(),
            l.qty.into(),
            a.unit_price.into(),
            l.discount.into(),
            a.net.into(),
            a.vat.into(),
            a.cost.into(),
            l.label_amount.into(),
        ]);
    }
    if posted {
        p.tx.append(&LINES, &values)?;
    } else {
        p.tx.insert_many(LINES.head, LINES.cols.len(), &values, "")?;
    }
    Ok(())
}

pub(crate) fn complete_sale(
    p: &mut Posting<'_>,
    sale: SaleId,
    payments: Option<&Payments>,
    in_session: Option<CashierSessionId>,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = p.t;
    let head = p.tx.lock_row(
        "SELECT status, payment_method, cash_register_id, customer_id, session_id FROM sales
         WHERE tenant_id = $1 AND id = $2",
        args![t, sale.0],
        |r| {
            Ok((
                r.text(0)?,
                r.text(1)?,
                r.opt_i64(2)?,
                r.opt_i64(3)?,
                r.opt_i64(4)?,
            ))
        },
    )?;
    let Some((status, method, register, customer, session)) = head else {
        return Err(WriteError::not_found("sale"));
    };
    if status == "posted" {
        return match payments {
            None => Ok(Written::replayed(ResourceKind::Sale, sale.0)),
            Some(_) => Err(WriteError::already_completed(sale)),
        };
    }
    if status == "discarded" {
        return Err(WriteError::discarded(sale));
    }
    let lines = p.tx.rows(
        "SELECT product_id, warehouse_id, qty, unit_price, discount, label_amount
         FROM sale_lines WHERE tenant_id = $1 AND sale_id = $2 ORDER BY line_no",
        args![t, sale.0],
        |r| {
            Ok(NewSaleLine {
                product: ProductId(r.i64(0)?),
                warehouse: WarehouseId(r.i64(1)?),
                qty: r.i64(2)?,
                unit_price: Some(r.i64(3)?),
                discount: r.i64(4)?,
                label_amount: r.opt_i64(5)?,
            })
        },
    )?;
    let draft = payment_columns::decode(sale, lines, &method, register, customer, session)?;
    let draft = payment_columns::in_session(draft, sale, in_session)?;
    let settlement = payment_columns::settlement(&draft, payments)?;
    let completing = Completing {
        settlement: &settlement,
        now_ms,
        new_sale: false,
    };
    let (snapshot, reserved) = super::snapshot::load(p, &draft, Some(&completing))?;
    let reserved =
        reserved.ok_or_else(|| crate::StoreError::Corrupt("no number was taken".into()))?;
    let effects = post_sale(&draft, &settlement, &snapshot)?;
    let offset = p.settings()?.utc_offset_minutes;
    let day = business_day(now_ms, offset);
    p.tx.defer(
        "UPDATE sales SET status = 'posted', net = $3, vat = $4, total = $5, cost = $6,
             posted_at_ms = $7, session_id = $8, branch_id = $9, business_day = $10,
             number = $11, utc_offset_minutes = $12
         WHERE tenant_id = $1 AND id = $2",
        args![
            tenant = t,
            sale = sale.0,
            net = effects.net,
            vat = effects.vat,
            total = effects.total,
            cost = effects.cost,
            posted_at_ms = now_ms,
            session_id = effects.session.map(|s| s.0),
            branch_id = effects.branch.map(|b| b.0),
            business_day = day,
            number = reserved.number.as_str(),
            utc_offset_minutes = i64::from(offset),
        ],
    )?;
    for (i, a) in effects.lines.iter().enumerate() {
        p.tx.defer(
            "UPDATE sale_lines SET net = $4, vat = $5, cost = $6
             WHERE tenant_id = $1 AND sale_id = $2 AND line_no = $3",
            args![t, sale.0, ordinal(i), a.net, a.vat, a.cost],
        )?;
    }
    write_effects(p, sale.0, &reserved, &effects, &draft, day, now_ms)?;
    Ok(Written::created(ResourceKind::Sale, sale.0))
}

/// Writes a posted sale's effects: stock, the journal entry, drawer cash, its payments, the
/// customer's debt, the session's totals and the daily report.
fn write_effects(
    p: &mut Posting<'_>,
    sale: i64,
    reserved: &Reserved,
    effects: &SaleEffects,
    draft: &SaleDraft,
    day: i32,
    now_ms: i64,
) -> Result<(), WriteError> {
    let t = p.t;
    write_stock(
        p,
        ("sale", sale),
        now_ms,
        &effects.stock_moves,
        &effects.levels,
    )?;
    if let Some((register, amount)) = effects.cash {
        drawer_cash(p, "sale", sale, register.0, amount)?;
    }
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(effects.payments.len() * 8);
    for (i, pay) in effects.payments.iter().enumerate() {
        values.extend::<[Arg<'_>; 8]>([
            t.into(),
            sale.into(),
            ordinal(i).into(),
            pay.method.as_str().into(),
            pay.amount.into(),
            pay.received.into(),
            pay.change.into(),
            pay.account.0.into(),
        ]);
    }
    p.tx.append(&PAYMENTS, &values)?;
    if let Some((customer, amount)) = effects.credit {
        add_to_customer_debt(p, customer.0, amount)?;
    }
    write_entry(
        p,
        &Entry {
            id: Some(reserved.entry_id),
            doc_kind: "sale",
            doc: sale,
            number: &reserved.number,
            memo: &format!("Sale {}", reserved.number),
            lines: &effects.entry,
            now_ms,
        },
    )?;
    if let Some(session) = effects.session {
        add_to_session(p, session, effects)?;
    }
    crate::daily::write::record_sale(p, effects, draft.customer(), day)
}

/// Adds the sale to its open session's running totals. The snapshot locked the session and
/// found it open (the domain refuses a sale for a closed one), so it stays open until this
/// commits and the update needs no answer.
fn add_to_session(
    p: &mut Posting<'_>,
    session: CashierSessionId,
    effects: &SaleEffects,
) -> Result<(), WriteError> {
    let totals = &effects.totals;
    p.tx.defer(
        "UPDATE cashier_sessions SET sales_count = sales_count + 1,
             sales_total = sales_total + $3, cash_received = cash_received + $4,
             change_given = change_given + $5, card = card + $6,
             bank_transfer = bank_transfer + $7, credit = credit + $8
         WHERE tenant_id = $1 AND id = $2",
        args![
            tenant = p.t,
            session = session.0,
            sales_total = effects.total,
            cash_received = totals.cash_received,
            change_given = totals.change,
            card = totals.card,
            bank_transfer = totals.bank_transfer,
            credit = totals.credit,
        ],
    )?;
    Ok(())
}

/// Throws a parked draft away: it posted nothing, so nothing else changes (the audit row says
/// who and why). A completed sale is refused: it is corrected by a return. Discarding a
/// discarded draft returns it.
pub(crate) fn discard_sale(p: &mut Posting<'_>, sale: SaleId) -> Result<Written, WriteError> {
    let status = p.tx.lock_row(
        "SELECT status FROM sales WHERE tenant_id = $1 AND id = $2",
        args![p.t, sale.0],
        |r| r.text(0),
    )?;
    match status.as_deref() {
        None => Err(WriteError::not_found("sale")),
        Some("posted") => Err(WriteError::already_completed(sale)),
        Some("discarded") => Ok(Written::replayed(ResourceKind::Sale, sale.0)),
        Some(_) => {
            p.tx.execute(
                "UPDATE sales SET status = 'discarded' WHERE tenant_id = $1 AND id = $2",
                args![p.t, sale.0],
            )?;
            Ok(Written::created(ResourceKind::Sale, sale.0))
        }
    }
}
