//! Reading the books: accounts with their balances, the journal a page at a time, and the
//! daily sales report of a business day (with its sales by hour).

use mizan_domain::BranchId;
use mizan_domain::staff::perm;
use mizan_store::{AccountBalance, DailySales, HourlySales, JournalEntryView, Tenant};

use crate::{AppError, Grant, Mizan};

/// Most journal entries in one page.
pub const MAX_JOURNAL_PAGE: i64 = 500;

/// The daily sales report of one business day.
#[derive(Debug, Clone)]
pub struct DailyReport {
    /// `YYYYMMDD`.
    pub day: i32,
    /// One row per branch (only the asked-for branch when one was).
    pub rows: Vec<DailySales>,
    /// The posted sales by branch and hour of the shop's time, hours without sales left out.
    pub hours: Vec<HourlySales>,
    /// The café's revenue, play sessions and billed time that day (all branches).
    pub cafe: mizan_store::CafeFigures,
}

impl Mizan {
    /// Every account with its balance.
    ///
    /// # Errors
    /// A store failure.
    pub async fn accounts(
        &self,
        g: &Grant<perm::BooksRead>,
    ) -> Result<Vec<AccountBalance>, AppError> {
        Ok(self.store.account_balances(g.scope()).await?)
    }

    /// Journal entries oldest first with ids above `after`, `limit` (1 to
    /// [`MAX_JOURNAL_PAGE`]) at a time.
    ///
    /// # Errors
    /// A store failure.
    pub async fn journal(
        &self,
        g: &Grant<perm::BooksRead>,
        limit: i64,
        after: Option<i64>,
    ) -> Result<Vec<JournalEntryView>, AppError> {
        let limit = limit.clamp(1, MAX_JOURNAL_PAGE);
        Ok(self.store.journal_page(g.scope(), limit, after).await?)
    }

    /// The daily sales report of `day` (`YYYYMMDD`; today in `tenant`'s time by default), of
    /// every branch or only `branch`.
    ///
    /// # Errors
    /// A store failure.
    pub async fn daily_sales(
        &self,
        g: &Grant<perm::ReportsRead>,
        tenant: &Tenant,
        day: Option<i32>,
        branch: Option<BranchId>,
    ) -> Result<DailyReport, AppError> {
        let day = day.unwrap_or_else(|| self.today(tenant));
        let mut rows = self.store.daily_sales(g.scope(), day).await?;
        rows.retain(|r| branch.is_none_or(|b| r.branch_id == Some(b)));
        let mut hours = self
            .store
            .sales_by_hour(g.scope(), day, tenant.utc_offset_minutes)
            .await?;
        hours.retain(|h| branch.is_none_or(|b| h.branch_id == Some(b)));
        let cafe = self.store.cafe_figures(g.scope(), day, day).await?;
        Ok(DailyReport {
            day,
            rows,
            hours,
            cafe,
        })
    }
}
