//! The reports in a browser: an accountant opens the index, reads the trial balance (debits =
//! credits) and the balance sheet, sees the day's sales charted with one bar per payment
//! method, downloads CSVs whose totals are the API's, prints a report on A4, and reads the
//! chart right to left in Arabic; sales by product and by cashier total as the API, and their
//! XLSX holds the same numbers; a cashier sees no reports.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::kit::Browser;
use crate::support::TestApp;

async fn open() -> Option<(TestApp, Browser)> {
    let app = TestApp::spawn(false).await.unwrap();
    let b = Browser::open(&app.base).await?;
    Some((app, b))
}

/// Two sales today: 2 m of fabric by card, 5 rings in cash.
async fn a_day_of_sales(app: &TestApp) {
    let shop = app.shop().await;
    for (method, product, qty) in [("card", shop.fabric, "2"), ("cash", shop.rings, "5")] {
        let sale = app
            .post(
                "/api/v1/sales",
                json!({"cash_register_id": shop.register, "payment_method": method,
                       "lines": [{"product_id": product, "warehouse_id": shop.warehouse, "quantity": qty}]}),
            )
            .await;
        assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
    }
}

/// The page's CSV fetched by the browser with its session: (content type, disposition,
/// the rows split into fields; no field here holds a comma).
async fn csv(b: &Browser) -> (String, String, Vec<Vec<String>>) {
    let got =
        b.c.execute(
            "return fetch(document.getElementById('csv').href).then(r => r.text().then(t => \
             [r.headers.get('content-type'), r.headers.get('content-disposition'), t]))",
            vec![],
        )
        .await
        .unwrap();
    let part = |i: usize| got[i].as_str().unwrap_or_default().to_owned();
    let text = part(2);
    let rows = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    (part(0), part(1), rows)
}

/// The page's XLSX fetched by the browser with its session: (content type, disposition, the
/// first sheet's cells).
async fn xlsx(b: &Browser) -> (String, String, calamine::Range<calamine::Data>) {
    use calamine::Reader;
    let got =
        b.c.execute(
            "return fetch(document.getElementById('xlsx').href).then(r => r.arrayBuffer().then(\
             b => [r.headers.get('content-type'), r.headers.get('content-disposition'), \
             Array.from(new Uint8Array(b))]))",
            vec![],
        )
        .await
        .unwrap();
    let part = |i: usize| got[i].as_str().unwrap_or_default().to_owned();
    let bytes: Vec<u8> = got[2]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| u8::try_from(v.as_u64().unwrap()).unwrap())
        .collect();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    (part(0), part(1), sheet)
}

fn money(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_accountant_reads_every_report_and_its_csv_agrees_with_the_api() {
    let Some((app, b)) = open().await else {
        return;
    };
    a_day_of_sales(&app).await;
    app.staff("acc1", "accountant").await;
    b.sign_in("acc1", "acc1-password").await;
    b.click("#open-reports").await;
    for id in [
        "daily-sales",
        "profit-and-loss",
        "gross-profit",
        "trial-balance",
        "balance-sheet",
        "stock-valuation",
        "aging",
    ] {
        assert!(
            b.has(&format!("#report-{id}")).await,
            "{id} is on the index"
        );
    }
    b.screenshot("reports-index").await;

    // The trial balance: debits = credits, and its CSV's totals are the API's.
    b.click("#report-trial-balance").await;
    let api = app.get("/api/v1/reports/trial-balance").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let total = "#tb tbody tr.total td.num";
    let totals = b.c.find_all(fantoccini::Locator::Css(total)).await.unwrap();
    let (debit, credit) = (
        totals[0].text().await.unwrap(),
        totals[1].text().await.unwrap(),
    );
    assert_eq!(debit, credit, "debits = credits");
    assert_eq!(
        debit,
        format!("{} EGP", group(&money(&api.body["total_debit"])))
    );
    assert!(b.has("#balanced.ok").await);
    let (kind, disposition, rows) = csv(&b).await;
    assert_eq!(kind, "text/csv; charset=utf-8");
    assert!(
        disposition.starts_with("attachment; filename=\"trial-balance-"),
        "{disposition}"
    );
    assert_eq!(rows[0], ["Code", "Account", "Debit", "Credit", "Balance"]);
    let last = rows.last().unwrap();
    assert_eq!(last[1], "Total");
    assert_eq!(last[2], money(&api.body["total_debit"]));
    assert_eq!(last[3], money(&api.body["total_credit"]));
    b.screenshot("reports-trial-balance").await;
    let pdf = b.print("reports-trial-balance-a4", 21.0).await;
    assert!(pdf.starts_with(b"%PDF"));

    // The balance sheet balances.
    b.go("/reports/balance-sheet").await;
    assert!(b.has("#balanced.ok").await);
    let api = app.get("/api/v1/reports/balance-sheet").await;
    let (_, _, rows) = csv(&b).await;
    let assets = rows
        .iter()
        .find(|r| r.get(1).map(String::as_str) == Some("Total assets"));
    assert_eq!(
        assets.unwrap()[2],
        money(&api.body["total_assets"]),
        "{rows:?}"
    );
    b.screenshot("reports-balance-sheet").await;

    // The day's sales: one bar per payment method used (card, cash), the CSV as the API.
    b.go("/reports/daily-sales").await;
    let bars =
        b.c.execute(
            "return document.querySelectorAll('#chart-by-method svg rect').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(bars, json!(2));
    let api = app.get("/api/v1/reports/daily-sales").await;
    let day = &api.body[0];
    let (_, _, rows) = csv(&b).await;
    let field = |label: &str| {
        rows.iter()
            .find(|r| r[0] == label)
            .map(|r| r[1].clone())
            .unwrap_or_default()
    };
    assert_eq!(field("Card"), money(&day["payments_by_method"]["card"]));
    assert_eq!(field("Cash"), money(&day["payments_by_method"]["cash"]));
    assert_eq!(field("Sales total"), money(&day["total_amount"]));
    b.screenshot("reports-daily-sales").await;

    // Gross profit by month: its total as the API's.
    b.go("/reports/gross-profit").await;
    b.find("#chart-by-month svg").await;
    let api = app.get("/api/v1/reports/gross-profit?by=month").await;
    let (_, _, rows) = csv(&b).await;
    let last = rows.last().unwrap();
    assert_eq!(
        last[4],
        money(&api.body["total"]["gross_profit"]),
        "{rows:?}"
    );
    b.screenshot("reports-gross-profit").await;

    // Stock valuation agrees with the inventory account; aging opens.
    b.go("/reports/stock-valuation").await;
    assert!(b.has("#balanced.ok").await);
    assert!(b.text("#stock").await.contains("Koya"));
    b.screenshot("reports-stock-valuation").await;
    b.go("/reports/aging?of=suppliers").await;
    b.find("#aging-table").await;

    // In Arabic the chart runs right to left, its amounts left to right.
    b.go("/reports/daily-sales").await;
    b.language("ar").await;
    let dir =
        b.c.execute(
            "const s = document.querySelector('#chart-by-method svg'); \
             const r = s.querySelectorAll('rect'); \
             return [s.getAttribute('direction'), \
                     +r[0].getAttribute('x') > +r[1].getAttribute('x'), \
                     s.querySelector('text.value').getAttribute('direction')]",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(dir, json!(["rtl", true, "ltr"]));
    assert_eq!(b.text("h1").await, "المبيعات اليومية");
    b.screenshot("reports-daily-sales-arabic").await;
    b.go("/reports/trial-balance").await;
    b.screenshot("reports-trial-balance-arabic").await;
}

/// `1234.50` as the page groups it: `1,234.50`.
fn group(plain: &str) -> String {
    let (whole, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let mut out = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if frac.is_empty() {
        out
    } else {
        format!("{out}.{frac}")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cashier_neither_sees_nor_opens_the_reports() {
    let Some((app, b)) = open().await else {
        return;
    };
    app.staff("cash1", "cashier").await;
    b.sign_in("cash1", "cash1-password").await;
    assert!(!b.has("#open-reports").await && !b.has("#nav-reports").await);
    for path in [
        "/reports",
        "/reports/trial-balance",
        "/reports/daily-sales?format=csv",
    ] {
        b.go(path).await;
        assert_eq!(b.text("h1").await, "Not allowed", "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sales_by_product_and_by_cashier_total_as_the_api_and_their_xlsx_holds_numbers() {
    use calamine::Data;
    let Some((app, b)) = open().await else {
        return;
    };
    a_day_of_sales(&app).await;
    app.staff("acc1", "accountant").await;
    b.sign_in("acc1", "acc1-password").await;
    b.go("/reports").await;
    assert!(b.has("#report-sales-by-cashier").await);
    b.click("#report-sales-by-product").await;
    let api = app.get("/api/v1/reports/sales?by=product").await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let total = &api.body["total"];

    // The totals row: net, VAT, total, cost, gross profit (as the page writes them), margin.
    let cells =
        b.c.find_all(fantoccini::Locator::Css("#sales tbody tr.total td.num"))
            .await
            .unwrap();
    let mut shown = Vec::new();
    for cell in &cells {
        shown.push(cell.text().await.unwrap());
    }
    let expected: Vec<String> = [
        "net_amount",
        "vat_amount",
        "total_amount",
        "cost_amount",
        "gross_profit",
    ]
    .iter()
    .map(|k| format!("{} EGP", group(&money(&total[*k]))))
    .chain([format!("{}%", money(&total["margin"]))])
    .collect();
    assert_eq!(shown, expected, "{}", api.body);
    assert!(b.text("#sales").await.contains("Koya"));
    let bars =
        b.c.execute(
            "return document.querySelectorAll('#chart-top-products svg rect').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(bars, json!(2));
    b.screenshot("reports-sales-by-product").await;

    // Its XLSX: amounts are numbers, the total's net the API's; the name is text.
    let (kind, disposition, sheet) = xlsx(&b).await;
    assert_eq!(
        kind,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        disposition.starts_with("attachment; filename=\"sales-by-product-")
            && disposition.ends_with(".xlsx\""),
        "{disposition}"
    );
    assert_eq!(
        sheet.get_value((0, 1)),
        Some(&Data::String("Product".into()))
    );
    let last = sheet.height() - 1;
    let at = |c: usize| sheet.get((last, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(1), Data::String("Total".into()));
    let number = |k: &str| Data::Float(money(&total[k]).parse().unwrap());
    assert_eq!(at(3), number("net_amount"));
    assert_eq!(at(5), number("total_amount"));
    assert_eq!(at(7), number("gross_profit"));

    // By cashier: the owner sold both, the totals as the API's.
    b.go("/reports/sales-by-cashier").await;
    let api = app.get("/api/v1/reports/sales?by=cashier").await;
    let row = b.text("#sales tbody tr.total").await;
    assert!(
        row.contains(&group(&money(&api.body["total"]["total_amount"]))),
        "{row} {}",
        api.body
    );
    assert!(b.text("#sales").await.contains("owner"));

    // In Arabic the product's Arabic name, and the sheet's cells the same numbers.
    b.go("/reports/sales-by-product").await;
    b.language("ar").await;
    assert!(b.text("#sales").await.contains("كويا"));
    let (_, _, sheet) = xlsx(&b).await;
    let last = sheet.height() - 1;
    assert_eq!(sheet.get((last, 3)).cloned(), Some(number("net_amount")));
    b.screenshot("reports-sales-by-product-arabic").await;
}
