//! Customers: created and given a credit limit under `customers.manage`, read under
//! `catalog.read`.

use mizan_domain::CustomerId;
use mizan_domain::staff::perm;
use mizan_store::{Command, Customer, Idempotency, Page};

use super::{found, optional_text, text, written};
use crate::{AppError, Grant, Mizan};

/// A credit limit (minor units) must not be negative; `None` is no limit.
fn credit_limit(limit: Option<i64>) -> Result<Option<i64>, AppError> {
    if limit.is_some_and(|l| l < 0) {
        return Err(AppError::invalid("credit_limit", "must not be negative"));
    }
    Ok(limit)
}

impl Mizan {
    /// Creates a customer (name at most 200 characters, phone 50) with an optional credit
    /// limit in minor units.
    ///
    /// # Errors
    /// An invalid name, phone or limit, or the store's refusal.
    pub async fn create_customer(
        &self,
        g: &Grant<perm::CustomersManage>,
        idempotency: Option<Idempotency>,
        name: &str,
        phone: Option<&str>,
        limit: Option<i64>,
    ) -> Result<Customer, AppError> {
        let cmd = Command::CreateCustomer {
            name: text(name, "name", 200)?,
            phone: optional_text(phone, "phone", 50)?,
            credit_limit: credit_limit(limit)?,
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.customer(g.scope(), CustomerId(w.id)).await?,
            "customer",
        )
    }

    /// Sets (or with `None`, removes) a customer's credit limit.
    ///
    /// # Errors
    /// A negative limit, or the store's refusal (an unknown customer).
    pub async fn set_credit_limit(
        &self,
        g: &Grant<perm::CustomersManage>,
        idempotency: Option<Idempotency>,
        customer: CustomerId,
        limit: Option<i64>,
    ) -> Result<Customer, AppError> {
        let cmd = Command::SetCreditLimit {
            customer,
            credit_limit: credit_limit(limit)?,
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store.customer(g.scope(), CustomerId(w.id)).await?,
            "customer",
        )
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn customer(
        &self,
        g: &Grant<perm::CatalogRead>,
        id: CustomerId,
    ) -> Result<Customer, AppError> {
        found(self.store.customer(g.scope(), id).await?, "customer")
    }

    /// A page of customers in id order.
    ///
    /// # Errors
    /// A store failure.
    pub async fn customers(
        &self,
        g: &Grant<perm::CatalogRead>,
        page: Page,
    ) -> Result<Vec<Customer>, AppError> {
        Ok(self.store.customers(g.scope(), page).await?)
    }

    /// A page of the customers whose name or phone contains `text`.
    ///
    /// # Errors
    /// `text` empty or longer than 100 characters (`invalid_field`), or a store failure.
    pub async fn find_customers(
        &self,
        g: &Grant<perm::CatalogRead>,
        text: &str,
        page: Page,
    ) -> Result<Vec<Customer>, AppError> {
        let text = crate::master::search_text(text)?;
        Ok(self.store.customers_named(g.scope(), text, page).await?)
    }
}
