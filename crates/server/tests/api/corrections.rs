//! Correcting a sale: a parked draft is discarded with a reason the audit log keeps; a
//! discarded draft cannot be completed; a completed sale cannot be discarded (it takes a
//! return).

use reqwest::StatusCode;
use serde_json::json;

api_test!(
    a_parked_draft_is_discarded_with_its_reason_and_a_completed_sale_is_not,
    |app| {
        let shop = app.shop().await;
        let draft = app
            .post(
                "/api/v1/sales",
                json!({"post": false, "cash_register_id": shop.register,
                       "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]}),
            )
            .await;
        assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
        let id = draft.body["id"].as_i64().unwrap();
        let url = format!("/api/v1/sales/{id}/discard");
        let empty = app.post(&url, json!({"reason": " "})).await;
        assert_eq!(
            empty.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            empty.body
        );
        let gone = app.post(&url, json!({"reason": "customer left"})).await;
        assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
        assert_eq!(gone.body["status"], "discarded");
        let again = app.post(&url, json!({"reason": "customer left"})).await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.body);
        let complete = app
            .post(
                &format!("/api/v1/sales/{id}/complete"),
                json!({"payments": [{"payment_method": "cash", "amount": "11.40"}]}),
            )
            .await;
        assert_eq!(complete.status, StatusCode::CONFLICT, "{}", complete.body);
        assert_eq!(complete.body["error"]["code"], "sale_discarded");
        let audit = app.get("/api/v1/audit").await;
        let rows = audit.body.as_array().unwrap();
        assert!(
            rows.iter()
                .any(|r| r["action"] == "discard_sale" && r["detail"] == "customer left"),
            "{}",
            audit.body
        );

        let sold = app
            .post(
                "/api/v1/sales",
                json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                       "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]}),
            )
            .await;
        let sold = sold.body["id"].as_i64().unwrap();
        let refused = app
            .post(
                &format!("/api/v1/sales/{sold}/discard"),
                json!({"reason": "mistake"}),
            )
            .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert_eq!(refused.body["error"]["code"], "sale_already_completed");
        let check = app.get("/api/v1/check").await;
        assert_eq!(check.body["findings"], json!([]), "{}", check.body);
    }
);
