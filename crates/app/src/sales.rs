//! Selling: ring up a sale (completed at once or parked as a draft), complete a draft with its
//! payments, and read sales and receipts, each under the seller's rules: her own sessions and
//! sales unless her role reaches everyone's, her prices and discounts within her terms (checked
//! by the write itself against the list prices it reads).

use mizan_domain::sales::{Payments, SaleDraft, SellerTerms, Settlement};
use mizan_domain::staff::{Perm, Permission, perm};
use mizan_domain::{CashierSessionId, SaleId};
use mizan_store::{
    Branch, CashRegister, Command, Customer, Idempotency, Product, Sale, SaleStatus, WriteError,
};

use crate::{AppError, Approval, Grant, Mizan};

/// Everything a receipt prints besides the sale: shop branch, register, customer, and the
/// product of each line (`None` for one removed since).
#[derive(Debug, Clone)]
pub struct Receipt {
    pub sale: Sale,
    pub branch: Option<Branch>,
    pub register: Option<CashRegister>,
    pub customer: Option<Customer>,
    pub products: Vec<Option<Product>>,
}

/// A sale the client could not find: a store `not_found` about the sale itself.
pub(crate) fn sale_not_found(e: WriteError) -> AppError {
    match e {
        WriteError::NotFound { field } if field == "sale" => AppError::NotFound { what: "sale" },
        other => AppError::Write(other),
    }
}

impl Mizan {
    /// Rings up `draft`, completing it at once when `complete` says how it is settled; with
    /// a manager's `approval`, within the approver's terms (the audit row names them).
    ///
    /// # Errors
    /// Another cashier's session (`forbidden`), a price or discount beyond the seller's terms,
    /// or any refusal of the posting rule.
    pub async fn create_sale(
        &self,
        g: &Grant<perm::Sell>,
        idempotency: Option<Idempotency>,
        draft: SaleDraft,
        complete: Option<Settlement>,
        approval: Option<Approval>,
    ) -> Result<Sale, AppError> {
        self.own_session(g, draft.session()).await?;
        // A manager's approval at the till lends the sale the approver's terms.
        let (terms, note) = match &approval {
            None => (g.seller_terms(), String::new()),
            Some(a) => {
                let approver = self.approver(g, a).await?;
                (SellerTerms::of(approver.role), approver.note())
            }
        };
        let cmd = Command::CreateSale {
            draft,
            complete,
            cashier: g.username().to_owned(),
            terms,
            now_ms: self.now_ms(),
        };
        let w = self.write_noted(g, idempotency, cmd, note).await?;
        self.sale_written(g, SaleId(w.id)).await
    }

    /// Completes draft `sale` with `payments` (or as a whole by its payment method), in
    /// `session` when a draft parked in a closed shift moves to an open one.
    ///
    /// # Errors
    /// Another cashier's sale or session (`forbidden`), an unknown sale, or any refusal of the
    /// posting rule.
    pub async fn complete_sale(
        &self,
        g: &Grant<perm::Sell>,
        idempotency: Option<Idempotency>,
        sale: SaleId,
        payments: Option<Payments>,
        session: Option<CashierSessionId>,
    ) -> Result<Sale, AppError> {
        // A cashier completes (and reads back) only the sales she rang up.
        if !g.can(Permission::SalesReadAll)
            && let Some(s) = self.store.sale(g.scope(), sale).await?
        {
            g.may_see(&s.cashier, Permission::SalesReadAll)?;
        }
        self.own_session(g, session).await?;
        let cmd = Command::CompleteSale {
            sale,
            payments,
            session,
            now_ms: self.now_ms(),
        };
        let w = self
            .write(g, idempotency, cmd)
            .await
            .map_err(sale_not_found)?;
        self.sale_written(g, SaleId(w.id)).await
    }

    /// Throws a parked draft away, with the reason in the audit log: a seller discards the
    /// drafts they rang up, anyone's with `sales.read_all`.
    ///
    /// # Errors
    /// `not_found`, `forbidden`, an empty reason, `sale_already_completed` (a completed sale is
    /// corrected by a return), or a store failure.
    pub async fn discard_sale(
        &self,
        g: &Grant<perm::Sell>,
        idempotency: Option<Idempotency>,
        sale: SaleId,
        reason: &str,
    ) -> Result<Sale, AppError> {
        let s = self.sale(g, sale).await?;
        let reason = crate::master::text(reason, "reason", 200)?;
        let w = self
            .write_noted(g, idempotency, Command::DiscardSale { sale: s.id }, reason)
            .await
            .map_err(sale_not_found)?;
        self.sale_written(g, SaleId(w.id)).await
    }

    /// A sale the holder may see: one they rang up, or any with `sales.read_all`.
    ///
    /// # Errors
    /// `not_found`, `forbidden`, or a store failure.
    pub async fn sale<P: Perm>(&self, g: &Grant<P>, id: SaleId) -> Result<Sale, AppError> {
        let sale = self.sale_written(g, id).await?;
        g.may_see(&sale.cashier, Permission::SalesReadAll)?;
        Ok(sale)
    }

    /// Sales newest first, `limit` (1 to 500) at a time, below id `before`: the holder's own
    /// unless they may read everyone's.
    ///
    /// # Errors
    /// A store failure.
    pub async fn sales<P: Perm>(
        &self,
        g: &Grant<P>,
        limit: i64,
        before: Option<SaleId>,
    ) -> Result<Vec<Sale>, AppError> {
        Ok(self
            .store
            .sales(
                g.scope(),
                limit.clamp(1, 500),
                before,
                g.only_own(Permission::SalesReadAll),
            )
            .await?)
    }

    /// What the receipt of a completed sale prints.
    ///
    /// # Errors
    /// `not_found`, `forbidden`, `sale_not_completed` for a draft, or a store failure.
    pub async fn receipt<P: Perm>(&self, g: &Grant<P>, id: SaleId) -> Result<Receipt, AppError> {
        let sale = self.sale(g, id).await?;
        if sale.status != SaleStatus::Posted {
            return Err(AppError::Conflict {
                code: "sale_not_completed",
                message: "a draft sale has no receipt yet; complete it first".into(),
            });
        }
        let (store, scope) = (&self.store, g.scope());
        let branch = match sale.branch_id {
            Some(b) => store.branch(scope, b).await?,
            None => None,
        };
        let register = match sale.cash_register_id {
            Some(r) => store.cash_register(scope, r).await?,
            None => None,
        };
        let (customer, products) = self.customer_and_products(g, &sale).await?;
        Ok(Receipt {
            sale,
            branch,
            register,
            customer,
            products,
        })
    }

    /// The sale a write just made (or completed).
    async fn sale_written<P: Perm>(&self, g: &Grant<P>, id: SaleId) -> Result<Sale, AppError> {
        self.store
            .sale(g.scope(), id)
            .await?
            .ok_or(AppError::NotFound { what: "sale" })
    }

    /// Refuses a session that is not the holder's own, unless they may work in anyone's
    /// (`sessions.close_any`: a manager). An unknown session is left to the write, which names
    /// it.
    async fn own_session<P: Perm>(
        &self,
        g: &Grant<P>,
        session: Option<CashierSessionId>,
    ) -> Result<(), AppError> {
        let Some(id) = session else { return Ok(()) };
        if g.can(Permission::SessionsCloseAny) {
            return Ok(());
        }
        match self.store.cashier_session(g.scope(), id).await? {
            Some(s) if s.opened_by != g.username() => Err(AppError::Forbidden {
                permission: Permission::SessionsCloseAny,
            }),
            _ => Ok(()),
        }
    }
}

impl Mizan {
    /// The customer of `sale` and the product of each of its lines (`None` for one removed
    /// since), as its receipt and its return form name them.
    pub(crate) async fn customer_and_products<P: Perm>(
        &self,
        g: &Grant<P>,
        sale: &Sale,
    ) -> Result<(Option<Customer>, Vec<Option<Product>>), AppError> {
        let (store, scope) = (&self.store, g.scope());
        let customer = match sale.customer_id {
            Some(c) => store.customer(scope, c).await?,
            None => None,
        };
        let mut products = Vec::with_capacity(sale.lines.len());
        for l in &sale.lines {
            products.push(store.product(scope, l.product_id).await?);
        }
        Ok((customer, products))
    }
}
