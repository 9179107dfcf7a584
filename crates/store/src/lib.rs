//! Mizan's persistence: the `Store` trait, the records it returns, and its one implementation
//! (`db`): every read and write written once over a small synchronous transaction surface
//! (`tx`), laid out by aggregate (`tenants`, `staff`, `catalog`, `stock`, `ledger`, `sales`,
//! `sessions`, `daily`, `returns`, `purchases`, `payments`, `cafe`, `workshop`), and run by one
//! of two backends — embedded SQLite (`sqlite`: one group-committing writer thread) or
//! PostgreSQL (`postgres`: writer threads batching each tenant's writes).
//! Only this crate touches SQL. Both backends pass one contract suite (`tests/`).

mod audit;
pub mod backup;
mod cache;
mod cafe;
mod catalog;
mod command;
mod daily;
mod db;
mod error;
mod ledger;
mod model;
mod payments;
mod pending;
pub mod postgres;
mod purchases;
mod returns;
mod sales;
mod scope;
mod sessions;
pub mod sqlite;
mod staff;
mod stock;
mod store;
mod tenants;
mod tx;
mod workshop;
mod write;

pub use audit::{AuditEntry, Author};
pub use cafe::report::{CafeFigures, ItemFigures, StationFigures};
pub use cafe::{
    BillCharge, BillHead, BillLink, BillPayment, BillRecord, CafeOrder, FloorPlace, NewPlace,
    OrderTarget, Place, PlaceChanges, PlaceKind, PlayAction, PlayEvent, PlaySession, SplitPart,
    TabMethod,
};
pub use command::{
    Command, Idempotency, NewProduct, ProductChanges, ResourceKind, SettingsChanges, Written,
};
pub use db::Db;
pub use error::{Outage, StoreError, WriteError};
pub use ledger::check::{CHECK_QUERIES, Finding};
pub use ledger::documents::{DocumentMoves, DocumentQuery};
pub use model::*;
pub use payments::statements::{AgingRow, StatementLine};
pub use payments::{CustomerPaymentRecord, SupplierPaymentRecord};
pub use purchases::{Purchase, PurchaseItem, PurchaseReturn, PurchaseReturnItem, Supplier};
pub use returns::{SaleReturn, SaleReturnLine};
pub use sales::analysis::{SalesBy, SalesGroup};
pub use sales::cogs::{CogsCoverage, CogsDocument, CogsReconciliation, MAX_DIFFERING, MAX_MISSING};
pub use sales::trace::{
    SaleTrace, TraceAllocation, TraceEntry, TraceEntryLine, TraceProduct, TraceStockMove,
};
pub use scope::TenantScope;
pub use staff::{
    Device, FailedSignIn, NewDevice, NewToken, NewUser, SecurityEvent, SignInRecord, Token,
    TokenKind, TokenOwner, User, UserChanges,
};
pub use stock::moves::{StockDocument, StockDocumentLine};
pub use store::{Store, open};
pub use workshop::read::RollFilter;
pub use workshop::{
    CuttingItem, CuttingOrder, FabricRoll, Installation, InstallationArchive, InstallationEvent,
    InstallationFilter, InstallationMove, InstallationTeam, MAX_CUTTING_ITEMS, NewCuttingItem,
    NewCuttingOrder, NewInstallation, RollCutRecord, Shortage,
};
