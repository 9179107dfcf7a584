//! Mizan's use cases: staff, sign-in and permissions (`staff`), master data (`master`), cashier
//! sessions (`sessions`), stock (`stock`), selling (`sales`), scanning and settings (`scan`),
//! reading the books (`books`), the accountant's reports (`reports`), the sales reports
//! (`sales_reports`) and the old system's tools (`sale_check`), the till's cart (`till`), the clock, idempotency keys, demo
//! data and ledger exports,
//! driving the pure domain through the store. HTTP and the CLI both go through `Mizan`.

mod accounts;
mod auth;
pub mod backup;
pub mod backup_plan;
mod books;
mod cafe;
mod clock;
pub mod demo;
mod demo_workshop;
mod documents;
mod error;
pub mod export;
mod idempotency;
mod installations;
mod journal;
mod master;
pub mod messages;
mod payments;
mod purchases;
mod reports;
mod returns;
mod sale_check;
mod sales;
mod sales_reports;
mod scan;
mod sessions;
mod staff;
mod stock;
mod stock_moves;
mod till;
mod workshop;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use mizan_domain::{Currency, TenantId};
use mizan_store::{Command, Store, StoreError, Tenant, TenantScope, WriteError, Written};

pub use auth::{hash_token, new_token};
pub use books::{DailyReport, MAX_JOURNAL_PAGE};
pub use cafe::{BillView, CafeReport, Floor, FloorEntry, OrderInput, Running, status_of};
pub use clock::{Clock, FixedClock, SystemClock};
pub use documents::{DOCUMENT_KINDS, DocumentLine, MAX_DOCUMENT_PAGE, PostedDocument};
pub use error::AppError;
pub use idempotency::idempotency;
pub use master::NewProductInput;
pub use purchases::SupplierInput;
pub use reports::{Period, StockValuation};
pub use returns::{ReturnReceipt, ReturnableSale};
pub use sale_check::SaleCheck;
pub use sales::Receipt;
pub use sales_reports::{
    DayRange, GrossProfitBy, GrossProfitReport, MAX_REPORT_DAYS, SalesReport, gross_profit,
};
pub use scan::{MAX_SCALE_LAYOUTS, Scanned, SettingsInput};
pub use sessions::{CashMoveInput, CashMoved};
pub use staff::*;
pub use stock_moves::StockDocKind;
pub use till::{Cart, CartLine, MAX_CART_LINES};
pub use workshop::{CuttingQueue, QueuedItem};

/// How long a tenant record (its settings) is served from the cache.
pub const TENANT_TTL_MS: i64 = 5_000;

/// The application: a store, a clock, and short-lived caches (authenticated tokens for a
/// second, tenants' settings for [`TENANT_TTL_MS`]).
pub struct Mizan {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    auth: staff::AuthCache,
    sign_in_turns: staff::SignInTurns,
    client_failures: staff::ClientFailures,
    /// Tenants whose check is running in this process.
    checking: std::sync::Mutex<std::collections::HashSet<TenantId>>,
    /// Tenants with the time they were read: settings can change in another process.
    tenants: RwLock<HashMap<TenantId, (Tenant, i64)>>,
    /// Bumped whenever this process changes a tenant, so a read that raced the change is not
    /// cached.
    tenant_generation: std::sync::atomic::AtomicU64,
}

impl Mizan {
    #[must_use]
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            auth: staff::AuthCache::default(),
            sign_in_turns: staff::SignInTurns::default(),
            client_failures: staff::ClientFailures::default(),
            checking: std::sync::Mutex::default(),
            tenants: RwLock::new(HashMap::new()),
            tenant_generation: std::sync::atomic::AtomicU64::new(0),
        }
    }

    #[must_use]
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    #[must_use]
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Today's business day (`YYYYMMDD`) in the tenant's time.
    #[must_use]
    pub fn today(&self, tenant: &mizan_store::Tenant) -> i32 {
        mizan_domain::calendar::business_day(self.now_ms(), tenant.utc_offset_minutes)
    }

    /// Creates a tenant with its chart of accounts; returns its scope and the owner's API token
    /// (shown once, stored hashed).
    ///
    /// # Errors
    /// An unknown currency code, an empty name, or a store failure.
    pub async fn create_tenant(
        &self,
        name: &str,
        currency: &str,
    ) -> Result<(TenantScope, Tenant, String), AppError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", "must not be empty"));
        }
        let currency = Currency::from_code(currency)
            .ok_or_else(|| AppError::invalid("currency", "unknown ISO 4217 currency code"))?;
        let token = new_token();
        let (scope, tenant) = self
            .store
            .create_tenant(name, &currency, "owner", &hash_token(&token), self.now_ms())
            .await?;
        Ok((scope, tenant, token))
    }

    /// Forgets the cached tenant record (after its settings change).
    pub fn forget_tenant(&self, scope: &TenantScope) {
        self.tenant_generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if let Ok(mut m) = self.tenants.write() {
            m.remove(&scope.tenant());
        }
    }

    /// The scope's tenant, cached for [`TENANT_TTL_MS`] (this process forgets it at once when
    /// it changes the settings; other processes see the change within the TTL).
    ///
    /// # Errors
    /// A store failure.
    pub async fn tenant(&self, scope: &TenantScope) -> Result<Tenant, StoreError> {
        let now = self.now_ms();
        if let Some(t) = self.tenants.read().ok().and_then(|m| {
            m.get(&scope.tenant())
                .filter(|(_, at)| (0..TENANT_TTL_MS).contains(&now.saturating_sub(*at)))
                .map(|(t, _)| t.clone())
        }) {
            return Ok(t);
        }
        let generation = self
            .tenant_generation
            .load(std::sync::atomic::Ordering::SeqCst);
        let t = self.store.tenant(scope).await?;
        if let Ok(mut m) = self.tenants.write()
            && self
                .tenant_generation
                .load(std::sync::atomic::Ordering::SeqCst)
                == generation
        {
            m.insert(scope.tenant(), (t.clone(), now));
        }
        Ok(t)
    }

    /// Applies a write under a grant: its author (user and time) goes into the audit trail.
    ///
    /// # Errors
    /// The store's refusal, with its code.
    pub async fn write<P: Perm>(
        &self,
        g: &Grant<P>,
        idempotency: Option<mizan_store::Idempotency>,
        command: Command,
    ) -> Result<Written, WriteError> {
        self.write_noted(g, idempotency, command, String::new())
            .await
    }

    /// A write whose audit row also says `note` (who approved it).
    pub(crate) async fn write_noted<P: Perm>(
        &self,
        g: &Grant<P>,
        idempotency: Option<mizan_store::Idempotency>,
        command: Command,
        note: String,
    ) -> Result<Written, WriteError> {
        let settings = matches!(command, Command::UpdateSettings(_));
        let mut by = g.author(self.now_ms());
        by.detail = note;
        let written = self
            .store
            .write_by(g.scope(), &by, idempotency, command)
            .await;
        if settings {
            self.forget_tenant(g.scope());
        }
        written
    }

    /// Runs the books' self-check for one tenant (its waiting audit rows sealed first). One
    /// check per tenant runs at a time in this process: a second is refused while the first
    /// runs (`check_running`), so repeated clicks cannot pile full scans onto the database.
    ///
    /// # Errors
    /// `check_running`, or a store failure.
    pub async fn check(
        &self,
        g: &Grant<perm::BooksCheck>,
    ) -> Result<Vec<mizan_store::Finding>, AppError> {
        /// Takes the tenant out of the running set however the check ends (also when the
        /// request is dropped half-way).
        struct Running<'a>(
            &'a std::sync::Mutex<std::collections::HashSet<TenantId>>,
            TenantId,
        );
        impl Drop for Running<'_> {
            fn drop(&mut self) {
                if let Ok(mut s) = self.0.lock() {
                    s.remove(&self.1);
                }
            }
        }
        let tenant = g.scope().tenant();
        if !self.checking.lock().is_ok_and(|mut s| s.insert(tenant)) {
            return Err(AppError::Conflict {
                code: "check_running",
                message: "a check of these books is running; try again when it is done".into(),
            });
        }
        let _running = Running(&self.checking, tenant);
        self.seal_tenant(g.scope()).await?;
        Ok(self.store.check(g.scope()).await?)
    }

    /// Seals every tenant's waiting audit rows onto their chains; returns how many.
    ///
    /// # Errors
    /// A store failure.
    pub async fn seal_audit(&self) -> Result<u64, StoreError> {
        let mut sealed = 0;
        for scope in self.store.unsealed_audit_tenants().await? {
            sealed += self.store.seal_audit(&scope).await?;
        }
        Ok(sealed)
    }

    /// The audit trail newest first (sealing the tenant's waiting rows first).
    ///
    /// # Errors
    /// A store failure.
    pub async fn audit_log(
        &self,
        g: &Grant<perm::AuditRead>,
        limit: i64,
        before: Option<i64>,
    ) -> Result<Vec<mizan_store::AuditEntry>, StoreError> {
        self.seal_tenant(g.scope()).await?;
        self.store
            .audit_log(g.scope(), limit.clamp(1, 500), before)
            .await
    }

    /// Seals all of one tenant's waiting audit rows, so that what follows covers them.
    async fn seal_tenant(&self, scope: &TenantScope) -> Result<(), StoreError> {
        while self.store.seal_audit(scope).await? > 0 {}
        Ok(())
    }
}
