//! Writing tenants: creation with the default chart of accounts, API tokens, settings.

use mizan_domain::Currency;
use mizan_domain::ledger::DEFAULT_CHART;

use crate::tx::{Arg, Tx, args};
use crate::write::Posting;
use crate::{ResourceKind, SettingsChanges, WriteError, Written};

/// Creates a tenant, its default chart of accounts and its owner token; returns its id.
pub(crate) fn create_tenant(
    tx: &mut dyn Tx,
    name: &str,
    currency: &Currency,
    owner: &str,
    token_hash: &str,
    now_ms: i64,
) -> Result<i64, WriteError> {
    let tenant = tx.insert_id(
        "INSERT INTO tenants (name, currency, exponent, created_at_ms, require_open_session)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        args![
            name = name,
            currency = currency.code.as_str(),
            exponent = i64::from(currency.exponent),
            created_at_ms = now_ms,
            require_open_session = true,
        ],
    )?;
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(DEFAULT_CHART.len() * 6);
    for a in DEFAULT_CHART {
        values.extend::<[Arg<'_>; 6]>([
            tenant.into(),
            a.code.into(),
            a.name_en.into(),
            a.name_ar.into(),
            a.kind.as_str().into(),
            a.role.map(|r| r.as_str()).into(),
        ]);
    }
    tx.insert_many(
        "INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)",
        6,
        &values,
        "",
    )?;
    issue_token(tx, tenant, owner, token_hash, now_ms)?;
    Ok(tenant)
}

/// Adds an API token (its hash) for `user` of tenant `t`.
pub(crate) fn issue_token(
    tx: &mut dyn Tx,
    t: i64,
    user: &str,
    token_hash: &str,
    now_ms: i64,
) -> Result<(), WriteError> {
    tx.defer(
        "INSERT INTO api_tokens (tenant_id, token_hash, user_name, created_at_ms)
         VALUES ($1, $2, $3, $4)",
        args![t, token_hash, user, now_ms],
    )?;
    Ok(())
}

pub(crate) fn update_settings(
    p: &mut Posting<'_>,
    changes: &SettingsChanges,
) -> Result<Written, WriteError> {
    let layouts = changes
        .scale_layouts
        .as_deref()
        .map(super::scale_layouts::encode);
    p.tx.defer(
        "UPDATE tenants SET
             require_open_session = COALESCE($2, require_open_session),
             utc_offset_minutes = COALESCE($3, utc_offset_minutes),
             scale_layouts = COALESCE($4, scale_layouts)
         WHERE id = $1",
        args![
            tenant = p.t,
            require_open_session = changes.require_open_session,
            utc_offset_minutes = changes.utc_offset_minutes,
            scale_layouts = layouts.as_deref(),
        ],
    )?;
    p.state.settings.remove(&p.t);
    Ok(Written::created(ResourceKind::Tenant, p.t))
}
