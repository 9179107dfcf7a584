//! Refusals of permission go into the audit trail: an answer that refused a signed-in person
//! (403: a missing permission, a limit, another branch) is recorded with who was refused what,
//! at which device and branch, after the answer is made.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use mizan_app::Mizan;

use crate::error::Refused;
use crate::localize::CallerSlot;

/// Records the refusal an answer carries, when a signed-in person was refused.
pub async fn record(State(app): State<Arc<Mizan>>, req: Request, next: Next) -> Response {
    let slot = req.extensions().get::<CallerSlot>().cloned();
    let res = next.run(req).await;
    if let (Some(Refused(what)), Some(actor)) = (
        res.extensions().get::<Refused>(),
        slot.as_ref().and_then(CallerSlot::get),
    ) && let Err(e) = app.record_refusal(actor, what).await
    {
        tracing::warn!(error = %e, "could not record a refusal in the audit trail");
    }
    res
}
