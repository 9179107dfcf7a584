//! The chart of accounts in the store: accounts the owner or accountant adds (under a default
//! group, never with a role, so never a sub-ledger account; a code is unique per tenant) and
//! renames (names only: a code and a group never change), and the read of one account with its
//! balance.

use mizan_domain::AccountId;
use mizan_domain::ledger::accounts::{AccountError, AccountNames, NewAccount};

use crate::tx::{Tx, args};
use crate::write::Posting;
use crate::{AccountBalance, ResourceKind, StoreError, TenantScope, WriteError, Written};

pub(crate) fn create(p: &mut Posting<'_>, a: &NewAccount) -> Result<Written, WriteError> {
    if p.tx.exists(
        "SELECT 1 FROM accounts WHERE tenant_id = $1 AND code = $2",
        args![p.t, a.code()],
    )? {
        return Err(AccountError::CodeTaken {
            code: a.code().to_owned(),
        }
        .into());
    }
    let n = a.names();
    let id = p.tx.insert_id(
        "INSERT INTO accounts (tenant_id, code, name_en, name_ar, name_ru, kind, role)
         VALUES ($1, $2, $3, $4, $5, $6, NULL) RETURNING id",
        args![p.t, a.code(), n.en(), n.ar(), n.ru(), a.kind().as_str()],
    )?;
    Ok(Written::created(ResourceKind::Account, id))
}

pub(crate) fn rename(
    p: &mut Posting<'_>,
    account: AccountId,
    n: &AccountNames,
) -> Result<Written, WriteError> {
    let changed = p.tx.execute(
        "UPDATE accounts SET name_en = $3, name_ar = $4, name_ru = $5
         WHERE tenant_id = $1 AND id = $2",
        args![p.t, account.0, n.en(), n.ar(), n.ru()],
    )?;
    if changed == 0 {
        return Err(WriteError::not_found("account"));
    }
    Ok(Written::created(ResourceKind::Account, account.0))
}

/// One account with its balance (debit positive), summed from its day balances.
pub(crate) fn account(
    tx: &mut dyn Tx,
    s: TenantScope,
    id: AccountId,
) -> Result<Option<AccountBalance>, StoreError> {
    tx.opt(
        "SELECT a.id, a.code, a.name_en, a.name_ar, a.name_ru, a.kind,
                CAST(COALESCE((SELECT SUM(d.debit - d.credit) FROM account_days d
                               WHERE d.tenant_id = a.tenant_id AND d.account_id = a.id), 0)
                     AS BIGINT)
         FROM accounts a WHERE a.tenant_id = $1 AND a.id = $2",
        args![s.id(), id.0],
        |r| {
            Ok(AccountBalance {
                id: AccountId(r.i64(0)?),
                code: r.text(1)?,
                name_en: r.text(2)?,
                name_ar: r.text(3)?,
                name_ru: r.text(4)?,
                kind: r.text(5)?,
                balance: r.i64(6)?,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use mizan_domain::ledger::DEFAULT_CHART;

    /// Tenants made before the chart had Russian names get them from the migrations: every
    /// default account is either back-filled with its name or inserted whole, on both backends.
    #[test]
    fn the_migrations_give_every_default_account_its_russian_name() {
        for sql in [
            include_str!("../../migrations/sqlite/0014_chart_of_accounts.sql"),
            include_str!("../../migrations/postgres/0016_chart_of_accounts.sql"),
        ] {
            for a in DEFAULT_CHART {
                let role = a.role.map_or("", |r| r.as_str());
                let back_filled = sql.contains(&format!("WHEN '{}' THEN '{}'", a.code, a.name_ru));
                let inserted = sql.contains(&format!(
                    "'{}', '{}', '{}', '{}', '{}', '{role}'",
                    a.code,
                    a.name_en,
                    a.name_ar,
                    a.name_ru,
                    a.kind.as_str()
                ));
                assert!(back_filled || inserted, "{} {}", a.code, a.name_ru);
            }
        }
    }
}
