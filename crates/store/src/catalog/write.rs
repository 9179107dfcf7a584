//! Writing master data. Codes, PLUs and barcodes are unique per tenant (the database's unique
//! keys are the last word; the checks here name the conflict).

use mizan_domain::ledger::cash_register_account;
use mizan_domain::{BranchId, CustomerId, ProductId};

use crate::tx::args;
use crate::write::Posting;
use crate::{NewProduct, ProductChanges, ResourceKind, WriteError, Written};

type W = Result<Written, WriteError>;

pub(crate) fn create_branch(p: &mut Posting<'_>, name: &str) -> W {
    let id = p.tx.insert_id(
        "INSERT INTO branches (tenant_id, name) VALUES ($1, $2) RETURNING id",
        args![p.t, name],
    )?;
    Ok(Written::created(ResourceKind::Branch, id))
}

fn check_branch(p: &mut Posting<'_>, branch: Option<BranchId>) -> Result<(), WriteError> {
    if let Some(b) = branch
        && !p.tx.exists(
            "SELECT 1 FROM branches WHERE tenant_id = $1 AND id = $2",
            args![p.t, b.0],
        )?
    {
        return Err(WriteError::not_found("branch_id"));
    }
    Ok(())
}

pub(crate) fn create_warehouse(
    p: &mut Posting<'_>,
    branch: Option<BranchId>,
    code: &str,
    name: &str,
) -> W {
    check_branch(p, branch)?;
    if p.tx.exists(
        "SELECT 1 FROM warehouses WHERE tenant_id = $1 AND code = $2",
        args![p.t, code],
    )? {
        return Err(WriteError::duplicate_code("warehouse", code));
    }
    let id = p.tx.insert_id(
        "INSERT INTO warehouses (tenant_id, branch_id, code, name) VALUES ($1, $2, $3, $4)
         RETURNING id",
        args![p.t, branch.map(|b| b.0), code, name],
    )?;
    Ok(Written::created(ResourceKind::Warehouse, id))
}

/// A register and its drawer account (`11010-NN`).
pub(crate) fn create_cash_register(p: &mut Posting<'_>, branch: Option<BranchId>, name: &str) -> W {
    check_branch(p, branch)?;
    let ordinal = p.tx.one(
        "SELECT COUNT(*) + 1 FROM cash_registers WHERE tenant_id = $1",
        args![p.t],
        |r| r.i64(0),
    )?;
    let (code, [name_en, name_ar, name_ru]) = cash_register_account(ordinal, name);
    let account = p.tx.insert_id(
        "INSERT INTO accounts (tenant_id, code, name_en, name_ar, name_ru, kind, role)
         VALUES ($1, $2, $3, $4, $5, 'asset', NULL) RETURNING id",
        args![p.t, &code, &name_en, &name_ar, &name_ru],
    )?;
    let id = p.tx.insert_id(
        "INSERT INTO cash_registers (tenant_id, branch_id, name, account_id)
         VALUES ($1, $2, $3, $4) RETURNING id",
        args![p.t, branch.map(|b| b.0), name, account],
    )?;
    Ok(Written::created(ResourceKind::CashRegister, id))
}

pub(crate) fn create_customer(
    p: &mut Posting<'_>,
    name: &str,
    phone: Option<&str>,
    credit_limit: Option<i64>,
) -> W {
    let id = p.tx.insert_id(
        "INSERT INTO customers (tenant_id, name, phone, credit_limit) VALUES ($1, $2, $3, $4)
         RETURNING id",
        args![p.t, name, phone, credit_limit],
    )?;
    Ok(Written::created(ResourceKind::Customer, id))
}

/// Sets (or with `None`, removes) a customer's credit limit.
pub(crate) fn set_credit_limit(
    p: &mut Posting<'_>,
    customer: CustomerId,
    credit_limit: Option<i64>,
) -> W {
    let updated = p.tx.execute(
        "UPDATE customers SET credit_limit = $3 WHERE tenant_id = $1 AND id = $2",
        args![p.t, customer.0, credit_limit],
    )?;
    if updated == 0 {
        return Err(WriteError::not_found("customer"));
    }
    Ok(Written::created(ResourceKind::Customer, customer.0))
}

pub(crate) fn create_product(p: &mut Posting<'_>, n: &NewProduct) -> W {
    if n.in_rolls {
        mizan_domain::workshop::rolls::may_keep_in_rolls(
            &n.unit,
            n.tracks_stock,
            n.allow_negative_stock,
        )?;
    }
    if p.tx.exists(
        "SELECT 1 FROM products WHERE tenant_id = $1 AND code = $2",
        args![p.t, &n.code],
    )? {
        return Err(WriteError::duplicate_code("product", &n.code));
    }
    if let Some(plu) = &n.plu
        && p.tx.exists(
            "SELECT 1 FROM products WHERE tenant_id = $1 AND plu = $2",
            args![p.t, plu],
        )?
    {
        return Err(WriteError::Conflict {
            code: "duplicate_plu",
            message: format!("a product with PLU {plu} already exists"),
        });
    }
    if let Some(barcode) = &n.barcode
        && p.tx.exists(
            "SELECT 1 FROM products WHERE tenant_id = $1 AND barcode = $2",
            args![p.t, barcode],
        )?
    {
        return Err(WriteError::Conflict {
            code: "duplicate_barcode",
            message: format!("a product with barcode {barcode} already exists"),
        });
    }
    let id = p.tx.insert_id(
        "INSERT INTO products (tenant_id, code, barcode, name_en, name_ar, unit, sale_price,
             vat_bp, tracks_stock, allow_negative_stock, cost_price, plu, in_rolls)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        args![
            tenant = p.t,
            code = &n.code,
            barcode = &n.barcode,
            name_en = &n.name_en,
            name_ar = &n.name_ar,
            unit = &n.unit,
            sale_price = n.sale_price,
            vat_bp = n.vat_bp,
            tracks_stock = n.tracks_stock,
            allow_negative_stock = n.allow_negative_stock,
            cost_price = n.cost_price,
            plu = &n.plu,
            in_rolls = n.in_rolls,
        ],
    )?;
    Ok(Written::created(ResourceKind::Product, id))
}

pub(crate) fn update_product(
    p: &mut Posting<'_>,
    product: ProductId,
    changes: &ProductChanges,
) -> W {
    if changes.allow_negative_stock == Some(true)
        && p.tx.exists(
            "SELECT 1 FROM products WHERE tenant_id = $1 AND id = $2 AND in_rolls",
            args![p.t, product.0],
        )?
    {
        mizan_domain::workshop::rolls::may_keep_in_rolls("m", true, true)?;
    }
    let updated = p.tx.execute(
        "UPDATE products SET sale_price = COALESCE($3, sale_price),
             vat_bp = COALESCE($4, vat_bp),
             allow_negative_stock = COALESCE($5, allow_negative_stock),
             cost_price = COALESCE($6, cost_price)
         WHERE tenant_id = $1 AND id = $2",
        args![
            tenant = p.t,
            product = product.0,
            sale_price = changes.sale_price,
            vat_bp = changes.vat_bp,
            allow_negative_stock = changes.allow_negative_stock,
            cost_price = changes.cost_price,
        ],
    )?;
    if updated == 0 {
        return Err(WriteError::not_found("product"));
    }
    // The writer caches posting policies; this product's must be read afresh.
    p.state.products.remove(&(p.t, product.0));
    Ok(Written::created(ResourceKind::Product, product.0))
}
