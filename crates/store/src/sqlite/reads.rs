//! Read queries on a SQLite read connection. Every query is filtered by the scope's tenant.

use mizan_domain::{
    AccountId, BranchId, CashRegisterId, CashierSessionId, Currency, CustomerId, OpeningStockId,
    ProductId, SaleId, TenantId, WarehouseId,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::{
    AccountBalance, Branch, CHECK_QUERIES, CashRegister, Customer, Finding, JournalEntryView,
    JournalLineView, OpeningStock, Product, Sale, SaleLineRecord, SalePaymentRecord, SaleStatus,
    StockLevelRow, StoreError, Tenant, TenantScope,
};

type R<T> = Result<T, StoreError>;

pub(super) fn tenant_row(r: &Row<'_>) -> rusqlite::Result<Tenant> {
    Ok(Tenant {
        id: TenantId(r.get(0)?),
        name: r.get(1)?,
        currency: Currency {
            code: r.get(2)?,
            exponent: r.get(3)?,
        },
        require_open_session: r.get(4)?,
        utc_offset_minutes: r.get(5)?,
        scale_layouts: crate::scale_layouts::decode(&r.get::<_, String>(6)?),
    })
}

/// The columns [`tenant_row`] reads.
pub(super) const TENANT: &str =
    "SELECT id, name, currency, exponent, require_open_session, utc_offset_minutes, scale_layouts
     FROM tenants";

pub(super) fn tenant(c: &Connection, s: TenantScope) -> R<Tenant> {
    Ok(c.prepare_cached(&format!("{TENANT} WHERE id = ?1"))?
        .query_row([s.id()], tenant_row)?)
}

pub(super) fn operator_tenants(c: &Connection) -> R<Vec<(TenantScope, Tenant)>> {
    let mut q = c.prepare_cached(&format!("{TENANT} ORDER BY id"))?;
    let rows = q.query_map([], tenant_row)?;
    Ok(rows
        .map(|t| t.map(|t| (TenantScope::new(t.id), t)))
        .collect::<Result<_, _>>()?)
}

pub(super) fn authenticate(c: &Connection, token_hash: &str) -> R<Option<(TenantScope, String)>> {
    Ok(
        c.prepare_cached("SELECT tenant_id, user_name FROM api_tokens WHERE token_hash = ?1")?
            .query_row([token_hash], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .map(|(t, user)| (TenantScope::new(TenantId(t)), user)),
    )
}

fn many<T>(
    c: &Connection,
    sql: &str,
    s: TenantScope,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> R<Vec<T>> {
    let mut q = c.prepare_cached(sql)?;
    let rows = q.query_map([s.id()], f)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn one<T>(
    c: &Connection,
    sql: &str,
    s: TenantScope,
    id: i64,
    f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> R<Option<T>> {
    Ok(c.prepare_cached(sql)?
        .query_row(params![s.id(), id], f)
        .optional()?)
}

const BRANCH: &str = "SELECT id, name FROM branches WHERE tenant_id = ?1";
fn branch_row(r: &Row<'_>) -> rusqlite::Result<Branch> {
    Ok(Branch {
        id: BranchId(r.get(0)?),
        name: r.get(1)?,
    })
}
pub(super) fn branches(c: &Connection, s: TenantScope) -> R<Vec<Branch>> {
    many(c, &format!("{BRANCH} ORDER BY id"), s, branch_row)
}
pub(super) fn branch(c: &Connection, s: TenantScope, id: BranchId) -> R<Option<Branch>> {
    one(c, &format!("{BRANCH} AND id = ?2"), s, id.0, branch_row)
}

const WAREHOUSE: &str = "SELECT id, branch_id, code, name FROM warehouses WHERE tenant_id = ?1";
fn warehouse_row(r: &Row<'_>) -> rusqlite::Result<crate::Warehouse> {
    Ok(crate::Warehouse {
        id: WarehouseId(r.get(0)?),
        branch_id: r.get::<_, Option<i64>>(1)?.map(BranchId),
        code: r.get(2)?,
        name: r.get(3)?,
    })
}
pub(super) fn warehouses(c: &Connection, s: TenantScope) -> R<Vec<crate::Warehouse>> {
    many(c, &format!("{WAREHOUSE} ORDER BY id"), s, warehouse_row)
}
pub(super) fn warehouse(
    c: &Connection,
    s: TenantScope,
    id: WarehouseId,
) -> R<Option<crate::Warehouse>> {
    one(
        c,
        &format!("{WAREHOUSE} AND id = ?2"),
        s,
        id.0,
        warehouse_row,
    )
}

const REGISTER: &str =
    "SELECT id, branch_id, name, account_id FROM cash_registers WHERE tenant_id = ?1";
fn register_row(r: &Row<'_>) -> rusqlite::Result<CashRegister> {
    Ok(CashRegister {
        id: CashRegisterId(r.get(0)?),
        branch_id: r.get::<_, Option<i64>>(1)?.map(BranchId),
        name: r.get(2)?,
        account_id: AccountId(r.get(3)?),
    })
}
pub(super) fn cash_registers(c: &Connection, s: TenantScope) -> R<Vec<CashRegister>> {
    many(c, &format!("{REGISTER} ORDER BY id"), s, register_row)
}
pub(super) fn cash_register(
    c: &Connection,
    s: TenantScope,
    id: CashRegisterId,
) -> R<Option<CashRegister>> {
    one(c, &format!("{REGISTER} AND id = ?2"), s, id.0, register_row)
}

const CUSTOMER: &str =
    "SELECT id, name, phone, credit_limit, balance FROM customers WHERE tenant_id = ?1";
fn customer_row(r: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: CustomerId(r.get(0)?),
        name: r.get(1)?,
        phone: r.get(2)?,
        credit_limit: r.get(3)?,
        balance: r.get(4)?,
    })
}
pub(super) fn customers(c: &Connection, s: TenantScope) -> R<Vec<Customer>> {
    many(c, &format!("{CUSTOMER} ORDER BY id"), s, customer_row)
}
pub(super) fn customer(c: &Connection, s: TenantScope, id: CustomerId) -> R<Option<Customer>> {
    one(c, &format!("{CUSTOMER} AND id = ?2"), s, id.0, customer_row)
}

const PRODUCT: &str = "SELECT id, code, barcode, name_en, name_ar, unit, sale_price, vat_bp,
    tracks_stock, allow_negative_stock, cost_price, plu FROM products WHERE tenant_id = ?1";
fn product_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: ProductId(r.get(0)?),
        code: r.get(1)?,
        barcode: r.get(2)?,
        name_en: r.get(3)?,
        name_ar: r.get(4)?,
        unit: r.get(5)?,
        sale_price: r.get(6)?,
        vat_bp: r.get(7)?,
        tracks_stock: r.get(8)?,
        allow_negative_stock: r.get(9)?,
        cost_price: r.get(10)?,
        plu: r.get(11)?,
    })
}
pub(super) fn products(c: &Connection, s: TenantScope) -> R<Vec<Product>> {
    many(c, &format!("{PRODUCT} ORDER BY id"), s, product_row)
}
pub(super) fn product(c: &Connection, s: TenantScope, id: ProductId) -> R<Option<Product>> {
    one(c, &format!("{PRODUCT} AND id = ?2"), s, id.0, product_row)
}
pub(super) fn product_by_code(
    c: &Connection,
    s: TenantScope,
    key: crate::ProductKey<'_>,
) -> R<Option<Product>> {
    let (sql, value) = match key {
        crate::ProductKey::Barcode(b) => (format!("{PRODUCT} AND barcode = ?2"), b),
        crate::ProductKey::Plu(p) => (format!("{PRODUCT} AND plu = ?2"), p),
    };
    Ok(c.prepare_cached(&sql)?
        .query_row(params![s.id(), value], product_row)
        .optional()?)
}

pub(super) fn opening_stock(
    c: &Connection,
    s: TenantScope,
    id: OpeningStockId,
) -> R<Option<OpeningStock>> {
    one(
        c,
        "SELECT id, number, warehouse_id, product_id, qty, unit_cost, value, posted_at_ms
         FROM opening_stocks WHERE tenant_id = ?1 AND id = ?2",
        s,
        id.0,
        |r| {
            Ok(OpeningStock {
                id: OpeningStockId(r.get(0)?),
                number: r.get(1)?,
                warehouse_id: WarehouseId(r.get(2)?),
                product_id: ProductId(r.get(3)?),
                qty: r.get(4)?,
                unit_cost: r.get(5)?,
                value: r.get(6)?,
                posted_at_ms: r.get(7)?,
            })
        },
    )
}

const SALE: &str = "SELECT id, number, status, payment_method, cash_register_id, customer_id,
    net, vat, total, cost, created_at_ms, posted_at_ms, session_id, branch_id, cashier
    FROM sales WHERE tenant_id = ?1";
fn sale_row(r: &Row<'_>) -> rusqlite::Result<Sale> {
    let status: String = r.get(2)?;
    Ok(Sale {
        id: SaleId(r.get(0)?),
        number: r.get(1)?,
        status: SaleStatus::parse(&status).unwrap_or(SaleStatus::Draft),
        payment_method: r.get(3)?,
        cash_register_id: r.get::<_, Option<i64>>(4)?.map(CashRegisterId),
        customer_id: r.get::<_, Option<i64>>(5)?.map(CustomerId),
        net: r.get(6)?,
        vat: r.get(7)?,
        total: r.get(8)?,
        cost: r.get(9)?,
        created_at_ms: r.get(10)?,
        posted_at_ms: r.get(11)?,
        session_id: r.get::<_, Option<i64>>(12)?.map(CashierSessionId),
        branch_id: r.get::<_, Option<i64>>(13)?.map(BranchId),
        cashier: r.get(14)?,
        lines: Vec::new(),
        payments: Vec::new(),
    })
}
fn sale_lines(c: &Connection, s: TenantScope, sale: &mut Sale) -> R<()> {
    let mut q = c.prepare_cached(
        "SELECT line_no, product_id, warehouse_id, qty, unit_price, discount, net, vat, cost
         FROM sale_lines WHERE tenant_id = ?1 AND sale_id = ?2 ORDER BY line_no",
    )?;
    let rows = q.query_map(params![s.id(), sale.id.0], |r| {
        Ok(SaleLineRecord {
            line_no: r.get(0)?,
            product_id: ProductId(r.get(1)?),
            warehouse_id: WarehouseId(r.get(2)?),
            qty: r.get(3)?,
            unit_price: r.get(4)?,
            discount: r.get(5)?,
            net: r.get(6)?,
            vat: r.get(7)?,
            cost: r.get(8)?,
        })
    })?;
    sale.lines = rows.collect::<Result<_, _>>()?;
    let mut q = c.prepare_cached(
        "SELECT method, amount, received, change_amount, account_id FROM sale_payments
         WHERE tenant_id = ?1 AND sale_id = ?2 ORDER BY line_no",
    )?;
    let rows = q.query_map(params![s.id(), sale.id.0], |r| {
        Ok(SalePaymentRecord {
            method: r.get(0)?,
            amount: r.get(1)?,
            received: r.get(2)?,
            change: r.get(3)?,
            account_id: AccountId(r.get(4)?),
        })
    })?;
    sale.payments = rows.collect::<Result<_, _>>()?;
    Ok(())
}
pub(super) fn sale(c: &Connection, s: TenantScope, id: SaleId) -> R<Option<Sale>> {
    let Some(mut sale) = one(c, &format!("{SALE} AND id = ?2"), s, id.0, sale_row)? else {
        return Ok(None);
    };
    sale_lines(c, s, &mut sale)?;
    Ok(Some(sale))
}
pub(super) fn sales(
    c: &Connection,
    s: TenantScope,
    limit: i64,
    before: Option<SaleId>,
) -> R<Vec<Sale>> {
    let mut q = c.prepare_cached(&format!("{SALE} AND id < ?2 ORDER BY id DESC LIMIT ?3"))?;
    let rows = q.query_map(
        params![s.id(), before.map_or(i64::MAX, |b| b.0), limit],
        sale_row,
    )?;
    let mut out: Vec<Sale> = rows.collect::<Result<_, _>>()?;
    for sale in &mut out {
        sale_lines(c, s, sale)?;
    }
    Ok(out)
}

pub(super) fn stock_levels(c: &Connection, s: TenantScope) -> R<Vec<StockLevelRow>> {
    many(
        c,
        "SELECT warehouse_id, product_id, qty, value FROM stock_levels WHERE tenant_id = ?1
         ORDER BY warehouse_id, product_id",
        s,
        |r| {
            Ok(StockLevelRow {
                warehouse_id: WarehouseId(r.get(0)?),
                product_id: ProductId(r.get(1)?),
                qty: r.get(2)?,
                value: r.get(3)?,
            })
        },
    )
}

pub(super) fn account_balances(c: &Connection, s: TenantScope) -> R<Vec<AccountBalance>> {
    many(
        c,
        "SELECT a.id, a.code, a.name_en, a.name_ar, a.kind,
                COALESCE((SELECT SUM(l.amount) FROM journal_lines l
                          WHERE l.tenant_id = a.tenant_id AND l.account_id = a.id), 0)
         FROM accounts a WHERE a.tenant_id = ?1 ORDER BY a.code",
        s,
        |r| {
            Ok(AccountBalance {
                id: AccountId(r.get(0)?),
                code: r.get(1)?,
                name_en: r.get(2)?,
                name_ar: r.get(3)?,
                kind: r.get(4)?,
                balance: r.get(5)?,
            })
        },
    )
}

pub(super) fn journal(c: &Connection, s: TenantScope) -> R<Vec<JournalEntryView>> {
    let mut q = c.prepare_cached(
        "SELECT e.id, e.number, e.doc_kind, e.doc_id, e.posted_at_ms, e.memo,
                a.code, a.name_en, a.kind, l.amount
         FROM journal_entries e
         JOIN journal_lines l ON l.entry_id = e.id AND l.tenant_id = e.tenant_id
         JOIN accounts a ON a.id = l.account_id AND a.tenant_id = e.tenant_id
         WHERE e.tenant_id = ?1 ORDER BY e.id, l.line_no",
    )?;
    let mut rows = q.query([s.id()])?;
    let mut out: Vec<JournalEntryView> = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if out.last().is_none_or(|e| e.id != id) {
            out.push(JournalEntryView {
                id,
                number: r.get(1)?,
                doc_kind: r.get(2)?,
                doc_id: r.get(3)?,
                posted_at_ms: r.get(4)?,
                memo: r.get(5)?,
                lines: Vec::new(),
            });
        }
        if let Some(e) = out.last_mut() {
            e.lines.push(JournalLineView {
                account_code: r.get(6)?,
                account_name: r.get(7)?,
                account_kind: r.get(8)?,
                amount: r.get(9)?,
            });
        }
    }
    Ok(out)
}

pub(super) fn check(c: &Connection, s: TenantScope) -> R<Vec<Finding>> {
    let mut out = Vec::new();
    for (name, sql) in CHECK_QUERIES {
        let mut q = c.prepare_cached(sql)?;
        let rows = q.query_map([s.id()], |r| {
            Ok(Finding {
                check: name,
                subject: r.get(0)?,
                expected: r.get(1)?,
                actual: r.get(2)?,
            })
        })?;
        for f in rows {
            out.push(f?);
        }
    }
    Ok(out)
}

pub(super) fn cashier_session(
    c: &Connection,
    s: TenantScope,
    id: CashierSessionId,
) -> R<Option<crate::CashierSession>> {
    super::sessions::read_session(c, s.id(), id)
}

pub(super) fn cashier_sessions(
    c: &Connection,
    s: TenantScope,
    register: Option<CashRegisterId>,
    open_only: bool,
) -> R<Vec<crate::CashierSession>> {
    let mut q = c.prepare_cached(&format!(
        "SELECT {} FROM cashier_sessions
         WHERE tenant_id = ?1 AND (?2 IS NULL OR cash_register_id = ?2)
           AND (?3 = 0 OR status = 'open')
         ORDER BY id DESC LIMIT 200",
        super::sessions::SESSION_COLUMNS
    ))?;
    let rows = q.query_map(
        params![s.id(), register.map(|r| r.0), open_only],
        super::sessions::session_from_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub(super) fn daily_sales(c: &Connection, s: TenantScope, day: i32) -> R<Vec<crate::DailySales>> {
    let mut q = c.prepare_cached(crate::daily::DAILY_SALES_OF_DAY)?;
    let rows = q.query_map(params![s.id(), day], |r| {
        let branch: i64 = r.get(0)?;
        Ok(crate::DailySales {
            branch_id: (branch != 0).then_some(BranchId(branch)),
            day: r.get(1)?,
            sales_count: r.get(2)?,
            total: r.get(3)?,
            net: r.get(4)?,
            vat: r.get(5)?,
            cash: r.get(6)?,
            card: r.get(7)?,
            bank_transfer: r.get(8)?,
            credit: r.get(9)?,
            unique_customers: r.get(10)?,
            returns_count: r.get(11)?,
            returns_total: r.get(12)?,
            sessions_opened: r.get(13)?,
            sessions_closed: r.get(14)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
