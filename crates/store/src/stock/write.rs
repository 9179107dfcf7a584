//! Writing stock: reading and locking levels in (warehouse, product) order (those an earlier
//! write of the batch changed come from `pending`), the moves a posting made and the levels it
//! leaves (written as the batch commits), and opening stock (Dr Inventory / Cr Opening balance
//! equity).

use std::collections::HashMap;

use mizan_domain::calendar::business_day;
use mizan_domain::opening::{OpeningAccounts, OpeningStockError, post_opening_stock as post};
use mizan_domain::stock::{StockLevel, StockMove};
use mizan_domain::workshop::NewRoll;
use mizan_domain::{ProductId, WarehouseId};

use crate::ledger::write::{Entry, next_number, write_entry};
use crate::tx::Col::{Int, Text};
use crate::tx::{Arg, Table, Tx, args, ordinal};
use crate::workshop::rolls::RollPlan;
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

/// Levels by (warehouse, product).
pub(crate) type Levels = HashMap<(WarehouseId, ProductId), StockLevel>;

/// The levels of `pairs`, locked until the transaction ends when `lock` (a posting is about to
/// change them; a level seen for the first time is created empty so that it can be locked).
/// Pairs are taken sorted, so concurrent postings lock in one order (a deadlock between
/// processes, possible when a batch locks a new level late, re-runs the batch).
pub(crate) fn levels(
    p: &mut Posting<'_>,
    pairs: &mut Vec<(WarehouseId, ProductId)>,
    lock: bool,
) -> Result<Levels, WriteError> {
    pairs.sort_unstable();
    pairs.dedup();
    let mut out = Levels::with_capacity(pairs.len());
    let unread = pending_levels(p, pairs, &mut out);
    out.extend(read_levels(p.tx, p.t, &unread, lock)?);
    if lock {
        lock_missing(p.tx, p.t, pairs, &mut out)?;
    }
    Ok(out)
}

/// Puts the levels of `pairs` that earlier writes of the batch changed (already locked) into
/// `out`; answers the pairs left to read.
pub(crate) fn pending_levels(
    p: &Posting<'_>,
    pairs: &[(WarehouseId, ProductId)],
    out: &mut Levels,
) -> Vec<(WarehouseId, ProductId)> {
    let mut unread = Vec::with_capacity(pairs.len());
    for &(w, pr) in pairs {
        match p.state.pending.level(p.t, w, pr) {
            Some(level) => {
                out.insert((w, pr), level);
            }
            None => unread.push((w, pr)),
        }
    }
    unread
}

/// Creates (empty) and locks the levels of `pairs` that `out` lacks — a pair never stocked
/// before must exist to be locked. Rare.
pub(crate) fn lock_missing(
    tx: &mut dyn Tx,
    t: i64,
    pairs: &[(WarehouseId, ProductId)],
    out: &mut Levels,
) -> Result<(), WriteError> {
    let missing: Vec<_> = pairs
        .iter()
        .filter(|k| !out.contains_key(k))
        .copied()
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(missing.len() * 5);
    for (w, p) in &missing {
        values.extend::<[Arg<'_>; 5]>([
            t.into(),
            w.0.into(),
            p.0.into(),
            0_i64.into(),
            0_i64.into(),
        ]);
    }
    tx.insert_many(
        "INSERT INTO stock_levels (tenant_id, warehouse_id, product_id, qty, value)",
        5,
        &values,
        "ON CONFLICT (tenant_id, warehouse_id, product_id) DO NOTHING",
    )?;
    out.extend(read_levels(tx, t, &missing, true)?);
    Ok(())
}

/// How the levels of some (warehouse, product) pairs are read, locked when a posting is about
/// to change them. This statement differs per backend: PostgreSQL takes every pair in one
/// statement (two arrays, one index lookup and lock per pair, in the sorted order the pairs
/// come in, so concurrent postings lock in one order); SQLite reads one
/// primary key per statement (in-process; an `OR` of pairs would make it scan), its one writer
/// excluding every other write.
pub(crate) struct LevelLookup {
    sql: &'static str,
    t: i64,
    warehouses: Vec<i64>,
    products: Vec<i64>,
    one_statement: bool,
}

impl LevelLookup {
    /// The lookup of `pairs` (sorted and without repeats).
    pub(crate) fn new(tx: &dyn Tx, t: i64, pairs: &[(WarehouseId, ProductId)], lock: bool) -> Self {
        let one_statement = tx.backend() == crate::tx::Backend::Postgres;
        let sql = match (one_statement, lock) {
            (true, true) => {
                "SELECT l.warehouse_id, l.product_id, l.qty, l.value
                 FROM unnest($2::int8[], $3::int8[]) AS k(w, p)
                 CROSS JOIN LATERAL (SELECT warehouse_id, product_id, qty, value FROM stock_levels
                     WHERE tenant_id = $1 AND warehouse_id = k.w AND product_id = k.p
                     FOR UPDATE) l"
            }
            (true, false) => {
                "SELECT l.warehouse_id, l.product_id, l.qty, l.value
                 FROM unnest($2::int8[], $3::int8[]) AS k(w, p)
                 CROSS JOIN LATERAL (SELECT warehouse_id, product_id, qty, value FROM stock_levels
                     WHERE tenant_id = $1 AND warehouse_id = k.w AND product_id = k.p
                     OFFSET 0) l"
            }
            (false, _) => {
                "SELECT warehouse_id, product_id, qty, value FROM stock_levels
                 WHERE tenant_id = $1 AND warehouse_id = $2 AND product_id = $3"
            }
        };
        Self {
            sql,
            t,
            warehouses: pairs.iter().map(|(w, _)| w.0).collect(),
            products: pairs.iter().map(|(_, p)| p.0).collect(),
            one_statement,
        }
    }

    pub(crate) fn sql(&self) -> &'static str {
        self.sql
    }

    /// The arguments of each statement to run (none for no pairs).
    pub(crate) fn args(&self) -> Vec<Vec<Arg<'_>>> {
        if self.warehouses.is_empty() {
            Vec::new()
        } else if self.one_statement {
            vec![vec![
                self.t.into(),
                (&self.warehouses).into(),
                (&self.products).into(),
            ]]
        } else {
            self.warehouses
                .iter()
                .zip(&self.products)
                .map(|(w, p)| vec![self.t.into(), (*w).into(), (*p).into()])
                .collect()
        }
    }
}

/// A row of a [`LevelLookup`].
pub(crate) fn level_row(
    r: &dyn crate::tx::Row,
) -> Result<((WarehouseId, ProductId), StockLevel), crate::StoreError> {
    Ok((
        (WarehouseId(r.i64(0)?), ProductId(r.i64(1)?)),
        StockLevel {
            qty: r.i64(2)?,
            value: r.i64(3)?,
        },
    ))
}

fn read_levels(
    tx: &mut dyn Tx,
    t: i64,
    pairs: &[(WarehouseId, ProductId)],
    lock: bool,
) -> Result<Levels, WriteError> {
    let lookup = LevelLookup::new(tx, t, pairs, lock);
    let mut out = Levels::with_capacity(pairs.len());
    let mut keep = |r: &dyn crate::tx::Row| {
        let (key, level) = level_row(r)?;
        out.insert(key, level);
        Ok(())
    };
    for a in lookup.args() {
        tx.query(lookup.sql(), &a, &mut keep)?;
    }
    Ok(out)
}

/// Writes a document's stock moves; the levels they leave (rows already locked) are written
/// as the batch commits (`pending`). Fabrics kept in rolls take their moves from and into
/// their rolls (`workshop::rolls::follow`).
pub(crate) fn write_stock(
    p: &mut Posting<'_>,
    doc: (&'static str, i64),
    now_ms: i64,
    moves: &[StockMove],
    levels: &[((WarehouseId, ProductId), StockLevel)],
) -> Result<(), WriteError> {
    write_stock_with(p, doc, now_ms, moves, levels, RollEffect::Follow(&[]))
}

/// What a document's moves do to rolls.
pub(crate) enum RollEffect<'a> {
    /// Rolls follow the moves; a receipt brings in the rolls named here.
    Follow(&'a [RollPlan<'a>]),
    /// The document wrote its rolls itself (a cut).
    Written,
}

/// [`write_stock`], saying what the moves do to rolls.
pub(crate) fn write_stock_with(
    p: &mut Posting<'_>,
    (doc_kind, doc): (&'static str, i64),
    now_ms: i64,
    moves: &[StockMove],
    levels: &[((WarehouseId, ProductId), StockLevel)],
    rolls: RollEffect<'_>,
) -> Result<(), WriteError> {
    if let RollEffect::Follow(plan) = rolls {
        crate::workshop::rolls::follow(p, (doc_kind, doc), now_ms, moves, levels, plan)?;
    }
    let t = p.t;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(moves.len() * 9);
    for (i, m) in moves.iter().enumerate() {
        values.extend::<[Arg<'_>; 9]>([
            t.into(),
            doc_kind.into(),
            doc.into(),
            ordinal(i).into(),
            m.warehouse.0.into(),
            m.product.0.into(),
            m.qty.into(),
            m.value.into(),
            day.into(),
        ]);
    }
    p.tx.append(&MOVES, &values)?;
    for ((w, product), level) in levels {
        p.state.pending.set_level(t, *w, *product, *level);
    }
    Ok(())
}

static MOVES: Table = Table {
    head: "INSERT INTO stock_moves (tenant_id, doc_kind, doc_id, line_no, warehouse_id, product_id,
         qty, value, business_day)",
    cols: &[Int, Text, Int, Int, Int, Int, Int, Int, Int],
    tail: "",
};

/// Opening stock received at a cost.
pub(crate) struct OpeningStock<'a> {
    pub warehouse: WarehouseId,
    pub product: ProductId,
    pub qty: i64,
    pub unit_cost: i64,
    pub rolls: &'a [NewRoll],
    pub now_ms: i64,
}

pub(crate) fn post_opening_stock(
    p: &mut Posting<'_>,
    o: &OpeningStock<'_>,
) -> Result<Written, WriteError> {
    let t = p.t;
    let product = p.tx.opt(
        "SELECT tracks_stock, in_rolls, code FROM products WHERE tenant_id = $1 AND id = $2",
        args![t, o.product.0],
        |r| Ok((r.bool(0)?, r.bool(1)?, r.text(2)?)),
    )?;
    match product {
        None => return Err(WriteError::not_found("product_id")),
        Some((false, ..)) => return Err(OpeningStockError::NotStocked.into()),
        Some((true, in_rolls, code)) => {
            mizan_domain::workshop::rolls::receipt_rolls(&code, in_rolls, o.rolls, o.qty)?;
        }
    }
    if !p.tx.exists(
        "SELECT 1 FROM warehouses WHERE tenant_id = $1 AND id = $2",
        args![t, o.warehouse.0],
    )? {
        return Err(WriteError::not_found("warehouse_id"));
    }
    let key = (o.warehouse, o.product);
    let current = levels(p, &mut vec![key], true)?
        .get(&key)
        .copied()
        .unwrap_or_default();
    let accounts = OpeningAccounts {
        inventory: p.role("inventory")?,
        opening_equity: p.role("opening_equity")?,
        cogs: p.role("cogs")?,
    };
    let effects = post(
        o.warehouse,
        o.product,
        o.qty,
        o.unit_cost,
        current,
        accounts,
    )?;
    let number = next_number(p, "OPN", o.now_ms)?;
    let doc = p.tx.insert_id(
        "INSERT INTO opening_stocks (tenant_id, number, warehouse_id, product_id, qty, unit_cost,
             value, posted_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        args![
            tenant = t,
            number = number.as_str(),
            warehouse = o.warehouse.0,
            product = o.product.0,
            qty = o.qty,
            unit_cost = o.unit_cost,
            value = effects.value,
            posted_at_ms = o.now_ms,
        ],
    )?;
    write_stock_with(
        p,
        ("opening_stock", doc),
        o.now_ms,
        &[effects.stock_move],
        &[(key, effects.level)],
        RollEffect::Follow(&[RollPlan {
            warehouse: o.warehouse,
            product: o.product,
            rolls: o.rolls,
        }]),
    )?;
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind: "opening_stock",
            doc,
            number: &number,
            memo: &format!("Opening stock {number}"),
            lines: &effects.entry,
            now_ms: o.now_ms,
        },
    )?;
    Ok(Written::created(ResourceKind::OpeningStock, doc))
}
