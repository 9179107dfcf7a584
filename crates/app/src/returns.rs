//! Taking sales back: a return of a completed sale's lines, posted once with its refund and
//! stock; a seller whose role may not take back sales (a cashier) needs a manager's approval at
//! the till, and the audit row names the approver. A manager voids a sale in its open shift
//! (the return of all of it, with the reason in the audit row); a return prints a receipt.

use mizan_domain::SaleId;
use mizan_domain::returns::ReturnDraft;
use mizan_domain::staff::{Perm, Permission, perm};
use mizan_store::{
    Branch, CashRegister, Command, Customer, Idempotency, Product, Sale, SaleReturn,
};

use crate::{AppError, Approval, Grant, Mizan};

/// Everything a return's receipt prints besides the return: its sale, the sale's branch,
/// register and customer, and the product of each returned line (`None` for one removed since).
#[derive(Debug, Clone)]
pub struct ReturnReceipt {
    pub sale_return: SaleReturn,
    pub sale: Sale,
    pub branch: Option<Branch>,
    pub register: Option<CashRegister>,
    pub customer: Option<Customer>,
    pub products: Vec<Option<Product>>,
}

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

    /// Voids completed sale `sale` while its cashier session is open: every line comes back
    /// whole to the warehouse it left and the money goes back the way it was paid. `reason`
    /// is the return's reason and the audit row's note.
    ///
    /// # Errors
    /// An empty reason, `not_found`, `sale_not_completed`, `sale_already_returned`,
    /// `void_session_closed`, `void_mixed_payments`, `void_mixed_warehouses`, a refusal of the
    /// return rule (`insufficient_cash`, ...), or a store failure.
    pub async fn void_sale(
        &self,
        g: &Grant<perm::SalesVoid>,
        idempotency: Option<Idempotency>,
        sale: SaleId,
        reason: &str,
    ) -> Result<SaleReturn, AppError> {
        let reason = crate::master::text(reason, "reason", mizan_domain::returns::MAX_REASON)?;
        let cmd = Command::VoidSale {
            sale,
            reason: reason.clone(),
            voided_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self
            .write_noted(g, idempotency, cmd, reason)
            .await
            .map_err(crate::sales::sale_not_found)?;
        self.store
            .sale_return(g.scope(), w.id)
            .await?
            .ok_or(AppError::NotFound { what: "return" })
    }

    /// What the receipt of return `id` prints.
    ///
    /// # Errors
    /// `not_found`, `forbidden`, or a store failure.
    pub async fn return_receipt<P: Perm>(
        &self,
        g: &Grant<P>,
        id: i64,
    ) -> Result<ReturnReceipt, AppError> {
        let sale_return = self.sale_return(g, id).await?;
        let (store, scope) = (&self.store, g.scope());
        let sale = store
            .sale(scope, sale_return.sale_id)
            .await?
            .ok_or(AppError::NotFound { what: "sale" })?;
        let branch = match sale.branch_id {
            Some(b) => store.branch(scope, b).await?,
            None => None,
        };
        let register = match sale_return.cash_register_id.or(sale.cash_register_id) {
            Some(r) => store.cash_register(scope, r).await?,
            None => None,
        };
        let customer = match sale_return.customer_id {
            Some(c) => store.customer(scope, c).await?,
            None => None,
        };
        let mut products = Vec::with_capacity(sale_return.lines.len());
        for l in &sale_return.lines {
            products.push(store.product(scope, l.product_id).await?);
        }
        Ok(ReturnReceipt {
            sale_return,
            sale,
            branch,
            register,
            customer,
            products,
        })
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
