//! The workshop over HTTP, checked against the OpenAPI document: a fabric kept in rolls comes in
//! as rolls; a manager makes a cutting order; a cutter reserves and cuts (the shortest roll that
//! holds the length, into work in progress) but may not cancel; a shortage is refused naming
//! what is free and shows in the shortage list; a manager cancels a cut back onto its roll; the
//! refusals read in the reader's language; the books stay balanced.

use reqwest::StatusCode;
use serde_json::json;

api_test!(
    a_cutter_cuts_off_the_right_roll_and_a_manager_cancels_it_back,
    |app| {
        let shop = app.shop().await;
        let velvet = app
            .create(
                "/api/v1/products",
                json!({"code": "VELVET/R", "name_en": "Velvet", "unit": "metre",
                   "sale_price": "150.00", "in_rolls": true}),
            )
            .await;
        // Without rolls, a fabric kept in rolls is not received.
        let a = app
            .post(
                "/api/v1/opening-stock",
                json!({"warehouse_id": shop.warehouse, "product_id": velvet,
                   "quantity": "42", "unit_cost": "100.00"}),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "kept_in_rolls")
        );
        app.create(
            "/api/v1/opening-stock",
            json!({"warehouse_id": shop.warehouse, "product_id": velvet,
               "quantity": "42", "unit_cost": "100.00",
               "rolls": [{"label": "R1", "length": "30", "width_mm": 2800},
                         {"label": "R2", "length": "12", "width_mm": 2800}]}),
        )
        .await;
        let a = app
            .get(&format!("/api/v1/workshop/rolls?product_id={velvet}"))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let rolls = a.body.as_array().unwrap();
        assert_eq!(rolls.len(), 2);
        assert_eq!(rolls[0]["remaining"], "30.000");

        let a = app
            .post(
                "/api/v1/workshop/cutting-orders",
                json!({"note": "Mona's curtains", "items": [
                    {"product_id": velvet, "warehouse_id": shop.warehouse, "length": "10.5"},
                    {"product_id": velvet, "warehouse_id": shop.warehouse, "length": "32"}]}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        assert!(a.body["number"].as_str().unwrap().starts_with("CUT-"));
        let first = a.body["items"][0]["id"].as_i64().unwrap();
        let second = a.body["items"][1]["id"].as_i64().unwrap();
        assert_eq!(a.body["items"][0]["status"], "pending");

        let cutter = app.staff("karim", "cutter").await;
        let a = app
            .post_as(
                &cutter,
                &format!("/api/v1/workshop/cutting-items/{first}/reserve"),
                json!({}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["status"], "reserved");
        // 42 m on hand, 10.5 held: 31.5 free, not 32.
        let a = app
            .post_as(
                &cutter,
                &format!("/api/v1/workshop/cutting-items/{second}/reserve"),
                json!({}),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "insufficient_stock")
        );
        assert_eq!(a.body["error"]["details"]["available"], "31.500");
        assert_eq!(a.body["error"]["details"]["requested"], "32.000");
        let a = app.get("/api/v1/workshop/shortages").await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body[0]["short"], "0.500");
        assert_eq!(a.body[0]["product_code"], "VELVET/R");

        // The queue shows the reserved item; one cut takes it off R2 (the shortest that holds
        // 10.5 m) into work in progress; a second cut answers the same.
        let a = app.get_as(&cutter, "/api/v1/workshop/cutting-items").await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body[0]["id"], first);
        let path = format!("/api/v1/workshop/cutting-items/{first}/cut");
        let a = app.post_as(&cutter, &path, json!({})).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["status"], "cut");
        assert_eq!(a.body["cut_roll_label"], "R2");
        assert_eq!(a.body["cut_value"], "1050.00");
        let again = app.post_as(&cutter, &path, json!({})).await;
        assert_eq!((again.status, &again.body), (StatusCode::OK, &a.body));
        let roll = a.body["cut_roll_id"].as_i64().unwrap();
        let r = app.get(&format!("/api/v1/workshop/rolls/{roll}")).await;
        assert_eq!(r.body["remaining"], "1.500");
        assert_eq!(r.body["cuts"][0]["length"], "10.500");

        // A cutter may not cancel; a manager must say why.
        let cancel = format!("/api/v1/workshop/cutting-items/{first}/cancel");
        let a = app.post_as(&cutter, &cancel, json!({"reason": "x"})).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
        let a = app.post(&cancel, json!({})).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
        );
        assert_eq!(a.body["error"]["details"]["field"], "reason");
        let a = app.post(&cancel, json!({"reason": "measured wrong"})).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["status"], "cancelled");
        let r = app.get(&format!("/api/v1/workshop/rolls/{roll}")).await;
        assert_eq!(r.body["remaining"], "12.000");

        // A cancelled item cannot be cut, in the cutter's language.
        app.create(
            "/api/v1/users",
            json!({"username": "noor", "password": "noor-password", "role": "cutter",
               "language": "ar"}),
        )
        .await;
        let noor = app.sign_in("noor", "noor-password").await;
        let a = app.post_as(&noor, &path, json!({})).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "cutting_item_state")
        );
        assert!(
            a.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("بند القص"),
            "{}",
            a.body
        );
        // Only fabrics kept in rolls are cut.
        let a = app
            .post(
                "/api/v1/workshop/cutting-orders",
                json!({"items": [{"product_id": shop.rings, "warehouse_id": shop.warehouse,
                   "length": "1"}]}),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "not_kept_in_rolls")
        );
        app.check_is_clean().await;
    }
);
