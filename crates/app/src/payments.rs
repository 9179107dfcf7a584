//! Customers paying their debts (`payments.receive`: a cashier at the till too), statements of
//! account (customers under `reports.read`, suppliers under `purchases.read`) and aging
//! (`reports.read`).

use mizan_domain::payments::CustomerPayment;
use mizan_domain::staff::perm;
use mizan_domain::{CustomerId, SupplierId};
use mizan_store::{AgingRow, Command, CustomerPaymentRecord, Idempotency, StatementLine};

use crate::master::{found, written};
use crate::{AppError, Grant, Mizan};

impl Mizan {
    /// Takes a customer's payment on their debt.
    ///
    /// # Errors
    /// An unknown customer or register, `payment_exceeds_balance`, `allocation_exceeds_open`,
    /// `no_open_session`, or a store failure.
    pub async fn receive_customer_payment(
        &self,
        g: &Grant<perm::PaymentsReceive>,
        idempotency: Option<Idempotency>,
        payment: CustomerPayment,
    ) -> Result<CustomerPaymentRecord, AppError> {
        let cmd = Command::ReceiveCustomerPayment {
            payment,
            received_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.customer_payment(g.scope(), w.id).await?,
            "customer payment",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn customer_payment(
        &self,
        g: &Grant<perm::PaymentsReceive>,
        id: i64,
    ) -> Result<CustomerPaymentRecord, AppError> {
        found(
            self.store.customer_payment(g.scope(), id).await?,
            "customer payment",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn customer_statement(
        &self,
        g: &Grant<perm::ReportsRead>,
        customer: CustomerId,
    ) -> Result<Vec<StatementLine>, AppError> {
        found(self.store.customer(g.scope(), customer).await?, "customer")?;
        Ok(self.store.customer_statement(g.scope(), customer).await?)
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn supplier_statement(
        &self,
        g: &Grant<perm::PurchasesRead>,
        supplier: SupplierId,
    ) -> Result<Vec<StatementLine>, AppError> {
        found(self.store.supplier(g.scope(), supplier).await?, "supplier")?;
        Ok(self.store.supplier_statement(g.scope(), supplier).await?)
    }

    /// What customers (or, with `suppliers`, what the shop owes suppliers) have open by age at
    /// business day `as_of` (`YYYYMMDD`; today when `None`), and the day it is as of.
    ///
    /// # Errors
    /// A store failure.
    pub async fn aging(
        &self,
        g: &Grant<perm::ReportsRead>,
        suppliers: bool,
        as_of: Option<i32>,
    ) -> Result<(i32, Vec<AgingRow>), AppError> {
        let as_of = match as_of {
            Some(day) => day,
            None => self.today(&self.store.tenant(g.scope()).await?),
        };
        let rows = if suppliers {
            self.store.supplier_aging(g.scope(), as_of).await?
        } else {
            self.store.customer_aging(g.scope(), as_of).await?
        };
        Ok((as_of, rows))
    }
}
