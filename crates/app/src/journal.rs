//! The accountant's journal: manual entries and the period lock, under `books.post`.

use mizan_domain::journal::ManualEntry;
use mizan_domain::staff::perm;
use mizan_store::{Command, Idempotency, JournalEntryView};

use crate::master::written;
use crate::{AppError, Grant, Mizan};

impl Mizan {
    /// Today's business day in the shop's time.
    pub(crate) async fn today_of<P: mizan_domain::staff::Perm>(
        &self,
        g: &Grant<P>,
    ) -> Result<i32, AppError> {
        Ok(self.today(&self.store.tenant(g.scope()).await?))
    }

    /// Posts a manual journal entry on its own business day (not after today).
    ///
    /// # Errors
    /// A date after today, an unknown account, `subledger_account`, `period_locked`, or a store failure.
    pub async fn post_manual_entry(
        &self,
        g: &Grant<perm::BooksPost>,
        idempotency: Option<Idempotency>,
        entry: ManualEntry,
    ) -> Result<JournalEntryView, AppError> {
        if entry.day() > self.today_of(g).await? {
            return Err(AppError::invalid("date", "must not be after today"));
        }
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

    /// Locks the books up to business day `lock_day` (`YYYYMMDD`, before today), or unlocks
    /// them (`None`).
    ///
    /// # Errors
    /// A lock day today or later (`invalid_field`), or a store failure.
    pub async fn set_lock_day(
        &self,
        g: &Grant<perm::BooksPost>,
        idempotency: Option<Idempotency>,
        lock_day: Option<i32>,
    ) -> Result<Option<i32>, AppError> {
        let today = self.today_of(g).await?;
        if lock_day.is_some_and(|d| d >= today) {
            return Err(AppError::invalid(
                "lock_date",
                "must be before today: locking today would stop the tills",
            ));
        }
        self.write(g, idempotency, Command::SetLockDay { lock_day })
            .await?;
        Ok(self.store.tenant(g.scope()).await?.lock_day)
    }
}
