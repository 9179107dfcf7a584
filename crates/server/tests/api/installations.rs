//! Installations over HTTP, checked against the OpenAPI document: a manager makes two teams
//! and schedules a visit for each; an installer sees and moves only their own team's (the other
//! is not found); completing writes the one archive record, a modification asked for and
//! completed updates the same record with the new note (never a second one, never a duplicate
//! key), and every change is in the history with who made it; wrong steps are refused.

use reqwest::StatusCode;
use serde_json::json;

api_test!(
    an_installer_completes_their_visit_and_a_modification_updates_its_one_archive,
    |app| {
        let shop = app.shop().await;
        let adel = app.staff("adel", "installer").await;
        let users = app.get("/api/v1/users").await;
        let adel_id = users
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "adel")
            .unwrap()["id"]
            .as_i64()
            .unwrap();
        let north = app
            .create(
                "/api/v1/installation-teams",
                json!({"name": "North", "user_ids": [adel_id]}),
            )
            .await;
        let south = app
            .create("/api/v1/installation-teams", json!({"name": "South"}))
            .await;
        let a = app
            .post("/api/v1/installation-teams", json!({"name": "North"}))
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "duplicate_name")
        );
        let visit = |team: i64, from: &str| {
            json!({"team_id": team, "customer_id": shop.customer, "address": "12 Nile St, Cairo",
                   "day": "2026-12-05", "from": from, "to": "12:00", "note": "2 panels, living room"})
        };
        let a = app
            .post(
                "/api/v1/installations",
                json!({"team_id": north, "address": "x",
            "day": "2026-12-05", "from": "12:00", "to": "10:00"}),
            )
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
        );
        assert_eq!(a.body["error"]["details"]["field"], "window");
        let ours = app
            .create("/api/v1/installations", visit(north, "10:00"))
            .await;
        let theirs = app
            .create("/api/v1/installations", visit(south, "09:00"))
            .await;

        // The installer sees their team's visit only.
        let a = app
            .get_as(&adel, "/api/v1/installations?from=2026-12-05&to=2026-12-05")
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let ids: Vec<i64> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, vec![ours]);
        let a = app
            .get_as(&adel, &format!("/api/v1/installations/{theirs}"))
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        let status = |id: i64| format!("/api/v1/installations/{id}/status");
        let a = app
            .post_as(&adel, &status(theirs), json!({"status": "in_progress"}))
            .await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        // The manager sees both, by day and time.
        let a = app.get("/api/v1/installations?from=2026-12-05").await;
        let ids: Vec<i64> = a
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, vec![theirs, ours]);

        // Not completed before it starts; then in progress, completed: one archive.
        let a = app
            .post_as(&adel, &status(ours), json!({"status": "completed"}))
            .await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::CONFLICT, "installation_state")
        );
        let a = app
            .post_as(&adel, &status(ours), json!({"status": "in_progress"}))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        let a = app
            .post_as(
                &adel,
                &status(ours),
                json!({"status": "completed", "note": "hung and steamed"}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        assert_eq!(a.body["archive"]["status"], "completed");
        let first = a.body["archive"]["created_at"].clone();
        // Completing again changes nothing.
        let again = app
            .post_as(&adel, &status(ours), json!({"status": "completed"}))
            .await;
        assert_eq!(again.body["events"].as_array().unwrap().len(), 3);
        // The customer asks for changes: the same archive record is updated with the new note.
        for (to, note) in [
            ("modification_required", "shorten by 2 cm"),
            ("modification_completed", "shortened"),
        ] {
            let a = app
                .post_as(&adel, &status(ours), json!({"status": to, "note": note}))
                .await;
            assert_eq!(a.status, StatusCode::OK, "{}", a.body);
        }
        let a = app.get(&format!("/api/v1/installations/{ours}")).await;
        assert_eq!(a.body["status"], "modification_completed");
        assert_eq!(a.body["archive"]["status"], "modification_completed");
        assert_eq!(a.body["archive"]["created_at"], first);
        let notes = a.body["archive"]["notes"].as_str().unwrap();
        assert_eq!(notes.lines().count(), 2, "{notes}");
        assert!(
            notes.contains("hung and steamed") && notes.contains("shortened"),
            "{notes}"
        );
        let events = a.body["events"].as_array().unwrap();
        assert_eq!(events.len(), 5);
        assert!(
            events.iter().skip(1).all(|e| e["by"] == "adel"),
            "{events:?}"
        );
        app.check_is_clean().await;
    }
);
