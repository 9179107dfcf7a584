//! The workshop's cutting page, made for a tablet at the cutting table: the reserved items
//! with the roll each comes off and one button to mark it cut, the pending items to reserve,
//! and the shortage list; and the installations page, per day, with the steps each may take.

use askama::Template;

use super::{Ctx, Table};

/// One item on the cutting page, written as the cutter reads it.
#[derive(Debug, Clone)]
pub struct CutCard {
    pub id: i64,
    /// The cutting order's number.
    pub order: String,
    pub fabric: String,
    /// Metres, as people write them.
    pub length: String,
    pub warehouse: String,
    /// The roll to cut from and what is left on it (`None`: no roll holds the length).
    pub roll: Option<String>,
}

#[derive(Template)]
#[template(path = "workshop/cutting.html")]
pub struct CuttingPage {
    pub c: Ctx,
    pub error: Option<String>,
    /// A fresh idempotency key prefix for this page's buttons.
    pub key: String,
    pub to_cut: Vec<CutCard>,
    pub to_reserve: Vec<CutCard>,
    /// May reserve items (the cutter may) and see the shortage list.
    pub shortages: Table,
}

/// One installation on the installations page.
#[derive(Debug, Clone)]
pub struct InstallCard {
    pub id: i64,
    pub number: String,
    pub team: String,
    /// `HH:MM–HH:MM`.
    pub window: String,
    pub address: String,
    pub status: String,
    pub status_label: String,
    /// (state, label) of each state it may move to.
    pub next: Vec<(String, String)>,
}

/// The installations of the coming days, per day, as a team reads them.
#[derive(Template)]
#[template(path = "workshop/installations.html")]
pub struct InstallationsPage {
    pub c: Ctx,
    pub error: Option<String>,
    pub key: String,
    /// (day as people read it, its installations).
    pub days: Vec<(String, Vec<InstallCard>)>,
}
