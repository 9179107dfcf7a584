//! The accountant's escape hatch: the whole journal as an hledger or beancount file, so that
//! `hledger check` / `bean-check` accept it and their balances equal Mizan's to the minor unit.
//! Each entry is dated by the business day it is counted on (as the daily report counts it),
//! and the export streams: the header, then one page of entries at a time, so memory stays
//! flat whatever the ledger's size (`names` names the accounts, `render` writes the text).

mod names;
mod render;

pub use names::{account_name, one_line};

use mizan_domain::Currency;
use mizan_domain::staff::perm;
use mizan_store::TenantScope;

use crate::{AppError, Grant, Mizan};

/// Output formats of `mizan export journal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerFormat {
    Hledger,
    Beancount,
}

/// Journal entries read (in one query with their lines) and written per piece of an export.
pub const EXPORT_PAGE: i64 = 1_000;

/// Where an export stands.
enum Next {
    Header,
    /// Entries with ids above `after` are still to come.
    Entries {
        after: i64,
        currency: Currency,
        names: render::Names,
    },
    Done,
}

/// A journal export under way: [`JournalExport::next`] hands out the file piece by piece, the
/// header first, then the entries a page at a time in id order. Entries are immutable, so a
/// page never changes once read; entries posted while the export runs are included when their
/// ids come after the page read last.
pub struct JournalExport<'a> {
    app: &'a Mizan,
    scope: TenantScope,
    format: LedgerFormat,
    page: i64,
    next: Next,
    entries: u64,
}

impl Mizan {
    /// Starts exporting the journal of the grant's tenant in `format`.
    #[must_use]
    pub fn export_journal(
        &self,
        g: &Grant<perm::BooksRead>,
        format: LedgerFormat,
    ) -> JournalExport<'_> {
        JournalExport {
            app: self,
            scope: *g.scope(),
            format,
            page: EXPORT_PAGE,
            next: Next::Header,
            entries: 0,
        }
    }
}

impl JournalExport<'_> {
    /// Reads `page` entries at a time instead of [`EXPORT_PAGE`] (at least one).
    #[must_use]
    pub fn page_size(mut self, page: i64) -> Self {
        self.page = page.max(1);
        self
    }

    /// Entries written so far.
    #[must_use]
    pub fn entries(&self) -> u64 {
        self.entries
    }

    /// Replaces `out` with the next piece of the file: the header, then the next page of
    /// entries. `false` (and `out` empty) once everything has been handed out.
    ///
    /// # Errors
    /// A store failure.
    pub async fn next(&mut self, out: &mut String) -> Result<bool, AppError> {
        out.clear();
        let store = self.app.store();
        match std::mem::replace(&mut self.next, Next::Done) {
            Next::Header => {
                let tenant = store.tenant(&self.scope).await?;
                let outline = store.ledger_outline(&self.scope).await?;
                let names = render::header(out, &tenant, &outline, self.format);
                self.next = Next::Entries {
                    after: 0,
                    currency: tenant.currency,
                    names,
                };
                Ok(true)
            }
            Next::Entries {
                after,
                currency,
                names,
            } => {
                let page = store
                    .journal_page(&self.scope, self.page, Some(after))
                    .await?;
                let Some(last) = page.last().map(|e| e.id) else {
                    return Ok(false);
                };
                for e in &page {
                    render::entry(out, e, &currency, &names, self.format);
                }
                self.entries += page.len() as u64;
                // A short page is the last one.
                if i64::try_from(page.len()).unwrap_or(i64::MAX) >= self.page {
                    self.next = Next::Entries {
                        after: last,
                        currency,
                        names,
                    };
                }
                Ok(true)
            }
            Next::Done => Ok(false),
        }
    }
}
