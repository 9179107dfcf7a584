//! The web UI's other promises in a browser: Arabic reads right to left with the right
//! totals, a cashier neither sees nor opens what her role may not, a stale sign-in form is
//! shown again and the next try works, and the accountant reads the P&L in Russian.

use serde_json::json;

use super::kit::Browser;
use super::till::till_shop;
use crate::support::TestApp;

async fn open_shop() -> Option<(TestApp, Browser)> {
    let (app, b) = open_browser().await?;
    till_shop(&app).await;
    Some((app, b))
}

async fn open_browser() -> Option<(TestApp, Browser)> {
    let app = TestApp::spawn(false).await.unwrap();
    let b = Browser::open(&app.base).await?;
    Some((app, b))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_arabic_till_reads_right_to_left_with_its_totals_isolated() {
    let Some((_app, b)) = open_shop().await else {
        return;
    };
    b.sign_in("cashier1", "cashier1-password").await;
    b.language("ar").await;
    let dir =
        b.c.execute("return document.documentElement.dir", vec![])
            .await
            .unwrap();
    assert_eq!(dir, json!("rtl"));
    b.go("/till").await;
    b.fill("#float", "0").await;
    b.click("#open").await;
    b.scan("6221000000011", 1).await;
    b.scan("6221000000011", 1).await;
    b.sees("#total", "22.80 EGP").await;
    assert_eq!(b.text(".grand span").await, "الإجمالي");
    let isolated =
        b.c.execute(
            "const t = document.getElementById('total'); \
             return t.tagName + ' ' + t.getAttribute('dir') + ' ' + getComputedStyle(t).direction",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(isolated, json!("BDI ltr ltr"));
    b.screenshot("till-arabic").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cashier_neither_sees_nor_opens_the_profit_and_loss() {
    let Some((_app, b)) = open_shop().await else {
        return;
    };
    b.sign_in("cashier1", "cashier1-password").await;
    assert!(b.has("#open-till").await);
    assert!(!b.has("#open-reports").await, "no reports tile");
    b.go("/reports/profit-and-loss").await;
    assert_eq!(b.text("h1").await, "Not allowed");
    assert!(b.text(".refusal").await.contains("reports.read"));
    assert!(!b.has("#pnl").await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stale_sign_in_form_is_shown_again_and_the_next_try_works() {
    let Some((_app, b)) = open_shop().await else {
        return;
    };
    b.go("/sign-in").await;
    // The form outlived its cookie (a restart, another tab's sign-in).
    b.c.delete_cookie("mizan_form").await.unwrap();
    b.fill("#username", "cashier1").await;
    b.fill("#password", "cashier1-password").await;
    b.click("#sign-in").await;
    assert!(b.text("#notice").await.contains("expired"));
    assert_eq!(
        b.find("#username").await.prop("value").await.unwrap(),
        Some("cashier1".to_owned()),
        "the name is kept"
    );
    b.fill("#password", "cashier1-password").await;
    b.click("#sign-in").await;
    assert!(b.text("h1").await.starts_with("Welcome"));
    // A wrong password says so, in the form.
    b.click("header form button").await;
    b.fill("#username", "cashier1").await;
    b.fill("#password", "wrong").await;
    b.click("#sign-in").await;
    assert!(!b.text("#error").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_accountant_reads_the_profit_and_loss_in_russian() {
    let Some((app, b)) = open_browser().await else {
        return;
    };
    let shop = app.shop().await;
    let sale = app
        .post(
            "/api/v1/sales",
            json!({"cash_register_id": shop.register, "payment_method": "card",
                   "lines": [{"product_id": shop.fabric, "warehouse_id": shop.warehouse, "quantity": "2"}]}),
        )
        .await;
    assert_eq!(sale.status, reqwest::StatusCode::CREATED, "{}", sale.body);
    app.staff("acc1", "accountant").await;
    b.sign_in("acc1", "acc1-password").await;
    b.language("ru").await;
    b.click("#open-reports").await;
    b.click("#report-profit-and-loss").await;
    // 2 m of fabric at 1,000.00 that cost 600.00 a metre.
    b.sees("#pnl tr:nth-child(3) td.num", "2,000.00 EGP").await;
    b.sees("#pnl tr:nth-child(5) td.num", "800.00 EGP").await;
    b.sees("#margin", "40.00%").await;
    assert_eq!(b.text("#pnl tr:nth-child(5) td").await, "Валовая прибыль");
    b.screenshot("pnl-russian").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cashier_finds_a_product_by_name_parks_the_cart_and_recalls_it_to_sell() {
    let Some((app, b)) = open_shop().await else {
        return;
    };
    b.sign_in("cashier1", "cashier1-password").await;
    b.go("/till").await;
    b.fill("#float", "0").await;
    b.click("#open").await;
    // One match is added at once; several are offered to choose from.
    b.scan("ring", 1).await;
    b.fill("#scan", "e\u{e007}").await;
    b.find("#choices button").await;
    b.click("#choices button[value]:nth-of-type(2)").await;
    b.find("#line-1").await;
    b.sees("#total", "16.40 EGP").await;
    b.click("#park").await;
    b.find("#drafts button").await;
    assert!(
        !b.has("#line-0").await,
        "a parked cart leaves the till empty"
    );
    b.click("#drafts button").await;
    b.find("#line-1").await;
    b.sees("#total", "16.40 EGP").await;
    b.find("#scan").await.send_keys("\u{e039}").await.unwrap();
    b.sees("#receipt-total", "16.40 EGP").await;
    // The draft is gone: discarded with the reason, and no parked draft is left.
    b.go("/till").await;
    b.find("#scan").await;
    assert!(!b.has("#drafts").await);
    let sales = app.get("/api/v1/sales").await;
    let statuses: Vec<String> = sales
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(!statuses.contains(&"draft".to_owned()), "{statuses:?}");
    app.check_is_clean().await;
}

/// Signs in with the form over plain HTTP: the answer to the post.
async fn post_sign_in(app: &TestApp, fields: &str) -> reqwest::Response {
    let page = app
        .client
        .get(format!("{}/sign-in", app.base))
        .send()
        .await
        .unwrap();
    let cookie = page.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let body = page.text().await.unwrap();
    let token = body
        .split("name=\"form_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    app.client
        .post(format!("{}/sign-in", app.base))
        .header("cookie", cookie)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("form_token={token}&{fields}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn on_a_server_with_several_shops_the_sign_in_form_asks_for_the_shop_number() {
    let app = TestApp::spawn(false).await.unwrap();
    app.staff("cashier1", "cashier").await;
    app.other_tenant().await;
    let mut app = app;
    app.client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let asked = post_sign_in(&app, "username=cashier1&password=cashier1-password").await;
    assert_eq!(asked.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let page = asked.text().await.unwrap();
    assert!(
        page.contains("id=\"tenant\""),
        "the form asks for the shop: {page}"
    );
    assert!(page.contains("value=\"cashier1\""), "and keeps the name");
    let fields = format!(
        "tenant_id={}&username=cashier1&password=cashier1-password",
        app.tenant
    );
    let signed = post_sign_in(&app, &fields).await;
    assert_eq!(signed.status(), reqwest::StatusCode::SEE_OTHER);
    assert!(
        signed.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .starts_with("mizan_session=")
    );
    let linked = app
        .client
        .get(format!("{}/sign-in?shop={}", app.base, app.tenant))
        .send()
        .await
        .unwrap();
    assert!(
        linked
            .text()
            .await
            .unwrap()
            .contains(&format!("value=\"{}\"", app.tenant))
    );
}
