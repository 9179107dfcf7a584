//! The accountant's journal over HTTP: a manual entry (balanced, on its own date, never on a
//! sub-ledger account or in a locked period) and the period lock.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use mizan_app::{Mizan, perm};
use mizan_domain::AccountId;
use mizan_domain::calendar::Date;
use mizan_domain::journal::ManualEntry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::openapi::params::IdempotencyKey;
use super::openapi::refusals::{
    BadJson, Conflict, Forbidden, Invalid, NotFound, TimedOut, TooLarge, Unauthorized, Unavailable,
};
use super::views::{JournalEntry, day};
use crate::ApiError;
use crate::json::{Decimal, WriteRequest};

/// One line: an account and a debit or a credit.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ManualLineBody {
    account_id: i64,
    debit: Option<Decimal>,
    credit: Option<Decimal>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct NewManualEntry {
    /// `YYYY-MM-DD`: the business day the entry is for.
    #[schema(format = Date)]
    date: String,
    #[schema(max_length = 200)]
    memo: String,
    #[schema(min_items = 2, max_items = 100)]
    lines: Vec<ManualLineBody>,
}

fn date(text: &str, field: &str) -> Result<i32, ApiError> {
    Date::parse(text)
        .map(Date::yyyymmdd)
        .ok_or_else(|| ApiError::invalid(field, "must be a real date as YYYY-MM-DD"))
}

/// Post a manual journal entry: debits equal credits (`unbalanced_entry`), no line on a
/// sub-ledger account — customers, suppliers, inventory, a drawer (`subledger_account`) — and
/// not on or before the lock date (`period_locked`).
#[utoipa::path(
    post,
    path = "/api/v1/journal",
    tag = "Ledger",
    params(IdempotencyKey),
    request_body = NewManualEntry,
    responses(
        (status = 201, description = "Posted", body = JournalEntry),
        BadJson, Unauthorized, Forbidden, NotFound, TimedOut, Conflict, TooLarge, Invalid,
        Unavailable,
    ),
    extensions(("x-permission" = json!("books.post")))
)]
pub async fn post_entry(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::BooksPost>,
) -> Result<(StatusCode, Json<JournalEntry>), ApiError> {
    let b: NewManualEntry = req.parse()?;
    let t = &req.auth.tenant;
    let lines = b
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let positive = |d: &Decimal, side: &str| {
                let field = format!("lines[{i}].{side}");
                let amount = d.money(&t.currency, &field)?;
                if amount <= 0 {
                    return Err(ApiError::invalid(&field, "must be positive"));
                }
                Ok(amount)
            };
            let amount = match (&l.debit, &l.credit) {
                (Some(d), None) => positive(d, "debit")?,
                (None, Some(c)) => -positive(c, "credit")?,
                _ => {
                    return Err(ApiError::invalid(
                        &format!("lines[{i}]"),
                        "give either debit or credit",
                    ));
                }
            };
            Ok((AccountId(l.account_id), amount))
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    let entry = ManualEntry::new(date(&b.date, "date")?, &b.memo, lines)
        .map_err(|e| ApiError::refusal(&e, Some(&t.currency)))?;
    let e = app
        .post_manual_entry(req.auth.grant(), req.idempotency.clone(), entry)
        .await
        .map_err(|e| ApiError::app_in(e, &t.currency))?;
    Ok((StatusCode::CREATED, Json(JournalEntry::of(t, &e))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct LockBody {
    /// `YYYY-MM-DD`: nothing may post on or before it; `null` unlocks the books.
    #[schema(required, format = Date)]
    lock_date: Option<String>,
}

/// The period lock.
#[derive(Serialize, ToSchema)]
pub struct Lock {
    #[schema(required, format = Date)]
    lock_date: Option<String>,
}

/// Lock the books up to a date (or unlock them with `null`): every posting on or before it is
/// refused with 409 `period_locked`.
#[utoipa::path(
    post,
    path = "/api/v1/journal/lock",
    tag = "Ledger",
    params(IdempotencyKey),
    request_body = LockBody,
    responses(
        (status = 200, description = "Locked", body = Lock),
        BadJson, Unauthorized, Forbidden, TimedOut, TooLarge, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("books.post")))
)]
pub async fn lock(
    State(app): State<Arc<Mizan>>,
    req: WriteRequest<perm::BooksPost>,
) -> Result<Json<Lock>, ApiError> {
    let raw: serde_json::Map<String, serde_json::Value> = req.parse()?;
    if !raw.contains_key("lock_date") {
        return Err(ApiError::invalid(
            "lock_date",
            "required: a date, or null to unlock the books",
        ));
    }
    let b: LockBody = req.parse()?;
    let lock_day = b
        .lock_date
        .as_deref()
        .map(|d| date(d, "lock_date"))
        .transpose()?;
    let locked = app
        .set_lock_day(req.auth.grant(), req.idempotency.clone(), lock_day)
        .await?;
    Ok(Json(Lock {
        lock_date: locked.map(day),
    }))
}
