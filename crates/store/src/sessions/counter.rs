//! The counter-account of a pay-in or payout: the query that finds its role (`$1` tenant) and
//! the refusal it may earn.

/// The role of account `$2` and whether it is some register's drawer.
pub(crate) const COUNTER_ACCOUNT: &str = "SELECT a.role,
        EXISTS (SELECT 1 FROM cash_registers r WHERE r.tenant_id = a.tenant_id AND r.account_id = a.id)
     FROM accounts a WHERE a.tenant_id = $1 AND a.id = $2";

/// The pay-in/payout counter account's refusal, if any, from its [`COUNTER_ACCOUNT`] row.
pub(crate) fn check_counter(row: Option<(Option<String>, bool)>) -> Result<(), crate::WriteError> {
    let Some((role, is_drawer)) = row else {
        return Err(crate::WriteError::not_found("account_id"));
    };
    let role = role
        .as_deref()
        .and_then(mizan_domain::ledger::AccountRole::parse);
    Ok(mizan_domain::sessions::check_counter_account(
        role, is_drawer,
    )?)
}
