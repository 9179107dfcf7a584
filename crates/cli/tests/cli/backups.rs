//! Backups of a busy database: taken while a random workload posts, each restores into an
//! empty database with clean books and exactly the source's journal up to a moment (its
//! balances the source's then); taken once it is quiet, the restored balances equal the
//! source's to the minor unit. The operator's commands refuse a damaged file and a database
//! that is not empty, and change nothing.

use std::collections::BTreeMap;
use std::sync::Arc;

use mizan_app::backup::{self, Scratch};
use mizan_app::{Clock, Grant, Mizan, SystemClock};
use mizan_store::TenantScope;

use crate::workload;
use crate::{mizan, text};

/// Restores `file` into a new database (a file beside it, or a scratch database on the
/// PostgreSQL server) and answers the restored app and how to drop it.
async fn restored(url: &str, file: &std::path::Path, n: usize) -> (Arc<Mizan>, Option<String>) {
    let (target, scratch) = if url.starts_with("postgres") {
        let name = format!("mizan_restore_{}_{n}", std::process::id());
        scratch(url, &name, true).await;
        let base = url.split('?').next().unwrap();
        let server = &base[..base.rfind('/').unwrap()];
        (format!("{server}/{name}"), Some(name))
    } else {
        let path = file.with_extension(format!("restored{n}.db"));
        (format!("sqlite://{}", path.display()), None)
    };
    let (f, t) = (file.to_owned(), target.clone());
    tokio::task::spawn_blocking(move || backup::restore(&f, &t))
        .await
        .unwrap()
        .unwrap();
    let store = mizan_store::open(&target).await.unwrap();
    (Arc::new(Mizan::new(store, Arc::new(SystemClock))), scratch)
}

/// Creates or drops a scratch database (off the async workers: the client blocks).
async fn scratch(url: &str, name: &str, create: bool) {
    let (u, n) = (url.to_owned(), name.to_owned());
    tokio::task::spawn_blocking(move || mizan_store::backup::scratch_database(&u, &n, create))
        .await
        .unwrap()
        .unwrap();
}

async fn drop_scratch(url: &str, name: Option<String>) {
    if let Some(name) = name {
        scratch(url, &name, false).await;
    }
}

async fn balances(app: &Mizan, scope: TenantScope) -> Vec<(String, i64)> {
    app.store()
        .account_balances(&scope)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.code, a.balance))
        .collect()
}

/// Every journal entry of the tenant by id: its lines as (account, amount).
async fn journal(app: &Mizan, scope: TenantScope) -> BTreeMap<i64, Vec<(String, i64)>> {
    let mut all = BTreeMap::new();
    let mut after = None;
    loop {
        let page = app.store().journal_page(&scope, 500, after).await.unwrap();
        let Some(last) = page.last() else {
            return all;
        };
        after = Some(last.id);
        for e in page {
            let lines = e
                .lines
                .into_iter()
                .map(|l| (l.account_code, l.amount))
                .collect();
            all.insert(e.id, lines);
        }
    }
}

/// Balances by account of `entries`, accounts without lines left out.
fn summed(entries: &BTreeMap<i64, Vec<(String, i64)>>) -> BTreeMap<String, i64> {
    let mut b = BTreeMap::new();
    for (code, amount) in entries.values().flatten() {
        *b.entry(code.clone()).or_insert(0) += amount;
    }
    b.retain(|_, v| *v != 0);
    b
}

async fn backups_of_a_busy_database_restore_with_clean_books(postgres: bool) {
    let Some((url, dir)) = workload::database(postgres) else {
        return;
    };
    let (app, clock) = workload::app(&url).await;
    let shop = Arc::new(workload::shop(&app, "EGP").await);
    let scope = shop.scope;
    let out = tempfile::tempdir().unwrap();
    let busy = {
        let (app, clock, shop) = (Arc::clone(&app), Arc::clone(&clock), Arc::clone(&shop));
        tokio::spawn(async move { workload::run(&app, &clock, &shop, 41, 1_000).await })
    };
    // Backups while the workload posts: each one whole, its books clean, its journal what the
    // source's had at one moment (every entry up to its last one, as the source posted it).
    let mut copies = Vec::new();
    for n in 0..3 {
        let file = out.path().join(format!("busy-{n}.zip"));
        let (u, f, now) = (url.clone(), file.clone(), SystemClock.now_ms());
        let m = tokio::task::spawn_blocking(move || backup::take(&u, &f, now))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(m.backend, if postgres { "postgres" } else { "sqlite" });
        let (copy, scratch) = restored(&url, &file, n).await;
        let findings = copy.check(&Grant::operator(scope)).await.unwrap();
        assert!(findings.is_empty(), "backup {n} restored with {findings:?}");
        let mut balances: BTreeMap<String, i64> =
            balances(&copy, scope).await.into_iter().collect();
        balances.retain(|_, v| *v != 0);
        copies.push((journal(&copy, scope).await, balances));
        drop_scratch(&url, scratch).await;
    }
    let posted = busy.await.unwrap();
    assert!(posted.values().sum::<usize>() > 100, "{posted:?}");
    let source = journal(&app, scope).await;
    for (n, (entries, balances)) in copies.iter().enumerate() {
        let last = entries.keys().last().copied().unwrap_or(0);
        let then: BTreeMap<i64, Vec<(String, i64)>> = source
            .range(..=last)
            .map(|(k, v)| (*k, v.clone()))
            .collect();
        assert_eq!(
            entries, &then,
            "backup {n} is the source's journal up to entry {last}"
        );
        assert_eq!(
            balances,
            &summed(&then),
            "backup {n}'s balances are the source's then"
        );
    }
    // Quiet: the restored books equal the source's, account by account.
    let file = out.path().join("quiet.zip");
    let (u, f) = (url.clone(), file.clone());
    tokio::task::spawn_blocking(move || backup::take(&u, &f, 0))
        .await
        .unwrap()
        .unwrap();
    let (copy, scratch) = restored(&url, &file, 9).await;
    assert_eq!(balances(&copy, scope).await, balances(&app, scope).await);
    assert!(
        copy.check(&Grant::operator(scope))
            .await
            .unwrap()
            .is_empty()
    );
    drop_scratch(&url, scratch).await;
    // A SQLite backup proves itself in a temporary file.
    if !postgres {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let v = backup::verify(&file, Scratch::TempFile, clock)
            .await
            .unwrap();
        assert_eq!((v.tenants, v.findings.len()), (1, 0));
    }
    drop(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_taken_while_sales_post_restore_with_clean_books_sqlite() {
    backups_of_a_busy_database_restore_with_clean_books(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backups_taken_while_sales_post_restore_with_clean_books_postgres() {
    backups_of_a_busy_database_restore_with_clean_books(true).await;
}

#[test]
fn the_operator_backs_up_verifies_and_restores_and_damage_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    assert!(mizan(&db, &["demo"]).status.success());
    let file = dir.path().join("b.zip");
    let f = file.to_str().unwrap();
    let o = mizan(&db, &["backup", "-o", f, "--verify"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("books consistent"), "{}", text(&o));
    // Never over an existing file.
    let o = mizan(&db, &["backup", "-o", f]);
    assert!(!o.status.success());
    assert!(text(&o).contains("exists already"), "{}", text(&o));
    // Restored into a new file, the books are the same; never into a database that has data.
    let copy = dir.path().join("copy.db");
    let o = mizan(&copy, &["restore", f]);
    assert!(o.status.success(), "{}", text(&o));
    let o = mizan(&copy, &["check"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = mizan(&copy, &["restore", f]);
    assert!(!o.status.success());
    assert!(text(&o).contains("restore into a new file"), "{}", text(&o));
    // A damaged backup is refused and nothing is written.
    let mut bytes = std::fs::read(&file).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x55;
    let damaged = dir.path().join("damaged.zip");
    std::fs::write(&damaged, bytes).unwrap();
    let d = damaged.to_str().unwrap();
    let o = mizan(&db, &["backup", "verify", d]);
    assert!(!o.status.success(), "{}", text(&o));
    let target = dir.path().join("never.db");
    let o = mizan(&target, &["restore", d]);
    assert!(!o.status.success(), "{}", text(&o));
    assert!(!target.exists(), "a refused restore writes nothing");
}
