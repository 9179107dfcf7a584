//! Answers about the café floor: places with their rate plans, the floor with running timers
//! and open amounts, bills with their charges, orders, payments, sessions and merge trail.

use mizan_app::{BillView, Floor as FloorRecord};
use mizan_store::{
    BillHead, BillRecord, Place as PlaceRecord, PlaySession as SessionRecord, Tenant,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, Percent, Quantity, Timestamp};

#[derive(Debug, Serialize, ToSchema)]
pub struct Peak {
    /// Minutes after local midnight the peak starts and ends (it may wrap past midnight).
    pub from_minute: i64,
    pub to_minute: i64,
    pub hourly: Money,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Prepaid {
    pub minutes: i64,
    pub price: Money,
    pub overtime_hourly: Money,
}

/// How a station bills its time (amounts before VAT).
#[derive(Debug, Serialize, ToSchema)]
pub struct RatePlan {
    pub hourly: Money,
    #[schema(required)]
    pub peak: Option<Peak>,
    pub minimum_minutes: i64,
    pub step_minutes: i64,
    #[schema(required)]
    pub prepaid: Option<Prepaid>,
}

impl RatePlan {
    fn of(t: &Tenant, p: &mizan_domain::cafe::RatePlan) -> Self {
        Self {
            hourly: Money::of(t, p.hourly),
            peak: p.peak.map(|k| Peak {
                from_minute: k.from_minute,
                to_minute: k.to_minute,
                hourly: Money::of(t, k.hourly),
            }),
            minimum_minutes: p.minimum_minutes,
            step_minutes: p.step_minutes,
            prepaid: p.prepaid.map(|k| Prepaid {
                minutes: k.minutes,
                price: Money::of(t, k.price),
                overtime_hourly: Money::of(t, k.overtime_hourly),
            }),
        }
    }
}

/// A table or a play station.
#[derive(Debug, Serialize, ToSchema)]
pub struct Place {
    pub id: i64,
    /// `table` or `station`.
    pub kind: String,
    pub area: String,
    pub name: String,
    #[schema(required)]
    pub seats: Option<i64>,
    pub warehouse_id: i64,
    #[schema(required)]
    pub rate_plan: Option<RatePlan>,
    pub vat_rate: Percent,
    /// Off the floor: takes no new guests.
    pub retired: bool,
}

impl Place {
    pub fn of(t: &Tenant, p: &PlaceRecord) -> Self {
        Self {
            id: p.id.0,
            kind: p.kind.as_str().to_owned(),
            area: p.area.clone(),
            name: p.name.clone(),
            seats: p.seats,
            warehouse_id: p.warehouse_id.0,
            rate_plan: p.rate_plan.as_ref().map(|r| RatePlan::of(t, r)),
            vat_rate: Percent::of_bp(p.vat_bp),
            retired: p.retired,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlayEvent {
    /// `start`, `pause`, `resume` or `stop`.
    pub kind: String,
    pub at: Timestamp,
    pub by: String,
}

/// A play session with its events; a stopped one with what it billed.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaySession {
    pub id: i64,
    pub station_id: i64,
    pub station_name: String,
    pub bill_id: i64,
    /// `running`, `paused` or `stopped`.
    pub state: String,
    pub started_at: Timestamp,
    #[schema(required)]
    pub stopped_at: Option<Timestamp>,
    #[schema(required)]
    pub played_minutes: Option<i64>,
    #[schema(required)]
    pub billed_minutes: Option<i64>,
    /// What it billed, before VAT.
    #[schema(required)]
    pub amount: Option<Money>,
    pub rate_plan: RatePlan,
    pub started_by: String,
    pub events: Vec<PlayEvent>,
}

impl PlaySession {
    pub fn of(t: &Tenant, s: &SessionRecord) -> Self {
        Self {
            id: s.id.0,
            station_id: s.station_id.0,
            station_name: s.station_name.clone(),
            bill_id: s.bill_id.0,
            state: s.state.clone(),
            started_at: Timestamp::at(s.started_at_ms),
            stopped_at: s.stopped_at_ms.map(Timestamp::at),
            played_minutes: s.played_minutes,
            billed_minutes: s.billed_minutes,
            amount: s.amount.map(|a| Money::of(t, a)),
            rate_plan: RatePlan::of(t, &s.rate_plan),
            started_by: s.started_by.clone(),
            events: s
                .events
                .iter()
                .map(|e| PlayEvent {
                    kind: e.kind.clone(),
                    at: Timestamp::at(e.at_ms),
                    by: e.by.clone(),
                })
                .collect(),
        }
    }
}

/// A bill's head: its figures and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct BillSummary {
    pub id: i64,
    /// `BILL-…`, gapless.
    pub number: String,
    pub name: String,
    #[schema(required)]
    pub table_id: Option<i64>,
    /// `draft`, `partial`, `overdue`, `paid` or `merged`.
    pub status: String,
    pub currency: String,
    pub total: Money,
    pub paid: Money,
    /// `total − paid`.
    pub remaining: Money,
    #[schema(required)]
    pub due_at: Option<Timestamp>,
    #[schema(required)]
    pub merged_into_bill_id: Option<i64>,
    pub closed: bool,
    pub notes: Vec<String>,
    pub opened_by: String,
    pub created_at: Timestamp,
}

impl BillSummary {
    pub fn of(t: &Tenant, b: &BillHead, status: &str) -> Self {
        Self {
            id: b.id.0,
            number: b.number.clone(),
            name: b.name.clone(),
            table_id: b.place_id.map(|p| p.0),
            status: status.to_owned(),
            currency: t.currency.code.to_string(),
            total: Money::of(t, b.total),
            paid: Money::of(t, b.paid),
            remaining: Money::of(t, b.remaining()),
            due_at: b.due_at_ms.map(Timestamp::at),
            merged_into_bill_id: b.merged_into.map(|x| x.0),
            closed: b.closed,
            notes: b.notes.clone(),
            opened_by: b.opened_by.clone(),
            created_at: Timestamp::at(b.created_at_ms),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BillCharge {
    pub id: i64,
    /// `order`, `play` or `transfer` (an amount moved by a split).
    pub kind: String,
    #[schema(required)]
    pub order_id: Option<i64>,
    #[schema(required)]
    pub session_id: Option<i64>,
    pub label: String,
    pub net: Money,
    pub vat: Money,
    pub amount: Money,
    pub at: Timestamp,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BillOrder {
    pub id: i64,
    pub product_id: i64,
    pub product_name: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    /// `pending`, `served` or `voided`.
    pub status: String,
    #[schema(required)]
    pub note: Option<String>,
    pub ordered_by: String,
    pub at: Timestamp,
    #[schema(required)]
    pub voided_by: Option<String>,
    #[schema(required)]
    pub void_reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BillPaymentView {
    pub id: i64,
    /// `cash`, `card` or `customer`.
    pub method: String,
    #[schema(required)]
    pub cash_register_id: Option<i64>,
    #[schema(required)]
    pub customer_id: Option<i64>,
    pub amount: Money,
    pub received_by: String,
    pub at: Timestamp,
}

/// A merge or split the bill took part in.
#[derive(Debug, Serialize, ToSchema)]
pub struct BillLinkView {
    /// `merge` or `split`.
    pub kind: String,
    pub from_bill_id: i64,
    pub from_number: String,
    pub into_bill_id: i64,
    pub into_number: String,
    pub moved_total: Money,
    pub moved_paid: Money,
    pub by: String,
    pub at: Timestamp,
}

/// A bill with everything on it and its trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct Bill {
    #[serde(flatten)]
    pub head: BillSummary,
    #[schema(required)]
    pub merged_into_number: Option<String>,
    pub charges: Vec<BillCharge>,
    pub orders: Vec<BillOrder>,
    pub payments: Vec<BillPaymentView>,
    pub sessions: Vec<PlaySession>,
    pub links: Vec<BillLinkView>,
}

impl Bill {
    pub fn of(t: &Tenant, v: &BillView) -> Self {
        let r: &BillRecord = &v.record;
        Self {
            head: BillSummary::of(t, &r.head, v.status.as_str()),
            merged_into_number: r.merged_into_number.clone(),
            charges: r
                .charges
                .iter()
                .map(|c| BillCharge {
                    id: c.id,
                    kind: c.kind.clone(),
                    order_id: c.order_id,
                    session_id: c.session_id.map(|s| s.0),
                    label: c.label.clone(),
                    net: Money::of(t, c.net),
                    vat: Money::of(t, c.vat),
                    amount: Money::of(t, c.net + c.vat),
                    at: Timestamp::at(c.created_at_ms),
                })
                .collect(),
            orders: r
                .orders
                .iter()
                .map(|o| BillOrder {
                    id: o.id,
                    product_id: o.product_id.0,
                    product_name: o.product_name.clone(),
                    quantity: Quantity::of(o.qty),
                    unit_price: Money::of(t, o.unit_price),
                    status: o.status.clone(),
                    note: o.note.clone(),
                    ordered_by: o.ordered_by.clone(),
                    at: Timestamp::at(o.created_at_ms),
                    voided_by: o.voided_by.clone(),
                    void_reason: o.void_reason.clone(),
                })
                .collect(),
            payments: r
                .payments
                .iter()
                .map(|p| BillPaymentView {
                    id: p.id,
                    method: p.method.clone(),
                    cash_register_id: p.cash_register_id.map(|x| x.0),
                    customer_id: p.customer_id.map(|x| x.0),
                    amount: Money::of(t, p.amount),
                    received_by: p.received_by.clone(),
                    at: Timestamp::at(p.created_at_ms),
                })
                .collect(),
            sessions: r.sessions.iter().map(|s| PlaySession::of(t, s)).collect(),
            links: r
                .links
                .iter()
                .map(|l| BillLinkView {
                    kind: l.kind.clone(),
                    from_bill_id: l.from_bill_id.0,
                    from_number: l.from_number.clone(),
                    into_bill_id: l.into_bill_id.0,
                    into_number: l.into_number.clone(),
                    moved_total: Money::of(t, l.moved_total),
                    moved_paid: Money::of(t, l.moved_paid),
                    by: l.by.clone(),
                    at: Timestamp::at(l.at_ms),
                })
                .collect(),
        }
    }
}

/// A live session read now: what stopping it now would bill.
#[derive(Debug, Serialize, ToSchema)]
pub struct Running {
    pub played_minutes: i64,
    pub billed_minutes: i64,
    pub amount: Money,
    pub vat: Money,
}

/// One place on the floor, free or busy.
#[derive(Debug, Serialize, ToSchema)]
pub struct FloorPlace {
    pub place: Place,
    #[schema(required)]
    pub bill: Option<BillSummary>,
    #[schema(required)]
    pub session: Option<PlaySession>,
    #[schema(required)]
    pub running: Option<Running>,
    /// What the bill has open plus the running session's time so far.
    pub open_amount: Money,
}

/// The floor now.
#[derive(Debug, Serialize, ToSchema)]
pub struct Floor {
    pub at: Timestamp,
    pub currency: String,
    pub places: Vec<FloorPlace>,
}

impl Floor {
    pub fn of(t: &Tenant, f: &FloorRecord) -> Self {
        Self {
            at: Timestamp::at(f.now_ms),
            currency: t.currency.code.to_string(),
            places: f
                .places
                .iter()
                .map(|e| FloorPlace {
                    place: Place::of(t, &e.at.place),
                    bill: e
                        .at
                        .bill
                        .as_ref()
                        .map(|b| BillSummary::of(t, b, e.status.map_or("draft", |s| s.as_str()))),
                    session: e.at.session.as_ref().map(|s| PlaySession::of(t, s)),
                    running: e.running.map(|r| Running {
                        played_minutes: r.played_minutes,
                        billed_minutes: r.billed_minutes,
                        amount: Money::of(t, r.amount),
                        vat: Money::of(t, r.vat),
                    }),
                    open_amount: Money::of(t, e.open_amount),
                })
                .collect(),
        }
    }
}
