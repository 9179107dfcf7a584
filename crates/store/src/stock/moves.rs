//! Transfers between warehouses and stock counts in the store: the levels involved are locked,
//! the pure rule posts, and the document is written with its lines, stock moves and (when
//! anything is booked) its entry, in one transaction; and read back.

use std::collections::HashMap;

use mizan_domain::calendar::business_day;
use mizan_domain::transfers::{
    CountAccounts, CountedProduct, StockCount, Transfer, post_stock_count, post_transfer,
};
use mizan_domain::{ProductId, WarehouseId};
use serde::Serialize;

use super::write::{levels, write_stock};
use crate::catalog::policies::policies;
use crate::ledger::write::{Entry, next_number, write_entry};
use crate::tx::{Arg, Tx, args, ordinal};
use crate::write::Posting;
use crate::{ResourceKind, StoreError, TenantScope, WriteError, Written};

/// A posted transfer or count as it is read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockDocument {
    pub id: i64,
    pub number: String,
    /// `transfer` or `count`.
    pub kind: String,
    /// The warehouse goods left (a transfer) or that was counted.
    pub warehouse_id: WarehouseId,
    /// Where a transfer's goods went.
    pub to_warehouse_id: Option<WarehouseId>,
    /// A transfer's note or a count's reason.
    pub note: Option<String>,
    /// A transfer: the cost that moved; a count: found less shrinkage.
    pub value: i64,
    pub by: String,
    pub business_day: i32,
    pub created_at_ms: i64,
    pub lines: Vec<StockDocumentLine>,
}

/// One line: the product, the quantity moved (a count: counted less on hand, with what was
/// counted) and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockDocumentLine {
    pub product_id: ProductId,
    pub qty: i64,
    pub counted: Option<i64>,
    pub value: i64,
}

fn accounts(p: &mut Posting<'_>) -> Result<CountAccounts, WriteError> {
    Ok(CountAccounts {
        inventory: p.role("inventory")?,
        cogs: p.role("cogs")?,
        shrinkage: p.role("shrinkage")?,
        found: p.role("found_stock")?,
    })
}

/// The products of `ids` and the locked levels of `warehouses` × those that track stock.
#[allow(clippy::type_complexity)]
fn state(
    p: &mut Posting<'_>,
    warehouses: &[WarehouseId],
    ids: &[ProductId],
) -> Result<
    (
        HashMap<ProductId, CountedProduct>,
        HashMap<(WarehouseId, ProductId), mizan_domain::stock::StockLevel>,
    ),
    WriteError,
> {
    for (i, w) in warehouses.iter().enumerate() {
        if p.warehouse(w.0)?.is_none() {
            let field = if i == 0 {
                "warehouse_id"
            } else {
                "to_warehouse_id"
            };
            return Err(WriteError::not_found(field));
        }
    }
    let found = policies(p, ids)?;
    let mut pairs: Vec<(WarehouseId, ProductId)> = warehouses
        .iter()
        .flat_map(|w| {
            found
                .iter()
                .filter(|(_, policy)| policy.tracks_stock)
                .map(|(id, _)| (*w, *id))
        })
        .collect();
    let products = found
        .into_iter()
        .map(|(id, policy)| {
            (
                id,
                CountedProduct {
                    code: policy.code,
                    tracks_stock: policy.tracks_stock,
                    cost_price: policy.cost_price,
                },
            )
        })
        .collect();
    Ok((products, levels(p, &mut pairs, true)?))
}

fn entry(
    p: &mut Posting<'_>,
    doc_kind: &'static str,
    doc: i64,
    number: &str,
    memo: &str,
    lines: &mizan_domain::ledger::BalancedEntry,
    now_ms: i64,
) -> Result<(), WriteError> {
    if lines.lines().is_empty() {
        return Ok(());
    }
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind,
            doc,
            number,
            memo,
            lines,
            now_ms,
        },
    )
}

pub(crate) fn transfer(p: &mut Posting<'_>, t: &Transfer, by: &str, now_ms: i64) -> W {
    let ids: Vec<ProductId> = t.lines().iter().map(|l| l.product).collect();
    let (products, found) = state(p, &[t.from(), t.to()], &ids)?;
    let effects = post_transfer(t, &products, &found, accounts(p)?)?;
    let number = next_number(p, "TRF", now_ms)?;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let id = p.tx.insert_id(
        "INSERT INTO stock_transfers (tenant_id, number, from_warehouse_id, to_warehouse_id, note,
             value, moved_by, business_day, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        args![
            tenant_id = p.t,
            number = number.as_str(),
            from_warehouse_id = t.from().0,
            to_warehouse_id = t.to().0,
            note = t.note(),
            value = effects.value,
            moved_by = by,
            business_day = day,
            created_at_ms = now_ms,
        ],
    )?;
    let tenant = p.t;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(effects.lines.len() * 6);
    for (i, l) in effects.lines.iter().enumerate() {
        values.extend::<[Arg<'_>; 6]>([
            tenant.into(),
            id.into(),
            ordinal(i).into(),
            l.product.0.into(),
            l.qty.into(),
            l.value.into(),
        ]);
    }
    p.tx.insert_many(
        "INSERT INTO stock_transfer_lines (tenant_id, transfer_id, line_no, product_id, qty, value)",
        6,
        &values,
        "",
    )?;
    write_stock(
        p,
        ("transfer", id),
        now_ms,
        &effects.stock_moves,
        &effects.levels,
    )?;
    let memo = format!("Transfer {number}");
    entry(p, "transfer", id, &number, &memo, &effects.entry, now_ms)?;
    Ok(Written::created(ResourceKind::StockTransfer, id))
}

type W = Result<Written, WriteError>;

pub(crate) fn count(p: &mut Posting<'_>, c: &StockCount, by: &str, now_ms: i64) -> W {
    let ids: Vec<ProductId> = c.lines().iter().map(|l| l.product).collect();
    let (products, found) = state(p, &[c.warehouse()], &ids)?;
    let effects = post_stock_count(c, &products, &found, accounts(p)?)?;
    let number = next_number(p, "CNT", now_ms)?;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let id = p.tx.insert_id(
        "INSERT INTO stock_counts (tenant_id, number, warehouse_id, reason, shrinkage, found,
             counted_by, business_day, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        args![
            tenant_id = p.t,
            number = number.as_str(),
            warehouse_id = c.warehouse().0,
            reason = c.reason(),
            shrinkage = effects.shrinkage,
            found = effects.found,
            counted_by = by,
            business_day = day,
            created_at_ms = now_ms,
        ],
    )?;
    let tenant = p.t;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(effects.lines.len() * 7);
    for (i, (l, counted)) in effects.lines.iter().zip(c.lines()).enumerate() {
        values.extend::<[Arg<'_>; 7]>([
            tenant.into(),
            id.into(),
            ordinal(i).into(),
            l.product.0.into(),
            counted.counted.into(),
            l.qty.into(),
            l.value.into(),
        ]);
    }
    p.tx.insert_many(
        "INSERT INTO stock_count_lines (tenant_id, count_id, line_no, product_id, counted,
             difference, value)",
        7,
        &values,
        "",
    )?;
    write_stock(
        p,
        ("count", id),
        now_ms,
        &effects.stock_moves,
        &effects.levels,
    )?;
    let memo = format!("Stock count {number}: {}", c.reason());
    entry(p, "count", id, &number, &memo, &effects.entry, now_ms)?;
    Ok(Written::created(ResourceKind::StockCount, id))
}

/// The head of a transfer (`kind` = `transfer`) or a count, and the statement of its lines.
fn head_and_lines(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "transfer" => (
            "SELECT id, number, from_warehouse_id, to_warehouse_id, note, value, moved_by,
                    business_day, created_at_ms
             FROM stock_transfers WHERE tenant_id = $1",
            "SELECT product_id, qty, CAST(NULL AS BIGINT), value FROM stock_transfer_lines
             WHERE tenant_id = $1 AND transfer_id = $2 ORDER BY line_no",
        ),
        _ => (
            "SELECT id, number, warehouse_id, CAST(NULL AS BIGINT), reason, found - shrinkage,
                    counted_by, business_day, created_at_ms
             FROM stock_counts WHERE tenant_id = $1",
            "SELECT product_id, difference, counted, value FROM stock_count_lines
             WHERE tenant_id = $1 AND count_id = $2 ORDER BY line_no",
        ),
    }
}

/// A stock document's head as [`head_and_lines`] selects it, without its lines.
fn head_row(kind: &str, r: &dyn crate::tx::Row) -> Result<StockDocument, StoreError> {
    Ok(StockDocument {
        id: r.i64(0)?,
        number: r.text(1)?,
        kind: kind.to_owned(),
        warehouse_id: WarehouseId(r.i64(2)?),
        to_warehouse_id: r.opt_i64(3)?.map(WarehouseId),
        note: r.opt_text(4)?,
        value: r.i64(5)?,
        by: r.text(6)?,
        business_day: r.i32(7)?,
        created_at_ms: r.i64(8)?,
        lines: Vec::new(),
    })
}

/// A page of transfers (`kind` = `transfer`) or counts newest first, older than id `before`,
/// at most `limit` (1 to 500), without their lines.
pub(crate) fn documents(
    tx: &mut dyn Tx,
    s: TenantScope,
    kind: &str,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<StockDocument>, StoreError> {
    let (head, _) = head_and_lines(kind);
    // The limit is an integer written into the statement, as the journal's pages do.
    let sql = format!(
        "{head} AND id < $2 ORDER BY id DESC LIMIT {}",
        limit.clamp(1, 500)
    );
    tx.rows(&sql, args![s.id(), before.unwrap_or(i64::MAX)], |r| {
        head_row(kind, r)
    })
}

/// A transfer (`kind` = `transfer`) or a count with its lines.
pub(crate) fn document(
    tx: &mut dyn Tx,
    s: TenantScope,
    kind: &str,
    id: i64,
) -> Result<Option<StockDocument>, StoreError> {
    let (head, lines) = head_and_lines(kind);
    let found = tx.opt(&format!("{head} AND id = $2"), args![s.id(), id], |r| {
        head_row(kind, r)
    })?;
    let Some(mut doc) = found else {
        return Ok(None);
    };
    doc.lines = tx.rows(lines, args![s.id(), id], |r| {
        Ok(StockDocumentLine {
            product_id: ProductId(r.i64(0)?),
            qty: r.i64(1)?,
            counted: r.opt_i64(2)?,
            value: r.i64(3)?,
        })
    })?;
    Ok(Some(doc))
}
