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
use mizan_domain::calendar::rfc3339;
use mizan_domain::{BranchId, DeviceId};
use mizan_store::Device;
use serde::Deserialize;
use serde_json::{Value, json};

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

fn view(d: &Device) -> Value {
    json!({
        "id": d.id, "branch_id": d.branch_id, "name": d.name,
        "registered_by": d.registered_by, "registered_at": rfc3339(d.registered_at_ms),
        "revoked_at": d.revoked_at_ms.map(rfc3339),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewDeviceBody {
    name: String,
    branch_id: i64,
    /// Also keep the credential in this browser (it becomes the device).
    this_browser: Option<bool>,
}

/// `POST /devices`: registers a device; the answer carries its credential, shown once.
pub async fn register(
    State(app): State<Arc<Mizan>>,
    Extension(http): Extension<Arc<HttpConfig>>,
    req: WriteRequest<perm::DevicesManage>,
) -> Result<Response, ApiError> {
    let b: NewDeviceBody = req.parse()?;
    let r = app
        .register_device(req.auth.grant(), &b.name, BranchId(b.branch_id))
        .await?;
    let mut body = view(&r.device);
    body["credential"] = json!(r.credential);
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

/// `GET /devices`: the devices of the caller's branches.
pub async fn list(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::DevicesManage>,
) -> Result<Json<Value>, ApiError> {
    let all = app.devices(auth.grant()).await?;
    Ok(Json(Value::Array(all.iter().map(view).collect())))
}

/// `POST /devices/{id}/revoke`: sign-ins at the device stop within a second.
pub async fn revoke(
    State(app): State<Arc<Mizan>>,
    Id(id): Id,
    req: WriteRequest<perm::DevicesManage>,
) -> Result<Json<Value>, ApiError> {
    let d = app.revoke_device(req.auth.grant(), DeviceId(id)).await?;
    Ok(Json(view(&d)))
}
