//! Returns at the till: a cashier sells, scans the receipt's number into the return form, takes
//! back part of a line, is asked for a manager's approval, a wrong password is refused with the
//! form kept, the right one posts; the return's receipt and the session's X report show the
//! refund. In Arabic, more than is left of a line is refused next to that line. Without a
//! browser: the same form posted twice with its key takes the goods back once.

use reqwest::StatusCode;
use serde_json::json;

use super::kit::Browser;
use super::till::till_shop;
use crate::support::TestApp;

/// The value of input `id` on the page.
async fn value(b: &Browser, id: &str) -> String {
    b.find(&format!("#{id}"))
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cashier_takes_back_part_of_a_line_with_a_managers_approval_and_the_x_report_refunds_it()
{
    let app = TestApp::spawn(false).await.unwrap();
    let Some(b) = Browser::open(&app.base).await else {
        return;
    };
    till_shop(&app).await;
    b.sign_in("cashier1", "cashier1-password").await;
    b.click("#open-till").await;
    b.fill("#float", "100.00").await;
    b.click("#open").await;
    // Two rings (2 × 11.40 with VAT) and a thread (5.00), all in cash.
    b.scan("6221000000011", 1).await;
    b.scan("6221000000011", 1).await;
    b.scan("6221000000028", 2).await;
    b.sees("#total", "27.80 EGP").await;
    b.find("#scan").await.send_keys("\u{e039}").await.unwrap();
    b.sees("#receipt-total", "27.80 EGP").await;
    let number = b.text("#receipt-number").await;

    // Return, from the till: the receipt's number scanned (Enter submits).
    b.go("/till").await;
    b.click("#return-link").await;
    b.fill("#receipt", &format!("{number}\u{e007}")).await;
    b.sees("#sale-number", &number).await;
    assert_eq!(
        value(&b, "refund").await,
        "cash",
        "paid in cash, drawer open"
    );
    assert!(b.has("#approver").await, "a cashier is asked for approval");
    b.fill("#return-qty-0", "1").await;
    b.fill("#reason", "cracked").await;

    // Without an approval, then with a wrong password: refused by the approval, form kept.
    b.click("#post-return").await;
    assert!(
        b.text("#approval-error")
            .await
            .contains("manager's approval"),
        "{}",
        b.text("#approval-error").await
    );
    b.fill("#approver", "manager1").await;
    b.fill("#approver-password", "not-the-password").await;
    b.click("#post-return").await;
    b.sees(
        "#approval-error",
        "The approval was refused: check the approver's user name and password",
    )
    .await;
    assert_eq!(value(&b, "return-qty-0").await, "1");
    assert_eq!(value(&b, "reason").await, "cracked");
    assert_eq!(value(&b, "approver").await, "manager1");
    assert_eq!(
        value(&b, "approver-password").await,
        "",
        "never shown again"
    );
    assert_eq!(value(&b, "refund").await, "cash");

    b.fill("#approver-password", "manager1-password").await;
    b.click("#post-return").await;
    b.sees("#return-refunded", "11.40 EGP").await;
    b.sees("#return-sale-number", &number).await;
    assert!(b.text("#return-number").await.starts_with("RET-"));
    let refunded = b.text("#return-total").await;
    assert_eq!(refunded, "11.40 EGP");
    b.screenshot("return-receipt").await;
    let pdf = b.print("return-receipt-80mm", 8.0).await;
    assert!(pdf.starts_with(b"%PDF"), "the return's receipt prints");

    // The X report: the refund, and the drawer's cash less it (100 + 27.80 − 11.40).
    b.go("/till").await;
    b.click("#x-report").await;
    assert_eq!(
        b.text("#session-report tr:nth-child(8) td").await,
        "Cash refunds"
    );
    assert_eq!(
        b.text("#session-report tr:nth-child(8) td.num").await,
        refunded
    );
    assert_eq!(
        b.text("#session-report tr:nth-child(11) td.num").await,
        "116.40 EGP"
    );

    // In Arabic, two more rings than are left are refused next to their line.
    b.go(&format!("/till/returns/new?receipt={number}")).await;
    b.language("ar").await;
    b.sees("#sale-number", &number).await;
    b.sees("#return-line-0 td:nth-child(3)", "1").await;
    b.fill("#return-qty-0", "2").await;
    b.fill("#reason", "مكسور").await;
    b.fill("#approver", "manager1").await;
    b.fill("#approver-password", "manager1-password").await;
    b.click("#post-return").await;
    let refusal = b.text("#return-line-error-0").await;
    assert!(refusal.contains("حلقة ستارة"), "{refusal}");
    assert_eq!(value(&b, "return-qty-0").await, "2");
    assert_eq!(value(&b, "reason").await, "مكسور");
    let dir =
        b.c.execute("return document.documentElement.dir", vec![])
            .await
            .unwrap();
    assert_eq!(dir, json!("rtl"));
    b.screenshot("return-form-arabic").await;
    app.check_is_clean().await;
}

/// `name="return_key" value="…"` of a page.
fn return_key(html: &str) -> String {
    let start = html
        .find("name=\"return_key\" value=\"")
        .map(|i| i + "name=\"return_key\" value=\"".len())
        .unwrap_or_else(|| panic!("no return_key in {html}"));
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_return_form_posted_twice_with_its_key_takes_the_goods_back_once() {
    let app = TestApp::spawn(false).await.unwrap();
    let shop = app.shop().await;
    let mona = app.staff("mona", "manager").await;
    // The owner's session holds the shop's register: Mona works at a second one.
    let register = app
        .create("/api/v1/cash-registers", json!({"name": "Till 2"}))
        .await;
    let session = app
        .post_as(
            &mona,
            "/api/v1/cashier-sessions",
            json!({"cash_register_id": register, "opening_float": "50"}),
        )
        .await;
    assert_eq!(session.status, StatusCode::CREATED, "{}", session.body);
    let session = session.body["id"].as_i64().unwrap();
    let sale = app
        .post_as(
            &mona,
            "/api/v1/sales",
            json!({"cash_register_id": register, "cashier_session_id": session,
                   "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "3"}],
                   "payments": [{"payment_method": "cash", "amount": "34.20"}]}),
        )
        .await;
    assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
    let number = sale.body["number"].as_str().unwrap().to_owned();

    let login = app
        .exchange(
            app.client
                .post(format!("{}/api/v1/auth/login", app.base))
                .json(&json!({"tenant_id": app.tenant, "username": "mona", "password": "mona-password"}))
                .header("origin", &app.base),
        )
        .await;
    let cookie = login.headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let web = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = web
        .get(format!("{}/till/returns/new?receipt={number}", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let key = return_key(&form.text().await.unwrap());
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("receipt", number.as_str()),
            ("return_key", key.as_str()),
            ("qty_0", "1"),
            ("refund", "cash"),
            ("restock", &shop.warehouse.to_string()),
            ("reason", "too many"),
            ("action", "return"),
        ])
        .finish();
    let mut receipts = Vec::new();
    for _ in 0..2 {
        let posted = web
            .post(format!("{}/till/returns", app.base))
            .header("cookie", &cookie)
            .header("sec-fetch-site", "same-origin")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), StatusCode::SEE_OTHER);
        receipts.push(posted.headers()["location"].to_str().unwrap().to_owned());
    }
    assert_eq!(
        receipts[0], receipts[1],
        "the second post answers the first return"
    );
    assert!(receipts[0].starts_with("/till/returns/"), "{}", receipts[0]);
    let report = app
        .get_as(&mona, &format!("/api/v1/cashier-sessions/{session}/report"))
        .await;
    assert_eq!(report.body["cash_refunds"], "11.40", "{}", report.body);
    let page = web
        .get(format!("{}/till/returns/new?receipt={number}", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("placeholder=\"2.000\""), "2 of 3 are left");

    // An unknown number: the find form again, the number kept, with why.
    let unknown = web
        .get(format!("{}/till/returns/new?receipt=INV-NOPE", app.base))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let unknown = unknown.text().await.unwrap();
    assert!(
        unknown.contains("No sale has this receipt number"),
        "{unknown}"
    );
    assert!(unknown.contains("value=\"INV-NOPE\""), "{unknown}");

    // A role that may not sell sees the till's refusal page.
    app.post(
        "/api/v1/users",
        json!({"username": "adel", "password": "adel-password", "role": "accountant"}),
    )
    .await;
    let login = app
        .exchange(
            app.client
                .post(format!("{}/api/v1/auth/login", app.base))
                .json(&json!({"tenant_id": app.tenant, "username": "adel", "password": "adel-password"}))
                .header("origin", &app.base),
        )
        .await;
    let accountant = login.headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    for path in [
        "/till/returns",
        &format!("/till/returns/new?receipt={number}"),
    ] {
        let refused = web
            .get(format!("{}{path}", app.base))
            .header("cookie", &accountant)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(
            refused.text().await.unwrap().contains("sales.sell"),
            "{path}"
        );
    }
    app.check_is_clean().await;
}
