//! The café floor in a browser: a waiter seats a table and orders, starts a station's
//! session and sees it busy on the floor, but finds no payment or merge form; a cashier takes
//! part of the session's bill, moves the session to the table (the table's bill shows the
//! merge and the old bill links to it), splits two rings off, pays the rest and sees it paid;
//! in Arabic the floor reads right to left. An owner adds a station with its plan in the back
//! office (a typo named at its field), retires it off the floor, and sets the café's hours.

use reqwest::StatusCode;
use serde_json::json;

use super::kit::Browser;
use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_waiter_and_a_cashier_work_the_floor_and_a_merge_leaves_its_trail() {
    let app = TestApp::spawn(false).await.unwrap();
    let Some(b) = Browser::open(&app.base).await else {
        return;
    };
    let shop = app.shop().await;
    let table = app
        .create(
            "/api/v1/cafe/places",
            json!({"kind": "table", "area": "Hall", "name": "Table 4", "seats": 4,
                   "warehouse_id": shop.warehouse}),
        )
        .await;
    let station = app
        .create(
            "/api/v1/cafe/places",
            json!({"kind": "station", "area": "Games", "name": "PS5 #2",
                   "warehouse_id": shop.warehouse,
                   "rate_plan": {"hourly": "60.00", "step_minutes": 15}}),
        )
        .await;
    app.staff("sami", "waiter").await;
    app.staff("huda", "cashier").await;

    // The waiter seats Table 4 and serves two rings.
    b.sign_in("sami", "sami-password").await;
    b.click("#nav-cafe").await;
    b.sees(&format!("#state-{table}"), "Free").await;
    b.click(&format!("#seat-{table}")).await;
    b.find("#order-form").await;
    assert!(!b.has("#pay-form").await, "waiters take no payments");
    assert!(!b.has("#merge-form").await, "waiters merge nothing");
    let ring = format!("#order-product option[value='{}']", shop.rings);
    b.find(&ring).await.click().await.unwrap();
    b.fill("#order-qty", "2").await;
    b.click("#add-order").await;
    b.sees("#fact-total dd", "22.80 EGP").await;
    let table_bill = b.text("#title").await;
    // A station's session, started from the floor.
    b.go("/cafe").await;
    b.click(&format!("#start-{station}")).await;
    b.sees("#state", "Playing").await;
    assert!(b.has("#pause").await);
    b.click("#pause").await;
    b.sees("#state", "Paused").await;
    b.click("#resume").await;
    b.sees("#state", "Playing").await;
    assert!(!b.has("#link-form").await, "waiters do not move bills");
    b.go("/cafe").await;
    b.sees(&format!("#state-{station}"), "Playing").await;
    assert!(b.text(&format!("#place-{table}")).await.contains("22.80"));
    b.screenshot("cafe-floor").await;

    // The cashier: the session's bill, a ring on it, 5.00 by card.
    b.sign_in("huda", "huda-password").await;
    b.go("/cafe").await;
    b.click(&format!("#open-{station}")).await;
    b.click("#bill").await;
    let session_bill = b.text("#title").await;
    b.find(&ring).await.click().await.unwrap();
    b.fill("#order-qty", "1").await;
    b.click("#add-order").await;
    b.sees("#fact-total dd", "11.40 EGP").await;
    b.fill("#pay-amount", "5").await;
    b.find("#pay-method option[value='card']")
        .await
        .click()
        .await
        .unwrap();
    b.click("#pay").await;
    b.sees("#status", "Partly paid").await;
    // More than is open is refused on the page, naming what is open.
    b.fill("#pay-amount", "500").await;
    b.find("#pay-method option[value='card']")
        .await
        .click()
        .await
        .unwrap();
    b.click("#pay").await;
    b.find("#error").await;
    assert!(
        b.text("#error").await.contains("6.40"),
        "{}",
        b.text("#error").await
    );
    // The session moves to Table 4: its bill merges into the table's.
    b.go("/cafe").await;
    b.click(&format!("#open-{station}")).await;
    b.click("#link").await;
    b.sees("#fact-total dd", "34.20 EGP").await;
    b.sees("#fact-paid dd", "5.00 EGP").await;
    let notes = b.text("#notes").await;
    let old_number = session_bill.split(" · ").next().unwrap().trim().to_owned();
    assert!(
        notes.contains(&format!("[merged bill {old_number}]")),
        "{notes}"
    );
    assert!(b.text("#trail").await.contains(&old_number));
    assert_eq!(
        b.text("#title").await.split(" · ").next(),
        table_bill.split(" · ").next()
    );
    b.screenshot("cafe-bill-merged").await;
    // The session stops: its time (at least one 15-minute step at 60.00/h) joins the bill.
    b.go("/cafe").await;
    b.click(&format!("#open-{station}")).await;
    b.click("#stop").await;
    b.sees("#state", "Stopped").await;
    b.click("#bill").await;
    b.sees("#fact-total dd", "49.20 EGP").await;
    // The two rings are split off onto a bill of their own.
    let table_url = b.c.current_url().await.unwrap();
    b.click("#split-charges input").await;
    b.click("#split").await;
    b.sees("#fact-total dd", "22.80 EGP").await;
    assert!(b.text("#notes").await.contains("[split from"));
    b.c.goto(table_url.as_str()).await.unwrap();
    b.sees("#fact-total dd", "26.40 EGP").await;
    // The rest in cash: paid, and closed.
    b.fill("#pay-amount", "21.40").await;
    b.click("#pay").await;
    b.sees("#status", "Paid").await;
    assert!(
        !b.has("#order-form").await,
        "a paid bill takes nothing more"
    );

    // The old bill is kept, merged, with a link to the table's.
    let bills = app.get("/api/v1/cafe/bills").await;
    assert_eq!(bills.status, StatusCode::OK);
    let old = bills
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["number"] == old_number.as_str())
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    b.go(&format!("/cafe/bills/{old}")).await;
    b.sees("#status", "Merged").await;
    b.find("#merged-into a").await;

    // In Arabic, the floor reads right to left.
    b.language("ar").await;
    b.go("/cafe").await;
    let dir = b.find("html").await.attr("dir").await.unwrap();
    assert_eq!(dir.as_deref(), Some("rtl"));
    // The split-off bill still waits at Table 4; Table 4's tile says so.
    b.sees(&format!("#state-{table}"), "مفتوحة").await;
    app.check_is_clean().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_owner_sets_up_the_floor_and_the_cafes_hours_in_the_back_office() {
    let app = TestApp::spawn(false).await.unwrap();
    let Some(b) = Browser::open(&app.base).await else {
        return;
    };
    let shop = app.shop().await;
    app.staff("owner1", "owner").await;
    b.sign_in("owner1", "owner1-password").await;
    b.click("#nav-office").await;
    b.click("#section-places").await;
    b.click("#new").await;
    b.choose("#field-kind select", "station").await;
    b.choose("#field-warehouse select", &shop.warehouse.to_string())
        .await;
    b.fill("#field-name input", "PC 9").await;
    b.fill("#field-area input", "Games").await;
    b.fill("#field-hourly input", "4O").await;
    b.fill("#field-step_minutes input", "15").await;
    b.fill("#field-peak_from input", "18:00").await;
    b.fill("#field-peak_to input", "23:00").await;
    b.fill("#field-peak_hourly input", "60").await;
    b.click("#save").await;
    // A typo is named at its field and what was typed stays.
    b.find("#field-hourly .refusal").await;
    assert_eq!(
        b.find("#field-name input")
            .await
            .prop("value")
            .await
            .unwrap(),
        Some("PC 9".to_owned())
    );
    b.fill("#field-hourly input", "45").await;
    b.click("#save").await;
    b.find("#places tbody a").await;
    b.screenshot("office-places").await;
    let row = b.text("#places tbody").await;
    assert!(row.contains("PC 9") && row.contains("45.00 EGP"), "{row}");
    let places = app.get("/api/v1/cafe/places").await;
    let pc = &places.body[0];
    assert_eq!(
        (
            pc["rate_plan"]["peak"]["hourly"].as_str(),
            pc["rate_plan"]["step_minutes"].as_i64()
        ),
        (Some("60.00"), Some(15))
    );
    b.go("/cafe").await;
    assert!(b.text("#floor").await.contains("PC 9"));
    // Retired: off the floor, marked in the list.
    b.go("/office/places").await;
    b.click("#places tbody a").await;
    b.click("#field-retired input").await;
    b.click("#save").await;
    b.find("#places tbody a").await;
    assert!(b.text("#places tbody").await.contains("Retired"));
    b.go("/cafe").await;
    assert!(!b.text("main").await.contains("PC 9"));
    // The café's hours, after midnight.
    b.go("/office/settings/edit").await;
    b.fill("#field-cafe_opens input", "10:00").await;
    b.fill("#field-cafe_closes input", "02:00").await;
    b.click("#save").await;
    b.sees("#fact-cafe_hours dd", "10:00–02:00").await;
    app.check_is_clean().await;
}
