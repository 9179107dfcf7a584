//! The chart of accounts: accounts added under the default groups and renamed (under
//! `accounts.manage`), one account read (under `books.read`), and the opening balances of
//! customers and suppliers (under `books.post`, like manual entries: on their own day, not
//! after today and not in a locked period).

use mizan_domain::AccountId;
use mizan_domain::ledger::accounts::{AccountNames, NewAccount};
use mizan_domain::opening::balances::OpeningBalance;
use mizan_domain::staff::perm;
use mizan_store::{AccountBalance, Command, Idempotency, OpeningBalanceRecord};

use crate::master::{found, written};
use crate::{AppError, Grant, Mizan};

impl Mizan {
    /// Adds an account (never a sub-ledger account) to the chart.
    ///
    /// # Errors
    /// `account_code_taken`, or a store failure.
    pub async fn create_account(
        &self,
        g: &Grant<perm::AccountsManage>,
        idempotency: Option<Idempotency>,
        account: NewAccount,
    ) -> Result<AccountBalance, AppError> {
        let w = self
            .write(g, idempotency, Command::CreateAccount(account))
            .await?;
        written(
            self.store.account(g.scope(), AccountId(w.id)).await?,
            "account",
        )
    }

    /// Renames an account; its code and group stay.
    ///
    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn rename_account(
        &self,
        g: &Grant<perm::AccountsManage>,
        idempotency: Option<Idempotency>,
        account: AccountId,
        names: AccountNames,
    ) -> Result<AccountBalance, AppError> {
        self.write(g, idempotency, Command::RenameAccount { account, names })
            .await?;
        found(self.store.account(g.scope(), account).await?, "account")
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn account(
        &self,
        g: &Grant<perm::BooksRead>,
        account: AccountId,
    ) -> Result<AccountBalance, AppError> {
        found(self.store.account(g.scope(), account).await?, "account")
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn opening_balance(
        &self,
        g: &Grant<perm::BooksRead>,
        id: mizan_domain::OpeningBalanceId,
    ) -> Result<OpeningBalanceRecord, AppError> {
        found(
            self.store.opening_balance(g.scope(), id).await?,
            "opening balance",
        )
    }

    /// Posts a customer's or supplier's opening balance against opening balance equity.
    ///
    /// # Errors
    /// A date after today (`invalid_field`), an unknown party, `opening_balance_exists`,
    /// `period_locked`, or a store failure.
    pub async fn post_opening_balance(
        &self,
        g: &Grant<perm::BooksPost>,
        idempotency: Option<Idempotency>,
        balance: OpeningBalance,
    ) -> Result<OpeningBalanceRecord, AppError> {
        if balance.day() > self.today_of(g).await? {
            return Err(AppError::invalid("date", "must not be after today"));
        }
        let cmd = Command::PostOpeningBalance {
            balance,
            posted_by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store
                .opening_balance(g.scope(), mizan_domain::OpeningBalanceId(w.id))
                .await?,
            "opening balance",
        )
    }
}
