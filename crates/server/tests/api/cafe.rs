//! The café over HTTP, checked against the OpenAPI document: a waiter orders at a table and
//! starts a session but may not take payments or merge; a cashier takes part of the session's
//! bill and links the session to the table, whose bill then shows the merge trail both ways;
//! a manager voids an order before it is served; the café's hours are a setting; a table
//! retires off the floor; refusals name what was wrong; the books stay balanced.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{Answer, TestApp};

async fn patch(app: &TestApp, path: String, body: Value) -> Answer {
    app.send(
        Method::PATCH,
        &path,
        Some(&app.token),
        None,
        Some(body.to_string()),
    )
    .await
}

/// "12.34" as 1234.
fn cents(v: &Value) -> i64 {
    let t = v.as_str().unwrap_or_else(|| panic!("{v}"));
    let (a, b) = t.split_once('.').unwrap();
    a.parse::<i64>().unwrap() * 100 + b.parse::<i64>().unwrap()
}

/// 1234 as "12.34".
fn money(c: i64) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

api_test!(
    a_waiter_orders_a_cashier_settles_and_the_merge_trail_shows,
    |app| {
        let shop = app.shop().await;
        let table = app
            .create(
                "/api/v1/cafe/places",
                json!({"kind": "table", "area": "Hall", "name": "Table 4", "seats": 4,
                   "warehouse_id": shop.warehouse}),
            )
            .await;
        let station = app
            .create(
                "/api/v1/cafe/places",
                json!({"kind": "station", "area": "Games", "name": "PS5 #2",
                   "warehouse_id": shop.warehouse, "vat_rate": "14",
                   "rate_plan": {"hourly": "60.00", "minimum_minutes": 30, "step_minutes": 15}}),
            )
            .await;
        // A station needs a plan; a name is taken once.
        let a = app
            .post(
                "/api/v1/cafe/places",
                json!({"kind": "station", "area": "Games", "name": "PC 1",
                   "warehouse_id": shop.warehouse}),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
        );
        assert_eq!(a.body["error"]["details"]["field"], "rate_plan");
        let a = app
        .post(
            "/api/v1/cafe/places",
            json!({"kind": "table", "area": "Hall", "name": "Table 4", "warehouse_id": shop.warehouse}),
        )
        .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "duplicate_name")
        );

        let waiter = app.staff("sami", "waiter").await;
        let cashier = app.staff("huda", "cashier").await;
        // The waiter: two rings served at the table (22.80), a session started.
        let a = app
        .post_as(
            &waiter,
            "/api/v1/cafe/orders",
            json!({"table_id": table, "product_id": shop.rings, "quantity": "2", "served": true}),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        let table_bill = a.body["id"].as_i64().unwrap();
        assert_eq!(a.body["total"], "22.80");
        assert_eq!(a.body["status"], "draft");
        assert_eq!(a.body["name"], "Table 4");
        let a = app
            .post_as(
                &waiter,
                &format!("/api/v1/cafe/stations/{station}/sessions"),
                json!({}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        let session = a.body["id"].as_i64().unwrap();
        let session_bill = a.body["bill_id"].as_i64().unwrap();
        let a = app
            .post_as(
                &waiter,
                &format!("/api/v1/cafe/stations/{station}/sessions"),
                json!({}),
            )
            .await;
        assert_eq!((a.status, a.code()), (StatusCode::CONFLICT, "station_busy"));
        // A ring ordered on the session, not yet served.
        let a = app
            .post_as(
                &waiter,
                "/api/v1/cafe/orders",
                json!({"session_id": session, "product_id": shop.rings, "quantity": "1"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        let pending = a.body["orders"][0]["id"].as_i64().unwrap();
        assert_eq!(a.body["orders"][0]["status"], "pending");
        // The floor shows the table's bill and the running session.
        let f = app.get_as(&waiter, "/api/v1/cafe/floor").await;
        assert_eq!(f.status, StatusCode::OK, "{}", f.body);
        let places = f.body["places"].as_array().unwrap();
        let st = places.iter().find(|p| p["place"]["id"] == station).unwrap();
        assert_eq!(st["session"]["state"], "running");
        let tb = places.iter().find(|p| p["place"]["id"] == table).unwrap();
        assert_eq!(tb["open_amount"], "22.80");
        // Waiters take no payments, merge nothing and void nothing.
        let pay = json!({"amount": "5.00", "paid": {"method": "card"}});
        let a = app
            .post_as(
                &waiter,
                &format!("/api/v1/cafe/bills/{session_bill}/payments"),
                pay.clone(),
            )
            .await;
        assert_eq!((a.status, a.code()), (StatusCode::FORBIDDEN, "forbidden"));
        let a = app
            .post_as(
                &waiter,
                &format!("/api/v1/cafe/orders/{pending}/void"),
                json!({"reason": "x"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        // The waiter serves it; the session stops: any time played bills the 30-minute minimum,
        // 30.00 + 14% (none, when it stopped within the millisecond it started).
        let a = app
            .post_as(
                &waiter,
                &format!("/api/v1/cafe/orders/{pending}/serve"),
                json!({}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["total"], "11.40");
        let a = app
            .post_as(
                &waiter,
                &format!("/api/v1/cafe/sessions/{session}/stop"),
                json!({}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["state"], "stopped");
        let minutes = a.body["billed_minutes"].as_i64().unwrap();
        assert!(minutes == 30 || minutes == 0, "{}", a.body);
        let play = if minutes == 30 { 3_420 } else { 0 };
        let session_total = 1_140 + play;
        assert_eq!(a.body["events"].as_array().unwrap().len(), 2);
        // The cashier: 5.00 by card on the session's bill, then more than is open is refused.
        let a = app
            .post_as(
                &cashier,
                &format!("/api/v1/cafe/bills/{session_bill}/payments"),
                pay,
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        assert_eq!(a.body["status"], "partial");
        assert_eq!(a.body["remaining"], money(session_total - 500));
        let a = app
            .post_as(
                &cashier,
                &format!("/api/v1/cafe/bills/{session_bill}/payments"),
                json!({"amount": money(session_total - 499), "paid": {"method": "card"}}),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "payment_exceeds_remaining")
        );
        assert_eq!(
            a.body["error"]["details"]["remaining"],
            money(session_total - 500)
        );
        // Linked to the table: the session's bill and its payment join the table's.
        let a = app
            .post_as(
                &cashier,
                &format!("/api/v1/cafe/sessions/{session}/link"),
                json!({"table_id": table}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["id"], table_bill);
        assert_eq!(cents(&a.body["total"]), 2_280 + session_total);
        assert_eq!(a.body["paid"], "5.00");
        let notes = a.body["notes"].as_array().unwrap();
        assert!(
            notes
                .iter()
                .any(|n| n.as_str().unwrap().starts_with("[merged bill BILL-")),
            "{notes:?}"
        );
        assert_eq!(a.body["links"][0]["kind"], "merge");
        let old = app.get(&format!("/api/v1/cafe/bills/{session_bill}")).await;
        assert_eq!(old.body["status"], "merged");
        assert_eq!(old.body["merged_into_bill_id"], table_bill);
        assert_eq!(old.body["links"][0]["into_bill_id"], table_bill);
        let a = app
            .post_as(
                &cashier,
                &format!("/api/v1/cafe/bills/{session_bill}/merge"),
                json!({"into_bill_id": table_bill}),
            )
            .await;
        assert_eq!((a.status, a.code()), (StatusCode::CONFLICT, "bill_merged"));
        // A pending order voided by the owner with a reason; then the rest paid in cash.
        let a = app
            .post(
                "/api/v1/cafe/orders",
                json!({"bill_id": table_bill, "product_id": shop.rings, "quantity": "1"}),
            )
            .await;
        let extra = a.body["orders"].as_array().unwrap().last().unwrap()["id"]
            .as_i64()
            .unwrap();
        let a = app
            .post(
                &format!("/api/v1/cafe/orders/{extra}/void"),
                json!({"reason": "changed mind"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let a = app
            .post_as(
                &cashier,
                &format!("/api/v1/cafe/bills/{table_bill}/payments"),
                json!({"amount": money(2_280 + session_total - 500),
                   "paid": {"method": "cash", "cash_register_id": shop.register}}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        assert_eq!(
            (a.body["status"].as_str(), a.body["closed"].as_bool()),
            (Some("paid"), Some(true))
        );
        // The café report: one session, three rings served; open 12 hours a day.
        let r = app
            .get("/api/v1/reports/cafe?opens=10:00&closes=22:00")
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["sessions"], 1);
        assert_eq!(r.body["open_minutes_per_day"], 720);
        assert_eq!(r.body["item_revenue"], "30.00");
        assert_eq!(r.body["items"][0]["quantity"], "3.000");
        let st = &r.body["stations"][0];
        assert_eq!(st["billed_minutes"].as_i64().unwrap(), minutes);
        let bad = app.get("/api/v1/reports/cafe?opens=25:00").await;
        assert_eq!(
            (bad.status, bad.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
        );
        assert_eq!(bad.body["error"]["details"]["field"], "opens");
        let open = app.get("/api/v1/cafe/bills?open=true").await;
        assert_eq!(open.body.as_array().unwrap().len(), 0, "{}", open.body);
        // The café's hours as a setting: the report measures against them unless asked.
        let a = patch(
            &app,
            "/api/v1/settings".into(),
            json!({"cafe_opens": "09:00", "cafe_closes": "01:00"}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(
            (
                a.body["cafe_opens"].as_str(),
                a.body["cafe_closes"].as_str()
            ),
            (Some("09:00"), Some("01:00"))
        );
        let r = app.get("/api/v1/reports/cafe").await;
        assert_eq!(
            (
                r.body["opens"].as_str(),
                r.body["open_minutes_per_day"].as_i64()
            ),
            (Some("09:00"), Some(960))
        );
        let a = patch(
            &app,
            "/api/v1/settings".into(),
            json!({"cafe_closes": "09:00"}),
        )
        .await;
        assert_eq!(
            (
                a.status,
                a.code(),
                a.body["error"]["details"]["field"].as_str()
            ),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_field",
                Some("cafe_closes")
            )
        );
        // Tables and stations change and retire: a new plan from the next session on.
        let a = patch(
            &app,
            format!("/api/v1/cafe/places/{station}"),
            json!({"area": "Upstairs", "rate_plan": {"hourly": "80.00", "step_minutes": 15}}),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(
            (
                a.body["area"].as_str(),
                a.body["rate_plan"]["hourly"].as_str()
            ),
            (Some("Upstairs"), Some("80.00"))
        );
        let a = patch(
            &app,
            format!("/api/v1/cafe/places/{table}"),
            json!({"retired": true}),
        )
        .await;
        assert_eq!(
            (a.status, a.body["retired"].as_bool()),
            (StatusCode::OK, Some(true)),
            "{}",
            a.body
        );
        let floor = app.get("/api/v1/cafe/floor").await;
        assert!(
            !floor.body.to_string().contains("Table 4"),
            "{}",
            floor.body
        );
        let a = app
            .post(
                "/api/v1/cafe/orders",
                json!({"table_id": table, "product_id": shop.rings, "quantity": "1"}),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "place_retired"),
            "{}",
            a.body
        );
        assert!(
            a.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Table 4"),
            "{}",
            a.body
        );
        // Not on a customer's account, until statements and aging carry café bills.
        let a = app
            .post(
                &format!("/api/v1/cafe/bills/{table_bill}/payments"),
                json!({"amount": "1.00", "paid": {"method": "customer", "customer_id": shop.customer}}),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "cafe_on_account_unavailable"),
            "{}",
            a.body
        );
        app.check_is_clean().await;
    }
);
