//! Products' posting policies (code, prices, VAT, stock tracking, fallback cost) as postings
//! read them: from the writer's cache, the rest in one statement (PostgreSQL) or one per id.

use std::collections::HashMap;

use mizan_domain::ProductId;
use mizan_domain::sales::ProductPolicy;

use crate::WriteError;
use crate::tx::{Arg, Backend, Row, Tx};
use crate::write::Posting;

/// The policies of `ids` (those that exist), cached for the writer's next postings.
pub(crate) fn policies(
    p: &mut Posting<'_>,
    ids: &[ProductId],
) -> Result<HashMap<ProductId, ProductPolicy>, WriteError> {
    let mut out = HashMap::with_capacity(ids.len());
    let mut missing: Vec<i64> = Vec::new();
    for id in ids {
        if let Some(policy) = p.state.products.get(&(p.t, id.0)) {
            out.insert(*id, policy.clone());
        } else if !missing.contains(&id.0) {
            missing.push(id.0);
        }
    }
    let (sql, args) = product_lookup(p.tx, p.t, &missing);
    let mut found = Vec::with_capacity(missing.len());
    for a in args {
        p.tx.query(sql, &a, &mut |r| {
            found.push(product_row(r)?);
            Ok(())
        })?;
    }
    for (id, policy) in found {
        p.state.products.insert((p.t, id), policy.clone());
        out.insert(ProductId(id), policy);
    }
    Ok(out)
}

/// How the posting policies of products (`ids`) are read. This statement differs per backend:
/// PostgreSQL takes them all in one statement (an array, one index lookup per id: a plain
/// `= ANY` got a sequential scan from the generic plan); SQLite one primary key per statement.
pub(crate) fn product_lookup<'a>(
    tx: &dyn Tx,
    t: i64,
    ids: &'a [i64],
) -> (&'static str, Vec<Vec<Arg<'a>>>) {
    if ids.is_empty() {
        return ("", Vec::new());
    }
    if tx.backend() == Backend::Postgres {
        (
            "SELECT p.id, p.code, p.vat_bp, p.tracks_stock, p.allow_negative_stock, p.cost_price,
                 p.sale_price, p.in_rolls
             FROM unnest($2::int8[]) AS k(id)
             CROSS JOIN LATERAL (SELECT id, code, vat_bp, tracks_stock, allow_negative_stock,
                 cost_price, sale_price, in_rolls FROM products
                 WHERE tenant_id = $1 AND id = k.id OFFSET 0) p",
            vec![vec![t.into(), ids.into()]],
        )
    } else {
        (
            "SELECT id, code, vat_bp, tracks_stock, allow_negative_stock, cost_price, sale_price,
                 in_rolls
             FROM products WHERE tenant_id = $1 AND id = $2",
            ids.iter().map(|id| vec![t.into(), (*id).into()]).collect(),
        )
    }
}

pub(crate) fn product_row(r: &dyn Row) -> Result<(i64, ProductPolicy), crate::StoreError> {
    Ok((
        r.i64(0)?,
        ProductPolicy {
            code: r.text(1)?,
            vat_bp: r.i64(2)?,
            tracks_stock: r.bool(3)?,
            allow_negative_stock: r.bool(4)?,
            cost_price: r.opt_i64(5)?,
            sale_price: r.i64(6)?,
            in_rolls: r.bool(7)?,
        },
    ))
}
