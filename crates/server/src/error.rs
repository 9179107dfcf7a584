//! `ApiError`: every refusal as `{"error": {"code", "message", "details"}}` with a stable code
//! and a fitting status; store failures become an opaque 500 with a request id in the log.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mizan_app::AppError;
use mizan_domain::Currency;
use mizan_domain::QTY_SCALE;
use mizan_domain::decimal::format_scaled;
use mizan_domain::sales::SalePostingError;
use mizan_domain::sessions::SessionError;
use mizan_store::{Outage, StoreError, WriteError};
use serde_json::{Value, json};

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

    /// Maps a write refusal to its status and details (quantities as decimal strings).
    pub fn from_write(err: WriteError) -> Self {
        Self::from_write_in(err, None)
    }

    /// A refusal whose money details are formatted in `currency` (minor units without one).
    pub fn from_write_in(err: WriteError, currency: Option<&Currency>) -> Self {
        let err = match err {
            WriteError::Store(e) => return Self::from(e),
            refusal => refusal,
        };
        let m = |minor: i64| currency.map_or_else(|| minor.to_string(), |c| c.format(minor));
        let code = err.code();
        let message = err.to_string();
        let (status, details) = match &err {
            WriteError::Posting(SalePostingError::InsufficientStock {
                line,
                product,
                product_code,
                warehouse,
                available,
                requested,
            }) => (
                StatusCode::CONFLICT,
                json!({
                    "line": line, "product_id": product, "product_code": product_code,
                    "warehouse_id": warehouse,
                    "available": format_scaled(*available, QTY_SCALE),
                    "requested": format_scaled(*requested, QTY_SCALE),
                }),
            ),
            WriteError::Posting(SalePostingError::ProductWithoutCost {
                line,
                product,
                product_code,
            }) => (
                StatusCode::CONFLICT,
                json!({ "line": line, "product_id": product, "product_code": product_code }),
            ),
            WriteError::Posting(SalePostingError::UnknownReference { field })
            | WriteError::NotFound { field } => (StatusCode::NOT_FOUND, json!({ "field": field })),
            WriteError::Posting(SalePostingError::DiscountExceedsAmount { line }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "field": format!("lines[{line}].discount") }),
            ),
            WriteError::Posting(SalePostingError::Overflow) | WriteError::Opening(_) => {
                let status = if code == "product_not_stocked" {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                (status, Value::Null)
            }
            WriteError::Posting(SalePostingError::PaymentMismatch { total, paid }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "field": "payments", "total_amount": m(*total), "paid_amount": m(*paid) }),
            ),
            WriteError::Posting(SalePostingError::CreditLimitExceeded {
                customer,
                limit,
                balance,
                requested,
            }) => (
                StatusCode::CONFLICT,
                json!({
                    "customer_id": customer, "credit_limit": m(*limit),
                    "balance": m(*balance), "requested": m(*requested),
                }),
            ),
            WriteError::Posting(SalePostingError::NoOpenSession { register }) => (
                StatusCode::CONFLICT,
                json!({ "cash_register_id": register }),
            ),
            WriteError::Posting(
                SalePostingError::SessionClosed { session }
                | SalePostingError::SessionOfOtherRegister { session },
            )
            | WriteError::Session(SessionError::Closed { session }) => (
                StatusCode::CONFLICT,
                json!({ "cashier_session_id": session }),
            ),
            WriteError::Session(SessionError::AlreadyOpen { register, session }) => (
                StatusCode::CONFLICT,
                json!({ "cash_register_id": register, "cashier_session_id": session }),
            ),
            WriteError::Posting(SalePostingError::PaymentsRequired) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "field": "payments" }),
            ),
            WriteError::Posting(SalePostingError::MissingParty { field, .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, json!({ "field": field }))
            }
            WriteError::Session(SessionError::InvalidField { field, .. }) => {
                (StatusCode::UNPROCESSABLE_ENTITY, json!({ "field": field }))
            }
            WriteError::Session(SessionError::Overflow) => {
                (StatusCode::UNPROCESSABLE_ENTITY, Value::Null)
            }
            WriteError::Conflict { .. } => (StatusCode::CONFLICT, Value::Null),
            WriteError::IdempotencyKeyReused => (StatusCode::UNPROCESSABLE_ENTITY, Value::Null),
            // Taken out above.
            WriteError::Store(e) => return Self::internal(e),
        };
        Self {
            status,
            code,
            message,
            details,
            retry_after: None,
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

/// Whole seconds to wait, rounded up; `None` for no wait.
fn seconds(ms: i64) -> Option<u64> {
    u64::try_from(ms)
        .ok()
        .filter(|ms| *ms > 0)
        .map(|ms| ms.div_ceil(1000))
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid {
                code,
                field,
                message,
            } => Self {
                details: json!({ "field": field }),
                ..Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    code,
                    format!("{field}: {message}"),
                )
            },
            AppError::NotFound { what } => Self::not_found(what),
            AppError::Conflict { code, message } => Self::new(StatusCode::CONFLICT, code, message),
            AppError::Forbidden { permission } => Self {
                details: json!({ "permission": permission.as_str() }),
                ..Self::new(StatusCode::FORBIDDEN, "forbidden", e.to_string())
            },
            AppError::InvalidCredentials { retry_after_ms } => {
                let wait = seconds(retry_after_ms);
                Self {
                    details: wait.map_or(Value::Null, |s| json!({ "retry_after_seconds": s })),
                    retry_after: wait,
                    ..Self::new(StatusCode::UNAUTHORIZED, e.code(), e.to_string())
                }
            }
            AppError::Locked { retry_after_ms } => {
                let wait = seconds(retry_after_ms);
                Self {
                    details: json!({ "retry_after_seconds": wait.unwrap_or(1) }),
                    retry_after: Some(wait.unwrap_or(1)),
                    ..Self::new(StatusCode::TOO_MANY_REQUESTS, e.code(), e.to_string())
                }
            }
            AppError::Write(w) => Self::from_write(w),
            AppError::Store(s) => Self::from(s),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": { "code": self.code, "message": self.message } });
        if !self.details.is_null() {
            body["error"]["details"] = self.details;
        }
        let mut res = (self.status, axum::Json(body)).into_response();
        if let Some(s) = self.retry_after {
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, s.into());
        }
        res
    }
}
