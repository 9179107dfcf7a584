//! The workshop's use cases: rolls of the fabrics kept in rolls and the shortage list
//! (`stock.read`); the cutting queue and reserving and cutting items (`workshop.cut`); making
//! cutting orders, cancelling items and writing rolls off (`workshop.manage`). Each write answers
//! with the item or order as it stands after it, read back; a repeated step answers the same.

use mizan_domain::staff::{Perm, perm};
use mizan_domain::workshop::{Action, ItemState, Roll, choose_roll};
use mizan_store::{
    Command, CuttingItem, CuttingOrder, FabricRoll, Idempotency, NewCuttingOrder, RollFilter,
    Shortage,
};
use serde::Serialize;

use crate::master::{found, written};
use crate::{AppError, Grant, Mizan};

/// An item in the cutting queue, with the roll a cut would come off now (`None`: no roll
/// holds it in one piece).
#[derive(Debug, Clone, Serialize)]
pub struct QueuedItem {
    pub item: CuttingItem,
    /// (roll id, label, what is left on it).
    pub roll: Option<(i64, String, i64)>,
}

/// The cutting queue: reserved items to cut, then pending items to reserve, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct CuttingQueue {
    pub to_cut: Vec<QueuedItem>,
    pub to_reserve: Vec<CuttingItem>,
}

impl Mizan {
    /// # Errors
    /// A store failure.
    pub async fn rolls(
        &self,
        g: &Grant<perm::StockRead>,
        filter: RollFilter,
    ) -> Result<Vec<FabricRoll>, AppError> {
        Ok(self.store.rolls(g.scope(), filter).await?)
    }

    /// A roll with every cut taken from it.
    ///
    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn roll(&self, g: &Grant<perm::StockRead>, id: i64) -> Result<FabricRoll, AppError> {
        found(self.store.roll(g.scope(), id).await?, "roll")
    }

    /// Writes off what is left of a roll (an offcut too short to use, a damaged roll):
    /// Dr damaged goods / Cr inventory at the moving average.
    ///
    /// # Errors
    /// `invalid_field` (`reason`), `roll_used_up`, `insufficient_stock` (cutting items hold
    /// it), `not_found`, or a store failure.
    pub async fn write_off_roll(
        &self,
        g: &Grant<perm::WorkshopManage>,
        idempotency: Option<Idempotency>,
        roll: i64,
        reason: String,
    ) -> Result<FabricRoll, AppError> {
        let cmd = Command::WriteOffRoll {
            roll,
            reason,
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(self.store.roll(g.scope(), w.id).await?, "roll")
    }

    /// Fabrics that open cutting items need more of than a warehouse has free.
    ///
    /// # Errors
    /// A store failure.
    pub async fn shortages(&self, g: &Grant<perm::StockRead>) -> Result<Vec<Shortage>, AppError> {
        Ok(self.store.shortages(g.scope()).await?)
    }

    /// Makes a cutting order, its items pending.
    ///
    /// # Errors
    /// `not_kept_in_rolls`, an unknown fabric, warehouse, roll or account, `invalid_field`, or
    /// a store failure.
    pub async fn create_cutting_order(
        &self,
        g: &Grant<perm::WorkshopManage>,
        idempotency: Option<Idempotency>,
        mut order: NewCuttingOrder,
    ) -> Result<CuttingOrder, AppError> {
        order.by = g.username().to_owned();
        order.now_ms = self.now_ms();
        let w = self
            .write(g, idempotency, Command::CreateCuttingOrder(order))
            .await?;
        written(
            self.store.cutting_order(g.scope(), w.id).await?,
            "cutting order",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn cutting_order(
        &self,
        g: &Grant<perm::WorkshopCut>,
        id: i64,
    ) -> Result<CuttingOrder, AppError> {
        found(
            self.store.cutting_order(g.scope(), id).await?,
            "cutting order",
        )
    }

    /// Items in `state`, oldest first: the cutting queue is the reserved ones.
    ///
    /// # Errors
    /// A store failure.
    pub async fn cutting_items(
        &self,
        g: &Grant<perm::WorkshopCut>,
        state: ItemState,
        limit: i64,
    ) -> Result<Vec<CuttingItem>, AppError> {
        Ok(self
            .store
            .cutting_items(g.scope(), state.as_str(), limit)
            .await?)
    }

    /// What the workshop's cutters work through (at most `limit` items of each kind), each
    /// reserved item with the roll the pure rule would cut it from.
    ///
    /// # Errors
    /// A store failure.
    pub async fn cutting_queue(
        &self,
        g: &Grant<perm::WorkshopCut>,
        limit: i64,
    ) -> Result<CuttingQueue, AppError> {
        let reserved = self.cutting_items(g, ItemState::Reserved, limit).await?;
        let to_reserve = self.cutting_items(g, ItemState::Pending, limit).await?;
        let mut rolls: Vec<((i64, i64), Vec<Roll>)> = Vec::new();
        let mut to_cut = Vec::with_capacity(reserved.len());
        for item in reserved {
            let key = (item.product_id.0, item.warehouse_id.0);
            if !rolls.iter().any(|(k, _)| *k == key) {
                let filter = RollFilter {
                    product: Some(item.product_id),
                    warehouse: Some(item.warehouse_id),
                    ..RollFilter::default()
                };
                let held = self.store.rolls(g.scope(), filter).await?;
                rolls.push((key, held.iter().map(as_roll).collect()));
            }
            let held = rolls
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(&[][..], |(_, r)| r.as_slice());
            let roll = choose_roll(
                held,
                item.length,
                item.roll_id,
                &item.product_code,
                item.warehouse_id,
            )
            .ok()
            .map(|r| (r.id, r.label.clone(), r.remaining));
            to_cut.push(QueuedItem { item, roll });
        }
        Ok(CuttingQueue { to_cut, to_reserve })
    }

    /// Reserves or cuts an item.
    ///
    /// # Errors
    /// `insufficient_stock`, `no_roll_long_enough`, `roll_too_short`, `cutting_item_state`,
    /// `not_found`, or a store failure.
    pub async fn work_cutting_item(
        &self,
        g: &Grant<perm::WorkshopCut>,
        idempotency: Option<Idempotency>,
        item: i64,
        cut: bool,
    ) -> Result<CuttingItem, AppError> {
        let action = if cut { Action::Cut } else { Action::Reserve };
        self.step_item(g, idempotency, item, action, None).await
    }

    /// Cancels an item: a reservation is let go; a cut (with a reason) goes back on its roll at
    /// the value it took.
    ///
    /// # Errors
    /// `invalid_field` (`reason`), `not_found`, or a store failure.
    pub async fn cancel_cutting_item(
        &self,
        g: &Grant<perm::WorkshopManage>,
        idempotency: Option<Idempotency>,
        item: i64,
        reason: Option<String>,
    ) -> Result<CuttingItem, AppError> {
        self.step_item(g, idempotency, item, Action::Cancel, reason)
            .await
    }

    async fn step_item<P: Perm>(
        &self,
        g: &Grant<P>,
        idempotency: Option<Idempotency>,
        item: i64,
        action: Action,
        reason: Option<String>,
    ) -> Result<CuttingItem, AppError> {
        let cmd = Command::StepCuttingItem {
            item,
            action,
            reason: reason.filter(|r| !r.trim().is_empty()),
            by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.cutting_item(g.scope(), w.id).await?,
            "cutting item",
        )
    }
}

fn as_roll(r: &FabricRoll) -> Roll {
    Roll {
        id: r.id,
        label: r.label.clone(),
        remaining: r.remaining,
        offcut: r.offcut,
    }
}
