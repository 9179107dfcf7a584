//! Staff over HTTP: the owner adds users; people sign in for a till token or a browser session;
//! wrong passwords slow down and lock; cookies are refused from other sites; deactivation and
//! revocation stop a token at once here and within a second in another server.

use std::sync::Arc;

use mizan_app::{AUTH_CACHE_MS, FixedClock, Mizan};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::support::TestApp;

api_test!(
    the_owner_adds_staff_who_sign_in_with_their_password,
    |app| {
        let a = app
        .post(
            "/api/v1/users",
            json!({"username": "Sara", "password": "sara-password", "role": "cashier", "language": "ar"}),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
        assert_eq!(a.body["username"], "sara");
        assert_eq!(a.body["role"], "cashier");
        assert_eq!(a.body["language"], "ar");
        assert_eq!(a.body.get("password_hash"), None);
        let again = app
            .post(
                "/api/v1/users",
                json!({"username": "sara", "password": "another-one", "role": "manager"}),
            )
            .await;
        assert_eq!(
            (again.status, again.code()),
            (StatusCode::CONFLICT, "username_taken")
        );
        for (body, field) in [
            (
                json!({"username": "x", "password": "long-enough", "role": "cashier"}),
                "username",
            ),
            (
                json!({"username": "ali", "password": "short", "role": "cashier"}),
                "password",
            ),
            (
                json!({"username": "ali", "password": "long-enough", "role": "driver"}),
                "role",
            ),
            (
                json!({"username": "ali", "password": "long-enough", "role": "cashier", "language": "fr"}),
                "language",
            ),
        ] {
            let a = app.post("/api/v1/users", body).await;
            assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
            assert_eq!(a.body["error"]["details"]["field"], field, "{}", a.body);
        }

        let token = app.sign_in("sara", "sara-password").await;
        let me = app.get_as(&token, "/api/v1/me").await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.body);
        assert_eq!(me.body["user"]["username"], "sara");
        let perms: Vec<&str> = me.body["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert!(perms.contains(&"sales.sell") && !perms.contains(&"books.read"));
        assert_eq!(me.body["limits"]["max_discount_percent"], "10.00");

        // A cashier may not manage users; the refusal names the permission.
        let denied = app.get_as(&token, "/api/v1/users").await;
        assert_eq!(
            (denied.status, denied.code()),
            (StatusCode::FORBIDDEN, "forbidden")
        );
        assert_eq!(
            denied.body["error"]["details"]["permission"],
            "users.manage"
        );
        let users = app.get("/api/v1/users").await;
        assert_eq!(users.body.as_array().unwrap().len(), 2);
    }
);

api_test!(
    wrong_passwords_are_refused_alike_then_slowed_then_locked_and_logged,
    |app| {
        app.staff("omar", "cashier").await;
        // Sign-ins go to a server whose clock stands still, so the waits are exact.
        let clock = Arc::new(FixedClock::new(app.mizan.now_ms()));
        let base = second_server(&app, Arc::clone(&clock)).await;
        let client = reqwest::Client::new();
        let login = |name: &str, password: &str| {
            let body = json!({"tenant_id": app.tenant, "username": name, "password": password, "kind": "token"});
            let req = client.post(format!("{base}/api/v1/auth/login")).json(&body);
            let app = &app;
            async move {
                let a = app.exchange(req).await;
                let retry = a
                    .headers
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_owned());
                Answer {
                    status: a.status,
                    body: a.body,
                    retry,
                }
            }
        };
        let unknown = login("nobody", "whatever-it-is").await;
        assert_eq!(
            (unknown.status, unknown.code()),
            (StatusCode::UNAUTHORIZED, "invalid_credentials")
        );
        let wrong = login("omar", "not-his-password").await;
        assert_eq!(
            wrong.body["error"]["message"],
            unknown.body["error"]["message"]
        );
        for _ in 0..2 {
            let a = login("omar", "not-his-password").await;
            assert_eq!(a.code(), "invalid_credentials");
        }
        // The fourth failure in a row must wait before the next try; a try while waiting is refused
        // without looking at the password, even the right one.
        let fourth = login("omar", "not-his-password").await;
        assert_eq!(fourth.body["error"]["details"]["retry_after_seconds"], 1);
        assert_eq!(fourth.retry.as_deref(), Some("1"));
        let waiting = login("omar", "omar-password").await;
        assert_eq!(
            (waiting.status, waiting.code()),
            (StatusCode::TOO_MANY_REQUESTS, "account_locked")
        );
        // Once the wait is over the right password works, and clears the count.
        clock.set(clock_now(&clock) + 1_000);
        assert_eq!(login("omar", "omar-password").await.status, StatusCode::OK);
        let after = login("omar", "not-his-password").await;
        assert_eq!(
            after.body["error"]["details"].get("retry_after_seconds"),
            None
        );
        let events = app.get("/api/v1/security-events").await;
        assert_eq!(events.status, StatusCode::OK, "{}", events.body);
        let kinds: Vec<(&str, &str)> = events
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["username"].as_str().unwrap(), e["kind"].as_str().unwrap()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("omar", "sign_in_failed"),
                ("omar", "sign_in_refused"),
                ("omar", "sign_in_failed"),
                ("omar", "sign_in_failed"),
                ("omar", "sign_in_failed"),
                ("omar", "sign_in_failed"),
                ("nobody", "sign_in_failed"),
            ]
        );
        assert_eq!(events.body[0]["client"], "127.0.0.1");
        // The accountant reads the log too; a cashier does not.
        let accountant = app.staff("nadia", "accountant").await;
        let a = app.get_as(&accountant, "/api/v1/security-events").await;
        assert_eq!(a.status, StatusCode::OK);
        let cashier = app.staff("kamal", "cashier").await;
        let a = app.get_as(&cashier, "/api/v1/security-events").await;
        assert_eq!(a.status, StatusCode::FORBIDDEN);
    }
);

api_test!(
    a_browser_session_is_a_cookie_that_other_sites_cannot_use,
    |app| {
        app.staff("mona", "manager").await;
        let client = reqwest::Client::new();
        let login = app
            .exchange(
                client
                    .post(format!("{}/api/v1/auth/login", app.base))
                    .json(&json!({"tenant_id": app.tenant, "username": "mona", "password": "mona-password"}))
                    .header("origin", &app.base),
            )
            .await;
        assert_eq!(login.status, StatusCode::OK);
        let set = login.headers["set-cookie"].to_str().unwrap().to_owned();
        assert!(set.starts_with("mizan_session=mzn_"), "{set}");
        for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
            assert!(set.contains(attribute), "{set}");
        }
        assert!(!set.contains("Secure"), "plain http: {set}");
        assert_eq!(login.body.get("token"), None);
        let cookie = set.split(';').next().unwrap().to_owned();

        let me = client
            .get(format!("{}/api/v1/me", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), StatusCode::OK);
        let branch = |origin: Option<&str>, site: Option<&str>| {
            let mut r = client
                .post(format!("{}/api/v1/branches", app.base))
                .header("cookie", &cookie)
                .json(&json!({"name": "Heliopolis"}));
            if let Some(o) = origin {
                r = r.header("origin", o);
            }
            if let Some(s) = site {
                r = r.header("sec-fetch-site", s);
            }
            r.send()
        };
        for (origin, site) in [
            (Some("https://evil.example"), None),
            (None, Some("cross-site")),
            (Some(app.base.as_str()), Some("same-site")),
            (None, None),
        ] {
            let a = branch(origin, site).await.unwrap();
            assert_eq!(a.status(), StatusCode::FORBIDDEN, "{origin:?} {site:?}");
            let body: serde_json::Value = a.json().await.unwrap();
            assert_eq!(body["error"]["code"], "cross_site_refused");
        }
        let ok = branch(Some(app.base.as_str()), None).await.unwrap();
        assert_eq!(ok.status(), StatusCode::CREATED);
        let ok = branch(None, Some("same-origin")).await.unwrap();
        assert_eq!(ok.status(), StatusCode::CREATED);

        // Signing out ends the session.
        let out = client
            .post(format!("{}/api/v1/auth/logout", app.base))
            .header("cookie", &cookie)
            .header("origin", &app.base)
            .send()
            .await
            .unwrap();
        assert_eq!(out.status(), StatusCode::OK);
        assert!(
            out.headers()["set-cookie"]
                .to_str()
                .unwrap()
                .contains("Max-Age=0")
        );
        let after = client
            .get(format!("{}/api/v1/me", app.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    }
);

api_test!(
    tokens_are_listed_without_secrets_and_revoked_by_their_owner,
    |app| {
        let sara = app.staff("sara", "cashier").await;
        let issued = app
            .post_as(
                &sara,
                "/api/v1/tokens",
                json!({"label": "till 2", "expires_in_days": 30}),
            )
            .await;
        assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.body);
        let second = issued.body["token"].as_str().unwrap().to_owned();
        assert_eq!(
            app.get_as(&second, "/api/v1/me").await.status,
            StatusCode::OK
        );
        let mine = app.get_as(&sara, "/api/v1/tokens").await;
        let list = mine.body.as_array().unwrap();
        assert_eq!(list.len(), 2, "{}", mine.body);
        assert!(
            list.iter()
                .all(|t| t.get("token").is_none() && t["username"] == "sara")
        );
        assert_eq!(list[0]["label"], "till 2");
        assert!(list[0]["expires_at"].is_string());
        // A cashier cannot see or revoke another's tokens, nor issue one for them.
        let owners = app.get_as(&sara, "/api/v1/tokens?user_id=1").await;
        assert_eq!(owners.status, StatusCode::FORBIDDEN);
        let everyone = app.get("/api/v1/tokens").await;
        let owner_token = everyone
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["username"] == "owner")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let revoke = app
            .send(
                Method::DELETE,
                &format!("/api/v1/tokens/{owner_token}"),
                Some(&sara),
                None,
                None,
            )
            .await;
        assert_eq!(revoke.status, StatusCode::NOT_FOUND);
        let for_owner = app
            .post_as(&sara, "/api/v1/tokens", json!({"user_id": 1}))
            .await;
        assert_eq!(for_owner.status, StatusCode::FORBIDDEN);
        // Revoking one's own token stops it at once.
        let id = list[0]["id"].as_i64().unwrap();
        let revoke = app
            .send(
                Method::DELETE,
                &format!("/api/v1/tokens/{id}"),
                Some(&sara),
                None,
                None,
            )
            .await;
        assert_eq!(revoke.status, StatusCode::OK, "{}", revoke.body);
        assert!(revoke.body["revoked_at"].is_string());
        assert_eq!(
            app.get_as(&second, "/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(app.get_as(&sara, "/api/v1/me").await.status, StatusCode::OK);
    }
);

struct Answer {
    status: StatusCode,
    body: serde_json::Value,
    retry: Option<String>,
}

impl Answer {
    fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

fn clock_now(clock: &FixedClock) -> i64 {
    use mizan_app::Clock;
    clock.now_ms()
}

/// A second server over the same database, with a clock the test moves.
async fn second_server(app: &TestApp, clock: Arc<FixedClock>) -> String {
    let mizan = Arc::new(Mizan::new(Arc::clone(app.mizan.store()), clock));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { mizan_server::serve(listener, mizan).await });
    base
}

api_test!(
    a_deactivated_user_is_refused_here_at_once_and_in_another_server_within_a_second,
    |app| {
        let token = app.staff("kamal", "cashier").await;
        let now = app.mizan.now_ms();
        let clock = Arc::new(FixedClock::new(now));
        let other = second_server(&app, Arc::clone(&clock)).await;
        let client = reqwest::Client::new();
        let me_there = || {
            client
                .get(format!("{other}/api/v1/me"))
                .bearer_auth(&token)
                .send()
        };
        assert_eq!(me_there().await.unwrap().status(), StatusCode::OK);

        let users = app.get("/api/v1/users").await;
        let id = users
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "kamal")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let off = app
            .send(
                Method::PATCH,
                &format!("/api/v1/users/{id}"),
                Some(&app.token),
                None,
                Some(json!({"active": false}).to_string()),
            )
            .await;
        assert_eq!(off.status, StatusCode::OK, "{}", off.body);
        assert_eq!(off.body["active"], false);
        assert_eq!(
            app.get_as(&token, "/api/v1/me").await.status,
            StatusCode::UNAUTHORIZED
        );
        // The other server believed the token a moment ago; within a second it asks again.
        clock.set(now + AUTH_CACHE_MS);
        assert_eq!(me_there().await.unwrap().status(), StatusCode::UNAUTHORIZED);
        // Nor can the user sign in again; the owner cannot deactivate themselves.
        let login = app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            None,
            None,
            Some(json!({"tenant_id": app.tenant, "username": "kamal", "password": "kamal-password"}).to_string()),
        )
        .await;
        assert_eq!(login.code(), "invalid_credentials");
        let me = app.get("/api/v1/me").await;
        let own = me.body["user"]["id"].as_i64().unwrap();
        let myself = app
            .send(
                Method::PATCH,
                &format!("/api/v1/users/{own}"),
                Some(&app.token),
                None,
                Some(json!({"active": false}).to_string()),
            )
            .await;
        assert_eq!(
            (myself.status, myself.code()),
            (StatusCode::CONFLICT, "cannot_change_own_access")
        );
    }
);

api_test!(
    the_audit_trail_names_who_did_each_write_and_is_sealed_when_read,
    |app| {
        let sara = app.staff("sara", "cashier").await;
        let shop = app.shop().await;
        let sale = app
        .post_as(
            &sara,
            "/api/v1/sales",
            json!({"payment": {"method": "cash", "cash_register_id": shop.register},
                   "lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}]}),
        )
        .await;
        assert_eq!(sale.status, StatusCode::CREATED, "{}", sale.body);
        let trail = app.get("/api/v1/audit?limit=500").await;
        assert_eq!(trail.status, StatusCode::OK, "{}", trail.body);
        let rows = trail.body.as_array().unwrap();
        let find = |action: &str, by: &str| {
            rows.iter()
                .find(|r| r["action"] == action && r["username"] == by)
                .unwrap_or_else(|| panic!("no {action} by {by} in {}", trail.body))
        };
        assert_eq!(find("create_sale", "sara")["resource_id"], sale.body["id"]);
        find("sign_in", "sara");
        find("create_user", "owner");
        find("create_warehouse", "owner");
        assert!(rows.iter().all(|r| r["sealed"] == true), "{}", trail.body);
        let denied = app.get_as(&sara, "/api/v1/audit").await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
        let check = app.get("/api/v1/check").await;
        assert_eq!(check.status, StatusCode::OK, "{}", check.body);
    }
);

api_test!(
    a_new_password_ends_the_users_browser_sessions_but_not_their_till_tokens,
    |app| {
        let till = app.staff("mona", "manager").await;
        let login = app
            .client
            .post(format!("{}/api/v1/auth/login", app.base))
            .json(
                &json!({"tenant_id": app.tenant, "username": "mona", "password": "mona-password"}),
            )
            .send()
            .await
            .unwrap();
        let cookie = login.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let me = |cookie: String| {
            app.client
                .get(format!("{}/api/v1/me", app.base))
                .header("cookie", cookie)
                .send()
        };
        assert_eq!(me(cookie.clone()).await.unwrap().status(), StatusCode::OK);
        let users = app.get("/api/v1/users").await;
        let mona = users
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "mona")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let changed = app
            .send(
                Method::PATCH,
                &format!("/api/v1/users/{mona}"),
                Some(&app.token),
                None,
                Some(json!({"password": "a-new-secret"}).to_string()),
            )
            .await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
        assert_eq!(me(cookie).await.unwrap().status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.get_as(&till, "/api/v1/me").await.status, StatusCode::OK);
    }
);

api_test!(
    an_address_that_keeps_failing_to_sign_in_waits_whatever_names_it_tries,
    |app| {
        let login = |name: String| {
            app.client
                .post(format!("{}/api/v1/auth/login", app.base))
                .json(
                    &json!({"tenant_id": app.tenant, "username": name, "password": "guess-guess"}),
                )
                .send()
        };
        for i in 0..mizan_app::MAX_CLIENT_FAILURES {
            let a = login(format!("nobody{i}")).await.unwrap();
            assert_eq!(a.status(), StatusCode::UNAUTHORIZED);
        }
        let held = login("nobody-else".into()).await.unwrap();
        assert_eq!(held.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(held.headers().contains_key("retry-after"));
        let body: serde_json::Value = held.json().await.unwrap();
        assert_eq!(body["error"]["code"], "too_many_sign_ins");
    }
);
