//! The accountant's journal over HTTP: a manual entry posts on its date; a sub-ledger account
//! and an unbalanced entry are refused, and so are negative sides and dates after today; a
//! period lock stops postings on or before it, never today's (the tills would stop).

use reqwest::StatusCode;
use serde_json::{Value, json};

/// `YYYY-MM-DD` of the business day `days` before today (UTC, the test tenant's offset).
fn day(days: i64) -> String {
    use mizan_app::Clock;
    // The test server runs on the system clock.
    let now = mizan_app::SystemClock.now_ms();
    let d = mizan_domain::calendar::business_day(now - days * 86_400_000, 0);
    format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100)
}

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

fn entry(date: &str, debit: i64, credit: i64, amount: &str) -> Value {
    json!({"date": date, "memo": "Rent for November",
           "lines": [{"account_id": debit, "debit": amount},
                     {"account_id": credit, "credit": amount}]})
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
    let (today, yesterday) = (day(0), day(1));
    let journal = |body: Value| app.post_as(&nadia, "/api/v1/journal", body);
    let posted = journal(entry(&yesterday, rent, bank, "5000.00")).await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.body);
    assert_eq!(posted.body["lines"][0]["debit"], "5000.00");
    let at = posted.body["posted_at"].as_str().unwrap();
    assert!(at.starts_with(&yesterday), "{at}");
    let future = journal(entry(&day(-1), rent, bank, "1")).await;
    assert_eq!(
        future.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        future.body
    );
    let negative = journal(entry(&today, rent, bank, "-1")).await;
    assert_eq!(negative.code(), "invalid_field");
    assert_eq!(negative.body["error"]["details"]["field"], "lines[0].debit");
    let sub = journal(entry(&today, customers, bank, "1")).await;
    assert_eq!(sub.status, StatusCode::CONFLICT, "{}", sub.body);
    assert_eq!(sub.code(), "subledger_account");
    let unbalanced = json!({"date": today, "memo": "x",
            "lines": [{"account_id": rent, "debit": "2"}, {"account_id": bank, "credit": "1"}]});
    let bad = journal(unbalanced).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(bad.code(), "unbalanced_entry");

    // Today cannot be locked (the tills would stop); yesterday can, and then an entry dated
    // yesterday is refused while today's sale goes through.
    let lock =
        |date: Value| app.post_as(&nadia, "/api/v1/journal/lock", json!({"lock_date": date}));
    let too_late = lock(json!(today)).await;
    assert_eq!(too_late.code(), "invalid_field");
    let locked = lock(json!(yesterday)).await;
    assert_eq!(locked.status, StatusCode::OK, "{}", locked.body);
    assert_eq!(locked.body["lock_date"], yesterday.as_str());
    let refused = journal(entry(&yesterday, rent, bank, "1")).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.code(), "period_locked");
    assert_eq!(
        refused.body["error"]["details"]["lock_date"],
        yesterday.as_str()
    );
    let sale = json!({"payment": {"method": "cash", "cash_register_id": shop.register},
            "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]});
    let yes = app.post("/api/v1/sales", sale).await;
    assert_eq!(yes.status, StatusCode::CREATED, "{}", yes.body);
    let open = lock(Value::Null).await;
    assert_eq!(open.body["lock_date"], Value::Null);
    let again = journal(entry(&yesterday, rent, bank, "1")).await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    let check = app.get("/api/v1/check").await;
    assert_eq!(check.body["findings"], json!([]), "{}", check.body);
});
