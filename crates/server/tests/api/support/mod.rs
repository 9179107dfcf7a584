//! Test kit: a real server on port 0 over a fresh database per test, and a typed client whose
//! every answer is checked against the OpenAPI document.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

pub mod openapi;

use std::sync::Arc;

use mizan_app::{Mizan, SystemClock};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Runs one API test on every backend: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! api_test {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($app: $crate::support::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                run($crate::support::TestApp::spawn(false).await.unwrap()).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                if let Some(app) = $crate::support::TestApp::spawn(true).await {
                    run(app).await;
                }
            }
        }
    };
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub token: String,
    /// The test tenant's id (sign-ins name it: the PostgreSQL test database holds many).
    pub tenant: i64,
    pub mizan: Arc<Mizan>,
    _dir: Option<tempfile::TempDir>,
}

/// A JSON answer.
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

impl TestApp {
    /// A server on SQLite, or on PostgreSQL (`None` when not configured; refused under CI).
    pub async fn spawn(postgres: bool) -> Option<Self> {
        let (url, dir) = if postgres {
            match std::env::var("MIZAN_TEST_POSTGRES_URL") {
                Ok(url) if !url.is_empty() => (url, None),
                _ => {
                    assert!(
                        std::env::var("CI").is_err(),
                        "MIZAN_TEST_POSTGRES_URL must be set under CI"
                    );
                    eprintln!("skipping: MIZAN_TEST_POSTGRES_URL is not set");
                    return None;
                }
            }
        } else {
            let dir = tempfile::tempdir().unwrap();
            (
                format!("sqlite://{}", dir.path().join("api.db").display()),
                Some(dir),
            )
        };
        let store = mizan_store::open(&url).await.unwrap();
        let mizan = Arc::new(Mizan::new(store, Arc::new(SystemClock)));
        let (_, tenant, token) = mizan.create_tenant("Test shop", "EGP").await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = Arc::clone(&mizan);
        tokio::spawn(async move { mizan_server::serve(listener, server).await });
        Some(Self {
            base,
            client: reqwest::Client::new(),
            token,
            tenant: tenant.id.0,
            mizan,
            _dir: dir,
        })
    }

    /// A second tenant's token on the same server.
    pub async fn other_tenant(&self) -> String {
        self.mizan
            .create_tenant("Other shop", "EGP")
            .await
            .unwrap()
            .2
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        key: Option<&str>,
        body: Option<String>,
    ) -> Answer {
        let mut req = self
            .client
            .request(method, format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(b);
        }
        self.exchange(req).await
    }

    /// Sends a prepared request and checks the exchange against the OpenAPI document (every
    /// request of the suite goes through here).
    pub async fn exchange(&self, req: reqwest::RequestBuilder) -> Answer {
        let req = req.build().unwrap();
        let method = req.method().clone();
        let path = match req.url().query() {
            Some(q) => format!("{}?{q}", req.url().path()),
            None => req.url().path().to_owned(),
        };
        let body = req
            .body()
            .and_then(reqwest::Body::as_bytes)
            .map(|b| String::from_utf8_lossy(b).into_owned());
        let res = self.client.execute(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let text = res.text().await.unwrap();
        let answer = serde_json::from_str(&text).unwrap_or(Value::String(text));
        assert!(!status.is_server_error(), "{status} {answer}");
        let exchange = openapi::Exchange {
            method: method.as_str(),
            path: &path,
            request: body.as_deref(),
            status: status.as_u16(),
            content_type: &content_type,
            body: &answer,
        };
        if let Err(failure) = exchange.check() {
            panic!("{failure}");
        }
        Answer {
            status,
            body: answer,
            headers,
        }
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(
            reqwest::Method::POST,
            path,
            Some(&self.token),
            None,
            Some(body.to_string()),
        )
        .await
    }

    pub async fn post_raw(&self, path: &str, body: &str) -> Answer {
        self.send(
            reqwest::Method::POST,
            path,
            Some(&self.token),
            None,
            Some(body.to_owned()),
        )
        .await
    }

    pub async fn post_with_key(&self, path: &str, key: &str, body: Value) -> Answer {
        self.send(
            reqwest::Method::POST,
            path,
            Some(&self.token),
            Some(key),
            Some(body.to_string()),
        )
        .await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(reqwest::Method::GET, path, Some(&self.token), None, None)
            .await
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Answer {
        self.send(reqwest::Method::GET, path, Some(token), None, None)
            .await
    }

    pub async fn post_as(&self, token: &str, path: &str, body: Value) -> Answer {
        self.send(
            reqwest::Method::POST,
            path,
            Some(token),
            None,
            Some(body.to_string()),
        )
        .await
    }

    /// Adds a staff user with password `{name}-password` and signs them in; returns their
    /// till token.
    pub async fn staff(&self, name: &str, role: &str) -> String {
        let a = self
            .post(
                "/api/v1/users",
                json!({"username": name, "password": format!("{name}-password"), "role": role}),
            )
            .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        self.sign_in(name, &format!("{name}-password")).await
    }

    /// Signs in with a password for a till token.
    pub async fn sign_in(&self, name: &str, password: &str) -> String {
        let a = self
            .send(
                reqwest::Method::POST,
                "/api/v1/auth/login",
                None,
                None,
                Some(
                    json!({"tenant_id": self.tenant, "username": name, "password": password,
                           "kind": "token"})
                    .to_string(),
                ),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        a.body["token"].as_str().unwrap().to_owned()
    }

    /// Creates `path` and returns the new id.
    pub async fn create(&self, path: &str, body: Value) -> i64 {
        let a = self.post(path, body).await;
        assert_eq!(a.status, StatusCode::CREATED, "{path}: {}", a.body);
        a.body["id"].as_i64().unwrap()
    }

    /// A shop: warehouse "2000", a till with an open cashier session, a customer, fabric KOYA/C1 (20 m worth 12,000.00, no
    /// VAT) and rings (50 at 7.00, 14% VAT).
    pub async fn shop(&self) -> Shop {
        let warehouse = self
            .create(
                "/api/v1/warehouses",
                json!({"code": "2000", "name": "Warehouse 2000"}),
            )
            .await;
        let register = self
            .create("/api/v1/cash-registers", json!({"name": "Till 1"}))
            .await;
        let session = self
            .create(
                "/api/v1/cashier-sessions",
                json!({"cash_register_id": register, "opening_float": "0"}),
            )
            .await;
        let customer = self
            .create("/api/v1/customers", json!({"name": "Mona"}))
            .await;
        let fabric = self.create("/api/v1/products", json!({"code": "KOYA/C1", "name_en": "Koya", "name_ar": "كويا", "unit": "metre", "sale_price": "1000.00"})).await;
        let rings = self.create("/api/v1/products", json!({"code": "RING-28", "name_en": "Ring", "unit": "piece", "sale_price": "10.00", "vat_rate": "14"})).await;
        self.create("/api/v1/opening-stock", json!({"warehouse_id": warehouse, "product_id": fabric, "quantity": "20.000", "unit_cost": "600.00"})).await;
        self.create("/api/v1/opening-stock", json!({"warehouse_id": warehouse, "product_id": rings, "quantity": "50", "unit_cost": "7"})).await;
        Shop {
            warehouse,
            register,
            session,
            customer,
            fabric,
            rings,
        }
    }

    pub async fn check_is_clean(&self) {
        let a = self.get("/api/v1/check").await;
        assert_eq!(a.body["ok"], json!(true), "{}", a.body);
    }
}

pub struct Shop {
    pub warehouse: i64,
    pub register: i64,
    pub session: i64,
    pub customer: i64,
    pub fabric: i64,
    pub rings: i64,
}
