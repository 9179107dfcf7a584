//! The point of sale over HTTP, read as sentences, on SQLite and PostgreSQL: the shop API's
//! checkout (DOMAIN.md §3) with change, the receipt, X and Z reports, the daily sales report,
//! scale barcodes, and every refusal of bad input with its code, changing nothing.

use crate::support;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A Tashkent shop in UZS with a till, an open session and a 450,000.00 service.
async fn tashkent(app: &support::TestApp) -> (String, i64, i64, i64) {
    let (_, _, token) = app
        .mizan
        .create_tenant("Tashkent Games", "UZS")
        .await
        .unwrap();
    let id = |a: support::Answer| {
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        a.body["id"].as_i64().unwrap()
    };
    let register = id(app
        .post_as(&token, "/api/v1/cash-registers", json!({"name": "Kassa 1"}))
        .await);
    let session = id(app
        .post_as(
            &token,
            "/api/v1/cashier-sessions",
            json!({"cash_register_id": register, "opening_float": "100000.00"}),
        )
        .await);
    let product = id(app
        .post_as(
            &token,
            "/api/v1/products",
            json!({"code": "PS5-HOUR", "name_en": "PlayStation hour", "unit": "hour",
                   "sale_price": "450000.00"}),
        )
        .await);
    (token, register, session, product)
}

api_test!(
    the_shop_apis_checkout_completes_a_sale_with_change_and_prints_a_receipt,
    |app| {
        let (token, register, session, product) = tashkent(&app).await;
        // Services have no stock; the warehouse of a line still has to exist.
        let w = app
            .post_as(
                &token,
                "/api/v1/warehouses",
                json!({"code": "HALL", "name": "Hall"}),
            )
            .await;
        let warehouse = w.body["id"].as_i64().unwrap();
        let a = app
            .post_as(
                &token,
                "/api/v1/sales",
                json!({"cash_register_id": register, "post": false,
                       "lines": [{"product_id": product, "warehouse_id": warehouse, "quantity": "1"}]}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        let sale = a.body["id"].as_i64().unwrap();
        let done = app
            .post_as(
                &token,
                &format!("/api/v1/sales/{sale}/complete"),
                json!({"payments": [{"payment_method": "cash", "amount": 450000, "received_amount": 500000}]}),
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let s = &done.body;
        assert_eq!(s["status"], "completed");
        assert_eq!(s["total_amount"], "450000.00");
        assert_eq!(s["payments"][0]["change_amount"], "50000.00");
        assert_eq!(s["payments"][0]["received_amount"], "500000.00");
        assert_eq!(s["cashier_session_id"], json!(session));
        // The /checkout alias does the same on another draft.
        let a = app
            .post_as(
                &token,
                "/api/v1/sales",
                json!({"cash_register_id": register, "post": false,
                       "lines": [{"product_id": product, "warehouse_id": warehouse, "quantity": "2"}]}),
            )
            .await;
        let second = a.body["id"].as_i64().unwrap();
        let done = app
            .post_as(
                &token,
                &format!("/api/v1/sales/{second}/checkout"),
                json!({"payments": [{"payment_method": "card", "amount": "500000.00"},
                                    {"payment_method": "cash", "amount": "400000", "received_amount": "400000"}]}),
            )
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        assert_eq!(done.body["change_amount"], "0.00");
        let r = app
            .get_as(&token, &format!("/api/v1/sales/{sale}/receipt"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let r = &r.body;
        assert_eq!(r["shop"], "Tashkent Games");
        assert_eq!(r["cash_register"], "Kassa 1");
        assert_eq!(r["cashier"], "owner");
        assert!(r["number"].as_str().unwrap().starts_with("INV-"));
        assert_eq!(r["lines"][0]["name_en"], "PlayStation hour");
        assert_eq!(r["lines"][0]["total_amount"], "450000.00");
        assert_eq!(r["taxes"][0]["vat_rate"], "0.00");
        assert_eq!(r["payments"][0]["payment_method"], "cash");
        assert_eq!(r["paid_amount"], "500000.00");
        assert_eq!(r["change_amount"], "50000.00");
        assert_eq!(r["currency"], "UZS");
        // The X report: float 100,000 + cash 450,000 + 400,000 = 950,000 expected.
        let x = app
            .get_as(
                &token,
                &format!("/api/v1/cashier-sessions/{session}/report"),
            )
            .await;
        assert_eq!(x.body["kind"], "x");
        assert_eq!(x.body["sales_count"], 2);
        assert_eq!(x.body["change_given"], "50000.00");
        assert_eq!(x.body["expected_cash"], "950000.00");
        let check = app.get_as(&token, "/api/v1/check").await;
        assert_eq!(check.body["ok"], json!(true), "{}", check.body);
    }
);

api_test!(
    bad_checkout_input_gets_a_clear_error_and_changes_nothing,
    |app| {
        let shop = app.shop().await;
        let line =
            json!([{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]);
        let a = app
            .post(
                "/api/v1/sales",
                json!({"cash_register_id": shop.register, "post": false, "lines": line}),
            )
            .await;
        let sale = a.body["id"].as_i64().unwrap();
        let journal = app.get("/api/v1/journal").await.body;
        let app = &app;
        let complete = |payments: Value| {
            let path = format!("/api/v1/sales/{sale}/complete");
            async move { app.post(&path, json!({ "payments": payments })).await }
        };
        let cases = [
            (
                json!([{"payment_method": "cash", "amount": "0"}]),
                422,
                "invalid_field",
                "payments[0].amount",
            ),
            (
                json!([{"payment_method": "cash", "amount": "-5"}]),
                422,
                "invalid_field",
                "payments[0].amount",
            ),
            (
                json!([{"payment_method": "bitcoin", "amount": "11.40"}]),
                422,
                "unknown_payment_method",
                "payments[0].payment_method",
            ),
            (
                json!([{"payment_method": "cash", "amount": "11.40", "received_amount": "10"}]),
                422,
                "received_below_amount",
                "payments[0].received_amount",
            ),
            (
                json!([{"payment_method": "card", "amount": "11.40", "received_amount": "20"}]),
                422,
                "invalid_field",
                "payments[0].received_amount",
            ),
            (
                json!([{"payment_method": "cash", "amount": "10.00"}]),
                422,
                "payment_mismatch",
                "payments",
            ),
            (
                json!([{"payment_method": "credit", "amount": "11.40"}]),
                422,
                "invalid_field",
                "customer_id",
            ),
            (
                json!([{"payment_method": "cash", "amount": 11.4}]),
                422,
                "invalid_field",
                "",
            ),
        ];
        for (payments, status, code, field) in cases {
            let a = complete(payments.clone()).await;
            assert_eq!(
                (a.status.as_u16(), a.code()),
                (status, code),
                "{payments}: {}",
                a.body
            );
            if !field.is_empty() {
                assert_eq!(a.body["error"]["details"]["field"], field, "{}", a.body);
            }
        }
        assert_eq!(
            app.get("/api/v1/journal").await.body,
            journal,
            "nothing was written"
        );
        let ok = complete(json!([{"payment_method": "cash", "amount": "11.40"}])).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
        let again = complete(json!([{"payment_method": "cash", "amount": "11.40"}])).await;
        assert_eq!(
            (again.status.as_u16(), again.code()),
            (409, "sale_already_completed")
        );
        // A second session on the register.
        let a = app
            .post(
                "/api/v1/cashier-sessions",
                json!({"cash_register_id": shop.register}),
            )
            .await;
        assert_eq!((a.status.as_u16(), a.code()), (409, "session_already_open"));
        assert_eq!(
            a.body["error"]["details"]["cashier_session_id"],
            json!(shop.session)
        );
        // A credit limit.
        let c = app
            .send(
                reqwest::Method::PATCH,
                &format!("/api/v1/customers/{}", shop.customer),
                Some(&app.token),
                None,
                Some(json!({"credit_limit": "5.00"}).to_string()),
            )
            .await;
        assert_eq!(c.status, StatusCode::OK, "{}", c.body);
        assert_eq!(c.body["credit_limit"], "5.00");
        let a = app
            .post(
                "/api/v1/sales",
                json!({"cash_register_id": shop.register, "customer_id": shop.customer, "lines": line,
                       "payments": [{"payment_method": "credit", "amount": "11.40"}]}),
            )
            .await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (409, "credit_limit_exceeded"),
            "{}",
            a.body
        );
        assert_eq!(a.body["error"]["details"]["credit_limit"], "5.00");
        assert_eq!(a.body["error"]["details"]["requested"], "11.40");
        // Closing the session; then pay-ins and sales that name it are refused.
        let close = app
            .post(
                &format!("/api/v1/cashier-sessions/{}/close", shop.session),
                json!({"counted_amount": "11.40"}),
            )
            .await;
        assert_eq!(close.status, StatusCode::OK, "{}", close.body);
        let a = app
            .post(
                &format!("/api/v1/cashier-sessions/{}/cash-movements", shop.session),
                json!({"kind": "pay_in", "amount": "10", "reason": "change"}),
            )
            .await;
        assert_eq!((a.status.as_u16(), a.code()), (409, "session_closed"));
        let a = app
            .post(
                "/api/v1/sales",
                json!({"cash_register_id": shop.register, "cashier_session_id": shop.session, "lines": line,
                       "payments": [{"payment_method": "cash", "amount": "11.40"}]}),
            )
            .await;
        assert_eq!((a.status.as_u16(), a.code()), (409, "session_closed"));
        let a = app
            .post(
                "/api/v1/sales",
                json!({"cash_register_id": shop.register, "lines": line,
                       "payments": [{"payment_method": "cash", "amount": "11.40"}]}),
            )
            .await;
        assert_eq!((a.status.as_u16(), a.code()), (409, "no_open_session"));
        app.check_is_clean().await;
    }
);

api_test!(
    a_shift_runs_from_x_report_to_z_report_and_the_daily_report_counts_it,
    |app| {
        let shop = app.shop().await;
        let line =
            json!([{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "10"}]);
        for payments in [
            json!([{"payment_method": "cash", "amount": "114.00", "received_amount": "200"}]),
            json!([{"payment_method": "card", "amount": "100.00"}, {"payment_method": "cash", "amount": "14.00"}]),
        ] {
            let a = app
                .post(
                    "/api/v1/sales",
                    json!({"cash_register_id": shop.register, "customer_id": shop.customer,
                           "lines": line, "payments": payments}),
                )
                .await;
            assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        }
        let mv = app
            .post(
                &format!("/api/v1/cashier-sessions/{}/cash-movements", shop.session),
                json!({"kind": "payout", "amount": "8.00", "reason": "Tea"}),
            )
            .await;
        assert_eq!(mv.status, StatusCode::CREATED, "{}", mv.body);
        let x = app
            .get(&format!("/api/v1/cashier-sessions/{}/report", shop.session))
            .await
            .body;
        assert_eq!(x["kind"], "x");
        assert_eq!(x["cash_sales"], "128.00");
        assert_eq!(x["payouts"], "8.00");
        assert_eq!(x["expected_cash"], "120.00");
        assert_eq!(
            x["by_payment_method"][1],
            json!({"payment_method": "card", "amount": "100.00"})
        );
        let app = &app;
        let close = |body: Value| {
            let path = format!("/api/v1/cashier-sessions/{}/close", shop.session);
            async move { app.post(&path, body).await }
        };
        let z = close(
            json!({"denominations": [{"value": "100", "count": 1}, {"value": "10", "count": 2}]}),
        )
        .await;
        assert_eq!(z.status, StatusCode::OK, "{}", z.body);
        assert_eq!(z.body["status"], "closed");
        assert_eq!(z.body["report"]["kind"], "z");
        assert_eq!(z.body["report"]["counted_cash"], "120.00");
        assert_eq!(z.body["report"]["difference"], "0.00");
        let twice = close(json!({"counted_amount": "1.00"})).await;
        assert_eq!(twice.body, z.body, "closing twice returns the first result");
        let day = app.get("/api/v1/reports/daily-sales").await;
        assert_eq!(day.status, StatusCode::OK, "{}", day.body);
        let d = &day.body[0];
        assert_eq!(d["sales_count"], 2);
        assert_eq!(d["total_amount"], "228.00");
        assert_eq!(d["payments_by_method"]["cash"], "128.00");
        assert_eq!(d["payments_by_method"]["card"], "100.00");
        assert_eq!(d["unique_customers"], 1);
        assert_eq!(
            (d["sessions_opened"].clone(), d["sessions_closed"].clone()),
            (json!(1), json!(1))
        );
        let bad = app.get("/api/v1/reports/daily-sales?date=2026-02-30").await;
        assert_eq!((bad.status.as_u16(), bad.code()), (422, "invalid_field"));
        app.check_is_clean().await;
    }
);

api_test!(
    a_scale_barcode_finds_its_product_with_the_weight_and_amount_it_carries,
    |app| {
        let s = app
            .send(
                reqwest::Method::PATCH,
                "/api/v1/settings",
                Some(&app.token),
                None,
                Some(json!({"scale_barcodes": ["21PPPPPWWWWWC", "22PPPPP$$$$$C"]}).to_string()),
            )
            .await;
        assert_eq!(s.status, StatusCode::OK, "{}", s.body);
        assert_eq!(s.body["scale_barcodes"][1], "22PPPPP$$$$$C");
        let bad = app
            .send(
                reqwest::Method::PATCH,
                "/api/v1/settings",
                Some(&app.token),
                None,
                Some(json!({"scale_barcodes": ["21PPPPPWWWWW"]}).to_string()),
            )
            .await;
        assert_eq!(
            (bad.status.as_u16(), bad.code()),
            (422, "invalid_scale_layout")
        );
        app.create(
            "/api/v1/products",
            json!({"code": "CHEESE", "name_en": "White cheese", "unit": "kg", "plu": "12345",
                   "barcode": "6221234500000", "sale_price": "80.00"}),
        )
        .await;
        let with_check = |body: &str| {
            let digits: Vec<u32> = body.chars().map(|c| c.to_digit(10).unwrap()).collect();
            let sum: u32 = digits
                .iter()
                .rev()
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
                .sum();
            format!("{body}{}", (10 - sum % 10) % 10)
        };
        let weight = with_check("211234501250");
        let a = app
            .get(&format!("/api/v1/products/lookup?code={weight}"))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["product"]["code"], "CHEESE");
        assert_eq!(
            (a.body["quantity"].clone(), a.body["amount"].clone()),
            (json!("1.250"), json!("100.00"))
        );
        let price = with_check("221234500400");
        let a = app
            .get(&format!("/api/v1/products/lookup?code={price}"))
            .await;
        assert_eq!(
            (a.body["quantity"].clone(), a.body["amount"].clone()),
            (json!("0.050"), json!("4.00"))
        );
        let plain = app.get("/api/v1/products/lookup?code=6221234500000").await;
        assert_eq!(plain.body["scale"], json!(false));
        let mut wrong = weight.clone();
        let last = wrong.pop().unwrap().to_digit(10).unwrap();
        wrong.push(char::from_digit((last + 1) % 10, 10).unwrap());
        let a = app
            .get(&format!("/api/v1/products/lookup?code={wrong}"))
            .await;
        assert_eq!((a.status.as_u16(), a.code()), (422, "bad_check_digit"));
        let a = app.get("/api/v1/products/lookup?code=4006381333931").await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
    }
);

api_test!(
    control_characters_in_a_reason_or_a_scanned_code_are_refused_not_stored,
    |app| {
        let shop = app.shop().await;
        let a = app
            .post(
                &format!("/api/v1/cashier-sessions/{}/cash-movements", shop.session),
                json!({"kind": "pay_in", "amount": "1", "reason": "a\u{0}b"}),
            )
            .await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (422, "invalid_field"),
            "{}",
            a.body
        );
        assert_eq!(a.body["error"]["details"]["field"], "reason");
        let a = app.get("/api/v1/products/lookup?code=ab%00c").await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (422, "invalid_field"),
            "{}",
            a.body
        );
        let a = app
            .get("/api/v1/reports/daily-sales?date=%2B999-01-01")
            .await;
        assert_eq!(
            (a.status.as_u16(), a.code()),
            (422, "invalid_field"),
            "{}",
            a.body
        );
        app.check_is_clean().await;
    }
);
