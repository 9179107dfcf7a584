//! The OpenAPI 3.1 document of the API, served at `/api/openapi.json`. It is kept by hand in
//! `openapi.json`; tests check it against
//! the route table in both directions and every answer of the API suite against its schemas.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], DOCUMENT)
}
