//! The HTTP API, read as sentences: master data, posting exactly once, idempotency, refusals
//! that change nothing, overselling under concurrency, and tenant isolation — on SQLite and on
//! PostgreSQL.

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

api_test!(
    health_and_the_openapi_document_answer_without_a_token,
    |app| {
        let h = app.send(Method::GET, "/healthz", None, None, None).await;
        assert_eq!(h.status, StatusCode::OK);
        let doc = app
            .send(Method::GET, "/api/openapi.json", None, None, None)
            .await;
        assert_eq!(doc.status, StatusCode::OK);
        assert_eq!(doc.body["openapi"], "3.1.0");
        // Every documented path exists: without a token, /api/v1 answers 401, never "no such route".
        for (path, item) in doc.body["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let a = app
                    .send(m, &path.replace("{id}", "1"), None, None, None)
                    .await;
                if path == "/api/v1/auth/login" {
                    // Signing in needs no token: without a body it names the missing field.
                    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
                } else if path.starts_with("/api/v1") || path.starts_with("/api/sales/") {
                    assert_eq!(
                        a.status,
                        StatusCode::UNAUTHORIZED,
                        "{method} {path}: {}",
                        a.body
                    );
                } else {
                    assert_eq!(a.status, StatusCode::OK, "{method} {path}");
                }
            }
        }
    }
);

api_test!(a_sale_posts_stock_cash_and_the_ledger_once, |app| {
    let shop = app.shop().await;
    let sale = app
        .post(
            "/api/v1/sales",
            json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                   "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "3"},
                             {"product_id": shop.fabric, "warehouse_id": shop.warehouse, "quantity": "2.5", "unit_price": "1000", "discount": "100.00"}]}),
        )
        .await;
    assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
    let s = &sale.body;
    assert_eq!(s["status"], "completed");
    assert!(s["number"].as_str().unwrap().starts_with("INV-"));
    // 3 rings at 10.00 + 14% VAT = 34.20; 2.5 m at 1,000.00 less 100.00 = 2,400.00.
    assert_eq!(s["net_amount"], "2430.00");
    assert_eq!(s["vat_amount"], "4.20");
    assert_eq!(s["total_amount"], "2434.20");
    // Cost: 3 rings at 7.00 + 2.5 m at 600.00.
    assert_eq!(s["cost_amount"], "1521.00");
    let stock = app.get("/api/v1/stock").await.body;
    let fabric = stock
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["product_id"] == shop.fabric)
        .unwrap();
    assert_eq!(
        (fabric["quantity"].as_str(), fabric["value"].as_str()),
        (Some("17.500"), Some("10500.00"))
    );
    let accounts = app.get("/api/v1/accounts").await.body;
    let bal = |code: &str| {
        accounts
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["code"] == code)
            .unwrap()["balance"]
            .clone()
    };
    assert_eq!(bal("11010-01"), "2434.20");
    assert_eq!(bal("51010"), "1521.00");
    let got = app.get(&format!("/api/v1/sales/{}", s["id"])).await;
    assert_eq!(&got.body, s);
    app.check_is_clean().await;
});

api_test!(
    the_domain_example_sale_posts_exactly_four_journal_lines,
    |app| {
        let shop = app.shop().await;
        let sale = app
        .post(
            "/api/v1/sales",
            json!({"payment": {"method": "credit", "customer_id": shop.customer},
                   "lines": [{"product_id": shop.fabric, "warehouse_id": shop.warehouse, "quantity": "10", "unit_price": "1000"}]}),
        )
        .await;
        assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
        let journal = app.get("/api/v1/journal").await.body;
        let entry = journal
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["document"]["kind"] == "sale")
            .unwrap();
        let lines: Vec<(String, String, String)> = entry["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["account_code"].as_str().unwrap().into(),
                    l["debit"].as_str().unwrap().into(),
                    l["credit"].as_str().unwrap().into(),
                )
            })
            .collect();
        let l = |a: &str, d: &str, c: &str| (a.to_owned(), d.to_owned(), c.to_owned());
        assert_eq!(
            lines,
            vec![
                l("11030", "10000.00", "0.00"),
                l("41010", "0.00", "10000.00"),
                l("51010", "6000.00", "0.00"),
                l("11051", "0.00", "6000.00")
            ]
        );
    }
);

api_test!(
    a_retry_with_the_same_idempotency_key_returns_the_first_answer,
    |app| {
        let shop = app.shop().await;
        let body = json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                      "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]});
        let first = app
            .post_with_key("/api/v1/sales", "till-1-0001", body.clone())
            .await;
        let again = app
            .post_with_key("/api/v1/sales", "till-1-0001", body.clone())
            .await;
        assert_eq!(
            (first.status, again.status),
            (StatusCode::CREATED, StatusCode::CREATED)
        );
        assert_eq!(first.body, again.body);
        let mut other = body.clone();
        other["lines"][0]["quantity"] = json!("2");
        let reused = app
            .post_with_key("/api/v1/sales", "till-1-0001", other)
            .await;
        assert_eq!(
            (reused.status, reused.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused")
        );
        assert_eq!(
            app.get("/api/v1/sales")
                .await
                .body
                .as_array()
                .unwrap()
                .len(),
            1
        );
        // A draft posted twice is posted once.
        let mut draft = body.clone();
        draft["post"] = json!(false);
        let d = app.post("/api/v1/sales", draft).await.body;
        assert_eq!(d["status"], "draft");
        let p1 = app
            .post(&format!("/api/v1/sales/{}/post", d["id"]), json!({}))
            .await;
        let p2 = app
            .post_raw(&format!("/api/v1/sales/{}/post", d["id"]), "")
            .await;
        assert_eq!((p1.status, p2.status), (StatusCode::OK, StatusCode::OK));
        assert_eq!(p1.body, p2.body);
        // Posted documents are immutable: there is no way to change or delete them.
        let put = app
            .send(
                Method::PUT,
                &format!("/api/v1/sales/{}", d["id"]),
                Some(&app.token),
                None,
                Some("{}".into()),
            )
            .await;
        let delete = app
            .send(
                Method::DELETE,
                &format!("/api/v1/sales/{}", d["id"]),
                Some(&app.token),
                None,
                None,
            )
            .await;
        assert_eq!(
            (put.status, delete.status),
            (
                StatusCode::METHOD_NOT_ALLOWED,
                StatusCode::METHOD_NOT_ALLOWED
            )
        );
        let stock = app.get("/api/v1/stock").await.body;
        let rings = stock
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["product_id"] == shop.rings)
            .unwrap();
        assert_eq!(rings["quantity"], "48.000");
        app.check_is_clean().await;
    }
);

api_test!(bad_input_gets_a_clear_4xx_and_changes_nothing, |app| {
    let shop = app.shop().await;
    let line = |q: Value| {
        json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                                 "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": q}]})
    };
    let cases: Vec<(Value, StatusCode, &str)> = vec![
        (
            line(json!("0")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            line(json!("-1")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            line(json!("1.0001")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_decimals",
        ),
        (
            line(json!(1.5)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            line(json!("lots")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            line(json!("51")),
            StatusCode::CONFLICT,
            "insufficient_stock",
        ),
        (
            json!({"payment": {"method": "cash", "cash_register_id": shop.register}, "lines": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_document",
        ),
        (
            json!({"payment": {"method": "barter"}, "lines": []}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            json!({"payment": {"method": "cash", "cash_register_id": shop.register}, "lines": [{"product_id": 999_999, "warehouse_id": shop.warehouse, "quantity": "1"}]}),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            json!({"payment": {"method": "cash", "cash_register_id": 999_999}, "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1", "unit_price": "1"}]}),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            json!({"payment": {"method": "cash", "cash_register_id": shop.register}, "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1", "unit_price": "1.005"}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_decimals",
        ),
        (
            json!({"payment": {"method": "cash", "cash_register_id": shop.register}, "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1", "discount": "11"}]}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "discount_exceeds_amount",
        ),
        (
            json!({"payment": {"method": "cash", "cash_register_id": shop.register}, "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}], "colour": "red"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
    ];
    for (body, status, code) in cases {
        let a = app.post("/api/v1/sales", body.clone()).await;
        assert_eq!((a.status, a.code()), (status, code), "{body} -> {}", a.body);
        assert!(!a.body["error"]["message"].as_str().unwrap().is_empty());
    }
    let over = app.post("/api/v1/sales", line(json!("51"))).await;
    let d = &over.body["error"]["details"];
    assert_eq!(
        (
            d["product_code"].as_str(),
            d["warehouse_id"].as_i64(),
            d["available"].as_str(),
            d["requested"].as_str()
        ),
        (
            Some("RING-28"),
            Some(shop.warehouse),
            Some("50.000"),
            Some("51.000")
        )
    );
    for raw in ["{", "not json", "[]", "{\"lines\": 5}"] {
        let a = app.post_raw("/api/v1/sales", raw).await;
        assert!(a.status.is_client_error(), "{raw}: {}", a.status);
        assert!(
            ["malformed_json", "invalid_field"].contains(&a.code()),
            "{raw}: {}",
            a.body
        );
    }
    let no_token = app
        .send(Method::POST, "/api/v1/sales", None, None, Some("{}".into()))
        .await;
    assert_eq!(
        (no_token.status, no_token.code()),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let bad_token = app
        .send(Method::GET, "/api/v1/sales", Some("mzn_forged"), None, None)
        .await;
    assert_eq!(bad_token.status, StatusCode::UNAUTHORIZED);
    let product = app
        .post(
            "/api/v1/products",
            json!({"code": "X", "name_en": "X", "unit": "litre", "sale_price": "1"}),
        )
        .await;
    assert_eq!(
        (
            product.status,
            product.body["error"]["details"]["field"].as_str()
        ),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("unit"))
    );
    let dup = app
        .post(
            "/api/v1/products",
            json!({"code": "RING-28", "name_en": "X", "unit": "piece", "sale_price": "1"}),
        )
        .await;
    assert_eq!(
        (dup.status, dup.code()),
        (StatusCode::CONFLICT, "duplicate_code")
    );
    let opening = app.post("/api/v1/opening-stock", json!({"warehouse_id": shop.warehouse, "product_id": shop.rings, "quantity": "1", "unit_cost": "0"})).await;
    assert_eq!(opening.code(), "invalid_field");
    assert_eq!(
        app.get("/api/v1/sales/abc").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/nowhere").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        app.get("/api/v1/sales")
            .await
            .body
            .as_array()
            .unwrap()
            .is_empty()
    );
    let stock = app.get("/api/v1/stock").await.body;
    let rings = stock
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["product_id"] == shop.rings)
        .unwrap();
    assert_eq!(rings["quantity"], "50.000");
    app.check_is_clean().await;
});

api_test!(
    two_hundred_concurrent_sales_of_fifty_on_hand_sell_exactly_fifty_every_round,
    |app| {
        let app = Arc::new(app);
        let shop = app.shop().await;
        for round in 0..20 {
            let product = app
            .create("/api/v1/products", json!({"code": format!("LAST-{round}"), "name_en": "Last units", "unit": "piece", "sale_price": "5"}))
            .await;
            app.create("/api/v1/opening-stock", json!({"warehouse_id": shop.warehouse, "product_id": product, "quantity": "50", "unit_cost": "3"})).await;
            let mut tasks = Vec::new();
            for _ in 0..200 {
                let app = Arc::clone(&app);
                let body = json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                              "lines": [{"product_id": product, "warehouse_id": shop.warehouse, "quantity": "1"}]});
                tasks.push(tokio::spawn(async move {
                    app.post("/api/v1/sales", body).await
                }));
            }
            let (mut ok, mut refused) = (0, 0);
            for t in tasks {
                let a = t.await.unwrap();
                match a.status {
                    StatusCode::CREATED => ok += 1,
                    StatusCode::CONFLICT if a.code() == "insufficient_stock" => refused += 1,
                    other => panic!("round {round}: unexpected {other} {}", a.body),
                }
            }
            assert_eq!((ok, refused), (50, 150), "round {round}");
            let stock = app.get("/api/v1/stock").await.body;
            let level = stock
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["product_id"] == product)
                .unwrap();
            assert_eq!(
                (level["quantity"].as_str(), level["value"].as_str()),
                (Some("0.000"), Some("0.00")),
                "round {round}"
            );
            app.check_is_clean().await;
        }
    }
);

api_test!(
    one_tenant_cannot_read_list_or_post_against_another_tenants_objects,
    |app| {
        let shop = app.shop().await;
        let sale = app
        .post("/api/v1/sales", json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                                       "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]}))
        .await
        .body;
        let other = app.other_tenant().await;
        for path in [
            format!("/api/v1/sales/{}", sale["id"]),
            format!("/api/v1/products/{}", shop.rings),
            format!("/api/v1/warehouses/{}", shop.warehouse),
            format!("/api/v1/cash-registers/{}", shop.register),
            format!("/api/v1/customers/{}", shop.customer),
            "/api/v1/opening-stock/1".to_owned(),
        ] {
            let a = app.get_as(&other, &path).await;
            assert_eq!(
                (a.status, a.code()),
                (StatusCode::NOT_FOUND, "not_found"),
                "{path}: {}",
                a.body
            );
            let missing = app
                .get_as(&other, &path.replace(|c: char| c.is_ascii_digit(), "9"))
                .await;
            assert_eq!(
                a.body["error"]["code"], missing.body["error"]["code"],
                "no hint that {path} exists"
            );
        }
        for list in [
            "/api/v1/sales",
            "/api/v1/products",
            "/api/v1/warehouses",
            "/api/v1/cash-registers",
            "/api/v1/customers",
            "/api/v1/stock",
        ] {
            let a = app.get_as(&other, list).await;
            assert_eq!(a.body, json!([]), "{list}");
        }
        let journal = app.get_as(&other, "/api/v1/journal").await.body;
        assert_eq!(journal, json!([]));
        let cross = app
        .post_as(&other, "/api/v1/sales", json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                 "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1", "unit_price": "1"}]}))
        .await;
        assert_eq!(
            (cross.status, cross.code()),
            (StatusCode::NOT_FOUND, "not_found")
        );
        let post = app
            .post_as(
                &other,
                &format!("/api/v1/sales/{}/post", sale["id"]),
                json!({}),
            )
            .await;
        assert_eq!(post.status, StatusCode::NOT_FOUND);
        let opening = app
        .post_as(&other, "/api/v1/opening-stock", json!({"warehouse_id": shop.warehouse, "product_id": shop.rings, "quantity": "1", "unit_cost": "1"}))
        .await;
        assert_eq!(opening.status, StatusCode::NOT_FOUND);
        assert_eq!(app.get_as(&other, "/api/v1/sales").await.body, json!([]));
        app.check_is_clean().await;
    }
);

api_test!(no_input_produces_a_server_error, |app| {
    let shop = app.shop().await;
    let values = [
        json!(null),
        json!(true),
        json!(-1),
        json!(0),
        json!(1e300),
        json!(""),
        json!("x"),
        json!("99999999999999999999"),
        json!("9223372036854775.807"),
        json!([]),
        json!({}),
        json!("1.2.3"),
        json!(i64::MAX),
        json!(u64::MAX),
        json!("-0"),
        json!("٣"),
        json!(" 1 "),
    ];
    let templates = [
        (
            "/api/v1/sales",
            json!({"payment": {"method": "cash", "cash_register_id": shop.register},
            "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1", "unit_price": "1", "discount": "0"}]}),
        ),
        (
            "/api/v1/products",
            json!({"code": "F", "name_en": "F", "unit": "piece", "sale_price": "1", "vat_rate": "14", "cost_price": "1"}),
        ),
        (
            "/api/v1/opening-stock",
            json!({"warehouse_id": shop.warehouse, "product_id": shop.rings, "quantity": "1", "unit_cost": "1"}),
        ),
        (
            "/api/v1/warehouses",
            json!({"code": "W", "name": "W", "branch_id": null}),
        ),
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        usize::try_from(seed % n as u64).unwrap()
    };
    for round in 0..300 {
        let (path, template) = &templates[round % templates.len()];
        let mut body = template.clone();
        // Replace one or two leaves (or whole sub-objects) with hostile values.
        for _ in 0..=next(2) {
            let pointers = leaves(&body);
            let target = &pointers[next(pointers.len())];
            *body.pointer_mut(target).unwrap() = values[next(values.len())].clone();
        }
        let a = app.post(path, body.clone()).await;
        assert!(
            a.status.is_success() || a.status.is_client_error(),
            "{path} {body}: {} {}",
            a.status,
            a.body
        );
        if a.status.is_client_error() {
            assert!(!a.code().is_empty(), "{path} {body}: {}", a.body);
        }
    }
    app.check_is_clean().await;
});

/// JSON pointers of every value in `v` (objects, arrays and leaves).
fn leaves(v: &Value) -> Vec<String> {
    fn walk(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, c) in m {
                    let p = format!("{at}/{k}");
                    out.push(p.clone());
                    walk(c, p, out);
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    let p = format!("{at}/{i}");
                    out.push(p.clone());
                    walk(c, p, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

api_test!(a_product_can_be_switched_to_allow_negative_stock, |app| {
    let shop = app.shop().await;
    let path = format!("/api/v1/products/{}", shop.rings);
    let sell = |q: &str| {
        json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                               "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": q}]})
    };
    assert_eq!(
        app.post("/api/v1/sales", sell("51")).await.code(),
        "insufficient_stock"
    );
    let patch = |body: Value| {
        app.send(
            Method::PATCH,
            &path,
            Some(&app.token),
            None,
            Some(body.to_string()),
        )
    };
    let bad = patch(json!({"vat_rate": "140"})).await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
    );
    let ok = patch(json!({"allow_negative_stock": true, "cost_price": "7.50", "sale_price": "12"}))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(
        (
            ok.body["allow_negative_stock"].as_bool(),
            ok.body["sale_price"].as_str()
        ),
        (Some(true), Some("12.00"))
    );
    let sale = app.post("/api/v1/sales", sell("51")).await;
    assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
    // 50 at 7.00 on hand, the 51st at the fallback 7.50.
    assert_eq!(sale.body["cost_amount"], "357.50");
    let other = app.other_tenant().await;
    let foreign = app
        .send(Method::PATCH, &path, Some(&other), None, Some("{}".into()))
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    app.check_is_clean().await;
});

api_test!(lists_and_the_journal_come_a_page_at_a_time, |app| {
    for name in ["A", "B", "C"] {
        app.create("/api/v1/branches", json!({ "name": name }))
            .await;
    }
    let first = app.get("/api/v1/branches?limit=2").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let names: Vec<&str> = first
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["A", "B"]);
    let last = first.body[1]["id"].as_i64().unwrap();
    let next = app
        .get(&format!("/api/v1/branches?limit=2&after={last}"))
        .await;
    assert_eq!(next.body.as_array().unwrap().len(), 1);
    assert_eq!(next.body[0]["name"], "C");
    let bad = app.get("/api/v1/branches?limit=many").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let shop = app.shop().await;
    for _ in 0..3 {
        let a = app
            .post(
                "/api/v1/sales",
                json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                       "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    }
    let all = app.get("/api/v1/journal?limit=500").await.body;
    let n = all.as_array().unwrap().len();
    assert!(n >= 4, "{all}");
    let page = app.get("/api/v1/journal?limit=2").await.body;
    assert_eq!(page.as_array().unwrap().len(), 2);
    let after = page[1]["id"].as_i64().unwrap();
    let rest = app
        .get(&format!("/api/v1/journal?limit=500&after={after}"))
        .await
        .body;
    assert_eq!(rest.as_array().unwrap().len(), n - 2);
    assert_eq!(rest[0]["id"], all[2]["id"]);

    // Stock levels: a page after the (warehouse, product) of the last row.
    let levels = app.get("/api/v1/stock").await.body;
    assert_eq!(levels.as_array().unwrap().len(), 2, "{levels}");
    let first = app.get("/api/v1/stock?limit=1").await.body;
    assert_eq!(first.as_array().unwrap().len(), 1);
    assert_eq!(first[0], levels[0]);
    let next = app
        .get(&format!(
            "/api/v1/stock?limit=1&after_warehouse_id={}&after_product_id={}",
            first[0]["warehouse_id"], first[0]["product_id"]
        ))
        .await
        .body;
    assert_eq!(next.as_array().unwrap(), &[levels[1].clone()]);
});
