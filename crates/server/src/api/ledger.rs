//! The ledger over HTTP: accounts with balances, journal entries, and the books' self-check
//! (the app's `books`).

use std::sync::Arc;

use crate::json::PageQuery;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use mizan_app::{Mizan, perm};
use mizan_domain::calendar::rfc3339;
use serde_json::{Value, json};

use super::views;
use crate::ApiError;
use crate::auth::Auth;

pub async fn accounts(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksRead>,
) -> Result<Json<Value>, ApiError> {
    let all = app.accounts(auth.grant()).await?;
    Ok(Json(Value::Array(
        all.iter()
            .map(|a| views::account(&auth.tenant, a))
            .collect(),
    )))
}

/// `GET /journal?limit=&after=`: entries oldest first, a page at a time (100 by default, at
/// most 500); the next page is `after=` the last id.
pub async fn journal(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksRead>,
    page: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(p) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let entries = app
        .journal(auth.grant(), p.limit.unwrap_or(100), p.after)
        .await?;
    let t = &auth.tenant;
    Ok(Json(Value::Array(
        entries
            .iter()
            .map(|e| {
                let lines: Vec<Value> = e
                    .lines
                    .iter()
                    .map(|l| {
                        json!({
                            "account_code": l.account_code, "account_name": l.account_name,
                            "debit": views::money(t, l.amount.max(0)),
                            "credit": views::money(t, (-l.amount).max(0)),
                        })
                    })
                    .collect();
                json!({
                    "id": e.id, "number": e.number, "document": { "kind": e.doc_kind, "id": e.doc_id },
                    "memo": e.memo, "posted_at": rfc3339(e.posted_at_ms), "lines": lines,
                })
            })
            .collect(),
    )))
}

pub async fn check(
    State(app): State<Arc<Mizan>>,
    auth: Auth<perm::BooksCheck>,
) -> Result<Json<Value>, ApiError> {
    let findings = app.check(auth.grant()).await?;
    Ok(Json(
        json!({ "ok": findings.is_empty(), "findings": findings }),
    ))
}
