//! The PostgreSQL backend (`tokio-postgres`, used synchronously on dedicated threads — never on
//! a tokio worker): connecting, migrations, reads on blocking threads from a small pool of
//! connections, and a pool of writer threads that batch each tenant's writes (`writer`).
//!
//! Behind pgBouncer in transaction pooling mode nothing outlives a transaction: settings are
//! `SET LOCAL`, and prepared statements are kept per connection, which pgBouncer ≥ 1.21
//! supports (`max_prepared_statements`); for an older pgBouncer add `statement_cache=none`
//! to the URL and statements are prepared anew in each transaction.

pub(crate) mod tx;
mod writer;

use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;

use crate::db::{Alone, Db, Engine, ReadJob, Reply, WriteJob};
use crate::{StoreError, WriteError};
use tx::PgConn;

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
    (
        3,
        include_str!("../../migrations/postgres/0003_hot_table_keys.sql"),
    ),
    (
        4,
        include_str!("../../migrations/postgres/0004_ids_taken_before_insert.sql"),
    ),
    (5, include_str!("../../migrations/postgres/0005_staff.sql")),
    (6, include_str!("../../migrations/postgres/0006_audit.sql")),
    (
        7,
        include_str!("../../migrations/postgres/0007_devices.sql"),
    ),
    (
        8,
        include_str!("../../migrations/postgres/0008_returns.sql"),
    ),
    (
        9,
        include_str!("../../migrations/postgres/0009_purchases.sql"),
    ),
    (
        10,
        include_str!("../../migrations/postgres/0010_customer_payments.sql"),
    ),
    (
        11,
        include_str!("../../migrations/postgres/0011_stock_moves.sql"),
    ),
    (
        12,
        include_str!("../../migrations/postgres/0012_journal.sql"),
    ),
    (
        13,
        include_str!("../../migrations/postgres/0013_account_days.sql"),
    ),
    (
        14,
        include_str!("../../migrations/postgres/0014_local_time.sql"),
    ),
    (
        15,
        include_str!("../../migrations/postgres/0015_sales_reports.sql"),
    ),
    (
        16,
        include_str!("../../migrations/postgres/0016_chart_of_accounts.sql"),
    ),
    (
        17,
        include_str!("../../migrations/postgres/0017_document_lists.sql"),
    ),
    (18, include_str!("../../migrations/postgres/0018_cafe.sql")),
    (
        19,
        include_str!("../../migrations/postgres/0019_cafe_setup.sql"),
    ),
    (
        20,
        include_str!("../../migrations/postgres/0020_backup_runs.sql"),
    ),
    (
        21,
        include_str!("../../migrations/postgres/0021_workshop.sql"),
    ),
];

/// Key of the advisory lock that serialises migrations across processes.
const MIGRATION_LOCK: i64 = 0x4d49_5a41_4e00_0001;

/// Most idle read connections kept.
const MAX_IDLE_READERS: usize = 16;

/// Every statement here is prepared once and run many times with different ids; re-planning
/// each execution (the default custom plans) cost half the CPU of a posting, so plans are
/// generic. `SET LOCAL`, so that nothing outlives the transaction (pgBouncer).
const GENERIC_PLANS: &str = "SET LOCAL plan_cache_mode = force_generic_plan";

/// How to reach the database.
#[derive(Clone)]
pub(crate) struct Target {
    config: tokio_postgres::Config,
    /// No named prepared statements (pgBouncer < 1.21).
    unnamed: bool,
}

impl Target {
    fn parse(url: &str) -> Result<Self, StoreError> {
        let (url, unnamed) = strip_statement_cache(url);
        let mut config = tokio_postgres::Config::from_str(&url)?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        Ok(Self { config, unnamed })
    }

    pub(crate) fn connect(&self) -> Result<PgConn, StoreError> {
        PgConn::connect(&self.config, self.unnamed)
    }
}

/// One connection to `url`, for an operator's task (a restore's check, a scratch database).
///
/// # Errors
/// A malformed URL, or a database that cannot be reached.
pub(crate) fn connect_once(url: &str) -> Result<PgConn, StoreError> {
    Target::parse(url)?.connect()
}

/// `url` as `libpq` (and its tools) take it: without Mizan's own parameters.
pub(crate) fn libpq_url(url: &str) -> String {
    strip_statement_cache(url).0
}

/// `url` without Mizan's own `statement_cache` parameter, and whether it asked for `none`.
fn strip_statement_cache(url: &str) -> (String, bool) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), false);
    };
    let mut unnamed = false;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.split_once('=') {
            Some(("statement_cache", v)) => {
                unnamed = v == "none";
                false
            }
            _ => true,
        })
        .collect();
    if rest.is_empty() {
        (base.to_owned(), unnamed)
    } else {
        (format!("{base}?{}", rest.join("&")), unnamed)
    }
}

fn migrate(conn: &mut PgConn) -> Result<(), StoreError> {
    conn.batch(&format!(
        "BEGIN; SELECT pg_advisory_xact_lock({MIGRATION_LOCK});
         SET LOCAL client_min_messages = warning;
         CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)"
    ))?;
    let tx: &mut dyn crate::tx::Tx = conn;
    let applied = tx.rows("SELECT version FROM schema_migrations", &[], |r| r.i64(0))?;
    for (version, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        conn.batch(sql)?;
        conn.batch(&format!(
            "INSERT INTO schema_migrations (version) VALUES ({version})"
        ))?;
    }
    conn.finish("COMMIT")
}

struct ReadPool {
    target: Target,
    idle: Mutex<Vec<PgConn>>,
}

impl ReadPool {
    /// Runs `job` in a read-only transaction that sees one snapshot.
    fn run(&self, job: ReadJob) -> Result<Reply, StoreError> {
        let conn = self.idle.lock().ok().and_then(|mut v| v.pop());
        let mut conn = match conn {
            Some(c) => c,
            None => self.target.connect()?,
        };
        conn.batch_later(&format!(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; {GENERIC_PLANS}"
        ));
        let out = job(&mut conn);
        if out.is_err() {
            conn.discard();
        }
        let end = conn.finish(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
        if end.is_ok()
            && !conn.is_closed()
            && let Ok(mut idle) = self.idle.lock()
            && idle.len() < MAX_IDLE_READERS
        {
            idle.push(conn);
        }
        let out = out?;
        end?;
        Ok(out)
    }
}

impl Drop for ReadPool {
    /// A client closes by blocking on its own runtime, which a tokio worker (where the last
    /// handle to a store may well be dropped) must not do: the idle connections close on a
    /// thread of their own.
    fn drop(&mut self) {
        let idle = self.idle.get_mut().map(std::mem::take).unwrap_or_default();
        if !idle.is_empty() {
            let _ = std::thread::Builder::new()
                .name("mizan-pg-close".into())
                .spawn(move || drop(idle));
        }
    }
}

/// The PostgreSQL engine.
struct Postgres {
    readers: Arc<ReadPool>,
    writers: writer::Writers,
}

/// Connects to `url` and applies any migration the database lacks.
///
/// # Errors
/// The database cannot be reached, or a migration fails.
pub async fn connect(url: &str) -> Result<Db, StoreError> {
    let target = Target::parse(url)?;
    let t = target.clone();
    crate::db::blocking("migration", move || migrate(&mut t.connect()?)).await?;
    Ok(Db::new(Box::new(Postgres {
        writers: writer::Writers::spawn(&target)?,
        readers: Arc::new(ReadPool {
            target,
            idle: Mutex::new(Vec::new()),
        }),
    })))
}

#[async_trait]
impl Engine for Postgres {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn read(&self, job: ReadJob) -> Result<Reply, StoreError> {
        let pool = Arc::clone(&self.readers);
        crate::db::blocking("read", move || pool.run(job)).await
    }

    async fn write(
        &self,
        tenant: Option<i64>,
        alone: Alone,
        job: WriteJob,
    ) -> Result<Reply, WriteError> {
        self.writers.submit(tenant, alone, job).await
    }
}

#[cfg(test)]
mod tests {
    use super::strip_statement_cache;

    #[test]
    fn the_statement_cache_parameter_is_mizans_own() {
        assert_eq!(
            strip_statement_cache("postgres://u@h/db?statement_cache=none"),
            ("postgres://u@h/db".to_owned(), true)
        );
        assert_eq!(
            strip_statement_cache("postgres://u@h/db?sslmode=disable&statement_cache=connection"),
            ("postgres://u@h/db?sslmode=disable".to_owned(), false)
        );
        assert_eq!(
            strip_statement_cache("postgres://u@h/db"),
            ("postgres://u@h/db".to_owned(), false)
        );
    }
}
