//! The chart of accounts and opening balances over HTTP: the accountant adds an account, renames
//! it, posts a manual entry to it and sees it in the trial balance with its Russian name; a
//! taken code, a code outside its group and a cashier are refused. A customer's opening balance
//! shows in aging (by its own date) and the statement, and the customers account equals the
//! sub-ledger; a supplier's likewise; a second one is refused; `check` stays clean.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// `YYYY-MM-DD` of the business day `days` before today (UTC, the test tenant's offset).
fn day(days: i64) -> String {
    use mizan_app::Clock;
    // The test server runs on the system clock.
    let now = mizan_app::SystemClock.now_ms();
    let d = mizan_domain::calendar::business_day(now - days * 86_400_000, 0);
    format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100)
}

fn find<'a>(accounts: &'a Value, code: &str) -> &'a Value {
    accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("no account {code}"))
}

api_test!(
    an_accountant_adds_an_account_renames_it_and_posts_to_it,
    |app| {
        let nadia = app.staff("nadia", "accountant").await;
        let sara = app.staff("sara", "cashier").await;
        let rent = json!({"code": "54020", "kind": "expense", "name_en": "Rent",
                          "name_ar": "الإيجار", "name_ru": "Аренда"});
        let added = app.post_as(&nadia, "/api/v1/accounts", rent.clone()).await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
        assert_eq!(added.body["name_ru"], "Аренда");
        assert_eq!(added.body["balance"], "0.00");
        let id = added.body["id"].as_i64().unwrap();

        let again = app.post_as(&nadia, "/api/v1/accounts", rent.clone()).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
        assert_eq!(again.code(), "account_code_taken");
        let wrong_group = app
            .post_as(
                &nadia,
                "/api/v1/accounts",
                json!({"code": "14020", "kind": "expense", "name_en": "Rent",
                       "name_ar": "الإيجار", "name_ru": "Аренда"}),
            )
            .await;
        assert_eq!(wrong_group.code(), "invalid_field");
        assert_eq!(wrong_group.body["error"]["details"]["field"], "code");
        let unnamed = app
            .post_as(
                &nadia,
                "/api/v1/accounts",
                json!({"code": "54030", "kind": "expense", "name_en": "Water",
                       "name_ar": "المياه", "name_ru": " "}),
            )
            .await;
        assert_eq!(unnamed.body["error"]["details"]["field"], "name_ru");
        let cashier = app.post_as(&sara, "/api/v1/accounts", rent).await;
        assert_eq!(cashier.status, StatusCode::FORBIDDEN, "{}", cashier.body);
        assert_eq!(
            cashier.body["error"]["details"]["permission"],
            "accounts.manage"
        );

        let path = format!("/api/v1/accounts/{id}");
        let renamed = app
            .send(
                Method::PATCH,
                &path,
                Some(&nadia),
                Some("rename-rent-1"),
                Some(
                    json!({"name_en": "Shop rent", "name_ar": "إيجار المحل",
                           "name_ru": "Аренда магазина"})
                    .to_string(),
                ),
            )
            .await;
        assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
        assert_eq!(
            (&renamed.body["code"], &renamed.body["name_ru"]),
            (&json!("54020"), &json!("Аренда магазина"))
        );
        let recode = app
            .send(
                Method::PATCH,
                &path,
                Some(&nadia),
                None,
                Some(
                    json!({"code": "54099", "name_en": "x", "name_ar": "x", "name_ru": "x"})
                        .to_string(),
                ),
            )
            .await;
        assert_eq!(
            recode.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            recode.body
        );

        let accounts = app.get("/api/v1/accounts").await.body;
        let bank = find(&accounts, "11020")["id"].as_i64().unwrap();
        let posted = app
            .post_as(
                &nadia,
                "/api/v1/journal",
                json!({"date": day(0), "memo": "November rent",
                       "lines": [{"account_id": id, "debit": "2500.00"},
                                 {"account_id": bank, "credit": "2500.00"}]}),
            )
            .await;
        assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
        let tb = app.get("/api/v1/reports/trial-balance").await;
        assert_eq!(tb.status, StatusCode::OK, "{}", tb.body);
        let line = find(&tb.body["accounts"], "54020");
        assert_eq!(
            (&line["name_ru"], &line["balance"]),
            (&json!("Аренда магазина"), &json!("2500.00"))
        );
        let one = app.get(&path).await;
        assert_eq!(one.body["balance"], "2500.00");
        let audit = app.get("/api/v1/audit").await;
        let actions: Vec<&str> = audit
            .body
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["resource_kind"] == "account")
            .map(|r| r["action"].as_str().unwrap())
            .collect();
        assert!(
            actions.contains(&"create_account") && actions.contains(&"rename_account"),
            "{}",
            audit.body
        );
        app.check_is_clean().await;
    }
);

api_test!(
    every_default_account_has_three_names_and_the_accounts_later_documents_need,
    |app| {
        let accounts = app.get("/api/v1/accounts").await.body;
        for code in [
            "11052", "11060", "11070", "21020", "21030", "52010", "52020", "42010", "54010",
        ] {
            let a = find(&accounts, code);
            for lang in ["name_en", "name_ar", "name_ru"] {
                assert!(!a[lang].as_str().unwrap().is_empty(), "{code} {lang}");
            }
        }
        assert_eq!(find(&accounts, "21030")["name_ru"], "Авансы покупателей");
    }
);

api_test!(
    a_customer_opening_balance_shows_in_aging_and_the_statement,
    |app| {
        let shop = app.shop().await;
        let nadia = app.staff("nadia", "accountant").await;
        let path = format!("/api/v1/customers/{}/opening-balance", shop.customer);
        let body = json!({"amount": "1500.00", "date": day(45)});
        let manager = app.staff("mona", "manager").await;
        let refused = app.post_as(&manager, &path, body.clone()).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        let posted = app
            .send(
                Method::POST,
                &path,
                Some(&nadia),
                Some("opening-mona"),
                Some(body.to_string()),
            )
            .await;
        assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
        assert_eq!(posted.body["amount"], "1500.00");
        assert_eq!(posted.body["party"], "customer");
        assert_eq!(posted.body["date"], day(45).as_str());
        // The same key answers the first posting again.
        let replay = app
            .send(
                Method::POST,
                &path,
                Some(&nadia),
                Some("opening-mona"),
                Some(body.to_string()),
            )
            .await;
        assert_eq!(replay.body["id"], posted.body["id"], "{}", replay.body);
        let second = app.post_as(&nadia, &path, body.clone()).await;
        assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
        assert_eq!(second.code(), "opening_balance_exists");
        let zero = app
            .post_as(&nadia, &path, json!({"amount": "0", "date": day(1)}))
            .await;
        assert_eq!(zero.code(), "invalid_field");
        let future = app
            .post_as(&nadia, &path, json!({"amount": "1", "date": day(-1)}))
            .await;
        assert_eq!(future.code(), "invalid_field");
        let one = app
            .get(&format!(
                "/api/v1/opening-balances/{}",
                posted.body["id"].as_i64().unwrap()
            ))
            .await;
        assert_eq!(one.body["number"], posted.body["number"]);

        let aging = app.get("/api/v1/reports/aging?of=customers").await;
        assert_eq!(aging.status, StatusCode::OK, "{}", aging.body);
        assert_eq!(aging.body["totals"]["days_31_60"], "1500.00");
        let books = app.get("/api/v1/accounts").await.body;
        assert_eq!(find(&books, "11030")["balance"], "1500.00");
        assert_eq!(find(&books, "31010")["balance"], json!("-13850.00"));
        let st = app
            .get(&format!("/api/v1/customers/{}/statement", shop.customer))
            .await;
        assert_eq!(st.body["lines"][0]["kind"], "opening_balance");
        assert_eq!(st.body["balance"], "1500.00");
        // It counts toward the customer's credit limit.
        let limit = app
            .send(
                Method::PATCH,
                &format!("/api/v1/customers/{}", shop.customer),
                Some(&app.token),
                None,
                Some(json!({"credit_limit": "1550.00"}).to_string()),
            )
            .await;
        assert_eq!(limit.status, StatusCode::OK, "{}", limit.body);
        let over = app
            .post(
                "/api/v1/sales",
                json!({"payment": {"method": "credit", "customer_id": shop.customer},
                       "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "5"}]}),
            )
            .await;
        assert_eq!(over.code(), "credit_limit_exceeded", "{}", over.body);
        // A payment settles it.
        let paid = app
            .post(
                "/api/v1/customer-payments",
                json!({"customer_id": shop.customer, "amount": "500.00", "received": {"method": "card"}}),
            )
            .await;
        assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.body);
        assert_eq!(paid.body["opening_balance_settled"], "500.00");
        let aging = app.get("/api/v1/reports/aging?of=customers").await;
        assert_eq!(aging.body["totals"]["total"], "1000.00");
        let audit = app.get("/api/v1/audit").await;
        assert!(
            audit
                .body
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["action"] == "post_opening_balance" && r["username"] == "nadia"),
            "{}",
            audit.body
        );
        app.check_is_clean().await;
    }
);

api_test!(
    a_supplier_opening_balance_is_owed_and_an_advance_is_negative,
    |app| {
        let nadia = app.staff("nadia", "accountant").await;
        let nile = app
            .create("/api/v1/suppliers", json!({"name": "Nile Threads"}))
            .await;
        let cairo = app
            .create("/api/v1/suppliers", json!({"name": "Cairo Rings"}))
            .await;
        let open = async |s: i64, amount: &str| {
            app.post_as(
                &nadia,
                &format!("/api/v1/suppliers/{s}/opening-balance"),
                json!({"amount": amount, "date": day(100)}),
            )
            .await
        };
        let owed = open(nile, "4000.00").await;
        assert_eq!(owed.status, StatusCode::CREATED, "{}", owed.body);
        let advance = open(cairo, "-250.00").await;
        assert_eq!(advance.status, StatusCode::CREATED, "{}", advance.body);
        assert_eq!(advance.body["amount"], "-250.00");
        let missing = open(999_999, "1").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
        let aging = app.get("/api/v1/reports/aging?of=suppliers").await;
        assert_eq!(aging.body["totals"]["days_over_90"], "4000.00");
        assert_eq!(aging.body["totals"]["total"], "3750.00");
        let books = app.get("/api/v1/accounts").await.body;
        assert_eq!(find(&books, "21020")["balance"], "-3750.00");
        let st = app
            .get(&format!("/api/v1/suppliers/{nile}/statement"))
            .await;
        assert_eq!(st.body["lines"][0]["kind"], "opening_balance");
        assert_eq!(st.body["balance"], "4000.00");
        app.check_is_clean().await;
    }
);
