//! Mizan over HTTP: the JSON API under `/api/v1` (bearer tokens or a browser's session cookie,
//! each scoped to one tenant and user, with the handler's permission checked), the OpenAPI
//! document, and health. Only this crate knows about HTTP.

mod api;
mod auth;
mod error;
pub mod http;
mod json;
pub mod listen;

use std::sync::Arc;

use axum::Router;
use mizan_app::Mizan;

pub use error::ApiError;
pub use http::{HttpConfig, parse_proxy};

/// The whole HTTP surface.
pub fn router(app: Arc<Mizan>, config: HttpConfig) -> Router {
    api::routes()
        .with_state(app)
        .layer(axum::middleware::from_fn(listen::close_if_unread))
        .layer(axum::Extension(Arc::new(config)))
}

/// Serves with the default [`HttpConfig`] (reached directly, no proxies).
///
/// # Errors
/// See [`serve_with`].
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<Mizan>) -> std::io::Result<()> {
    serve_with(listener, app, HttpConfig::default()).await
}

/// Serves until Ctrl-C / SIGTERM within the configured limits, then finishes the requests in
/// flight (up to the shutdown deadline).
///
/// # Errors
/// The listener fails.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Arc<Mizan>,
    config: HttpConfig,
) -> std::io::Result<()> {
    let limits = config.limits;
    listen::serve(listener, router(app, config), limits, shutdown_signal()).await
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
