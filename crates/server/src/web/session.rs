//! Who is looking at a page: the browser session cookie, checked by the app like the API's;
//! without one the browser is sent to the sign-in page, and a page posted from another site is
//! refused. A page then asks for the permission its use case needs (`Signed::grant`).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use mizan_app::{Actor, Grant, Mizan, Perm, perm};
use mizan_store::Tenant;
use mizan_web::Ctx;

use super::{ctx, refused, see_other};
use crate::ApiError;
use crate::auth::{SESSION_COOKIE, cookie, same_origin};
use crate::localize::CallerSlot;

/// A signed-in person's request: who, their tenant, and the page context.
pub struct Signed {
    pub actor: Actor,
    pub tenant: Tenant,
    pub c: Ctx,
}

impl Signed {
    /// The proof that the person may do `P`, or the page that says they may not.
    ///
    /// # Errors
    /// A forbidden page in the person's language.
    #[allow(clippy::result_large_err, reason = "the page is what the handler answers")]
    pub fn grant<P: Perm>(&self) -> Result<Grant<P>, Response> {
        self.actor
            .grant::<P>()
            .map_err(|e| refused(self.c.clone(), &ApiError::from(e)))
    }

    /// A refusal of the app as a page.
    #[must_use]
    pub fn refused(&self, e: mizan_app::AppError) -> Response {
        refused(self.c.clone(), &self.error(e))
    }

    /// A refusal already stated as the API states it, as a page.
    #[must_use]
    pub fn refused_api(&self, e: &ApiError) -> Response {
        refused(self.c.clone(), e)
    }

    /// A refusal of the app as the API states it, amounts in the tenant's currency.
    #[must_use]
    pub fn error(&self, e: mizan_app::AppError) -> ApiError {
        ApiError::app_in(e, &self.tenant.currency)
    }
}

impl FromRequestParts<Arc<Mizan>> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<Mizan>) -> Result<Self, Response> {
        let actor = match cookie(parts, SESSION_COOKIE) {
            Some(secret) => app.authenticate(secret).await.ok().flatten(),
            None => None,
        };
        let Some(actor) = actor else {
            return Err(see_other(parts, "/sign-in"));
        };
        if let Some(slot) = parts.extensions.get::<CallerSlot>() {
            slot.set(&actor);
        }
        let placeholder = || mizan_domain::Currency {
            code: String::new(),
            exponent: 2,
        };
        if let Err(e) = same_origin(parts) {
            return Err(refused(ctx(parts, Some(&actor), placeholder()), &e));
        }
        let scope = actor
            .grant::<perm::Anyone>()
            .map_err(|e| refused(ctx(parts, Some(&actor), placeholder()), &e.into()))?;
        let tenant = app
            .tenant(scope.scope())
            .await
            .map_err(|e| refused(ctx(parts, Some(&actor), placeholder()), &e.into()))?;
        let c = ctx(parts, Some(&actor), tenant.currency.clone());
        Ok(Self { actor, tenant, c })
    }
}
