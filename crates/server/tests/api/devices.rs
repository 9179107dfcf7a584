//! Branches and devices: a manager registers a till to a branch; a cashier limited to another
//! branch is refused there (`wrong_branch`); when the shop requires registered devices, a
//! sign-in without one is refused (`device_not_registered`) except the owner's; both refusals
//! are security events naming user, device and time; writes at a device carry it and its
//! branch in the audit trail; a revoked device's sign-ins stop; a refusal of permission is an
//! audit row naming the permission.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Answer, TestApp};

/// Signs `name` in for a till token, at the device holding `device` (if any).
async fn sign_in(app: &TestApp, name: &str, device: Option<&str>) -> Answer {
    let body = json!({"tenant_id": app.tenant, "username": name,
        "password": format!("{name}-password"), "kind": "token"});
    let mut req = app
        .client
        .post(format!("{}/api/v1/auth/login", app.base))
        .json(&body);
    if let Some(d) = device {
        req = req.header("x-mizan-device", d);
    }
    app.exchange(req).await
}

fn security_event<'a>(events: &'a Value, kind: &str, username: &str) -> &'a Value {
    events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == kind && e["username"] == username)
        .unwrap_or_else(|| panic!("no {kind} event for {username}: {events}"))
}

api_test!(
    sign_ins_keep_to_their_branches_and_registered_devices,
    |app| {
        let shop = app.shop().await;
        let north = app
            .create("/api/v1/branches", json!({"name": "North"}))
            .await;
        let south = app
            .create("/api/v1/branches", json!({"name": "South"}))
            .await;
        let mona = app.staff("mona", "manager").await;
        app.staff("sara", "cashier").await;
        let users = app.get("/api/v1/users").await;
        let sara = users
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "sara")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let limited = app
            .send(
                reqwest::Method::PATCH,
                &format!("/api/v1/users/{sara}"),
                Some(&app.token),
                None,
                Some(json!({"branch_ids": [south]}).to_string()),
            )
            .await;
        assert_eq!(
            limited.body["branch_ids"],
            json!([south]),
            "{}",
            limited.body
        );

        // A cashier may not register devices; a manager may, and sees the credential once.
        let cashier_token = sign_in(&app, "sara", None).await.body["token"]
            .as_str()
            .unwrap()
            .to_owned();
        let refused = app
            .post_as(
                &cashier_token,
                "/api/v1/devices",
                json!({"name": "T", "branch_id": south}),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let north_till = app
            .post_as(
                &mona,
                "/api/v1/devices",
                json!({"name": "North till", "branch_id": north}),
            )
            .await;
        assert_eq!(
            north_till.status,
            StatusCode::CREATED,
            "{}",
            north_till.body
        );
        let north_credential = north_till.body["credential"].as_str().unwrap().to_owned();
        let south_till = app
            .post_as(
                &mona,
                "/api/v1/devices",
                json!({"name": "South till", "branch_id": south}),
            )
            .await;
        let south_credential = south_till.body["credential"].as_str().unwrap().to_owned();
        let south_id = south_till.body["id"].as_i64().unwrap();
        let listed = app.get_as(&mona, "/api/v1/devices").await;
        assert_eq!(listed.body.as_array().unwrap().len(), 2);
        assert!(
            listed.body[0].get("credential").is_none(),
            "{}",
            listed.body
        );

        // At the North till, Sara (South only) is refused, and it is logged with the device.
        let wrong = sign_in(&app, "sara", Some(&north_credential)).await;
        assert_eq!(
            (wrong.status, wrong.body["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("wrong_branch")),
            "{}",
            wrong.body
        );
        assert_eq!(wrong.body["error"]["details"]["branch_id"], json!(north));
        let events = app.get("/api/v1/security-events").await;
        let e = security_event(&events.body, "wrong_branch", "sara");
        assert_eq!(e["device_id"], north_till.body["id"]);
        assert!(e["at"].as_str().is_some());

        // The shop now requires registered devices: no device, no sign-in (but the owner's).
        let on = app
            .send(
                reqwest::Method::PATCH,
                "/api/v1/settings",
                Some(&app.token),
                None,
                Some(json!({"require_registered_devices": true}).to_string()),
            )
            .await;
        assert_eq!(
            on.body["require_registered_devices"],
            json!(true),
            "{}",
            on.body
        );
        let bare = sign_in(&app, "sara", None).await;
        assert_eq!(
            bare.body["error"]["code"], "device_not_registered",
            "{}",
            bare.body
        );
        let forged = sign_in(&app, "sara", Some("mzn_not-a-device")).await;
        assert_eq!(forged.body["error"]["code"], "device_not_registered");
        let events = app.get("/api/v1/security-events").await;
        security_event(&events.body, "device_not_registered", "sara");

        // At her own branch's till she signs in, and her writes carry the till and branch.
        let at_till = sign_in(&app, "sara", Some(&south_credential)).await;
        assert_eq!(at_till.status, StatusCode::OK, "{}", at_till.body);
        let till_token = at_till.body["token"].as_str().unwrap().to_owned();
        let draft = app
            .post_as(
                &till_token,
                "/api/v1/sales",
                json!({"lines": [{"product_id": shop.rings, "warehouse_id": shop.warehouse, "quantity": "1"}],
                       "cash_register_id": shop.register, "post": false}),
            )
            .await;
        assert_eq!(draft.status, StatusCode::CREATED, "{}", draft.body);
        let audit = app.get("/api/v1/audit").await;
        let row = audit
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["action"] == "create_sale" && r["username"] == "sara")
            .unwrap();
        assert_eq!(
            (&row["device_id"], &row["branch_id"]),
            (&json!(south_id), &json!(south))
        );

        // A refusal of permission is an audit row naming the permission and the till.
        let journal = app.get_as(&till_token, "/api/v1/journal").await;
        assert_eq!(journal.status, StatusCode::FORBIDDEN);
        let audit = app.get("/api/v1/audit").await;
        let refusal = audit
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["action"] == "refused" && r["username"] == "sara")
            .unwrap_or_else(|| panic!("no refusal row: {}", audit.body));
        assert_eq!(refusal["detail"], "books.read");
        assert_eq!(refusal["device_id"], json!(south_id));

        // Revoking the till ends what was signed in at it.
        let revoked = app
            .post_as(
                &mona,
                &format!("/api/v1/devices/{south_id}/revoke"),
                json!({}),
            )
            .await;
        assert!(revoked.body["revoked_at"].is_string(), "{}", revoked.body);
        let after = app.get_as(&till_token, "/api/v1/me").await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        let again = sign_in(&app, "sara", Some(&south_credential)).await;
        assert_eq!(again.body["error"]["code"], "device_not_registered");
        // The owner is never locked out of the shop by the setting.
        let owner = app.get("/api/v1/me").await;
        assert_eq!(owner.status, StatusCode::OK);
        app.check_is_clean().await;
    }
);
