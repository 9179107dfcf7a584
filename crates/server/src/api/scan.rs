//! Scanning and shop settings over HTTP: the product a scanned code names (the rules are the
//! app's `scan`), and the settings that drive the till.

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{Mizan, Scanned, SettingsInput, perm};
use mizan_domain::barcode::Embedded as Carried;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{Embedded, Money, Product, ProductLookup, Quantity, Settings};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::{Decimal, WriteRequest};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// What the scanner read: a barcode, or a scale barcode.
    code: String,
}

/// Find a product by a scanned code: its barcode, or a scale barcode with its weight or price.
#[utoipa::path(
    get,
    path = "/api/v1/products/lookup",
    tag = "Master data",
    params(LookupQuery),
    responses(
        (status = 200, description = "Found", body = ProductLookup),
        Unauthorized, Forbidden, NotFound, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("catalog.read")))
)]
pub async fn lookup(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::CatalogRead>,
    q: Result<Query<LookupQuery>, QueryRejection>,
) -> Result<Json<ProductLookup>, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::invalid("code", e.body_text()))?;
    let t = &auth.tenant;
    Ok(Json(match app.scan(auth.grant(), t, &q.code).await? {
        Scanned::Plain(p) => ProductLookup {
            product: Product::of(t, &p),
            scale: false,
            plu: None,
            embedded: None,
            quantity: None,
            amount: None,
        },
        Scanned::Scale {
            product,
            plu,
            embedded,
            qty,
            amount,
        } => ProductLookup {
            product: Product::of(t, &product),
            scale: true,
            plu: Some(plu),
            embedded: Some(match embedded {
                Carried::Weight => Embedded::Weight,
                Carried::Price => Embedded::Price,
            }),
            quantity: Some(Quantity::of(qty)),
            amount: Some(Money::of(t, amount)),
        },
    }))
}

/// The shop's point-of-sale settings.
#[utoipa::path(
    get,
    path = "/api/v1/settings",
    tag = "Settings",
    responses(
        (status = 200, description = "Settings", body = Settings),
        Unauthorized, Forbidden, Unavailable,
    ),
    extensions(("x-permission" = json!("settings.read")))
)]
pub async fn get_settings(auth: Auth<perm::SettingsRead>) -> Json<Settings> {
    Json(Settings::from(&auth.tenant))
}

/// The settings to change; a field left out stays as it is.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    /// Cash sales need an open cashier session (off for kiosks).
    require_open_session: Option<bool>,
    /// Decides the business day of each posting.
    #[schema(minimum = -720, maximum = 840)]
    utc_offset_minutes: Option<i32>,
    /// EAN-13 scale layouts such as `21PPPPPWWWWWC` (P item code, W weight in grams, $ price
    /// in minor units, X ignored, C check digit).
    #[schema(max_items = 8)]
    scale_barcodes: Option<Vec<String>>,
    /// People other than the owner may sign in only at registered devices.
    require_registered_devices: Option<bool>,
    /// The café opens, `HH:MM` local time.
    cafe_opens: Option<String>,
    /// The café closes, `HH:MM`; at or before `cafe_opens`: after midnight (`00:00` to `24:00`
    /// is all day).
    cafe_closes: Option<String>,
    /// What is left of a roll below this many metres is an offcut (1 by default).
    roll_min_useful: Option<Decimal>,
}

/// Change settings.
#[utoipa::path(
    patch,
    path = "/api/v1/settings",
    tag = "Settings",
    params(IdempotencyKey),
    request_body = SettingsBody,
    responses(
        (status = 200, description = "Settings", body = Settings),
        BadJson, Unauthorized, Forbidden, TimedOut, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("settings.manage")))
)]
pub async fn update_settings(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::SettingsManage>,
) -> Result<Json<Settings>, ApiError> {
    let b: SettingsBody = req.parse()?;
    let cafe_hours = crate::json::opening_hours(
        ["cafe_opens", "cafe_closes"],
        b.cafe_opens.as_deref(),
        b.cafe_closes.as_deref(),
        req.auth.tenant.cafe_hours,
    )?;
    let input = SettingsInput {
        cafe_hours,
        require_open_session: b.require_open_session,
        utc_offset_minutes: b.utc_offset_minutes,
        scale_barcodes: b.scale_barcodes,
        require_registered_devices: b.require_registered_devices,
        roll_min_useful: b
            .roll_min_useful
            .as_ref()
            .map(|m| m.qty("roll_min_useful"))
            .transpose()?,
    };
    let tenant = app
        .update_settings(req.auth.grant(), req.idempotency.clone(), input)
        .await?;
    Ok(Json(Settings::from(&tenant)))
}
