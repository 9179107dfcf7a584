//! `mizan backup`, `mizan backup verify` and `mizan restore`: the operator's side of the app's
//! backups — a consistent, checksummed backup file of a running Mizan, proved by restoring it
//! into a scratch database and checking the books there, and restored into an empty database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use mizan_app::backup::{self, Manifest, Scratch, Verified};
use mizan_app::{Clock, SystemClock};

/// `mizan backup`'s options.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BackupArgs {
    #[command(subcommand)]
    pub cmd: Option<BackupCmd>,
    /// The backup file to write (default: ./mizan-backups/mizan-backup-YYYYMMDD-HHMMSS.zip).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Prove the backup at once: restore it into a scratch database and check the books.
    #[arg(long)]
    pub verify: bool,
    /// Where a PostgreSQL backup is verified: an empty database (default: a scratch database
    /// created, and dropped afterwards, on the server of --database-url).
    #[arg(long, env = "MIZAN_BACKUP_SCRATCH_URL")]
    pub scratch_url: Option<String>,
}

#[derive(Subcommand)]
pub enum BackupCmd {
    /// Restore a backup into a scratch database and check every tenant's books there.
    Verify {
        file: PathBuf,
        /// An empty database to verify in (default: as for `mizan backup --verify`).
        #[arg(long, env = "MIZAN_BACKUP_SCRATCH_URL")]
        scratch_url: Option<String>,
    },
}

fn print_manifest(file: &Path, m: &Manifest) {
    println!(
        "backup {}: {} database, {} bytes, sha256 {}, Mizan {}, taken {}",
        file.display(),
        m.backend,
        m.database_bytes,
        m.database_sha256,
        m.mizan_version,
        mizan_domain::calendar::rfc3339(m.created_at_ms)
    );
}

fn scratch(url: &str, backend: &str, asked: Option<String>) -> Scratch {
    match (asked, backend) {
        (Some(u), _) => Scratch::Url(u),
        (None, "postgres") => Scratch::CreateOn(url.to_owned()),
        (None, _) => Scratch::TempFile,
    }
}

fn report(v: &Verified) -> ExitCode {
    if v.findings.is_empty() {
        println!(
            "verified: restored and checked {} tenant(s) in {} ms: books consistent",
            v.tenants, v.duration_ms
        );
        ExitCode::SUCCESS
    } else {
        println!("verification FAILED: {} problem(s)", v.findings.len());
        for (tenant, f) in &v.findings {
            println!(
                "  tenant {tenant}: {}: {} expected {} got {}",
                f.check, f.subject, f.expected, f.actual
            );
        }
        ExitCode::FAILURE
    }
}

async fn verify(file: &Path, url: &str, asked: Option<String>) -> Result<ExitCode> {
    let f = file.to_owned();
    let m = tokio::task::spawn_blocking(move || backup::manifest(&f)).await??;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let v = backup::verify(file, scratch(url, &m.backend, asked), clock)
        .await
        .with_context(|| format!("verifying {}", file.display()))?;
    Ok(report(&v))
}

/// `mizan backup [...]`.
pub async fn run(url: &str, args: BackupArgs) -> Result<ExitCode> {
    if let Some(BackupCmd::Verify { file, scratch_url }) = args.cmd {
        return verify(&file, url, scratch_url).await;
    }
    let now = SystemClock.now_ms();
    let out = args.output.unwrap_or_else(|| {
        let t = mizan_domain::calendar::rfc3339(now);
        let stamp: String = t[..19].chars().filter(char::is_ascii_digit).collect();
        PathBuf::from("mizan-backups").join(format!(
            "mizan-backup-{}-{}.zip",
            &stamp[..8],
            &stamp[8..]
        ))
    });
    let (u, o) = (url.to_owned(), out.clone());
    let m = tokio::task::spawn_blocking(move || backup::take(&u, &o, now))
        .await?
        .with_context(|| format!("backing up {}", crate::redact(url)))?;
    print_manifest(&out, &m);
    if args.verify {
        return verify(&out, url, args.scratch_url).await;
    }
    Ok(ExitCode::SUCCESS)
}

/// `mizan restore FILE`: into the empty database at `url`.
pub async fn restore(url: &str, file: &Path) -> Result<ExitCode> {
    let (u, f) = (url.to_owned(), file.to_owned());
    let m = tokio::task::spawn_blocking(move || backup::restore(&f, &u))
        .await?
        .with_context(|| format!("restoring {} into {}", file.display(), crate::redact(url)))?;
    // Opening migrates a backup of an older Mizan to this one.
    mizan_store::open(url).await?;
    print_manifest(file, &m);
    println!("restored into {}", crate::redact(url));
    Ok(ExitCode::SUCCESS)
}
