//! Writing a roll off (an offcut too short to use, a damaged roll), with a reason: what is left
//! of it leaves the stock at the moving average, Dr damaged goods / Cr inventory, and the roll
//! is used up — never the length cutting items hold reserved.

use mizan_domain::ledger::AccountRole;
use mizan_domain::stock::StockMove;
use mizan_domain::workshop::{Fabric, FabricStock, RollCut, WorkshopAccounts, WorkshopError};
use mizan_domain::{ProductId, WarehouseId};

use super::rolls::{reserved, write_cut};
use crate::catalog::policies::policies;
use crate::ledger::write::{Entry, write_entry};
use crate::stock::write::{RollEffect, levels, write_stock_with};
use crate::tx::args;
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

/// A roll to write off.
pub(crate) struct WriteOff<'a> {
    pub roll: i64,
    pub reason: &'a str,
    pub now_ms: i64,
}

pub(crate) fn write_off(p: &mut Posting<'_>, w: &WriteOff<'_>) -> Result<Written, WriteError> {
    if w.reason.trim().is_empty() || w.reason.chars().count() > 200 {
        return Err(WorkshopError::InvalidField {
            field: "reason".into(),
            reason: "say why the roll is written off (1 to 200 characters)".into(),
        }
        .into());
    }
    // The fabric's stock level is locked before the roll, as every other write does.
    let fabric = p.tx.opt(
        "SELECT warehouse_id, product_id FROM fabric_rolls WHERE tenant_id = $1 AND id = $2",
        args![p.t, w.roll],
        |r| Ok((WarehouseId(r.i64(0)?), ProductId(r.i64(1)?))),
    )?;
    let Some((warehouse, product)) = fabric else {
        return Err(WriteError::not_found("roll"));
    };
    let key = (warehouse, product);
    let level = levels(p, &mut vec![key], true)?
        .get(&key)
        .copied()
        .unwrap_or_default();
    let (label, remaining, offcut) =
        p.tx.lock_row(
            "SELECT label, remaining, offcut FROM fabric_rolls WHERE tenant_id = $1 AND id = $2",
            args![p.t, w.roll],
            |r| Ok((r.text(0)?, r.i64(1)?, r.bool(2)?)),
        )?
        .ok_or_else(|| WriteError::not_found("roll"))?;
    if remaining == 0 {
        return Err(WriteError::Conflict {
            code: "roll_used_up",
            message: format!("roll {label} has nothing left to write off"),
        });
    }
    let code = policies(p, &[product])?
        .get(&product)
        .map(|x| x.code.clone())
        .unwrap_or_default();
    let fabric = Fabric {
        product,
        code: &code,
        warehouse,
    };
    let stock = FabricStock {
        level,
        reserved: reserved(p.tx, p.t, key)?,
    };
    let cut = RollCut {
        roll: w.roll,
        length: remaining,
        remaining: 0,
        offcut,
        was_offcut: offcut,
    };
    // The pure rule as for a cut: never what items hold (held for the moment the write-off
    // takes), out at the average cost, charged to damaged goods.
    let accounts = WorkshopAccounts {
        inventory: p.role(AccountRole::Inventory.as_str())?,
        charge_to: p.role(AccountRole::DamagedGoods.as_str())?,
    };
    let taken = stock
        .reserve(fabric, remaining)?
        .cut(fabric, &accounts, cut)?;
    let (after, value) = (taken.stock.level, taken.value);
    let id = p.tx.insert_id(
        "INSERT INTO roll_write_offs (tenant_id, roll_id, length, value, reason, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        args![p.t, w.roll, remaining, value, w.reason.trim(), w.now_ms],
    )?;
    let doc = ("roll_write_off", id);
    write_cut(p, doc, &cut, remaining, w.now_ms)?;
    p.tx.execute(
        "UPDATE fabric_rolls SET written_off = $3 WHERE tenant_id = $1 AND id = $2",
        args![p.t, w.roll, w.reason.trim()],
    )?;
    let moves = [StockMove {
        warehouse,
        product,
        qty: -remaining,
        value: -value,
    }];
    write_stock_with(
        p,
        doc,
        w.now_ms,
        &moves,
        &[(key, after)],
        RollEffect::Written,
    )?;
    if let Some(lines) = &taken.entry {
        write_entry(
            p,
            &Entry {
                id: None,
                doc_kind: doc.0,
                doc: id,
                number: &label,
                memo: &format!("Roll {label} written off: {}", w.reason.trim()),
                lines,
                now_ms: w.now_ms,
            },
        )?;
    }
    Ok(Written::created(ResourceKind::Roll, w.roll))
}
