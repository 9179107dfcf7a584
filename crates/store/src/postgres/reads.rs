//! Read queries on the PostgreSQL pool. Every query is filtered by the scope's tenant; sums are
//! cast back to BIGINT (PostgreSQL sums BIGINT as NUMERIC).

use mizan_domain::{
    AccountId, BranchId, CashRegisterId, CashierSessionId, Currency, CustomerId, OpeningStockId,
    ProductId, SaleId, TenantId, WarehouseId,
};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

use crate::{
    AccountBalance, Branch, CHECK_QUERIES, CashRegister, Customer, Finding, JournalEntryView,
    JournalLineView, OpeningStock, Product, Sale, SaleLineRecord, SalePaymentRecord, SaleStatus,
    StockLevelRow, StoreError, Tenant, TenantScope, Warehouse,
};

type R<T> = Result<T, StoreError>;

fn tenant_row(r: &PgRow) -> R<Tenant> {
    let exponent: i64 = r.try_get(3)?;
    Ok(Tenant {
        id: TenantId(r.try_get(0)?),
        name: r.try_get(1)?,
        currency: Currency {
            code: r.try_get(2)?,
            exponent: u32::try_from(exponent)
                .map_err(|_| StoreError::Corrupt(format!("currency exponent {exponent}")))?,
        },
        require_open_session: r.try_get(4)?,
        utc_offset_minutes: i32::try_from(r.try_get::<i64, _>(5)?).unwrap_or(0),
        scale_layouts: crate::scale_layouts::decode(&r.try_get::<String, _>(6)?),
    })
}

macro_rules! tenant_sql {
    () => {
        "SELECT id, name, currency, exponent, require_open_session, utc_offset_minutes,
             scale_layouts FROM tenants"
    };
}

pub(super) async fn tenant(p: &PgPool, s: TenantScope) -> R<Tenant> {
    let row = sqlx::query(concat!(tenant_sql!(), " WHERE id = $1"))
        .bind(s.id())
        .fetch_one(p)
        .await?;
    tenant_row(&row)
}

pub(super) async fn operator_tenants(p: &PgPool) -> R<Vec<(TenantScope, Tenant)>> {
    sqlx::query(concat!(tenant_sql!(), " ORDER BY id"))
        .fetch_all(p)
        .await?
        .iter()
        .map(|r| tenant_row(r).map(|t| (TenantScope::new(t.id), t)))
        .collect()
}

pub(super) async fn authenticate(p: &PgPool, token_hash: &str) -> R<Option<(TenantScope, String)>> {
    let t: Option<(i64, String)> =
        sqlx::query_as("SELECT tenant_id, user_name FROM api_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(p)
            .await?;
    Ok(t.map(|(t, user)| (TenantScope::new(TenantId(t)), user)))
}

async fn many<T>(
    p: &PgPool,
    sql: &'static str,
    s: TenantScope,
    f: impl Fn(&PgRow) -> R<T>,
) -> R<Vec<T>> {
    sqlx::query(sql)
        .bind(s.id())
        .fetch_all(p)
        .await?
        .iter()
        .map(f)
        .collect()
}

async fn one<T>(
    p: &PgPool,
    sql: &'static str,
    s: TenantScope,
    id: i64,
    f: impl Fn(&PgRow) -> R<T>,
) -> R<Option<T>> {
    sqlx::query(sql)
        .bind(s.id())
        .bind(id)
        .fetch_optional(p)
        .await?
        .as_ref()
        .map(f)
        .transpose()
}

macro_rules! branch_sql {
    () => {
        "SELECT id, name FROM branches WHERE tenant_id = $1"
    };
}
fn branch_row(r: &PgRow) -> R<Branch> {
    Ok(Branch {
        id: BranchId(r.try_get(0)?),
        name: r.try_get(1)?,
    })
}
pub(super) async fn branches(p: &PgPool, s: TenantScope) -> R<Vec<Branch>> {
    many(p, concat!(branch_sql!(), " ORDER BY id"), s, branch_row).await
}
pub(super) async fn branch(p: &PgPool, s: TenantScope, id: BranchId) -> R<Option<Branch>> {
    one(
        p,
        concat!(branch_sql!(), " AND id = $2"),
        s,
        id.0,
        branch_row,
    )
    .await
}

macro_rules! warehouse_sql {
    () => {
        "SELECT id, branch_id, code, name FROM warehouses WHERE tenant_id = $1"
    };
}
fn warehouse_row(r: &PgRow) -> R<Warehouse> {
    Ok(Warehouse {
        id: WarehouseId(r.try_get(0)?),
        branch_id: r.try_get::<Option<i64>, _>(1)?.map(BranchId),
        code: r.try_get(2)?,
        name: r.try_get(3)?,
    })
}
pub(super) async fn warehouses(p: &PgPool, s: TenantScope) -> R<Vec<Warehouse>> {
    many(
        p,
        concat!(warehouse_sql!(), " ORDER BY id"),
        s,
        warehouse_row,
    )
    .await
}
pub(super) async fn warehouse(p: &PgPool, s: TenantScope, id: WarehouseId) -> R<Option<Warehouse>> {
    one(
        p,
        concat!(warehouse_sql!(), " AND id = $2"),
        s,
        id.0,
        warehouse_row,
    )
    .await
}

macro_rules! register_sql {
    () => {
        "SELECT id, branch_id, name, account_id FROM cash_registers WHERE tenant_id = $1"
    };
}
fn register_row(r: &PgRow) -> R<CashRegister> {
    Ok(CashRegister {
        id: CashRegisterId(r.try_get(0)?),
        branch_id: r.try_get::<Option<i64>, _>(1)?.map(BranchId),
        name: r.try_get(2)?,
        account_id: AccountId(r.try_get(3)?),
    })
}
pub(super) async fn cash_registers(p: &PgPool, s: TenantScope) -> R<Vec<CashRegister>> {
    many(p, concat!(register_sql!(), " ORDER BY id"), s, register_row).await
}
pub(super) async fn cash_register(
    p: &PgPool,
    s: TenantScope,
    id: CashRegisterId,
) -> R<Option<CashRegister>> {
    one(
        p,
        concat!(register_sql!(), " AND id = $2"),
        s,
        id.0,
        register_row,
    )
    .await
}

macro_rules! customer_sql {
    () => {
        "SELECT id, name, phone, credit_limit, balance FROM customers WHERE tenant_id = $1"
    };
}
fn customer_row(r: &PgRow) -> R<Customer> {
    Ok(Customer {
        id: CustomerId(r.try_get(0)?),
        name: r.try_get(1)?,
        phone: r.try_get(2)?,
        credit_limit: r.try_get(3)?,
        balance: r.try_get(4)?,
    })
}
pub(super) async fn customers(p: &PgPool, s: TenantScope) -> R<Vec<Customer>> {
    many(p, concat!(customer_sql!(), " ORDER BY id"), s, customer_row).await
}
pub(super) async fn customer(p: &PgPool, s: TenantScope, id: CustomerId) -> R<Option<Customer>> {
    one(
        p,
        concat!(customer_sql!(), " AND id = $2"),
        s,
        id.0,
        customer_row,
    )
    .await
}

macro_rules! product_sql {
    () => {
        "SELECT id, code, barcode, name_en, name_ar, unit, sale_price, vat_bp, tracks_stock,
             allow_negative_stock, cost_price, plu FROM products WHERE tenant_id = $1"
    };
}
fn product_row(r: &PgRow) -> R<Product> {
    Ok(Product {
        id: ProductId(r.try_get(0)?),
        code: r.try_get(1)?,
        barcode: r.try_get(2)?,
        name_en: r.try_get(3)?,
        name_ar: r.try_get(4)?,
        unit: r.try_get(5)?,
        sale_price: r.try_get(6)?,
        vat_bp: r.try_get(7)?,
        tracks_stock: r.try_get(8)?,
        allow_negative_stock: r.try_get(9)?,
        cost_price: r.try_get(10)?,
        plu: r.try_get(11)?,
    })
}
pub(super) async fn products(p: &PgPool, s: TenantScope) -> R<Vec<Product>> {
    many(p, concat!(product_sql!(), " ORDER BY id"), s, product_row).await
}
pub(super) async fn product(p: &PgPool, s: TenantScope, id: ProductId) -> R<Option<Product>> {
    one(
        p,
        concat!(product_sql!(), " AND id = $2"),
        s,
        id.0,
        product_row,
    )
    .await
}

pub(super) async fn product_by_code(
    p: &PgPool,
    s: TenantScope,
    key: crate::ProductKey<'_>,
) -> R<Option<Product>> {
    let (sql, value) = match key {
        crate::ProductKey::Barcode(b) => (concat!(product_sql!(), " AND barcode = $2"), b),
        crate::ProductKey::Plu(v) => (concat!(product_sql!(), " AND plu = $2"), v),
    };
    let row = sqlx::query(sql)
        .bind(s.id())
        .bind(value)
        .fetch_optional(p)
        .await?;
    row.as_ref().map(product_row).transpose()
}

pub(super) async fn opening_stock(
    p: &PgPool,
    s: TenantScope,
    id: OpeningStockId,
) -> R<Option<OpeningStock>> {
    one(
        p,
        "SELECT id, number, warehouse_id, product_id, qty, unit_cost, value, posted_at_ms
         FROM opening_stocks WHERE tenant_id = $1 AND id = $2",
        s,
        id.0,
        |r| {
            Ok(OpeningStock {
                id: OpeningStockId(r.try_get(0)?),
                number: r.try_get(1)?,
                warehouse_id: WarehouseId(r.try_get(2)?),
                product_id: ProductId(r.try_get(3)?),
                qty: r.try_get(4)?,
                unit_cost: r.try_get(5)?,
                value: r.try_get(6)?,
                posted_at_ms: r.try_get(7)?,
            })
        },
    )
    .await
}

macro_rules! sale_sql {
    () => {
        "SELECT id, number, status, payment_method, cash_register_id, customer_id, net, vat,
             total, cost, created_at_ms, posted_at_ms, session_id, branch_id, cashier
             FROM sales WHERE tenant_id = $1"
    };
}
fn sale_row(r: &PgRow) -> R<Sale> {
    let status: String = r.try_get(2)?;
    Ok(Sale {
        id: SaleId(r.try_get(0)?),
        number: r.try_get(1)?,
        status: SaleStatus::parse(&status).unwrap_or(SaleStatus::Draft),
        payment_method: r.try_get(3)?,
        cash_register_id: r.try_get::<Option<i64>, _>(4)?.map(CashRegisterId),
        customer_id: r.try_get::<Option<i64>, _>(5)?.map(CustomerId),
        net: r.try_get(6)?,
        vat: r.try_get(7)?,
        total: r.try_get(8)?,
        cost: r.try_get(9)?,
        created_at_ms: r.try_get(10)?,
        posted_at_ms: r.try_get(11)?,
        session_id: r.try_get::<Option<i64>, _>(12)?.map(CashierSessionId),
        branch_id: r.try_get::<Option<i64>, _>(13)?.map(BranchId),
        cashier: r.try_get(14)?,
        lines: Vec::new(),
        payments: Vec::new(),
    })
}

/// Fills in the lines of `sales` with one query.
async fn sale_lines(p: &PgPool, s: TenantScope, sales: &mut [Sale]) -> R<()> {
    if sales.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = sales.iter().map(|x| x.id.0).collect();
    let rows = sqlx::query(
        "SELECT sale_id, line_no, product_id, warehouse_id, qty, unit_price, discount, net, vat,
                cost
         FROM sale_lines WHERE tenant_id = $1 AND sale_id = ANY($2) ORDER BY sale_id, line_no",
    )
    .bind(s.id())
    .bind(&ids)
    .fetch_all(p)
    .await?;
    for r in &rows {
        let sale_id: i64 = r.try_get(0)?;
        let line = SaleLineRecord {
            line_no: r.try_get(1)?,
            product_id: ProductId(r.try_get(2)?),
            warehouse_id: WarehouseId(r.try_get(3)?),
            qty: r.try_get(4)?,
            unit_price: r.try_get(5)?,
            discount: r.try_get(6)?,
            net: r.try_get(7)?,
            vat: r.try_get(8)?,
            cost: r.try_get(9)?,
        };
        if let Some(sale) = sales.iter_mut().find(|x| x.id.0 == sale_id) {
            sale.lines.push(line);
        }
    }
    let rows = sqlx::query(
        "SELECT sale_id, method, amount, received, change_amount, account_id
         FROM sale_payments WHERE tenant_id = $1 AND sale_id = ANY($2)
         ORDER BY sale_id, line_no",
    )
    .bind(s.id())
    .bind(&ids)
    .fetch_all(p)
    .await?;
    for r in &rows {
        let sale_id: i64 = r.try_get(0)?;
        let payment = SalePaymentRecord {
            method: r.try_get(1)?,
            amount: r.try_get(2)?,
            received: r.try_get(3)?,
            change: r.try_get(4)?,
            account_id: AccountId(r.try_get(5)?),
        };
        if let Some(sale) = sales.iter_mut().find(|x| x.id.0 == sale_id) {
            sale.payments.push(payment);
        }
    }
    Ok(())
}
pub(super) async fn sale(p: &PgPool, s: TenantScope, id: SaleId) -> R<Option<Sale>> {
    let Some(sale) = one(p, concat!(sale_sql!(), " AND id = $2"), s, id.0, sale_row).await? else {
        return Ok(None);
    };
    let mut one_sale = [sale];
    sale_lines(p, s, &mut one_sale).await?;
    let [sale] = one_sale;
    Ok(Some(sale))
}
pub(super) async fn sales(
    p: &PgPool,
    s: TenantScope,
    limit: i64,
    before: Option<SaleId>,
) -> R<Vec<Sale>> {
    let mut out = sqlx::query(concat!(
        sale_sql!(),
        " AND id < $2 ORDER BY id DESC LIMIT $3"
    ))
    .bind(s.id())
    .bind(before.map_or(i64::MAX, |b| b.0))
    .bind(limit)
    .fetch_all(p)
    .await?
    .iter()
    .map(sale_row)
    .collect::<R<Vec<Sale>>>()?;
    sale_lines(p, s, &mut out).await?;
    Ok(out)
}

pub(super) async fn stock_levels(p: &PgPool, s: TenantScope) -> R<Vec<StockLevelRow>> {
    many(
        p,
        "SELECT warehouse_id, product_id, qty, value FROM stock_levels WHERE tenant_id = $1
         ORDER BY warehouse_id, product_id",
        s,
        |r| {
            Ok(StockLevelRow {
                warehouse_id: WarehouseId(r.try_get(0)?),
                product_id: ProductId(r.try_get(1)?),
                qty: r.try_get(2)?,
                value: r.try_get(3)?,
            })
        },
    )
    .await
}

pub(super) async fn account_balances(p: &PgPool, s: TenantScope) -> R<Vec<AccountBalance>> {
    many(
        p,
        "SELECT a.id, a.code, a.name_en, a.name_ar, a.kind,
                CAST(COALESCE((SELECT SUM(l.amount) FROM journal_lines l
                               WHERE l.tenant_id = a.tenant_id AND l.account_id = a.id), 0)
                     AS BIGINT)
         FROM accounts a WHERE a.tenant_id = $1 ORDER BY a.code",
        s,
        |r| {
            Ok(AccountBalance {
                id: AccountId(r.try_get(0)?),
                code: r.try_get(1)?,
                name_en: r.try_get(2)?,
                name_ar: r.try_get(3)?,
                kind: r.try_get(4)?,
                balance: r.try_get(5)?,
            })
        },
    )
    .await
}

pub(super) async fn journal(p: &PgPool, s: TenantScope) -> R<Vec<JournalEntryView>> {
    let rows = sqlx::query(
        "SELECT e.id, e.number, e.doc_kind, e.doc_id, e.posted_at_ms, e.memo,
                a.code, a.name_en, a.kind, l.amount
         FROM journal_entries e
         JOIN journal_lines l ON l.entry_id = e.id AND l.tenant_id = e.tenant_id
         JOIN accounts a ON a.id = l.account_id AND a.tenant_id = e.tenant_id
         WHERE e.tenant_id = $1 ORDER BY e.id, l.line_no",
    )
    .bind(s.id())
    .fetch_all(p)
    .await?;
    let mut out: Vec<JournalEntryView> = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get(0)?;
        if out.last().is_none_or(|e| e.id != id) {
            out.push(JournalEntryView {
                id,
                number: r.try_get(1)?,
                doc_kind: r.try_get(2)?,
                doc_id: r.try_get(3)?,
                posted_at_ms: r.try_get(4)?,
                memo: r.try_get(5)?,
                lines: Vec::new(),
            });
        }
        if let Some(e) = out.last_mut() {
            e.lines.push(JournalLineView {
                account_code: r.try_get(6)?,
                account_name: r.try_get(7)?,
                account_kind: r.try_get(8)?,
                amount: r.try_get(9)?,
            });
        }
    }
    Ok(out)
}

/// An integer column of a check query: a literal (`0`, `1`) is INTEGER in PostgreSQL, a cast
/// or a column BIGINT.
fn int(r: &PgRow, i: usize) -> R<i64> {
    match r.try_get::<i64, _>(i) {
        Ok(v) => Ok(v),
        Err(e) => r.try_get::<i32, _>(i).map(i64::from).map_err(|_| e.into()),
    }
}

pub(super) async fn check(p: &PgPool, s: TenantScope) -> R<Vec<Finding>> {
    let mut out = Vec::new();
    for (name, sql) in CHECK_QUERIES {
        let rows = sqlx::query(*sql).bind(s.id()).fetch_all(p).await?;
        for r in &rows {
            out.push(Finding {
                check: name,
                subject: r.try_get(0)?,
                expected: int(r, 1)?,
                actual: int(r, 2)?,
            });
        }
    }
    Ok(out)
}

macro_rules! session_sql {
    () => {
        "SELECT id, number, cash_register_id, branch_id, status, opened_by, opened_at_ms,
             opening_float, sales_count, sales_total, cash_received, change_given, card,
             bank_transfer, credit, cash_refunds, pay_ins, payouts, closed_by, closed_at_ms,
             counted, denominations FROM cashier_sessions WHERE tenant_id = $1"
    };
}
fn session_row(r: &PgRow) -> R<crate::CashierSession> {
    let denominations: Option<String> = r.try_get(21)?;
    Ok(crate::CashierSession {
        id: CashierSessionId(r.try_get(0)?),
        number: r.try_get(1)?,
        cash_register_id: CashRegisterId(r.try_get(2)?),
        branch_id: r.try_get::<Option<i64>, _>(3)?.map(BranchId),
        status: r.try_get(4)?,
        opened_by: r.try_get(5)?,
        opened_at_ms: r.try_get(6)?,
        totals: mizan_domain::sessions::SessionTotals {
            opening_float: r.try_get(7)?,
            sales_count: r.try_get(8)?,
            sales_total: r.try_get(9)?,
            cash_received: r.try_get(10)?,
            change_given: r.try_get(11)?,
            card: r.try_get(12)?,
            bank_transfer: r.try_get(13)?,
            credit: r.try_get(14)?,
            cash_refunds: r.try_get(15)?,
            pay_ins: r.try_get(16)?,
            payouts: r.try_get(17)?,
        },
        closed_by: r.try_get(18)?,
        closed_at_ms: r.try_get(19)?,
        counted: r.try_get(20)?,
        denominations: crate::denominations::decode(denominations.as_deref()),
    })
}
pub(super) async fn cashier_session(
    p: &PgPool,
    s: TenantScope,
    id: CashierSessionId,
) -> R<Option<crate::CashierSession>> {
    one(
        p,
        concat!(session_sql!(), " AND id = $2"),
        s,
        id.0,
        session_row,
    )
    .await
}
pub(super) async fn cashier_sessions(
    p: &PgPool,
    s: TenantScope,
    register: Option<CashRegisterId>,
    open_only: bool,
) -> R<Vec<crate::CashierSession>> {
    let rows = sqlx::query(concat!(
        session_sql!(),
        " AND (CAST($2 AS BIGINT) IS NULL OR cash_register_id = $2)
          AND (NOT $3 OR status = 'open') ORDER BY id DESC LIMIT 200"
    ))
    .bind(s.id())
    .bind(register.map(|r| r.0))
    .bind(open_only)
    .fetch_all(p)
    .await?;
    rows.iter().map(session_row).collect()
}

pub(super) async fn daily_sales(p: &PgPool, s: TenantScope, day: i32) -> R<Vec<crate::DailySales>> {
    let rows = sqlx::query(crate::daily::DAILY_SALES_OF_DAY)
        .bind(s.id())
        .bind(i64::from(day))
        .fetch_all(p)
        .await?;
    rows.iter()
        .map(|r| {
            let branch: i64 = r.try_get(0)?;
            Ok(crate::DailySales {
                branch_id: (branch != 0).then_some(BranchId(branch)),
                day: i32::try_from(r.try_get::<i64, _>(1)?).unwrap_or(0),
                sales_count: r.try_get(2)?,
                total: r.try_get(3)?,
                net: r.try_get(4)?,
                vat: r.try_get(5)?,
                cash: r.try_get(6)?,
                card: r.try_get(7)?,
                bank_transfer: r.try_get(8)?,
                credit: r.try_get(9)?,
                unique_customers: r.try_get(10)?,
                returns_count: r.try_get(11)?,
                returns_total: r.try_get(12)?,
                sessions_opened: r.try_get(13)?,
                sessions_closed: r.try_get(14)?,
            })
        })
        .collect()
}
