//! The floor as the floor page shows it: every table and station, free or busy, with the
//! running session's time and what it would bill if stopped now, and the open amount.

use mizan_domain::cafe::{BillStatus, Billed, played};
use mizan_domain::staff::perm;
use mizan_store::{FloorPlace, PlaySession};
use serde::Serialize;

use super::status_of;
use crate::{AppError, Grant, Mizan};

/// A live session read at a moment: minutes played so far and what stopping now would bill
/// (before VAT, and its VAT).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Running {
    pub played_minutes: i64,
    pub billed_minutes: i64,
    pub amount: i64,
    pub vat: i64,
}

/// One place on the floor.
#[derive(Debug, Clone, Serialize)]
pub struct FloorEntry {
    #[serde(flatten)]
    pub at: FloorPlace,
    pub status: Option<BillStatus>,
    pub running: Option<Running>,
    /// What the bill has open now: its remaining plus the running session's time.
    pub open_amount: i64,
}

/// The floor at `now_ms`.
#[derive(Debug, Clone, Serialize)]
pub struct Floor {
    pub now_ms: i64,
    pub places: Vec<FloorEntry>,
}

/// What session `s` would bill if stopped at `now_ms`.
fn running(s: &PlaySession, now_ms: i64, utc_offset: i32) -> Option<Running> {
    let events: Vec<_> = s
        .events
        .iter()
        .filter_map(mizan_store::PlayEvent::as_event)
        .collect();
    let time = played(&events, now_ms.max(events.last()?.at_ms())).ok()?;
    let Billed {
        played_minutes,
        billed_minutes,
        amount,
    } = s.rate_plan.bill(&time, utc_offset).ok()?;
    let vat = mizan_domain::decimal::div_round(i128::from(amount) * i128::from(s.vat_bp), 10_000);
    Some(Running {
        played_minutes,
        billed_minutes,
        amount,
        vat: i64::try_from(vat).ok()?,
    })
}

impl Mizan {
    /// # Errors
    /// A store failure.
    pub async fn floor(&self, g: &Grant<perm::CafeOrder>) -> Result<Floor, AppError> {
        let now = self.now_ms();
        let tenant = self.store.tenant(g.scope()).await?;
        let places = self.store.floor(g.scope()).await?;
        let places = places
            .into_iter()
            .map(|at| {
                let running = at
                    .session
                    .as_ref()
                    .and_then(|s| running(s, now, tenant.utc_offset_minutes));
                let status = at.bill.as_ref().map(|b| status_of(b, now));
                let open_amount = at.bill.as_ref().map_or(0, mizan_store::BillHead::remaining)
                    + running.map_or(0, |r| r.amount + r.vat);
                FloorEntry {
                    at,
                    status,
                    running,
                    open_amount,
                }
            })
            .collect();
        Ok(Floor {
            now_ms: now,
            places,
        })
    }
}
