//! Devices over HTTP: a manager registers a till or PC to a branch (the credential is shown
//! once; `this_browser` also keeps it in this browser's `mizan_device` cookie), lists and
//! revokes them; and where a sign-in finds the device credential (the `X-Mizan-Device` header
//! of a till app, else the cookie).

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use mizan_app::{Mizan, perm};
use mizan_domain::{BranchId, DeviceId};
use serde::Deserialize;
use utoipa::ToSchema;

use super::openapi::refusals::{
    BadJson, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{Device, RegisteredDevice};
use crate::ApiError;
use crate::auth::{Auth, cookie};
use crate::http::HttpConfig;
use crate::json::{Id, WriteRequest};

/// The cookie a registered browser keeps its device credential in.
pub const DEVICE_COOKIE: &str = "mizan_device";
/// The header a till app sends its device credential in.
const DEVICE_HEADER: &str = "x-mizan-device";
/// How long a browser keeps its device credential: until the device is revoked, in practice.
const DEVICE_COOKIE_DAYS: i64 = 5 * 365;

/// The device credential a request presents, if any.
pub fn credential(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get(DEVICE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .or_else(|| cookie(parts, DEVICE_COOKIE))
        .map(str::to_owned)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewDeviceBody {
    #[schema(max_length = 100)]
    name: String,
    /// A branch the caller works in.
    branch_id: i64,
    /// Also keep the credential in this browser's `mizan_device` cookie (it becomes the
    /// device).
    this_browser: Option<bool>,
}

/// Register a till or PC to a branch (its credential is shown once).
#[utoipa::path(
    post,
    path = "/api/v1/devices",
    tag = "Staff",
    operation_id = "register_device",
    request_body = NewDeviceBody,
    responses(
        (status = 201, description = "Registered", body = RegisteredDevice),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("devices.manage")))
)]
pub async fn register(
    State(app): State<Arc<Mizan>>,
    Extension(http): Extension<Arc<HttpConfig>>,
    req: WriteRequest<perm::DevicesManage>,
) -> Result<Response, ApiError> {
    let b: NewDeviceBody = req.parse()?;
    let r = app
        .register_device(req.auth.grant(), &b.name, BranchId(b.branch_id))
        .await?;
    let body = RegisteredDevice {
        device: Device::from(&r.device),
        credential: r.credential.clone(),
    };
    let mut res = (StatusCode::CREATED, Json(body)).into_response();
    if b.this_browser == Some(true) {
        let secure = if http.secure_cookies() {
            "; Secure"
        } else {
            ""
        };
        let max_age = DEVICE_COOKIE_DAYS * 24 * 3600;
        let value = HeaderValue::from_str(&format!(
            "{DEVICE_COOKIE}={}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}",
            r.credential
        ))
        .map_err(|e| ApiError::internal(&e))?;
        res.headers_mut().insert(SET_COOKIE, value);
    }
    Ok(res)
}

/// The devices of the caller's branches, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/devices",
    tag = "Staff",
    operation_id = "list_devices",
    responses(
        (status = 200, description = "OK", body = Vec<Device>),
        Unauthorized, Forbidden, Unavailable,
    ),
    extensions(("x-permission" = json!("devices.manage")))
)]
pub async fn list(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::DevicesManage>,
) -> Result<Json<Vec<Device>>, ApiError> {
    let all = app.devices(auth.grant()).await?;
    Ok(Json(all.iter().map(Device::from).collect()))
}

/// Revoke a device: sign-ins at it stop within a second.
#[utoipa::path(
    post,
    path = "/api/v1/devices/{id}/revoke",
    tag = "Staff",
    operation_id = "revoke_device",
    params(Id),
    responses(
        (status = 200, description = "Revoked", body = Device),
        Unauthorized, Forbidden, NotFound, TimedOut, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("devices.manage")))
)]
pub async fn revoke(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::DevicesManage>,
) -> Result<Json<Device>, ApiError> {
    let d = app.revoke_device(req.auth.grant(), DeviceId(id)).await?;
    Ok(Json(Device::from(&d)))
}
