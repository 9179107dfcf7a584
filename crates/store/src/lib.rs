//! Mizan's persistence: the `Store` trait every backend implements, the records it returns, and
//! two backends — embedded SQLite (rusqlite, one group-committing writer thread) and PostgreSQL
//! (sqlx). Only this crate touches SQL. Both backends pass one contract suite (`tests/`).

mod check;
mod command;
mod daily;
mod denominations;
mod error;
mod model;
mod payment_columns;
pub mod postgres;
mod scale_layouts;
mod scope;
mod sessions_sql;
pub mod sqlite;
mod store;

pub use check::{CHECK_QUERIES, Finding};
pub use command::{
    Command, Idempotency, NewProduct, ProductChanges, ResourceKind, SettingsChanges, Written,
};
pub use error::{StoreError, WriteError};
pub use model::*;
pub use scope::TenantScope;
pub use store::{Store, open};
