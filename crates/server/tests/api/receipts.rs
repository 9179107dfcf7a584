//! Receipts keep their time and labels their price: a reprinted sale or return receipt shows
//! the local time it happened after the tenant's UTC offset moved, and a scale label with an
//! embedded price sells at exactly that price (10.01 is 10.01, not 10.00).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::TestApp;

async fn set(app: &TestApp, settings: Value) {
    let a = app
        .send(
            reqwest::Method::PATCH,
            "/api/v1/settings",
            Some(&app.token),
            None,
            Some(settings.to_string()),
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
}

/// `YYYY-MM-DD HH:MM` of an RFC 3339 moment in UTC.
fn utc_minute(moment: &Value) -> String {
    let m = moment.as_str().unwrap();
    format!("{} {}", &m[..10], &m[11..16])
}

api_test!(
    a_reprinted_receipt_shows_the_local_time_it_was_printed_with_after_the_offset_moves,
    |app| {
        let shop = app.shop().await;
        let ring =
            json!([{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]);
        let sell = || {
            let app = &app;
            let ring = ring.clone();
            async move {
                let a = app
                    .post(
                        "/api/v1/sales",
                        json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                               "lines": ring}),
                    )
                    .await;
                assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
                a.body
            }
        };
        // At UTC the receipt prints the moment it posted; three hours east it prints that
        // plus three hours (another hour, or the next day).
        let at_utc = sell().await;
        let utc_receipt = format!("/api/v1/sales/{}/receipt", at_utc["id"]);
        assert_eq!(
            app.get(&utc_receipt).await.body["date"],
            json!(utc_minute(&at_utc["posted_at"]))
        );
        set(&app, json!({"utc_offset_minutes": 180})).await;
        let east = sell().await;
        let east_receipt = format!("/api/v1/sales/{}/receipt", east["id"]);
        let printed = app.get(&east_receipt).await.body["date"].clone();
        assert_ne!(printed, json!(utc_minute(&east["posted_at"])));
        let taken = app
            .create(
                &format!("/api/v1/sales/{}/returns", east["id"]),
                json!({"lines": [{"line": 0, "quantity": "1"}], "warehouse_id": shop.warehouse,
                       "refund": {"method": "card"}, "reason": "wrong size"}),
            )
            .await;
        let return_receipt = format!("/api/v1/returns/{taken}/receipt");
        let returned = app.get(&return_receipt).await;
        assert_eq!(returned.status, StatusCode::OK, "{}", returned.body);
        assert_eq!(returned.body["number"].as_str().unwrap()[..4], *"RET-");
        assert_eq!(returned.body["sale_number"], east["number"]);
        assert_eq!(returned.body["reason"], "wrong size");
        assert_eq!(returned.body["refund_method"], "card");
        assert_eq!(returned.body["total_amount"], "11.40");
        assert_eq!(returned.body["lines"][0]["code"], "RING-28");
        assert_eq!(returned.body["taxes"][0]["vat_amount"], "1.40");
        assert_eq!(returned.body["voids_sale"], json!(false));
        let returned_at = returned.body["date"].clone();
        assert_ne!(returned_at, json!(null));

        // The offset moves (the shop's clocks change): every reprint keeps its own time.
        set(&app, json!({"utc_offset_minutes": -300})).await;
        assert_eq!(
            app.get(&utc_receipt).await.body["date"],
            json!(utc_minute(&at_utc["posted_at"]))
        );
        assert_eq!(app.get(&east_receipt).await.body["date"], printed);
        assert_eq!(app.get(&return_receipt).await.body["date"], returned_at);
        // A sale posted now prints the new offset's time.
        let west = sell().await;
        let west_printed = app
            .get(&format!("/api/v1/sales/{}/receipt", west["id"]))
            .await
            .body["date"]
            .clone();
        assert_ne!(west_printed, json!(utc_minute(&west["posted_at"])));
        app.check_is_clean().await;
    }
);

api_test!(a_price_label_sells_at_exactly_its_price, |app| {
    let shop = app.shop().await;
    let sara = app.staff("sara", "cashier").await;
    set(&app, json!({"scale_barcodes": ["22PPPPP$$$$$C"]})).await;
    // Cheese at 100.00 a kg, 14% VAT: a label of 10.01 weighs 0.100 kg, and 0.100 kg at
    // 100.00 is 10.00, a minor unit short of what the label says.
    let cheese = app
        .create(
            "/api/v1/products",
            json!({"code": "CHEESE", "name_en": "White cheese", "unit": "kg", "plu": "54321",
                       "sale_price": "100.00", "vat_rate": "14"}),
        )
        .await;
    app.create(
        "/api/v1/opening-stock",
        json!({"warehouse_id": shop.warehouse, "product_id": cheese, "quantity": "5",
                   "unit_cost": "60.00"}),
    )
    .await;
    let label = "2254321010011";
    let read = app
        .get_as(&sara, &format!("/api/v1/products/lookup?code={label}"))
        .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(
        (read.body["quantity"].clone(), read.body["amount"].clone()),
        (json!("0.100"), json!("10.01"))
    );
    let line = |label_amount: &str| {
        json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                   "lines": [{"product_id": cheese, "warehouse_id": shop.warehouse,
                              "quantity": read.body["quantity"], "label_amount": label_amount}]})
    };
    // The cashier sells the label at its price: net 10.01, VAT 1.40, total 11.41.
    let sold = app.post_as(&sara, "/api/v1/sales", line("10.01")).await;
    assert_eq!(sold.status, StatusCode::CREATED, "{}", sold.body);
    let l = &sold.body["lines"][0];
    assert_eq!(
        (
            l["net_amount"].clone(),
            l["vat_amount"].clone(),
            l["label_amount"].clone(),
            l["quantity"].clone(),
            l["cost_amount"].clone()
        ),
        (
            json!("10.01"),
            json!("1.40"),
            json!("10.01"),
            json!("0.100"),
            json!("6.00")
        )
    );
    assert_eq!(sold.body["total_amount"], "11.41");
    let receipt = app
        .get_as(&sara, &format!("/api/v1/sales/{}/receipt", sold.body["id"]))
        .await;
    assert_eq!(receipt.body["lines"][0]["net_amount"], "10.01");
    assert_eq!(receipt.body["total_amount"], "11.41");
    // A label amount the quantity is not worth is another price: not for a cashier.
    let other = app.post_as(&sara, "/api/v1/sales", line("9.00")).await;
    assert_eq!(
        (other.status, other.code()),
        (StatusCode::FORBIDDEN, "forbidden"),
        "{}",
        other.body
    );
    // A parked label line keeps its amount until it is completed.
    let mut parked = line("10.01");
    parked["post"] = json!(false);
    parked["cash_register_id"] = json!(shop.register);
    parked.as_object_mut().unwrap().remove("payment");
    let draft = app.post_as(&sara, "/api/v1/sales", parked).await;
    assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
    let done = app
        .post_as(
            &sara,
            &format!("/api/v1/sales/{}/complete", draft.body["id"]),
            json!({"payments": [{"payment_method": "cash", "amount": "11.41"}]}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(done.body["lines"][0]["net_amount"], "10.01");
    // Returned whole, the line gives back exactly what it sold at.
    let back = app
        .create(
            &format!("/api/v1/sales/{}/returns", sold.body["id"]),
            json!({"lines": [{"line": 0, "quantity": "0.100"}], "warehouse_id": shop.warehouse,
                       "refund": {"method": "card"}, "reason": "spoilt"}),
        )
        .await;
    let back = app.get(&format!("/api/v1/returns/{back}")).await;
    assert_eq!(back.body["total_amount"], "11.41");
    app.check_is_clean().await;
});
