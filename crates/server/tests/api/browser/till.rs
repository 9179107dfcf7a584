//! A cashier's shift in the browser: sign in, open a session, scan two barcodes and a scale
//! label, pay part cash part card, see the change, complete with one key, print the receipt;
//! the manager counts the drawer in notes and coins, closes the session, and the Z report
//! agrees with the ledger.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::kit::Browser;
use crate::support::TestApp;

/// A shop for the till: warehouse, register, three products (one sold by a weight label),
/// their stock, and a cashier and a manager with passwords `{name}-password`.
pub async fn till_shop(app: &TestApp) -> i64 {
    let warehouse = app
        .create(
            "/api/v1/warehouses",
            json!({"code": "MAIN", "name": "Main"}),
        )
        .await;
    let register = app
        .create("/api/v1/cash-registers", json!({"name": "Till 1"}))
        .await;
    let s = app
        .send(
            reqwest::Method::PATCH,
            "/api/v1/settings",
            Some(&app.token),
            None,
            Some(json!({"scale_barcodes": ["21PPPPPWWWWWC"]}).to_string()),
        )
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    for (product, qty) in [
        (
            json!({"code": "RING-28", "name_en": "Curtain ring", "name_ar": "حلقة ستارة", "unit": "piece",
                "barcode": "6221000000011", "sale_price": "10.00", "vat_rate": "14"}),
            "50",
        ),
        (
            json!({"code": "THREAD", "name_en": "Thread", "name_ar": "خيط", "unit": "piece",
                "barcode": "6221000000028", "sale_price": "5.00"}),
            "50",
        ),
        (
            json!({"code": "CHEESE", "name_en": "White cheese", "name_ar": "جبنة بيضاء", "unit": "kg",
                "plu": "12345", "sale_price": "80.00"}),
            "10",
        ),
    ] {
        let id = app.create("/api/v1/products", product).await;
        app.create(
            "/api/v1/opening-stock",
            json!({"warehouse_id": warehouse, "product_id": id, "quantity": qty, "unit_cost": "3.00"}),
        )
        .await;
    }
    app.staff("cashier1", "cashier").await;
    app.staff("manager1", "manager").await;
    register
}

/// An EAN-13 with its check digit.
pub fn ean13(body: &str) -> String {
    let sum: u32 = body
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| c.to_digit(10).unwrap() * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

async fn balance(app: &TestApp, account: i64) -> String {
    let a = app.get("/api/v1/accounts").await;
    let rows = a.body.as_array().cloned().unwrap_or_default();
    rows.iter()
        .find(|r| r["id"] == json!(account))
        .map(|r| r["balance"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_else(|| panic!("account {account} not in {}", a.body))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cashier_sells_two_barcodes_and_a_scale_label_part_card_part_cash_and_the_z_report_equals_the_ledger()
 {
    let app = TestApp::spawn(false).await.unwrap();
    let Some(b) = Browser::open(&app.base).await else {
        return;
    };
    let register = till_shop(&app).await;
    b.sign_in("cashier1", "cashier1-password").await;
    b.click("#open-till").await;
    b.fill("#float", "100.00").await;
    b.click("#open").await;

    b.scan("6221000000011", 1).await;
    b.scan("6221000000028", 2).await;
    b.scan(&ean13("211234501250"), 3).await;
    b.sees("#line-2 .line-total", "100.00 EGP").await;
    // 11.40 (10.00 + 14% VAT) + 5.00 + 1.250 kg × 80.00.
    b.sees("#total", "116.40 EGP").await;

    b.fill("#pay-card", "50.00\t").await;
    b.sees("#cash-due", "66.40 EGP").await;
    b.fill("#cash-received", "200.00\t").await;
    b.sees("#change", "133.60 EGP").await;
    b.screenshot("till").await;

    // One key completes the sale.
    b.find("#scan").await.send_keys("\u{e039}").await.unwrap();
    b.sees("#receipt-change", "133.60 EGP").await;
    b.sees("#receipt-total", "116.40 EGP").await;
    let number = b.text("#receipt-number").await;
    assert!(number.starts_with("INV-"), "{number}");
    b.screenshot("receipt").await;
    let pdf = b.print("receipt-80mm", 8.0).await;
    assert!(pdf.starts_with(b"%PDF"), "the receipt prints");

    // The A4 PDF, in English and then in Arabic.
    let href = b.find("#receipt-pdf").await.attr("href").await.unwrap();
    let href = href.expect("the A4 PDF link has an address");
    let (status, kind, disposition, a4) = b.fetch(&href).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&a4));
    assert_eq!(kind, "application/pdf");
    assert_eq!(disposition, format!("inline; filename=\"{number}.pdf\""));
    assert!(a4.starts_with(b"%PDF"), "an A4 PDF");
    let text = Browser::pdf_text(&a4, "receipt-a4-en");
    for s in [number.as_str(), "116.40 EGP", "133.60 EGP", "Curtain ring"] {
        assert!(text.contains(s), "{s} missing from the A4 PDF:\n{text}");
    }
    b.language("ar").await;
    let (status, _, _, a4) = b.fetch(&href).await;
    assert_eq!(status, 200);
    let text = Browser::pdf_text(&a4, "receipt-a4-ar-browser");
    for s in [
        "إيصال",
        "الإجمالي",
        "حلقة ستارة",
        number.as_str(),
        "116.40 EGP",
    ] {
        assert!(
            text.contains(s),
            "{s} missing from the Arabic A4 PDF:\n{text}"
        );
    }
    let (status, kind, _, _) = b.fetch("/till/receipts/999999/pdf").await;
    assert_eq!(status, 404, "no such sale: refused as its page is");
    assert!(kind.starts_with("text/html"), "{kind}");
    b.language("en").await;

    let sales = app.get("/api/v1/sales").await;
    let sale: Value = sales.body[0].clone();
    assert_eq!(sale["number"], json!(number), "{}", sales.body);
    assert_eq!(sale["total_amount"], "116.40", "{sale}");
    let paid: Vec<(String, String)> = sale["payments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["payment_method"].as_str().unwrap().to_owned(),
                p["amount"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        paid,
        [
            ("card".to_owned(), "50.00".to_owned()),
            ("cash".to_owned(), "66.40".to_owned())
        ]
    );

    // The X report's expected cash is what the drawer account holds.
    let drawer = app
        .get(&format!("/api/v1/cash-registers/{register}"))
        .await
        .body["account_id"]
        .as_i64()
        .unwrap();
    b.go("/till").await;
    b.click("#x-report").await;
    let expected = b.text("#session-report tr:nth-child(11) td.num").await;
    assert_eq!(expected, "166.40 EGP");
    assert_eq!(balance(&app, drawer).await, "166.40");
    let report_url = b.c.current_url().await.unwrap().path().to_owned();

    // The manager closes the cashier's session with what was counted.
    b.click("header form button").await;
    b.sign_in("manager1", "manager1-password").await;
    b.go(&report_url).await;
    // Counted in notes and coins: 100 + 50 + 10 + 5 + 1 + 0.25 = 166.25, 0.15 short.
    b.click("#denominations summary").await;
    for (value, count) in [
        (10_000, "1"),
        (5_000, "1"),
        (1_000, "1"),
        (500, "1"),
        (100, "1"),
        (25, "1"),
    ] {
        b.fill(&format!("input[name='denom_{value}']"), count).await;
    }
    b.click("#close-session").await;
    b.find("#session-report").await;
    assert!(
        b.text("h1").await.starts_with("Z report"),
        "{}",
        b.text("h1").await
    );
    b.sees("#session-report tr:nth-child(12) td.num", "166.25 EGP")
        .await;
    b.sees("#session-report tr:nth-child(13) td.num", "-0.15 EGP")
        .await;
    b.screenshot("z-report").await;
    assert_eq!(
        balance(&app, drawer).await,
        "0.00",
        "the counted cash left the drawer"
    );
    app.check_is_clean().await;
}
