//! Scanning and shop settings over HTTP: the product a scanned code names (the rules are the
//! app's `scan`), and the settings that drive the till.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{Mizan, Scanned, SettingsInput, perm};
use mizan_domain::QTY_SCALE;
use mizan_domain::decimal::format_scaled;
use serde::Deserialize;
use serde_json::{Value, json};

use super::views;
use crate::ApiError;
use crate::auth::Auth;
use crate::json::WriteRequest;

#[derive(Deserialize)]
pub struct LookupQuery {
    code: String,
}

/// The product a scanned code names, with the quantity and amount a scale barcode carries.
pub async fn lookup(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    q: Result<Query<LookupQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("code", e.body_text()))?;
    let t = &auth.tenant;
    Ok(Json(match app.scan(auth.grant(), t, &q.code).await? {
        Scanned::Plain(p) => json!({ "product": views::product(t, &p), "scale": false }),
        Scanned::Scale {
            product,
            plu,
            embedded,
            qty,
            amount,
        } => json!({
            "product": views::product(t, &product),
            "scale": true,
            "plu": plu,
            "embedded": embedded,
            "quantity": format_scaled(qty, QTY_SCALE),
            "amount": views::money(t, amount),
        }),
    }))
}

pub async fn get_settings(auth: Auth<perm::SettingsRead>) -> Json<Value> {
    Json(views::settings(&auth.tenant))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    require_open_session: Option<bool>,
    utc_offset_minutes: Option<i32>,
    scale_barcodes: Option<Vec<String>>,
    require_registered_devices: Option<bool>,
}

pub async fn update_settings(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::SettingsManage>,
) -> Result<Json<Value>, ApiError> {
    let b: SettingsBody = req.parse()?;
    let input = SettingsInput {
        require_open_session: b.require_open_session,
        utc_offset_minutes: b.utc_offset_minutes,
        scale_barcodes: b.scale_barcodes,
        require_registered_devices: b.require_registered_devices,
    };
    let tenant = app
        .update_settings(req.auth.grant(), req.idempotency.clone(), input)
        .await?;
    Ok(Json(views::settings(&tenant)))
}
