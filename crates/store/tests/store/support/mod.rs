//! Test support for the contract suite: the backends, a tenant fixture, and raw SQL to tamper
//! with the books so `check` has something to find.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use mizan_domain::sessions::OpeningFloat;
use mizan_domain::{
    CashRegisterId, CashierSessionId, Currency, CustomerId, ProductId, WarehouseId,
};
use mizan_store::{Command, NewProduct, Store, TenantScope};

/// 2026-11-22T10:00:00Z
pub const NOW: i64 = 1_795_341_600_000;

/// Runs one contract test on every backend: `name::sqlite`, `name::postgres`, and
/// `name::pgbouncer` (PostgreSQL through a pgBouncer in transaction pooling mode).
#[macro_export]
macro_rules! contract {
    ($name:ident, |$store:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($store: std::sync::Arc<dyn mizan_store::Store>) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let (store, _dir) = $crate::support::sqlite().await;
                run(store).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if let Some(store) = $crate::support::postgres().await {
                    run(store).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn pgbouncer() {
                if let Some(store) = $crate::support::pgbouncer().await {
                    run(store).await;
                }
            }
        }
    };
}

/// SQLite files of the stores made here, by store address, so `tamper` can open them.
static SQLITE_FILES: Mutex<Vec<(usize, PathBuf)>> = Mutex::new(Vec::new());

fn address(store: &Arc<dyn Store>) -> usize {
    Arc::as_ptr(store).cast::<()>() as usize
}

pub async fn sqlite() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contract.db");
    let store = mizan_store::open(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    SQLITE_FILES.lock().unwrap().push((address(&store), path));
    (store, dir)
}

/// The PostgreSQL store, or `None` when no test database is configured (refused under CI).
pub async fn postgres() -> Option<Arc<dyn Store>> {
    configured("MIZAN_TEST_POSTGRES_URL").await
}

/// The PostgreSQL store reached through the test script's pgBouncer, or `None` when none is
/// configured (refused under CI).
pub async fn pgbouncer() -> Option<Arc<dyn Store>> {
    configured("MIZAN_TEST_PGBOUNCER_URL").await
}

/// The store at the URL in `var`, or `None` when it is not set (refused under CI: nothing may
/// skip there).
async fn configured(var: &str) -> Option<Arc<dyn Store>> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(mizan_store::open(&url).await.unwrap()),
        _ => {
            assert!(
                std::env::var("CI").is_err(),
                "{var} must be set under CI: these tests may not skip"
            );
            eprintln!("skipping: {var} is not set");
            None
        }
    }
}

/// Executes raw SQL (`$1` = tenant id) behind the store's back, as a corrupting bug would.
pub async fn tamper(store: &Arc<dyn Store>, tenant: i64, sql: &str) {
    assert!(
        try_tamper(store, tenant, sql).await,
        "tampering failed: {sql}"
    );
}

/// Like [`tamper`], but reports whether the database accepted the statement.
pub async fn try_tamper(store: &Arc<dyn Store>, tenant: i64, sql: &str) -> bool {
    if store.backend() == "postgres" {
        let url = std::env::var("MIZAN_TEST_POSTGRES_URL").unwrap();
        let sql = sql.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            client.execute(sql.as_str(), &[&tenant]).is_ok()
        })
        .await
        .unwrap()
    } else {
        let files = SQLITE_FILES.lock().unwrap();
        let (_, path) = files.iter().find(|(a, _)| *a == address(store)).unwrap();
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        conn.execute(sql, [tenant]).is_ok()
    }
}

/// A tenant with warehouse "2000", a till with an open cashier session (no float), a customer
/// without a credit limit, and stock: 20 m of fabric `KOYA/C1` worth 12,000.00 and 50 curtain
/// rings at 7.00 (14% VAT).
pub struct Fixture {
    pub scope: TenantScope,
    pub token_hash: String,
    pub warehouse: WarehouseId,
    pub register: CashRegisterId,
    pub session: CashierSessionId,
    pub customer: CustomerId,
    pub fabric: ProductId,
    pub rings: ProductId,
}

impl Fixture {
    pub fn product(code: &str) -> NewProduct {
        NewProduct {
            code: code.into(),
            barcode: None,
            plu: None,
            name_en: code.into(),
            name_ar: code.into(),
            unit: "piece".into(),
            sale_price: 1_000,
            vat_bp: 1400,
            tracks_stock: true,
            allow_negative_stock: false,
            cost_price: None,
            in_rolls: false,
        }
    }

    pub async fn new(store: &Arc<dyn Store>) -> Self {
        let token_hash = format!("hash-{}", unique());
        let (scope, _) = store
            .create_tenant(
                "Contract",
                &Currency::from_code("EGP").unwrap(),
                "owner",
                &token_hash,
                NOW,
            )
            .await
            .unwrap();
        let w = |cmd| store.write(&scope, None, cmd);
        let warehouse = WarehouseId(
            w(Command::CreateWarehouse {
                branch_id: None,
                code: "2000".into(),
                name: "Warehouse 2000".into(),
            })
            .await
            .unwrap()
            .id,
        );
        let register = CashRegisterId(
            w(Command::CreateCashRegister {
                branch_id: None,
                name: "Till 1".into(),
            })
            .await
            .unwrap()
            .id,
        );
        let session = CashierSessionId(
            w(Command::OpenSession {
                register,
                float: OpeningFloat::new(0).unwrap(),
                user: "owner".into(),
                now_ms: NOW,
            })
            .await
            .unwrap()
            .id,
        );
        let customer = CustomerId(
            w(Command::CreateCustomer {
                name: "Mona".into(),
                phone: None,
                credit_limit: None,
            })
            .await
            .unwrap()
            .id,
        );
        let fabric = ProductId(
            w(Command::CreateProduct(NewProduct {
                unit: "metre".into(),
                vat_bp: 0,
                ..Self::product("KOYA/C1")
            }))
            .await
            .unwrap()
            .id,
        );
        let rings = ProductId(
            w(Command::CreateProduct(Self::product("RING-28")))
                .await
                .unwrap()
                .id,
        );
        w(Command::PostOpeningStock {
            warehouse,
            product: fabric,
            qty: 20_000,
            unit_cost: 60_000,
            now_ms: NOW,
            rolls: Vec::new(),
        })
        .await
        .unwrap();
        w(Command::PostOpeningStock {
            warehouse,
            product: rings,
            qty: 50_000,
            unit_cost: 700,
            now_ms: NOW,
            rolls: Vec::new(),
        })
        .await
        .unwrap();
        Self {
            scope,
            token_hash,
            warehouse,
            register,
            session,
            customer,
            fabric,
            rings,
        }
    }
}

// Unique across runs that share one PostgreSQL database, hence the wall clock.
#[allow(clippy::disallowed_methods)]
pub fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

/// What `check` finds, as `check: subject`.
pub async fn findings(store: &Arc<dyn Store>, f: &Fixture) -> Vec<String> {
    store
        .check(&f.scope)
        .await
        .unwrap()
        .into_iter()
        .map(|x| format!("{}: {}", x.check, x.subject))
        .collect()
}

/// The balance of account `code` (debit positive).
pub async fn balance(store: &Arc<dyn Store>, f: &Fixture, code: &str) -> i64 {
    store
        .account_balances(&f.scope)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.code == code)
        .map(|a| a.balance)
        .unwrap()
}

/// Runs a property test's async body on a runtime of its own (proptest cases are sync).
pub fn block_on(f: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(f);
}
