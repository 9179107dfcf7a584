//! Applying a `Command` on the SQLite write connection: the idempotency record, master data,
//! and dispatch to the posting code. Runs inside the writer's transaction.

use mizan_domain::ledger::{DEFAULT_CHART, cash_register_account};
use mizan_domain::{BranchId, Currency};
use rusqlite::{Connection, OptionalExtension, params};

use super::writer::WriterState;
use super::{posting, sales, sessions};
use crate::{Command, Idempotency, ResourceKind, TenantScope, WriteError, Written};

/// Applies `command` with its idempotency record.
pub(super) fn execute(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    idempotency: Option<Idempotency>,
    command: Command,
) -> Result<Written, WriteError> {
    if let Some(idem) = &idempotency {
        let seen: Option<(String, String, i64)> = conn
            .prepare_cached(
                "SELECT request_hash, resource_kind, resource_id FROM idempotency_keys
                 WHERE tenant_id = ?1 AND key = ?2",
            )?
            .query_row(params![scope.id(), idem.key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        if let Some((hash, kind, id)) = seen {
            return idem.replay(&hash, &kind, id);
        }
    }
    let written = apply(conn, state, scope, command)?;
    if let Some(idem) = idempotency {
        conn.prepare_cached(
            "INSERT INTO idempotency_keys (tenant_id, key, request_hash, resource_kind, resource_id)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            scope.id(),
            idem.key,
            idem.request_hash,
            written.kind.as_str(),
            written.id
        ])?;
    }
    Ok(written)
}

fn apply(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    command: Command,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let created = Written::created;
    match command {
        Command::CreateBranch { name } => {
            conn.prepare_cached("INSERT INTO branches (tenant_id, name) VALUES (?1, ?2)")?
                .execute(params![t, name])?;
            Ok(created(ResourceKind::Branch, conn.last_insert_rowid()))
        }
        Command::CreateWarehouse {
            branch_id,
            code,
            name,
        } => {
            check_branch(conn, t, branch_id)?;
            if exists(
                conn,
                "SELECT 1 FROM warehouses WHERE tenant_id = ?1 AND code = ?2",
                t,
                &code,
            )? {
                return Err(WriteError::duplicate_code("warehouse", &code));
            }
            conn.prepare_cached(
                "INSERT INTO warehouses (tenant_id, branch_id, code, name) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![t, branch_id.map(|b| b.0), code, name])?;
            Ok(created(ResourceKind::Warehouse, conn.last_insert_rowid()))
        }
        Command::CreateCashRegister { branch_id, name } => {
            check_branch(conn, t, branch_id)?;
            let ordinal: i64 = conn
                .prepare_cached("SELECT COUNT(*) + 1 FROM cash_registers WHERE tenant_id = ?1")?
                .query_row([t], |r| r.get(0))?;
            let (code, name_en, name_ar) = cash_register_account(ordinal, &name);
            conn.prepare_cached(
                "INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
                 VALUES (?1, ?2, ?3, ?4, 'asset', NULL)",
            )?
            .execute(params![t, code, name_en, name_ar])?;
            let account = conn.last_insert_rowid();
            conn.prepare_cached(
                "INSERT INTO cash_registers (tenant_id, branch_id, name, account_id)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![t, branch_id.map(|b| b.0), name, account])?;
            Ok(created(
                ResourceKind::CashRegister,
                conn.last_insert_rowid(),
            ))
        }
        Command::CreateCustomer {
            name,
            phone,
            credit_limit,
        } => {
            conn.prepare_cached(
                "INSERT INTO customers (tenant_id, name, phone, credit_limit)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![t, name, phone, credit_limit])?;
            Ok(created(ResourceKind::Customer, conn.last_insert_rowid()))
        }
        Command::SetCreditLimit {
            customer,
            credit_limit,
        } => {
            let updated = conn
                .prepare_cached(
                    "UPDATE customers SET credit_limit = ?3 WHERE tenant_id = ?1 AND id = ?2",
                )?
                .execute(params![t, customer.0, credit_limit])?;
            if updated == 0 {
                return Err(WriteError::not_found("customer"));
            }
            Ok(created(ResourceKind::Customer, customer.0))
        }
        Command::UpdateSettings(changes) => {
            conn.prepare_cached(
                "UPDATE tenants SET
                     require_open_session = COALESCE(?2, require_open_session),
                     utc_offset_minutes = COALESCE(?3, utc_offset_minutes),
                     scale_layouts = COALESCE(?4, scale_layouts)
                 WHERE id = ?1",
            )?
            .execute(params![
                t,
                changes.require_open_session,
                changes.utc_offset_minutes,
                changes
                    .scale_layouts
                    .as_deref()
                    .map(crate::scale_layouts::encode)
            ])?;
            state.settings.remove(&t);
            Ok(created(ResourceKind::Tenant, t))
        }
        Command::UpdateProduct { product, changes } => {
            let updated = conn
                .prepare_cached(
                    "UPDATE products SET sale_price = COALESCE(?3, sale_price),
                         vat_bp = COALESCE(?4, vat_bp),
                         allow_negative_stock = COALESCE(?5, allow_negative_stock),
                         cost_price = COALESCE(?6, cost_price)
                     WHERE tenant_id = ?1 AND id = ?2",
                )?
                .execute(params![
                    t,
                    product.0,
                    changes.sale_price,
                    changes.vat_bp,
                    changes.allow_negative_stock,
                    changes.cost_price
                ])?;
            if updated == 0 {
                return Err(WriteError::not_found("product"));
            }
            // The writer caches posting policies; this product's must be read afresh.
            state.products.remove(&(t, product.0));
            Ok(created(ResourceKind::Product, product.0))
        }
        Command::CreateProduct(p) => {
            if exists(
                conn,
                "SELECT 1 FROM products WHERE tenant_id = ?1 AND code = ?2",
                t,
                &p.code,
            )? {
                return Err(WriteError::duplicate_code("product", &p.code));
            }
            if let Some(plu) = &p.plu
                && exists(
                    conn,
                    "SELECT 1 FROM products WHERE tenant_id = ?1 AND plu = ?2",
                    t,
                    plu,
                )?
            {
                return Err(WriteError::Conflict {
                    code: "duplicate_plu",
                    message: format!("a product with PLU {plu} already exists"),
                });
            }
            if let Some(barcode) = &p.barcode
                && exists(
                    conn,
                    "SELECT 1 FROM products WHERE tenant_id = ?1 AND barcode = ?2",
                    t,
                    barcode,
                )?
            {
                return Err(WriteError::Conflict {
                    code: "duplicate_barcode",
                    message: format!("a product with barcode {barcode} already exists"),
                });
            }
            conn.prepare_cached(
                "INSERT INTO products (tenant_id, code, barcode, name_en, name_ar, unit, sale_price,
                     vat_bp, tracks_stock, allow_negative_stock, cost_price, plu)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                t,
                p.code,
                p.barcode,
                p.name_en,
                p.name_ar,
                p.unit,
                p.sale_price,
                p.vat_bp,
                p.tracks_stock,
                p.allow_negative_stock,
                p.cost_price,
                p.plu
            ])?;
            Ok(created(ResourceKind::Product, conn.last_insert_rowid()))
        }
        Command::PostOpeningStock {
            warehouse,
            product,
            qty,
            unit_cost,
            now_ms,
        } => posting::post_opening_stock(
            conn, state, scope, warehouse, product, qty, unit_cost, now_ms,
        ),
        Command::CreateSale {
            draft,
            complete,
            cashier,
            now_ms,
        } => sales::create_sale(
            conn,
            state,
            scope,
            &draft,
            complete.as_ref(),
            &cashier,
            now_ms,
        ),
        Command::CompleteSale {
            sale,
            payments,
            session,
            now_ms,
        } => sales::complete_sale(conn, state, scope, sale, payments.as_ref(), session, now_ms),
        Command::OpenSession {
            register,
            float,
            user,
            now_ms,
        } => sessions::open_session(conn, state, scope, register, float, &user, now_ms),
        Command::MoveCash {
            session,
            movement,
            account,
            user,
            now_ms,
        } => sessions::move_cash(
            conn, state, scope, session, &movement, account, &user, now_ms,
        ),
        Command::CloseSession {
            session,
            counted,
            user,
            now_ms,
        } => sessions::close_session(conn, state, scope, session, &counted, &user, now_ms),
    }
}

/// Creates a tenant, its default chart of accounts and its owner token.
pub(super) fn create_tenant(
    conn: &Connection,
    name: &str,
    currency: &Currency,
    owner: &str,
    token_hash: &str,
    now_ms: i64,
) -> Result<i64, WriteError> {
    conn.prepare_cached(
        "INSERT INTO tenants (name, currency, exponent, created_at_ms, require_open_session)
         VALUES (?1, ?2, ?3, ?4, 1)",
    )?
    .execute(params![name, currency.code, currency.exponent, now_ms])?;
    let tenant = conn.last_insert_rowid();
    for a in DEFAULT_CHART {
        conn.prepare_cached(
            "INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            tenant,
            a.code,
            a.name_en,
            a.name_ar,
            a.kind.as_str(),
            a.role.map(|r| r.as_str())
        ])?;
    }
    conn.prepare_cached(
        "INSERT INTO api_tokens (tenant_id, token_hash, user_name, created_at_ms)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![tenant, token_hash, owner, now_ms])?;
    Ok(tenant)
}

fn exists(conn: &Connection, sql: &str, tenant: i64, key: &str) -> Result<bool, WriteError> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row(params![tenant, key], |_| Ok(()))
        .optional()?
        .is_some())
}

fn check_branch(
    conn: &Connection,
    tenant: i64,
    branch: Option<BranchId>,
) -> Result<(), WriteError> {
    if let Some(b) = branch {
        let found = conn
            .prepare_cached("SELECT 1 FROM branches WHERE tenant_id = ?1 AND id = ?2")?
            .query_row(params![tenant, b.0], |_| Ok(()))
            .optional()?;
        if found.is_none() {
            return Err(WriteError::not_found("branch_id"));
        }
    }
    Ok(())
}
