//! The old system's tools, run as its users ran them: `check sale`, `cogs coverage` and
//! `cogs reconcile` prove the demo books and name a sale broken behind the store's back;
//! `report gross-profit` and `report sales` agree with the sale lines.

use super::{mizan, text};

/// `12345` minor units of EGP as the reports print them: `123.45`.
fn egp(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", minor.abs() / 100, minor.abs() % 100)
}

#[test]
fn the_old_systems_tools_prove_the_demo_books_and_name_a_broken_sale() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(mizan(&db, &["demo"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (id, number, day): (i64, String, i64) = conn
        .query_row(
            "SELECT id, number, business_day FROM sales WHERE status = 'posted' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let date = format!("{}-{:02}-{:02}", day / 10_000, day / 100 % 100, day % 100);
    let (year, month) = ((day / 10_000).to_string(), (day / 100 % 100).to_string());

    let check = mizan(&db, &["check", "sale", &number]);
    assert!(check.status.success(), "{}", text(&check));
    let out = text(&check);
    assert!(
        out.contains("verdict: ok") && out.contains("entry "),
        "{out}"
    );
    let json = mizan(&db, &["check", "sale", &number, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["sale"]["number"], number.as_str());

    let period = ["--from", date.as_str(), "--to", date.as_str()];
    let coverage = mizan(
        &db,
        &[&["cogs", "coverage", "--json"][..], &period].concat(),
    );
    assert!(coverage.status.success(), "{}", text(&coverage));
    let c: serde_json::Value = serde_json::from_slice(&coverage.stdout).unwrap();
    assert_eq!(c["quantity_coverage"], "100.00", "{c}");
    assert_eq!(c["missing"], serde_json::json!([]));
    let reconcile = mizan(&db, &[&["cogs", "reconcile"][..], &period].concat());
    assert!(reconcile.status.success(), "{}", text(&reconcile));
    assert!(text(&reconcile).contains("COGS agrees three ways"));

    // The month's gross profit, as the lines say (sales less returns), in pounds.
    let (net, cost): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT COALESCE(SUM(l.net), 0) FROM sale_lines l JOIN sales s ON s.id = l.sale_id
                     WHERE s.status = 'posted' AND s.business_day / 100 = ?1)
                  - (SELECT COALESCE(SUM(rl.net), 0) FROM sale_return_lines rl JOIN sale_returns r ON r.id = rl.return_id
                     WHERE r.business_day / 100 = ?1),
                    (SELECT COALESCE(SUM(l.cost), 0) FROM sale_lines l JOIN sales s ON s.id = l.sale_id
                     WHERE s.status = 'posted' AND s.business_day / 100 = ?1)
                  - (SELECT COALESCE(SUM(rl.cost), 0) FROM sale_return_lines rl JOIN sale_returns r ON r.id = rl.return_id
                     WHERE r.business_day / 100 = ?1)",
            [day / 100],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(net > 0 && cost > 0);
    let gp = ["report", "gross-profit", "--month", &month, "--year", &year];
    let table = mizan(&db, &gp);
    assert!(table.status.success(), "{}", text(&table));
    let out = text(&table);
    assert!(
        out.contains("Gross profit by month") && out.contains("(EGP)"),
        "{out}"
    );
    assert!(out.contains(&egp(net - cost)), "{out}");
    let csv = mizan(&db, &[&gp[..], &["--csv"]].concat());
    let csv = String::from_utf8_lossy(&csv.stdout).into_owned();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("month,name,revenue,cost,gross profit,margin %")
    );
    let first = format!(
        "{}-{:02},,{},{},{},",
        day / 10_000,
        day / 100 % 100,
        egp(net),
        egp(cost),
        egp(net - cost)
    );
    assert!(lines.next().unwrap().starts_with(&first), "{csv}");
    let json = mizan(&db, &[&gp[..], &["--json"]].concat());
    let g: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(g["total"]["gross_profit"], egp(net - cost).as_str());
    let sales = mizan(
        &db,
        &[
            &["report", "sales", "--by", "payment-method", "--csv"][..],
            &period,
        ]
        .concat(),
    );
    assert!(sales.status.success(), "{}", text(&sales));
    assert!(
        String::from_utf8_lossy(&sales.stdout).starts_with("payment_method,name,sales,"),
        "{}",
        text(&sales)
    );

    // A sale whose COGS line was lost: each tool names it and exits non-zero.
    conn.execute(
        "UPDATE journal_lines SET amount = 0
         WHERE entry_id = (SELECT id FROM journal_entries WHERE doc_kind = 'sale' AND doc_id = ?1)
           AND account_id = (SELECT id FROM accounts WHERE role = 'cogs')",
        [id],
    )
    .unwrap();
    let check = mizan(&db, &["check", "sale", &number]);
    assert!(!check.status.success());
    let out = text(&check);
    assert!(
        out.contains("cogs_vs_line_costs") && out.contains("entry_unbalanced"),
        "{out}"
    );
    let reconcile = mizan(&db, &[&["cogs", "reconcile"][..], &period].concat());
    assert!(!reconcile.status.success());
    let out = text(&reconcile);
    assert!(
        out.contains(&number) && out.contains("journal_vs_lines"),
        "{out}"
    );
    let coverage = mizan(&db, &[&["cogs", "coverage"][..], &period].concat());
    assert!(!coverage.status.success());
    assert!(text(&coverage).contains(&number), "{}", text(&coverage));
}
