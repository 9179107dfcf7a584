//! The `mizan` binary, run as an operator runs it: demo data, `check`, tenants, the posting
//! benchmark, a token revoked by the CLI refused by two running servers, and journal exports
//! that hledger and bean-check accept with Mizan's balances (`exports`, `ledgers`: hledger's
//! reports of a random workload, `workload`, equal Mizan's to the minor unit).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod backups;
mod exports;
mod ledgers;
mod old_tools;
mod tools;
mod workload;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn mizan(db: &Path, args: &[&str]) -> Output {
    mizan_at(&format!("sqlite://{}", db.display()), args)
}

/// Runs `mizan` on the database at `url`.
fn mizan_at(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mizan"))
        .arg("--database-url")
        .arg(url)
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

#[test]
fn the_statements_print_as_a_table_json_and_csv_and_a_bad_date_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(mizan(&db, &["demo"]).status.success());
    let tb = mizan(&db, &["report", "trial-balance", "--json"]);
    assert!(tb.status.success(), "{}", text(&tb));
    let tb: serde_json::Value = serde_json::from_slice(&tb.stdout).unwrap();
    assert_eq!(tb["total_debit"], tb["total_credit"], "{tb}");
    assert_ne!(tb["total_debit"], "0.00", "{tb}");
    // The trial balance's balances are the accounts' balances, to the minor unit.
    let ours = exports::file_balances(&db);
    for a in tb["accounts"].as_array().unwrap() {
        let code = a["code"].as_str().unwrap();
        assert_eq!(
            tools::minor(a["balance"].as_str().unwrap(), 2),
            ours.get(code).copied().unwrap_or(0),
            "{code}"
        );
    }
    let bs = mizan(&db, &["report", "balance-sheet", "--json"]);
    assert!(bs.status.success(), "{}", text(&bs));
    let bs: serde_json::Value = serde_json::from_slice(&bs.stdout).unwrap();
    assert_eq!(bs["balances"], true, "{bs}");
    let pl = mizan(&db, &["report", "profit-and-loss"]);
    assert!(pl.status.success(), "{}", text(&pl));
    assert!(text(&pl).contains("gross profit"), "{}", text(&pl));
    assert!(text(&pl).contains("(EGP)"), "{}", text(&pl));
    let csv = mizan(&db, &["report", "stock-valuation", "--csv"]);
    assert!(csv.status.success(), "{}", text(&csv));
    let csv = String::from_utf8_lossy(&csv.stdout).to_string();
    assert_eq!(csv.lines().next(), Some("line,amount"), "{csv}");
    let value = csv
        .lines()
        .find_map(|l| l.strip_prefix("total value,"))
        .unwrap();
    let inventory = csv
        .lines()
        .find_map(|l| l.strip_prefix("inventory account,"))
        .unwrap();
    assert_eq!(value, inventory, "{csv}");
    let bad = mizan(&db, &["report", "balance-sheet", "--at", "2026-13-01"]);
    assert!(!bad.status.success());
    assert!(text(&bad).contains("--at"), "{}", text(&bad));
}

#[test]
fn the_reports_benchmark_builds_a_ledger_times_the_statements_and_checks_the_books() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mizan"))
        .args([
            "bench", "reports", "--sales", "400", "--days", "20", "--runs", "2", "--json",
        ])
        .env_remove("MIZAN_DATABASE_URL")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["check_ok"], true, "{r}");
    assert!(r["documents"].as_u64().unwrap() > 400, "{r}");
    assert!(r["trial_balance_ms"].as_f64().unwrap() > 0.0, "{r}");
}

#[test]
fn rebuild_account_days_mends_day_balances_that_check_names() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(mizan(&db, &["demo"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("UPDATE account_days SET debit = debit + 7 WHERE debit > 0")
        .unwrap();
    let check = mizan(&db, &["check"]);
    assert!(!check.status.success());
    assert!(
        text(&check).contains("account_day_debits"),
        "{}",
        text(&check)
    );
    let rebuild = mizan(&db, &["rebuild", "account-days"]);
    assert!(rebuild.status.success(), "{}", text(&rebuild));
    assert!(mizan(&db, &["check"]).status.success());
}

#[test]
fn accounts_are_listed_with_three_names_added_under_a_group_and_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(mizan(&db, &["demo"]).status.success());
    let add = |code: &str| {
        mizan(
            &db,
            &[
                "accounts",
                "add",
                "--code",
                code,
                "--kind",
                "expense",
                "--name-en",
                "Rent",
                "--name-ar",
                "الإيجار",
                "--name-ru",
                "Аренда",
            ],
        )
    };
    let added = add("54020");
    assert!(added.status.success(), "{}", text(&added));
    let taken = add("54020");
    assert!(!taken.status.success());
    assert!(
        text(&taken).contains("account_code_taken"),
        "{}",
        text(&taken)
    );
    let wrong = add("14020");
    assert!(text(&wrong).contains("invalid_field"), "{}", text(&wrong));
    let renamed = mizan(
        &db,
        &[
            "accounts",
            "rename",
            "--code",
            "54020",
            "--name-en",
            "Shop rent",
            "--name-ar",
            "إيجار المحل",
            "--name-ru",
            "Аренда магазина",
        ],
    );
    assert!(renamed.status.success(), "{}", text(&renamed));
    let list = mizan(&db, &["accounts", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let rent = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "54020")
        .unwrap();
    assert_eq!(rent["name_ru"], "Аренда магазина");
    let cash = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "11010")
        .unwrap();
    assert_eq!(cash["name_ru"], "Касса");
    assert!(mizan(&db, &["check"]).status.success());
}
