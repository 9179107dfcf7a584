//! The café report (`reports.read`): per station the sessions, time played and billed, play
//! revenue and utilisation of the opening hours; per menu item what was served and its revenue.

use mizan_domain::cafe::OpeningHours;
use mizan_domain::calendar::day_number;
use mizan_domain::staff::perm;
use mizan_store::{CafeFigures, Tenant};

use crate::{AppError, Grant, Mizan};

/// The café over a period, with each station's utilisation (basis points, in the order of
/// `figures.stations`).
#[derive(Debug, Clone)]
pub struct CafeReport {
    pub figures: CafeFigures,
    pub hours: OpeningHours,
    pub utilisation_bp: Vec<i64>,
}

impl Mizan {
    /// The café over business days `from..=to` (today by default).
    ///
    /// # Errors
    /// A period that ends before it starts (`invalid_field`), or a store failure.
    pub async fn cafe_report(
        &self,
        g: &Grant<perm::ReportsRead>,
        tenant: &Tenant,
        from: Option<i32>,
        to: Option<i32>,
        hours: OpeningHours,
    ) -> Result<CafeReport, AppError> {
        let today = self.today(tenant);
        let (from, to) = (from.unwrap_or(today), to.unwrap_or(today));
        if to < from {
            return Err(AppError::Invalid {
                code: "invalid_field",
                field: "to".into(),
                message: "the period ends before it starts".into(),
            });
        }
        let figures = self.store.cafe_figures(g.scope(), from, to).await?;
        let days = day_number(to) - day_number(from) + 1;
        let utilisation_bp = figures
            .stations
            .iter()
            .map(|s| hours.utilisation_bp(s.billed_minutes, days))
            .collect();
        Ok(CafeReport {
            figures,
            hours,
            utilisation_bp,
        })
    }
}
