//! The `Store` trait: the one surface both backends implement, and `open` to pick a backend
//! from a database URL.

use std::sync::Arc;

use async_trait::async_trait;
use mizan_domain::ledger::statements::AccountTotals;
use mizan_domain::{
    AccountId, BillId, BranchId, CashRegisterId, CashierSessionId, Currency, CustomerId,
    OpeningBalanceId, OpeningStockId, OrderId, PlaceId, PlaySessionId, ProductId, PurchaseId,
    SaleId, SupplierId, TenantId, TokenId, UserId, WarehouseId,
};

use crate::{
    AccountBalance, AgingRow, AuditEntry, Author, BillHead, BillRecord, Branch, CafeFigures,
    CashRegister, CashierSession, Command, Customer, CustomerPaymentRecord, DailySales, Device,
    Finding, FloorPlace, HourlySales, Idempotency, JournalEntryView, LedgerOutline,
    OpeningBalanceRecord, OpeningStock, Page, Place, PlaySession, Product, ProductKey, Purchase,
    PurchaseReturn, Sale, SaleReturn, SecurityEvent, SignInRecord, StatementLine, StockDocument,
    StockLevelRow, StoreError, Supplier, SupplierPaymentRecord, Tenant, TenantScope, Token,
    TokenOwner, User, WriteError, Written,
};
use crate::{
    CuttingItem, CuttingOrder, FabricRoll, Installation, InstallationFilter, InstallationTeam,
    RollFilter, Shortage,
};

/// Persistence for Mizan. Every method but tenant creation, authentication and the operator's
/// tenant listing takes a [`TenantScope`] and sees only that tenant's rows.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// Creates a tenant with the default chart of accounts and its owner `owner` (a user without
    /// a password) holding one API token (stored hashed).
    async fn create_tenant(
        &self,
        name: &str,
        currency: &Currency,
        owner: &str,
        token_hash: &str,
        now_ms: i64,
    ) -> Result<(TenantScope, Tenant), StoreError>;

    /// The unrevoked token with this hash and its active user (expiry is the caller's rule).
    async fn authenticate(
        &self,
        token_hash: &str,
    ) -> Result<Option<(TenantScope, TokenOwner)>, StoreError>;

    /// Tenant `tenant`'s scope (when it exists) and its user `username` with their password
    /// hash: signing in is how a person gets a scope.
    async fn sign_in_record(
        &self,
        tenant: TenantId,
        username: &str,
    ) -> Result<Option<(TenantScope, Option<SignInRecord>)>, StoreError>;

    /// A posted return with its lines.
    async fn sale_return(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<SaleReturn>, StoreError>;
    /// A sale's returns, oldest first.
    async fn returns_of_sale(
        &self,
        scope: &TenantScope,
        sale: SaleId,
    ) -> Result<Vec<SaleReturn>, StoreError>;

    /// A page of suppliers in id order.
    async fn suppliers(&self, scope: &TenantScope, page: Page)
    -> Result<Vec<Supplier>, StoreError>;
    async fn supplier(
        &self,
        scope: &TenantScope,
        id: SupplierId,
    ) -> Result<Option<Supplier>, StoreError>;
    /// A page of the suppliers whose name, phone or tax number contains `text`.
    async fn suppliers_named(
        &self,
        scope: &TenantScope,
        text: &str,
        page: Page,
    ) -> Result<Vec<Supplier>, StoreError>;
    /// A posted receipt with its lines.
    async fn purchase(
        &self,
        scope: &TenantScope,
        id: PurchaseId,
    ) -> Result<Option<Purchase>, StoreError>;
    /// A posted purchase return with its lines.
    async fn purchase_return(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<PurchaseReturn>, StoreError>;
    /// A customer's credit sales, credit refunds and payments with a running balance.
    async fn customer_statement(
        &self,
        scope: &TenantScope,
        customer: CustomerId,
    ) -> Result<Vec<StatementLine>, StoreError>;
    /// A supplier's purchases, purchase returns and payments with a running balance.
    async fn supplier_statement(
        &self,
        scope: &TenantScope,
        supplier: SupplierId,
    ) -> Result<Vec<StatementLine>, StoreError>;
    /// What customers owe by age at business day `as_of`; totals equal the customers account.
    async fn customer_aging(
        &self,
        scope: &TenantScope,
        as_of: i32,
    ) -> Result<Vec<AgingRow>, StoreError>;
    /// What the shop owes suppliers by age at business day `as_of`; totals equal the
    /// suppliers account.
    async fn supplier_aging(
        &self,
        scope: &TenantScope,
        as_of: i32,
    ) -> Result<Vec<AgingRow>, StoreError>;
    /// A page of transfers (`kind` = `transfer`) or stock counts (`count`) newest first,
    /// older than id `before`, at most `limit` (1 to 500), without their lines.
    async fn stock_documents(
        &self,
        scope: &TenantScope,
        kind: &str,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<StockDocument>, StoreError>;
    /// A posted transfer (`kind` = `transfer`) or stock count (`count`) with its lines.
    async fn stock_document(
        &self,
        scope: &TenantScope,
        kind: &str,
        id: i64,
    ) -> Result<Option<StockDocument>, StoreError>;
    /// Rolls of fabrics kept in rolls, by fabric, warehouse and id (at most 500).
    async fn rolls(
        &self,
        scope: &TenantScope,
        filter: RollFilter,
    ) -> Result<Vec<FabricRoll>, StoreError>;
    /// A roll with every cut taken from it.
    async fn roll(&self, scope: &TenantScope, id: i64) -> Result<Option<FabricRoll>, StoreError>;
    /// A cutting order with its items.
    async fn cutting_order(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<CuttingOrder>, StoreError>;
    async fn cutting_item(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<CuttingItem>, StoreError>;
    /// Cutting items in `status`, oldest first, at most `limit` (1 to 500).
    async fn cutting_items(
        &self,
        scope: &TenantScope,
        status: &str,
        limit: i64,
    ) -> Result<Vec<CuttingItem>, StoreError>;
    /// Fabrics that pending cutting items need more of than their warehouse has free.
    async fn shortages(&self, scope: &TenantScope) -> Result<Vec<Shortage>, StoreError>;
    /// Installations by day, window and team (at most 500).
    async fn installations(
        &self,
        scope: &TenantScope,
        filter: InstallationFilter,
    ) -> Result<Vec<Installation>, StoreError>;
    /// An installation with its events and archive; with `member`, only one of their teams'.
    async fn installation(
        &self,
        scope: &TenantScope,
        id: i64,
        member: Option<UserId>,
    ) -> Result<Option<Installation>, StoreError>;
    async fn installation_teams(
        &self,
        scope: &TenantScope,
    ) -> Result<Vec<InstallationTeam>, StoreError>;
    /// The café's tables and stations.
    async fn places(&self, scope: &TenantScope) -> Result<Vec<Place>, StoreError>;
    async fn place(&self, scope: &TenantScope, id: PlaceId) -> Result<Option<Place>, StoreError>;
    /// Every place with its open bill and live play session.
    async fn floor(&self, scope: &TenantScope) -> Result<Vec<FloorPlace>, StoreError>;
    /// A bill with its charges, orders, payments, sessions and trail.
    async fn bill(&self, scope: &TenantScope, id: BillId)
    -> Result<Option<BillRecord>, StoreError>;
    /// Bills newest first, older than id `before`, at most `limit` (1 to 500); only those
    /// still open when `open`.
    async fn bills(
        &self,
        scope: &TenantScope,
        open: bool,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<BillHead>, StoreError>;
    async fn play_session(
        &self,
        scope: &TenantScope,
        id: PlaySessionId,
    ) -> Result<Option<PlaySession>, StoreError>;
    /// The café's figures over business days `from..=to`.
    async fn cafe_figures(
        &self,
        scope: &TenantScope,
        from: i32,
        to: i32,
    ) -> Result<CafeFigures, StoreError>;
    /// The bill an order is on.
    async fn order_bill(
        &self,
        scope: &TenantScope,
        id: OrderId,
    ) -> Result<Option<BillId>, StoreError>;
    /// The bill a café payment is on.
    async fn payment_bill(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<BillId>, StoreError>;
    /// The journal entry that document (`doc_kind`: `sale`, `return`, `purchase`, `manual`,
    /// ...) `doc_id` posted, when it posted one.
    async fn journal_entry_of(
        &self,
        scope: &TenantScope,
        doc_kind: &str,
        doc_id: i64,
    ) -> Result<Option<JournalEntryView>, StoreError>;
    /// A page of posted documents of every kind, newest first, each with its journal entry.
    async fn documents(
        &self,
        scope: &TenantScope,
        query: crate::DocumentQuery,
    ) -> Result<Vec<JournalEntryView>, StoreError>;
    /// The stock and cash moves document (`doc_kind`, `doc_id`) wrote.
    async fn document_moves(
        &self,
        scope: &TenantScope,
        doc_kind: &str,
        doc_id: i64,
    ) -> Result<crate::DocumentMoves, StoreError>;
    /// A posted customer payment with its allocations.
    async fn customer_payment(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<CustomerPaymentRecord>, StoreError>;
    async fn supplier_payment(
        &self,
        scope: &TenantScope,
        id: i64,
    ) -> Result<Option<SupplierPaymentRecord>, StoreError>;

    /// The tenant's unrevoked device holding the credential with this hash.
    async fn device_by_credential(
        &self,
        scope: &TenantScope,
        credential_hash: &str,
    ) -> Result<Option<Device>, StoreError>;
    /// The tenant's devices, newest first (at most 500).
    async fn devices(&self, scope: &TenantScope) -> Result<Vec<Device>, StoreError>;

    /// Whether the database answers a read and the writer a write (for `/readyz`).
    async fn ready(&self) -> Result<(), StoreError>;

    /// Every tenant, for the operator's CLI (`check`, `export`), who holds the database itself.
    async fn operator_tenants(&self) -> Result<Vec<(TenantScope, Tenant)>, StoreError>;

    async fn tenant(&self, scope: &TenantScope) -> Result<Tenant, StoreError>;

    /// Records a backup as it went (the operator's, not a tenant's) and answers its id.
    async fn record_backup(&self, run: crate::backup::BackupRun) -> Result<i64, StoreError>;

    /// The latest `limit` backups, newest first.
    async fn backup_runs(&self, limit: i64) -> Result<Vec<crate::backup::BackupRun>, StoreError>;

    /// Applies one command by `by` in one transaction, with its idempotency record and its
    /// audit row. A key seen before with the same request hash returns the first result
    /// (`replayed`), with a different one `IdempotencyKeyReused`; either way nothing new is
    /// written.
    async fn write_by(
        &self,
        scope: &TenantScope,
        by: &Author,
        idempotency: Option<Idempotency>,
        command: Command,
    ) -> Result<Written, WriteError>;

    /// [`Store::write_by`] by the operator, at the command's own time (the app always names
    /// the author; this is for the operator's tools and tests).
    async fn write(
        &self,
        scope: &TenantScope,
        idempotency: Option<Idempotency>,
        command: Command,
    ) -> Result<Written, WriteError> {
        let by = Author::operator(command.at_ms().unwrap_or(0));
        self.write_by(scope, &by, idempotency, command).await
    }

    /// A page of them in id order.
    async fn branches(&self, scope: &TenantScope, page: Page) -> Result<Vec<Branch>, StoreError>;
    async fn branch(&self, scope: &TenantScope, id: BranchId)
    -> Result<Option<Branch>, StoreError>;
    /// A page of them in id order.
    async fn warehouses(
        &self,
        scope: &TenantScope,
        page: Page,
    ) -> Result<Vec<Warehouse>, StoreError>;
    async fn warehouse(
        &self,
        scope: &TenantScope,
        id: WarehouseId,
    ) -> Result<Option<Warehouse>, StoreError>;
    /// A page of them in id order.
    async fn cash_registers(
        &self,
        scope: &TenantScope,
        page: Page,
    ) -> Result<Vec<CashRegister>, StoreError>;
    async fn cash_register(
        &self,
        scope: &TenantScope,
        id: CashRegisterId,
    ) -> Result<Option<CashRegister>, StoreError>;
    /// A page of them in id order.
    async fn customers(&self, scope: &TenantScope, page: Page)
    -> Result<Vec<Customer>, StoreError>;
    async fn customer(
        &self,
        scope: &TenantScope,
        id: CustomerId,
    ) -> Result<Option<Customer>, StoreError>;
    /// A page of the customers whose name or phone contains `text`.
    async fn customers_named(
        &self,
        scope: &TenantScope,
        text: &str,
        page: Page,
    ) -> Result<Vec<Customer>, StoreError>;
    /// A page of them in id order.
    async fn products(&self, scope: &TenantScope, page: Page) -> Result<Vec<Product>, StoreError>;
    /// Stocked products that cannot be sold until they have a cost (no cost price, nothing on
    /// hand with a value), with their quantity on hand, by code.
    async fn products_without_cost(
        &self,
        scope: &TenantScope,
    ) -> Result<Vec<(Product, i64)>, StoreError>;
    /// Up to `limit` products whose code or name contains `text`, by code.
    async fn products_named(
        &self,
        scope: &TenantScope,
        text: &str,
        limit: i64,
    ) -> Result<Vec<Product>, StoreError>;
    async fn product(
        &self,
        scope: &TenantScope,
        id: ProductId,
    ) -> Result<Option<Product>, StoreError>;
    async fn opening_stock(
        &self,
        scope: &TenantScope,
        id: OpeningStockId,
    ) -> Result<Option<OpeningStock>, StoreError>;
    async fn sale(&self, scope: &TenantScope, id: SaleId) -> Result<Option<Sale>, StoreError>;
    /// Sales newest first, at most `limit`, with ids below `before` and of one cashier when
    /// given.
    async fn sales(
        &self,
        scope: &TenantScope,
        limit: i64,
        before: Option<SaleId>,
        cashier: Option<&str>,
    ) -> Result<Vec<Sale>, StoreError>;
    /// Every stock level of the tenant (for checks and exports; lists use the page).
    async fn stock_levels(&self, scope: &TenantScope) -> Result<Vec<StockLevelRow>, StoreError>;
    /// What each warehouse holds of `product`.
    async fn product_stock(
        &self,
        scope: &TenantScope,
        product: ProductId,
    ) -> Result<Vec<StockLevelRow>, StoreError>;
    /// Levels in (warehouse, product) order after `after`, at most `limit` (≤ 500).
    async fn stock_level_page(
        &self,
        scope: &TenantScope,
        after: (WarehouseId, ProductId),
        limit: i64,
    ) -> Result<Vec<StockLevelRow>, StoreError>;
    async fn account_balances(
        &self,
        scope: &TenantScope,
    ) -> Result<Vec<AccountBalance>, StoreError>;
    /// One account of the chart with its balance.
    async fn account(
        &self,
        scope: &TenantScope,
        id: AccountId,
    ) -> Result<Option<AccountBalance>, StoreError>;
    async fn opening_balance(
        &self,
        scope: &TenantScope,
        id: OpeningBalanceId,
    ) -> Result<Option<OpeningBalanceRecord>, StoreError>;
    /// Every account with what it was debited and credited over the business days
    /// `from..=to` (`from` none: from the start), from the accounts' day balances.
    async fn account_totals(
        &self,
        scope: &TenantScope,
        from: Option<i32>,
        to: i32,
    ) -> Result<Vec<AccountTotals>, StoreError>;
    /// Recomputes the tenant's account day balances from the journal, in one transaction;
    /// returns the number of (account, day) rows.
    async fn rebuild_account_days(&self, scope: &TenantScope) -> Result<u64, StoreError>;
    /// Every stock level (quantity and value) at the end of business day `day`.
    async fn stock_levels_at(
        &self,
        scope: &TenantScope,
        day: i32,
    ) -> Result<Vec<StockLevelRow>, StoreError>;
    /// Every journal entry with its lines, oldest first.
    async fn journal(&self, scope: &TenantScope) -> Result<Vec<JournalEntryView>, StoreError>;
    /// A page of the journal: entries oldest first with ids above `after`, at most `limit`.
    async fn journal_page(
        &self,
        scope: &TenantScope,
        limit: i64,
        after: Option<i64>,
    ) -> Result<Vec<JournalEntryView>, StoreError>;
    /// The chart of accounts and the journal's first business day, which an export declares
    /// before it streams the entries page by page ([`Store::journal_page`]).
    async fn ledger_outline(&self, scope: &TenantScope) -> Result<LedgerOutline, StoreError>;
    /// Runs every check of [`crate::CHECK_QUERIES`]; empty when the books are consistent.
    async fn check(&self, scope: &TenantScope) -> Result<Vec<Finding>, StoreError>;

    /// The product a scanner's code names: by barcode, or by the item code of a scale barcode.
    async fn product_by_code(
        &self,
        scope: &TenantScope,
        key: ProductKey<'_>,
    ) -> Result<Option<Product>, StoreError>;
    async fn cashier_session(
        &self,
        scope: &TenantScope,
        id: CashierSessionId,
    ) -> Result<Option<CashierSession>, StoreError>;
    /// The newest 200 sessions (with ids below `before` when given), of one register, only open
    /// ones and only those one user opened when asked.
    async fn cashier_sessions(
        &self,
        scope: &TenantScope,
        register: Option<CashRegisterId>,
        open_only: bool,
        opened_by: Option<&str>,
        before: Option<CashierSessionId>,
    ) -> Result<Vec<CashierSession>, StoreError>;
    /// Every branch's row of the daily sales report for `day` (`YYYYMMDD`).
    async fn daily_sales(
        &self,
        scope: &TenantScope,
        day: i32,
    ) -> Result<Vec<DailySales>, StoreError>;
    /// The posted sales of business day `day` by branch and hour of the shop's time
    /// (`utc_offset_minutes`), the hours without sales left out.
    async fn sales_by_hour(
        &self,
        scope: &TenantScope,
        day: i32,
        utc_offset_minutes: i32,
    ) -> Result<Vec<HourlySales>, StoreError>;
    /// Recomputes the tenant's daily sales report from its postings, in one transaction;
    /// returns the number of (branch, day) rows.
    async fn rebuild_daily_sales(&self, scope: &TenantScope) -> Result<u64, StoreError>;

    /// The posted sales of business days `from..=to` less the returns posted in them, grouped
    /// `by` product, cashier, payment method or month, read from their lines.
    async fn sales_analysis(
        &self,
        scope: &TenantScope,
        by: crate::SalesBy,
        from: i32,
        to: i32,
    ) -> Result<Vec<crate::SalesGroup>, StoreError>;
    /// The sale numbered `number`.
    async fn sale_by_number(
        &self,
        scope: &TenantScope,
        number: &str,
    ) -> Result<Option<SaleId>, StoreError>;
    /// A sale with everything it wrote: entries, stock and cash moves, returns, allocations.
    async fn sale_trace(
        &self,
        scope: &TenantScope,
        sale: SaleId,
    ) -> Result<Option<crate::SaleTrace>, StoreError>;
    /// COGS coverage of the sales and returns of business days `from..=to`.
    async fn cogs_coverage(
        &self,
        scope: &TenantScope,
        from: i32,
        to: i32,
    ) -> Result<crate::CogsCoverage, StoreError>;
    /// Each sale's and return's COGS of business days `from..=to` in the journal, on its lines
    /// and in its stock moves: totals, and the documents that disagree.
    async fn cogs_reconcile(
        &self,
        scope: &TenantScope,
        from: i32,
        to: i32,
    ) -> Result<crate::CogsReconciliation, StoreError>;

    async fn users(&self, scope: &TenantScope) -> Result<Vec<User>, StoreError>;
    async fn user(&self, scope: &TenantScope, id: UserId) -> Result<Option<User>, StoreError>;
    /// Tokens newest first (at most 500), of one user when asked.
    async fn tokens(
        &self,
        scope: &TenantScope,
        user: Option<UserId>,
    ) -> Result<Vec<Token>, StoreError>;
    async fn token(&self, scope: &TenantScope, id: TokenId) -> Result<Option<Token>, StoreError>;
    /// Security events newest first, at most `limit`, with ids below `before` when given.
    async fn security_events(
        &self,
        scope: &TenantScope,
        limit: i64,
        before: Option<i64>,
    ) -> Result<Vec<SecurityEvent>, StoreError>;

    /// The audit trail newest first, at most `limit`, with ids below `before` when given.
    async fn audit_log(
        &self,
        scope: &TenantScope,
        limit: i64,
        before: Option<i64>,
    ) -> Result<Vec<AuditEntry>, StoreError>;
    /// Seals the tenant's unsealed audit rows onto its chain (a batch of them); returns how many.
    async fn seal_audit(&self, scope: &TenantScope) -> Result<u64, StoreError>;
    /// Tenants with audit rows waiting to be sealed.
    async fn unsealed_audit_tenants(&self) -> Result<Vec<TenantScope>, StoreError>;
}

use crate::Warehouse;

/// Opens (creating and migrating as needed) the database at `url`: `sqlite://PATH` (or a bare
/// path) or `postgres://...`.
///
/// # Errors
/// An unsupported URL, or a database that cannot be opened or migrated.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(crate::postgres::connect(url).await?))
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        Ok(Arc::new(crate::sqlite::open(path)?))
    } else if url.contains("://") {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    } else {
        Ok(Arc::new(crate::sqlite::open(url)?))
    }
}
