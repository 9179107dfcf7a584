//! Stock: opening stock received at a cost (under `stock.manage`), and what is on hand (under
//! `stock.read`).

use mizan_domain::staff::perm;
use mizan_domain::workshop::NewRoll;
use mizan_domain::{OpeningStockId, ProductId, WarehouseId};
use mizan_store::{Command, Idempotency, OpeningStock, StockLevelRow};

use crate::master::{found, written};
use crate::{AppError, Grant, Mizan};

impl Mizan {
    /// Receives `qty` (thousandths) of `product` into `warehouse` at `unit_cost` (minor
    /// units): Dr Inventory / Cr Opening balance equity. A fabric kept in rolls comes in as
    /// `rolls`, which add up to `qty`.
    ///
    /// # Errors
    /// The posting rule's refusal (a quantity or cost out of range, an unknown product or
    /// warehouse), or a store failure.
    pub async fn post_opening_stock(
        &self,
        g: &Grant<perm::StockManage>,
        idempotency: Option<Idempotency>,
        warehouse: WarehouseId,
        product: ProductId,
        (qty, unit_cost): (i64, i64),
        rolls: Vec<NewRoll>,
    ) -> Result<OpeningStock, AppError> {
        let cmd = Command::PostOpeningStock {
            warehouse,
            product,
            qty,
            unit_cost,
            now_ms: self.now_ms(),
            rolls,
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store
                .opening_stock(g.scope(), OpeningStockId(w.id))
                .await?,
            "opening stock",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn opening_stock(
        &self,
        g: &Grant<perm::StockRead>,
        id: OpeningStockId,
    ) -> Result<OpeningStock, AppError> {
        found(
            self.store.opening_stock(g.scope(), id).await?,
            "opening stock",
        )
    }

    /// What each warehouse holds of each product, with its value at cost.
    ///
    /// # Errors
    /// A store failure.
    pub async fn stock_levels(
        &self,
        g: &Grant<perm::StockRead>,
        after: (WarehouseId, ProductId),
        limit: i64,
    ) -> Result<Vec<StockLevelRow>, AppError> {
        Ok(self.store.stock_level_page(g.scope(), after, limit).await?)
    }

    /// What each warehouse holds of `product`, with its value at cost.
    ///
    /// # Errors
    /// A store failure.
    pub async fn product_stock(
        &self,
        g: &Grant<perm::StockRead>,
        product: ProductId,
    ) -> Result<Vec<StockLevelRow>, AppError> {
        Ok(self.store.product_stock(g.scope(), product).await?)
    }
}
