//! The role matrix: every operation of the OpenAPI document, called by each built-in role, is
//! allowed (any answer but 401/403) exactly when the role holds the permission the document
//! names, and otherwise refused with 403 `forbidden` naming that permission. The roles'
//! permissions are written out here from the text, independently of the code.

use reqwest::{Method, StatusCode};
use serde_json::json;

const OWNER: &[&str] = &[
    "users.manage",
    "settings.manage",
    "settings.read",
    "catalog.read",
    "catalog.manage",
    "customers.manage",
    "stock.read",
    "stock.manage",
    "purchases.read",
    "purchases.manage",
    "suppliers.pay",
    "payments.receive",
    "sales.sell",
    "sales.return",
    "sales.void",
    "sales.read_all",
    "sessions.operate",
    "sessions.read_all",
    "sessions.close_any",
    "cash.move",
    "reports.read",
    "books.read",
    "books.check",
    "books.post",
    "accounts.manage",
    "audit.read",
    "devices.manage",
    "cafe.order",
    "cafe.settle",
    "cafe.void",
    "cafe.manage",
    "workshop.cut",
    "workshop.manage",
    "installations.work",
    "installations.manage",
];
const MANAGER: &[&str] = &[
    "settings.read",
    "catalog.read",
    "catalog.manage",
    "customers.manage",
    "stock.read",
    "stock.manage",
    "purchases.read",
    "purchases.manage",
    "suppliers.pay",
    "payments.receive",
    "sales.sell",
    "sales.return",
    "sales.void",
    "sales.read_all",
    "sessions.operate",
    "sessions.read_all",
    "sessions.close_any",
    "cash.move",
    "reports.read",
    "devices.manage",
    "cafe.order",
    "cafe.settle",
    "cafe.void",
    "cafe.manage",
    "workshop.cut",
    "workshop.manage",
    "installations.work",
    "installations.manage",
];
const CASHIER: &[&str] = &[
    "settings.read",
    "catalog.read",
    "stock.read",
    "sales.sell",
    "sessions.operate",
    "payments.receive",
    "cafe.order",
    "cafe.settle",
];
const WAITER: &[&str] = &["settings.read", "catalog.read", "cafe.order"];
const CUTTER: &[&str] = &[
    "settings.read",
    "catalog.read",
    "stock.read",
    "workshop.cut",
];
const INSTALLER: &[&str] = &["settings.read", "catalog.read", "installations.work"];
const ACCOUNTANT: &[&str] = &[
    "settings.read",
    "catalog.read",
    "stock.read",
    "purchases.read",
    "suppliers.pay",
    "payments.receive",
    "sales.read_all",
    "sessions.read_all",
    "reports.read",
    "books.read",
    "books.check",
    "books.post",
    "accounts.manage",
    "audit.read",
];

/// The permission a call needs, from the document's `x-permission` and whether the record it
/// names belongs to someone else (the owner made every record here).
fn needed(x_permission: &str, names_a_record: bool) -> Option<String> {
    if let Some(rest) = x_permission.strip_prefix("any signed-in user") {
        // "(sales.read_all for others' sales)": a record of another needs that permission.
        let other = rest
            .trim()
            .strip_prefix('(')
            .and_then(|r| r.split(' ').next());
        return other
            .filter(|o| names_a_record && o.contains('.'))
            .map(str::to_owned);
    }
    let (base, others) = x_permission.split_once(" (").unwrap_or((x_permission, ""));
    let other = others.split(' ').next().unwrap_or("");
    if names_a_record && other.contains('.') {
        // "sessions.operate (sessions.close_any for others' sessions)": both are needed; the
        // route's own permission is checked first.
        return Some(format!("{base}+{other}"));
    }
    Some(base.to_owned())
}

api_test!(
    every_route_allows_exactly_the_roles_that_hold_its_permission,
    |app| {
        let shop = app.shop().await;
        let sale = app
        .post(
            "/api/v1/sales",
            json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                   "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]}),
        )
        .await;
        assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
        let sale = sale.body["id"].as_i64().unwrap();
        let taken_back = app
            .create(
                &format!("/api/v1/sales/{sale}/returns"),
                json!({"lines": [{"line": 0, "quantity": "1"}], "warehouse_id": shop.warehouse,
                       "refund": {"method": "card"}, "reason": "changed her mind"}),
            )
            .await;
        let branch = app
            .create("/api/v1/branches", json!({"name": "Downtown"}))
            .await;
        let device = app
            .create(
                "/api/v1/devices",
                json!({"name": "Till 1", "branch_id": branch}),
            )
            .await;
        let opening = app
        .post(
            "/api/v1/opening-stock",
            json!({"warehouse_id": shop.warehouse, "product_id": shop.rings, "quantity": "1", "unit_cost": "5"}),
        )
        .await;
        let opening = opening.body["id"].as_i64().unwrap_or(1);
        let supplier = app
            .create("/api/v1/suppliers", json!({"name": "Nile Threads"}))
            .await;
        let purchase = app
            .create(
                "/api/v1/purchases",
                json!({"supplier_id": supplier, "warehouse_id": shop.warehouse,
                       "lines": [{"product_id": shop.rings, "quantity": "2", "unit_cost": "6"}]}),
            )
            .await;
        let roles = [
            ("owner", app.token.clone(), OWNER),
            ("manager", app.staff("mona", "manager").await, MANAGER),
            ("cashier", app.staff("sara", "cashier").await, CASHIER),
            (
                "accountant",
                app.staff("nadia", "accountant").await,
                ACCOUNTANT,
            ),
            ("waiter", app.staff("sami", "waiter").await, WAITER),
            ("cutter", app.staff("karim", "cutter").await, CUTTER),
            ("installer", app.staff("adel", "installer").await, INSTALLER),
        ];
        let users = app.get("/api/v1/users").await;
        let sara = users
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "sara")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let id_for = |path: &str| -> i64 {
            let resource = path
                .trim_start_matches("/api/v1/")
                .split('/')
                .next()
                .unwrap();
            match resource {
                "branches" => branch,
                "warehouses" => shop.warehouse,
                "cash-registers" => shop.register,
                "customers" => shop.customer,
                "products" => shop.rings,
                "opening-stock" => opening,
                "sales" => sale,
                "returns" => taken_back,
                "cashier-sessions" => shop.session,
                "users" => sara,
                "tokens" => 999_999,
                "devices" => device,
                "suppliers" => supplier,
                "purchases" => purchase,
                // Unknown ids: an allowed role gets 404, a refused one 403.
                "purchase-returns" | "supplier-payments" | "customer-payments"
                | "stock-transfers" | "stock-counts" | "accounts" | "opening-balances" | "cafe"
                | "workshop" | "installations" => 999_999,
                other => panic!("no id for {other}"),
            }
        };

        let doc = app.get("/api/openapi.json").await;
        let mut calls = 0;
        for (path, item) in doc.body["paths"].as_object().unwrap() {
            // Signing in needs no token; signing out would end the session under test.
            if !path.starts_with("/api/v1") || path.starts_with("/api/v1/auth/") {
                continue;
            }
            for (method, op) in item.as_object().unwrap() {
                let x = op["x-permission"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{method} {path}"));
                let names_a_record = path.contains("{id}");
                let need = needed(x, names_a_record);
                let url = if names_a_record {
                    path.replace("{id}", &id_for(path).to_string())
                } else {
                    path.clone()
                };
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                for (role, token, perms) in &roles {
                    let body = matches!(m, Method::POST | Method::PATCH).then(|| "{}".to_owned());
                    let a = app.send(m.clone(), &url, Some(token), None, body).await;
                    let missing = need
                        .as_deref()
                        .and_then(|n| n.split('+').find(|p| !perms.contains(p)).map(str::to_owned));
                    match missing {
                        None => assert!(
                            a.status != StatusCode::FORBIDDEN
                                && a.status != StatusCode::UNAUTHORIZED,
                            "{role} {method} {url} should be allowed: {} {}",
                            a.status,
                            a.body
                        ),
                        Some(p) => {
                            assert_eq!(
                                (a.status, a.code()),
                                (StatusCode::FORBIDDEN, "forbidden"),
                                "{role} {method} {url} should be refused: {}",
                                a.body
                            );
                            assert_eq!(a.body["error"]["details"]["permission"], p.as_str());
                        }
                    }
                    calls += 1;
                }
            }
        }
        assert!(calls >= 4 * 45, "only {calls} calls");

        // Lists a cashier may read hold only their own records.
        let sales = app.get_as(&roles[2].1, "/api/v1/sales").await;
        assert_eq!(sales.status, StatusCode::OK);
        assert!(
            sales
                .body
                .as_array()
                .unwrap()
                .iter()
                .all(|s| s["cashier"] == "sara")
        );
        let sessions = app.get_as(&roles[2].1, "/api/v1/cashier-sessions").await;
        assert!(
            sessions.body.as_array().unwrap().is_empty(),
            "{}",
            sessions.body
        );
        assert_eq!(
            app.get_as(&roles[3].1, "/api/v1/sales")
                .await
                .body
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
);
