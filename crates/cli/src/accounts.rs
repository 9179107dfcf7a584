//! `mizan accounts`: the chart of accounts with balances and its three names, and the
//! operator's way to add an account under a default group or rename one (as `POST` and
//! `PATCH /api/v1/accounts` do).

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, anyhow, bail};
use clap::Subcommand;
use mizan_app::{Grant, Mizan, perm};
use mizan_domain::Refusal;
use mizan_domain::ledger::AccountKind;
use mizan_domain::ledger::accounts::{AccountNames, NewAccount};
use mizan_store::AccountBalance;

use crate::books::pick;

#[derive(Subcommand)]
pub enum AccountsCmd {
    /// The chart with each account's balance and its English, Arabic and Russian names.
    List {
        /// The tenant (needed when the database holds several).
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Add an account: a free five-digit code starting with its group's digit.
    Add {
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        code: String,
        /// asset, liability, equity, income or expense.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name_en: String,
        #[arg(long)]
        name_ar: String,
        #[arg(long)]
        name_ru: String,
    },
    /// Rename the account with `code` (its code and group stay).
    Rename {
        #[arg(long)]
        tenant: Option<i64>,
        #[arg(long)]
        code: String,
        #[arg(long)]
        name_en: String,
        #[arg(long)]
        name_ar: String,
        #[arg(long)]
        name_ru: String,
    },
}

fn refused(e: &impl Refusal) -> anyhow::Error {
    anyhow!("{}: {e}", e.code())
}

fn print(a: &AccountBalance, currency: &mizan_domain::Currency) {
    println!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        a.code,
        a.kind,
        currency.format(a.balance),
        a.name_en,
        a.name_ar,
        a.name_ru
    );
}

pub async fn accounts(app: &Arc<Mizan>, cmd: AccountsCmd) -> Result<ExitCode> {
    match cmd {
        AccountsCmd::List { tenant, json } => {
            let (scope, t) = pick(app, tenant).await?;
            let all = app
                .accounts(&Grant::<perm::BooksRead>::operator(scope))
                .await?;
            if json {
                let rows: Vec<_> = all
                    .iter()
                    .map(|a| {
                        serde_json::json!({"id": a.id, "code": a.code, "kind": a.kind,
                            "name_en": a.name_en, "name_ar": a.name_ar, "name_ru": a.name_ru,
                            "balance": t.currency.format(a.balance)})
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for a in &all {
                    print(a, &t.currency);
                }
            }
        }
        AccountsCmd::Add {
            tenant,
            code,
            kind,
            name_en,
            name_ar,
            name_ru,
        } => {
            let (scope, t) = pick(app, tenant).await?;
            let Some(kind) = AccountKind::parse(&kind) else {
                bail!("kind: asset, liability, equity, income or expense");
            };
            let names =
                AccountNames::parse(&name_en, &name_ar, &name_ru).map_err(|e| refused(&e))?;
            let account = NewAccount::parse(&code, kind, names).map_err(|e| refused(&e))?;
            let g = Grant::<perm::AccountsManage>::operator(scope);
            let a = app
                .create_account(&g, None, account)
                .await
                .map_err(|e| refused(&e))?;
            print(&a, &t.currency);
        }
        AccountsCmd::Rename {
            tenant,
            code,
            name_en,
            name_ar,
            name_ru,
        } => {
            let (scope, t) = pick(app, tenant).await?;
            let all = app
                .accounts(&Grant::<perm::BooksRead>::operator(scope))
                .await?;
            let Some(found) = all.iter().find(|a| a.code == code) else {
                bail!("no account with code {code}");
            };
            let names =
                AccountNames::parse(&name_en, &name_ar, &name_ru).map_err(|e| refused(&e))?;
            let g = Grant::<perm::AccountsManage>::operator(scope);
            let a = app
                .rename_account(&g, None, found.id, names)
                .await
                .map_err(|e| refused(&e))?;
            print(&a, &t.currency);
        }
    }
    Ok(ExitCode::SUCCESS)
}
