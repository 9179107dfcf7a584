//! The workshop in a browser: a cutter opens the cutting page from the menu, sees the reserved
//! item with the roll it comes off (the shortest that holds it), marks it cut with one tap and
//! sees it leave the queue; reserves a pending item; a second item that wants more than is free
//! is refused on the page naming what is free, and shows in the shortage list; the rolls list
//! in the back office shows what is left and the offcut. An installer moves their team's visit
//! from scheduled to completed and through a modification, never seeing another team's.

use serde_json::json;

use super::kit::Browser;
use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cutter_marks_an_item_cut_off_the_roll_the_page_names() {
    let app = TestApp::spawn(false).await.unwrap();
    let Some(b) = Browser::open(&app.base).await else {
        return;
    };
    let shop = app.shop().await;
    let velvet = app
        .create(
            "/api/v1/products",
            json!({"code": "VELVET/R", "name_en": "Velvet", "unit": "metre",
                   "sale_price": "150.00", "in_rolls": true}),
        )
        .await;
    app.create(
        "/api/v1/opening-stock",
        json!({"warehouse_id": shop.warehouse, "product_id": velvet,
               "quantity": "20.8", "unit_cost": "100.00",
               "rolls": [{"label": "R-101", "length": "12"}, {"label": "R-102", "length": "8"},
                         {"label": "R-077", "length": "0.8"}]}),
    )
    .await;
    let order = app
        .post(
            "/api/v1/workshop/cutting-orders",
            json!({"note": "Mona", "items": [
                {"product_id": velvet, "warehouse_id": shop.warehouse, "length": "7.5"},
                {"product_id": velvet, "warehouse_id": shop.warehouse, "length": "2"},
                {"product_id": velvet, "warehouse_id": shop.warehouse, "length": "12"}]}),
        )
        .await;
    let item = |i: usize| order.body["items"][i]["id"].as_i64().unwrap();
    let (first, second, third) = (item(0), item(1), item(2));
    let reserve = format!("/api/v1/workshop/cutting-items/{first}/reserve");
    assert_eq!(app.post(&reserve, json!({})).await.status, 200);
    app.staff("karim", "cutter").await;

    b.sign_in("karim", "karim-password").await;
    b.click("#nav-workshop").await;
    // 7.5 m comes off R-102 (8 m), the shortest roll that holds it.
    assert!(
        b.text(&format!("#roll-{first}")).await.contains("R-102"),
        "{}",
        b.text(&format!("#cut-item-{first}")).await
    );
    b.screenshot("workshop-cutting").await;
    b.click(&format!("#cut-{first}")).await;
    b.find("#nothing-to-cut").await;
    assert!(!b.has(&format!("#cut-item-{first}")).await);
    // The 2 m item is reserved from the page; then 12 m is more than is free (20.8 − 7.5 cut −
    // 2 reserved = 11.3 m) and the page says so.
    b.click(&format!("#reserve-{second}")).await;
    b.find(&format!("#cut-item-{second}")).await;
    b.click(&format!("#reserve-{third}")).await;
    let refusal = b.text("#error").await;
    assert!(refusal.contains("11.3"), "{refusal}");
    assert!(b.text("#shortages").await.contains("VELVET/R"));
    assert!(b.text("#shortages").await.contains("0.7"));
    // The rolls list: R-102 has 0.5 m left, an offcut now.
    b.go("/office/rolls").await;
    let rows = b.text("#rolls").await;
    assert!(rows.contains("R-102") && rows.contains("0.5"), "{rows}");
    b.go("/office/rolls?kind=offcuts").await;
    let offcuts = b.text("#rolls").await;
    assert!(
        offcuts.contains("R-077") && offcuts.contains("R-102"),
        "{offcuts}"
    );
    assert!(!offcuts.contains("R-101"), "{offcuts}");
    app.check_is_clean().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_installer_moves_their_visit_along_and_the_archive_keeps_one_record() {
    let app = TestApp::spawn(false).await.unwrap();
    let Some(b) = Browser::open(&app.base).await else {
        return;
    };
    app.staff("adel", "installer").await;
    let users = app.get("/api/v1/users").await;
    let adel = users
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "adel")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let north = app
        .create(
            "/api/v1/installation-teams",
            json!({"name": "North", "user_ids": [adel]}),
        )
        .await;
    let south = app
        .create("/api/v1/installation-teams", json!({"name": "South"}))
        .await;
    let visit = |team: i64, address: &str| {
        json!({"team_id": team, "address": address, "day": "2030-06-01", "from": "10:00",
               "to": "12:00"})
    };
    let ours = app
        .create("/api/v1/installations", visit(north, "12 Nile St"))
        .await;
    let theirs = app
        .create("/api/v1/installations", visit(south, "3 Tahrir Sq"))
        .await;

    b.sign_in("adel", "adel-password").await;
    b.click("#nav-installations").await;
    b.sees(&format!("#status-{ours}"), "Scheduled").await;
    assert!(
        !b.has(&format!("#installation-{theirs}")).await,
        "another team's visit"
    );
    b.click(&format!("#to-in_progress-{ours}")).await;
    b.sees(&format!("#status-{ours}"), "In progress").await;
    b.fill(&format!("#note-{ours}"), "hung and steamed").await;
    b.click(&format!("#to-completed-{ours}")).await;
    b.sees(&format!("#status-{ours}"), "Completed").await;
    b.click(&format!("#to-modification_required-{ours}")).await;
    b.fill(&format!("#note-{ours}"), "shortened").await;
    b.click(&format!("#to-modification_completed-{ours}")).await;
    b.sees(&format!("#status-{ours}"), "Modification completed")
        .await;
    b.screenshot("installations").await;
    let a = app.get(&format!("/api/v1/installations/{ours}")).await;
    let notes = a.body["archive"]["notes"].as_str().unwrap();
    assert_eq!(notes.lines().count(), 2, "{notes}");
    assert!(
        notes.contains("hung and steamed") && notes.contains("shortened"),
        "{notes}"
    );
    app.check_is_clean().await;
}
