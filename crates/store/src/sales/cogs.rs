//! Cost of goods sold over a range of business days, the old system's two diagnoses:
//! `coverage` (sales and returns with and without a COGS line in their entry, and how much of
//! the stocked quantity sold carried a cost) and `reconcile` (each sale's and return's COGS in
//! the journal, on its lines and in its stock moves). Written once for both databases.

use mizan_domain::sales::{CogsFigures, CogsKind, Problem, cogs_differences, is_fault};
use serde::Serialize;

use crate::tx::{Tx, args};
use crate::{StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

/// Most document numbers a coverage answer lists as missing their COGS line.
pub const MAX_MISSING: i64 = 1_000;

/// COGS coverage of the posted sales and returns of a range.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CogsCoverage {
    pub sales: i64,
    /// Sales whose entry has a COGS line.
    pub sales_with_cogs: i64,
    /// Sales that sold stocked goods (and so must have one).
    pub sales_with_stocked_goods: i64,
    pub returns: i64,
    pub returns_with_cogs: i64,
    /// Returns that gave back goods with a cost (and so must have one).
    pub returns_with_cost: i64,
    /// Stocked quantity sold, and the part of it sold with a cost (thousandths).
    pub qty_sold: i64,
    pub qty_with_cost: i64,
    /// Sales that sold stocked goods and returns that gave back goods with a cost, whose entry
    /// has no COGS line (at most [`MAX_MISSING`], by number).
    pub missing: Vec<String>,
}

/// One document's COGS three ways (in COGS' direction: a sale positive, a return negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CogsDocument {
    /// `sale` or `return`.
    pub kind: &'static str,
    pub id: i64,
    pub number: String,
    /// `YYYYMMDD`.
    pub business_day: i32,
    /// A return whose goods were written off as damaged.
    pub written_off: bool,
    /// What its entry posted to COGS, the cost on its lines, the value its stock moves took out.
    pub journal: i64,
    pub lines: i64,
    pub stock: i64,
}

/// Most documents with differences a reconciliation lists (the rest are counted).
pub const MAX_DIFFERING: usize = 10_000;

/// A reconciliation of a range: totals three ways, and every document whose three disagree.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CogsReconciliation {
    pub sales: i64,
    pub returns: i64,
    /// Sums over every document of the range (COGS' direction).
    pub journal: i64,
    pub lines: i64,
    pub stock: i64,
    /// Documents with a difference (at most [`MAX_DIFFERING`]), each with its differences.
    pub differing: Vec<(CogsDocument, Vec<Problem>)>,
    /// Documents with a difference beyond those listed.
    pub more_differing: i64,
    /// Documents with a difference that is a fault (not only a restock variance).
    pub faulty: i64,
}

/// Reconciles the range: every sale and return read once, summed, and kept only when its COGS
/// disagrees with itself.
pub(crate) fn reconciliation(
    tx: &mut dyn Tx,
    s: TenantScope,
    from: i32,
    to: i32,
) -> R<CogsReconciliation> {
    let mut out = CogsReconciliation::default();
    reconcile(tx, s, from, to, &mut |d| {
        if d.kind == "sale" {
            out.sales += 1;
        } else {
            out.returns += 1;
        }
        out.journal = out.journal.saturating_add(d.journal);
        out.lines = out.lines.saturating_add(d.lines);
        out.stock = out.stock.saturating_add(d.stock);
        let kind = match (d.kind, d.written_off) {
            ("sale", _) => CogsKind::Sale,
            (_, true) => CogsKind::WrittenOffReturn,
            (_, false) => CogsKind::RestockedReturn,
        };
        let diffs = cogs_differences(&CogsFigures {
            kind,
            journal: d.journal,
            lines: d.lines,
            stock: d.stock,
        });
        if diffs.is_empty() {
            return;
        }
        if diffs.iter().any(is_fault) {
            out.faulty += 1;
        }
        if out.differing.len() < MAX_DIFFERING {
            out.differing.push((d, diffs));
        } else {
            out.more_differing += 1;
        }
    })?;
    Ok(out)
}

/// What the entry of document `kind` (`s.id` / `r.id`) posted to the COGS account.
fn journal_cogs(kind: &str, doc: &str, only_lines: bool) -> String {
    let (what, nonzero) = if only_lines {
        ("COUNT(*)", " AND jl.amount <> 0")
    } else {
        ("COALESCE(SUM(jl.amount), 0)", "")
    };
    format!(
        "CAST((SELECT {what} FROM journal_entries e
               JOIN journal_lines jl ON jl.entry_id = e.id AND jl.tenant_id = e.tenant_id
               JOIN accounts a ON a.tenant_id = jl.tenant_id AND a.id = jl.account_id
               WHERE e.tenant_id = $1 AND e.doc_kind = '{kind}' AND e.doc_id = {doc}
                 AND a.role = 'cogs'{nonzero}) AS BIGINT)"
    )
}

/// Per sale of the range: (number, stocked qty, stocked qty with a cost, COGS lines).
fn sales_covered() -> String {
    format!(
        "SELECT COALESCE(s.number, CAST(s.id AS TEXT)) AS number,
                CAST((SELECT COALESCE(SUM(l.qty), 0) FROM sale_lines l
                      JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id
                      WHERE l.tenant_id = $1 AND l.sale_id = s.id AND p.tracks_stock) AS BIGINT) AS stocked,
                CAST((SELECT COALESCE(SUM(l.qty), 0) FROM sale_lines l
                      JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id
                      WHERE l.tenant_id = $1 AND l.sale_id = s.id AND p.tracks_stock
                        AND l.cost > 0) AS BIGINT) AS costed,
                {} AS cogs
         FROM sales s
         WHERE s.tenant_id = $1 AND s.status = 'posted' AND s.business_day BETWEEN $2 AND $3",
        journal_cogs("sale", "s.id", true)
    )
}

/// Per return of the range: (number, its lines' cost, COGS lines).
fn returns_covered() -> String {
    format!(
        "SELECT r.number AS number, r.cost AS cost, {} AS cogs
         FROM sale_returns r
         WHERE r.tenant_id = $1 AND r.business_day BETWEEN $2 AND $3",
        journal_cogs("return", "r.id", true)
    )
}

pub(crate) fn coverage(tx: &mut dyn Tx, s: TenantScope, from: i32, to: i32) -> R<CogsCoverage> {
    let a = args![s.id(), from, to];
    let mut c = tx.one(
        &format!(
            "SELECT CAST(COUNT(*) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN x.cogs > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN x.stocked > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(x.stocked), 0) AS BIGINT),
                    CAST(COALESCE(SUM(x.costed), 0) AS BIGINT)
             FROM ({}) x",
            sales_covered()
        ),
        a,
        |r| {
            Ok(CogsCoverage {
                sales: r.i64(0)?,
                sales_with_cogs: r.i64(1)?,
                sales_with_stocked_goods: r.i64(2)?,
                qty_sold: r.i64(3)?,
                qty_with_cost: r.i64(4)?,
                ..CogsCoverage::default()
            })
        },
    )?;
    (c.returns, c.returns_with_cogs, c.returns_with_cost) = tx.one(
        &format!(
            "SELECT CAST(COUNT(*) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN x.cogs > 0 THEN 1 ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN x.cost <> 0 THEN 1 ELSE 0 END), 0) AS BIGINT)
             FROM ({}) x",
            returns_covered()
        ),
        a,
        |r| Ok((r.i64(0)?, r.i64(1)?, r.i64(2)?)),
    )?;
    c.missing = tx.rows(
        &format!(
            "SELECT y.number FROM (
                 SELECT x.number FROM ({}) x WHERE x.stocked > 0 AND x.cogs = 0
                 UNION ALL
                 SELECT x.number FROM ({}) x WHERE x.cost <> 0 AND x.cogs = 0
             ) y ORDER BY y.number LIMIT {MAX_MISSING}",
            sales_covered(),
            returns_covered()
        ),
        a,
        |r| r.text(0),
    )?;
    Ok(c)
}

/// Every posted sale and return of the range with its COGS three ways, handed to `each` in
/// (sales, then returns) id order, so that a long range is never held in memory.
fn reconcile(
    tx: &mut dyn Tx,
    s: TenantScope,
    from: i32,
    to: i32,
    each: &mut dyn FnMut(CogsDocument),
) -> R<()> {
    let a = args![s.id(), from, to];
    tx.query(
        &format!(
            "SELECT s.id, COALESCE(s.number, CAST(s.id AS TEXT)), s.business_day, {},
                    CAST((SELECT COALESCE(SUM(l.cost), 0) FROM sale_lines l
                          WHERE l.tenant_id = $1 AND l.sale_id = s.id) AS BIGINT),
                    CAST(-(SELECT COALESCE(SUM(m.value), 0) FROM stock_moves m
                           WHERE m.tenant_id = $1 AND m.doc_kind = 'sale' AND m.doc_id = s.id) AS BIGINT)
             FROM sales s
             WHERE s.tenant_id = $1 AND s.status = 'posted' AND s.business_day BETWEEN $2 AND $3
             ORDER BY s.id",
            journal_cogs("sale", "s.id", false)
        ),
        a,
        &mut |r| {
            each(CogsDocument {
                kind: "sale",
                id: r.i64(0)?,
                number: r.text(1)?,
                business_day: r.i32(2)?,
                written_off: false,
                journal: r.i64(3)?,
                lines: r.i64(4)?,
                stock: r.i64(5)?,
            });
            Ok(())
        },
    )?;
    tx.query(
        &format!(
            "SELECT r.id, r.number, r.business_day,
                    CASE WHEN r.warehouse_id IS NULL THEN 1 ELSE 0 END, {},
                    CAST(-(SELECT COALESCE(SUM(rl.cost), 0) FROM sale_return_lines rl
                           WHERE rl.tenant_id = $1 AND rl.return_id = r.id) AS BIGINT),
                    CAST(-(SELECT COALESCE(SUM(m.value), 0) FROM stock_moves m
                           WHERE m.tenant_id = $1 AND m.doc_kind = 'return' AND m.doc_id = r.id) AS BIGINT)
             FROM sale_returns r
             WHERE r.tenant_id = $1 AND r.business_day BETWEEN $2 AND $3
             ORDER BY r.id",
            journal_cogs("return", "r.id", false)
        ),
        a,
        &mut |r| {
            each(CogsDocument {
                kind: "return",
                id: r.i64(0)?,
                number: r.text(1)?,
                business_day: r.i32(2)?,
                written_off: r.i64(3)? == 1,
                journal: r.i64(4)?,
                lines: r.i64(5)?,
                stock: r.i64(6)?,
            });
            Ok(())
        },
    )
}
