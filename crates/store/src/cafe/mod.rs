//! The café floor in the store: places (tables, play stations), bills with their charges and
//! payments, timed play sessions and orders (`floor` writes places and sessions, `tabs` orders
//! and payments, `merge` links, merges and splits), what they read back (`read`), and the
//! café's figures over a period (`report`).

pub(crate) mod floor;
pub(crate) mod merge;
pub(crate) mod read;
pub(crate) mod report;
pub(crate) mod tabs;

use mizan_domain::cafe::RatePlan;
use mizan_domain::{
    BillId, CashRegisterId, CustomerId, PlaceId, PlaySessionId, ProductId, WarehouseId,
};
use serde::Serialize;

/// A table or a play station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    Table,
    Station,
}

impl PlaceKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::Station => "station",
        }
    }

    fn parse(s: &str) -> Result<Self, crate::StoreError> {
        match s {
            "table" => Ok(Self::Table),
            "station" => Ok(Self::Station),
            _ => Err(crate::StoreError::Corrupt(format!("place kind {s}"))),
        }
    }
}

/// A new table or station; a station has a rate plan.
#[derive(Debug, Clone)]
pub struct NewPlace {
    pub kind: PlaceKind,
    pub area: String,
    pub name: String,
    pub seats: Option<i64>,
    pub warehouse: WarehouseId,
    pub rate_plan: Option<RatePlan>,
    /// VAT on play time, in basis points.
    pub vat_bp: i64,
}

/// Changes to a table or station; `None` leaves a field as it is. A table has no rate plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaceChanges {
    pub area: Option<String>,
    pub name: Option<String>,
    pub seats: Option<i64>,
    /// A station's plan, from its next session on (a running session keeps the plan it started
    /// with).
    pub rate_plan: Option<RatePlan>,
    pub vat_bp: Option<i64>,
    /// Off the floor (refused while a bill is open on it or a session plays), or back on it.
    pub retired: Option<bool>,
}

/// What is done to a running or paused play session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlayAction {
    Pause,
    Resume,
    Stop,
}

/// Where an order goes: a bill, a table (its newest unpaid bill, or a new one), or a play
/// session (its bill).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderTarget {
    Bill(BillId),
    Table(PlaceId),
    Session(PlaySessionId),
}

/// How part of a bill is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabMethod {
    /// Into this register's drawer, in its open cashier session.
    Cash(CashRegisterId),
    Card,
    /// On the customer's account (what they owe grows).
    Customer(CustomerId),
}

impl TabMethod {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash(_) => "cash",
            Self::Card => "card",
            Self::Customer(_) => "customer",
        }
    }
}

/// What a split takes off a bill into a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitPart {
    /// These charges (by id), with their lines.
    Charges(Vec<i64>),
    /// This amount, moved as a transfer charge.
    Amount(i64),
}

/// A table or station as it is read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub id: PlaceId,
    pub kind: PlaceKind,
    pub area: String,
    pub name: String,
    pub seats: Option<i64>,
    pub warehouse_id: WarehouseId,
    pub rate_plan: Option<RatePlan>,
    pub vat_bp: i64,
    /// Off the floor: takes no new guests; its history stays.
    pub retired: bool,
}

/// A bill's head: its figures, where it stands, and where it went when merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillHead {
    pub id: BillId,
    pub number: String,
    pub place_id: Option<PlaceId>,
    pub name: String,
    pub notes: Vec<String>,
    pub due_at_ms: Option<i64>,
    pub merged_into: Option<BillId>,
    pub closed: bool,
    pub total: i64,
    pub paid: i64,
    pub opened_by: String,
    pub created_at_ms: i64,
}

impl BillHead {
    #[must_use]
    pub fn remaining(&self) -> i64 {
        self.total - self.paid
    }
}

/// A bill with everything on it and its trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillRecord {
    pub head: BillHead,
    /// The number of the bill it was merged into.
    pub merged_into_number: Option<String>,
    pub charges: Vec<BillCharge>,
    pub orders: Vec<CafeOrder>,
    pub payments: Vec<BillPayment>,
    pub sessions: Vec<PlaySession>,
    /// Merges and splits this bill took part in, oldest first.
    pub links: Vec<BillLink>,
}

/// A charge on a bill: a served order, a stopped play session or an amount moved by a split.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillCharge {
    pub id: i64,
    /// `order`, `play` or `transfer`.
    pub kind: String,
    pub order_id: Option<i64>,
    pub session_id: Option<PlaySessionId>,
    /// The product's or station's name; a transfer's other bill.
    pub label: String,
    pub net: i64,
    pub vat: i64,
    pub created_at_ms: i64,
}

/// An order line on a bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CafeOrder {
    pub id: i64,
    pub bill_id: BillId,
    pub product_id: ProductId,
    pub product_name: String,
    pub qty: i64,
    pub unit_price: i64,
    /// `pending`, `served` or `voided`.
    pub status: String,
    pub note: Option<String>,
    pub ordered_by: String,
    pub created_at_ms: i64,
    pub voided_by: Option<String>,
    pub void_reason: Option<String>,
}

/// A payment on a bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillPayment {
    pub id: i64,
    pub bill_id: BillId,
    pub method: String,
    pub cash_register_id: Option<CashRegisterId>,
    pub customer_id: Option<CustomerId>,
    pub amount: i64,
    pub received_by: String,
    pub created_at_ms: i64,
}

/// A merge or split this bill took part in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BillLink {
    /// `merge` or `split`.
    pub kind: String,
    pub from_bill_id: BillId,
    pub from_number: String,
    pub into_bill_id: BillId,
    pub into_number: String,
    pub moved_total: i64,
    pub moved_paid: i64,
    pub by: String,
    pub at_ms: i64,
}

/// A recorded event of a play session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlayEvent {
    /// `start`, `pause`, `resume` or `stop`.
    pub kind: String,
    pub at_ms: i64,
    pub by: String,
}

impl PlayEvent {
    /// The event as the pure rules take it.
    #[must_use]
    pub fn as_event(&self) -> Option<mizan_domain::cafe::SessionEvent> {
        floor::event_of(&self.kind, self.at_ms).ok()
    }
}

/// A play session with its events; a stopped one with what it billed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlaySession {
    pub id: PlaySessionId,
    pub station_id: PlaceId,
    pub station_name: String,
    pub bill_id: BillId,
    pub rate_plan: RatePlan,
    pub vat_bp: i64,
    /// `running`, `paused` or `stopped`.
    pub state: String,
    pub started_at_ms: i64,
    pub stopped_at_ms: Option<i64>,
    pub played_minutes: Option<i64>,
    pub billed_minutes: Option<i64>,
    /// What it billed, before VAT.
    pub amount: Option<i64>,
    pub started_by: String,
    pub events: Vec<PlayEvent>,
}

/// One place on the floor as the floor page shows it: its open bill and live session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FloorPlace {
    pub place: Place,
    pub bill: Option<BillHead>,
    pub session: Option<PlaySession>,
}
