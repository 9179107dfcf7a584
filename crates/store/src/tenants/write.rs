//! Writing tenants: creation with the default chart of accounts and its owner, settings.

use mizan_domain::cafe::OpeningHours;
use mizan_domain::ledger::DEFAULT_CHART;
use mizan_domain::{Currency, UserId};

use crate::tx::{Arg, Tx, args};
use crate::write::Posting;
use crate::{NewToken, NewUser, ResourceKind, SettingsChanges, TokenKind, WriteError, Written};

/// Creates a tenant, its default chart of accounts, its owner (a user without a password) and
/// the owner's first token; returns its id.
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
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(DEFAULT_CHART.len() * 7);
    for a in DEFAULT_CHART {
        values.extend::<[Arg<'_>; 7]>([
            tenant.into(),
            a.code.into(),
            a.name_en.into(),
            a.name_ar.into(),
            a.name_ru.into(),
            a.kind.as_str().into(),
            a.role.map(|r| r.as_str()).into(),
        ]);
    }
    tx.insert_many(
        "INSERT INTO accounts (tenant_id, code, name_en, name_ar, name_ru, kind, role)",
        7,
        &values,
        "",
    )?;
    let user = crate::staff::write::insert_user(
        tx,
        tenant,
        &NewUser {
            username: owner.to_owned(),
            password_hash: None,
            role: "owner".to_owned(),
            language: "en".to_owned(),
            branches: Vec::new(),
            now_ms,
        },
    )?;
    let token = NewToken {
        user: UserId(user),
        token_hash: token_hash.to_owned(),
        kind: TokenKind::Api,
        label: "owner".to_owned(),
        expires_at_ms: None,
        device: None,
        now_ms,
    };
    crate::staff::write::insert_token(tx, tenant, &token)?;
    Ok(tenant)
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
             scale_layouts = COALESCE($4, scale_layouts),
             require_registered_devices = COALESCE($5, require_registered_devices),
             cafe_opens = COALESCE($6, cafe_opens),
             cafe_closes = COALESCE($7, cafe_closes),
             roll_min_useful = COALESCE($8, roll_min_useful)
         WHERE id = $1",
        args![
            tenant = p.t,
            require_open_session = changes.require_open_session,
            utc_offset_minutes = changes.utc_offset_minutes,
            scale_layouts = layouts.as_deref(),
            require_registered_devices = changes.require_registered_devices,
            cafe_opens = changes.cafe_hours.map(OpeningHours::opens),
            cafe_closes = changes.cafe_hours.map(OpeningHours::closes),
            roll_min_useful = changes.roll_min_useful,
        ],
    )?;
    p.state.settings.remove(&p.t);
    Ok(Written::created(ResourceKind::Tenant, p.t))
}
