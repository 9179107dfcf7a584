//! One sale with everything it wrote, for `mizan check sale`: its lines with their products,
//! its journal entries line by line (with each account's role), its stock and cash moves, its
//! returns, and the customer payments settled against it. Read as the rows are, so that a
//! broken row shows.

use mizan_domain::sales::{Amounts, SaleFigures};
use mizan_domain::{AccountId, CashRegisterId, ProductId, SaleId, WarehouseId};

use crate::tx::{Tx, args};
use crate::{Sale, SaleReturn, SaleStatus, StoreError, TenantScope};

type R<T> = Result<T, StoreError>;

/// A sale line's product as the trace shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceProduct {
    pub code: String,
    pub name_en: String,
    pub tracks_stock: bool,
}

/// One line of a journal entry with its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEntryLine {
    pub account_id: AccountId,
    pub account_code: String,
    pub account_name: String,
    /// The account's role (`sales_revenue`, `cogs`, ...), when it has one.
    pub role: Option<String>,
    /// Debit positive.
    pub amount: i64,
}

/// A journal entry of the sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEntry {
    pub id: i64,
    pub number: String,
    pub posted_at_ms: i64,
    pub lines: Vec<TraceEntryLine>,
}

/// A stock move of the sale (negative: out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceStockMove {
    pub warehouse_id: WarehouseId,
    pub product_id: ProductId,
    pub qty: i64,
    pub value: i64,
}

/// A customer payment's allocation to the sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceAllocation {
    pub payment_id: i64,
    pub number: String,
    /// `YYYYMMDD`.
    pub business_day: i32,
    pub amount: i64,
}

/// A sale and everything it wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleTrace {
    pub sale: Sale,
    /// `YYYYMMDD` (none for a draft).
    pub business_day: Option<i32>,
    /// The product of each line, in line order.
    pub products: Vec<TraceProduct>,
    pub entries: Vec<TraceEntry>,
    pub stock_moves: Vec<TraceStockMove>,
    /// Cash into (or out of) each register's drawer.
    pub cash_moves: Vec<(CashRegisterId, i64)>,
    pub returns: Vec<SaleReturn>,
    pub allocations: Vec<TraceAllocation>,
}

impl SaleTrace {
    /// The figures the sale's verdict (`mizan_domain::sales::sale_problems`) compares,
    /// summed from what the sale wrote.
    #[must_use]
    pub fn figures(&self) -> SaleFigures {
        let t = self;
        let sale = &t.sale;
        let mut f = SaleFigures {
            posted: sale.status == SaleStatus::Posted,
            header: Amounts {
                net: sale.net,
                vat: sale.vat,
                total: sale.total,
                cost: sale.cost,
            },
            entries: i64::try_from(t.entries.len()).unwrap_or(i64::MAX),
            stock_moves: i64::try_from(t.stock_moves.len()).unwrap_or(i64::MAX),
            ..SaleFigures::default()
        };
        for (i, l) in sale.lines.iter().enumerate() {
            f.lines.net += l.net;
            f.lines.vat += l.vat;
            f.lines.cost += l.cost;
            if t.products.get(i).is_some_and(|p| p.tracks_stock) {
                f.stocked_lines += 1;
                f.stocked_qty += l.qty;
            }
        }
        f.lines.total = f.lines.net + f.lines.vat;
        let paid_into: Vec<_> = sale.payments.iter().map(|p| p.account_id).collect();
        for line in t.entries.iter().flat_map(|e| &e.lines) {
            f.entry_sum += line.amount;
            match line.role.as_deref() {
                Some("sales_revenue") => f.revenue -= line.amount,
                Some("vat_payable") => f.vat -= line.amount,
                Some("cogs") => f.cogs += line.amount,
                Some("inventory") => f.inventory -= line.amount,
                _ if paid_into.contains(&line.account_id) => f.payment_accounts += line.amount,
                _ => {}
            }
        }
        for m in &t.stock_moves {
            f.stock_qty_out -= m.qty;
            f.stock_value_out -= m.value;
        }
        for p in &sale.payments {
            f.payments += p.amount;
            if p.method == "cash" {
                f.cash_payments += p.amount;
            }
        }
        f.cash_moves = t.cash_moves.iter().map(|(_, a)| a).sum();
        for l in &sale.lines {
            let returned: i64 = t
                .returns
                .iter()
                .flat_map(|r| &r.lines)
                .filter(|rl| rl.line_no == l.line_no)
                .map(|rl| rl.qty)
                .sum();
            if returned > l.qty {
                f.over_returned.push((l.line_no, l.qty, returned));
            }
        }
        f
    }
}

/// The sale numbered `number`.
pub(crate) fn sale_by_number(tx: &mut dyn Tx, s: TenantScope, number: &str) -> R<Option<SaleId>> {
    tx.opt(
        "SELECT id FROM sales WHERE tenant_id = $1 AND number = $2",
        args![s.id(), number],
        |r| Ok(SaleId(r.i64(0)?)),
    )
}

pub(crate) fn sale_trace(tx: &mut dyn Tx, s: TenantScope, id: SaleId) -> R<Option<SaleTrace>> {
    let Some(sale) = super::read::sale(tx, s, id)? else {
        return Ok(None);
    };
    let t = s.id();
    let business_day = tx.one(
        "SELECT business_day FROM sales WHERE tenant_id = $1 AND id = $2",
        args![t, id.0],
        |r| Ok(r.opt_i64(0)?.and_then(|d| i32::try_from(d).ok())),
    )?;
    let products = tx.rows(
        "SELECT p.code, p.name_en, p.tracks_stock FROM sale_lines l
         JOIN products p ON p.tenant_id = l.tenant_id AND p.id = l.product_id
         WHERE l.tenant_id = $1 AND l.sale_id = $2 ORDER BY l.line_no",
        args![t, id.0],
        |r| {
            Ok(TraceProduct {
                code: r.text(0)?,
                name_en: r.text(1)?,
                tracks_stock: r.bool(2)?,
            })
        },
    )?;
    let mut entries: Vec<TraceEntry> = Vec::new();
    tx.query(
        "SELECT e.id, e.number, e.posted_at_ms, l.account_id, a.code, a.name_en, a.role, l.amount
         FROM journal_entries e
         JOIN journal_lines l ON l.entry_id = e.id AND l.tenant_id = e.tenant_id
         LEFT JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
         WHERE e.tenant_id = $1 AND e.doc_kind = 'sale' AND e.doc_id = $2
         ORDER BY e.id, l.line_no",
        args![t, id.0],
        &mut |r| {
            let entry = r.i64(0)?;
            if entries.last().is_none_or(|e| e.id != entry) {
                entries.push(TraceEntry {
                    id: entry,
                    number: r.text(1)?,
                    posted_at_ms: r.i64(2)?,
                    lines: Vec::new(),
                });
            }
            if let Some(e) = entries.last_mut() {
                e.lines.push(TraceEntryLine {
                    account_id: AccountId(r.i64(3)?),
                    account_code: r.opt_text(4)?.unwrap_or_default(),
                    account_name: r.opt_text(5)?.unwrap_or_default(),
                    role: r.opt_text(6)?,
                    amount: r.i64(7)?,
                });
            }
            Ok(())
        },
    )?;
    let crate::DocumentMoves {
        stock: stock_moves,
        cash: cash_moves,
    } = crate::ledger::documents::moves(tx, s, "sale", id.0)?;
    let allocations = tx.rows(
        "SELECT p.id, p.number, p.business_day, a.amount FROM customer_payment_allocations a
         JOIN customer_payments p ON p.tenant_id = a.tenant_id AND p.id = a.payment_id
         WHERE a.tenant_id = $1 AND a.sale_id = $2 ORDER BY p.id",
        args![t, id.0],
        |r| {
            Ok(TraceAllocation {
                payment_id: r.i64(0)?,
                number: r.text(1)?,
                business_day: r.i32(2)?,
                amount: r.i64(3)?,
            })
        },
    )?;
    let returns = crate::returns::read::returns_of_sale(tx, s, id)?;
    Ok(Some(SaleTrace {
        sale,
        business_day,
        products,
        entries,
        stock_moves,
        cash_moves,
        returns,
        allocations,
    }))
}
