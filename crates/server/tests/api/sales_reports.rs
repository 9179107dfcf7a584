//! The sales reports and the old system's tools over HTTP: DOMAIN §4's income statement
//! (revenue 100,000, COGS 60,000, gross profit 40,000, 40%) comes out of the gross profit
//! report by month and by product; sales by product, cashier and payment method add up to the
//! same total; a sale's trace shows what it wrote with the verdict `ok`; COGS covers 100% of
//! what was sold and reconciles; a period that ends before it starts is refused.

use reqwest::StatusCode;
use serde_json::{Value, json};

fn row<'a>(report: &'a Value, key: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no row {key}: {report}"))
}

api_test!(
    the_gross_profit_report_reproduces_domain_s_income_statement,
    |app| {
        let shop = app.shop().await;
        let bolts = app
            .create(
                "/api/v1/products",
                json!({"code": "BOLT", "name_en": "Bolt of cloth", "unit": "piece",
                       "sale_price": "1000.00"}),
            )
            .await;
        app.create(
            "/api/v1/opening-stock",
            json!({"warehouse_id": shop.warehouse, "product_id": bolts, "quantity": "100",
                   "unit_cost": "600.00"}),
        )
        .await;
        // 100 bolts at 1,000.00 on credit: revenue 100,000.00, cost 60,000.00.
        let sale = app
            .create(
                "/api/v1/sales",
                json!({"payment": {"method": "credit", "customer_id": shop.customer},
                       "lines": [{"product_id": bolts, "warehouse_id": shop.warehouse,
                                  "quantity": "100"}]}),
            )
            .await;

        let by_month = app.get("/api/v1/reports/gross-profit?by=month").await;
        assert_eq!(by_month.status, StatusCode::OK, "{}", by_month.body);
        let month = &by_month.body["rows"][0];
        assert_eq!(by_month.body["rows"].as_array().unwrap().len(), 1);
        assert_eq!(month["revenue"], "100000.00");
        assert_eq!(month["cost"], "60000.00");
        assert_eq!(month["gross_profit"], "40000.00");
        assert_eq!(month["margin"], "40.00");
        assert_eq!(by_month.body["total"]["gross_profit"], "40000.00");
        let from = by_month.body["from"].as_str().unwrap().to_owned();
        assert_eq!(month["key"].as_str().unwrap(), &from[..7]);
        let by_product = app.get("/api/v1/reports/gross-profit?by=product").await;
        let bolt = row(&by_product.body, "BOLT");
        assert_eq!(
            (&bolt["revenue"], &bolt["margin"], &bolt["name"]),
            (
                &json!("100000.00"),
                &json!("40.00"),
                &json!("Bolt of cloth")
            )
        );

        // A cash sale of 2 rings at 10.00 (14% VAT, cost 7.00 each) by the owner.
        app.create(
            "/api/v1/sales",
            json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                   "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse,
                              "quantity": "2"}]}),
        )
        .await;
        let products = app.get("/api/v1/reports/sales?by=product").await;
        assert_eq!(products.status, StatusCode::OK, "{}", products.body);
        let rings = row(&products.body, "RING-28");
        assert_eq!(rings["quantity"], "2.000");
        assert_eq!(rings["net_amount"], "20.00");
        assert_eq!(rings["vat_amount"], "2.80");
        assert_eq!(rings["cost_amount"], "14.00");
        assert_eq!(rings["gross_profit"], "6.00");
        assert_eq!(rings["margin"], "30.00");
        assert_eq!(products.body["total"]["total_amount"], "100022.80");
        let methods = app.get("/api/v1/reports/sales?by=payment_method").await;
        assert_eq!(row(&methods.body, "credit")["total_amount"], "100000.00");
        assert_eq!(row(&methods.body, "cash")["total_amount"], "22.80");
        assert_eq!(row(&methods.body, "cash")["net_amount"], Value::Null);
        assert_eq!(methods.body["total"]["total_amount"], "100022.80");
        let cashiers = app.get("/api/v1/reports/sales?by=cashier").await;
        assert_eq!(row(&cashiers.body, "owner")["sales_count"], 2);
        assert_eq!(cashiers.body["total"]["gross_profit"], "40006.00");

        // The sale's trace: its line's cost, its entry, its stock move, and the verdict.
        let trace = app.get(&format!("/api/v1/sales/{sale}/trace")).await;
        assert_eq!(trace.status, StatusCode::OK, "{}", trace.body);
        assert_eq!(trace.body["ok"], true, "{}", trace.body);
        assert_eq!(trace.body["problems"], json!([]));
        assert_eq!(trace.body["lines"][0]["cost_amount"], "60000.00");
        assert_eq!(trace.body["margin"], "40.00");
        assert_eq!(
            trace.body["entries"][0]["lines"].as_array().unwrap().len(),
            4
        );
        assert_eq!(trace.body["stock_moves"][0]["value"], "-60000.00");
        let none = app.get("/api/v1/sales/999999/trace").await;
        assert_eq!(none.status, StatusCode::NOT_FOUND);

        let coverage = app.get("/api/v1/cogs/coverage").await;
        assert_eq!(coverage.status, StatusCode::OK, "{}", coverage.body);
        assert_eq!(coverage.body["sales"], 2);
        assert_eq!(coverage.body["sales_with_cogs"], 2);
        assert_eq!(coverage.body["quantity_coverage"], "100.00");
        assert_eq!(coverage.body["missing"], json!([]));
        let reconcile = app.get("/api/v1/cogs/reconcile").await;
        assert_eq!(reconcile.body["ok"], true, "{}", reconcile.body);
        assert_eq!(reconcile.body["journal"], "60014.00");
        assert_eq!(reconcile.body["lines"], "60014.00");
        assert_eq!(reconcile.body["stock"], "60014.00");
        assert_eq!(reconcile.body["documents"], json!([]));

        let backwards = app
            .get("/api/v1/reports/sales?by=product&from=2026-02-02&to=2026-02-01")
            .await;
        assert_eq!(
            (backwards.status, backwards.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field"),
            "{}",
            backwards.body
        );
        let bad = app
            .get("/api/v1/reports/gross-profit?by=month&from=2026-02-30")
            .await;
        assert_eq!(bad.code(), "invalid_field");
        let empty = app
            .get("/api/v1/reports/gross-profit?by=month&from=2001-01-01&to=2001-03-31")
            .await;
        assert_eq!(empty.body["rows"].as_array().unwrap().len(), 3);
        assert_eq!(empty.body["rows"][2]["key"], "2001-03");
        assert_eq!(empty.body["rows"][2]["margin"], Value::Null);
        app.check_is_clean().await;
    }
);
