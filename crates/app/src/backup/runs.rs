//! Each backup taken through [`Mizan::back_up`] recorded as it went — a failure with its
//! reason — and the warning an owner must see when the latest failed or is stale.

use std::path::Path;
use std::sync::Arc;

use super::{BackupRun, Scratch, blocking, take, verify};
use crate::{AppError, Mizan};

/// A backup older than this is stale: a day and two hours of slack for a nightly job.
pub const STALE_MS: i64 = 26 * 3_600_000;

/// What an owner must hear about backups: the latest failed, or is stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackupWarning {
    Failed { at_ms: i64, error: String },
    Stale { at_ms: i64 },
}

/// The warning the latest backup (`runs` newest first) calls for at `now_ms`; none when no
/// backup was ever taken (nothing is scheduled) or the latest is good and recent.
#[must_use]
pub fn warning(runs: &[BackupRun], now_ms: i64) -> Option<BackupWarning> {
    let latest = runs.first()?;
    if !latest.ok {
        return Some(BackupWarning::Failed {
            at_ms: latest.finished_at_ms,
            error: latest.error.clone().unwrap_or_default(),
        });
    }
    (now_ms - latest.finished_at_ms > STALE_MS).then_some(BackupWarning::Stale {
        at_ms: latest.finished_at_ms,
    })
}

impl Mizan {
    /// Takes a backup of the database at `url` (this app's) into `out`, proves it in `scratch`
    /// when asked, and records how it went — a failure too, with its reason.
    ///
    /// # Errors
    /// Only when the record cannot be written; the backup's own failure is in the run.
    pub async fn back_up(
        &self,
        url: &str,
        out: &Path,
        scratch: Option<Scratch>,
    ) -> Result<BackupRun, AppError> {
        let started = self.now_ms();
        let mut run = BackupRun {
            id: 0,
            started_at_ms: started,
            finished_at_ms: started,
            file: out.display().to_string(),
            bytes: None,
            sha256: None,
            ok: false,
            verified: false,
            tenants: None,
            findings: None,
            error: None,
        };
        let (u, o) = (url.to_owned(), out.to_owned());
        match blocking(move || take(&u, &o, started)).await {
            Err(e) => run.error = Some(e.to_string()),
            Ok(m) => {
                run.bytes = i64::try_from(m.database_bytes).ok();
                run.sha256 = Some(m.database_sha256);
                run.ok = true;
                if let Some(scratch) = scratch {
                    match verify(out, scratch, Arc::clone(&self.clock)).await {
                        Err(e) => {
                            run.ok = false;
                            run.error = Some(format!("verification: {e}"));
                        }
                        Ok(v) => {
                            run.verified = true;
                            run.tenants = i64::try_from(v.tenants).ok();
                            run.findings = i64::try_from(v.findings.len()).ok();
                            if !v.findings.is_empty() {
                                run.ok = false;
                                run.error = Some(format!(
                                    "the restored books have {} problem(s): {}",
                                    v.findings.len(),
                                    v.findings
                                        .iter()
                                        .take(3)
                                        .map(|(t, f)| format!(
                                            "tenant {t}: {} {}",
                                            f.check, f.subject
                                        ))
                                        .collect::<Vec<_>>()
                                        .join("; ")
                                ));
                            }
                        }
                    }
                }
            }
        }
        run.finished_at_ms = self.now_ms();
        run.id = self.store.record_backup(run.clone()).await?;
        Ok(run)
    }

    /// The latest backups, newest first.
    ///
    /// # Errors
    /// A store failure.
    pub async fn backup_runs(&self, limit: i64) -> Result<Vec<BackupRun>, AppError> {
        Ok(self.store.backup_runs(limit.clamp(1, 1000)).await?)
    }
}
