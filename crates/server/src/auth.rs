//! Who is asking: a bearer token (tills, scripts) or the browser's session cookie, checked by
//! the app, and the permission the handler declares in its signature (`Auth<perm::Sell>`): the
//! only way a request gets a tenant scope. Cookie-authenticated writes must come from Mizan's
//! own origin.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use mizan_app::{Actor, Grant, Mizan, Perm, perm};
use mizan_store::Tenant;

use crate::ApiError;
use crate::http::HttpConfig;
use crate::localize::CallerSlot;

/// The name of the browser session cookie.
pub const SESSION_COOKIE: &str = "mizan_session";

/// An authenticated request allowed to do `P`: the proof, the actor and their tenant.
pub struct Auth<P: Perm = perm::Anyone> {
    grant: Grant<P>,
    pub actor: Actor,
    pub tenant: Tenant,
}

impl<P: Perm> Auth<P> {
    /// The proof of `P`, for the app function the handler calls.
    pub fn grant(&self) -> &Grant<P> {
        &self.grant
    }
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn bearer(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// Refuses a state-changing request that a browser sent from another site.
pub fn same_origin(parts: &Parts) -> Result<(), ApiError> {
    let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
    if safe {
        return Ok(());
    }
    let config = parts.extensions.get::<Arc<HttpConfig>>();
    let header = |n: &str| parts.headers.get(n).and_then(|v| v.to_str().ok());
    let fetch_site = header("sec-fetch-site");
    let allowed = match (fetch_site, header("origin")) {
        (Some("same-origin" | "none"), _) => true,
        (Some(_), _) => false,
        (None, Some(origin)) => config.is_some_and(|c| c.is_own_origin(origin, parts)),
        (None, None) => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "cross_site_refused",
            "this request came from another site; sign in to Mizan on its own page",
        ))
    }
}

impl<P: Perm + Send + Sync> FromRequestParts<Arc<Mizan>> for Auth<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<Mizan>) -> Result<Self, ApiError> {
        let (secret, by_cookie) = match bearer(parts) {
            Some(t) => (t, false),
            None => (
                cookie(parts, SESSION_COOKIE).ok_or_else(ApiError::unauthorized)?,
                true,
            ),
        };
        let actor = app
            .authenticate(secret)
            .await?
            .ok_or_else(ApiError::unauthorized)?;
        if let Some(slot) = parts.extensions.get::<CallerSlot>() {
            slot.set(&actor);
        }
        if by_cookie {
            same_origin(parts)?;
        }
        let grant = actor.grant::<P>()?;
        let tenant = app.tenant(grant.scope()).await?;
        Ok(Self {
            grant,
            actor,
            tenant,
        })
    }
}
