//! The workshop in the store: fabrics kept in rolls, whose rolls follow every stock move
//! (`rolls`), and written off with a reason (`write_off`); cutting orders and the steps of
//! their items (`cutting`); installations, their teams and their one archive record each
//! (`installations`); and reading rolls, orders, the cutting queue and the shortage list back
//! (`read`).

pub(crate) mod cutting;
pub(crate) mod installations;
pub(crate) mod read;
pub(crate) mod rolls;
pub(crate) mod write_off;

use mizan_domain::{AccountId, ProductId, WarehouseId};
use serde::Serialize;

pub use cutting::{MAX_CUTTING_ITEMS, NewCuttingItem, NewCuttingOrder};
pub use installations::{
    Installation, InstallationArchive, InstallationEvent, InstallationFilter, InstallationMove,
    InstallationTeam, NewInstallation,
};

/// A roll of a fabric in a warehouse. Lengths in thousandths of a metre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FabricRoll {
    pub id: i64,
    pub warehouse_id: WarehouseId,
    pub warehouse_code: String,
    pub product_id: ProductId,
    pub product_code: String,
    pub label: String,
    pub width_mm: Option<i64>,
    pub length: i64,
    pub remaining: i64,
    /// What is left is below the tenant's minimum useful length.
    pub offcut: bool,
    /// Why what was left was written off, when it was.
    pub written_off: Option<String>,
    pub created_at_ms: i64,
    /// Every length taken from it (a put-back is negative), oldest first; empty in lists.
    pub cuts: Vec<RollCutRecord>,
}

/// A length taken from a roll, and what took it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollCutRecord {
    /// `sale`, `transfer`, `cutting_item`, ...
    pub doc_kind: String,
    pub doc_id: i64,
    pub length: i64,
    pub created_at_ms: i64,
}

/// A cutting order with its items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CuttingOrder {
    pub id: i64,
    pub number: String,
    pub note: Option<String>,
    pub charge_account_id: AccountId,
    pub created_by: String,
    pub created_at_ms: i64,
    pub items: Vec<CuttingItem>,
}

/// One item of a cutting order, as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CuttingItem {
    pub id: i64,
    pub order_id: i64,
    pub order_number: String,
    pub line_no: i64,
    pub product_id: ProductId,
    pub product_code: String,
    pub warehouse_id: WarehouseId,
    pub warehouse_code: String,
    pub length: i64,
    /// The roll asked for.
    pub roll_id: Option<i64>,
    /// `pending`, `reserved`, `cut` or `cancelled`.
    pub status: String,
    /// Once cut: the roll it came off and the cost it took.
    pub cut_roll_id: Option<i64>,
    pub cut_roll_label: Option<String>,
    pub cut_value: Option<i64>,
    pub reason: Option<String>,
    pub updated_by: String,
    pub updated_at_ms: i64,
}

/// A fabric that open cutting items need more of than a warehouse has free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shortage {
    pub warehouse_id: WarehouseId,
    pub warehouse_code: String,
    pub product_id: ProductId,
    pub product_code: String,
    /// What pending items need.
    pub needed: i64,
    pub on_hand: i64,
    /// What reserved items hold.
    pub reserved: i64,
    /// needed − (on hand − reserved).
    pub short: i64,
}
