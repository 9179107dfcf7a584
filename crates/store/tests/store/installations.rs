//! Installations through the store, on every backend: a visit moved through completed and two
//! rounds of modification keeps one archive record with every note; a step back is refused;
//! and `check` finds an archive that went missing.

use mizan_domain::Refusal;
use mizan_store::{Command, InstallationMove, NewInstallation};

use crate::support::{Fixture, NOW, findings, tamper};
use crate::workshop::exec;

contract!(
    an_installation_keeps_one_archive_record_and_check_finds_one_missing,
    |store| {
        let f = Fixture::new(&store).await;
        let team = exec(
            &store,
            &f,
            Command::CreateInstallationTeam {
                name: "North".into(),
                members: Vec::new(),
                now_ms: NOW,
            },
        )
        .await
        .unwrap();
        let id = exec(
            &store,
            &f,
            Command::ScheduleInstallation(NewInstallation {
                team,
                customer: Some(f.customer),
                cutting_order: None,
                address: "12 Nile St".into(),
                day: 20_261_205,
                window: (600, 720),
                note: None,
                by: "manager".into(),
                now_ms: NOW,
            }),
        )
        .await
        .unwrap();
        let to = |state, note: &str| {
            Command::MoveInstallation(InstallationMove {
                installation: id,
                to: state,
                note: Some(note.into()),
                by: "adel".into(),
                member: None,
                now_ms: NOW,
            })
        };
        use mizan_domain::workshop::InstallState as S;
        for (state, note) in [
            (S::InProgress, "on site"),
            (S::Completed, "done"),
            (S::ModificationRequired, "too long"),
            (S::ModificationCompleted, "shortened"),
            (S::ModificationRequired, "still too long"),
            (S::ModificationCompleted, "shortened again"),
        ] {
            exec(&store, &f, to(state, note)).await.unwrap();
        }
        let e = exec(&store, &f, to(S::Scheduled, "back"))
            .await
            .unwrap_err();
        assert_eq!(e.code(), "installation_state");
        let got = store
            .installation(&f.scope, id, None)
            .await
            .unwrap()
            .unwrap();
        let archive = got.archive.unwrap();
        assert_eq!(archive.notes.lines().count(), 3, "{}", archive.notes);
        assert_eq!(got.events.len(), 7);
        assert_eq!(findings(&store, &f).await, Vec::<String>::new());
        tamper(
            &store,
            f.scope.tenant().0,
            "DELETE FROM installation_archives WHERE tenant_id = $1",
        )
        .await;
        let found = findings(&store, &f).await;
        assert!(
            found.iter().any(|x| x.starts_with("installation_archives")),
            "{found:?}"
        );
    }
);
