//! Routes of the JSON API (`/api/v1`), the old till's routes, the OpenAPI document, liveness
//! (`/healthz`) and readiness (`/readyz`).

mod compat;
mod devices;
mod ledger;
mod master;
mod openapi;
mod reports;
mod returns;
mod sales;
mod scan;
mod sessions;
mod staff;
mod stock;
mod views;

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use mizan_app::Mizan;

use crate::ApiError;

/// `/readyz`: the database answers a read and the writer a write (503 when not).
async fn ready(
    axum::extract::State(app): axum::extract::State<Arc<Mizan>>,
) -> Result<&'static str, ApiError> {
    app.store().ready().await?;
    Ok("ready")
}

pub fn routes() -> Router<Arc<Mizan>> {
    let v1 = Router::new()
        .route("/auth/login", post(staff::login))
        .route("/auth/logout", post(staff::logout))
        .route("/me", get(staff::me))
        .route("/users", post(staff::create_user).get(staff::list_users))
        .route(
            "/users/{id}",
            get(staff::get_user).patch(staff::update_user),
        )
        .route("/tokens", post(staff::issue_token).get(staff::list_tokens))
        .route("/tokens/{id}", delete(staff::revoke_token))
        .route("/security-events", get(staff::security_events))
        .route("/audit", get(staff::audit_log))
        .route("/devices", post(devices::register).get(devices::list))
        .route("/devices/{id}/revoke", post(devices::revoke))
        .route(
            "/branches",
            post(master::create_branch).get(master::list_branches),
        )
        .route("/branches/{id}", get(master::get_branch))
        .route(
            "/warehouses",
            post(master::create_warehouse).get(master::list_warehouses),
        )
        .route("/warehouses/{id}", get(master::get_warehouse))
        .route(
            "/cash-registers",
            post(master::create_cash_register).get(master::list_cash_registers),
        )
        .route("/cash-registers/{id}", get(master::get_cash_register))
        .route(
            "/customers",
            post(master::create_customer).get(master::list_customers),
        )
        .route(
            "/customers/{id}",
            get(master::get_customer).patch(master::update_customer),
        )
        .route(
            "/products",
            post(master::create_product).get(master::list_products),
        )
        .route("/products/lookup", get(scan::lookup))
        .route(
            "/products/{id}",
            get(master::get_product).patch(master::update_product),
        )
        .route("/opening-stock", post(stock::post_opening_stock))
        .route("/opening-stock/{id}", get(stock::get_opening_stock))
        .route("/stock", get(stock::levels))
        .route("/sales", post(sales::create_sale).get(sales::list_sales))
        .route("/sales/{id}", get(sales::get_sale))
        .route("/sales/{id}/post", post(sales::post_sale))
        .route("/sales/{id}/complete", post(sales::complete_sale))
        .route("/sales/{id}/checkout", post(sales::complete_sale))
        .route("/sales/{id}/receipt", get(sales::receipt))
        .route("/sales/{id}/returns", post(returns::create))
        .route("/returns/{id}", get(returns::get))
        .route(
            "/cashier-sessions",
            post(sessions::open).get(sessions::list),
        )
        .route("/cashier-sessions/{id}", get(sessions::get))
        .route("/cashier-sessions/{id}/report", get(sessions::report))
        .route("/cashier-sessions/{id}/close", post(sessions::close))
        .route(
            "/cashier-sessions/{id}/cash-movements",
            post(sessions::move_cash),
        )
        .route("/reports/daily-sales", get(reports::daily_sales))
        .route(
            "/settings",
            get(scan::get_settings).patch(scan::update_settings),
        )
        .route("/accounts", get(ledger::accounts))
        .route("/journal", get(ledger::journal))
        .route("/check", get(ledger::check));
    Router::new()
        .nest("/api/v1", v1)
        .route(
            "/api/sales/sales/{id}/complete/",
            post(compat::complete_sale),
        )
        .route(
            "/api/sales/sales/{id}/checkout/",
            post(compat::complete_sale),
        )
        .route("/api/openapi.json", get(openapi::document))
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed on this route",
            )
        })
}
