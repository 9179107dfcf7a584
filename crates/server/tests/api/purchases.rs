//! Buying and settling over HTTP: a supplier's receipt posts inventory and input VAT against
//! the supplier; a purchase return beyond what was bought is refused naming the line, in the
//! reader's language; a drawer pays a supplier only within its cash; a customer pays a credit
//! sale; statements and aging agree with the accounts; transfers and counts move stock; the
//! books stay clean.

use reqwest::StatusCode;
use serde_json::{Value, json};

fn account(accounts: &Value, code: &str) -> String {
    accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == code)
        .unwrap_or_else(|| panic!("no account {code}"))["balance"]
        .as_str()
        .unwrap()
        .to_owned()
}

api_test!(a_supplier_is_bought_from_paid_and_owed_exactly, |app| {
    let shop = app.shop().await;
    let supplier = app
        .create(
            "/api/v1/suppliers",
            json!({"name": "Cairo Textiles", "tax_number": "300-123"}),
        )
        .await;
    // 10 rings at 6.50 with 14% input VAT: 65.00 + 9.10.
    let p = app
            .post(
                "/api/v1/purchases",
                json!({"supplier_id": supplier, "warehouse_id": shop.warehouse, "supplier_ref": "INV-77",
                       "lines": [{"product_id": shop.rings, "quantity": "10", "unit_cost": "6.50"}]}),
            )
            .await;
    assert_eq!(p.status, StatusCode::CREATED, "{}", p.body);
    assert_eq!(
        (&p.body["total_amount"], &p.body["vat_amount"]),
        (&json!("74.10"), &json!("9.10"))
    );
    let purchase = p.body["id"].as_i64().unwrap();
    let books = app.get("/api/v1/accounts").await.body;
    assert_eq!(account(&books, "11060"), "9.10");
    assert_eq!(account(&books, "21020"), "-74.10");

    // Eleven cannot go back; the refusal names the line, in Arabic for an Arabic reader.
    let back = |qty: &str| json!({"lines": [{"line": 0, "quantity": qty}], "reason": "scratched"});
    let url = format!("/api/v1/purchases/{purchase}/returns");
    let a = app
            .post(
                "/api/v1/users",
                json!({"username": "omar", "password": "omar-password", "role": "manager", "language": "ar"}),
            )
            .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let omar = app.sign_in("omar", "omar-password").await;
    let refused = app.post_as(&omar, &url, back("11")).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    let e = &refused.body["error"];
    assert_eq!(e["code"], "return_exceeds_purchase");
    assert_eq!(e["details"]["field"], "lines[0].quantity");
    assert!(
        e["message"].as_str().unwrap().contains("المشترى"),
        "{}",
        e["message"]
    );
    let r = app.post(&url, back("2")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["total_amount"], "14.82");

    // The till holds nothing yet: paying from its drawer is refused, from the bank it is not.
    let pay = |from: Value, amount: &str| json!({"supplier_id": supplier, "amount": amount, "paid_from": from});
    let drawer = json!({"source": "drawer", "cash_register_id": shop.register});
    let refused = app
        .post("/api/v1/supplier-payments", pay(drawer, "1.00"))
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert_eq!(refused.body["error"]["code"], "insufficient_cash");
    assert_eq!(refused.body["error"]["details"]["available"], "0.00");
    let paid = app
        .post(
            "/api/v1/supplier-payments",
            pay(json!({"source": "bank"}), "59.28"),
        )
        .await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.body);
    let s = app.get(&format!("/api/v1/suppliers/{supplier}")).await;
    assert_eq!(s.body["balance"], "0.00");
    let st = app
        .get(&format!("/api/v1/suppliers/{supplier}/statement"))
        .await;
    assert_eq!(st.status, StatusCode::OK, "{}", st.body);
    assert_eq!(st.body["lines"].as_array().unwrap().len(), 3);
    assert_eq!(st.body["balance"], "0.00");
    let check = app.get("/api/v1/check").await;
    assert_eq!(check.body["findings"], json!([]), "{}", check.body);
});

api_test!(
    a_customer_pays_a_credit_sale_and_aging_equals_the_account,
    |app| {
        let shop = app.shop().await;
        let sale = app
            .post(
                "/api/v1/sales",
                json!({"payment": {"method": "credit", "customer_id": shop.customer},
                       "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "5"}]}),
            )
            .await;
        assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
        let sale_id = sale.body["id"].as_i64().unwrap();
        let aging = app.get("/api/v1/reports/aging?of=customers").await;
        assert_eq!(aging.status, StatusCode::OK, "{}", aging.body);
        assert_eq!(aging.body["totals"]["days_0_30"], "57.00");
        let too_much = app
            .post(
                "/api/v1/customer-payments",
                json!({"customer_id": shop.customer, "amount": "57.01", "received": {"method": "card"}}),
            )
            .await;
        assert_eq!(too_much.status, StatusCode::CONFLICT, "{}", too_much.body);
        assert_eq!(too_much.body["error"]["code"], "payment_exceeds_balance");
        let paid = app
            .post(
                "/api/v1/customer-payments",
                json!({"customer_id": shop.customer, "amount": "20.00",
                       "received": {"method": "cash", "cash_register_id": shop.register},
                       "allocations": [{"sale_id": sale_id, "amount": "20.00"}]}),
            )
            .await;
        assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.body);
        assert_eq!(paid.body["allocations"][0]["amount"], "20.00");
        assert_eq!(paid.body["cashier_session_id"], shop.session);
        let aging = app.get("/api/v1/reports/aging?of=customers").await;
        let books = app.get("/api/v1/accounts").await.body;
        assert_eq!(aging.body["totals"]["total"], "37.00");
        assert_eq!(account(&books, "11030"), "37.00");
        let st = app
            .get(&format!("/api/v1/customers/{}/statement", shop.customer))
            .await;
        assert_eq!(st.body["balance"], "37.00");
        let bad = app
            .get("/api/v1/reports/aging?of=customers&as_of=2026-02-30")
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        let suppliers = app.get("/api/v1/reports/aging?of=suppliers").await;
        assert_eq!(suppliers.status, StatusCode::OK, "{}", suppliers.body);
        let check = app.get("/api/v1/check").await;
        assert_eq!(check.body["findings"], json!([]), "{}", check.body);
    }
);

api_test!(
    stock_moves_between_warehouses_and_counts_book_the_difference,
    |app| {
        let shop = app.shop().await;
        let floor = app
            .create(
                "/api/v1/warehouses",
                json!({"code": "FLOOR", "name": "Shop floor"}),
            )
            .await;
        let t = app
            .post(
                "/api/v1/stock-transfers",
                json!({"from_warehouse_id": shop.warehouse, "to_warehouse_id": floor,
                       "lines": [{"product_id": shop.rings, "quantity": "10"}]}),
            )
            .await;
        assert_eq!(t.status, StatusCode::CREATED, "{}", t.body);
        assert_eq!(t.body["value"], "70.00");
        let again = app
            .get(&format!("/api/v1/stock-transfers/{}", t.body["id"]))
            .await;
        assert_eq!(again.body["number"], t.body["number"]);
        let short = app
            .post(
                "/api/v1/stock-transfers",
                json!({"from_warehouse_id": floor, "to_warehouse_id": shop.warehouse,
                       "lines": [{"product_id": shop.rings, "quantity": "10.001"}]}),
            )
            .await;
        assert_eq!(short.status, StatusCode::CONFLICT, "{}", short.body);
        assert_eq!(short.body["error"]["details"]["available"], "10.000");
        let c = app
            .post(
                "/api/v1/stock-counts",
                json!({"warehouse_id": floor, "reason": "monthly count",
                       "lines": [{"product_id": shop.rings, "counted": "9"}]}),
            )
            .await;
        assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
        assert_eq!(c.body["lines"][0]["quantity"], "-1.000");
        let books = app.get("/api/v1/accounts").await.body;
        assert_eq!(account(&books, "52020"), "7.00");
        let check = app.get("/api/v1/check").await;
        assert_eq!(check.body["findings"], json!([]), "{}", check.body);
    }
);
