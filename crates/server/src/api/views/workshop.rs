//! Answers about the workshop: rolls with their cuts, cutting orders and items, shortages.

use mizan_store::{
    CuttingItem as ItemRecord, CuttingOrder as OrderRecord, FabricRoll, RollCutRecord,
    Shortage as ShortageRecord, Tenant,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::{Money, Quantity, Timestamp};

/// A length taken from a roll (negative: put back), and what took it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RollCut {
    /// `sale`, `transfer`, `cutting_item`, ...
    pub doc_kind: String,
    pub doc_id: i64,
    pub length: Quantity,
    pub at: Timestamp,
}

/// A roll of a fabric kept in rolls.
#[derive(Debug, Serialize, ToSchema)]
pub struct Roll {
    pub id: i64,
    pub warehouse_id: i64,
    pub warehouse_code: String,
    pub product_id: i64,
    pub product_code: String,
    pub label: String,
    #[schema(required)]
    pub width_mm: Option<i64>,
    /// Metres received.
    pub length: Quantity,
    /// Metres left.
    pub remaining: Quantity,
    /// What is left is below the shop's minimum useful length.
    pub offcut: bool,
    /// Why what was left was written off, when it was.
    #[schema(required)]
    pub written_off: Option<String>,
    pub received_at: Timestamp,
    /// Every length taken from it, oldest first (only when one roll is asked for).
    pub cuts: Vec<RollCut>,
}

impl Roll {
    pub fn of(r: &FabricRoll) -> Self {
        Self {
            id: r.id,
            warehouse_id: r.warehouse_id.0,
            warehouse_code: r.warehouse_code.clone(),
            product_id: r.product_id.0,
            product_code: r.product_code.clone(),
            label: r.label.clone(),
            width_mm: r.width_mm,
            length: Quantity::of(r.length),
            remaining: Quantity::of(r.remaining),
            offcut: r.offcut,
            written_off: r.written_off.clone(),
            received_at: Timestamp::at(r.created_at_ms),
            cuts: r.cuts.iter().map(cut).collect(),
        }
    }
}

fn cut(c: &RollCutRecord) -> RollCut {
    RollCut {
        doc_kind: c.doc_kind.clone(),
        doc_id: c.doc_id,
        length: Quantity::of(c.length),
        at: Timestamp::at(c.created_at_ms),
    }
}

/// One length of one fabric to cut, and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct CuttingItem {
    pub id: i64,
    pub order_id: i64,
    pub order_number: String,
    pub product_id: i64,
    pub product_code: String,
    pub warehouse_id: i64,
    pub warehouse_code: String,
    pub length: Quantity,
    /// The roll asked for.
    #[schema(required)]
    pub roll_id: Option<i64>,
    /// `pending`, `reserved`, `cut` or `cancelled`.
    pub status: String,
    /// Once cut: the roll it came off and the cost it took into work in progress.
    #[schema(required)]
    pub cut_roll_id: Option<i64>,
    #[schema(required)]
    pub cut_roll_label: Option<String>,
    #[schema(required)]
    pub cut_value: Option<Money>,
    #[schema(required)]
    pub reason: Option<String>,
    pub updated_by: String,
    pub updated_at: Timestamp,
}

impl CuttingItem {
    pub fn of(t: &Tenant, i: &ItemRecord) -> Self {
        Self {
            id: i.id,
            order_id: i.order_id,
            order_number: i.order_number.clone(),
            product_id: i.product_id.0,
            product_code: i.product_code.clone(),
            warehouse_id: i.warehouse_id.0,
            warehouse_code: i.warehouse_code.clone(),
            length: Quantity::of(i.length),
            roll_id: i.roll_id,
            status: i.status.clone(),
            cut_roll_id: i.cut_roll_id,
            cut_roll_label: i.cut_roll_label.clone(),
            cut_value: i.cut_value.map(|v| Money::of(t, v)),
            reason: i.reason.clone(),
            updated_by: i.updated_by.clone(),
            updated_at: Timestamp::at(i.updated_at_ms),
        }
    }
}

/// A cutting order with its items.
#[derive(Debug, Serialize, ToSchema)]
pub struct CuttingOrder {
    pub id: i64,
    /// `CUT-…`, gapless.
    pub number: String,
    #[schema(required)]
    pub note: Option<String>,
    /// Where the cut fabric's cost goes (work in progress unless the order named another).
    pub charge_account_id: i64,
    pub created_by: String,
    pub created_at: Timestamp,
    pub items: Vec<CuttingItem>,
}

impl CuttingOrder {
    pub fn of(t: &Tenant, o: &OrderRecord) -> Self {
        Self {
            id: o.id,
            number: o.number.clone(),
            note: o.note.clone(),
            charge_account_id: o.charge_account_id.0,
            created_by: o.created_by.clone(),
            created_at: Timestamp::at(o.created_at_ms),
            items: o.items.iter().map(|i| CuttingItem::of(t, i)).collect(),
        }
    }
}

/// A fabric that pending cutting items need more of than a warehouse has free.
#[derive(Debug, Serialize, ToSchema)]
pub struct Shortage {
    pub warehouse_id: i64,
    pub warehouse_code: String,
    pub product_id: i64,
    pub product_code: String,
    /// What pending items need.
    pub needed: Quantity,
    pub on_hand: Quantity,
    /// What reserved items hold.
    pub reserved: Quantity,
    /// What is missing: needed less (on hand less reserved).
    pub short: Quantity,
}

impl Shortage {
    pub fn of(s: &ShortageRecord) -> Self {
        Self {
            warehouse_id: s.warehouse_id.0,
            warehouse_code: s.warehouse_code.clone(),
            product_id: s.product_id.0,
            product_code: s.product_code.clone(),
            needed: Quantity::of(s.needed),
            on_hand: Quantity::of(s.on_hand),
            reserved: Quantity::of(s.reserved),
            short: Quantity::of(s.short),
        }
    }
}
