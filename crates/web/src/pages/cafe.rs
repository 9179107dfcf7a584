//! The café's pages: the floor (every table and station, free or busy, with running timers
//! and open amounts, refreshing by itself), a bill (its orders, charges, payments, sessions and
//! merge trail, with the forms a waiter or cashier may use) and a play session.

use askama::Template;

use super::Ctx;

/// One table or station on the floor.
#[derive(Debug, Clone)]
pub struct FloorTile {
    pub id: i64,
    /// `table` or `station`.
    pub kind: String,
    pub name: String,
    /// `free`, or the bill's status, or the session's state.
    pub state: String,
    pub state_label: String,
    /// The bill or session page, when busy.
    pub href: Option<String>,
    pub seats: Option<i64>,
    /// Minutes played so far, written for people.
    pub timer: Option<String>,
    pub open_amount: Option<String>,
    pub bill_number: Option<String>,
}

/// The floor: its areas, each with its tiles.
#[derive(Template)]
#[template(path = "cafe/floor.html")]
pub struct FloorPage {
    pub c: Ctx,
    pub areas: Vec<(String, Vec<FloorTile>)>,
    /// The moment it shows, in shop time.
    pub at: String,
    /// The idempotency key of the page's forms.
    pub key: String,
    pub error: Option<String>,
}

/// A line of a bill's tables: its cells, and the action buttons it offers.
#[derive(Debug, Clone)]
pub struct BillLine {
    pub id: i64,
    pub cells: Vec<String>,
    /// (action path, label, button id, idempotency key) posted with no other field.
    pub actions: Vec<(String, String, String, String)>,
    /// A void form's path, for a pending order a manager may void.
    pub void_href: Option<String>,
}

/// One of a bill's tables (orders, charges, payments, its trail).
#[derive(Debug, Clone)]
pub struct LineTable {
    pub id: String,
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<BillLine>,
}

/// A bill page.
#[derive(Template)]
#[template(path = "cafe/bill.html")]
pub struct BillPage {
    pub c: Ctx,
    pub id: i64,
    pub number: String,
    pub name: String,
    pub status: String,
    pub status_label: String,
    /// (id, label, value).
    pub facts: Vec<(String, String, String)>,
    pub notes: Vec<String>,
    pub merged_into: Option<(String, String)>,
    /// Orders, charges, payments and the trail of merges and splits.
    pub tables: Vec<LineTable>,
    pub sessions: Vec<(String, String)>,
    /// Whether orders, payments, merges and splits may still change it.
    pub open: bool,
    pub can_settle: bool,
    pub products: Vec<(i64, String)>,
    pub registers: Vec<(i64, String)>,
    /// Other open bills it may merge into.
    pub others: Vec<(i64, String)>,
    /// The charges a split may take off, by id, with their label and amount.
    pub split_choices: Vec<(i64, String)>,
    pub key: String,
    pub error: Option<String>,
}

/// A play session's page.
#[derive(Template)]
#[template(path = "cafe/session.html")]
pub struct PlaySessionPage {
    pub c: Ctx,
    pub id: i64,
    pub station: String,
    pub state: String,
    pub state_label: String,
    pub facts: Vec<(String, String, String)>,
    /// (kind label, moment, by).
    pub events: Vec<(String, String, String)>,
    pub bill_href: String,
    pub tables: Vec<(i64, String)>,
    pub can_settle: bool,
    pub key: String,
    pub error: Option<String>,
}
