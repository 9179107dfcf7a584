//! The PostgreSQL backend (sqlx, native `PgPool`): migrations at connect, one READ COMMITTED
//! transaction per write with row locks taken in a deterministic order, the whole transaction
//! retried on serialization failures and deadlocks, and each write acknowledged only once its
//! commit is durable (see `BEGIN`).

mod apply;
mod daily;
mod posting;
mod reads;
mod sales;
mod sessions;

use std::collections::HashMap;
use std::sync::RwLock;

use async_trait::async_trait;
use mizan_domain::{
    BranchId, CashRegisterId, CashierSessionId, Currency, CustomerId, OpeningStockId, ProductId,
    SaleId, TenantId, WarehouseId,
};
use sqlx::PgPool;
use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::{
    AccountBalance, Branch, CashRegister, CashierSession, Command, Customer, DailySales, Finding,
    Idempotency, JournalEntryView, OpeningStock, Product, ProductKey, Sale, StockLevelRow, Store,
    StoreError, Tenant, TenantScope, Warehouse, WriteError, Written,
};

/// (version, SQL) of every migration, applied in order.
const MIGRATIONS: &[(i64, &str)] = &[
    (
        1,
        include_str!("../../migrations/postgres/0001_posting_core.sql"),
    ),
    (
        2,
        include_str!("../../migrations/postgres/0002_point_of_sale.sql"),
    ),
];

/// Key of the advisory lock that serialises migrations across processes.
const MIGRATION_LOCK: i64 = 0x4d49_5a41_4e00_0001;

/// Most connections in the pool.
const MAX_CONNECTIONS: u32 = 32;

/// Most attempts of one write transaction (serialization failures, deadlocks, races on a
/// unique key all retry).
const MAX_ATTEMPTS: usize = 10;

/// The PostgreSQL store.
pub struct PgStore {
    pool: PgPool,
    /// Role accounts per tenant (account id by role; they never change once a tenant exists).
    role_accounts: RwLock<HashMap<i64, HashMap<String, i64>>>,
}

impl PgStore {
    /// Connects to `url` and applies any migration the database lacks.
    ///
    /// # Errors
    /// The database cannot be reached, or a migration fails.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        // Every statement here is prepared once per connection and run many times with different
        // ids; re-planning each execution (the default custom plans) cost half the CPU of a
        // posting, so plans are generic.
        let options =
            PgConnectOptions::from_str(url)?.options([("plan_cache_mode", "force_generic_plan")]);
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await?;
        migrate(&pool).await?;
        Ok(Self {
            pool,
            role_accounts: RwLock::new(HashMap::new()),
        })
    }

    /// The pool, for tests and tools that need raw access.
    #[must_use]
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// Starts a write transaction. Its commit does not wait for the WAL flush, so the row locks it
/// holds (stock levels, the number series every posting of a tenant shares) are released as soon
/// as the commit record is written, not one fsync later: otherwise a tenant's postings, which
/// all take the next number of one series, could never commit faster than one per fsync. The
/// write is acknowledged only after [`durable`] — so no acknowledged write can be lost, and a
/// crash before the flush loses the write together with every later one (the WAL is ordered).
const BEGIN: &str = "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL synchronous_commit = off";

/// Waits until everything committed on the server so far is durable: a transaction that
/// writes WAL (a transactional logical message, which no decoder here consumes) and commits with
/// `synchronous_commit = on` waits for the WAL flush past its own commit record, which follows
/// ours. (A transaction that writes no WAL — `SELECT txid_current()` — commits without waiting.)
/// Concurrent waits share one flush (PostgreSQL's own group commit).
async fn durable(pool: &PgPool) -> Result<(), StoreError> {
    sqlx::raw_sql(
        "BEGIN; SET LOCAL synchronous_commit = on;
         SELECT pg_logical_emit_message(true, 'mizan', ''); COMMIT",
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Runs `$body` (an expression awaiting on `$c: &mut PgConnection`) in a fresh transaction,
/// retrying the whole transaction on a serialization failure, a deadlock or a unique-key race.
macro_rules! in_tx {
    ($pool:expr, |$c:ident| $body:expr) => {{
        let mut attempt = 0usize;
        loop {
            attempt += 1;
            let out: Result<_, $crate::WriteError> = async {
                let mut tx = $pool.begin_with($crate::postgres::BEGIN).await?;
                let v = {
                    let $c: &mut sqlx::PgConnection = &mut tx;
                    $body.await?
                };
                tx.commit().await?;
                $crate::postgres::durable(&$pool).await?;
                Ok(v)
            }
            .await;
            match out {
                Err(e) if attempt < $crate::postgres::MAX_ATTEMPTS && $crate::postgres::apply::retryable(&e) => {
                    tracing::debug!(attempt, error = %e, "retrying postgres transaction");
                }
                other => break other,
            }
        }
    }};
}
use in_tx;

async fn migrate(pool: &PgPool) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *tx)
        .await?;
    sqlx::raw_sql("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)")
        .execute(&mut *tx)
        .await?;
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM schema_migrations")
        .fetch_all(&mut *tx)
        .await?;
    for (version, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        sqlx::raw_sql(*sql).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
            .bind(version)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn create_tenant(
        &self,
        name: &str,
        currency: &Currency,
        owner: &str,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<(TenantScope, Tenant), StoreError> {
        let id = in_tx!(self.pool, |c| apply::create_tenant(
            c, name, currency, owner, token_hash, now_ms
        ))
        .map_err(WriteError::into_store_error)?;
        let tenant = Tenant {
            id: TenantId(id),
            name: name.to_owned(),
            currency: currency.clone(),
            require_open_session: true,
            utc_offset_minutes: 0,
            scale_layouts: Vec::new(),
        };
        Ok((TenantScope::new(TenantId(id)), tenant))
    }

    async fn issue_token(
        &self,
        scope: &TenantScope,
        user: &str,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens (tenant_id, token_hash, user_name, created_at_ms)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(scope.id())
        .bind(token_hash)
        .bind(user)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn authenticate(
        &self,
        token_hash: &str,
    ) -> Result<Option<(TenantScope, String)>, StoreError> {
        reads::authenticate(&self.pool, token_hash).await
    }

    async fn operator_tenants(&self) -> Result<Vec<(TenantScope, Tenant)>, StoreError> {
        reads::operator_tenants(&self.pool).await
    }

    async fn tenant(&self, scope: &TenantScope) -> Result<Tenant, StoreError> {
        reads::tenant(&self.pool, *scope).await
    }

    async fn write(
        &self,
        scope: &TenantScope,
        idempotency: Option<Idempotency>,
        command: Command,
    ) -> Result<Written, WriteError> {
        apply::write(self, *scope, idempotency, command).await
    }

    async fn branches(&self, scope: &TenantScope) -> Result<Vec<Branch>, StoreError> {
        reads::branches(&self.pool, *scope).await
    }
    async fn branch(
        &self,
        scope: &TenantScope,
        id: BranchId,
    ) -> Result<Option<Branch>, StoreError> {
        reads::branch(&self.pool, *scope, id).await
    }
    async fn warehouses(&self, scope: &TenantScope) -> Result<Vec<Warehouse>, StoreError> {
        reads::warehouses(&self.pool, *scope).await
    }
    async fn warehouse(
        &self,
        scope: &TenantScope,
        id: WarehouseId,
    ) -> Result<Option<Warehouse>, StoreError> {
        reads::warehouse(&self.pool, *scope, id).await
    }
    async fn cash_registers(&self, scope: &TenantScope) -> Result<Vec<CashRegister>, StoreError> {
        reads::cash_registers(&self.pool, *scope).await
    }
    async fn cash_register(
        &self,
        scope: &TenantScope,
        id: CashRegisterId,
    ) -> Result<Option<CashRegister>, StoreError> {
        reads::cash_register(&self.pool, *scope, id).await
    }
    async fn customers(&self, scope: &TenantScope) -> Result<Vec<Customer>, StoreError> {
        reads::customers(&self.pool, *scope).await
    }
    async fn customer(
        &self,
        scope: &TenantScope,
        id: CustomerId,
    ) -> Result<Option<Customer>, StoreError> {
        reads::customer(&self.pool, *scope, id).await
    }
    async fn products(&self, scope: &TenantScope) -> Result<Vec<Product>, StoreError> {
        reads::products(&self.pool, *scope).await
    }
    async fn product(
        &self,
        scope: &TenantScope,
        id: ProductId,
    ) -> Result<Option<Product>, StoreError> {
        reads::product(&self.pool, *scope, id).await
    }
    async fn opening_stock(
        &self,
        scope: &TenantScope,
        id: OpeningStockId,
    ) -> Result<Option<OpeningStock>, StoreError> {
        reads::opening_stock(&self.pool, *scope, id).await
    }
    async fn sale(&self, scope: &TenantScope, id: SaleId) -> Result<Option<Sale>, StoreError> {
        reads::sale(&self.pool, *scope, id).await
    }
    async fn sales(
        &self,
        scope: &TenantScope,
        limit: i64,
        before: Option<SaleId>,
    ) -> Result<Vec<Sale>, StoreError> {
        reads::sales(&self.pool, *scope, limit, before).await
    }
    async fn stock_levels(&self, scope: &TenantScope) -> Result<Vec<StockLevelRow>, StoreError> {
        reads::stock_levels(&self.pool, *scope).await
    }
    async fn account_balances(
        &self,
        scope: &TenantScope,
    ) -> Result<Vec<AccountBalance>, StoreError> {
        reads::account_balances(&self.pool, *scope).await
    }
    async fn journal(&self, scope: &TenantScope) -> Result<Vec<JournalEntryView>, StoreError> {
        reads::journal(&self.pool, *scope).await
    }
    async fn check(&self, scope: &TenantScope) -> Result<Vec<Finding>, StoreError> {
        reads::check(&self.pool, *scope).await
    }

    async fn product_by_code(
        &self,
        scope: &TenantScope,
        key: ProductKey<'_>,
    ) -> Result<Option<Product>, StoreError> {
        reads::product_by_code(&self.pool, *scope, key).await
    }
    async fn cashier_session(
        &self,
        scope: &TenantScope,
        id: CashierSessionId,
    ) -> Result<Option<CashierSession>, StoreError> {
        reads::cashier_session(&self.pool, *scope, id).await
    }
    async fn cashier_sessions(
        &self,
        scope: &TenantScope,
        register: Option<CashRegisterId>,
        open_only: bool,
    ) -> Result<Vec<CashierSession>, StoreError> {
        reads::cashier_sessions(&self.pool, *scope, register, open_only).await
    }
    async fn daily_sales(
        &self,
        scope: &TenantScope,
        day: i32,
    ) -> Result<Vec<DailySales>, StoreError> {
        reads::daily_sales(&self.pool, *scope, day).await
    }
    async fn rebuild_daily_sales(&self, scope: &TenantScope) -> Result<u64, StoreError> {
        let t = scope.id();
        in_tx!(self.pool, |c| daily::rebuild(c, t)).map_err(WriteError::into_store_error)
    }
}
