//! `ApiError`: every refusal as `{"error": {"code", "message", "details"}}` with a stable code
//! and a fitting status; store failures become an opaque 500 with a request id in the log.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mizan_app::AppError;
use mizan_domain::Currency;
use mizan_domain::QTY_SCALE;
use mizan_domain::decimal::format_scaled;
use mizan_domain::{Detail, Kind, Refusal};
use mizan_store::{Outage, StoreError, WriteError};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

/// Every refusal's body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Error {
    pub error: ErrorBody,
}

/// What was refused: a stable code, a message in the caller's language, and details.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// A stable code, such as `insufficient_stock`, `not_found`, `invalid_field`,
    /// `too_many_decimals`, `malformed_json`, `idempotency_key_reused`, `unauthorized`.
    #[schema(examples("insufficient_stock", "not_found", "invalid_field"))]
    pub code: String,
    pub message: String,
    /// What the refusal is about (`field`, `permission`, amounts, ...), when it says.
    #[serde(skip_serializing_if = "Value::is_null")]
    #[schema(value_type = Object, required = false)]
    pub details: Value,
}

/// Marks an answer that refused a person: the permission (or the refusal's code) it named.
#[derive(Debug, Clone)]
pub struct Refused(pub String);

/// An error answer of the API.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Value,
    /// Seconds for a `Retry-After` header.
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: Value::Null,
            retry_after: None,
        }
    }

    /// The body of this refusal.
    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            code: self.code.to_owned(),
            message: self.message.clone(),
            details: self.details.clone(),
        }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            details: json!({ "field": field }),
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                format!("{field}: {message}"),
            )
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self {
            details: json!({ "field": what }),
            ..Self::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("{what} does not exist"),
            )
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid bearer token is required",
        )
    }

    pub fn internal(err: &dyn std::fmt::Display) -> Self {
        let id = format!("{:016x}", rand_id());
        tracing::error!(request_id = %id, error = %err, "internal error");
        Self {
            details: json!({ "request_id": id }),
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error; quote the request id to support",
            )
        }
    }

    /// A use case's refusal (or failure) with its money details written in `currency`.
    pub fn app_in(err: AppError, currency: &Currency) -> Self {
        match err {
            AppError::Store(e) | AppError::Write(WriteError::Store(e)) => Self::from(e),
            refusal => Self::refusal(&refusal, Some(currency)),
        }
    }

    /// Any refusal: the status by its kind, its details as JSON (amounts in `currency`, or
    /// in minor units without one; quantities as decimals), `Retry-After` when it says how
    /// long to wait.
    pub fn refusal(r: &dyn Refusal, currency: Option<&Currency>) -> Self {
        let status = match r.kind() {
            Kind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::Conflict => StatusCode::CONFLICT,
            Kind::Forbidden => StatusCode::FORBIDDEN,
            Kind::Unauthenticated => StatusCode::UNAUTHORIZED,
            Kind::Throttled => StatusCode::TOO_MANY_REQUESTS,
        };
        let mut details = serde_json::Map::new();
        let mut retry_after = None;
        for (name, value) in r.details() {
            let v = match value {
                Detail::Int(n) => {
                    if name == "retry_after_seconds" {
                        retry_after = u64::try_from(n).ok();
                    }
                    json!(n)
                }
                Detail::Text(t) => json!(t),
                Detail::Money(m) => json!(currency.map_or_else(|| m.to_string(), |c| c.format(m))),
                Detail::Qty(q) => json!(format_scaled(q, QTY_SCALE)),
            };
            details.insert(name.to_owned(), v);
        }
        Self {
            status,
            code: r.code(),
            message: r.to_string(),
            details: if details.is_empty() {
                Value::Null
            } else {
                Value::Object(details)
            },
            retry_after,
        }
    }
}

fn rand_id() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0);
    h.finish()
}

impl From<StoreError> for ApiError {
    /// An outage is 503 with `Retry-After` (the database is down or starting, its disk is full,
    /// or a commit's answer was lost); anything else is an opaque 500.
    fn from(e: StoreError) -> Self {
        let (code, message) = match e.outage() {
            None => return Self::internal(&e),
            Some(Outage::Unreachable) => (
                "database_unavailable",
                "the database cannot be reached now; nothing was written; try again shortly",
            ),
            Some(Outage::StorageFull) => (
                "storage_full",
                "the database's disk is full; nothing was written; reading still works",
            ),
            Some(Outage::OutcomeUnknown) => (
                "outcome_unknown",
                "the database lost the answer to this write: it may or may not have happened; \
                 retry with the same Idempotency-Key to learn which",
            ),
        };
        tracing::warn!(error = %e, code, "database outage");
        Self {
            retry_after: Some(5),
            ..Self::new(StatusCode::SERVICE_UNAVAILABLE, code, message)
        }
    }
}

impl From<AppError> for ApiError {
    /// A refusal without a currency at hand (its amounts, if any, in minor units): handlers
    /// whose refusals carry money use [`ApiError::app_in`].
    fn from(e: AppError) -> Self {
        match e {
            AppError::Store(s) | AppError::Write(WriteError::Store(s)) => Self::from(s),
            refusal => Self::refusal(&refusal, None),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let refused = (self.status == StatusCode::FORBIDDEN).then(|| {
            Refused(
                self.details["permission"]
                    .as_str()
                    .unwrap_or(self.code)
                    .to_owned(),
            )
        });
        let body = Error { error: self.body() };
        let mut res = (self.status, axum::Json(body)).into_response();
        if let Some(r) = refused {
            res.extensions_mut().insert(r);
        }
        if let Some(s) = self.retry_after {
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, s.into());
        }
        res
    }
}
