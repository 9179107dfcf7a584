//! The back office in a browser: an accountant finds a sale by its number and reads the
//! journal entry (debits = credits), stock moves and cash moves it wrote; a manager reads a
//! product's stock per warehouse and a customer's statement, in Arabic; a cashier sees the
//! products but neither the documents nor the users, and the pages refuse her.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::kit::Browser;
use crate::support::{Shop, TestApp};

async fn open() -> Option<(TestApp, Browser, Shop)> {
    let app = TestApp::spawn(false).await.unwrap();
    let b = Browser::open(&app.base).await?;
    let shop = app.shop().await;
    Some((app, b, shop))
}

/// A completed sale of `qty` of `product`, paid by `method` (with `customer` for credit).
async fn sell(app: &TestApp, shop: &Shop, product: i64, qty: &str, method: &str) -> Value {
    let mut body = json!({"cash_register_id": shop.register, "payment_method": method,
        "lines": [{"product_id": product, "warehouse_id": shop.warehouse, "quantity": qty}]});
    if method == "credit" {
        body["customer_id"] = json!(shop.customer);
    }
    let sale = app.post("/api/v1/sales", body).await;
    assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
    sale.body
}

/// The status the browser's session gets for `path`.
async fn status(b: &Browser, path: &str) -> i64 {
    let got =
        b.c.execute(
            "return fetch(arguments[0]).then(r => r.status)",
            vec![json!(path)],
        )
        .await
        .unwrap();
    got.as_i64().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_accountant_finds_a_sale_by_its_number_and_reads_everything_it_wrote() {
    let Some((app, b, shop)) = open().await else {
        return;
    };
    sell(&app, &shop, shop.fabric, "2", "card").await;
    let sale = sell(&app, &shop, shop.rings, "5", "cash").await;
    let number = sale["number"].as_str().unwrap().to_owned();
    app.staff("acc1", "accountant").await;
    b.sign_in("acc1", "acc1-password").await;
    b.click("#nav-office").await;
    for id in [
        "products",
        "customers",
        "suppliers",
        "documents",
        "sessions",
    ] {
        assert!(b.has(&format!("#section-{id}")).await, "{id} is open");
    }
    assert!(!b.has("#section-users").await, "users are the owner's");
    b.click("#section-documents").await;
    let listed = b.text("#documents").await;
    assert!(listed.contains(&number), "{listed}");
    assert!(listed.contains("Opening stock"), "{listed}");
    assert!(
        listed.find(&number) < listed.find("OPN-"),
        "newest first: {listed}"
    );
    b.fill("#search", &format!("{number}\u{e007}")).await;
    b.find("#entry").await;
    assert!(b.text("#title").await.contains(&number));
    let balanced = b.find("#balanced").await;
    assert_eq!(
        balanced.attr("class").await.unwrap().as_deref(),
        Some("check ok")
    );
    assert_eq!(
        b.text("#verdict").await,
        "The sale agrees with everything it wrote."
    );
    // 5 rings at 10.00 + 14% VAT = 57.00 in cash; out of stock at their cost of 7.00 each:
    // the entry's debits are 57.00 (cash) and 35.00 (cost of sales).
    let entry = b.text("#entry tr.total").await;
    assert_eq!(entry.matches("92.00 EGP").count(), 2, "{entry}");
    // The sale's own lines: 5 at 10.00, 50.00 + 7.00 VAT, at a cost of 35.00.
    let lines = b.text("#lines tbody tr:first-child").await;
    assert!(
        lines.contains("10.00 EGP") && lines.contains("57.00 EGP") && lines.contains("35.00 EGP"),
        "{lines}"
    );
    let stock = b.text("#stock-moves tbody").await;
    assert!(
        stock.contains("RING-28") && stock.contains("-5") && stock.contains("-35.00 EGP"),
        "{stock}"
    );
    let cash = b.text("#cash-moves tbody").await;
    assert!(
        cash.contains("Till 1") && cash.contains("57.00 EGP"),
        "{cash}"
    );
    b.screenshot("document-sale").await;
    // The list filtered by kind shows only that kind; its CSV is the same rows.
    b.go("/office/documents?kind=opening_stock").await;
    let rows =
        b.c.find_all(fantoccini::Locator::Css("#documents tbody tr"))
            .await
            .unwrap();
    assert_eq!(rows.len(), 2);
    let csv =
        b.c.execute(
            "return fetch(document.getElementById('csv').href).then(r => r.text())",
            vec![],
        )
        .await
        .unwrap();
    let csv = csv.as_str().unwrap_or_default();
    assert_eq!(
        csv.trim_start_matches('\u{feff}').lines().count(),
        3,
        "{csv}"
    );
    assert!(
        csv.contains("Opening stock") && !csv.contains("INV-"),
        "{csv}"
    );
    // Its XLSX: a zip named after the list.
    let xlsx =
        b.c.execute(
            "return fetch(document.getElementById('xlsx').href).then(r => r.arrayBuffer().then(\
             b => [r.headers.get('content-disposition'), Array.from(new Uint8Array(b).slice(0, 2))]))",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        xlsx,
        json!(["attachment; filename=\"documents.xlsx\"", [80, 75]])
    );
    // A number nobody has shows an empty list, not an error.
    b.go("/office/documents?q=NOPE-1").await;
    b.find("#empty").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_manager_reads_stock_per_warehouse_and_a_customers_statement_in_arabic() {
    let Some((app, b, shop)) = open().await else {
        return;
    };
    let sale = sell(&app, &shop, shop.fabric, "1.5", "credit").await;
    let number = sale["number"].as_str().unwrap().to_owned();
    app.staff("manager1", "manager").await;
    b.sign_in("manager1", "manager1-password").await;
    b.go("/office/products?q=koya").await;
    let rows =
        b.c.find_all(fantoccini::Locator::Css("#products tbody tr"))
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    b.click("#products tbody a").await;
    // 20 m worth 12,000.00, 1.5 m sold at the average 600.00: 18.5 m worth 11,100.00.
    let total = b.text("#stock tr.total").await;
    assert!(
        total.contains("18.5") && total.contains("11,100.00 EGP") && total.contains("600.00 EGP"),
        "{total}"
    );
    b.go(&format!("/office/customers/{}", shop.customer)).await;
    b.sees("#fact-balance dd", "1,500.00 EGP").await;
    let statement = b.text("#statement").await;
    assert!(statement.contains(&number), "{statement}");
    b.language("ar").await;
    let dir =
        b.c.execute("return document.documentElement.dir", vec![])
            .await
            .unwrap();
    assert_eq!(dir, json!("rtl"));
    assert_eq!(b.text("#fact-balance dt").await, "الرصيد");
    b.sees("#fact-balance dd", "1,500.00 EGP").await;
    b.screenshot("customer-arabic").await;
    // The documents are the books' (`books.read`), which a manager's role does not read.
    assert_eq!(status(&b, "/office/documents").await, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cashier_sees_the_products_but_neither_the_documents_nor_the_users() {
    let Some((app, b, _shop)) = open().await else {
        return;
    };
    app.staff("cashier1", "cashier").await;
    b.sign_in("cashier1", "cashier1-password").await;
    b.click("#nav-office").await;
    assert!(b.has("#section-products").await);
    for id in [
        "documents",
        "users",
        "devices",
        "settings",
        "suppliers",
        "sessions",
    ] {
        assert!(!b.has(&format!("#section-{id}")).await, "{id} is hidden");
    }
    for path in [
        "/office/documents",
        "/office/documents/sale/1",
        "/office/users",
        "/office/devices",
        "/office/settings",
        "/office/suppliers",
        "/office/sessions",
    ] {
        assert_eq!(status(&b, path).await, 403, "{path}");
    }
    assert_eq!(status(&b, "/office/products").await, 200);
    assert_eq!(status(&b, "/office/products/999999").await, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_manager_adds_a_product_and_a_customer_and_a_refusal_keeps_the_form() {
    let Some((app, b, _shop)) = open().await else {
        return;
    };
    app.staff("manager1", "manager").await;
    b.sign_in("manager1", "manager1-password").await;
    b.go("/office/products").await;
    b.click("#new").await;
    b.fill("#field-code input", "VOILE-W").await;
    b.fill("#field-name_en input", "White voile").await;
    b.fill("#field-name_ar input", "فوال أبيض").await;
    b.fill("#field-sale_price input", "12.5.0").await;
    b.fill("#field-vat_rate input", "14").await;
    b.click("#save").await;
    let refusal = b.text("#field-sale_price .refusal").await;
    assert!(!refusal.is_empty());
    assert_eq!(
        b.find("#field-name_ar input")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("فوال أبيض"),
        "what was typed is kept"
    );
    b.fill("#field-sale_price input", "45.00").await;
    b.click("#save").await;
    b.sees("#title", "White voile").await;
    b.sees("#fact-sale_price dd", "45.00 EGP").await;
    b.sees("#fact-vat dd", "14.00%").await;
    // The price changed from its page: the form holds the amounts as typed, a bad one is
    // refused next to it.
    b.click("#edit").await;
    let typed = b
        .find("#field-sale_price input")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(typed.as_deref(), Some("45.00"));
    b.find("#field-sale_price input")
        .await
        .clear()
        .await
        .unwrap();
    b.fill("#field-sale_price input", "4O").await;
    b.click("#save").await;
    b.find("#field-sale_price .refusal").await;
    b.find("#field-sale_price input")
        .await
        .clear()
        .await
        .unwrap();
    b.fill("#field-sale_price input", "47.50").await;
    b.click("#save").await;
    b.sees("#fact-sale_price dd", "47.50 EGP").await;
    b.sees("#fact-vat dd", "14.00%").await;
    // One form posted twice (a double click, a reload) creates one product.
    b.go("/office/products/new").await;
    b.fill("#field-code input", "LINING").await;
    b.fill("#field-name_en input", "Lining").await;
    b.fill("#field-sale_price input", "20").await;
    let urls =
        b.c.execute(
            "const f = document.getElementById('new-products'); \
             const d = new URLSearchParams(new FormData(f)); \
             return fetch(f.action, {method: 'POST', body: d}).then(a => \
               fetch(f.action, {method: 'POST', body: d}).then(b => [a.url, b.url, a.status, b.status]))",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(urls[0], urls[1], "{urls}");
    assert_eq!(urls[2], json!(200), "{urls}");
    assert!(
        urls[0].as_str().unwrap().contains("/office/products/"),
        "{urls}"
    );
    let listed = app.get("/api/v1/products").await;
    let linings = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "LINING")
        .count();
    assert_eq!(linings, 1);
    // A code that is taken is refused on the form, not on a page of its own.
    b.go("/office/products/new").await;
    b.fill("#field-code input", "VOILE-W").await;
    b.fill("#field-name_en input", "Another").await;
    b.fill("#field-sale_price input", "1").await;
    b.click("#save").await;
    let taken = b.text("#error, #field-code .refusal").await;
    assert!(!taken.is_empty());
    b.go("/office/customers/new").await;
    b.fill("#field-name input", "Hotel Nile").await;
    b.fill("#field-credit_limit input", "5,000").await;
    b.click("#save").await;
    b.find("#field-credit_limit .refusal").await;
    b.fill("#field-credit_limit input", "5000").await;
    b.click("#save").await;
    b.sees("#title", "Hotel Nile").await;
    b.sees("#fact-credit_limit dd", "5,000.00 EGP").await;
    // A cashier may not add products: no button, and the form refuses her.
    app.staff("cashier1", "cashier").await;
    b.sign_in("cashier1", "cashier1-password").await;
    b.go("/office/products").await;
    assert!(!b.has("#new").await);
    assert_eq!(status(&b, "/office/products/new").await, 403);
}
