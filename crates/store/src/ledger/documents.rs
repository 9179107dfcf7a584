//! Posted documents as the journal lists them, whatever their kind: a page of them newest
//! first (of one kind, or the one with a number), and the stock and cash moves one document
//! wrote beside its journal entry. Each page is picked through an index first, so it costs its
//! size with a million documents.

use mizan_domain::{CashRegisterId, ProductId, WarehouseId};

use crate::tx::{Arg, Tx, args};
use crate::{JournalEntryView, StoreError, TenantScope, TraceStockMove};

type R<T> = Result<T, StoreError>;

/// Which documents a page lists: of one kind (`sale`, `return`, `purchase`, ...), the one
/// numbered `number`, older than entry `before`, at most `limit` (1 to 500).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentQuery {
    pub kind: Option<String>,
    pub number: Option<String>,
    pub before: Option<i64>,
    pub limit: i64,
}

/// What one document moved besides its journal entry: stock (negative: out) and cash (into
/// or out of each register's drawer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentMoves {
    pub stock: Vec<TraceStockMove>,
    pub cash: Vec<(CashRegisterId, i64)>,
}

/// A page of posted documents, newest first, each with its journal entry.
pub(crate) fn documents(
    tx: &mut dyn Tx,
    s: TenantScope,
    q: &DocumentQuery,
) -> R<Vec<JournalEntryView>> {
    let limit = q.limit.clamp(1, 500);
    let before = q.before.unwrap_or(i64::MAX);
    let mut a: Vec<Arg<'_>> = vec![s.id().into(), before.into()];
    let mut filter = String::new();
    if let Some(kind) = &q.kind {
        a.push(kind.as_str().into());
        filter.push_str(&format!(" AND doc_kind = ${}", a.len()));
    }
    if let Some(number) = &q.number {
        a.push(number.as_str().into());
        filter.push_str(&format!(" AND number = ${}", a.len()));
    }
    // The limit is written into the statement (an integer, never text from outside), as the
    // journal's pages do: a parameter made PostgreSQL's generic plan scan the tenant.
    let ids = format!(
        "SELECT id FROM journal_entries WHERE tenant_id = $1 AND id < $2{filter}
         ORDER BY id DESC LIMIT {limit}"
    );
    let mut out = super::read::entries(tx, &ids, &a)?;
    out.reverse();
    Ok(out)
}

/// The stock and cash moves document (`kind`, `id`) wrote.
pub(crate) fn moves(tx: &mut dyn Tx, s: TenantScope, kind: &str, id: i64) -> R<DocumentMoves> {
    Ok(DocumentMoves {
        stock: stock_moves(tx, s, kind, id)?,
        cash: cash_moves(tx, s, kind, id)?,
    })
}

/// The stock moves document (`kind`, `id`) wrote, in line order.
pub(crate) fn stock_moves(
    tx: &mut dyn Tx,
    s: TenantScope,
    kind: &str,
    id: i64,
) -> R<Vec<TraceStockMove>> {
    tx.rows(
        "SELECT warehouse_id, product_id, qty, value FROM stock_moves
         WHERE tenant_id = $1 AND doc_kind = $2 AND doc_id = $3 ORDER BY line_no",
        args![s.id(), kind, id],
        |r| {
            Ok(TraceStockMove {
                warehouse_id: WarehouseId(r.i64(0)?),
                product_id: ProductId(r.i64(1)?),
                qty: r.i64(2)?,
                value: r.i64(3)?,
            })
        },
    )
}

/// The cash document (`kind`, `id`) moved into (or out of) each register's drawer.
pub(crate) fn cash_moves(
    tx: &mut dyn Tx,
    s: TenantScope,
    kind: &str,
    id: i64,
) -> R<Vec<(CashRegisterId, i64)>> {
    tx.rows(
        "SELECT cash_register_id, amount FROM cash_moves
         WHERE tenant_id = $1 AND doc_kind = $2 AND doc_id = $3 ORDER BY cash_register_id",
        args![s.id(), kind, id],
        |r| Ok((CashRegisterId(r.i64(0)?), r.i64(1)?)),
    )
}
