//! Returns over HTTP: a manager takes back part of a credit sale (DOMAIN §4: Dr Revenue / Cr
//! Customers, Dr Inventory / Cr COGS at the sale's cost); a cashier needs a manager's approval;
//! more than was sold is refused naming the line; the session's refunds and the daily report's
//! returns count; the books stay clean.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::TestApp;

async fn login(app: &TestApp, name: &str) -> String {
    let body = json!({"tenant_id": app.tenant, "username": name,
        "password": format!("{name}-password"), "kind": "token"});
    let a = app
        .send(
            reqwest::Method::POST,
            "/api/v1/auth/login",
            None,
            None,
            Some(body.to_string()),
        )
        .await;
    a.body["token"].as_str().unwrap().to_owned()
}

fn account(accounts: &Value, code: &str) -> String {
    accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("no account {code}"))["balance"]
        .as_str()
        .unwrap()
        .to_owned()
}

api_test!(
    sold_goods_come_back_at_the_sales_own_price_and_cost,
    |app| {
        let shop = app.shop().await;
        app.staff("mona", "manager").await;
        app.staff("sara", "cashier").await;
        let mona = login(&app, "mona").await;
        let sara = login(&app, "sara").await;
        // Ten metres of fabric at 1,000.00 (cost 600.00 each) on credit: DOMAIN §4's sale.
        let sale = app
        .post(
            "/api/v1/sales",
            json!({"payment": {"method": "credit", "customer_id": shop.customer},
                   "lines": [{"product_id": shop.fabric, "warehouse_id": shop.warehouse, "quantity": "10"}]}),
        )
        .await;
        assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
        let id = sale.body["id"].as_i64().unwrap();
        let before = app.get("/api/v1/accounts").await.body;
        let body = |qty: &str, approval: Option<Value>| {
            let mut b = json!({"lines": [{"line": 0, "quantity": qty}], "warehouse_id": shop.warehouse,
                           "refund": {"method": "credit"}, "reason": "too short"});
            if let Some(a) = approval {
                b["approval"] = a;
            }
            b
        };
        let url = format!("/api/v1/sales/{id}/returns");

        // A cashier alone may not; with the manager's credentials she may.
        let alone = app.post_as(&sara, &url, body("2", None)).await;
        assert_eq!(
            (
                alone.status,
                alone.body["error"]["details"]["permission"].as_str()
            ),
            (StatusCode::FORBIDDEN, Some("sales.return")),
            "{}",
            alone.body
        );
        let approved = app
            .post_as(
                &sara,
                &url,
                body(
                    "2",
                    Some(json!({"username": "mona", "password": "mona-password"})),
                ),
            )
            .await;
        assert_eq!(approved.status, StatusCode::CREATED, "{}", approved.body);
        assert!(
            approved.body["number"]
                .as_str()
                .unwrap()
                .starts_with("RET-")
        );
        assert_eq!(approved.body["total_amount"], "2000.00");
        assert_eq!(approved.body["cost_amount"], "1200.00");
        assert_eq!(approved.body["returned_by"], "sara");
        // Dr Revenue 2,000 / Cr Customers 2,000; Dr Inventory 1,200 / Cr COGS 1,200.
        let after = app.get("/api/v1/accounts").await.body;
        // In minor units ("1234.50" → 123450): exact, no floats.
        let minor = |v: String| v.replace('.', "").parse::<i64>().unwrap();
        let moved = |code: &str| minor(account(&after, code)) - minor(account(&before, code));
        assert_eq!(moved("41010"), 200_000);
        assert_eq!(moved("11030"), -200_000);
        assert_eq!(moved("11051"), 120_000);
        assert_eq!(moved("51010"), -120_000);
        let audit = app.get("/api/v1/audit").await;
        let row = audit
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["action"] == "create_return")
            .unwrap();
        assert_eq!(row["detail"], "approved by mona (manager)");

        // Eight are left: nine are refused, naming the line, what was sold and returned.
        let nine = app.post_as(&mona, &url, body("9", None)).await;
        assert_eq!(nine.status, StatusCode::CONFLICT, "{}", nine.body);
        assert_eq!(nine.body["error"]["code"], "return_exceeds_sale");
        assert_eq!(nine.body["error"]["details"]["sold"], "10.000");
        assert_eq!(nine.body["error"]["details"]["returned"], "2.000");
        let read = app
            .get(&format!("/api/v1/returns/{}", approved.body["id"]))
            .await;
        assert_eq!(read.body, approved.body);
        // A cashier reads her own return but not another's.
        let theirs = app.post_as(&mona, &url, body("1", None)).await;
        assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);
        let other = app
            .get_as(&sara, &format!("/api/v1/returns/{}", theirs.body["id"]))
            .await;
        assert_eq!(other.status, StatusCode::FORBIDDEN);

        // A cash refund from the till's open session counts in its refunds.
        let cash = app
        .post(
            "/api/v1/sales",
            json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                   "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "2"}]}),
        )
        .await;
        let refund = app
            .post(
                &format!("/api/v1/sales/{}/returns", cash.body["id"]),
                json!({"lines": [{"line": 0, "quantity": "1"}], "write_off": true,
                   "refund": {"method": "cash", "cash_register_id": shop.register},
                   "reason": "broken"}),
            )
            .await;
        assert_eq!(refund.status, StatusCode::CREATED, "{}", refund.body);
        assert_eq!(refund.body["written_off"], true);
        let report = app
            .get(&format!("/api/v1/cashier-sessions/{}/report", shop.session))
            .await;
        assert_eq!(report.status, StatusCode::OK, "{}", report.body);
        assert!(
            report.body.to_string().contains("11.40"),
            "the refund shows in the session: {}",
            report.body
        );
        app.check_is_clean().await;
    }
);
