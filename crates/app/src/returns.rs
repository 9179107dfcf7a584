//! Taking sales back: a return of a completed sale's lines, posted once with its refund and
//! stock; a seller whose role may not take back sales (a cashier) needs a manager's approval at
//! the till, and the audit row names the approver. A manager voids a sale in its open shift
//! (the return of all of it, with the reason in the audit row); a return prints a receipt. The
//! till finds the sale to take back by its receipt's number (`returnable_sale`).

use mizan_domain::SaleId;
use mizan_domain::returns::ReturnDraft;
use mizan_domain::staff::{Perm, Permission, perm};
use mizan_store::{
    Branch, CashRegister, Command, Customer, Idempotency, Product, Sale, SaleReturn, SaleStatus,
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

/// A completed sale as the till takes it back: its lines, the product of each (`None` for one
/// removed since) and how much of each line earlier returns took.
#[derive(Debug, Clone)]
pub struct ReturnableSale {
    pub sale: Sale,
    pub customer: Option<Customer>,
    pub products: Vec<Option<Product>>,
    /// Thousandths of each sale line (in line order) already taken back.
    pub returned: Vec<i64>,
}

impl ReturnableSale {
    /// How much of sale line `i` may still come back, in thousandths.
    #[must_use]
    pub fn left(&self, i: usize) -> i64 {
        let sold = self.sale.lines.get(i).map_or(0, |l| l.qty);
        sold.saturating_sub(self.returned.get(i).copied().unwrap_or(0))
            .max(0)
    }

    /// The way the sale was paid most (`cash`, `card`, `bank_transfer`, `credit`), the refund's
    /// way back by default; `None` for a sale without payments.
    #[must_use]
    pub fn paid_by(&self) -> Option<&str> {
        self.sale
            .payments
            .iter()
            .max_by_key(|p| p.amount)
            .map(|p| p.method.as_str())
    }
}

impl Mizan {
    /// The completed sale numbered `number` (its receipt's number), with what earlier returns
    /// took of each line: seen as the sale itself is (one the holder rang up, or any with
    /// `sales.read_all`).
    ///
    /// # Errors
    /// `not_found` (no sale has that number), `forbidden`, `sale_not_completed`, or a store
    /// failure.
    pub async fn returnable_sale(
        &self,
        g: &Grant<perm::Sell>,
        number: &str,
    ) -> Result<ReturnableSale, AppError> {
        let number = number.trim();
        if number.is_empty() {
            return Err(AppError::NotFound { what: "sale" });
        }
        let (store, scope) = (&self.store, g.scope());
        let id = store
            .sale_by_number(scope, number)
            .await?
            .ok_or(AppError::NotFound { what: "sale" })?;
        let sale = self.sale(g, id).await?;
        if sale.status != SaleStatus::Posted {
            return Err(AppError::Conflict {
                code: "sale_not_completed",
                message: "only a completed sale can be returned".into(),
            });
        }
        let mut returned = vec![0_i64; sale.lines.len()];
        for r in store.returns_of_sale(scope, sale.id).await? {
            for l in &r.lines {
                if let Some(q) = usize::try_from(l.line_no)
                    .ok()
                    .and_then(|i| returned.get_mut(i))
                {
                    *q = q.saturating_add(l.qty);
                }
            }
        }
        let (customer, products) = self.customer_and_products(g, &sale).await?;
        Ok(ReturnableSale {
            sale,
            customer,
            products,
            returned,
        })
    }

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
