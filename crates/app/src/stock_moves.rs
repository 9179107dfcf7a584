//! Stock between places and counted stock: transfers and counts posted under `stock.manage`,
//! read under `stock.read`.

use mizan_domain::staff::perm;
use mizan_domain::transfers::{StockCount, Transfer};
use mizan_store::{Command, Idempotency, StockDocument};

use crate::master::{found, written};
use crate::{AppError, Grant, Mizan};

/// Which stock document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockDocKind {
    Transfer,
    Count,
}

impl StockDocKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Transfer => "transfer",
            Self::Count => "count",
        }
    }
}

impl Mizan {
    /// Moves goods between two warehouses at the cost they leave with.
    ///
    /// # Errors
    /// An unknown warehouse or product, `insufficient_stock`, or a store failure.
    pub async fn transfer_stock(
        &self,
        g: &Grant<perm::StockManage>,
        idempotency: Option<Idempotency>,
        transfer: Transfer,
    ) -> Result<StockDocument, AppError> {
        let cmd = Command::TransferStock {
            transfer,
            moved_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        let doc = self
            .store
            .stock_document(g.scope(), "transfer", w.id)
            .await?;
        written(doc, "transfer")
    }

    /// Sets a warehouse's stock of the counted products to what was counted.
    ///
    /// # Errors
    /// An unknown warehouse or product, `product_without_cost` for found stock that cannot be
    /// valued, or a store failure.
    pub async fn count_stock(
        &self,
        g: &Grant<perm::StockManage>,
        idempotency: Option<Idempotency>,
        count: StockCount,
    ) -> Result<StockDocument, AppError> {
        let cmd = Command::CountStock {
            count,
            counted_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        let doc = self.store.stock_document(g.scope(), "count", w.id).await?;
        written(doc, "stock count")
    }

    /// A page of transfers or counts newest first, older than id `before`, `limit` (1 to
    /// 500) at a time, without their lines.
    ///
    /// # Errors
    /// A store failure.
    pub async fn stock_documents(
        &self,
        g: &Grant<perm::StockRead>,
        kind: StockDocKind,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<StockDocument>, AppError> {
        Ok(self
            .store
            .stock_documents(g.scope(), kind.as_str(), before, limit)
            .await?)
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn stock_document(
        &self,
        g: &Grant<perm::StockRead>,
        kind: StockDocKind,
        id: i64,
    ) -> Result<StockDocument, AppError> {
        let doc = self
            .store
            .stock_document(g.scope(), kind.as_str(), id)
            .await?;
        found(doc, "stock document")
    }
}
