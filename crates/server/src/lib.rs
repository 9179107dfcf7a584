//! Mizan over HTTP: the JSON API under `/api/v1` (bearer tokens scoped to one tenant), the
//! OpenAPI document, and health. Only this crate knows about HTTP.

mod api;
mod auth;
mod error;
mod json;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use mizan_app::Mizan;

pub use error::ApiError;

/// The whole HTTP surface.
pub fn router(app: Arc<Mizan>) -> Router {
    api::routes().with_state(app)
}

/// Serves until Ctrl-C / SIGTERM, then finishes the requests in flight.
///
/// # Errors
/// The address cannot be bound.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<Mizan>) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(app).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}
