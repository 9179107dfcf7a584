//! The accountant's statements over HTTP: DOMAIN §4's income statement (revenue 100,000 − COGS
//! 60,000 = gross profit 40,000, 40%) and inventory (opening 80,000 − cost of sales 60,000 +
//! purchases 50,000 = closing 70,000) reproduce exactly in the profit and loss, the balance
//! sheet, the trial balance and the stock valuation; a period that ends before it starts and a
//! date that is not one are refused naming the field.

use reqwest::StatusCode;
use serde_json::{Value, json};

fn line<'a>(lines: &'a Value, code: &str) -> &'a Value {
    lines
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("no account {code} in {lines}"))
}

api_test!(domain_four_reproduces_in_every_statement, |app| {
    let shop = app.shop().await;
    let cloth = app
        .create(
            "/api/v1/products",
            json!({"code": "CLOTH", "name_en": "Cloth", "unit": "piece", "sale_price": "160.00"}),
        )
        .await;
    // Opening stock 80,000: 800 pieces at 100.00.
    app.create(
        "/api/v1/opening-stock",
        json!({"warehouse_id": shop.warehouse, "product_id": cloth, "quantity": "800", "unit_cost": "100.00"}),
    )
    .await;
    let before = app.get("/api/v1/reports/profit-and-loss").await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    // Sales of 100,000 at a cost of 60,000: 500 at 160.00 and 100 at 200.00.
    for (qty, price) in [("500", "160.00"), ("100", "200.00")] {
        let sale = app
            .post(
                "/api/v1/sales",
                json!({"payment": {"method": "card"},
                       "lines": [{"product_id": cloth, "warehouse_id": shop.warehouse,
                                  "quantity": qty, "unit_price": price}]}),
            )
            .await;
        assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
    }
    // Purchases of 50,000: 500 at 100.00.
    let supplier = app
        .create("/api/v1/suppliers", json!({"name": "Mill"}))
        .await;
    let p = app
        .post(
            "/api/v1/purchases",
            json!({"supplier_id": supplier, "warehouse_id": shop.warehouse,
                   "lines": [{"product_id": cloth, "quantity": "500", "unit_cost": "100.00", "vat_rate": "0"}]}),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{}", p.body);

    let pl = app.get("/api/v1/reports/profit-and-loss").await;
    assert_eq!(pl.status, StatusCode::OK, "{}", pl.body);
    let gained = |field: &str| {
        let now: f64 = pl.body[field].as_str().unwrap().parse().unwrap();
        let then: f64 = before.body[field].as_str().unwrap().parse().unwrap();
        format!("{:.2}", now - then)
    };
    assert_eq!(gained("net_sales"), "100000.00");
    assert_eq!(gained("cost_of_sales"), "60000.00");
    assert_eq!(gained("gross_profit"), "40000.00");
    assert_eq!(pl.body["net_sales"], json!("100000.00"), "{}", pl.body);
    assert_eq!(pl.body["gross_profit"], json!("40000.00"));
    assert_eq!(pl.body["gross_margin"], json!("40.00"));
    assert_eq!(pl.body["net_profit"], json!("40000.00"));

    let bs = app.get("/api/v1/reports/balance-sheet").await;
    assert_eq!(bs.status, StatusCode::OK, "{}", bs.body);
    assert_eq!(bs.body["balances"], json!(true), "{}", bs.body);
    // Inventory: the shop's opening stock (12,000.00 of fabric, 350.00 of rings) + 70,000.
    assert_eq!(
        line(&bs.body["assets"], "11051")["amount"],
        json!("82350.00")
    );
    assert_eq!(
        line(&bs.body["liabilities"], "21020")["amount"],
        json!("50000.00")
    );
    assert_eq!(bs.body["earnings"], json!("40000.00"));

    let v = app.get("/api/v1/reports/stock-valuation").await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.body);
    assert_eq!(v.body["total_value"], json!("82350.00"));
    assert_eq!(v.body["inventory_account"], v.body["total_value"]);
    let cloth_level = v.body["levels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["product_id"] == cloth)
        .unwrap();
    assert_eq!(
        (&cloth_level["quantity"], &cloth_level["value"]),
        (&json!("700.000"), &json!("70000.00"))
    );

    let tb = app.get("/api/v1/reports/trial-balance").await;
    assert_eq!(tb.status, StatusCode::OK, "{}", tb.body);
    assert_eq!(tb.body["total_debit"], tb.body["total_credit"]);
    assert_eq!(tb.body["debit_balances"], tb.body["credit_balances"]);
    assert_eq!(
        line(&tb.body["accounts"], "41010")["balance"],
        json!("-100000.00")
    );
    assert_eq!(
        line(&tb.body["accounts"], "51010")["balance"],
        json!("60000.00")
    );

    // Yesterday nothing had happened yet.
    let date = tb.body["date"].as_str().unwrap().to_owned();
    let long_ago = app.get("/api/v1/reports/trial-balance?at=2000-01-01").await;
    assert_eq!(long_ago.status, StatusCode::OK, "{}", long_ago.body);
    assert_eq!(long_ago.body["total_debit"], json!("0.00"));
    let gone = app
        .get("/api/v1/reports/stock-valuation?at=2000-01-01")
        .await;
    assert_eq!(gone.body["levels"], json!([]));

    let backwards = app
        .get(&format!(
            "/api/v1/reports/profit-and-loss?from={date}&to=2000-01-01"
        ))
        .await;
    assert_eq!(
        backwards.status,
        StatusCode::BAD_REQUEST,
        "{}",
        backwards.body
    );
    assert_eq!(backwards.code(), "invalid_field");
    assert!(
        backwards.body.to_string().contains("from"),
        "{}",
        backwards.body
    );
    let nonsense = app.get("/api/v1/reports/balance-sheet?at=2026-02-30").await;
    assert_eq!(
        nonsense.status,
        StatusCode::BAD_REQUEST,
        "{}",
        nonsense.body
    );
    assert!(
        nonsense.body.to_string().contains("at"),
        "{}",
        nonsense.body
    );
    app.check_is_clean().await;
});
