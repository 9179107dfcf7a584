//! A manager's approval at the till: a discount beyond the cashier's role goes through when a
//! manager types their own credentials with the sale, the audit row names both, a wrong
//! password is refused (and counts against the manager's account), and another cashier's
//! credentials lend no more than a cashier may give.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::TestApp;

fn sale(shop: &crate::support::Shop, approval: Option<Value>) -> Value {
    let mut body = json!({
        "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1",
                   "discount": "2.00"}],
        "cash_register_id": shop.register, "post": false,
    });
    if let Some(a) = approval {
        body["approval"] = a;
    }
    body
}

async fn login(app: &TestApp, name: &str) -> String {
    let body = json!({"tenant_id": app.tenant, "username": name,
        "password": format!("{name}-password"), "kind": "token"});
    let res = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    let v: Value = res.json().await.unwrap();
    v["token"].as_str().unwrap().to_owned()
}

api_test!(
    a_manager_approves_a_discount_beyond_the_cashiers_role_at_the_till,
    |app| {
        let shop = app.shop().await;
        app.staff("mona", "manager").await;
        app.staff("kamal", "cashier").await;
        app.staff("sara", "cashier").await;
        let sara = login(&app, "sara").await;

        // 20% off a 10.00 ring: beyond a cashier's 10%.
        let alone = app.post_as(&sara, "/api/v1/sales", sale(&shop, None)).await;
        assert_eq!(
            (alone.status, alone.code()),
            (StatusCode::FORBIDDEN, "discount_over_limit")
        );
        let wrong = app
            .post_as(
                &sara,
                "/api/v1/sales",
                sale(
                    &shop,
                    Some(json!({"username": "mona", "password": "guess-guess"})),
                ),
            )
            .await;
        assert_eq!(
            (wrong.status, wrong.code()),
            (StatusCode::FORBIDDEN, "approval_refused"),
            "{}",
            wrong.body
        );
        let events = app.get("/api/v1/security-events").await;
        assert!(
            events
                .body
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["username"] == "mona" && e["kind"] == "sign_in_failed"),
            "{}",
            events.body
        );
        let peer = app
            .post_as(
                &sara,
                "/api/v1/sales",
                sale(
                    &shop,
                    Some(json!({"username": "kamal", "password": "kamal-password"})),
                ),
            )
            .await;
        assert_eq!(peer.code(), "discount_over_limit", "{}", peer.body);

        let approved = app
            .post_as(
                &sara,
                "/api/v1/sales",
                sale(
                    &shop,
                    Some(json!({"username": "mona", "password": "mona-password"})),
                ),
            )
            .await;
        assert_eq!(approved.status, StatusCode::CREATED, "{}", approved.body);
        assert_eq!(approved.body["cashier"], "sara");
        let audit = app.get("/api/v1/audit").await;
        let row = audit
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["action"] == "create_sale" && r["resource_id"] == approved.body["id"])
            .unwrap_or_else(|| panic!("no audit row: {}", audit.body));
        assert_eq!(row["username"], "sara");
        assert_eq!(row["detail"], "approved by mona (manager)");
        app.check_is_clean().await;
    }
);
