//! Branches, warehouses and cash registers: created under `catalog.manage`, read under
//! `catalog.read`.

use mizan_domain::staff::perm;
use mizan_domain::{BranchId, CashRegisterId, WarehouseId};
use mizan_store::{Branch, CashRegister, Command, Idempotency, Page, Warehouse};

use super::{found, text, written};
use crate::{AppError, Grant, Mizan};

impl Mizan {
    /// Creates a branch named `name` (at most 200 characters).
    ///
    /// # Errors
    /// An invalid name, or the store's refusal.
    pub async fn create_branch(
        &self,
        g: &Grant<perm::CatalogManage>,
        idempotency: Option<Idempotency>,
        name: &str,
    ) -> Result<Branch, AppError> {
        let name = text(name, "name", 200)?;
        let w = self
            .write(g, idempotency, Command::CreateBranch { name })
            .await?;
        written(
            self.store.branch(g.scope(), BranchId(w.id)).await?,
            "branch",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn branch(
        &self,
        g: &Grant<perm::CatalogRead>,
        id: BranchId,
    ) -> Result<Branch, AppError> {
        found(self.store.branch(g.scope(), id).await?, "branch")
    }

    /// A page of branches in id order.
    ///
    /// # Errors
    /// A store failure.
    pub async fn branches(
        &self,
        g: &Grant<perm::CatalogRead>,
        page: Page,
    ) -> Result<Vec<Branch>, AppError> {
        Ok(self.store.branches(g.scope(), page).await?)
    }

    /// Creates a warehouse (code at most 50 characters, name 200), in `branch` when given.
    ///
    /// # Errors
    /// An invalid code or name, or the store's refusal.
    pub async fn create_warehouse(
        &self,
        g: &Grant<perm::CatalogManage>,
        idempotency: Option<Idempotency>,
        branch: Option<BranchId>,
        code: &str,
        name: &str,
    ) -> Result<Warehouse, AppError> {
        let cmd = Command::CreateWarehouse {
            branch_id: branch,
            code: text(code, "code", 50)?,
            name: text(name, "name", 200)?,
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.warehouse(g.scope(), WarehouseId(w.id)).await?,
            "warehouse",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn warehouse(
        &self,
        g: &Grant<perm::CatalogRead>,
        id: WarehouseId,
    ) -> Result<Warehouse, AppError> {
        found(self.store.warehouse(g.scope(), id).await?, "warehouse")
    }

    /// A page of warehouses in id order.
    ///
    /// # Errors
    /// A store failure.
    pub async fn warehouses(
        &self,
        g: &Grant<perm::CatalogRead>,
        page: Page,
    ) -> Result<Vec<Warehouse>, AppError> {
        Ok(self.store.warehouses(g.scope(), page).await?)
    }

    /// Creates a cash register (name at most 100 characters), in `branch` when given.
    ///
    /// # Errors
    /// An invalid name, or the store's refusal.
    pub async fn create_cash_register(
        &self,
        g: &Grant<perm::CatalogManage>,
        idempotency: Option<Idempotency>,
        branch: Option<BranchId>,
        name: &str,
    ) -> Result<CashRegister, AppError> {
        let cmd = Command::CreateCashRegister {
            branch_id: branch,
            name: text(name, "name", 100)?,
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store
                .cash_register(g.scope(), CashRegisterId(w.id))
                .await?,
            "cash register",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn cash_register(
        &self,
        g: &Grant<perm::CatalogRead>,
        id: CashRegisterId,
    ) -> Result<CashRegister, AppError> {
        found(
            self.store.cash_register(g.scope(), id).await?,
            "cash register",
        )
    }

    /// A page of cash registers in id order.
    ///
    /// # Errors
    /// A store failure.
    pub async fn cash_registers(
        &self,
        g: &Grant<perm::CatalogRead>,
        page: Page,
    ) -> Result<Vec<CashRegister>, AppError> {
        Ok(self.store.cash_registers(g.scope(), page).await?)
    }
}
