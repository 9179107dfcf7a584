//! The embedded SQLite backend: connecting (WAL, `synchronous=FULL`, foreign keys on),
//! migrations, one writer thread that group-commits (`writer`), and a small pool of read-only
//! connections used from `spawn_blocking`.

pub(crate) mod tx;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use rusqlite::Connection;

use crate::db::{Alone, Db, Engine, ReadJob, Reply, WriteJob};
use crate::{StoreError, WriteError};
use writer::Writer;

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_posting_core.sql"),
    include_str!("../../migrations/sqlite/0002_point_of_sale.sql"),
    include_str!("../../migrations/sqlite/0003_staff.sql"),
    include_str!("../../migrations/sqlite/0004_audit.sql"),
    include_str!("../../migrations/sqlite/0005_devices.sql"),
    include_str!("../../migrations/sqlite/0006_returns.sql"),
    include_str!("../../migrations/sqlite/0007_purchases.sql"),
    include_str!("../../migrations/sqlite/0008_customer_payments.sql"),
    include_str!("../../migrations/sqlite/0009_stock_moves.sql"),
    include_str!("../../migrations/sqlite/0010_journal.sql"),
    include_str!("../../migrations/sqlite/0011_account_days.sql"),
    include_str!("../../migrations/sqlite/0012_local_time.sql"),
    include_str!("../../migrations/sqlite/0013_sales_reports.sql"),
    include_str!("../../migrations/sqlite/0014_chart_of_accounts.sql"),
    include_str!("../../migrations/sqlite/0015_document_lists.sql"),
    include_str!("../../migrations/sqlite/0016_cafe.sql"),
    include_str!("../../migrations/sqlite/0017_cafe_setup.sql"),
    include_str!("../../migrations/sqlite/0018_backup_runs.sql"),
    include_str!("../../migrations/sqlite/0019_workshop.sql"),
];

/// Most idle read connections kept.
const MAX_IDLE_READERS: usize = 16;

struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl ReadPool {
    fn run(&self, job: ReadJob) -> Result<Reply, StoreError> {
        let conn = self.idle.lock().ok().and_then(|mut v| v.pop());
        let conn = match conn {
            Some(c) => c,
            None => connect(&self.path, true)?,
        };
        let out = job(&mut tx::SqliteTx::new(&conn));
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < MAX_IDLE_READERS
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
    unicode_lower(&conn)?;
    conn.set_prepared_statement_cache_capacity(128);
    Ok(conn)
}

/// SQLite's own `LOWER` folds ASCII only, so a search for `ткань` would miss `Ткань` (as
/// PostgreSQL's does not): `LOWER` here folds every script, as Rust does. No index is built
/// on `LOWER`, so its results may change with the Unicode tables without harm.
fn unicode_lower(conn: &Connection) -> Result<(), StoreError> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "lower",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Text(t) => {
                    Some(String::from_utf8_lossy(t).to_lowercase())
                }
                _ => None,
            })
        },
    )?;
    Ok(())
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

/// The SQLite engine.
struct Sqlite {
    writer: Writer,
    readers: Arc<ReadPool>,
}

/// Opens (creating if needed) and migrates the database file at `path`.
///
/// # Errors
/// The file cannot be created or opened, or a migration fails.
pub fn open(path: impl AsRef<Path>) -> Result<Db, StoreError> {
    let path = path.as_ref().to_path_buf();
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    let mut conn = connect(&path, false)?;
    migrate(&mut conn)?;
    Ok(Db::new(Box::new(Sqlite {
        writer: Writer::spawn(conn)?,
        readers: Arc::new(ReadPool {
            path,
            idle: Mutex::new(Vec::new()),
        }),
    })))
}

#[async_trait]
impl Engine for Sqlite {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn read(&self, job: ReadJob) -> Result<Reply, StoreError> {
        let pool = Arc::clone(&self.readers);
        crate::db::blocking("read", move || pool.run(job)).await
    }

    async fn write(
        &self,
        _tenant: Option<i64>,
        alone: Alone,
        job: WriteJob,
    ) -> Result<Reply, WriteError> {
        self.writer.submit(alone, job).await
    }
}
