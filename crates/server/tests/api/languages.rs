//! Refusals read in the user's language (else the browser's), with amounts and quantities as
//! people write them; the code and details stay as they are.

use reqwest::{Method, StatusCode};
use serde_json::json;

api_test!(
    refusals_are_written_in_the_readers_language_with_amounts_as_people_write_them,
    |app| {
        let shop = app.shop().await;
        // Sara reads Arabic (her user's language); she asks for more rings than there are.
        let a = app
        .post(
            "/api/v1/users",
            json!({"username": "sara", "password": "sara-password", "role": "cashier", "language": "ar"}),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED);
        let sara = app.sign_in("sara", "sara-password").await;
        let too_many = json!({"payment": {"method": "cash", "cash_register_id": shop.register},
        "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "52.5"}]});
        let a = app.post_as(&sara, "/api/v1/sales", too_many.clone()).await;
        assert_eq!(a.code(), "insufficient_stock");
        let message = a.body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("المتاح") && message.contains("\u{2068}52.5\u{2069}"),
            "{message}"
        );
        assert!(message.contains("\u{2068}50\u{2069}"), "{message}");
        assert_eq!(a.body["error"]["details"]["requested"], "52.500");

        // The owner reads English: amounts in the currency, never in minor units.
        let wrong = json!({"payments": [{"payment_method": "cash", "amount": "11.39"}]});
        let draft = app
        .post(
            "/api/v1/sales",
            json!({"post": false, "cash_register_id": shop.register,
                   "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]}),
        )
        .await;
        let id = draft.body["id"].as_i64().unwrap();
        let a = app
            .post(&format!("/api/v1/sales/{id}/complete"), wrong)
            .await;
        assert_eq!(a.code(), "payment_mismatch");
        assert_eq!(
            a.body["error"]["message"],
            "Payments add up to 11.39, the total is 11.40"
        );

        // Without a user, the browser's language decides.
        let res = app
            .client
            .get(format!("{}/api/v1/sales", app.base))
            .header("accept-language", "ru-RU,ru;q=0.9,en;q=0.5")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(res.headers()["content-language"], "ru");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthorized");
        assert_eq!(
            body["error"]["message"],
            "Сначала войдите: нужен действующий токен или сеанс"
        );
        // A user's own language wins over the browser's.
        let res = app
            .client
            .get(format!("{}/api/v1/journal", app.base))
            .bearer_auth(&sara)
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "forbidden");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("الصلاحية"),
            "{body}"
        );
        let none = app
            .send(Method::GET, "/api/v1/no-such-route", None, None, None)
            .await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);
    }
);

api_test!(
    a_cashier_sells_at_list_price_within_her_discount_and_only_her_own_drafts,
    |app| {
        let shop = app.shop().await;
        let sara = app.staff("sara", "cashier").await;
        let line = |discount: &str| {
            json!({"payment": {"method": "cash", "cash_register_id": shop.register},
               "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse,
                          "quantity": "2", "discount": discount}]})
        };
        // Two rings are 20.00 before VAT: 10% is 2.00.
        let over = app.post_as(&sara, "/api/v1/sales", line("2.01")).await;
        assert_eq!(
            (over.status, over.code()),
            (StatusCode::FORBIDDEN, "discount_over_limit")
        );
        assert_eq!(over.body["error"]["details"]["field"], "lines[0].discount");
        assert_eq!(
            over.body["error"]["details"]["max_discount_percent"],
            "10.00"
        );
        let within = app.post_as(&sara, "/api/v1/sales", line("2.00")).await;
        assert_eq!(within.status, StatusCode::CREATED, "{}", within.body);
        let owner = app.post("/api/v1/sales", line("15.00")).await;
        assert_eq!(owner.status, StatusCode::CREATED, "{}", owner.body);

        // Nor can she get around it with a price of her own: she sells at the list price.
        let priced = |price: &str| {
            json!({"payment": {"method": "cash", "cash_register_id": shop.register},
               "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse,
                          "quantity": "1", "unit_price": price}]})
        };
        let cheap = app.post_as(&sara, "/api/v1/sales", priced("1.00")).await;
        assert_eq!(
            (cheap.status, cheap.code()),
            (StatusCode::FORBIDDEN, "forbidden")
        );
        assert_eq!(
            cheap.body["error"]["details"]["permission"],
            "catalog.manage"
        );
        assert_eq!(
            cheap.body["error"]["details"]["field"],
            "lines[0].unit_price"
        );
        let list = app.post_as(&sara, "/api/v1/sales", priced("10.00")).await;
        assert_eq!(list.status, StatusCode::CREATED, "{}", list.body);

        // She completes only drafts she rang up.
        let draft = app
        .post(
            "/api/v1/sales",
            json!({"post": false, "cash_register_id": shop.register,
                   "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]}),
        )
        .await;
        let id = draft.body["id"].as_i64().unwrap();
        let theirs = app
            .post_as(&sara, &format!("/api/v1/sales/{id}/post"), json!({}))
            .await;
        assert_eq!(theirs.status, StatusCode::FORBIDDEN, "{}", theirs.body);
        let sale = app.get(&format!("/api/v1/sales/{id}")).await;
        assert_eq!(sale.body["status"], "draft");
    }
);
