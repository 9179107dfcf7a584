//! The OpenAPI 3.1 document of the API, served at `/api/openapi.json`. It is kept by hand in
//! `openapi.json`; a test walks every path it lists against the router so the two cannot drift.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], DOCUMENT)
}
