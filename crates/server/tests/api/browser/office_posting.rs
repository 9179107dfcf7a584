//! The back office's document forms in a browser: an owner receives goods from a supplier
//! (an unknown code and a bad quantity refused in their own cells, what was typed kept),
//! transfers stock (short stock refused on its line), counts stock, pays the supplier and
//! takes a customer's payment; each opens the document's entry, and the API reads the same
//! books. A cashier sees none of the forms and they refuse her. The owner's home page warns
//! when the latest backup failed.

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

/// Types `cells` into row `row` of the lines: (column, text).
async fn line(b: &Browser, row: usize, cells: &[(&str, &str)]) {
    for (col, text) in cells {
        let css = format!("#field-lines-{row}-{col} input");
        b.find(&css).await.clear().await.unwrap();
        b.fill(&css, text).await;
    }
}

/// The value of the input in `css`.
async fn value(b: &Browser, css: &str) -> String {
    b.find(css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The level of `product` in `warehouse` as the API reads it.
async fn on_hand(app: &TestApp, product: i64, warehouse: i64) -> Value {
    let a = app.get("/api/v1/stock").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    a.body
        .as_array()
        .and_then(|levels| {
            levels
                .iter()
                .find(|l| {
                    l["warehouse_id"] == json!(warehouse) && l["product_id"] == json!(product)
                })
                .cloned()
        })
        .unwrap_or(Value::Null)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_owner_receives_transfers_counts_and_pays_from_the_back_office() {
    let Some((app, b, shop)) = open().await else {
        return;
    };
    let supplier = app
        .create("/api/v1/suppliers", json!({"name": "Cairo Textiles"}))
        .await;
    let shop2 = app
        .create(
            "/api/v1/warehouses",
            json!({"code": "SHOP2", "name": "Second shop"}),
        )
        .await;
    app.staff("owner1", "owner").await;
    b.sign_in("owner1", "owner1-password").await;
    b.click("#nav-office").await;
    b.click("#form-receive_goods").await;
    b.choose("#field-supplier_id select", &supplier.to_string())
        .await;
    b.choose("#field-warehouse_id select", &shop.warehouse.to_string())
        .await;
    b.fill("#field-supplier_ref input", "INV-7781").await;
    line(
        &b,
        0,
        &[
            ("product_id", "KOYA/C1"),
            ("quantity", "10"),
            ("unit_cost", "500"),
        ],
    )
    .await;
    line(
        &b,
        2,
        &[
            ("product_id", "NO-SUCH"),
            ("quantity", "1"),
            ("unit_cost", "1"),
        ],
    )
    .await;
    b.click("#save").await;
    let refusal = b.text("#field-lines-2-product_id .refusal").await;
    assert!(refusal.contains("code"), "{refusal}");
    assert_eq!(
        value(&b, "#field-lines-0-product_id input").await,
        "KOYA/C1"
    );
    assert_eq!(value(&b, "#field-supplier_ref input").await, "INV-7781");
    b.screenshot("office-purchase-form").await;
    // More lines keeps what was typed and posts nothing.
    b.click("#more-lines").await;
    assert!(b.has("#field-lines-9-quantity").await);
    assert_eq!(value(&b, "#field-lines-0-unit_cost input").await, "500");
    line(&b, 2, &[("product_id", "RING-28"), ("quantity", "0")]).await;
    b.click("#save").await;
    b.find("#field-lines-2-quantity .refusal").await;
    line(&b, 2, &[("quantity", "20"), ("unit_cost", "6.50")]).await;
    b.click("#save").await;
    // The receipt's page: 5,000.00 + 130.00 of goods (Dr Inventory), 14% input VAT on the
    // rings only (18.20), owed to the supplier 5,148.20.
    let entry = b.text("#entry tr.total").await;
    assert!(entry.contains("5,148.20 EGP"), "{entry}");
    let moves = b.text("#stock-moves").await;
    assert!(
        moves.contains("KOYA/C1") && moves.contains("RING-28"),
        "{moves}"
    );
    // Its own lines: the cost per unit and the VAT per line, summed.
    let lines = b.text("#lines tr.total").await;
    assert!(
        lines.contains("5,130.00 EGP") && lines.contains("18.20 EGP"),
        "{lines}"
    );
    b.screenshot("office-purchase").await;
    // 20 m at 600 and 10 m at 500: 30 m at 566.67 average.
    assert_eq!(
        on_hand(&app, shop.fabric, shop.warehouse).await["quantity"],
        json!("30.000")
    );

    // A transfer of more than is on hand is refused on its line, then a real one posts.
    b.go("/office/transfers/new").await;
    b.choose(
        "#field-from_warehouse_id select",
        &shop.warehouse.to_string(),
    )
    .await;
    b.choose("#field-to_warehouse_id select", &shop2.to_string())
        .await;
    line(&b, 0, &[("product_id", "KOYA/C1"), ("quantity", "31")]).await;
    b.click("#save").await;
    let short = b.text("#field-lines-0-quantity .refusal").await;
    assert!(short.contains("30") && short.contains("31"), "{short}");
    line(&b, 0, &[("quantity", "4.5")]).await;
    b.click("#save").await;
    let moves = b.text("#stock-moves").await;
    assert!(moves.contains("Second shop"), "{moves}");
    b.go("/office/transfers").await;
    let listed = b.text("#transfers tbody").await;
    assert!(
        listed.contains("TRF-") && listed.contains("Second shop"),
        "{listed}"
    );
    assert_eq!(
        on_hand(&app, shop.fabric, shop2).await["quantity"],
        json!("4.500")
    );

    // A count with a reason: 70 rings on hand (50 + 20 received), 68 on the shelf.
    b.go("/office/counts/new").await;
    b.choose("#field-warehouse_id select", &shop.warehouse.to_string())
        .await;
    b.fill("#field-reason input", "Monthly count").await;
    line(&b, 0, &[("product_id", "RING-28"), ("counted", "68")]).await;
    b.click("#save").await;
    b.find("#entry").await;
    b.go("/office/counts").await;
    let listed = b.text("#counts tbody").await;
    assert!(listed.contains("Monthly count"), "{listed}");
    assert_eq!(
        on_hand(&app, shop.rings, shop.warehouse).await["quantity"],
        json!("68.000")
    );

    // The supplier paid in part from the bank.
    b.go("/office/supplier-payments/new").await;
    b.choose("#field-supplier_id select", &supplier.to_string())
        .await;
    b.choose("#field-paid_from select", "bank").await;
    b.fill("#field-amount input", "1,000").await;
    b.click("#save").await;
    b.find("#field-amount .refusal").await;
    b.find("#field-amount input").await.clear().await.unwrap();
    b.fill("#field-amount input", "1000").await;
    b.click("#save").await;
    b.find("#entry").await;
    let owed = app.get(&format!("/api/v1/suppliers/{supplier}")).await;
    assert_eq!(owed.body["balance"], json!("4148.20"), "{}", owed.body);

    // A customer's payment by card against a credit sale.
    let sale = app
        .post(
            "/api/v1/sales",
            json!({"cash_register_id": shop.register, "payment_method": "credit",
                "customer_id": shop.customer,
                "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse,
                    "quantity": "3"}]}),
        )
        .await;
    assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
    b.go("/office/customer-payments/new").await;
    b.choose("#field-customer_id select", &shop.customer.to_string())
        .await;
    b.choose("#field-method select", "card").await;
    b.fill("#field-amount input", "20").await;
    b.click("#save").await;
    b.find("#entry").await;
    let customer = app
        .get(&format!("/api/v1/customers/{}", shop.customer))
        .await;
    // 3 rings at 10.00 + 14% = 34.20 owed, 20.00 paid.
    assert_eq!(
        customer.body["balance"],
        json!("14.20"),
        "{}",
        customer.body
    );

    // The books still balance.
    let check = app.get("/api/v1/check").await;
    assert_eq!(check.body["ok"], json!(true), "{}", check.body);

    // A cashier sees none of the forms, and they refuse her.
    app.staff("cashier1", "cashier").await;
    b.sign_in("cashier1", "cashier1-password").await;
    b.go("/office").await;
    assert!(!b.has("#form-receive_goods").await);
    assert!(!b.has("#form-transfer_stock").await);
    b.go("/office/purchases/new").await;
    let title = b.text("h1").await;
    assert!(!title.contains("Receive goods"), "{title}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_owner_adds_a_cashier_changes_her_role_and_the_shops_settings() {
    let Some((app, b, _shop)) = open().await else {
        return;
    };
    app.staff("owner1", "owner").await;
    b.sign_in("owner1", "owner1-password").await;
    b.go("/office/users").await;
    b.click("#new").await;
    b.fill("#field-username input", "mona").await;
    b.fill("#field-password input", "short").await;
    b.choose("#field-role select", "cashier").await;
    b.click("#save").await;
    b.find("#field-password .refusal").await;
    assert_eq!(value(&b, "#field-username input").await, "mona");
    b.fill("#field-password input", "mona-long-password").await;
    b.click("#save").await;
    // Her page: a cashier, active; made a manager.
    assert_eq!(value(&b, "#field-role select").await, "cashier");
    b.choose("#field-role select", "manager").await;
    b.click("#save").await;
    let users = b.text("#users").await;
    assert!(users.contains("mona"), "{users}");
    let listed = app.get("/api/v1/users").await;
    let mona = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "mona")
        .cloned()
        .unwrap();
    assert_eq!(mona["role"], json!("manager"), "{mona}");
    // The owner may change their own language but not their own role: an unchanged role is
    // not sent, so the form saves.
    b.go("/office/users").await;
    b.c.execute(
        "[...document.querySelectorAll('#users a')].find(a => a.textContent.trim() === 'owner1').click()",
        vec![],
    )
    .await
    .unwrap();
    b.find("#edit-user").await;
    b.choose("#field-language select", "ru").await;
    b.click("#save").await;
    b.find("#users").await;

    // Settings: an offset people cannot mean is refused next to it, then a real one saved.
    b.go("/office/settings").await;
    b.click("#edit").await;
    b.find("#field-utc_offset input")
        .await
        .clear()
        .await
        .unwrap();
    b.fill("#field-utc_offset input", "+25:00").await;
    b.click("#save").await;
    b.find("#field-utc_offset .refusal").await;
    b.find("#field-utc_offset input")
        .await
        .clear()
        .await
        .unwrap();
    b.fill("#field-utc_offset input", "+03:00").await;
    b.click("#save").await;
    b.sees("#fact-utc_offset dd", "UTC+03:00").await;

    // She signs in as the manager she now is.
    b.sign_in("mona", "mona-long-password").await;
    b.go("/office/users").await;
    assert!(!b.has("#users").await, "a manager does not manage users");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_long_statement_shows_the_latest_lines_and_links_to_the_earlier_ones() {
    let Some((app, b, shop)) = open().await else {
        return;
    };
    let customer = app
        .create("/api/v1/customers", json!({"name": "Regular"}))
        .await;
    for _ in 0..101 {
        let sale = app
            .post(
                "/api/v1/sales",
                json!({"cash_register_id": shop.register, "payment_method": "credit",
                    "customer_id": customer,
                    "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse,
                        "quantity": "0.1"}]}),
            )
            .await;
        assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
    }
    app.staff("owner1", "owner").await;
    b.sign_in("owner1", "owner1-password").await;
    b.go(&format!("/office/customers/{customer}")).await;
    let rows = |b: &Browser| {
        let c = b.c.clone();
        async move {
            c.find_all(fantoccini::Locator::Css("#statement tbody tr"))
                .await
                .unwrap()
                .len()
        }
    };
    assert_eq!(rows(&b).await, 100);
    // 101 × 1.14: the newest line's balance is the whole debt.
    let last = b.text("#statement tbody tr:last-child").await;
    assert!(last.contains("115.14 EGP"), "{last}");
    b.click("#earlier").await;
    assert_eq!(rows(&b).await, 1);
    let first = b.text("#statement tbody tr:first-child").await;
    assert!(first.contains("1.14 EGP"), "{first}");
    b.click("#latest").await;
    assert_eq!(rows(&b).await, 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_owner_is_warned_on_the_home_page_when_the_latest_backup_failed() {
    let Some((app, b, _shop)) = open().await else {
        return;
    };
    app.staff("owner1", "owner").await;
    app.staff("cashier1", "cashier").await;
    b.sign_in("owner1", "owner1-password").await;
    b.go("/").await;
    assert!(
        !b.has("#backup-warning").await,
        "no backup taken: nothing scheduled"
    );
    let now = app.mizan.now_ms();
    let run = |ok: bool, error: Option<&str>| mizan_store::backup::BackupRun {
        id: 0,
        started_at_ms: now,
        finished_at_ms: now,
        file: "mizan-backups/b.zip".into(),
        bytes: None,
        sha256: None,
        ok,
        verified: ok,
        tenants: None,
        findings: None,
        error: error.map(str::to_owned),
    };
    let store = app.mizan.store();
    store.record_backup(run(true, None)).await.unwrap();
    b.go("/").await;
    assert!(!b.has("#backup-warning").await, "a good, recent backup");
    store
        .record_backup(run(false, Some("pg_dump: connection refused")))
        .await
        .unwrap();
    b.go("/").await;
    let w = b.text("#backup-warning").await;
    assert!(
        w.contains("The latest backup failed") && w.contains("connection refused"),
        "{w}"
    );
    // Not the cashier's concern.
    b.sign_in("cashier1", "cashier1-password").await;
    b.go("/").await;
    assert!(!b.has("#backup-warning").await);
}
