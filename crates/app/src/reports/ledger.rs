//! The accountant's statements: trial balance and balance sheet at a business day, profit and
//! loss over a period, and stock valuation at a day. Each sums the accounts' (or the stock
//! moves') day balances through the store and arranges them with the domain's pure rules, so
//! a report costs O(accounts × days), never O(journal lines).

use mizan_domain::ProductId;
use mizan_domain::ledger::AccountRole;
use mizan_domain::ledger::statements::{
    BalanceSheet, ProfitAndLoss, TrialBalance, balance_sheet, profit_and_loss, trial_balance,
};
use mizan_domain::staff::perm;
use mizan_store::{Page, Product, StockLevelRow, Tenant, Warehouse};

use crate::{AppError, Grant, Mizan};

/// A range of business days, both ends included (`YYYYMMDD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

/// Every stock level at a day, with their total value and the inventory account's balance
/// that day (equal whenever the books are consistent), and the products and warehouses they
/// name (for a page that shows names, not ids).
#[derive(Debug, Clone)]
pub struct StockValuation {
    pub day: i32,
    pub levels: Vec<StockLevelRow>,
    pub total_value: i64,
    pub inventory_account: i64,
    /// The products of `levels`, in id order.
    pub products: Vec<Product>,
    /// Every warehouse, in id order.
    pub warehouses: Vec<Warehouse>,
}

impl Mizan {
    /// The business day `day` names, or today in `tenant`'s time.
    fn day_or_today(&self, tenant: &Tenant, day: Option<i32>) -> i32 {
        day.unwrap_or_else(|| self.today(tenant))
    }

    /// The trial balance at the end of business day `at` (today by default).
    ///
    /// # Errors
    /// A store failure.
    pub async fn trial_balance(
        &self,
        g: &Grant<perm::BooksRead>,
        tenant: &Tenant,
        at: Option<i32>,
    ) -> Result<(i32, TrialBalance), AppError> {
        let at = self.day_or_today(tenant, at);
        let accounts = self.store.account_totals(g.scope(), None, at).await?;
        Ok((at, trial_balance(accounts)))
    }

    /// Profit and loss over `from..=to` (by default the month so far).
    ///
    /// # Errors
    /// `from` after `to` (`invalid_field`); a store failure.
    pub async fn profit_and_loss(
        &self,
        g: &Grant<perm::ReportsRead>,
        tenant: &Tenant,
        from: Option<i32>,
        to: Option<i32>,
    ) -> Result<(Period, ProfitAndLoss), AppError> {
        let to = self.day_or_today(tenant, to);
        let from = from.unwrap_or(to / 100 * 100 + 1);
        if from > to {
            return Err(AppError::invalid(
                "from",
                "must not be after the period's end",
            ));
        }
        let accounts = self.store.account_totals(g.scope(), Some(from), to).await?;
        Ok((Period { from, to }, profit_and_loss(&accounts)))
    }

    /// The balance sheet at the end of business day `at` (today by default).
    ///
    /// # Errors
    /// A store failure.
    pub async fn balance_sheet(
        &self,
        g: &Grant<perm::BooksRead>,
        tenant: &Tenant,
        at: Option<i32>,
    ) -> Result<(i32, BalanceSheet), AppError> {
        let at = self.day_or_today(tenant, at);
        let accounts = self.store.account_totals(g.scope(), None, at).await?;
        Ok((at, balance_sheet(&accounts)))
    }

    /// Stock quantities and values at the end of business day `at` (today by default).
    ///
    /// # Errors
    /// A store failure.
    pub async fn stock_valuation(
        &self,
        g: &Grant<perm::ReportsRead>,
        tenant: &Tenant,
        at: Option<i32>,
    ) -> Result<StockValuation, AppError> {
        let day = self.day_or_today(tenant, at);
        let levels = self.store.stock_levels_at(g.scope(), day).await?;
        let accounts = self.store.account_totals(g.scope(), None, day).await?;
        let inventory_account = accounts
            .iter()
            .filter(|a| a.role == Some(AccountRole::Inventory))
            .map(mizan_domain::ledger::statements::AccountTotals::balance)
            .sum();
        let wanted: Vec<ProductId> = levels.iter().map(|l| l.product_id).collect();
        let products = self.report_products(g, &wanted).await?;
        let mut warehouses = Vec::new();
        let mut after = 0;
        loop {
            let page = self
                .store
                .warehouses(g.scope(), Page::after(after, Page::MAX))
                .await?;
            let full = i64::try_from(page.len()).unwrap_or(0) == Page::MAX;
            after = page.last().map_or(after, |w| w.id.0);
            warehouses.extend(page);
            if !full {
                break;
            }
        }
        Ok(StockValuation {
            day,
            total_value: levels.iter().map(|l| l.value).sum(),
            levels,
            inventory_account,
            products,
            warehouses,
        })
    }

    /// The products of `wanted` (ids, in any order, repeats allowed) in id order: for a report
    /// page that shows names, not ids. Read a page at a time, only as far as the last one.
    ///
    /// # Errors
    /// A store failure.
    pub async fn report_products(
        &self,
        g: &Grant<perm::ReportsRead>,
        wanted: &[ProductId],
    ) -> Result<Vec<Product>, AppError> {
        let mut wanted: Vec<i64> = wanted.iter().map(|p| p.0).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut products = Vec::new();
        let mut after = 0;
        while wanted.last().is_some_and(|last| *last > after) {
            let page = self
                .store
                .products(g.scope(), Page::after(after, Page::MAX))
                .await?;
            let Some(last) = page.last().map(|p| p.id.0) else {
                break;
            };
            after = last;
            let full = i64::try_from(page.len()).unwrap_or(0) == Page::MAX;
            products.extend(
                page.into_iter()
                    .filter(|p| wanted.binary_search(&p.id.0).is_ok()),
            );
            if !full {
                break;
            }
        }
        Ok(products)
    }
}
