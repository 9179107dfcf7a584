//! Taking sales back: a return of a completed sale's lines, posted once with its refund and
//! stock; a seller whose role may not take back sales (a cashier) needs a manager's approval at
//! the till, and the audit row names the approver.

use mizan_domain::SaleId;
use mizan_domain::returns::ReturnDraft;
use mizan_domain::staff::{Perm, Permission, perm};
use mizan_store::{Command, Idempotency, SaleReturn};

use crate::{AppError, Approval, Grant, Mizan};

impl Mizan {
    /// Takes back lines of completed sale `sale`.
    ///
    /// # Errors
    /// `forbidden` (`sales.return`) without a needed approval, `approval_refused`, an unknown
    /// sale, or a refusal of the return rule (`return_exceeds_sale`, `insufficient_cash`, ...).
    pub async fn return_sale(
        &self,
        g: &Grant<perm::Sell>,
        idempotency: Option<Idempotency>,
        sale: SaleId,
        draft: ReturnDraft,
        approval: Option<Approval>,
    ) -> Result<SaleReturn, AppError> {
        let note = if g.refunds_need_approval() {
            let a = approval.ok_or(AppError::Forbidden {
                permission: Permission::SalesReturn,
            })?;
            let approver = self.approver(g, &a).await?;
            if !approver.role.grants(Permission::SalesReturn) {
                return Err(AppError::ApprovalRefused {
                    reason: "the approver's role may not take back sales",
                });
            }
            approver.note()
        } else {
            String::new()
        };
        let cmd = Command::CreateReturn {
            sale,
            draft,
            returned_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self
            .write_noted(g, idempotency, cmd, note)
            .await
            .map_err(crate::sales::sale_not_found)?;
        self.store
            .sale_return(g.scope(), w.id)
            .await?
            .ok_or(AppError::NotFound { what: "return" })
    }

    /// A return the holder may see: one they made, or any with `sales.read_all`.
    ///
    /// # Errors
    /// `not_found`, `forbidden`, or a store failure.
    pub async fn sale_return<P: Perm>(
        &self,
        g: &Grant<P>,
        id: i64,
    ) -> Result<SaleReturn, AppError> {
        let r = self
            .store
            .sale_return(g.scope(), id)
            .await?
            .ok_or(AppError::NotFound { what: "return" })?;
        g.may_see(&r.returned_by, Permission::SalesReadAll)?;
        Ok(r)
    }
}
