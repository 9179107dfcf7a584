//! Scanning and shop settings: product lookup by barcode, including EAN-13 scale barcodes that
//! carry a weight or a price in the tenant's layouts; the settings that drive them.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{Mizan, perm};
use mizan_domain::QTY_SCALE;
use mizan_domain::barcode::{Embedded, ScaleLayout, decode_scale};
use mizan_domain::decimal::{QTY_ONE, div_round, format_scaled};
use mizan_store::{Command, ProductKey, SettingsChanges};
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
    let code = q.code.trim();
    if code.is_empty() || code.len() > 64 || code.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            "code",
            "1 to 64 characters, no control characters",
        ));
    }
    let t = &auth.tenant;
    if let Some(p) = app
        .store()
        .product_by_code(auth.scope(), ProductKey::Barcode(code))
        .await?
    {
        return Ok(Json(
            json!({ "product": views::product(t, &p), "scale": false }),
        ));
    }
    let layouts: Vec<ScaleLayout> = t
        .scale_layouts
        .iter()
        .filter_map(|l| ScaleLayout::parse(l).ok())
        .collect();
    let read = decode_scale(&layouts, code).map_err(|e| {
        let mut err = ApiError::invalid("code", e.to_string());
        err.code = e.code();
        err
    })?;
    let Some(read) = read else {
        return Err(ApiError::not_found("product with this barcode"));
    };
    let p = app
        .store()
        .product_by_code(auth.scope(), ProductKey::Plu(&read.plu))
        .await?
        .ok_or_else(|| ApiError::not_found("product with this scale item code"))?;
    let (qty, amount) = match read.embedded {
        Embedded::Weight => (
            read.value,
            i64::try_from(div_round(
                i128::from(read.value) * i128::from(p.sale_price),
                i128::from(QTY_ONE),
            ))
            .unwrap_or(i64::MAX),
        ),
        Embedded::Price if p.sale_price > 0 => (
            i64::try_from(div_round(
                i128::from(read.value) * i128::from(QTY_ONE),
                i128::from(p.sale_price),
            ))
            .unwrap_or(i64::MAX),
            read.value,
        ),
        Embedded::Price => {
            return Err(ApiError::invalid(
                "code",
                "a price barcode needs a product with a sale price",
            ));
        }
    };
    Ok(Json(json!({
        "product": views::product(t, &p),
        "scale": true,
        "plu": read.plu,
        "embedded": read.embedded,
        "quantity": format_scaled(qty, QTY_SCALE),
        "amount": views::money(t, amount),
    })))
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
}

pub async fn update_settings(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::SettingsManage>,
) -> Result<Json<Value>, ApiError> {
    let b: SettingsBody = req.parse()?;
    if b.utc_offset_minutes
        .is_some_and(|m| !(-720..=840).contains(&m))
    {
        return Err(ApiError::invalid(
            "utc_offset_minutes",
            "must be between -720 and 840",
        ));
    }
    let layouts = match b.scale_barcodes {
        None => None,
        Some(list) => {
            if list.len() > 8 {
                return Err(ApiError::invalid("scale_barcodes", "at most 8 layouts"));
            }
            let mut out = Vec::with_capacity(list.len());
            for (i, l) in list.iter().enumerate() {
                out.push(ScaleLayout::parse(l).map_err(|e| {
                    let mut err = ApiError::invalid(&format!("scale_barcodes[{i}]"), e.to_string());
                    err.code = e.code();
                    err
                })?);
            }
            Some(out)
        }
    };
    let cmd = Command::UpdateSettings(SettingsChanges {
        require_open_session: b.require_open_session,
        utc_offset_minutes: b.utc_offset_minutes,
        scale_layouts: layouts,
    });
    app.write(req.auth.grant(), req.idempotency.clone(), cmd)
        .await
        .map_err(ApiError::from_write)?;
    // Straight from the store: the answer must show what was just written.
    let tenant = app.store().tenant(req.auth.scope()).await?;
    Ok(Json(views::settings(&tenant)))
}
