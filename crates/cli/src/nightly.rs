//! The server's nightly backup: at a local time of day (the shop's: the first tenant's offset
//! from UTC) it takes a backup into the backup directory, proves it in a scratch database,
//! records how it went (`mizan backup status`), and lets go of the backups retention does not
//! keep. A failure is logged and recorded; the server serves on either way.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Result;
use clap::Args;
use mizan_app::Mizan;
use mizan_app::backup::Scratch;
use mizan_app::backup_plan::{Retention, file_name, next_run_ms, to_delete};

/// `mizan serve`'s nightly backup options.
#[derive(Args, Clone)]
pub struct NightlyArgs {
    /// Take a nightly backup into this directory (none when unset).
    #[arg(long, env = "MIZAN_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,
    /// When, `HH:MM` in the shop's time.
    #[arg(long, env = "MIZAN_BACKUP_AT", default_value = "02:30")]
    pub backup_at: String,
    /// Keep the newest backup of each of this many latest days.
    #[arg(long, env = "MIZAN_BACKUP_KEEP_DAILY", default_value_t = 7)]
    pub keep_daily: usize,
    /// Keep the newest backup of each of this many latest months.
    #[arg(long, env = "MIZAN_BACKUP_KEEP_MONTHLY", default_value_t = 12)]
    pub keep_monthly: usize,
    /// Where a PostgreSQL backup is proved (default: a scratch database on the same server).
    #[arg(long, env = "MIZAN_BACKUP_SCRATCH_URL")]
    pub scratch_url: Option<String>,
}

fn minute_of_day(text: &str) -> Result<i64> {
    mizan_domain::cafe::hours::parse_clock(text)
        .filter(|m| *m < 1440)
        .ok_or_else(|| anyhow::anyhow!("--backup-at {text:?}: a time of day as HH:MM"))
}

/// Starts the nightly backup when a directory is set; refuses a malformed time at once.
///
/// # Errors
/// `--backup-at` is not a time of day.
pub fn spawn(app: &Arc<Mizan>, url: &str, args: NightlyArgs) -> Result<Option<String>> {
    let Some(dir) = args.backup_dir.clone() else {
        return Ok(None);
    };
    let at = minute_of_day(&args.backup_at)?;
    let (app, url) = (Arc::clone(app), url.to_owned());
    let said = format!(
        "{} daily at {} (shop time), keeping {} daily and {} monthly",
        dir.display(),
        args.backup_at,
        args.keep_daily,
        args.keep_monthly
    );
    tokio::spawn(async move {
        loop {
            let offset = shop_offset(&app).await;
            let now = app.now_ms();
            let wait = u64::try_from(next_run_ms(now, at, offset) - now).unwrap_or(0);
            // Waiting for a time of day is the one wait here that has nothing else to wait on.
            #[allow(clippy::disallowed_methods)]
            tokio::time::sleep(Duration::from_millis(wait)).await;
            once(&app, &url, &dir, &args, offset).await;
        }
    });
    Ok(Some(said))
}

async fn shop_offset(app: &Mizan) -> i32 {
    app.store()
        .operator_tenants()
        .await
        .ok()
        .and_then(|t| t.first().map(|(_, t)| t.utc_offset_minutes))
        .unwrap_or(0)
}

async fn once(app: &Mizan, url: &str, dir: &std::path::Path, args: &NightlyArgs, offset: i32) {
    let out = dir.join(file_name(app.now_ms()));
    let backend = mizan_store::backup::Location::of(url).map_or("sqlite", |l| l.backend());
    let scratch = Scratch::choose(backend, url, args.scratch_url.clone());
    match app.back_up(url, &out, Some(scratch)).await {
        Ok(run) if run.ok => {
            tracing::info!(file = %run.file, bytes = run.bytes, "nightly backup verified")
        }
        Ok(run) => tracing::error!(file = %run.file, error = run.error, "nightly backup FAILED"),
        Err(e) => tracing::error!(error = %e, "nightly backup could not be recorded"),
    }
    let names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect(),
        Err(e) => {
            tracing::error!(error = %e, "cannot list the backup directory");
            return;
        }
    };
    let keep = Retention {
        daily: args.keep_daily,
        monthly: args.keep_monthly,
    };
    for name in to_delete(&names, keep, offset) {
        if let Err(e) = std::fs::remove_file(dir.join(&name)) {
            tracing::error!(file = %name, error = %e, "cannot remove an old backup");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use mizan_app::backup_plan::file_name;
    use mizan_app::{FixedClock, Mizan};

    use super::{NightlyArgs, minute_of_day, once};

    const DAY_MS: i64 = 86_400_000;
    /// 2026-12-03T00:30:00Z.
    const NOW: i64 = 1_796_257_800_000;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_nightly_run_backs_up_proves_records_and_lets_old_backups_go() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("shop.db").display());
        let store = mizan_store::open(&url).await.unwrap();
        let app = Mizan::new(store, Arc::new(FixedClock::new(NOW)));
        app.create_tenant("Shop", "EGP").await.unwrap();
        let backups = dir.path().join("backups");
        std::fs::create_dir_all(&backups).unwrap();
        for d in 1..=5 {
            std::fs::write(backups.join(file_name(NOW - d * DAY_MS)), b"old").unwrap();
        }
        std::fs::write(backups.join("README.txt"), b"not a backup").unwrap();
        let args = NightlyArgs {
            backup_dir: Some(backups.clone()),
            backup_at: "02:30".into(),
            keep_daily: 2,
            keep_monthly: 0,
            scratch_url: None,
        };
        once(&app, &url, &backups, &args, 120).await;
        let run = &app.backup_runs(1).await.unwrap()[0];
        assert!(run.ok && run.verified, "{run:?}");
        assert_eq!((run.tenants, run.findings), (Some(1), Some(0)));
        let mut left: Vec<String> = std::fs::read_dir(&backups)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "README.txt".to_owned(),
                file_name(NOW - DAY_MS),
                file_name(NOW)
            ]
        );
    }

    #[test]
    fn the_backup_time_is_a_time_of_day() {
        assert_eq!(minute_of_day("02:30").unwrap(), 150);
        for bad in ["24:00", "2:60", "half past two", ""] {
            assert!(minute_of_day(bad).is_err(), "{bad}");
        }
    }
}
