//! Backups that prove themselves. A backup is one zip file: the store's consistent snapshot of
//! the whole database and a manifest (format, Mizan version, backend, when, the snapshot's size
//! and SHA-256), written beside its final name and moved into place once synced, so a backup
//! file is whole or absent. Restoring checks the checksum and goes only into an empty
//! database; verifying restores into a scratch database and checks every tenant's books there.
//! Each one taken is recorded (`runs`).

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use mizan_store::backup::BackupRun;
use mizan_store::backup::{self, Location};
use mizan_store::{Finding, StoreError};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{AppError, Clock, Grant, Mizan};

mod runs;
pub use runs::{BackupWarning, STALE_MS, warning};

/// What a backup file says it is.
pub const FORMAT: &str = "mizan-backup";
/// The manifest's layout; a newer one is refused.
pub const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";

/// A backup's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub mizan_version: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    pub created_at_ms: i64,
    /// The snapshot's name in the zip (`database.sqlite`, `database.pgdump`).
    pub database_file: String,
    pub database_bytes: u64,
    pub database_sha256: String,
}

/// A verified backup: its manifest, the tenants checked and what the check found.
#[derive(Debug, Clone)]
pub struct Verified {
    pub manifest: Manifest,
    pub tenants: usize,
    /// (tenant id, finding) for every problem found.
    pub findings: Vec<(i64, Finding)>,
    /// Restore and check, in milliseconds (by the clock).
    pub duration_ms: i64,
}

/// Where a verification restores to.
#[derive(Debug, Clone)]
pub enum Scratch {
    /// A temporary file (SQLite backups).
    TempFile,
    /// A scratch database created on the server `url` names and dropped afterwards.
    CreateOn(String),
    /// This empty database, left as restored.
    Url(String),
}

impl Scratch {
    /// Where a `backend` backup of the database at `url` is proved: `asked` when given, else a
    /// temporary file (SQLite) or a scratch database on `url`'s server (PostgreSQL).
    #[must_use]
    pub fn choose(backend: &str, url: &str, asked: Option<String>) -> Self {
        match (asked, backend) {
            (Some(u), _) => Self::Url(u),
            (None, "postgres") => Self::CreateOn(url.to_owned()),
            (None, _) => Self::TempFile,
        }
    }
}

fn bad_file(message: impl Into<String>) -> AppError {
    AppError::Invalid {
        code: "backup_invalid",
        field: "file".to_owned(),
        message: message.into(),
    }
}

fn io(e: impl Into<std::io::Error>) -> AppError {
    AppError::Store(StoreError::Io(e.into()))
}

fn zip_error(e: zip::result::ZipError) -> AppError {
    bad_file(format!("not a Mizan backup: {e}"))
}

/// SHA-256 and length of a file, read once.
fn digest(path: &Path) -> Result<(String, u64), AppError> {
    let mut r = BufReader::new(File::open(path).map_err(io)?);
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = r.read(&mut buf).map_err(io)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((hex::encode(h.finalize()), n))
}

/// Takes a backup of the database at `url` into the new file `out` (blocking: run it off the
/// async workers).
///
/// # Errors
/// `out` exists or cannot be written, or the snapshot fails.
pub fn take(url: &str, out: &Path, now_ms: i64) -> Result<Manifest, AppError> {
    let from = Location::of(url)?;
    if out.exists() {
        return Err(bad_file(format!("{} exists already", out.display())));
    }
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let work = tempfile::tempdir_in(dir).map_err(io)?;
    let name = match from {
        Location::Sqlite(_) => "database.sqlite",
        Location::Postgres(_) => "database.pgdump",
    };
    let snap = work.path().join(name);
    backup::snapshot(&from, &snap)?;
    let (sha, bytes) = digest(&snap)?;
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        mizan_version: env!("CARGO_PKG_VERSION").to_owned(),
        backend: from.backend().to_owned(),
        created_at_ms: now_ms,
        database_file: name.to_owned(),
        database_bytes: bytes,
        database_sha256: sha,
    };
    let part = work.path().join("backup.zip");
    {
        let mut z = zip::ZipWriter::new(File::create(&part).map_err(io)?);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        z.start_file(MANIFEST, stored).map_err(zip_error)?;
        let json = serde_json::to_vec_pretty(&manifest).map_err(io)?;
        z.write_all(&json).map_err(io)?;
        // A pg_dump is compressed already; an SQLite file compresses well.
        let method = if from.backend() == "sqlite" {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes >= u64::from(u32::MAX));
        z.start_file(name, options).map_err(zip_error)?;
        std::io::copy(&mut File::open(&snap).map_err(io)?, &mut z).map_err(io)?;
        z.finish().map_err(zip_error)?.sync_all().map_err(io)?;
    }
    std::fs::rename(&part, out).map_err(io)?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(manifest)
}

/// Reads a backup's manifest, refusing what is not a Mizan backup this version can restore.
///
/// # Errors
/// `backup_invalid`.
pub fn manifest(file: &Path) -> Result<Manifest, AppError> {
    let mut z = zip::ZipArchive::new(File::open(file).map_err(io)?).map_err(zip_error)?;
    let mut m = String::new();
    z.by_name(MANIFEST)
        .map_err(zip_error)?
        .take(1 << 20)
        .read_to_string(&mut m)
        .map_err(io)?;
    let m: Manifest =
        serde_json::from_str(&m).map_err(|e| bad_file(format!("its manifest: {e}")))?;
    if m.format != FORMAT || m.format_version > FORMAT_VERSION {
        return Err(bad_file(format!(
            "a {} version {} file; this Mizan reads {FORMAT} up to version {FORMAT_VERSION}",
            m.format, m.format_version
        )));
    }
    Ok(m)
}

/// The backup's snapshot, unpacked into `dir` and checked against its manifest.
fn unpack(file: &Path, dir: &Path) -> Result<(Manifest, PathBuf), AppError> {
    let m = manifest(file)?;
    let mut z = zip::ZipArchive::new(File::open(file).map_err(io)?).map_err(zip_error)?;
    let path = dir.join("snapshot");
    {
        let mut entry = z.by_name(&m.database_file).map_err(zip_error)?;
        let mut out = File::create(&path).map_err(io)?;
        std::io::copy(&mut entry, &mut out).map_err(|e| bad_file(format!("unpacking: {e}")))?;
        out.sync_all().map_err(io)?;
    }
    let (sha, bytes) = digest(&path)?;
    if sha != m.database_sha256 || bytes != m.database_bytes {
        return Err(bad_file(format!(
            "the snapshot is damaged: {bytes} bytes with SHA-256 {sha}, the manifest says {} \
             bytes with {}",
            m.database_bytes, m.database_sha256
        )));
    }
    Ok((m, path))
}

/// Restores the backup `file` into the empty database at `url` (blocking).
///
/// # Errors
/// `backup_invalid` for a damaged or foreign file; a target that is not empty, or of the other
/// backend.
pub fn restore(file: &Path, url: &str) -> Result<Manifest, AppError> {
    let into = Location::of(url)?;
    let work = tempfile::tempdir().map_err(io)?;
    let (m, snap) = unpack(file, work.path())?;
    backup::restore(&snap, &m.backend, &into)?;
    Ok(m)
}

/// Proves a backup: restores it into `scratch`, opens it (migrating it to this version) and
/// checks every tenant's books there.
///
/// # Errors
/// As [`restore`], or a scratch database that cannot be created.
pub async fn verify(
    file: &Path,
    scratch: Scratch,
    clock: Arc<dyn Clock>,
) -> Result<Verified, AppError> {
    let started = clock.now_ms();
    let file = file.to_owned();
    let m = {
        let f = file.clone();
        blocking(move || manifest(&f)).await?
    };
    let dir = tempfile::tempdir().map_err(io)?;
    let (url, drop_after) = match scratch {
        Scratch::Url(url) => (url, None),
        Scratch::TempFile => (
            format!("sqlite://{}", dir.path().join("verify.db").display()),
            None,
        ),
        Scratch::CreateOn(server) => {
            let name = format!("mizan_verify_{}_{}", std::process::id(), clock.now_ms());
            let (s, n) = (server.clone(), name.clone());
            blocking(move || Ok(backup::scratch_database(&s, &n, true)?)).await?;
            (database_url(&server, &name), Some((server, name)))
        }
    };
    let result = async {
        let (f, u) = (file.clone(), url.clone());
        blocking(move || restore(&f, &u)).await?;
        let store = mizan_store::open(&url).await?;
        let app = Mizan::new(store, Arc::clone(&clock));
        let tenants = app.store().operator_tenants().await?;
        let mut findings = Vec::new();
        for (scope, t) in &tenants {
            for f in app.check(&Grant::operator(*scope)).await? {
                findings.push((t.id.0, f));
            }
        }
        Ok::<_, AppError>((tenants.len(), findings))
    }
    .await;
    if let Some((server, name)) = drop_after {
        // Dropped whatever the check said; a failure to drop is the verification's failure.
        blocking(move || Ok(backup::scratch_database(&server, &name, false)?)).await?;
    }
    let (tenants, findings) = result?;
    Ok(Verified {
        manifest: m,
        tenants,
        findings,
        duration_ms: clock.now_ms() - started,
    })
}

/// The URL of database `name` on the server `url` names.
fn database_url(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let head = match base.rfind('/') {
        Some(i) if i > base.find("://").map_or(0, |s| s + 2) => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{head}/{name}?{q}"),
        None => format!("{head}/{name}"),
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| io(std::io::Error::other(e.to_string())))?
}

#[cfg(test)]
mod tests {
    use super::database_url;

    #[test]
    fn a_scratch_database_sits_on_the_same_server() {
        assert_eq!(
            database_url("postgres://u:p@h:5432/mizan?sslmode=disable", "s1"),
            "postgres://u:p@h:5432/s1?sslmode=disable"
        );
        assert_eq!(
            database_url("postgres://u@h/mizan", "s1"),
            "postgres://u@h/s1"
        );
        assert_eq!(database_url("postgres://h", "s1"), "postgres://h/s1");
    }
}
