//! The ledger over HTTP: accounts with balances, journal entries, and the books' self-check
//! (the app's `books`).

use std::sync::Arc;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{Mizan, perm};

use super::openapi::refusals::{Forbidden, Invalid, Unauthorized, Unavailable};
use super::views::{Account, CheckReport, JournalEntry};
use crate::ApiError;
use crate::auth::Auth;
use crate::json::PageQuery;

/// The chart of accounts with balances.
#[utoipa::path(
    get,
    path = "/api/v1/accounts",
    tag = "Ledger",
    responses(
        (status = 200, description = "OK", body = Vec<Account>),
        Unauthorized, Forbidden, Unavailable,
    ),
    extensions(("x-permission" = json!("books.read")))
)]
pub async fn accounts(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksRead>,
) -> Result<Json<Vec<Account>>, ApiError> {
    let all = app.accounts(auth.grant()).await?;
    Ok(Json(
        all.iter().map(|a| Account::of(&auth.tenant, a)).collect(),
    ))
}

/// All journal entries, oldest first, a page at a time (100 by default, at most 500).
#[utoipa::path(
    get,
    path = "/api/v1/journal",
    tag = "Ledger",
    params(PageQuery),
    responses(
        (status = 200, description = "OK", body = Vec<JournalEntry>),
        Unauthorized, Forbidden, Invalid, Unavailable,
    ),
    extensions(("x-permission" = json!("books.read")))
)]
pub async fn journal(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksRead>,
    page: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Vec<JournalEntry>>, ApiError> {
    let Query(p) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let entries = app
        .journal(auth.grant(), p.limit.unwrap_or(100), p.after)
        .await?;
    Ok(Json(
        entries
            .iter()
            .map(|e| JournalEntry::of(&auth.tenant, e))
            .collect(),
    ))
}

/// The books' self-check (as `mizan check`).
#[utoipa::path(
    get,
    path = "/api/v1/check",
    tag = "Ledger",
    responses(
        (status = 200, description = "OK", body = CheckReport),
        Unauthorized, Forbidden, Unavailable,
    ),
    extensions(("x-permission" = json!("books.check")))
)]
pub async fn check(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksCheck>,
) -> Result<Json<CheckReport>, ApiError> {
    let findings = app.check(auth.grant()).await?;
    Ok(Json(CheckReport::of(&findings)))
}
