//! Rolls follow the stock of every fabric kept in rolls: whatever a document moves of such a
//! fabric, in or out, is written to its rolls in the same transaction. What leaves comes off
//! one roll (the shortest that holds it) and never out of what cutting items reserve; what
//! comes in arrives as the rolls the document names, or as one roll (a transfer's keeps the
//! label and width of the roll it left). Every length taken is a row of `roll_cuts`.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use mizan_domain::stock::{StockLevel, StockMove};
use mizan_domain::workshop::{NewRoll, Roll, RollCut, WorkshopError, rolls_make_up, take};
use mizan_domain::{ProductId, WarehouseId};

use crate::catalog::policies::policies;
use crate::tx::{Arg, Tx, args};
use crate::write::Posting;
use crate::{StoreError, WriteError};

/// The rolls a receipt brings in of one fabric into one warehouse.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RollPlan<'a> {
    pub warehouse: WarehouseId,
    pub product: ProductId,
    pub rolls: &'a [NewRoll],
}

/// A roll of a fabric in a warehouse with something left, with its width.
pub(crate) struct HeldRoll {
    pub roll: Roll,
    pub width_mm: Option<i64>,
}

/// The rolls of (`w`, `p`) with something left (and roll `named`, used up or not, so that a
/// cut asking for it is told what it has left), by id. The caller holds the fabric's stock
/// level locked, so no other write changes them meanwhile.
pub(crate) fn in_stock(
    tx: &mut dyn Tx,
    t: i64,
    (w, p): (WarehouseId, ProductId),
    named: Option<i64>,
) -> Result<Vec<HeldRoll>, StoreError> {
    tx.rows(
        "SELECT id, label, remaining, offcut, width_mm FROM fabric_rolls
         WHERE tenant_id = $1 AND product_id = $2 AND warehouse_id = $3
           AND (remaining > 0 OR id = $4)
         ORDER BY id",
        args![t, p.0, w.0, named.unwrap_or(-1)],
        |r| {
            Ok(HeldRoll {
                roll: Roll {
                    id: r.i64(0)?,
                    label: r.text(1)?,
                    remaining: r.i64(2)?,
                    offcut: r.bool(3)?,
                },
                width_mm: r.opt_i64(4)?,
            })
        },
    )
}

/// What cutting items hold reserved of (`w`, `p`).
pub(crate) fn reserved(
    tx: &mut dyn Tx,
    t: i64,
    (w, p): (WarehouseId, ProductId),
) -> Result<i64, StoreError> {
    tx.one(
        "SELECT CAST(COALESCE(SUM(length), 0) AS BIGINT) FROM cutting_items
         WHERE tenant_id = $1 AND warehouse_id = $2 AND product_id = $3 AND status = 'reserved'",
        args![t, w.0, p.0],
        |r| r.i64(0),
    )
}

/// Writes what a cut left of its roll and the cut itself (`length` < 0: a put-back).
pub(crate) fn write_cut(
    p: &mut Posting<'_>,
    (doc_kind, doc): (&'static str, i64),
    cut: &RollCut,
    length: i64,
    now_ms: i64,
) -> Result<(), WriteError> {
    p.tx.execute(
        "UPDATE fabric_rolls SET remaining = $3, offcut = $4 WHERE tenant_id = $1 AND id = $2",
        args![p.t, cut.roll, cut.remaining, cut.offcut],
    )?;
    p.tx.insert_many(
        "INSERT INTO roll_cuts (tenant_id, roll_id, doc_kind, doc_id, length, created_at_ms)",
        6,
        &[
            p.t.into(),
            cut.roll.into(),
            doc_kind.into(),
            doc.into(),
            length.into(),
            now_ms.into(),
        ],
        "",
    )?;
    Ok(())
}

/// One fabric in one warehouse as a document's moves go through it.
struct Fabric {
    code: String,
    rolls: Vec<HeldRoll>,
    on_hand: i64,
    reserved: i64,
}

/// Writes to the rolls what `moves` do to fabrics kept in rolls (the levels they leave are
/// `levels`); `plan` names the rolls a receipt brings in.
///
/// # Errors
/// `insufficient_stock` for an outflow beyond on hand − reserved; `no_roll_long_enough` when no
/// roll holds it in one piece; `invalid_field` (`rolls`) for planned rolls that do not add up.
pub(crate) fn follow(
    p: &mut Posting<'_>,
    doc: (&'static str, i64),
    now_ms: i64,
    moves: &[StockMove],
    levels: &[((WarehouseId, ProductId), StockLevel)],
    plan: &[RollPlan<'_>],
) -> Result<(), WriteError> {
    // The hot path: a posting of products the writer has cached, none kept in rolls, stops
    // here without copying a policy.
    let cached_plain = |m: &StockMove| {
        m.qty == 0
            || p.state
                .products
                .get(&(p.t, m.product.0))
                .is_some_and(|x| !x.in_rolls)
    };
    if moves.iter().all(cached_plain) {
        return Ok(());
    }
    let mut ids: Vec<ProductId> = moves.iter().map(|m| m.product).collect();
    ids.sort_unstable();
    ids.dedup();
    let found = policies(p, &ids)?;
    let kept: Vec<&StockMove> = moves
        .iter()
        .filter(|m| m.qty != 0 && found.get(&m.product).is_some_and(|x| x.in_rolls))
        .collect();
    if kept.is_empty() {
        return Ok(());
    }
    let min_useful = p.settings()?.roll_min_useful;
    let mut fabrics: HashMap<(WarehouseId, ProductId), Fabric> = HashMap::new();
    // The roll each fabric last left, for a transfer's arriving roll to carry its label.
    let mut left: HashMap<ProductId, (String, Option<i64>)> = HashMap::new();
    let mut arriving: Vec<(WarehouseId, ProductId, NewRoll, bool)> = Vec::new();
    // Each planned receipt is used by one move: two lines of one fabric bring in their own.
    let mut used = vec![false; plan.len()];
    for m in kept {
        let key = (m.warehouse, m.product);
        let f = match fabrics.entry(key) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => {
                let after = levels
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(0, |(_, l)| l.qty);
                let moved: i64 = moves
                    .iter()
                    .filter(|x| (x.warehouse, x.product) == key)
                    .map(|x| x.qty)
                    .sum();
                slot.insert(Fabric {
                    code: found
                        .get(&m.product)
                        .map(|x| x.code.clone())
                        .unwrap_or_default(),
                    rolls: in_stock(p.tx, p.t, key, None)?,
                    on_hand: after - moved,
                    reserved: reserved(p.tx, p.t, key)?,
                })
            }
        };
        if m.qty < 0 {
            let length = -m.qty;
            let available = (f.on_hand - f.reserved).max(0);
            if length > available {
                return Err(WorkshopError::InsufficientStock {
                    product: m.product,
                    product_code: f.code.clone(),
                    warehouse: m.warehouse,
                    available,
                    requested: length,
                }
                .into());
            }
            let mut rolls: Vec<Roll> = f.rolls.iter().map(|h| h.roll.clone()).collect();
            let cut = take(&mut rolls, length, None, (&f.code, m.warehouse), min_useful)?;
            for (held, now) in f.rolls.iter_mut().zip(rolls) {
                if held.roll.id == cut.roll {
                    left.insert(m.product, (now.label.clone(), held.width_mm));
                }
                held.roll = now;
            }
            write_cut(p, doc, &cut, length, now_ms)?;
            f.on_hand -= length;
        } else {
            let planned = plan
                .iter()
                .enumerate()
                .find(|(i, r)| !used[*i] && (r.warehouse, r.product) == key && !r.rolls.is_empty());
            let rolls = match planned {
                Some((i, r)) => {
                    used[i] = true;
                    rolls_make_up(r.rolls, m.qty)?;
                    r.rolls.to_vec()
                }
                None => {
                    let (label, width) = left
                        .get(&m.product)
                        .cloned()
                        .unwrap_or_else(|| (format!("{} {}", doc.0, doc.1), None));
                    vec![NewRoll::new(&label, m.qty, width)?]
                }
            };
            for r in rolls {
                let offcut = r.length < min_useful;
                arriving.push((m.warehouse, m.product, r, offcut));
            }
            f.on_hand += m.qty;
        }
    }
    insert_rolls(p, doc, now_ms, &arriving)
}

fn insert_rolls(
    p: &mut Posting<'_>,
    (doc_kind, doc): (&'static str, i64),
    now_ms: i64,
    rolls: &[(WarehouseId, ProductId, NewRoll, bool)],
) -> Result<(), WriteError> {
    let t = p.t;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(rolls.len() * 11);
    for (w, product, r, offcut) in rolls {
        values.extend::<[Arg<'_>; 11]>([
            t.into(),
            w.0.into(),
            product.0.into(),
            r.label.as_str().into(),
            r.width_mm.into(),
            r.length.into(),
            r.length.into(),
            (*offcut).into(),
            doc_kind.into(),
            doc.into(),
            now_ms.into(),
        ]);
    }
    p.tx.insert_many(
        "INSERT INTO fabric_rolls (tenant_id, warehouse_id, product_id, label, width_mm, length,
             remaining, offcut, doc_kind, doc_id, created_at_ms)",
        11,
        &values,
        "",
    )?;
    Ok(())
}
