//! The accountant's journal: manual entries and the period lock, under `books.post`.

use mizan_domain::journal::ManualEntry;
use mizan_domain::staff::perm;
use mizan_store::{Command, Idempotency, JournalEntryView};

use crate::master::written;
use crate::{AppError, Grant, Mizan};

impl Mizan {
    /// Posts a manual journal entry on its own business day.
    ///
    /// # Errors
    /// An unknown account, `subledger_account`, `period_locked`, or a store failure.
    pub async fn post_manual_entry(
        &self,
        g: &Grant<perm::BooksPost>,
        idempotency: Option<Idempotency>,
        entry: ManualEntry,
    ) -> Result<JournalEntryView, AppError> {
        let cmd = Command::PostManualEntry {
            entry,
            posted_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store
                .journal_entry_of(g.scope(), "manual", w.id)
                .await?,
            "manual entry",
        )
    }

    /// Locks the books up to business day `lock_day` (`YYYYMMDD`), or unlocks them (`None`).
    ///
    /// # Errors
    /// A store failure.
    pub async fn set_lock_day(
        &self,
        g: &Grant<perm::BooksPost>,
        idempotency: Option<Idempotency>,
        lock_day: Option<i32>,
    ) -> Result<Option<i32>, AppError> {
        self.write(g, idempotency, Command::SetLockDay { lock_day })
            .await?;
        Ok(self.store.tenant(g.scope()).await?.lock_day)
    }
}
