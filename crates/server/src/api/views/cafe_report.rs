//! The café report's answer.

use mizan_app::CafeReport as Report;
use mizan_store::Tenant;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, Percent, Quantity};

#[derive(Debug, Serialize, ToSchema)]
pub struct StationReportRow {
    pub station_id: i64,
    pub name: String,
    pub sessions: i64,
    pub played_minutes: i64,
    pub billed_minutes: i64,
    /// Billed time over the opening hours of the period.
    pub utilisation: Percent,
    /// Play revenue before VAT.
    pub revenue: Money,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemReportRow {
    pub product_id: i64,
    pub name: String,
    pub quantity: Quantity,
    /// Before VAT.
    pub revenue: Money,
    pub cost: Money,
}

/// The café over a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct CafeReport {
    pub from: String,
    pub to: String,
    /// Opening hours the utilisation was measured against, `HH:MM` (the café's setting unless
    /// the query named others).
    pub opens: String,
    pub closes: String,
    /// Minutes the café is open a day.
    pub open_minutes_per_day: i64,
    pub currency: String,
    pub play_revenue: Money,
    pub item_revenue: Money,
    pub vat: Money,
    pub sessions: i64,
    pub billed_minutes: i64,
    pub stations: Vec<StationReportRow>,
    pub items: Vec<ItemReportRow>,
}

impl CafeReport {
    pub fn of(t: &Tenant, r: &Report) -> Self {
        let f = &r.figures;
        let (opens, closes) = r.hours.clock_texts();
        Self {
            opens,
            closes,
            from: mizan_domain::calendar::day_text(f.from),
            to: mizan_domain::calendar::day_text(f.to),
            open_minutes_per_day: r.hours.minutes(),
            currency: t.currency.code.to_string(),
            play_revenue: Money::of(t, f.play_revenue),
            item_revenue: Money::of(t, f.item_revenue),
            vat: Money::of(t, f.vat),
            sessions: f.sessions,
            billed_minutes: f.billed_minutes,
            stations: f
                .stations
                .iter()
                .zip(&r.utilisation_bp)
                .map(|(s, u)| StationReportRow {
                    station_id: s.station_id.0,
                    name: s.name.clone(),
                    sessions: s.sessions,
                    played_minutes: s.played_minutes,
                    billed_minutes: s.billed_minutes,
                    utilisation: Percent::of_bp(*u),
                    revenue: Money::of(t, s.revenue),
                })
                .collect(),
            items: f
                .items
                .iter()
                .map(|i| ItemReportRow {
                    product_id: i.product_id.0,
                    name: i.name.clone(),
                    quantity: Quantity::of(i.qty),
                    revenue: Money::of(t, i.revenue),
                    cost: Money::of(t, i.cost),
                })
                .collect(),
        }
    }
}
