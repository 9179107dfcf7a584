//! The OpenAPI 3.1 document, generated from the code: every handler's `#[utoipa::path]` (its
//! method, path, parameters, body, answers and `x-permission`), the typed request and answer
//! structs, and the shared parts below. It is built once and served at `/api/openapi.json`,
//! and rendered as a page at `/api/docs` that needs nothing from the internet. Tests check it
//! against the route table in both directions and every answer of the API suite against it.

mod page;
pub mod params;
pub mod refusals;

use std::sync::LazyLock;

use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::IntoResponse;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ComponentsBuilder, OpenApi as Document};
use utoipa::{Modify, OpenApi};

use crate::error::{Error, ErrorBody};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Mizan API",
        description = "Point of sale and ERP. Amounts are decimal strings in the tenant's \
            currency; quantities have three decimals. Every POST accepts an Idempotency-Key.\n\n\
            Every operation's `x-permission` names the permission it needs; a caller without \
            it gets 403 `forbidden` naming the permission. Sign in with \
            `POST /api/v1/auth/login`; send the token as `Authorization: Bearer …`, or let the \
            browser send its `mizan_session` cookie (state-changing requests by cookie must \
            come from Mizan's own origin). This document is generated from the server's code; \
            `/api/docs` shows it as a page."
    ),
    servers((url = "/")),
    security(("bearer" = []), ("session" = [])),
    components(schemas(Error, ErrorBody, super::compat::CompatError)),
    modifiers(&Shared),
    tags(
        (name = "Staff", description = "Signing in and out, users, tokens, devices, the audit trail"),
        (name = "Master data", description = "Branches, warehouses, registers, customers, products"),
        (name = "Stock", description = "Opening stock, stock levels, transfers and counts"),
        (name = "Purchases", description = "Suppliers, receipts of goods, purchase returns, supplier payments"),
        (name = "Customers", description = "Customer payments and statements of account"),
        (name = "Sales", description = "Sales, their completion and receipts, and returns"),
        (name = "Cashier sessions", description = "Shifts: open, pay in and out, X and Z reports, close"),
        (name = "Reports", description = "The daily sales report and aging"),
        (name = "Settings", description = "The settings that drive the till"),
        (name = "Ledger", description = "Accounts, the journal, and the books' self-check"),
        (name = "Café", description = "Tables, play stations and sessions, orders, bills: payments, merges, splits"),
        (name = "Workshop", description = "Fabric rolls, cutting orders and their items, the shortage list"),
        (name = "Compatibility", description = "The routes the shop's existing till software calls"),
        (name = "Operations", description = "Health, readiness, and this document"),
    )
)]
struct ApiDoc;

/// The shared responses and the two ways to authenticate.
struct Shared;

impl Modify for Shared {
    fn modify(&self, doc: &mut Document) {
        let mut components = ComponentsBuilder::new()
            .security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            )
            .security_scheme(
                "session",
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                    crate::auth::SESSION_COOKIE,
                    "A browser's sign-in session, set by POST /api/v1/auth/login",
                ))),
            );
        for (name, response) in refusals::shared() {
            components = components.response(name, response);
        }
        let built = components.build();
        match doc.components.as_mut() {
            Some(c) => {
                c.responses.extend(built.responses);
                c.security_schemes.extend(built.security_schemes);
            }
            None => doc.components = Some(built),
        }
    }
}

/// The document as served, and the docs page made from it.
struct Built {
    json: String,
    page: String,
}

static BUILT: LazyLock<Built> = LazyLock::new(|| {
    let mut doc = ApiDoc::openapi();
    doc.merge(super::Operations::openapi());
    // Written from the structs (not a `Value`), so that fields keep their declared order.
    let json = serde_json::to_string(&doc).unwrap_or_default();
    let value = serde_json::from_str(&json).unwrap_or_default();
    Built {
        page: page::render(&value),
        json,
    }
});

/// The OpenAPI document as JSON.
pub fn json() -> &'static str {
    &BUILT.json
}

/// The OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "Operations",
    security(()),
    responses((status = 200, description = "This document (OpenAPI 3.1)", content_type = "application/json"))
)]
pub async fn document() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], json())
}

/// This document as a page: operations by tag with their parameters, bodies, answers and
/// permissions, and the schemas. Needs nothing from the internet.
#[utoipa::path(
    get,
    path = "/api/docs",
    tag = "Operations",
    security(()),
    responses((status = 200, description = "The page", content_type = "text/html"))
)]
pub async fn docs() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            ),
        ],
        BUILT.page.as_str(),
    )
}
