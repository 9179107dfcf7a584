//! Routes of the JSON API (`/api/v1`), the old till's routes, the OpenAPI document and its
//! page, liveness (`/healthz`) and readiness (`/readyz`): one table that both the router and
//! the document are built from.

mod accounts;
pub(crate) mod cafe;
mod compat;
mod corrections;
pub(crate) mod devices;
mod installations;
mod journal;
mod ledger;
mod master;
mod openapi;
mod payments;
mod purchases;
mod reports;
mod reports_ledger;
mod returns;
mod sales;
mod sales_reports;
mod scan;
mod sessions;
pub(crate) mod staff;
mod stock;
mod stock_moves;
pub mod views;
mod workshop;

use std::sync::Arc;

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::routing::{MethodFilter, MethodRouter, on};
use mizan_app::Mizan;

use crate::ApiError;

pub use openapi::json as openapi_json;

use openapi::refusals::Unavailable;

/// Liveness: the process answers.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "Operations",
    security(()),
    responses((status = 200, description = "Alive", body = String, content_type = "text/plain", example = "ok"))
)]
async fn health() -> &'static str {
    "ok"
}

/// Readiness: the database answers a read and the writer a write.
///
/// 503 `database_unavailable` (with `Retry-After`) when not.
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "Operations",
    security(()),
    responses((status = 200, description = "Ready", body = String, content_type = "text/plain", example = "ready"), Unavailable)
)]
async fn ready(
    axum::extract::State(app): axum::extract::State<Arc<Mizan>>,
) -> Result<&'static str, ApiError> {
    app.store().ready().await?;
    Ok("ready")
}

/// `METHOD "/path" => handler,` lines as rows of [`ROUTES`], and the handlers' `#[utoipa::path]`
/// operations as [`Operations`].
macro_rules! routes {
    ($($method:ident $path:literal => $($handler:ident)::+,)*) => {
        /// Every route the server answers, once: the router is built from this table, and the
        /// OpenAPI document from the `#[utoipa::path]` of each row's handler; a test checks the
        /// two against each other in both directions. Paths are templates with `{id}`.
        pub static ROUTES: &[(Method, &str, Mount)] =
            &[$((Method::$method, $path, |m| on(m, $($handler)::+)),)*];

        /// The operations of [`ROUTES`], each documented by its handler.
        #[derive(utoipa::OpenApi)]
        #[openapi(paths($($($handler)::+),*))]
        pub struct Operations;
    };
}

/// How one route's handler is mounted for its method.
type Mount = fn(MethodFilter) -> MethodRouter<Arc<Mizan>>;

routes! {
    POST "/api/v1/auth/login" => staff::login,
    POST "/api/v1/auth/logout" => staff::logout,
    GET "/api/v1/me" => staff::me,
    POST "/api/v1/users" => staff::create_user,
    GET "/api/v1/users" => staff::list_users,
    GET "/api/v1/users/{id}" => staff::get_user,
    PATCH "/api/v1/users/{id}" => staff::update_user,
    POST "/api/v1/tokens" => staff::issue_token,
    GET "/api/v1/tokens" => staff::list_tokens,
    DELETE "/api/v1/tokens/{id}" => staff::revoke_token,
    GET "/api/v1/security-events" => staff::security_events,
    GET "/api/v1/audit" => staff::audit_log,
    POST "/api/v1/devices" => devices::register,
    GET "/api/v1/devices" => devices::list,
    POST "/api/v1/devices/{id}/revoke" => devices::revoke,
    POST "/api/v1/branches" => master::create_branch,
    GET "/api/v1/branches" => master::list_branches,
    GET "/api/v1/branches/{id}" => master::get_branch,
    POST "/api/v1/warehouses" => master::create_warehouse,
    GET "/api/v1/warehouses" => master::list_warehouses,
    GET "/api/v1/warehouses/{id}" => master::get_warehouse,
    POST "/api/v1/cash-registers" => master::create_cash_register,
    GET "/api/v1/cash-registers" => master::list_cash_registers,
    GET "/api/v1/cash-registers/{id}" => master::get_cash_register,
    POST "/api/v1/customers" => master::create_customer,
    GET "/api/v1/customers" => master::list_customers,
    GET "/api/v1/customers/{id}" => master::get_customer,
    PATCH "/api/v1/customers/{id}" => master::update_customer,
    POST "/api/v1/products" => master::create_product,
    GET "/api/v1/products" => master::list_products,
    GET "/api/v1/products/lookup" => scan::lookup,
    GET "/api/v1/products/{id}" => master::get_product,
    PATCH "/api/v1/products/{id}" => master::update_product,
    POST "/api/v1/opening-stock" => stock::post_opening_stock,
    GET "/api/v1/opening-stock/{id}" => stock::get_opening_stock,
    GET "/api/v1/stock" => stock::levels,
    POST "/api/v1/stock-transfers" => stock_moves::create_transfer,
    GET "/api/v1/stock-transfers/{id}" => stock_moves::get_transfer,
    POST "/api/v1/stock-counts" => stock_moves::create_count,
    GET "/api/v1/stock-counts/{id}" => stock_moves::get_count,
    GET "/api/v1/workshop/rolls" => workshop::list_rolls,
    GET "/api/v1/workshop/rolls/{id}" => workshop::get_roll,
    POST "/api/v1/workshop/rolls/{id}/write-off" => workshop::write_off_roll,
    GET "/api/v1/workshop/shortages" => workshop::shortages,
    POST "/api/v1/workshop/cutting-orders" => workshop::create_cutting_order,
    GET "/api/v1/workshop/cutting-orders/{id}" => workshop::get_cutting_order,
    GET "/api/v1/workshop/cutting-items" => workshop::list_items,
    POST "/api/v1/workshop/cutting-items/{id}/reserve" => workshop::reserve_item,
    POST "/api/v1/workshop/cutting-items/{id}/cut" => workshop::cut_item,
    POST "/api/v1/workshop/cutting-items/{id}/cancel" => workshop::cancel_item,
    POST "/api/v1/installation-teams" => installations::create_installation_team,
    GET "/api/v1/installation-teams" => installations::list_installation_teams,
    POST "/api/v1/installations" => installations::schedule_installation,
    GET "/api/v1/installations" => installations::list_installations,
    GET "/api/v1/installations/{id}" => installations::get_installation,
    POST "/api/v1/installations/{id}/status" => installations::move_installation,
    POST "/api/v1/suppliers" => purchases::create_supplier,
    GET "/api/v1/suppliers" => purchases::list_suppliers,
    GET "/api/v1/suppliers/{id}" => purchases::get_supplier,
    GET "/api/v1/suppliers/{id}/statement" => purchases::supplier_statement,
    POST "/api/v1/purchases" => purchases::create_purchase,
    GET "/api/v1/purchases/{id}" => purchases::get_purchase,
    POST "/api/v1/purchases/{id}/returns" => purchases::create_purchase_return,
    GET "/api/v1/purchase-returns/{id}" => purchases::get_purchase_return,
    POST "/api/v1/supplier-payments" => purchases::create_supplier_payment,
    GET "/api/v1/supplier-payments/{id}" => purchases::get_supplier_payment,
    POST "/api/v1/customer-payments" => payments::create_customer_payment,
    GET "/api/v1/customer-payments/{id}" => payments::get_customer_payment,
    GET "/api/v1/customers/{id}/statement" => payments::customer_statement,
    POST "/api/v1/sales" => sales::create_sale,
    GET "/api/v1/sales" => sales::list_sales,
    GET "/api/v1/sales/{id}" => sales::get_sale,
    POST "/api/v1/sales/{id}/post" => sales::post_sale,
    POST "/api/v1/sales/{id}/complete" => sales::complete_sale,
    POST "/api/v1/sales/{id}/checkout" => sales::checkout_sale,
    GET "/api/v1/sales/{id}/receipt" => sales::receipt,
    GET "/api/v1/sales/{id}/trace" => sales_reports::sale_trace,
    POST "/api/v1/sales/{id}/discard" => corrections::discard_sale,
    POST "/api/v1/sales/{id}/void" => corrections::void_sale,
    POST "/api/v1/sales/{id}/returns" => returns::create,
    GET "/api/v1/returns/{id}" => returns::get,
    GET "/api/v1/returns/{id}/receipt" => returns::receipt,
    POST "/api/v1/cashier-sessions" => sessions::open,
    GET "/api/v1/cashier-sessions" => sessions::list,
    GET "/api/v1/cashier-sessions/{id}" => sessions::get,
    GET "/api/v1/cashier-sessions/{id}/report" => sessions::report,
    POST "/api/v1/cashier-sessions/{id}/close" => sessions::close,
    POST "/api/v1/cashier-sessions/{id}/cash-movements" => sessions::move_cash,
    GET "/api/v1/reports/daily-sales" => reports::daily_sales,
    GET "/api/v1/reports/aging" => payments::aging,
    GET "/api/v1/reports/trial-balance" => reports_ledger::trial_balance,
    GET "/api/v1/reports/profit-and-loss" => reports_ledger::profit_and_loss,
    GET "/api/v1/reports/balance-sheet" => reports_ledger::balance_sheet,
    GET "/api/v1/reports/stock-valuation" => reports_ledger::stock_valuation,
    GET "/api/v1/reports/sales" => sales_reports::sales_report,
    GET "/api/v1/reports/gross-profit" => sales_reports::gross_profit,
    GET "/api/v1/settings" => scan::get_settings,
    PATCH "/api/v1/settings" => scan::update_settings,
    GET "/api/v1/accounts" => ledger::accounts,
    POST "/api/v1/accounts" => accounts::create_account,
    GET "/api/v1/accounts/{id}" => accounts::get_account,
    PATCH "/api/v1/accounts/{id}" => accounts::rename_account,
    POST "/api/v1/customers/{id}/opening-balance" => accounts::post_customer_opening,
    POST "/api/v1/suppliers/{id}/opening-balance" => accounts::post_supplier_opening,
    GET "/api/v1/opening-balances/{id}" => accounts::get_opening_balance,
    GET "/api/v1/journal" => ledger::journal,
    POST "/api/v1/journal" => journal::post_entry,
    POST "/api/v1/journal/lock" => journal::lock,
    GET "/api/v1/check" => ledger::check,
    GET "/api/v1/cogs/coverage" => sales_reports::cogs_coverage,
    GET "/api/v1/cogs/reconcile" => sales_reports::cogs_reconcile,
    POST "/api/v1/cafe/places" => cafe::create_place,
    GET "/api/v1/cafe/places" => cafe::list_places,
    PATCH "/api/v1/cafe/places/{id}" => cafe::update_place,
    GET "/api/v1/cafe/floor" => cafe::floor,
    POST "/api/v1/cafe/stations/{id}/sessions" => cafe::start_session,
    GET "/api/v1/cafe/sessions/{id}" => cafe::get_session,
    POST "/api/v1/cafe/sessions/{id}/pause" => cafe::pause_session,
    POST "/api/v1/cafe/sessions/{id}/resume" => cafe::resume_session,
    POST "/api/v1/cafe/sessions/{id}/stop" => cafe::stop_session,
    POST "/api/v1/cafe/sessions/{id}/link" => cafe::link_session,
    POST "/api/v1/cafe/orders" => cafe::create_order,
    POST "/api/v1/cafe/orders/{id}/serve" => cafe::serve_order,
    POST "/api/v1/cafe/orders/{id}/void" => cafe::void_order,
    GET "/api/v1/cafe/bills" => cafe::list_bills,
    GET "/api/v1/cafe/bills/{id}" => cafe::get_bill,
    PATCH "/api/v1/cafe/bills/{id}" => cafe::update_bill,
    POST "/api/v1/cafe/bills/{id}/payments" => cafe::pay_bill,
    POST "/api/v1/cafe/bills/{id}/merge" => cafe::merge_bill,
    POST "/api/v1/cafe/bills/{id}/split" => cafe::split_bill,
    GET "/api/v1/reports/cafe" => cafe::report,
    POST "/api/sales/sales/{id}/complete/" => compat::complete_sale,
    POST "/api/sales/sales/{id}/checkout/" => compat::checkout_sale,
    GET "/api/openapi.json" => openapi::document,
    GET "/api/docs" => openapi::docs,
    GET "/healthz" => health,
    GET "/readyz" => ready,
}

/// The router, built from [`ROUTES`], with JSON answers for an unknown path (404 `not_found`,
/// "no such route") and an unserved method (405 `method_not_allowed`).
pub fn routes() -> Router<Arc<Mizan>> {
    ROUTES
        .iter()
        .fold(Router::new(), |router, (method, path, mount)| {
            // Every method of the table is a standard one, so no route is skipped (and the test
            // that calls every documented operation would notice one that was).
            match MethodFilter::try_from(method.clone()) {
                Ok(filter) => router.route(path, mount(filter)),
                Err(_) => router,
            }
        })
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "method not allowed on this route",
            )
        })
}
