//! Consistent snapshots of a live database, and restoring one into an empty database. SQLite:
//! `VACUUM INTO` from a read-only connection of its own (a transactionally consistent copy
//! while writers go on; never a copy of the live file). PostgreSQL: `pg_dump` in its custom
//! format (one snapshot of the whole database), restored by `pg_restore` in one transaction.
//! Backend-specific by nature: the rest of a backup (its manifest, checksum, verification) is
//! the app's.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::StoreError;
use crate::tx::Tx;

/// The database a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    /// The URL as `libpq` takes it (without Mizan's own parameters).
    Postgres(String),
}

impl Location {
    /// # Errors
    /// `UnsupportedUrl`.
    pub fn of(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres(crate::postgres::libpq_url(url)))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            Ok(Self::Sqlite(PathBuf::from(path)))
        } else if url.contains("://") {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        } else {
            Ok(Self::Sqlite(PathBuf::from(url)))
        }
    }

    /// `sqlite` or `postgres`.
    #[must_use]
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

fn failed(what: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Backup(format!("{what}: {detail}"))
}

/// Runs a PostgreSQL client tool; its error output is the failure's message.
fn tool(program: &str, args: &[&str]) -> Result<(), StoreError> {
    let out = Command::new(program).args(args).output().map_err(|e| {
        failed(
            program,
            format!("{e} (is the PostgreSQL client installed?)"),
        )
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(failed(
            program,
            String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        ))
    }
}

/// Writes a consistent snapshot of the database at `from` to the new file `to`.
///
/// # Errors
/// The database cannot be read, `to` cannot be written, or `pg_dump` fails.
pub fn snapshot(from: &Location, to: &Path) -> Result<(), StoreError> {
    match from {
        Location::Sqlite(path) => {
            if !path.is_file() {
                return Err(failed(
                    "snapshot",
                    format!("no database at {}", path.display()),
                ));
            }
            let conn = rusqlite::Connection::open_with_flags(
                path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                    | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.busy_timeout(std::time::Duration::from_secs(30))?;
            let to = to
                .to_str()
                .ok_or_else(|| failed("snapshot", "a path that is not UTF-8"))?;
            conn.execute("VACUUM INTO ?1", [to])?;
            Ok(())
        }
        Location::Postgres(url) => {
            let to = to
                .to_str()
                .ok_or_else(|| failed("snapshot", "a path that is not UTF-8"))?;
            tool(
                "pg_dump",
                &[
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    to,
                    "--dbname",
                    url,
                ],
            )
        }
    }
}

/// Restores the snapshot `file` (of `backend`) into the empty database at `into`, which it
/// must match; a newer Mizan migrates it when it next opens it.
///
/// # Errors
/// A target that is not empty (or of another backend), or a failing copy or `pg_restore`.
pub fn restore(file: &Path, backend: &str, into: &Location) -> Result<(), StoreError> {
    if backend != into.backend() {
        return Err(failed(
            "restore",
            format!(
                "a {backend} backup cannot go into a {} database",
                into.backend()
            ),
        ));
    }
    match into {
        Location::Sqlite(path) => {
            if path.metadata().is_ok_and(|m| m.len() > 0) {
                return Err(failed(
                    "restore",
                    format!("{} exists: restore into a new file", path.display()),
                ));
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            // Copied beside the target, synced, then moved into place: never half a database.
            let part = path.with_extension("restoring");
            std::fs::copy(file, &part)?;
            std::fs::File::open(&part)?.sync_all()?;
            std::fs::rename(&part, path)?;
            Ok(())
        }
        Location::Postgres(url) => {
            let mut c = crate::postgres::connect_once(url)?;
            let tx: &mut dyn Tx = &mut c;
            let tables = tx.one(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM information_schema.tables
                 WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
                &[],
                |r| r.i64(0),
            )?;
            drop(c);
            if tables > 0 {
                return Err(failed(
                    "restore",
                    format!("the target database has {tables} tables: restore into an empty one"),
                ));
            }
            let file = file
                .to_str()
                .ok_or_else(|| failed("restore", "a path that is not UTF-8"))?;
            tool(
                "pg_restore",
                &[
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    url,
                    file,
                ],
            )
        }
    }
}

/// Creates (`create`) or drops a scratch PostgreSQL database `name` on the server `url` names.
///
/// # Errors
/// The server refuses (the role may not create databases).
pub fn scratch_database(url: &str, name: &str, create: bool) -> Result<(), StoreError> {
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(failed(
            "scratch database",
            "a name of letters, digits and _",
        ));
    }
    let mut c = crate::postgres::connect_once(url)?;
    if create {
        c.batch(&format!("CREATE DATABASE {name}"))
    } else {
        c.batch(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    }
}

/// One backup as it went.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackupRun {
    pub id: i64,
    pub started_at_ms: i64,
    pub finished_at_ms: i64,
    pub file: String,
    pub bytes: Option<i64>,
    pub sha256: Option<String>,
    /// Written whole (and, when `verified`, restored with clean books).
    pub ok: bool,
    pub verified: bool,
    pub tenants: Option<i64>,
    /// Problems the verification's check found.
    pub findings: Option<i64>,
    /// Why it failed.
    pub error: Option<String>,
}

pub(crate) fn record(tx: &mut dyn Tx, r: &BackupRun) -> Result<i64, StoreError> {
    tx.insert_id(
        "INSERT INTO backup_runs (started_at_ms, finished_at_ms, file, bytes, sha256, ok,
             verified, tenants, findings, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        crate::tx::args![
            started_at_ms = r.started_at_ms,
            finished_at_ms = r.finished_at_ms,
            file = r.file.as_str(),
            bytes = r.bytes,
            sha256 = r.sha256.as_deref(),
            ok = r.ok,
            verified = r.verified,
            tenants = r.tenants,
            findings = r.findings,
            error = r.error.as_deref(),
        ],
    )
}

pub(crate) fn runs(tx: &mut dyn Tx, limit: i64) -> Result<Vec<BackupRun>, StoreError> {
    tx.rows(
        "SELECT id, started_at_ms, finished_at_ms, file, bytes, sha256, ok, verified, tenants,
             findings, error
         FROM backup_runs ORDER BY id DESC LIMIT $1",
        crate::tx::args![limit],
        |r| {
            Ok(BackupRun {
                id: r.i64(0)?,
                started_at_ms: r.i64(1)?,
                finished_at_ms: r.i64(2)?,
                file: r.text(3)?,
                bytes: r.opt_i64(4)?,
                sha256: r.opt_text(5)?,
                ok: r.bool(6)?,
                verified: r.bool(7)?,
                tenants: r.opt_i64(8)?,
                findings: r.opt_i64(9)?,
                error: r.opt_text(10)?,
            })
        },
    )
}
