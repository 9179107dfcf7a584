//! Voiding a sale: a manager voids a sale in its open shift and every effect is reversed
//! exactly (revenue, VAT, cost at the sale's own cost, stock, the drawer's cash, a customer's
//! debt); the sale shows it; a second void, a void after the shift closed, a sale paid two ways
//! and a cashier are refused with their codes; the books stay clean.

use reqwest::StatusCode;
use serde_json::{Value, json};

/// Every account's balance, by code.
fn balances(accounts: &Value) -> Vec<(String, String)> {
    accounts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["code"].as_str().unwrap().to_owned(),
                a["balance"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

api_test!(
    a_manager_voids_a_sale_in_its_open_shift_as_its_exact_reverse,
    |app| {
        let shop = app.shop().await;
        let mona = app.staff("mona", "manager").await;
        let sara = app.staff("sara", "cashier").await;
        let books = balances(&app.get("/api/v1/accounts").await.body);
        let stock = app.get("/api/v1/stock").await.body;
        // Two rings at 10.00 + 14% VAT and a metre of fabric: 1,022.80, paid 1,100.00 in cash.
        let sale = app
            .post(
                "/api/v1/sales",
                json!({"cash_register_id": shop.register,
                       "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "2"},
                                 {"product_id": shop.fabric, "warehouse_id": shop.warehouse, "quantity": "1"}],
                       "payments": [{"payment_method": "cash", "amount": "1022.80", "received_amount": "1100.00"}]}),
            )
            .await;
        assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
        assert_eq!(sale.body["voided"], json!(false));
        let id = sale.body["id"].as_i64().unwrap();
        let url = format!("/api/v1/sales/{id}/void");

        // A cashier may not void; a manager must say why.
        let cashier = app
            .post_as(&sara, &url, json!({"reason": "rung up twice"}))
            .await;
        assert_eq!(
            (
                cashier.status,
                cashier.body["error"]["details"]["permission"].as_str()
            ),
            (StatusCode::FORBIDDEN, Some("sales.void")),
            "{}",
            cashier.body
        );
        let empty = app.post_as(&mona, &url, json!({"reason": "  "})).await;
        assert_eq!(
            (empty.status, empty.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
        );

        let void = app
            .send(
                reqwest::Method::POST,
                &url,
                Some(&mona),
                Some("void-1"),
                Some(json!({"reason": "rung up twice"}).to_string()),
            )
            .await;
        assert_eq!(void.status, StatusCode::CREATED, "{}", void.body);
        assert_eq!(void.body["voids_sale"], json!(true));
        assert_eq!(void.body["sale_id"], json!(id));
        assert_eq!(void.body["total_amount"], "1022.80");
        assert_eq!(void.body["vat_amount"], "2.80");
        assert_eq!(void.body["cost_amount"], "614.00");
        assert_eq!(void.body["refund_method"], "cash");
        assert_eq!(void.body["cash_register_id"], json!(shop.register));
        assert_eq!(void.body["cashier_session_id"], json!(shop.session));
        assert_eq!(void.body["reason"], "rung up twice");
        assert_eq!(void.body["returned_by"], "mona");
        // The same key answers the same void and writes nothing more.
        let replay = app
            .send(
                reqwest::Method::POST,
                &url,
                Some(&mona),
                Some("void-1"),
                Some(json!({"reason": "rung up twice"}).to_string()),
            )
            .await;
        assert_eq!(replay.body["id"], void.body["id"], "{}", replay.body);

        // Every account and every stock level is back where it was before the sale: revenue,
        // VAT, cost of goods at the sale's own cost, inventory and the drawer's cash.
        assert_eq!(balances(&app.get("/api/v1/accounts").await.body), books);
        assert_eq!(app.get("/api/v1/stock").await.body, stock);
        let report = app
            .get(&format!("/api/v1/cashier-sessions/{}/report", shop.session))
            .await;
        assert_eq!(report.status, StatusCode::OK, "{}", report.body);
        assert_eq!(report.body["expected_cash"], "0.00", "{}", report.body);

        let read = app.get(&format!("/api/v1/sales/{id}")).await;
        assert_eq!(read.body["voided"], json!(true));
        assert_eq!(read.body["void_return_id"], void.body["id"]);
        let printed = app
            .get(&format!("/api/v1/returns/{}/receipt", void.body["id"]))
            .await;
        assert_eq!(printed.status, StatusCode::OK, "{}", printed.body);
        assert_eq!(printed.body["voids_sale"], json!(true));
        assert_eq!(printed.body["sale_number"], sale.body["number"]);
        assert_eq!(printed.body["total_amount"], "1022.80");

        // Voided once is enough; nor can the voided goods be returned again.
        let again = app
            .post_as(&mona, &url, json!({"reason": "rung up twice"}))
            .await;
        assert_eq!(
            (again.status, again.code()),
            (StatusCode::CONFLICT, "sale_already_returned")
        );
        let taken = app
            .post_as(
                &mona,
                &format!("/api/v1/sales/{id}/returns"),
                json!({"lines": [{"line": 0, "quantity": "1"}], "warehouse_id": shop.warehouse,
                       "refund": {"method": "card"}, "reason": "again"}),
            )
            .await;
        assert_eq!(taken.code(), "return_exceeds_sale", "{}", taken.body);
        let audit = app.get("/api/v1/audit").await;
        assert!(
            audit
                .body
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["action"] == "void_sale"
                    && r["detail"] == "rung up twice"
                    && r["username"] == "mona"),
            "{}",
            audit.body
        );
        app.check_is_clean().await;
    }
);

api_test!(
    a_credit_sale_is_voided_off_the_customers_debt_and_never_after_its_shift,
    |app| {
        let shop = app.shop().await;
        let sale = |body: Value| {
            let app = &app;
            async move {
                let a = app.post("/api/v1/sales", body).await;
                assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
                a.body["id"].as_i64().unwrap()
            }
        };
        let ring =
            json!([{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]);
        let credit = sale(
            json!({"cash_register_id": shop.register, "customer_id": shop.customer,
                                 "payment_method": "credit", "lines": ring}),
        )
        .await;
        let customer = format!("/api/v1/customers/{}", shop.customer);
        assert_eq!(app.get(&customer).await.body["balance"], "11.40");
        let void = app
            .post(
                &format!("/api/v1/sales/{credit}/void"),
                json!({"reason": "wrong customer"}),
            )
            .await;
        assert_eq!(void.status, StatusCode::CREATED, "{}", void.body);
        assert_eq!(void.body["refund_method"], "credit");
        assert_eq!(app.get(&customer).await.body["balance"], "0.00");

        // Paid two ways: corrected by returns, not voided.
        let mixed = sale(json!({"cash_register_id": shop.register, "lines": ring,
            "payments": [{"payment_method": "cash", "amount": "5.00"},
                         {"payment_method": "card", "amount": "6.40"}]}))
        .await;
        let a = app
            .post(
                &format!("/api/v1/sales/{mixed}/void"),
                json!({"reason": "x"}),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "void_mixed_payments")
        );

        // Once the shift is closed, a sale of it is corrected by a return.
        let card = sale(
            json!({"cash_register_id": shop.register, "payment_method": "card",
                               "lines": ring}),
        )
        .await;
        let close = app
            .post(
                &format!("/api/v1/cashier-sessions/{}/close", shop.session),
                json!({"counted_amount": "5.00"}),
            )
            .await;
        assert_eq!(close.status, StatusCode::OK, "{}", close.body);
        let late = app
            .post(
                &format!("/api/v1/sales/{card}/void"),
                json!({"reason": "too late"}),
            )
            .await;
        assert_eq!(
            (late.status, late.code()),
            (StatusCode::CONFLICT, "void_session_closed"),
            "{}",
            late.body
        );
        assert_eq!(
            app.get(&format!("/api/v1/sales/{card}")).await.body["voided"],
            json!(false)
        );
        app.check_is_clean().await;
    }
);
