//! The `mizan` binary, run as an operator runs it: demo data, `check`, journal exports that
//! hledger and bean-check accept with the same balances, tenants, the posting benchmark, and a
//! token revoked by the CLI refused by two running servers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn mizan(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mizan"))
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display()))
        .args(args)
        .env_remove("MIZAN_DATABASE_URL")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A tool the test needs, or `None` (skipped locally, refused under CI).
fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var("CI").is_err(),
            "{name} must be installed under CI"
        );
        eprintln!("skipping: {name} is not installed");
    }
    found
}

/// Mizan's own balances, `code -> minor units`, read with `mizan` itself.
fn mizan_balances(db: &Path) -> BTreeMap<String, i64> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut q = conn
        .prepare("SELECT a.code, COALESCE(SUM(l.amount), 0) FROM accounts a JOIN journal_lines l ON l.account_id = a.id GROUP BY a.code")
        .unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// "12.34" -> 1234 (two decimals, EGP).
fn minor(amount: &str) -> i64 {
    let s = amount.trim().replace(',', "");
    let negative = s.starts_with('-');
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let (int, frac) = match s.split_once('.') {
        Some((_, f)) => (
            digits[..digits.len() - f.len()].to_owned(),
            format!("{f:0<2}"),
        ),
        None => (digits, "00".to_owned()),
    };
    let v: i64 = format!("{int}{}", &frac[..2]).parse().unwrap();
    if negative { -v } else { v }
}

#[test]
fn the_demo_books_are_consistent_and_export_to_hledger_with_equal_balances() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let demo = mizan(&db, &["demo"]);
    assert!(demo.status.success(), "{}", text(&demo));
    assert!(text(&demo).contains("API token: mzn_"), "{}", text(&demo));
    let check = mizan(&db, &["check"]);
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("books consistent"));
    let costs = mizan(&db, &["products", "without-cost", "--json"]);
    assert!(costs.status.success(), "{}", text(&costs));
    assert_eq!(text(&costs).trim(), "[]", "every demo product has a cost");

    let file = dir.path().join("journal.hledger");
    let export = mizan(
        &db,
        &[
            "export",
            "journal",
            "--format",
            "hledger",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(export.status.success(), "{}", text(&export));
    let Some(hledger) = tool("hledger") else {
        return;
    };
    let checked = Command::new(&hledger)
        .args([
            "-f",
            file.to_str().unwrap(),
            "check",
            "accounts",
            "commodities",
        ])
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "hledger check: {}",
        text(&checked)
    );
    let bal = Command::new(&hledger)
        .args([
            "-f",
            file.to_str().unwrap(),
            "balance",
            "--flat",
            "--no-total",
            "-O",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(bal.status.success(), "{}", text(&bal));
    let mut theirs = BTreeMap::new();
    for line in String::from_utf8_lossy(&bal.stdout).lines().skip(1) {
        let cols: Vec<&str> = line.split("\",\"").map(|c| c.trim_matches('"')).collect();
        let code = cols[0]
            .split(':')
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .to_owned();
        theirs.insert(code, minor(cols[1].trim_end_matches(" EGP")));
    }
    let ours: BTreeMap<String, i64> = mizan_balances(&db)
        .into_iter()
        .filter(|(_, v)| *v != 0)
        .collect();
    assert_eq!(theirs, ours);
}

#[test]
fn the_beancount_export_passes_bean_check_with_equal_balances() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(mizan(&db, &["demo"]).status.success());
    let file = dir.path().join("journal.beancount");
    let export = mizan(
        &db,
        &[
            "export",
            "journal",
            "--format",
            "beancount",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(export.status.success(), "{}", text(&export));
    let Some(bean_check) = tool("bean-check") else {
        return;
    };
    let checked = Command::new(bean_check).arg(&file).output().unwrap();
    assert!(checked.status.success(), "bean-check: {}", text(&checked));
    // Sum the postings per account code (each `open` carries the Mizan code as metadata).
    let script = "import sys, collections\n\
        from beancount import loader\n\
        from beancount.core import data\n\
        entries, errors, _ = loader.load_file(sys.argv[1])\n\
        assert not errors, errors\n\
        codes = {e.account: e.meta['code'] for e in entries if isinstance(e, data.Open)}\n\
        sums = collections.defaultdict(int)\n\
        for e in entries:\n\
        \x20   if isinstance(e, data.Transaction):\n\
        \x20       for p in e.postings:\n\
        \x20           sums[codes[p.account]] += int(p.units.number * 100)\n\
        for k, v in sorted(sums.items()):\n\
        \x20   print(k, v)\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let theirs: BTreeMap<String, i64> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(' ').unwrap();
            (k.to_owned(), v.parse().unwrap())
        })
        .filter(|(_, v)| *v != 0)
        .collect();
    let ours: BTreeMap<String, i64> = mizan_balances(&db)
        .into_iter()
        .filter(|(_, v)| *v != 0)
        .collect();
    assert_eq!(theirs, ours);
}

#[test]
fn check_exits_non_zero_naming_the_offending_document_and_balance() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(mizan(&db, &["demo"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE journal_lines SET amount = amount + 1
           WHERE entry_id = (SELECT id FROM journal_entries WHERE number = 'INV-2026-000002' OR doc_kind = 'sale' ORDER BY id LIMIT 1) AND line_no = 0;
         UPDATE stock_levels SET value = value - 5 WHERE product_id = (SELECT MIN(product_id) FROM stock_levels);",
    )
    .unwrap();
    let check = mizan(&db, &["check"]);
    assert!(!check.status.success());
    let out = text(&check);
    assert!(out.contains("unbalanced_entry: INV-"), "{out}");
    assert!(out.contains("stock_ledger_value"), "{out}");
    assert!(out.contains("inventory_account_vs_stock_value"), "{out}");
    let json = mizan(&db, &["check", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], false);
}

#[test]
fn a_tenant_is_created_with_a_token_and_a_bad_currency_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let ok = mizan(
        &db,
        &["tenant", "create", "--name", "Kiosk", "--currency", "UZS"],
    );
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(text(&ok).contains("owner API token (shown once): mzn_"));
    let bad = mizan(
        &db,
        &["tenant", "create", "--name", "Kiosk", "--currency", "XYZ"],
    );
    assert!(!bad.status.success());
    assert!(text(&bad).contains("currency"), "{}", text(&bad));
    let list = mizan(&db, &["tenant", "list"]);
    assert!(text(&list).contains("UZS\tKiosk"));
}

#[test]
fn the_posting_benchmark_reports_json_and_checks_the_books() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mizan"))
        .args([
            "bench",
            "posting",
            "--sales",
            "300",
            "--lines",
            "5",
            "--clients",
            "8",
            "--products",
            "20",
            "--json",
        ])
        .env_remove("MIZAN_DATABASE_URL")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["check_ok"], true);
    assert_eq!(r["sales"], 300);
    assert!(r["postings_per_sec"].as_f64().unwrap() > 0.0);
    assert!(r["p99_ms"].as_f64().unwrap() >= r["p50_ms"].as_f64().unwrap());
}

#[test]
fn rebuild_daily_sales_repairs_a_damaged_report_that_check_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(mizan(&db, &["demo"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let kept: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT day, sales_count, total FROM daily_sales ORDER BY branch_id, day")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        kept.iter().map(|k| k.1).sum::<i64>(),
        3,
        "the demo's three sales"
    );
    conn.execute_batch("UPDATE daily_sales SET total = total * 2, sales_count = 0")
        .unwrap();
    let check = mizan(&db, &["check"]);
    assert!(!check.status.success());
    assert!(
        text(&check).contains("daily_sales_vs_postings"),
        "{}",
        text(&check)
    );
    let rebuild = mizan(&db, &["rebuild", "daily-sales"]);
    assert!(rebuild.status.success(), "{}", text(&rebuild));
    assert!(
        text(&rebuild).contains("daily sales rebuilt"),
        "{}",
        text(&rebuild)
    );
    let rebuilt: Vec<(i64, i64, i64)> = conn
        .prepare("SELECT day, sales_count, total FROM daily_sales ORDER BY branch_id, day")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rebuilt, kept);
    assert!(mizan(&db, &["check"]).status.success());
}

#[test]
fn the_session_benchmark_closes_full_sessions_and_checks_the_books() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mizan"))
        .args([
            "bench",
            "session",
            "--sales-per-session",
            "200",
            "--sessions",
            "2",
            "--clients",
            "8",
            "--reads",
            "5",
            "--json",
        ])
        .env_remove("MIZAN_DATABASE_URL")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["check_ok"], true);
    assert!(r["close_ms_median"].as_f64().unwrap() > 0.0);
}

/// A running `mizan serve`, stopped when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A `mizan serve` process on `db`, and its address.
fn serve(db: &Path) -> (String, Server) {
    use std::io::BufRead;
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_mizan"))
            .arg("--database-url")
            .arg(format!("sqlite://{}", db.display()))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .env_remove("MIZAN_DATABASE_URL")
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let out = server.0.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(out).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(at) = line.split("listening on http://").nth(1) {
            // Whatever it prints later is read too (and dropped).
            std::thread::spawn(move || lines.for_each(drop));
            return (at.trim().to_owned(), server);
        }
    }
    panic!("mizan serve printed no address");
}

/// The status of `GET path` with a bearer token, over a plain socket.
fn status(addr: &str, path: &str, token: &str) -> u16 {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
// The test measures the staleness bound itself, so it reads the clock.
#[allow(clippy::disallowed_methods)]
fn a_token_revoked_by_the_cli_is_refused_by_two_running_servers_within_a_second() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let created = mizan(
        &db,
        &["tenant", "create", "--name", "Shop", "--currency", "EGP"],
    );
    assert!(created.status.success(), "{}", text(&created));
    let issued = mizan(
        &db,
        &["token", "issue", "--user", "owner", "--label", "till"],
    );
    let out = text(&issued);
    assert!(issued.status.success(), "{out}");
    // "token 2 for owner (shown once): mzn_..."
    let id = out.split_whitespace().nth(1).unwrap().to_owned();
    let secret = out.split_whitespace().last().unwrap().to_owned();
    let (a, first) = serve(&db);
    let (b, second) = serve(&db);
    for at in [&a, &b] {
        assert_eq!(status(at, "/api/v1/me", &secret), 200);
    }
    let revoked = mizan(&db, &["token", "revoke", &id]);
    assert!(revoked.status.success(), "{}", text(&revoked));
    let since = std::time::Instant::now();
    let mut refused = [false, false];
    while !refused.iter().all(|r| *r) && since.elapsed() < std::time::Duration::from_secs(5) {
        for (i, at) in [&a, &b].iter().enumerate() {
            refused[i] = refused[i] || status(at, "/api/v1/me", &secret) == 401;
        }
    }
    let took = since.elapsed();
    drop((first, second));
    assert_eq!(refused, [true, true], "still accepted after {took:?}");
    // One second of cache, plus the time a request takes on a busy machine.
    assert!(took < std::time::Duration::from_millis(2_500), "{took:?}");
}

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
