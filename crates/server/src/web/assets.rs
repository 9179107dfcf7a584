//! The UI's assets from the binary, cached by the browser (their names carry their version
//! where they change: htmx is `htmx-2.0.11.min.js`).

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// `GET /assets/{name}`.
pub async fn serve(Path(name): Path<String>) -> Response {
    match mizan_web::assets::asset(&name) {
        Some(a) => (
            [
                (CONTENT_TYPE, HeaderValue::from_static(a.content_type)),
                (
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
            a.bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
