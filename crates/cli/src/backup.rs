//! `mizan backup`, `mizan backup verify` and `mizan restore`: the operator's side of the app's
//! backups — a consistent, checksummed backup file of a running Mizan, proved by restoring it
//! into a scratch database and checking the books there, and restored into an empty database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use mizan_app::backup::{self, BackupRun, Manifest, Scratch, Verified};
use mizan_app::backup_plan::file_name;
use mizan_app::{Clock, Mizan, SystemClock};

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
    /// The latest backups and how they went; exits 1 when the latest failed or is over 26 hours
    /// old.
    Status {
        #[arg(long)]
        json: bool,
    },
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
    let v = backup::verify(file, Scratch::choose(&m.backend, url, asked), clock)
        .await
        .with_context(|| format!("verifying {}", file.display()))?;
    Ok(report(&v))
}

/// `mizan backup [...]`: takes (and with `--verify` proves) a backup and records how it went.
pub async fn run(url: &str, args: BackupArgs) -> Result<ExitCode> {
    match args.cmd {
        // Verifying reads only the file: the database is not opened (nor created).
        Some(BackupCmd::Verify { file, scratch_url }) => {
            return verify(&file, url, scratch_url).await;
        }
        Some(BackupCmd::Status { json }) => return status(&crate::open(url).await?, json).await,
        None => {}
    }
    let app = crate::open(url).await?;
    let out = args
        .output
        .unwrap_or_else(|| PathBuf::from("mizan-backups").join(file_name(SystemClock.now_ms())));
    let backend = mizan_store::backup::Location::of(url)?.backend();
    let scratch = args
        .verify
        .then(|| Scratch::choose(backend, url, args.scratch_url));
    let run = app.back_up(url, &out, scratch).await?;
    print_run(&run);
    Ok(if run.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_run(r: &BackupRun) {
    let when = mizan_domain::calendar::rfc3339(r.started_at_ms);
    let took = r.finished_at_ms - r.started_at_ms;
    match (&r.error, r.ok) {
        (Some(e), _) => println!("{when} {}: FAILED after {took} ms: {e}", r.file),
        (None, true) => println!(
            "{when} {}: {} bytes, sha256 {}, {}{took} ms",
            r.file,
            r.bytes.unwrap_or(0),
            r.sha256.as_deref().unwrap_or(""),
            if r.verified {
                format!(
                    "verified: {} tenant(s), books consistent, ",
                    r.tenants.unwrap_or(0)
                )
            } else {
                "not verified, ".to_owned()
            },
        ),
        (None, false) => println!("{when} {}: FAILED", r.file),
    }
}

/// `mizan backup status`: the latest backups; exits 1 when the latest failed or none was
/// taken in the last 26 hours.
async fn status(app: &Arc<Mizan>, json: bool) -> Result<ExitCode> {
    let runs = app.backup_runs(20).await?;
    let fresh = !runs.is_empty() && backup::warning(&runs, SystemClock.now_ms()).is_none();
    if json {
        println!("{}", serde_json::json!({ "ok": fresh, "runs": runs }));
    } else {
        if runs.is_empty() {
            println!("no backup has been taken");
        }
        for r in &runs {
            print_run(r);
        }
        if !fresh && !runs.is_empty() {
            println!("WARNING: the latest backup failed or is older than 26 hours");
        }
    }
    Ok(if fresh {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
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
