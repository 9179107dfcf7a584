//! The one implementation of [`Store`]: every read and write is a function over [`Tx`], run by
//! a backend's [`Engine`] — on a SQLite read connection or writer thread, or on a PostgreSQL
//! reader or writer thread. Nothing here knows which database it talks to.

use std::any::Any;

use async_trait::async_trait;
use mizan_domain::ledger::statements::AccountTotals;
use mizan_domain::{
    BillId, BranchId, CashRegisterId, CashierSessionId, Currency, CustomerId, OpeningStockId,
    OrderId, PlaceId, PlaySessionId, ProductId, PurchaseId, SaleId, SupplierId, TenantId, TokenId,
    UserId, WarehouseId,
};

use crate::cache::WriterState;
use crate::tx::Tx;
use crate::{
    AccountBalance, AgingRow, AuditEntry, Author, BillHead, BillRecord, Branch, CafeFigures,
    CashRegister, CashierSession, Command, Customer, CustomerPaymentRecord, DailySales, Device,
    Finding, FloorPlace, HourlySales, Idempotency, JournalEntryView, LedgerOutline, OpeningStock,
    Page, Place, PlaySession, Product, ProductKey, Purchase, PurchaseReturn, Sale, SaleReturn,
    SecurityEvent, SignInRecord, StatementLine, StockDocument, StockLevelRow, Store, StoreError,
    Supplier, SupplierPaymentRecord, Tenant, TenantScope, Token, TokenOwner, User, Warehouse,
    WriteError, Written,
};
use crate::{
    CuttingItem, CuttingOrder, FabricRoll, Installation, InstallationFilter, InstallationTeam,
    RollFilter, Shortage,
};
use crate::{
    audit, cafe, catalog, daily, ledger, payments, purchases, returns, sales, sessions, staff,
    stock, tenants, workshop,
};

pub(crate) type Reply = Box<dyn Any + Send>;
/// A read, run once on a read connection.
pub(crate) type ReadJob = Box<dyn FnOnce(&mut dyn Tx) -> Result<Reply, StoreError> + Send>;
/// A write, run in a writer's transaction; a backend may run it again when it retries the
/// transaction, so it must not consume what it captured.
pub(crate) type WriteJob =
    Box<dyn FnMut(&mut dyn Tx, &mut WriterState) -> Result<Reply, WriteError> + Send>;

/// What a backend provides: where reads and writes run, and how writes become durable.
#[async_trait]
pub(crate) trait Engine: Send + Sync + 'static {
    fn backend(&self) -> &'static str;

    async fn read(&self, job: ReadJob) -> Result<Reply, StoreError>;

    /// Runs `job` in a writer's transaction (batched with other writes of `tenant`; `None` for
    /// tenant creation; in a batch of its own when `alone`) and answers once its commit is
    /// durable.
    async fn write(
        &self,
        tenant: Option<i64>,
        alone: Alone,
        job: WriteJob,
    ) -> Result<Reply, WriteError>;
}

/// Whether a write must run in a batch of its own: one that reads what the other writes of a
/// batch leave to be written as it commits (appended rows, `pending`), such as the daily
/// report's rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alone {
    No,
    Yes,
}

/// A writer's next batch from its queue: the job held back from the last batch (or the next to
/// arrive), then whatever is queued that may join it (`joins(first, job)`), up to `max`; the
/// first that may not is held back for the next batch. `None` once the queue has closed.
pub(crate) fn next_batch<J>(
    rx: &std::sync::mpsc::Receiver<J>,
    held: &mut Option<J>,
    max: usize,
    joins: impl Fn(&J, &J) -> bool,
) -> Option<Vec<J>> {
    let first = match held.take() {
        Some(job) => job,
        None => rx.recv().ok()?,
    };
    let mut batch = vec![first];
    while batch.len() < max {
        match rx.try_recv() {
            Ok(job) if joins(&batch[0], &job) => batch.push(job),
            Ok(job) => {
                *held = Some(job);
                break;
            }
            Err(_) => break,
        }
    }
    Some(batch)
}

/// Runs `f` on a blocking thread (never on a tokio worker): where both backends read, and
/// where PostgreSQL migrates.
pub(crate) async fn blocking<T: Send + 'static>(
    what: &'static str,
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Corrupt(format!("{what} task: {e}")))?
}

/// Most reads running at once, on either backend: each holds a connection (SQLite: with its
/// page cache), so a burst of reads waits for a turn instead of opening hundreds of them.
pub const MAX_CONCURRENT_READS: usize = 16;

/// The store over one backend.
pub struct Db {
    engine: Box<dyn Engine>,
    reads: tokio::sync::Semaphore,
}

fn downcast<T: 'static>(any: Reply) -> Result<T, StoreError> {
    any.downcast::<T>()
        .map(|b| *b)
        .map_err(|_| StoreError::Corrupt("reply of an unexpected type".into()))
}

impl Db {
    pub(crate) fn new(engine: Box<dyn Engine>) -> Self {
        Self {
            engine,
            reads: tokio::sync::Semaphore::new(MAX_CONCURRENT_READS),
        }
    }

    /// Runs a read on a read connection; at most [`MAX_CONCURRENT_READS`] at once (more wait
    /// here, holding no thread and no connection).
    async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Tx) -> Result<T, StoreError> + Send + 'static,
    {
        let _turn = self
            .reads
            .acquire()
            .await
            .map_err(|_| StoreError::Corrupt("the read pool is closed".into()))?;
        let any = self
            .engine
            .read(Box::new(move |tx| f(tx).map(|v| Box::new(v) as Reply)))
            .await?;
        downcast(any)
    }

    async fn run_write<T, F>(&self, tenant: Option<i64>, f: F) -> Result<T, WriteError>
    where
        T: Send + 'static,
        F: FnMut(&mut dyn Tx, &mut WriterState) -> Result<T, WriteError> + Send + 'static,
    {
        self.run_write_as(tenant, Alone::No, f).await
    }

    async fn run_write_as<T, F>(
        &self,
        tenant: Option<i64>,
        alone: Alone,
        mut f: F,
    ) -> Result<T, WriteError>
    where
        T: Send + 'static,
        F: FnMut(&mut dyn Tx, &mut WriterState) -> Result<T, WriteError> + Send + 'static,
    {
        let any = self
            .engine
            .write(
                tenant,
                alone,
                Box::new(move |tx, state| f(tx, state).map(|v| Box::new(v) as Reply)),
            )
            .await?;
        Ok(downcast(any)?)
    }
}

#[async_trait]
impl Store for Db {
    fn backend(&self) -> &'static str {
        self.engine.backend()
    }

    async fn create_tenant(
        &self,
        name: &str,
        currency: &Currency,
        owner: &str,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<(TenantScope, Tenant), StoreError> {
        let (n, c, o, h) = (
            name.to_owned(),
            currency.clone(),
            owner.to_owned(),
            token_hash.to_owned(),
        );
        let id = self
            .run_write(None, move |tx, _| {
                tenants::write::create_tenant(tx, &n, &c, &o, &h, now_ms)
            })
            .await
            .map_err(WriteError::into_store_error)?;
        let tenant = Tenant {
            id: TenantId(id),
            name: name.to_owned(),
            currency: currency.clone(),
            require_open_session: true,
            utc_offset_minutes: 0,
            scale_layouts: Vec::new(),
            require_registered_devices: false,
            lock_day: None,
            cafe_hours: mizan_domain::cafe::OpeningHours::ALL_DAY,
            roll_min_useful: 1_000,
        };
        Ok((TenantScope::new(TenantId(id)), tenant))
    }

    async fn authenticate(
        &self,
        token_hash: &str,
    ) -> Result<Option<(TenantScope, TokenOwner)>, StoreError> {
        let h = token_hash.to_owned();
        self.read(move |tx| staff::read::authenticate(tx, &h)).await
    }

    async fn sign_in_record(
        &self,
        tenant: TenantId,
        username: &str,
    ) -> Result<Option<(TenantScope, Option<SignInRecord>)>, StoreError> {
        let u = username.to_owned();
        self.read(move |tx| staff::read::sign_in_record(tx, tenant, &u))
            .await
    }

    async fn device_by_credential(
        &self,
        scope: &TenantScope,
        credential_hash: &str,
    ) -> Result<Option<Device>, StoreError> {
        let (s, h) = (*scope, credential_hash.to_owned());
        self.read(move |tx| staff::devices::by_credential(tx, s, &h))
            .await
    }

    async fn sale_return(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<SaleReturn>, StoreError> {
        let s = *scope;
        self.read(move |tx| returns::read::sale_return(tx, s, id))
            .await
    }

    async fn returns_of_sale(
        &self,
        scope: &TenantScope,
        sale: SaleId,
    ) -> Result<Vec<SaleReturn>, StoreError> {
        let s = *scope;
        self.read(move |tx| returns::read::returns_of_sale(tx, s, sale))
            .await
    }

    async fn suppliers(
        &self,
        scope: &TenantScope,
        page: Page,
    ) -> Result<Vec<Supplier>, StoreError> {
        let s = *scope;
        self.read(move |tx| purchases::read::suppliers(tx, s, page))
            .await
    }

    async fn supplier(
        &self,
        scope: &TenantScope,
        id: SupplierId,
    ) -> Result<Option<Supplier>, StoreError> {
        let s = *scope;
        self.read(move |tx| purchases::read::supplier(tx, s, id))
            .await
    }

    async fn purchase(
        &self,
        scope: &TenantScope,
        id: PurchaseId,
    ) -> Result<Option<Purchase>, StoreError> {
        let s = *scope;
        self.read(move |tx| purchases::read::purchase(tx, s, id))
            .await
    }

    async fn purchase_return(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<PurchaseReturn>, StoreError> {
        let s = *scope;
        self.read(move |tx| purchases::read::purchase_return(tx, s, id))
            .await
    }

    async fn customer_statement(
        &self,
        scope: &TenantScope,
        customer: CustomerId,
    ) -> Result<Vec<StatementLine>, StoreError> {
        let s = *scope;
        self.read(move |tx| payments::statements::customer_statement(tx, s, customer))
            .await
    }

    async fn supplier_statement(
        &self,
        scope: &TenantScope,
        supplier: SupplierId,
    ) -> Result<Vec<StatementLine>, StoreError> {
        let s = *scope;
        self.read(move |tx| payments::statements::supplier_statement(tx, s, supplier))
            .await
    }

    async fn customer_aging(
        &self,
        scope: &TenantScope,
        as_of: i32,
    ) -> Result<Vec<AgingRow>, StoreError> {
        let s = *scope;
        self.read(move |tx| payments::statements::customer_aging(tx, s, as_of))
            .await
    }

    async fn supplier_aging(
        &self,
        scope: &TenantScope,
        as_of: i32,
    ) -> Result<Vec<AgingRow>, StoreError> {
        let s = *scope;
        self.read(move |tx| payments::statements::supplier_aging(tx, s, as_of))
            .await
    }

    async fn stock_documents(
        &self,
        scope: &TenantScope,
        kind: &str,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<StockDocument>, StoreError> {
        let (s, kind) = (*scope, kind.to_owned());
        self.read(move |tx| stock::moves::documents(tx, s, &kind, before, limit))
            .await
    }

    async fn stock_document(
        &self,
        scope: &TenantScope,
        kind: &str,
        id: i64,
    ) -> Result<Option<StockDocument>, StoreError> {
        let (s, kind) = (*scope, kind.to_owned());
        self.read(move |tx| stock::moves::document(tx, s, &kind, id))
            .await
    }

    async fn rolls(
        &self,
        scope: &TenantScope,
        filter: RollFilter,
    ) -> Result<Vec<FabricRoll>, StoreError> {
        let s = *scope;
        self.read(move |tx| workshop::read::rolls(tx, s, filter))
            .await
    }

    async fn roll(&self, scope: &TenantScope, id: i64) -> Result<Option<FabricRoll>, StoreError> {
        let s = *scope;
        self.read(move |tx| workshop::read::roll(tx, s, id)).await
    }

    async fn cutting_order(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<CuttingOrder>, StoreError> {
        let s = *scope;
        self.read(move |tx| workshop::read::order(tx, s, id)).await
    }

    async fn cutting_item(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<CuttingItem>, StoreError> {
        let s = *scope;
        self.read(move |tx| workshop::read::item(tx, s, id)).await
    }

    async fn cutting_items(
        &self,
        scope: &TenantScope,
        status: &str,
        limit: i64,
    ) -> Result<Vec<CuttingItem>, StoreError> {
        let (s, status) = (*scope, status.to_owned());
        self.read(move |tx| workshop::read::items(tx, s, &status, limit))
            .await
    }

    async fn shortages(&self, scope: &TenantScope) -> Result<Vec<Shortage>, StoreError> {
        let s = *scope;
        self.read(move |tx| workshop::read::shortages(tx, s)).await
    }

    async fn installations(
        &self,
        scope: &TenantScope,
        filter: InstallationFilter,
    ) -> Result<Vec<Installation>, StoreError> {
        let s = *scope;
        self.read(move |tx| workshop::installations::list(tx, s, filter))
            .await
    }

    async fn installation(
        &self,
        scope: &TenantScope,
        id: i64,
        member: Option<UserId>,
    ) -> Result<Option<Installation>, StoreError> {
        let s = *scope;
        self.read(move |tx| workshop::installations::one(tx, s, id, member))
            .await
    }

    async fn installation_teams(
        &self,
        scope: &TenantScope,
    ) -> Result<Vec<InstallationTeam>, StoreError> {
        let s = *scope;
        self.read(move |tx| workshop::installations::teams(tx, s))
            .await
    }

    async fn places(&self, scope: &TenantScope) -> Result<Vec<Place>, StoreError> {
        let s = *scope;
        self.read(move |tx| cafe::read::places(tx, s)).await
    }

    async fn place(&self, scope: &TenantScope, id: PlaceId) -> Result<Option<Place>, StoreError> {
        let s = *scope;
        self.read(move |tx| cafe::read::place_by_id(tx, s, id))
            .await
    }

    async fn floor(&self, scope: &TenantScope) -> Result<Vec<FloorPlace>, StoreError> {
        let s = *scope;
        self.read(move |tx| cafe::read::floor(tx, s)).await
    }

    async fn bill(
        &self,
        scope: &TenantScope,
        id: BillId,
    ) -> Result<Option<BillRecord>, StoreError> {
        let s = *scope;
        self.read(move |tx| cafe::read::bill(tx, s, id)).await
    }

    async fn bills(
        &self,
        scope: &TenantScope,
        open: bool,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<BillHead>, StoreError> {
        let s = *scope;
        self.read(move |tx| cafe::read::bills(tx, s, open, before, limit))
            .await
    }

    async fn play_session(
        &self,
        scope: &TenantScope,
        id: PlaySessionId,
    ) -> Result<Option<PlaySession>, StoreError> {
        let s = *scope;
        self.read(move |tx| cafe::read::play_session(tx, s, id))
            .await
    }

    async fn cafe_figures(
        &self,
        scope: &TenantScope,
        from: i32,
        to: i32,
    ) -> Result<CafeFigures, StoreError> {
        let s = *scope;
        self.read(move |tx| cafe::report::figures(tx, s, from, to))
            .await
    }

    async fn order_bill(
        &self,
        scope: &TenantScope,
        id: OrderId,
    ) -> Result<Option<BillId>, StoreError> {
        let s = *scope;
        self.read(move |tx| cafe::read::order_bill(tx, s, id.0))
            .await
    }

    async fn payment_bill(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<BillId>, StoreError> {
        let s = *scope;
        self.read(move |tx| cafe::read::payment_bill(tx, s, id))
            .await
    }

    async fn journal_entry_of(
        &self,
        scope: &TenantScope,
        doc_kind: &str,
        doc_id: i64,
    ) -> Result<Option<JournalEntryView>, StoreError> {
        let (s, kind) = (*scope, doc_kind.to_owned());
        self.read(move |tx| ledger::read::entry_of(tx, s, &kind, doc_id))
            .await
    }

    async fn customers_named(
        &self,
        scope: &TenantScope,
        text: &str,
        page: Page,
    ) -> Result<Vec<Customer>, StoreError> {
        let (s, text) = (*scope, text.to_owned());
        self.read(move |tx| catalog::read::customers_named(tx, s, &text, page))
            .await
    }

    async fn suppliers_named(
        &self,
        scope: &TenantScope,
        text: &str,
        page: Page,
    ) -> Result<Vec<Supplier>, StoreError> {
        let (s, text) = (*scope, text.to_owned());
        self.read(move |tx| purchases::read::suppliers_named(tx, s, &text, page))
            .await
    }

    async fn product_stock(
        &self,
        scope: &TenantScope,
        product: ProductId,
    ) -> Result<Vec<StockLevelRow>, StoreError> {
        let s = *scope;
        self.read(move |tx| stock::read::product_stock(tx, s, product))
            .await
    }

    async fn documents(
        &self,
        scope: &TenantScope,
        query: crate::DocumentQuery,
    ) -> Result<Vec<JournalEntryView>, StoreError> {
        let s = *scope;
        self.read(move |tx| ledger::documents::documents(tx, s, &query))
            .await
    }

    async fn document_moves(
        &self,
        scope: &TenantScope,
        doc_kind: &str,
        doc_id: i64,
    ) -> Result<crate::DocumentMoves, StoreError> {
        let (s, kind) = (*scope, doc_kind.to_owned());
        self.read(move |tx| ledger::documents::moves(tx, s, &kind, doc_id))
            .await
    }

    async fn products_named(
        &self,
        scope: &TenantScope,
        text: &str,
        limit: i64,
    ) -> Result<Vec<Product>, StoreError> {
        let (s, text) = (*scope, text.to_owned());
        self.read(move |tx| catalog::read::products_named(tx, s, &text, limit))
            .await
    }

    async fn products_without_cost(
        &self,
        scope: &TenantScope,
    ) -> Result<Vec<(Product, i64)>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::products_without_cost(tx, s))
            .await
    }

    async fn customer_payment(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<CustomerPaymentRecord>, StoreError> {
        let s = *scope;
        self.read(move |tx| payments::read::customer_payment(tx, s, id))
            .await
    }

    async fn supplier_payment(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<SupplierPaymentRecord>, StoreError> {
        let s = *scope;
        self.read(move |tx| payments::read::supplier_payment(tx, s, id))
            .await
    }

    async fn devices(&self, scope: &TenantScope) -> Result<Vec<Device>, StoreError> {
        let s = *scope;
        self.read(move |tx| staff::devices::devices(tx, s)).await
    }

    async fn ready(&self) -> Result<(), StoreError> {
        let ask = |tx: &mut dyn Tx| tx.one("SELECT 1", &[], |r| r.i64(0)).map(|_| ());
        self.read(ask).await?;
        self.run_write(None, move |tx, _| Ok(ask(tx)?))
            .await
            .map_err(WriteError::into_store_error)
    }

    async fn operator_tenants(&self) -> Result<Vec<(TenantScope, Tenant)>, StoreError> {
        self.read(tenants::read::operator_tenants).await
    }

    async fn record_backup(&self, run: crate::backup::BackupRun) -> Result<i64, StoreError> {
        self.run_write(None, move |tx, _| Ok(crate::backup::record(tx, &run)?))
            .await
            .map_err(WriteError::into_store_error)
    }

    async fn backup_runs(&self, limit: i64) -> Result<Vec<crate::backup::BackupRun>, StoreError> {
        self.read(move |tx| crate::backup::runs(tx, limit)).await
    }

    async fn tenant(&self, scope: &TenantScope) -> Result<Tenant, StoreError> {
        let s = *scope;
        self.read(move |tx| tenants::read::tenant(tx, s)).await
    }

    async fn write_by(
        &self,
        scope: &TenantScope,
        by: &Author,
        idempotency: Option<Idempotency>,
        command: Command,
    ) -> Result<Written, WriteError> {
        let (s, by) = (*scope, by.clone());
        let idem = idempotency.clone();
        let alone = if command.reads_posted_sales() {
            Alone::Yes
        } else {
            Alone::No
        };
        let out = self
            .run_write_as(Some(s.id()), alone, move |tx, state| {
                crate::write::execute(tx, state, s, &by, idem.as_ref(), &command)
            })
            .await;
        // A refused write with a key may be a retry: its key was recorded before
        // (`idempotency_key_taken`), or the first request's effects made it refuse (a sale
        // already completed, a session already open). The answer to a retry is the first
        // result, so look the key up before refusing.
        match (out, idempotency) {
            (Err(e), Some(idem)) if !matches!(e, WriteError::Store(_)) => {
                let key = idem.clone();
                let seen = self
                    .read(move |tx| {
                        crate::write::seen_key(tx, s, &key).map_err(WriteError::into_store_error)
                    })
                    .await?;
                match seen {
                    Some((hash, kind, id)) => idem.replay(&hash, &kind, id),
                    None => Err(e),
                }
            }
            (out, _) => out,
        }
    }

    async fn branches(&self, scope: &TenantScope, page: Page) -> Result<Vec<Branch>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::branches(tx, s, page))
            .await
    }
    async fn branch(
        &self,
        scope: &TenantScope,
        id: BranchId,
    ) -> Result<Option<Branch>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::branch(tx, s, id)).await
    }
    async fn warehouses(
        &self,
        scope: &TenantScope,
        page: Page,
    ) -> Result<Vec<Warehouse>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::warehouses(tx, s, page))
            .await
    }
    async fn warehouse(
        &self,
        scope: &TenantScope,
        id: WarehouseId,
    ) -> Result<Option<Warehouse>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::warehouse(tx, s, id))
            .await
    }
    async fn cash_registers(
        &self,
        scope: &TenantScope,
        page: Page,
    ) -> Result<Vec<CashRegister>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::cash_registers(tx, s, page))
            .await
    }
    async fn cash_register(
        &self,
        scope: &TenantScope,
        id: CashRegisterId,
    ) -> Result<Option<CashRegister>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::cash_register(tx, s, id))
            .await
    }
    async fn customers(
        &self,
        scope: &TenantScope,
        page: Page,
    ) -> Result<Vec<Customer>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::customers(tx, s, page))
            .await
    }
    async fn customer(
        &self,
        scope: &TenantScope,
        id: CustomerId,
    ) -> Result<Option<Customer>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::customer(tx, s, id))
            .await
    }
    async fn products(&self, scope: &TenantScope, page: Page) -> Result<Vec<Product>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::products(tx, s, page))
            .await
    }
    async fn product(
        &self,
        scope: &TenantScope,
        id: ProductId,
    ) -> Result<Option<Product>, StoreError> {
        let s = *scope;
        self.read(move |tx| catalog::read::product(tx, s, id)).await
    }
    async fn opening_stock(
        &self,
        scope: &TenantScope,
        id: OpeningStockId,
    ) -> Result<Option<OpeningStock>, StoreError> {
        let s = *scope;
        self.read(move |tx| stock::read::opening_stock(tx, s, id))
            .await
    }
    async fn sale(&self, scope: &TenantScope, id: SaleId) -> Result<Option<Sale>, StoreError> {
        let s = *scope;
        self.read(move |tx| sales::read::sale(tx, s, id)).await
    }
    async fn sales(
        &self,
        scope: &TenantScope,
        limit: i64,
        before: Option<SaleId>,
        cashier: Option<&str>,
    ) -> Result<Vec<Sale>, StoreError> {
        let (s, c) = (*scope, cashier.map(str::to_owned));
        self.read(move |tx| sales::read::sales(tx, s, limit, before, c.as_deref()))
            .await
    }
    async fn stock_levels(&self, scope: &TenantScope) -> Result<Vec<StockLevelRow>, StoreError> {
        let s = *scope;
        self.read(move |tx| stock::read::stock_levels(tx, s)).await
    }
    async fn stock_level_page(
        &self,
        scope: &TenantScope,
        after: (WarehouseId, ProductId),
        limit: i64,
    ) -> Result<Vec<StockLevelRow>, StoreError> {
        let (s, limit) = (*scope, limit.clamp(1, Page::MAX));
        self.read(move |tx| stock::read::stock_level_page(tx, s, after, limit))
            .await
    }
    async fn account_balances(
        &self,
        scope: &TenantScope,
    ) -> Result<Vec<AccountBalance>, StoreError> {
        let s = *scope;
        self.read(move |tx| ledger::read::account_balances(tx, s))
            .await
    }
    async fn account(
        &self,
        scope: &TenantScope,
        id: mizan_domain::AccountId,
    ) -> Result<Option<AccountBalance>, StoreError> {
        let s = *scope;
        self.read(move |tx| ledger::accounts::account(tx, s, id))
            .await
    }
    async fn opening_balance(
        &self,
        scope: &TenantScope,
        id: mizan_domain::OpeningBalanceId,
    ) -> Result<Option<crate::OpeningBalanceRecord>, StoreError> {
        let s = *scope;
        self.read(move |tx| ledger::openings::opening_balance(tx, s, id))
            .await
    }
    async fn account_totals(
        &self,
        scope: &TenantScope,
        from: Option<i32>,
        to: i32,
    ) -> Result<Vec<AccountTotals>, StoreError> {
        let s = *scope;
        self.read(move |tx| ledger::days::account_totals(tx, s, from, to))
            .await
    }
    async fn rebuild_account_days(&self, scope: &TenantScope) -> Result<u64, StoreError> {
        let t = scope.id();
        self.run_write_as(Some(t), Alone::Yes, move |tx, _| {
            ledger::days::rebuild(tx, t)
        })
        .await
        .map_err(WriteError::into_store_error)
    }
    async fn stock_levels_at(
        &self,
        scope: &TenantScope,
        day: i32,
    ) -> Result<Vec<StockLevelRow>, StoreError> {
        let s = *scope;
        self.read(move |tx| stock::read::stock_levels_at(tx, s, day))
            .await
    }
    async fn journal(&self, scope: &TenantScope) -> Result<Vec<JournalEntryView>, StoreError> {
        let s = *scope;
        self.read(move |tx| ledger::read::journal(tx, s, i64::MAX, 0))
            .await
    }
    async fn journal_page(
        &self,
        scope: &TenantScope,
        limit: i64,
        after: Option<i64>,
    ) -> Result<Vec<JournalEntryView>, StoreError> {
        let s = *scope;
        let after = after.unwrap_or(0);
        self.read(move |tx| ledger::read::journal(tx, s, limit, after))
            .await
    }
    async fn ledger_outline(&self, scope: &TenantScope) -> Result<LedgerOutline, StoreError> {
        let s = *scope;
        self.read(move |tx| ledger::read::outline(tx, s)).await
    }
    async fn check(&self, scope: &TenantScope) -> Result<Vec<Finding>, StoreError> {
        let s = *scope;
        self.read(move |tx| ledger::read::check(tx, s)).await
    }

    async fn product_by_code(
        &self,
        scope: &TenantScope,
        key: ProductKey<'_>,
    ) -> Result<Option<Product>, StoreError> {
        let s = *scope;
        let (column, value) = key.column();
        let value = value.to_owned();
        self.read(move |tx| catalog::read::product_by_code(tx, s, column, &value))
            .await
    }
    async fn cashier_session(
        &self,
        scope: &TenantScope,
        id: CashierSessionId,
    ) -> Result<Option<CashierSession>, StoreError> {
        let s = *scope;
        self.read(move |tx| sessions::read::cashier_session(tx, s, id))
            .await
    }
    async fn cashier_sessions(
        &self,
        scope: &TenantScope,
        register: Option<CashRegisterId>,
        open_only: bool,
        opened_by: Option<&str>,
        before: Option<CashierSessionId>,
    ) -> Result<Vec<CashierSession>, StoreError> {
        let (s, by) = (*scope, opened_by.map(str::to_owned));
        self.read(move |tx| {
            sessions::read::cashier_sessions(tx, s, register, open_only, by.as_deref(), before)
        })
        .await
    }
    async fn daily_sales(
        &self,
        scope: &TenantScope,
        day: i32,
    ) -> Result<Vec<DailySales>, StoreError> {
        let s = *scope;
        self.read(move |tx| daily::read::daily_sales(tx, s, day))
            .await
    }
    async fn sales_by_hour(
        &self,
        scope: &TenantScope,
        day: i32,
        utc_offset_minutes: i32,
    ) -> Result<Vec<HourlySales>, StoreError> {
        let s = *scope;
        self.read(move |tx| daily::read::sales_by_hour(tx, s, day, utc_offset_minutes))
            .await
    }
    async fn rebuild_daily_sales(&self, scope: &TenantScope) -> Result<u64, StoreError> {
        let t = scope.id();
        self.run_write_as(Some(t), Alone::Yes, move |tx, _| {
            daily::rebuild::rebuild(tx, t)
        })
        .await
        .map_err(WriteError::into_store_error)
    }

    async fn sales_analysis(
        &self,
        scope: &TenantScope,
        by: crate::SalesBy,
        from: i32,
        to: i32,
    ) -> Result<Vec<crate::SalesGroup>, StoreError> {
        let s = *scope;
        self.read(move |tx| sales::analysis::sales_analysis(tx, s, by, from, to))
            .await
    }
    async fn sale_by_number(
        &self,
        scope: &TenantScope,
        number: &str,
    ) -> Result<Option<SaleId>, StoreError> {
        let (s, n) = (*scope, number.to_owned());
        self.read(move |tx| sales::trace::sale_by_number(tx, s, &n))
            .await
    }
    async fn sale_trace(
        &self,
        scope: &TenantScope,
        sale: SaleId,
    ) -> Result<Option<crate::SaleTrace>, StoreError> {
        let s = *scope;
        self.read(move |tx| sales::trace::sale_trace(tx, s, sale))
            .await
    }
    async fn cogs_coverage(
        &self,
        scope: &TenantScope,
        from: i32,
        to: i32,
    ) -> Result<crate::CogsCoverage, StoreError> {
        let s = *scope;
        self.read(move |tx| sales::cogs::coverage(tx, s, from, to))
            .await
    }
    async fn cogs_reconcile(
        &self,
        scope: &TenantScope,
        from: i32,
        to: i32,
    ) -> Result<crate::CogsReconciliation, StoreError> {
        let s = *scope;
        self.read(move |tx| sales::cogs::reconciliation(tx, s, from, to))
            .await
    }

    async fn users(&self, scope: &TenantScope) -> Result<Vec<User>, StoreError> {
        let s = *scope;
        self.read(move |tx| staff::read::users(tx, s)).await
    }

    async fn user(&self, scope: &TenantScope, id: UserId) -> Result<Option<User>, StoreError> {
        let s = *scope;
        self.read(move |tx| staff::read::user(tx, s, id)).await
    }

    async fn tokens(
        &self,
        scope: &TenantScope,
        user: Option<UserId>,
    ) -> Result<Vec<Token>, StoreError> {
        let s = *scope;
        self.read(move |tx| staff::read::tokens(tx, s, user)).await
    }

    async fn token(&self, scope: &TenantScope, id: TokenId) -> Result<Option<Token>, StoreError> {
        let s = *scope;
        self.read(move |tx| staff::read::token(tx, s, id)).await
    }

    async fn security_events(
        &self,
        scope: &TenantScope,
        limit: i64,
        before: Option<i64>,
    ) -> Result<Vec<SecurityEvent>, StoreError> {
        let s = *scope;
        self.read(move |tx| staff::read::security_events(tx, s, limit, before))
            .await
    }

    async fn audit_log(
        &self,
        scope: &TenantScope,
        limit: i64,
        before: Option<i64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let s = *scope;
        self.read(move |tx| audit::read::entries(tx, s, limit, before))
            .await
    }

    async fn seal_audit(&self, scope: &TenantScope) -> Result<u64, StoreError> {
        let t = scope.id();
        self.run_write(Some(t), move |tx, _| Ok(audit::write::seal_tenant(tx, t)?))
            .await
            .map_err(WriteError::into_store_error)
    }

    async fn unsealed_audit_tenants(&self) -> Result<Vec<TenantScope>, StoreError> {
        self.read(audit::read::unsealed_tenants).await
    }
}
