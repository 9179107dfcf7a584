//! The old system's tools, on Mizan's own postings: one sale checked against everything it
//! wrote (`mizan check sale`, with the domain's verdict), and the COGS coverage and
//! reconciliation of a period (`mizan cogs coverage|reconcile`). There is no
//! `fix_missing_cogs`: a sale posts its COGS in the same transaction as its lines, so one
//! without it cannot exist, and these tools prove it.

use mizan_domain::SaleId;
use mizan_domain::sales::{Problem, SaleFigures, sale_problems};
use mizan_domain::staff::perm;
use mizan_store::{CogsCoverage, CogsReconciliation, SaleTrace};

use crate::sales_reports::DayRange;
use crate::{AppError, Grant, Mizan};

/// A sale, everything it wrote, and what disagrees (nothing, on Mizan's own postings).
#[derive(Debug, Clone)]
pub struct SaleCheck {
    pub trace: SaleTrace,
    pub figures: SaleFigures,
    pub problems: Vec<Problem>,
}

impl SaleCheck {
    /// Whether the sale's rows agree with each other.
    #[must_use]
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Mizan {
    /// Sale `sale` checked against everything it wrote.
    ///
    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn check_sale(
        &self,
        g: &Grant<perm::BooksCheck>,
        sale: SaleId,
    ) -> Result<SaleCheck, AppError> {
        let trace = self
            .store
            .sale_trace(g.scope(), sale)
            .await?
            .ok_or(AppError::NotFound { what: "sale" })?;
        let figures = trace.figures();
        let problems = sale_problems(&figures);
        Ok(SaleCheck {
            trace,
            figures,
            problems,
        })
    }

    /// The sale numbered `number` (or with that id), checked.
    ///
    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn check_sale_numbered(
        &self,
        g: &Grant<perm::BooksCheck>,
        number: &str,
    ) -> Result<SaleCheck, AppError> {
        let found = self.store.sale_by_number(g.scope(), number.trim()).await?;
        let id = match (found, number.trim().parse::<i64>()) {
            (Some(id), _) => id,
            (None, Ok(id)) => SaleId(id),
            (None, Err(_)) => return Err(AppError::NotFound { what: "sale" }),
        };
        self.check_sale(g, id).await
    }

    /// COGS coverage of `period`'s sales and returns.
    ///
    /// # Errors
    /// A store failure.
    pub async fn cogs_coverage(
        &self,
        g: &Grant<perm::BooksCheck>,
        period: DayRange,
    ) -> Result<CogsCoverage, AppError> {
        Ok(self
            .store
            .cogs_coverage(g.scope(), period.from, period.to)
            .await?)
    }

    /// COGS of `period`'s sales and returns in the journal, on their lines and in their stock
    /// moves, naming every document that disagrees.
    ///
    /// # Errors
    /// A store failure.
    pub async fn cogs_reconcile(
        &self,
        g: &Grant<perm::BooksCheck>,
        period: DayRange,
    ) -> Result<CogsReconciliation, AppError> {
        Ok(self
            .store
            .cogs_reconcile(g.scope(), period.from, period.to)
            .await?)
    }
}
