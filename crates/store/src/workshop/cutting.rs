//! Cutting orders in the store: an order with its items is written pending; each item is then
//! reserved, cut or cancelled by one write that locks the item and its fabric's stock level,
//! asks the pure rule (`mizan_domain::workshop`) what the step does, and writes all of it —
//! the item's state, the roll, the stock move and the entry — or nothing. A repeated step
//! answers the first result and writes nothing.

use mizan_domain::ledger::AccountRole;
use mizan_domain::stock::{StockLevel, StockMove};
use mizan_domain::workshop::{
    Action, Fabric, FabricStock, ItemState, Roll, RollCut, Step, WorkshopAccounts, WorkshopError,
    choose_roll, take,
};
use mizan_domain::{AccountId, ProductId, WarehouseId};

use super::rolls::{in_stock, reserved, write_cut};
use crate::catalog::policies::policies;
use crate::ledger::write::{Entry, next_number, write_entry};
use crate::stock::write::{RollEffect, levels, write_stock_with};
use crate::tx::{Arg, args, ordinal};
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

/// A cutting order as it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCuttingOrder {
    pub note: Option<String>,
    /// Where the cut fabric's cost goes: `None` for work in progress (a customer's order),
    /// else the account a cutting for the shop's own use names.
    pub charge_to: Option<AccountId>,
    pub items: Vec<NewCuttingItem>,
    pub by: String,
    pub now_ms: i64,
}

/// One length of one fabric to cut, from a warehouse (and a roll, when one is asked for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewCuttingItem {
    pub product: ProductId,
    pub warehouse: WarehouseId,
    /// Thousandths of a metre.
    pub length: i64,
    pub roll: Option<i64>,
}

/// Most items one cutting order holds.
pub const MAX_CUTTING_ITEMS: usize = 200;

type W = Result<Written, WriteError>;

fn item_field(i: usize, name: &str) -> String {
    format!("items[{i}].{name}")
}

pub(crate) fn create_order(p: &mut Posting<'_>, o: &NewCuttingOrder) -> W {
    if o.items.is_empty() || o.items.len() > MAX_CUTTING_ITEMS {
        return Err(WorkshopError::InvalidField {
            field: "items".into(),
            reason: format!("a cutting order has 1 to {MAX_CUTTING_ITEMS} items"),
        }
        .into());
    }
    let ids: Vec<ProductId> = o.items.iter().map(|i| i.product).collect();
    let found = policies(p, &ids)?;
    for (i, item) in o.items.iter().enumerate() {
        let policy = found
            .get(&item.product)
            .ok_or_else(|| WriteError::not_found(item_field(i, "product_id")))?;
        if !policy.in_rolls {
            return Err(WorkshopError::NotInRolls {
                product_code: policy.code.clone(),
            }
            .into());
        }
        if p.warehouse(item.warehouse.0)?.is_none() {
            return Err(WriteError::not_found(item_field(i, "warehouse_id")));
        }
        if item.length <= 0 {
            return Err(WorkshopError::InvalidField {
                field: item_field(i, "length"),
                reason: "a length to cut must be above zero".into(),
            }
            .into());
        }
        if let Some(roll) = item.roll
            && !p.tx.exists(
                "SELECT 1 FROM fabric_rolls WHERE tenant_id = $1 AND id = $2 AND product_id = $3
                   AND warehouse_id = $4",
                args![p.t, roll, item.product.0, item.warehouse.0],
            )?
        {
            return Err(WorkshopError::InvalidField {
                field: item_field(i, "roll_id"),
                reason: "not a roll of this fabric in this warehouse".into(),
            }
            .into());
        }
    }
    let charge_to = charge_account(p, o.charge_to)?;
    let number = next_number(p, "CUT", o.now_ms)?;
    let id = p.tx.insert_id(
        "INSERT INTO cutting_orders (tenant_id, number, note, charge_account_id, created_by,
             created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        args![
            tenant = p.t,
            number = number.as_str(),
            note = &o.note,
            charge = charge_to.0,
            by = o.by.as_str(),
            at = o.now_ms,
        ],
    )?;
    let t = p.t;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(o.items.len() * 10);
    for (i, item) in o.items.iter().enumerate() {
        values.extend::<[Arg<'_>; 10]>([
            t.into(),
            id.into(),
            ordinal(i).into(),
            item.product.0.into(),
            item.warehouse.0.into(),
            item.length.into(),
            item.roll.into(),
            "pending".into(),
            o.by.as_str().into(),
            o.now_ms.into(),
        ]);
    }
    p.tx.insert_many(
        "INSERT INTO cutting_items (tenant_id, order_id, line_no, product_id, warehouse_id,
             length, roll_id, status, updated_by, updated_at_ms)",
        10,
        &values,
        "",
    )?;
    Ok(Written::created(ResourceKind::CuttingOrder, id))
}

/// The account a cutting order's cost goes to: work in progress, or the one named, which may
/// not be an account only its own documents post to (customers, inventory, ...).
fn charge_account(p: &mut Posting<'_>, named: Option<AccountId>) -> Result<AccountId, WriteError> {
    let Some(id) = named else {
        return p.role(AccountRole::WorkInProgress.as_str());
    };
    let role = p.tx.opt(
        "SELECT role FROM accounts WHERE tenant_id = $1 AND id = $2",
        args![p.t, id.0],
        |r| r.opt_text(0),
    )?;
    match role {
        None => Err(WriteError::not_found("charge_account_id")),
        Some(Some(r))
            if AccountRole::parse(&r)
                .is_some_and(|r| r.has_sub_ledger() && r != AccountRole::WorkInProgress) =>
        {
            Err(WorkshopError::InvalidField {
                field: "charge_account_id".into(),
                reason: "only its own documents post to this account".into(),
            }
            .into())
        }
        Some(_)
            if p.tx.exists(
                "SELECT 1 FROM cash_registers WHERE tenant_id = $1 AND account_id = $2",
                args![p.t, id.0],
            )? =>
        {
            Err(WorkshopError::InvalidField {
                field: "charge_account_id".into(),
                reason: "a cash drawer's account follows its register's cash".into(),
            }
            .into())
        }
        Some(_) => Ok(id),
    }
}

/// A cutting item as a step reads it, locked.
struct Item {
    state: ItemState,
    product: ProductId,
    warehouse: WarehouseId,
    length: i64,
    roll: Option<i64>,
    cut_roll: Option<i64>,
    cut_was_offcut: bool,
    cut_value: Option<i64>,
    charge_to: AccountId,
    number: String,
    line_no: i64,
}

fn load(p: &mut Posting<'_>, id: i64) -> Result<Item, WriteError> {
    let row = p.tx.lock_row(
        "SELECT status, product_id, warehouse_id, length, roll_id, cut_roll_id, cut_was_offcut,
                cut_value, order_id, line_no
         FROM cutting_items WHERE tenant_id = $1 AND id = $2",
        args![p.t, id],
        |r| {
            Ok((
                r.text(0)?,
                r.i64(1)?,
                r.i64(2)?,
                r.i64(3)?,
                r.opt_i64(4)?,
                r.opt_i64(5)?,
                r.opt_bool(6)?,
                r.opt_i64(7)?,
                r.i64(8)?,
                r.i64(9)?,
            ))
        },
    )?;
    let Some((state, product, warehouse, length, roll, cut_roll, was_offcut, value, order, line)) =
        row
    else {
        return Err(WriteError::not_found("cutting_item"));
    };
    let (charge_to, number) = p.tx.one(
        "SELECT charge_account_id, number FROM cutting_orders WHERE tenant_id = $1 AND id = $2",
        args![p.t, order],
        |r| Ok((AccountId(r.i64(0)?), r.text(1)?)),
    )?;
    Ok(Item {
        state: ItemState::parse(&state)?,
        product: ProductId(product),
        warehouse: WarehouseId(warehouse),
        length,
        roll,
        cut_roll,
        cut_was_offcut: was_offcut.unwrap_or(false),
        cut_value: value,
        charge_to,
        number,
        line_no: line,
    })
}

/// One step of a cutting item.
pub(crate) struct ItemStep<'a> {
    pub item: i64,
    pub action: Action,
    pub reason: Option<&'a str>,
    pub by: &'a str,
    pub now_ms: i64,
}

pub(crate) fn step(p: &mut Posting<'_>, s: &ItemStep<'_>) -> W {
    let item = load(p, s.item)?;
    let next = match item.state.step(s.action)? {
        Step::Repeat => return Ok(Written::replayed(ResourceKind::CuttingItem, s.item)),
        Step::Move(next) => next,
    };
    let key = (item.warehouse, item.product);
    let level = levels(p, &mut vec![key], true)?
        .get(&key)
        .copied()
        .unwrap_or_default();
    let code = policies(p, &[item.product])?
        .get(&item.product)
        .map(|x| x.code.clone())
        .unwrap_or_default();
    let fabric = Fabric {
        product: item.product,
        code: &code,
        warehouse: item.warehouse,
    };
    let stock = FabricStock {
        level,
        reserved: reserved(p.tx, p.t, key)?,
    };
    let accounts = WorkshopAccounts {
        inventory: p.role(AccountRole::Inventory.as_str())?,
        charge_to: item.charge_to,
    };
    let mut cut_roll: Option<(i64, bool, i64)> = None;
    match (item.state, next) {
        (ItemState::Pending, ItemState::Reserved) => {
            stock.reserve(fabric, item.length)?;
            // A length no roll holds in one piece could never be cut: say so now.
            let rolls: Vec<Roll> = in_stock(p.tx, p.t, key, item.roll)?
                .into_iter()
                .map(|h| h.roll)
                .collect();
            choose_roll(&rolls, item.length, item.roll, &code, item.warehouse)?;
        }
        (ItemState::Reserved, ItemState::Cut) => {
            let min_useful = p.settings()?.roll_min_useful;
            let mut rolls: Vec<Roll> = in_stock(p.tx, p.t, key, item.roll)?
                .into_iter()
                .map(|h| h.roll)
                .collect();
            let cut = take(
                &mut rolls,
                item.length,
                item.roll,
                (&code, item.warehouse),
                min_useful,
            )?;
            let taken = stock.cut(fabric, &accounts, cut)?;
            write_cut(p, ("cutting_item", s.item), &cut, item.length, s.now_ms)?;
            let moved = (-item.length, -taken.value, taken.stock.level);
            post(p, &item, ("cutting_cut", s.item), s.now_ms, moved)?;
            entry(
                p,
                &item,
                "cutting_cut",
                s.item,
                taken.entry.as_ref(),
                s.now_ms,
            )?;
            cut_roll = Some((cut.roll, cut.was_offcut, taken.value));
        }
        (ItemState::Cut, ItemState::Cancelled) => {
            reason_given(s.reason)?;
            let roll_id = item
                .cut_roll
                .ok_or_else(|| crate::StoreError::Corrupt(format!("cut item {}", s.item)))?;
            let roll = p.tx.one(
                "SELECT id, label, remaining, offcut FROM fabric_rolls
                 WHERE tenant_id = $1 AND id = $2",
                args![p.t, roll_id],
                |r| {
                    Ok(Roll {
                        id: r.i64(0)?,
                        label: r.text(1)?,
                        remaining: r.i64(2)?,
                        offcut: r.bool(3)?,
                    })
                },
            )?;
            let taken = RollCut {
                roll: roll_id,
                length: item.length,
                remaining: roll.remaining,
                offcut: roll.offcut,
                was_offcut: item.cut_was_offcut,
            };
            let back = roll.uncut(&taken, p.settings()?.roll_min_useful);
            let put_back = RollCut {
                remaining: back.remaining,
                offcut: back.offcut,
                ..taken
            };
            let value = item
                .cut_value
                .ok_or_else(|| crate::StoreError::Corrupt(format!("cut item {}", s.item)))?;
            let (after, lines) = stock.uncut(&accounts, item.length, value)?;
            write_cut(
                p,
                ("cutting_item", s.item),
                &put_back,
                -item.length,
                s.now_ms,
            )?;
            // A roll written off and then given length back holds stock again.
            p.tx.execute(
                "UPDATE fabric_rolls SET written_off = NULL WHERE tenant_id = $1 AND id = $2",
                args![p.t, roll_id],
            )?;
            let moved = (item.length, value, after.level);
            post(p, &item, ("cutting_cancel", s.item), s.now_ms, moved)?;
            entry(p, &item, "cutting_cancel", s.item, lines.as_ref(), s.now_ms)?;
        }
        // Cancelling a pending or reserved item lets go of what it held: nothing posts.
        _ => {}
    }
    p.tx.execute(
        "UPDATE cutting_items SET status = $3, updated_by = $4, updated_at_ms = $5,
             reason = COALESCE($6, reason),
             cut_roll_id = COALESCE($7, cut_roll_id),
             cut_was_offcut = COALESCE($8, cut_was_offcut),
             cut_value = COALESCE($9, cut_value),
             uncut = $10
         WHERE tenant_id = $1 AND id = $2",
        args![
            tenant = p.t,
            id = s.item,
            status = next.as_str(),
            by = s.by,
            at = s.now_ms,
            reason = s.reason,
            roll = cut_roll.map(|c| c.0),
            was_offcut = cut_roll.map(|c| c.1),
            value = cut_roll.map(|c| c.2),
            uncut = item.state == ItemState::Cut && next == ItemState::Cancelled,
        ],
    )?;
    Ok(Written::created(ResourceKind::CuttingItem, s.item))
}

fn reason_given(reason: Option<&str>) -> Result<(), WriteError> {
    if reason.is_some_and(|r| !r.trim().is_empty()) {
        Ok(())
    } else {
        Err(WorkshopError::InvalidField {
            field: "reason".into(),
            reason: "say why a cut is cancelled".into(),
        }
        .into())
    }
}

/// The stock move of a cut (or its put-back: `(qty, value, level it leaves)`); the roll was
/// written by the step itself.
fn post(
    p: &mut Posting<'_>,
    item: &Item,
    doc: (&'static str, i64),
    now_ms: i64,
    (qty, value, level): (i64, i64, StockLevel),
) -> Result<(), WriteError> {
    let moves = [StockMove {
        warehouse: item.warehouse,
        product: item.product,
        qty,
        value,
    }];
    let levels = [((item.warehouse, item.product), level)];
    write_stock_with(p, doc, now_ms, &moves, &levels, RollEffect::Written)
}

fn entry(
    p: &mut Posting<'_>,
    item: &Item,
    doc_kind: &'static str,
    doc: i64,
    lines: Option<&mizan_domain::ledger::BalancedEntry>,
    now_ms: i64,
) -> Result<(), WriteError> {
    let Some(lines) = lines else {
        return Ok(());
    };
    let number = format!("{}/{}", item.number, item.line_no + 1);
    let memo = match doc_kind {
        "cutting_cut" => format!("Cut {number}"),
        _ => format!("Cut {number} cancelled"),
    };
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind,
            doc,
            number: &number,
            memo: &memo,
            lines,
            now_ms,
        },
    )
}
