//! The shop's existing till keeps working: it completes a draft at the old path, with its
//! tenant key, one payment on its own, and reads the old envelope back.

use reqwest::{Method, StatusCode};
use serde_json::json;

api_test!(
    the_old_till_completes_a_sale_at_its_old_path_and_reads_the_old_envelope,
    |app| {
        let shop = app.shop().await;
        let draft = |n: usize| {
            let body = json!({"post": false, "cash_register_id": shop.register,
            "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": n.to_string()}]});
            app.post("/api/v1/sales", body)
        };
        let first = draft(1).await.body["id"].as_i64().unwrap();
        let send =
            |path: String, key: Option<String>, token: Option<String>, body: serde_json::Value| {
                let mut r = app.client.post(format!("{}{path}", app.base)).json(&body);
                if let Some(k) = key {
                    r = r.header("X-Tenant-Key", k);
                }
                if let Some(t) = token {
                    r = r.bearer_auth(t);
                }
                let app = &app;
                async move {
                    let a = app.exchange(r).await;
                    (a.status, a.body)
                }
            };
        let key = Some(app.tenant.to_string());
        let token = Some(app.token.clone());
        let pay = json!({"payment_method": "cash", "amount": "11.40", "received_amount": "20"});
        let (status, body) = send(
            format!("/api/sales/sales/{first}/complete/"),
            key.clone(),
            token.clone(),
            pay.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "success");
        assert_eq!(body["data"]["status"], "completed");
        assert_eq!(body["data"]["total_amount"], "11.40");
        assert_eq!(body["data"]["payments"][0]["change_amount"], "8.60");
        // The same call again answers the completed sale; paying twice is refused, in the envelope.
        let (status, body) = send(
            format!("/api/sales/sales/{first}/checkout/"),
            key.clone(),
            token.clone(),
            pay.clone(),
        )
        .await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(body["status"], "error");
        assert_eq!(body["error"]["code"], "sale_already_completed");

        let second = draft(2).await.body["id"].as_i64().unwrap();
        let path = format!("/api/sales/sales/{second}/checkout/");
        let other = Some((app.tenant + 1).to_string());
        let (status, body) = send(path.clone(), other, token.clone(), pay.clone()).await;
        assert_eq!(
            (status, &body["error"]["code"]),
            (StatusCode::FORBIDDEN, &json!("tenant_key_mismatch"))
        );
        let (status, body) = send(path.clone(), key.clone(), None, pay.clone()).await;
        assert_eq!(
            (status, &body["status"]),
            (StatusCode::UNAUTHORIZED, &json!("error"))
        );
        let (status, body) = send(
            path,
            key,
            token,
            json!({"payments": [{"payment_method": "card", "amount": "22.80"}]}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["data"]["payments"][0]["payment_method"], "card");
        let sale = app
            .send(
                Method::GET,
                &format!("/api/v1/sales/{second}"),
                Some(&app.token),
                None,
                None,
            )
            .await;
        assert_eq!(sale.body["status"], "completed");
    }
);
