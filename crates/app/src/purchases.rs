//! Buying from suppliers: suppliers (master data, created under `purchases.manage`), goods
//! received at their cost and sent back (`purchases.manage`), suppliers paid (`suppliers.pay`);
//! all read under `purchases.read`.

use mizan_domain::payments::SupplierPayment;
use mizan_domain::purchases::{PurchaseDraft, PurchaseReturnDraft};
use mizan_domain::staff::perm;
use mizan_domain::{PurchaseId, SupplierId};
use mizan_store::{
    Command, Idempotency, Page, Purchase, PurchaseReturn, Supplier, SupplierPaymentRecord,
};

use crate::master::{found, optional_text, text, written};
use crate::{AppError, Grant, Mizan};

/// A new supplier as a person enters it.
#[derive(Debug, Clone, Default)]
pub struct SupplierInput<'a> {
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub tax_number: Option<&'a str>,
}

impl Mizan {
    /// Creates a supplier (name at most 200 characters, phone and tax number 50).
    ///
    /// # Errors
    /// An invalid field, or the store's refusal.
    pub async fn create_supplier(
        &self,
        g: &Grant<perm::PurchasesManage>,
        idempotency: Option<Idempotency>,
        s: SupplierInput<'_>,
    ) -> Result<Supplier, AppError> {
        let cmd = Command::CreateSupplier {
            name: text(s.name, "name", 200)?,
            phone: optional_text(s.phone, "phone", 50)?,
            tax_number: optional_text(s.tax_number, "tax_number", 50)?,
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.supplier(g.scope(), SupplierId(w.id)).await?,
            "supplier",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn supplier(
        &self,
        g: &Grant<perm::PurchasesRead>,
        id: SupplierId,
    ) -> Result<Supplier, AppError> {
        found(self.store.supplier(g.scope(), id).await?, "supplier")
    }

    /// A page of the suppliers whose name, phone or tax number contains `text`.
    ///
    /// # Errors
    /// `text` empty or longer than 100 characters (`invalid_field`), or a store failure.
    pub async fn find_suppliers(
        &self,
        g: &Grant<perm::PurchasesRead>,
        text: &str,
        page: Page,
    ) -> Result<Vec<Supplier>, AppError> {
        let text = crate::master::search_text(text)?;
        Ok(self.store.suppliers_named(g.scope(), text, page).await?)
    }

    /// A page of suppliers in id order.
    ///
    /// # Errors
    /// A store failure.
    pub async fn suppliers(
        &self,
        g: &Grant<perm::PurchasesRead>,
        page: Page,
    ) -> Result<Vec<Supplier>, AppError> {
        Ok(self.store.suppliers(g.scope(), page).await?)
    }

    /// Receives goods from a supplier at their cost.
    ///
    /// # Errors
    /// An unknown supplier, warehouse or product, a product that does not track stock, or a
    /// store failure.
    pub async fn receive_purchase(
        &self,
        g: &Grant<perm::PurchasesManage>,
        idempotency: Option<Idempotency>,
        draft: PurchaseDraft,
    ) -> Result<Purchase, AppError> {
        let cmd = Command::CreatePurchase {
            draft,
            received_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.purchase(g.scope(), PurchaseId(w.id)).await?,
            "purchase",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn purchase(
        &self,
        g: &Grant<perm::PurchasesRead>,
        id: PurchaseId,
    ) -> Result<Purchase, AppError> {
        found(self.store.purchase(g.scope(), id).await?, "purchase")
    }

    /// Sends lines of receipt `purchase` back to its supplier.
    ///
    /// # Errors
    /// An unknown purchase or line, `return_exceeds_purchase`, `insufficient_stock`, or a store
    /// failure.
    pub async fn return_purchase(
        &self,
        g: &Grant<perm::PurchasesManage>,
        idempotency: Option<Idempotency>,
        purchase: PurchaseId,
        draft: PurchaseReturnDraft,
    ) -> Result<PurchaseReturn, AppError> {
        let cmd = Command::CreatePurchaseReturn {
            purchase,
            draft,
            returned_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.purchase_return(g.scope(), w.id).await?,
            "purchase return",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn purchase_return(
        &self,
        g: &Grant<perm::PurchasesRead>,
        id: i64,
    ) -> Result<PurchaseReturn, AppError> {
        found(
            self.store.purchase_return(g.scope(), id).await?,
            "purchase return",
        )
    }

    /// Pays a supplier.
    ///
    /// # Errors
    /// An unknown supplier or register, `no_open_session` or `insufficient_cash` from a drawer,
    /// or a store failure.
    pub async fn pay_supplier(
        &self,
        g: &Grant<perm::SuppliersPay>,
        idempotency: Option<Idempotency>,
        payment: SupplierPayment,
    ) -> Result<SupplierPaymentRecord, AppError> {
        let cmd = Command::PaySupplier {
            payment,
            paid_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.supplier_payment(g.scope(), w.id).await?,
            "supplier payment",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn supplier_payment(
        &self,
        g: &Grant<perm::PurchasesRead>,
        id: i64,
    ) -> Result<SupplierPaymentRecord, AppError> {
        found(
            self.store.supplier_payment(g.scope(), id).await?,
            "supplier payment",
        )
    }
}
