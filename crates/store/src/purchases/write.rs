//! Writing suppliers, receipts and purchase returns. A receipt locks the levels it receives
//! into, posts through the pure rule and writes lines, stock, entry, the supplier's balance and
//! first cost prices; a purchase return locks its receipt (returns of one receipt take turns)
//! and the levels, reads what earlier returns sent back, and writes the same way.

use mizan_domain::calendar::business_day;
use mizan_domain::purchases::{
    BoughtLine, PurchaseAccounts, PurchaseDraft, PurchaseReturnDraft, PurchaseReturnSnapshot,
    PurchaseSnapshot, PurchasedProduct, post_purchase, post_purchase_return,
};
use mizan_domain::workshop::{NewRoll, WorkshopError};
use mizan_domain::{ProductId, PurchaseId, WarehouseId};

use crate::catalog::policies::policies;
use crate::ledger::subledgers::add_to_supplier_debt;
use crate::ledger::write::{Entry, next_number, write_entry};
use crate::stock::write::{RollEffect, levels, write_stock, write_stock_with};
use crate::tx::{Arg, args, ordinal};
use crate::workshop::rolls::RollPlan;
use crate::write::Posting;
use crate::{ResourceKind, WriteError, Written};

type W = Result<Written, WriteError>;

pub(crate) fn create_supplier(
    p: &mut Posting<'_>,
    name: &str,
    phone: Option<&str>,
    tax_number: Option<&str>,
) -> W {
    let id = p.tx.insert_id(
        "INSERT INTO suppliers (tenant_id, name, phone, tax_number) VALUES ($1, $2, $3, $4)
         RETURNING id",
        args![p.t, name, phone, tax_number],
    )?;
    Ok(Written::created(ResourceKind::Supplier, id))
}

fn accounts(p: &mut Posting<'_>) -> Result<PurchaseAccounts, WriteError> {
    Ok(PurchaseAccounts {
        inventory: p.role("inventory")?,
        vat_input: p.role("vat_input")?,
        suppliers: p.role("suppliers")?,
        cogs: p.role("cogs")?,
    })
}

pub(crate) fn create_purchase(
    p: &mut Posting<'_>,
    d: &PurchaseDraft,
    received_by: &str,
    now_ms: i64,
) -> W {
    let t = p.t;
    let supplier_exists = p.tx.exists(
        "SELECT 1 FROM suppliers WHERE tenant_id = $1 AND id = $2",
        args![t, d.supplier().0],
    )?;
    let warehouse = p.warehouse(d.warehouse().0)?;
    let ids: Vec<ProductId> = d.lines().iter().map(|l| l.product).collect();
    let found = policies(p, &ids)?;
    let mut pairs: Vec<(WarehouseId, ProductId)> = found
        .iter()
        .filter(|(_, policy)| policy.tracks_stock)
        .map(|(id, _)| (d.warehouse(), *id))
        .collect();
    let snapshot = PurchaseSnapshot {
        supplier_exists,
        warehouse_exists: warehouse.is_some(),
        products: found
            .iter()
            .map(|(id, policy)| {
                (
                    *id,
                    PurchasedProduct {
                        tracks_stock: policy.tracks_stock,
                        vat_bp: policy.vat_bp,
                        has_cost: policy.cost_price.is_some(),
                    },
                )
            })
            .collect(),
        levels: if supplier_exists && warehouse.is_some() {
            levels(p, &mut pairs, true)?
        } else {
            Default::default()
        },
        accounts: Some(accounts(p)?),
    };
    let effects = post_purchase(d, &snapshot)?;
    let number = next_number(p, "PUR", now_ms)?;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let id = p.tx.insert_id(
        "INSERT INTO purchases (tenant_id, number, supplier_id, warehouse_id, branch_id,
             supplier_ref, received_by, net, vat, total, business_day, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        args![
            tenant_id = t,
            number = number.as_str(),
            supplier_id = d.supplier().0,
            warehouse_id = d.warehouse().0,
            branch_id = warehouse.flatten(),
            supplier_ref = d.supplier_ref(),
            received_by = received_by,
            net = effects.net,
            vat = effects.vat,
            total = effects.total,
            business_day = day,
            created_at_ms = now_ms,
        ],
    )?;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(effects.lines.len() * 9);
    for (i, l) in effects.lines.iter().enumerate() {
        values.extend::<[Arg<'_>; 9]>([
            t.into(),
            id.into(),
            ordinal(i).into(),
            l.product.0.into(),
            l.qty.into(),
            l.unit_cost.into(),
            l.vat_bp.into(),
            l.net.into(),
            l.vat.into(),
        ]);
    }
    p.tx.insert_many(
        "INSERT INTO purchase_lines (tenant_id, purchase_id, line_no, product_id, qty, unit_cost,
             vat_bp, net, vat)",
        9,
        &values,
        "",
    )?;
    let rolls = received_rolls(d, &found, &number)?;
    let plans: Vec<RollPlan<'_>> = rolls
        .iter()
        .map(|(product, rolls)| RollPlan {
            warehouse: d.warehouse(),
            product: *product,
            rolls,
        })
        .collect();
    write_stock_with(
        p,
        ("purchase", id),
        now_ms,
        &effects.stock_moves,
        &effects.levels,
        RollEffect::Follow(&plans),
    )?;
    for (product, cost) in &effects.first_costs {
        p.tx.execute(
            "UPDATE products SET cost_price = $3
             WHERE tenant_id = $1 AND id = $2 AND cost_price IS NULL",
            args![t, product.0, *cost],
        )?;
        // The writer caches posting policies; this product's must be read afresh.
        p.state.products.remove(&(t, product.0));
    }
    add_to_supplier_debt(p, d.supplier().0, effects.total)?;
    let memo = match d.supplier_ref() {
        Some(r) => format!("Purchase {number} (supplier's {r})"),
        None => format!("Purchase {number}"),
    };
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind: "purchase",
            doc: id,
            number: &number,
            memo: &memo,
            lines: &effects.entry,
            now_ms,
        },
    )?;
    Ok(Written::created(ResourceKind::Purchase, id))
}

pub(crate) fn create_purchase_return(
    p: &mut Posting<'_>,
    purchase: PurchaseId,
    r: &PurchaseReturnDraft,
    returned_by: &str,
    now_ms: i64,
) -> W {
    let t = p.t;
    let (number_of, supplier, warehouse) =
        p.tx.lock_row(
            "SELECT number, supplier_id, warehouse_id FROM purchases
             WHERE tenant_id = $1 AND id = $2",
            args![t, purchase.0],
            |row| Ok((row.text(0)?, row.i64(1)?, WarehouseId(row.i64(2)?))),
        )?
        .ok_or_else(|| WriteError::not_found("purchase"))?;
    let mut lines = p.tx.rows(
        "SELECT l.product_id, p.code, l.qty, l.net, l.vat
         FROM purchase_lines l JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id
         WHERE l.tenant_id = $1 AND l.purchase_id = $2 ORDER BY l.line_no",
        args![t, purchase.0],
        |row| {
            Ok(BoughtLine {
                product: ProductId(row.i64(0)?),
                product_code: row.text(1)?,
                qty: row.i64(2)?,
                net: row.i64(3)?,
                vat: row.i64(4)?,
                returned_qty: 0,
                returned_net: 0,
                returned_vat: 0,
            })
        },
    )?;
    let taken = p.tx.rows(
        "SELECT line_no, CAST(SUM(qty) AS BIGINT), CAST(SUM(net) AS BIGINT),
                CAST(SUM(vat) AS BIGINT)
         FROM purchase_return_lines WHERE tenant_id = $1 AND purchase_id = $2 GROUP BY line_no",
        args![t, purchase.0],
        |row| Ok((row.i64(0)?, [row.i64(1)?, row.i64(2)?, row.i64(3)?])),
    )?;
    for (line_no, [qty, net, vat]) in taken {
        if let Some(l) = usize::try_from(line_no).ok().and_then(|i| lines.get_mut(i)) {
            (l.returned_qty, l.returned_net, l.returned_vat) = (qty, net, vat);
        }
    }
    let mut pairs: Vec<(WarehouseId, ProductId)> = r
        .lines()
        .iter()
        .filter_map(|l| lines.get(l.line))
        .map(|l| (warehouse, l.product))
        .collect();
    let snapshot = PurchaseReturnSnapshot {
        levels: levels(p, &mut pairs, true)?,
        lines,
        warehouse: Some(warehouse),
        accounts: Some(accounts(p)?),
    };
    let effects = post_purchase_return(r, &snapshot)?;
    let number = next_number(p, "PRT", now_ms)?;
    let day = business_day(now_ms, p.settings()?.utc_offset_minutes);
    let id = p.tx.insert_id(
        "INSERT INTO purchase_returns (tenant_id, number, purchase_id, supplier_id, warehouse_id,
             reason, returned_by, net, vat, total, cost, business_day, created_at_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        args![
            tenant_id = t,
            number = number.as_str(),
            purchase_id = purchase.0,
            supplier_id = supplier,
            warehouse_id = warehouse.0,
            reason = r.reason(),
            returned_by = returned_by,
            net = effects.net,
            vat = effects.vat,
            total = effects.total,
            cost = effects.cost,
            business_day = day,
            created_at_ms = now_ms,
        ],
    )?;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(effects.lines.len() * 9);
    for l in &effects.lines {
        values.extend::<[Arg<'_>; 9]>([
            t.into(),
            id.into(),
            purchase.0.into(),
            ordinal(l.line).into(),
            l.product.0.into(),
            l.qty.into(),
            l.net.into(),
            l.vat.into(),
            l.cost.into(),
        ]);
    }
    p.tx.insert_many(
        "INSERT INTO purchase_return_lines (tenant_id, return_id, purchase_id, line_no,
             product_id, qty, net, vat, cost)",
        9,
        &values,
        "",
    )?;
    write_stock(
        p,
        ("purchase_return", id),
        now_ms,
        &effects.stock_moves,
        &effects.levels,
    )?;
    add_to_supplier_debt(p, supplier, -effects.total)?;
    write_entry(
        p,
        &Entry {
            id: None,
            doc_kind: "purchase_return",
            doc: id,
            number: &number,
            memo: &format!("Return {number} of purchase {number_of}"),
            lines: &effects.entry,
            now_ms,
        },
    )?;
    Ok(Written::created(ResourceKind::PurchaseReturn, id))
}

/// The rolls each line of a fabric kept in rolls brings in: those it names, or one roll
/// labelled with the receipt's number and line. Rolls named for another product are refused.
fn received_rolls(
    d: &PurchaseDraft,
    found: &std::collections::HashMap<ProductId, mizan_domain::sales::ProductPolicy>,
    number: &str,
) -> Result<Vec<(ProductId, Vec<NewRoll>)>, WriteError> {
    let mut out = Vec::new();
    for (i, l) in d.lines().iter().enumerate() {
        let Some(policy) = found.get(&l.product) else {
            continue;
        };
        let named = d.rolls(i);
        match (policy.in_rolls, named.is_empty()) {
            (false, false) => {
                return Err(WorkshopError::NotInRolls {
                    product_code: policy.code.clone(),
                }
                .into());
            }
            (true, true) => {
                let label = format!("{number}/{}", i + 1);
                out.push((l.product, vec![NewRoll::new(&label, l.qty, None)?]));
            }
            (true, false) => out.push((l.product, named.to_vec())),
            (false, true) => {}
        }
    }
    Ok(out)
}
