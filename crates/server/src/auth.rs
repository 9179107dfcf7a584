//! Bearer-token authentication: the only way a request gets a `TenantScope`.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use mizan_app::Mizan;
use mizan_store::{Tenant, TenantScope};

use crate::ApiError;

/// An authenticated request: its tenant scope, tenant, and the user the token was issued to.
pub struct Auth {
    pub scope: TenantScope,
    pub tenant: Tenant,
    pub user: String,
}

impl FromRequestParts<Arc<Mizan>> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<Mizan>) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::unauthorized)?;
        let (scope, user) = app
            .authenticate(token)
            .await?
            .ok_or_else(ApiError::unauthorized)?;
        let tenant = app.tenant(&scope).await?;
        Ok(Self {
            scope,
            tenant,
            user,
        })
    }
}
