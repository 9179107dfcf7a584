//! The workshop's cutting page, made for a tablet at the cutting table: the reserved items
//! with the roll each comes off and one button to mark it cut, the pending items to reserve,
//! and the shortage list.

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
