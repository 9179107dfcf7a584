//! The embedded SQLite backend: WAL, `synchronous=FULL`, foreign keys on; one writer thread that
//! group-commits (see `writer`), and a small pool of read-only connections used from
//! `spawn_blocking`.

mod apply;
mod daily;
mod posting;
mod reads;
mod sales;
mod sessions;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use mizan_domain::{
    BranchId, CashRegisterId, CashierSessionId, Currency, CustomerId, OpeningStockId, ProductId,
    SaleId, TenantId, WarehouseId,
};
use rusqlite::Connection;

use crate::{
    AccountBalance, Branch, CashRegister, CashierSession, Command, Customer, DailySales, Finding,
    Idempotency, JournalEntryView, OpeningStock, Product, ProductKey, Sale, StockLevelRow, Store,
    StoreError, Tenant, TenantScope, Warehouse, WriteError, Written,
};
use writer::Writer;

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_posting_core.sql"),
    include_str!("../../migrations/sqlite/0002_point_of_sale.sql"),
];

/// The SQLite store.
pub struct SqliteStore {
    writer: Writer,
    readers: Arc<ReadPool>,
}

struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl ReadPool {
    fn with<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = self.idle.lock().ok().and_then(|mut v| v.pop());
        let conn = match conn {
            Some(c) => c,
            None => connect(&self.path, true)?,
        };
        let out = f(&conn);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < 16
        {
            idle.push(conn);
        }
        out
    }
}

fn connect(path: &Path, read_only: bool) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA cache_size = -65536;",
    )?;
    if read_only {
        conn.execute_batch("PRAGMA query_only = ON;")?;
    }
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate() {
        let target = i64::try_from(i + 1).unwrap_or(i64::MAX);
        if target <= version {
            continue;
        }
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {target}"))?;
        tx.commit()?;
    }
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database file at `path`.
    ///
    /// # Errors
    /// The file cannot be created or opened, or a migration fails.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)?;
        }
        let mut conn = connect(&path, false)?;
        migrate(&mut conn)?;
        Ok(Self {
            writer: Writer::spawn(conn)?,
            readers: Arc::new(ReadPool {
                path,
                idle: Mutex::new(Vec::new()),
            }),
        })
    }

    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let pool = Arc::clone(&self.readers);
        tokio::task::spawn_blocking(move || pool.with(f))
            .await
            .map_err(|e| StoreError::Corrupt(format!("read task: {e}")))?
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn create_tenant(
        &self,
        name: &str,
        currency: &Currency,
        owner: &str,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<(TenantScope, Tenant), StoreError> {
        let (name, currency, owner, token_hash) = (
            name.to_owned(),
            currency.clone(),
            owner.to_owned(),
            token_hash.to_owned(),
        );
        let (id, tenant) = self
            .writer
            .submit(move |c, _| {
                let id = apply::create_tenant(c, &name, &currency, &owner, &token_hash, now_ms)?;
                Ok((
                    id,
                    Tenant {
                        id: TenantId(id),
                        name,
                        currency,
                        require_open_session: true,
                        utc_offset_minutes: 0,
                        scale_layouts: Vec::new(),
                    },
                ))
            })
            .await
            .map_err(WriteError::into_store_error)?;
        Ok((TenantScope::new(TenantId(id)), tenant))
    }

    async fn issue_token(
        &self,
        scope: &TenantScope,
        user: &str,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let (t, user, hash) = (scope.id(), user.to_owned(), token_hash.to_owned());
        self.writer
            .submit(move |c, _| {
                c.prepare_cached(
                    "INSERT INTO api_tokens (tenant_id, token_hash, user_name, created_at_ms)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(rusqlite::params![t, hash, user, now_ms])?;
                Ok(())
            })
            .await
            .map_err(WriteError::into_store_error)
    }

    async fn authenticate(
        &self,
        token_hash: &str,
    ) -> Result<Option<(TenantScope, String)>, StoreError> {
        let h = token_hash.to_owned();
        self.read(move |c| reads::authenticate(c, &h)).await
    }

    async fn operator_tenants(&self) -> Result<Vec<(TenantScope, Tenant)>, StoreError> {
        self.read(reads::operator_tenants).await
    }

    async fn tenant(&self, scope: &TenantScope) -> Result<Tenant, StoreError> {
        let s = *scope;
        self.read(move |c| reads::tenant(c, s)).await
    }

    async fn write(
        &self,
        scope: &TenantScope,
        idempotency: Option<Idempotency>,
        command: Command,
    ) -> Result<Written, WriteError> {
        let s = *scope;
        self.writer
            .submit(move |c, state| apply::execute(c, state, s, idempotency, command))
            .await
    }

    async fn branches(&self, scope: &TenantScope) -> Result<Vec<Branch>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::branches(c, s)).await
    }
    async fn branch(
        &self,
        scope: &TenantScope,
        id: BranchId,
    ) -> Result<Option<Branch>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::branch(c, s, id)).await
    }
    async fn warehouses(&self, scope: &TenantScope) -> Result<Vec<Warehouse>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::warehouses(c, s)).await
    }
    async fn warehouse(
        &self,
        scope: &TenantScope,
        id: WarehouseId,
    ) -> Result<Option<Warehouse>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::warehouse(c, s, id)).await
    }
    async fn cash_registers(&self, scope: &TenantScope) -> Result<Vec<CashRegister>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::cash_registers(c, s)).await
    }
    async fn cash_register(
        &self,
        scope: &TenantScope,
        id: CashRegisterId,
    ) -> Result<Option<CashRegister>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::cash_register(c, s, id)).await
    }
    async fn customers(&self, scope: &TenantScope) -> Result<Vec<Customer>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::customers(c, s)).await
    }
    async fn customer(
        &self,
        scope: &TenantScope,
        id: CustomerId,
    ) -> Result<Option<Customer>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::customer(c, s, id)).await
    }
    async fn products(&self, scope: &TenantScope) -> Result<Vec<Product>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::products(c, s)).await
    }
    async fn product(
        &self,
        scope: &TenantScope,
        id: ProductId,
    ) -> Result<Option<Product>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::product(c, s, id)).await
    }
    async fn opening_stock(
        &self,
        scope: &TenantScope,
        id: OpeningStockId,
    ) -> Result<Option<OpeningStock>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::opening_stock(c, s, id)).await
    }
    async fn sale(&self, scope: &TenantScope, id: SaleId) -> Result<Option<Sale>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::sale(c, s, id)).await
    }
    async fn sales(
        &self,
        scope: &TenantScope,
        limit: i64,
        before: Option<SaleId>,
    ) -> Result<Vec<Sale>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::sales(c, s, limit, before)).await
    }
    async fn stock_levels(&self, scope: &TenantScope) -> Result<Vec<StockLevelRow>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::stock_levels(c, s)).await
    }
    async fn account_balances(
        &self,
        scope: &TenantScope,
    ) -> Result<Vec<AccountBalance>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::account_balances(c, s)).await
    }
    async fn journal(&self, scope: &TenantScope) -> Result<Vec<JournalEntryView>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::journal(c, s)).await
    }
    async fn check(&self, scope: &TenantScope) -> Result<Vec<Finding>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::check(c, s)).await
    }

    async fn product_by_code(
        &self,
        scope: &TenantScope,
        key: ProductKey<'_>,
    ) -> Result<Option<Product>, StoreError> {
        let s = *scope;
        let (barcode, owned) = match key {
            ProductKey::Barcode(b) => (true, b.to_owned()),
            ProductKey::Plu(p) => (false, p.to_owned()),
        };
        self.read(move |c| {
            let key = if barcode {
                ProductKey::Barcode(&owned)
            } else {
                ProductKey::Plu(&owned)
            };
            reads::product_by_code(c, s, key)
        })
        .await
    }
    async fn cashier_session(
        &self,
        scope: &TenantScope,
        id: CashierSessionId,
    ) -> Result<Option<CashierSession>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::cashier_session(c, s, id)).await
    }
    async fn cashier_sessions(
        &self,
        scope: &TenantScope,
        register: Option<CashRegisterId>,
        open_only: bool,
    ) -> Result<Vec<CashierSession>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::cashier_sessions(c, s, register, open_only))
            .await
    }
    async fn daily_sales(
        &self,
        scope: &TenantScope,
        day: i32,
    ) -> Result<Vec<DailySales>, StoreError> {
        let s = *scope;
        self.read(move |c| reads::daily_sales(c, s, day)).await
    }
    async fn rebuild_daily_sales(&self, scope: &TenantScope) -> Result<u64, StoreError> {
        let t = scope.id();
        self.writer
            .submit(move |c, _| daily::rebuild(c, t))
            .await
            .map_err(WriteError::into_store_error)
    }
}
