//! Refusals in the reader's language: after a handler refuses, the answer's `message` is
//! written again from its stable `code` and `details` in the signed-in user's language, else the
//! `Accept-Language` one, else English (the code and details never change).

use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::Response;
use mizan_app::{Actor, messages};
use serde_json::Value;

/// Where authentication leaves who is asking, for the answer's language and the audit row of
/// a refusal.
#[derive(Clone, Default)]
pub struct CallerSlot(Arc<OnceLock<Actor>>);

impl CallerSlot {
    pub fn set(&self, actor: &Actor) {
        let _ = self.0.set(actor.clone());
    }

    pub fn get(&self) -> Option<&Actor> {
        self.0.get()
    }
}

/// Largest error answer rewritten (error answers are small; anything else passes as it is).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// A quantity as people write it: `2.500` → `2.5`, `3.000` → `3`.
fn quantity(q: &str) -> String {
    if q.contains('.') {
        q.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        q.to_owned()
    }
}

fn args(code: &str, details: &Value) -> Vec<(&'static str, String)> {
    const NAMES: [&str; 31] = [
        "product_code",
        "warehouse_id",
        "available",
        "requested",
        "paid_amount",
        "total_amount",
        "credit_limit",
        "balance",
        "cash_register_id",
        "cashier_session_id",
        "field",
        "permission",
        "retry_after_seconds",
        "product_id",
        "max_discount_percent",
        "branch_id",
        "device_id",
        "sold",
        "returned",
        "bought",
        "open",
        "sale_id",
        "bill",
        "remaining",
        "merged_into",
        "station",
        "status",
        "place",
        "roll",
        "action",
        "to",
    ];
    NAMES
        .iter()
        .filter_map(|name| {
            let v = match &details[*name] {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return None,
            };
            let quantities = (matches!(
                code,
                "insufficient_stock" | "no_roll_long_enough" | "roll_too_short"
            ) && matches!(*name, "available" | "requested"))
                || (code == "return_exceeds_sale"
                    && matches!(*name, "sold" | "returned" | "requested"))
                || (code == "return_exceeds_purchase"
                    && matches!(*name, "bought" | "returned" | "requested"));
            Some((*name, if quantities { quantity(&v) } else { v }))
        })
        .collect()
}

/// A refusal's message in `lang`, from its code and details (its own message when the
/// catalogue has none).
pub fn message(lang: mizan_domain::staff::Language, e: &crate::ApiError) -> String {
    messages::refusal(lang, e.code, &args(e.code, &e.details)).unwrap_or_else(|| e.message.clone())
}

/// Rewrites a refusal's message in the reader's language.
pub async fn localize(mut req: Request, next: Next) -> Response {
    let slot = CallerSlot::default();
    req.extensions_mut().insert(slot.clone());
    // Read only when the answer is a refusal (most answers are not).
    let accept = req.headers().get(ACCEPT_LANGUAGE).cloned();
    let res = next.run(req).await;
    let is_json = res
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let small = axum::body::HttpBody::size_hint(res.body())
        .exact()
        .is_some_and(|n| n <= MAX_ERROR_BODY as u64);
    let refused = res.status().is_client_error() || res.status().is_server_error();
    if !(refused && is_json && small) {
        return res;
    }
    let asked = || {
        accept
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .and_then(messages::from_accept_language)
    };
    let lang = slot
        .get()
        .map(|a| a.language)
        .or_else(asked)
        .unwrap_or_default();
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(mut v) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let code = v["error"]["code"].as_str().unwrap_or_default().to_owned();
    if let Some(m) = messages::refusal(lang, &code, &args(&code, &v["error"]["details"])) {
        if v["status"] == "error" {
            v["message"] = Value::String(m.clone());
        }
        v["error"]["message"] = Value::String(m);
    }
    parts.headers.remove(CONTENT_LENGTH);
    parts
        .headers
        .insert(CONTENT_LANGUAGE, HeaderValue::from_static(lang.as_str()));
    let body = serde_json::to_vec(&v).unwrap_or_else(|_| bytes.to_vec());
    Response::from_parts(parts, Body::from(body))
}
