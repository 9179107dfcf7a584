//! The accountant's journal over HTTP: a manual entry posts on its date; a sub-ledger account
//! and an unbalanced entry are refused; a period lock stops postings on or before it, a sale
//! too, and unlocking lets them through.

use reqwest::StatusCode;
use serde_json::{Value, json};

fn id_of(accounts: &Value, code: &str) -> i64 {
    accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("no account {code}"))["id"]
        .as_i64()
        .unwrap()
}

api_test!(manual_entries_and_the_period_lock, |app| {
    let shop = app.shop().await;
    let nadia = app.staff("nadia", "accountant").await;
    let accounts = app.get("/api/v1/accounts").await.body;
    let (rent, bank, customers) = (
        id_of(&accounts, "54010"),
        id_of(&accounts, "11020"),
        id_of(&accounts, "11030"),
    );
    let entry = |date: &str, debit: i64, credit: i64, amount: &str| {
        json!({"date": date, "memo": "Rent for November",
                   "lines": [{"account_id": debit, "debit": amount},
                             {"account_id": credit, "credit": amount}]})
    };
    let posted = app
        .post_as(
            &nadia,
            "/api/v1/journal",
            entry("2026-11-30", rent, bank, "5000.00"),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    assert_eq!(posted.body["lines"][0]["debit"], "5000.00");
    assert!(
        posted.body["posted_at"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-30")
    );
    let sub = app
        .post_as(
            &nadia,
            "/api/v1/journal",
            entry("2026-11-30", customers, bank, "1"),
        )
        .await;
    assert_eq!(sub.status, StatusCode::CONFLICT, "{}", sub.body);
    assert_eq!(sub.body["error"]["code"], "subledger_account");
    let unbalanced = json!({"date": "2026-11-30", "memo": "x",
            "lines": [{"account_id": rent, "debit": "2"}, {"account_id": bank, "credit": "1"}]});
    let bad = app.post_as(&nadia, "/api/v1/journal", unbalanced).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(bad.body["error"]["code"], "unbalanced_entry");

    // Lock everything up to far ahead: entries and sales are refused, then unlock.
    let locked = app
        .post_as(
            &nadia,
            "/api/v1/journal/lock",
            json!({"lock_date": "2999-12-31"}),
        )
        .await;
    assert_eq!(locked.status, StatusCode::OK, "{}", locked.body);
    assert_eq!(locked.body["lock_date"], "2999-12-31");
    let refused = app
        .post_as(
            &nadia,
            "/api/v1/journal",
            entry("2026-11-30", rent, bank, "1"),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.body["error"]["code"], "period_locked");
    assert_eq!(refused.body["error"]["details"]["lock_date"], "2999-12-31");
    let sale = json!({"payment": {"method": "cash", "cash_register_id": shop.register},
            "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]});
    let no = app.post("/api/v1/sales", sale.clone()).await;
    assert_eq!(no.status, StatusCode::CONFLICT, "{}", no.body);
    assert_eq!(no.body["error"]["code"], "period_locked");
    let open = app
        .post_as(&nadia, "/api/v1/journal/lock", json!({"lock_date": null}))
        .await;
    assert_eq!(open.body["lock_date"], Value::Null);
    let yes = app.post("/api/v1/sales", sale).await;
    assert_eq!(yes.status, StatusCode::CREATED, "{}", yes.body);
    let check = app.get("/api/v1/check").await;
    assert_eq!(check.body["findings"], json!([]), "{}", check.body);
});
