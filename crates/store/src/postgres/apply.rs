//! Applying a `Command` on PostgreSQL: one transaction per write with its idempotency record,
//! master data, dispatch to the posting code, and which errors retry the transaction.

use mizan_domain::ledger::{DEFAULT_CHART, cash_register_account};
use mizan_domain::{BranchId, Currency};
use sqlx::PgConnection;

use super::{PgStore, in_tx, posting, sales, sessions};
use crate::{Command, Idempotency, ResourceKind, StoreError, TenantScope, WriteError, Written};

/// Whether `e` is worth retrying the whole transaction for: a serialization failure, a
/// deadlock, a change the posting code saw happen under it (`Contended`), or a unique key
/// another transaction took first (the retry sees its row and answers
/// as the sequential order would: a replayed idempotency key, a duplicate code, ...).
pub(super) fn retryable(e: &WriteError) -> bool {
    match e {
        WriteError::Store(StoreError::Contended(_)) => true,
        WriteError::Store(StoreError::Postgres(sqlx::Error::Database(db))) => {
            matches!(db.code().as_deref(), Some("40001" | "40P01" | "23505"))
        }
        _ => false,
    }
}

/// Applies `command` with its idempotency record, in one (retried) transaction.
pub(super) async fn write(
    store: &PgStore,
    scope: TenantScope,
    idempotency: Option<Idempotency>,
    command: Command,
) -> Result<Written, WriteError> {
    let out = in_tx!(store.pool, |c| execute(
        store,
        c,
        scope,
        idempotency.as_ref(),
        &command
    ));
    // A concurrent request with the same key may have won the row locks this one waited on and
    // made it refuse (a sale already completed, a session already open): the answer to a retry
    // is the first result, so look the key up once more before refusing.
    match (out, idempotency) {
        (Err(e), Some(idem)) if !matches!(e, WriteError::Store(_)) => {
            match seen_key(&store.pool, scope, &idem).await? {
                Some((hash, kind, id)) => idem.replay(&hash, &kind, id),
                None => Err(e),
            }
        }
        (out, _) => out,
    }
}

async fn seen_key<'e>(
    c: impl sqlx::PgExecutor<'e>,
    scope: TenantScope,
    idem: &Idempotency,
) -> Result<Option<(String, String, i64)>, WriteError> {
    Ok(sqlx::query_as(
        "SELECT request_hash, resource_kind, resource_id FROM idempotency_keys
         WHERE tenant_id = $1 AND key = $2",
    )
    .bind(scope.id())
    .bind(&idem.key)
    .fetch_optional(c)
    .await?)
}

async fn execute(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    idempotency: Option<&Idempotency>,
    command: &Command,
) -> Result<Written, WriteError> {
    if let Some(idem) = idempotency
        && let Some((hash, kind, id)) = seen_key(&mut *c, scope, idem).await?
    {
        return idem.replay(&hash, &kind, id);
    }
    let (written, recorded) = match command {
        Command::CreateSale {
            draft,
            complete,
            cashier,
            now_ms,
        } => {
            sales::create_sale(
                store,
                c,
                scope,
                draft,
                complete.as_ref(),
                cashier,
                *now_ms,
                idempotency,
            )
            .await?
        }
        other => (apply(store, c, scope, other).await?, false),
    };
    if let Some(idem) = idempotency
        && !recorded
    {
        sqlx::query(
            "INSERT INTO idempotency_keys (tenant_id, key, request_hash, resource_kind, resource_id)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(scope.id())
        .bind(&idem.key)
        .bind(&idem.request_hash)
        .bind(written.kind.as_str())
        .bind(written.id)
        .execute(&mut *c)
        .await?;
    }
    Ok(written)
}

async fn apply(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    command: &Command,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let created = Written::created;
    match command {
        Command::CreateBranch { name } => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO branches (tenant_id, name) VALUES ($1, $2) RETURNING id",
            )
            .bind(t)
            .bind(name)
            .fetch_one(&mut *c)
            .await?;
            Ok(created(ResourceKind::Branch, id))
        }
        Command::CreateWarehouse {
            branch_id,
            code,
            name,
        } => {
            check_branch(c, t, *branch_id).await?;
            if exists(
                c,
                "SELECT 1 FROM warehouses WHERE tenant_id = $1 AND code = $2",
                t,
                code,
            )
            .await?
            {
                return Err(WriteError::duplicate_code("warehouse", code));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO warehouses (tenant_id, branch_id, code, name) VALUES ($1, $2, $3, $4)
                 RETURNING id",
            )
            .bind(t)
            .bind(branch_id.map(|b| b.0))
            .bind(code)
            .bind(name)
            .fetch_one(&mut *c)
            .await?;
            Ok(created(ResourceKind::Warehouse, id))
        }
        Command::CreateCashRegister { branch_id, name } => {
            check_branch(c, t, *branch_id).await?;
            let ordinal: i64 = sqlx::query_scalar(
                "SELECT CAST(COUNT(*) + 1 AS BIGINT) FROM cash_registers WHERE tenant_id = $1",
            )
            .bind(t)
            .fetch_one(&mut *c)
            .await?;
            let (code, name_en, name_ar) = cash_register_account(ordinal, name);
            let id: i64 = sqlx::query_scalar(
                "WITH a AS (
                     INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
                     VALUES ($1, $2, $3, $4, 'asset', NULL) RETURNING id)
                 INSERT INTO cash_registers (tenant_id, branch_id, name, account_id)
                 SELECT $1, $5, $6, a.id FROM a RETURNING id",
            )
            .bind(t)
            .bind(code)
            .bind(name_en)
            .bind(name_ar)
            .bind(branch_id.map(|b| b.0))
            .bind(name)
            .fetch_one(&mut *c)
            .await?;
            Ok(created(ResourceKind::CashRegister, id))
        }
        Command::CreateCustomer {
            name,
            phone,
            credit_limit,
        } => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO customers (tenant_id, name, phone, credit_limit)
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(t)
            .bind(name)
            .bind(phone)
            .bind(credit_limit)
            .fetch_one(&mut *c)
            .await?;
            Ok(created(ResourceKind::Customer, id))
        }
        Command::SetCreditLimit {
            customer,
            credit_limit,
        } => {
            let updated = sqlx::query(
                "UPDATE customers SET credit_limit = $3 WHERE tenant_id = $1 AND id = $2",
            )
            .bind(t)
            .bind(customer.0)
            .bind(credit_limit)
            .execute(&mut *c)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(WriteError::not_found("customer"));
            }
            Ok(created(ResourceKind::Customer, customer.0))
        }
        Command::UpdateSettings(changes) => {
            sqlx::query(
                "UPDATE tenants SET
                     require_open_session = COALESCE($2, require_open_session),
                     utc_offset_minutes = COALESCE($3, utc_offset_minutes),
                     scale_layouts = COALESCE($4, scale_layouts)
                 WHERE id = $1",
            )
            .bind(t)
            .bind(changes.require_open_session)
            .bind(changes.utc_offset_minutes.map(i64::from))
            .bind(
                changes
                    .scale_layouts
                    .as_deref()
                    .map(crate::scale_layouts::encode),
            )
            .execute(&mut *c)
            .await?;
            Ok(created(ResourceKind::Tenant, t))
        }
        Command::UpdateProduct { product, changes } => {
            let updated = sqlx::query(
                "UPDATE products SET sale_price = COALESCE($3, sale_price),
                     vat_bp = COALESCE($4, vat_bp),
                     allow_negative_stock = COALESCE($5, allow_negative_stock),
                     cost_price = COALESCE($6, cost_price)
                 WHERE tenant_id = $1 AND id = $2",
            )
            .bind(t)
            .bind(product.0)
            .bind(changes.sale_price)
            .bind(changes.vat_bp)
            .bind(changes.allow_negative_stock)
            .bind(changes.cost_price)
            .execute(&mut *c)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(WriteError::not_found("product"));
            }
            Ok(created(ResourceKind::Product, product.0))
        }
        Command::CreateProduct(p) => {
            if exists(
                c,
                "SELECT 1 FROM products WHERE tenant_id = $1 AND code = $2",
                t,
                &p.code,
            )
            .await?
            {
                return Err(WriteError::duplicate_code("product", &p.code));
            }
            if let Some(plu) = &p.plu
                && exists(
                    c,
                    "SELECT 1 FROM products WHERE tenant_id = $1 AND plu = $2",
                    t,
                    plu,
                )
                .await?
            {
                return Err(WriteError::Conflict {
                    code: "duplicate_plu",
                    message: format!("a product with PLU {plu} already exists"),
                });
            }
            if let Some(barcode) = &p.barcode
                && exists(
                    c,
                    "SELECT 1 FROM products WHERE tenant_id = $1 AND barcode = $2",
                    t,
                    barcode,
                )
                .await?
            {
                return Err(WriteError::Conflict {
                    code: "duplicate_barcode",
                    message: format!("a product with barcode {barcode} already exists"),
                });
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO products (tenant_id, code, barcode, name_en, name_ar, unit, sale_price,
                     vat_bp, tracks_stock, allow_negative_stock, cost_price, plu)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(t)
            .bind(&p.code)
            .bind(&p.barcode)
            .bind(&p.name_en)
            .bind(&p.name_ar)
            .bind(&p.unit)
            .bind(p.sale_price)
            .bind(p.vat_bp)
            .bind(p.tracks_stock)
            .bind(p.allow_negative_stock)
            .bind(p.cost_price)
            .bind(&p.plu)
            .fetch_one(&mut *c)
            .await?;
            Ok(created(ResourceKind::Product, id))
        }
        Command::PostOpeningStock {
            warehouse,
            product,
            qty,
            unit_cost,
            now_ms,
        } => {
            posting::post_opening_stock(
                store, c, scope, *warehouse, *product, *qty, *unit_cost, *now_ms,
            )
            .await
        }
        Command::CreateSale {
            draft,
            complete,
            cashier,
            now_ms,
        } => Ok(sales::create_sale(
            store,
            c,
            scope,
            draft,
            complete.as_ref(),
            cashier,
            *now_ms,
            None,
        )
        .await?
        .0),
        Command::CompleteSale {
            sale,
            payments,
            session,
            now_ms,
        } => {
            sales::complete_sale(store, c, scope, *sale, payments.as_ref(), *session, *now_ms).await
        }
        Command::OpenSession {
            register,
            float,
            user,
            now_ms,
        } => sessions::open_session(store, c, scope, *register, *float, user, *now_ms).await,
        Command::MoveCash {
            session,
            movement,
            account,
            user,
            now_ms,
        } => {
            sessions::move_cash(store, c, scope, *session, movement, *account, user, *now_ms).await
        }
        Command::CloseSession {
            session,
            counted,
            user,
            now_ms,
        } => sessions::close_session(store, c, scope, *session, counted, user, *now_ms).await,
    }
}

/// Creates a tenant, its default chart of accounts and its owner token.
pub(super) async fn create_tenant(
    c: &mut PgConnection,
    name: &str,
    currency: &Currency,
    owner: &str,
    token_hash: &str,
    now_ms: i64,
) -> Result<i64, WriteError> {
    let tenant: i64 = sqlx::query_scalar(
        "INSERT INTO tenants (name, currency, exponent, created_at_ms, require_open_session)
         VALUES ($1, $2, $3, $4, TRUE) RETURNING id",
    )
    .bind(name)
    .bind(&currency.code)
    .bind(i64::from(currency.exponent))
    .bind(now_ms)
    .fetch_one(&mut *c)
    .await?;
    let (mut codes, mut names_en, mut names_ar, mut kinds, mut roles) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for a in DEFAULT_CHART {
        codes.push(a.code);
        names_en.push(a.name_en);
        names_ar.push(a.name_ar);
        kinds.push(a.kind.as_str());
        roles.push(a.role.map(|r| r.as_str()));
    }
    sqlx::query(
        "INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
         SELECT $1, u.code, u.name_en, u.name_ar, u.kind, u.role
         FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
              WITH ORDINALITY AS u(code, name_en, name_ar, kind, role, ord)
         ORDER BY u.ord",
    )
    .bind(tenant)
    .bind(&codes)
    .bind(&names_en)
    .bind(&names_ar)
    .bind(&kinds)
    .bind(&roles)
    .execute(&mut *c)
    .await?;
    sqlx::query(
        "INSERT INTO api_tokens (tenant_id, token_hash, user_name, created_at_ms)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(tenant)
    .bind(token_hash)
    .bind(owner)
    .bind(now_ms)
    .execute(&mut *c)
    .await?;
    Ok(tenant)
}

async fn exists(
    c: &mut PgConnection,
    sql: &'static str,
    tenant: i64,
    key: &str,
) -> Result<bool, WriteError> {
    Ok(sqlx::query(sql)
        .bind(tenant)
        .bind(key)
        .fetch_optional(&mut *c)
        .await?
        .is_some())
}

async fn check_branch(
    c: &mut PgConnection,
    tenant: i64,
    branch: Option<BranchId>,
) -> Result<(), WriteError> {
    if let Some(b) = branch {
        let found = sqlx::query("SELECT 1 FROM branches WHERE tenant_id = $1 AND id = $2")
            .bind(tenant)
            .bind(b.0)
            .fetch_optional(&mut *c)
            .await?;
        if found.is_none() {
            return Err(WriteError::not_found("branch_id"));
        }
    }
    Ok(())
}
