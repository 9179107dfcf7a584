//! Mizan over HTTP: the web UI's pages (`web`), the JSON API under `/api/v1` (bearer tokens or a browser's session cookie,
//! each scoped to one tenant and user, with the handler's permission checked), the OpenAPI
//! document, and health. Only this crate knows about HTTP.

mod api;
mod auth;
mod error;
pub mod http;
mod json;
pub mod listen;
mod localize;
mod refusals;
mod web;

use std::sync::Arc;

use axum::Router;
use mizan_app::Mizan;

pub use api::{openapi_json, views};
pub use error::ApiError;
pub use http::{HttpConfig, parse_proxy};

/// Every (method, path template) the router serves, from the one table it is built from.
pub fn operations() -> impl Iterator<Item = (&'static str, &'static str)> {
    api::ROUTES
        .iter()
        .map(|(method, path, _)| (method.as_str(), *path))
}

/// The whole HTTP surface.
pub fn router(app: Arc<Mizan>, config: HttpConfig) -> Router {
    api::routes()
        .merge(web::routes())
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            refusals::record,
        ))
        .with_state(app)
        .layer(axum::middleware::from_fn(localize::localize))
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
    let sealer = tokio::spawn(seal_audit_every_second(Arc::clone(&app)));
    let served = listen::serve(listener, router(app, config), limits, shutdown_signal()).await;
    sealer.abort();
    served
}

/// Seals the audit trail's new rows onto their chains, about once a second, after the writes
/// committed (so no posting waits on a chain's head).
async fn seal_audit_every_second(app: Arc<Mizan>) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = app.seal_audit().await {
            tracing::warn!(error = %e, "sealing the audit trail failed; retrying");
        }
    }
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
