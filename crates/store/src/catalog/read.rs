//! Reading master data, lists a page at a time. Every query is filtered by the scope's tenant.

use mizan_domain::{AccountId, BranchId, CashRegisterId, CustomerId, ProductId, WarehouseId};

use crate::tx::{Row, Tx, args};
use crate::{Branch, CashRegister, Customer, Page, Product, StoreError, TenantScope, Warehouse};

type R<T> = Result<T, StoreError>;

/// A page of `select`'s rows in id order: ids above the page's `after`, at most its `limit`.
fn page<T>(
    tx: &mut dyn Tx,
    select: &str,
    s: TenantScope,
    p: Page,
    f: impl FnMut(&dyn Row) -> R<T>,
) -> R<Vec<T>> {
    tx.rows(
        &format!("{select} AND id > $2 ORDER BY id LIMIT $3"),
        args![s.id(), p.after, p.limit],
        f,
    )
}

/// The row of `select` with id `id`.
fn by_id<T>(
    tx: &mut dyn Tx,
    select: &str,
    s: TenantScope,
    id: i64,
    f: impl FnOnce(&dyn Row) -> R<T>,
) -> R<Option<T>> {
    tx.opt(&format!("{select} AND id = $2"), args![s.id(), id], f)
}

const BRANCH: &str = "SELECT id, name FROM branches WHERE tenant_id = $1";
fn branch_row(r: &dyn Row) -> R<Branch> {
    Ok(Branch {
        id: BranchId(r.i64(0)?),
        name: r.text(1)?,
    })
}
pub(crate) fn branches(tx: &mut dyn Tx, s: TenantScope, p: Page) -> R<Vec<Branch>> {
    page(tx, BRANCH, s, p, branch_row)
}
pub(crate) fn branch(tx: &mut dyn Tx, s: TenantScope, id: BranchId) -> R<Option<Branch>> {
    by_id(tx, BRANCH, s, id.0, branch_row)
}

const WAREHOUSE: &str = "SELECT id, branch_id, code, name FROM warehouses WHERE tenant_id = $1";
fn warehouse_row(r: &dyn Row) -> R<Warehouse> {
    Ok(Warehouse {
        id: WarehouseId(r.i64(0)?),
        branch_id: r.opt_i64(1)?.map(BranchId),
        code: r.text(2)?,
        name: r.text(3)?,
    })
}
pub(crate) fn warehouses(tx: &mut dyn Tx, s: TenantScope, p: Page) -> R<Vec<Warehouse>> {
    page(tx, WAREHOUSE, s, p, warehouse_row)
}
pub(crate) fn warehouse(tx: &mut dyn Tx, s: TenantScope, id: WarehouseId) -> R<Option<Warehouse>> {
    by_id(tx, WAREHOUSE, s, id.0, warehouse_row)
}

const REGISTER: &str =
    "SELECT id, branch_id, name, account_id FROM cash_registers WHERE tenant_id = $1";
fn register_row(r: &dyn Row) -> R<CashRegister> {
    Ok(CashRegister {
        id: CashRegisterId(r.i64(0)?),
        branch_id: r.opt_i64(1)?.map(BranchId),
        name: r.text(2)?,
        account_id: AccountId(r.i64(3)?),
    })
}
pub(crate) fn cash_registers(tx: &mut dyn Tx, s: TenantScope, p: Page) -> R<Vec<CashRegister>> {
    page(tx, REGISTER, s, p, register_row)
}
pub(crate) fn cash_register(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: CashRegisterId,
) -> R<Option<CashRegister>> {
    by_id(tx, REGISTER, s, id.0, register_row)
}

const CUSTOMER: &str =
    "SELECT id, name, phone, credit_limit, balance FROM customers WHERE tenant_id = $1";
fn customer_row(r: &dyn Row) -> R<Customer> {
    Ok(Customer {
        id: CustomerId(r.i64(0)?),
        name: r.text(1)?,
        phone: r.opt_text(2)?,
        credit_limit: r.opt_i64(3)?,
        balance: r.i64(4)?,
    })
}
pub(crate) fn customers(tx: &mut dyn Tx, s: TenantScope, p: Page) -> R<Vec<Customer>> {
    page(tx, CUSTOMER, s, p, customer_row)
}
/// A page of the customers whose name or phone contains `text`, in id order.
pub(crate) fn customers_named(
    tx: &mut dyn Tx,
    s: TenantScope,
    text: &str,
    p: Page,
) -> R<Vec<Customer>> {
    tx.rows(
        &format!(
            "{CUSTOMER} AND (LOWER(name) LIKE $2 ESCAPE '\\' OR LOWER(phone) LIKE $2 ESCAPE '\\')
             AND id > $3 ORDER BY id LIMIT $4"
        ),
        args![s.id(), contains_pattern(text).as_str(), p.after, p.limit],
        customer_row,
    )
}
pub(crate) fn customer(tx: &mut dyn Tx, s: TenantScope, id: CustomerId) -> R<Option<Customer>> {
    by_id(tx, CUSTOMER, s, id.0, customer_row)
}

const PRODUCT: &str = "SELECT id, code, barcode, name_en, name_ar, unit, sale_price, vat_bp,
    tracks_stock, allow_negative_stock, cost_price, plu, in_rolls FROM products WHERE tenant_id = $1";
fn product_row(r: &dyn Row) -> R<Product> {
    Ok(Product {
        id: ProductId(r.i64(0)?),
        code: r.text(1)?,
        barcode: r.opt_text(2)?,
        name_en: r.text(3)?,
        name_ar: r.text(4)?,
        unit: r.text(5)?,
        sale_price: r.i64(6)?,
        vat_bp: r.i64(7)?,
        tracks_stock: r.bool(8)?,
        allow_negative_stock: r.bool(9)?,
        cost_price: r.opt_i64(10)?,
        plu: r.opt_text(11)?,
        in_rolls: r.bool(12)?,
    })
}
pub(crate) fn products(tx: &mut dyn Tx, s: TenantScope, p: Page) -> R<Vec<Product>> {
    page(tx, PRODUCT, s, p, product_row)
}
/// Up to `limit` products whose code or English or Arabic name contains `text` (ASCII letters
/// in any case), by code: what a cashier finds by typing part of a name.
/// A `LIKE` pattern (with `ESCAPE '\\'`) matching text that contains `text`, lower-cased.
pub(crate) fn contains_pattern(text: &str) -> String {
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

pub(crate) fn products_named(
    tx: &mut dyn Tx,
    s: TenantScope,
    text: &str,
    limit: i64,
) -> R<Vec<Product>> {
    let pattern = contains_pattern(text);
    tx.rows(
        &format!(
            "{PRODUCT} AND (LOWER(code) LIKE $2 ESCAPE '\\' OR LOWER(name_en) LIKE $2 ESCAPE '\\'
                OR name_ar LIKE $2 ESCAPE '\\') ORDER BY code LIMIT $3"
        ),
        args![s.id(), pattern.as_str(), limit],
        product_row,
    )
}
/// Stocked products a sale would refuse as `product_without_cost`: no cost price and nothing
/// on hand with a value to take an average from; with their quantity on hand (all warehouses).
pub(crate) fn products_without_cost(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<(Product, i64)>> {
    tx.rows(
        "SELECT p.id, p.code, p.barcode, p.name_en, p.name_ar, p.unit, p.sale_price, p.vat_bp,
                p.tracks_stock, p.allow_negative_stock, p.cost_price, p.plu, p.in_rolls,
                CAST(COALESCE((SELECT SUM(l.qty) FROM stock_levels l
                               WHERE l.tenant_id = p.tenant_id AND l.product_id = p.id), 0) AS BIGINT)
         FROM products p
         WHERE p.tenant_id = $1 AND p.tracks_stock AND p.cost_price IS NULL
           AND NOT EXISTS (SELECT 1 FROM stock_levels l WHERE l.tenant_id = p.tenant_id
                           AND l.product_id = p.id AND l.qty > 0 AND l.value > 0)
         ORDER BY p.code",
        args![s.id()],
        |r| Ok((product_row(r)?, r.i64(13)?)),
    )
}
pub(crate) fn product(tx: &mut dyn Tx, s: TenantScope, id: ProductId) -> R<Option<Product>> {
    by_id(tx, PRODUCT, s, id.0, product_row)
}
/// The product whose `column` (code, barcode or plu: `ProductKey::column`) is `value`.
pub(crate) fn product_by_code(
    tx: &mut dyn Tx,
    s: TenantScope,
    column: &'static str,
    value: &str,
) -> R<Option<Product>> {
    let sql = format!("{PRODUCT} AND {column} = $2");
    tx.opt(&sql, args![s.id(), value], product_row)
}
