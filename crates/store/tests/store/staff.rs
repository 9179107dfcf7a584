//! Staff in the store: users and their changes, tokens issued, listed, revoked and expired by
//! deactivation, sign-ins counted, locked and logged — on both backends.

use mizan_domain::{TokenId, UserId};
use mizan_store::{
    Command, FailedSignIn, NewToken, NewUser, Store, TenantScope, TokenKind, UserChanges,
    WriteError,
};

use crate::support::{Fixture, NOW};

async fn add_user(store: &dyn Store, scope: &TenantScope, name: &str, role: &str) -> UserId {
    let w = store
        .write(
            scope,
            None,
            Command::CreateUser(NewUser {
                username: name.to_owned(),
                password_hash: Some(format!("hash of {name}'s password")),
                role: role.to_owned(),
                language: "ar".to_owned(),
                branches: Vec::new(),
                now_ms: NOW,
            }),
        )
        .await
        .unwrap();
    UserId(w.id)
}

async fn token(store: &dyn Store, scope: &TenantScope, user: UserId, hash: &str) -> TokenId {
    let w = store
        .write(
            scope,
            None,
            Command::IssueToken(NewToken {
                user,
                token_hash: hash.to_owned(),
                kind: TokenKind::Api,
                label: "till 1".to_owned(),
                expires_at_ms: Some(NOW + 60_000),
                device: None,
                now_ms: NOW,
            }),
        )
        .await
        .unwrap();
    TokenId(w.id)
}

contract!(users_are_created_once_per_name_and_read_back, |store| {
    let f = Fixture::new(&store).await;
    let sara = add_user(&*store, &f.scope, "sara", "cashier").await;
    let again = store
        .write(
            &f.scope,
            None,
            Command::CreateUser(NewUser {
                username: "sara".to_owned(),
                password_hash: None,
                role: "manager".to_owned(),
                language: "en".to_owned(),
                branches: Vec::new(),
                now_ms: NOW,
            }),
        )
        .await;
    assert!(matches!(
        again,
        Err(WriteError::Conflict {
            code: "username_taken",
            ..
        })
    ));
    let users = store.users(&f.scope).await.unwrap();
    let names: Vec<_> = users.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names, ["owner", "sara"]);
    let u = store.user(&f.scope, sara).await.unwrap().unwrap();
    assert_eq!((u.role.as_str(), u.language.as_str()), ("cashier", "ar"));
    assert!(u.active && u.has_password && u.failed_sign_ins == 0);
    let (scope, record) = store
        .sign_in_record(f.scope.tenant(), "sara")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(scope, f.scope);
    assert_eq!(
        record.unwrap().password_hash.as_deref(),
        Some("hash of sara's password")
    );
    let (_, nobody) = store
        .sign_in_record(f.scope.tenant(), "nobody")
        .await
        .unwrap()
        .unwrap();
    assert!(nobody.is_none());
    let no_tenant = mizan_domain::TenantId(i64::MAX);
    assert!(
        store
            .sign_in_record(no_tenant, "sara")
            .await
            .unwrap()
            .is_none()
    );

    // Another tenant sees neither the user nor the name.
    let other = Fixture::new(&store).await;
    assert!(store.user(&other.scope, sara).await.unwrap().is_none());
    let (_, elsewhere) = store
        .sign_in_record(other.scope.tenant(), "sara")
        .await
        .unwrap()
        .unwrap();
    assert!(elsewhere.is_none());
    let changed = store
        .write(
            &other.scope,
            None,
            Command::UpdateUser {
                user: sara,
                changes: UserChanges {
                    active: Some(false),
                    ..UserChanges::default()
                },
            },
        )
        .await;
    assert!(matches!(changed, Err(WriteError::NotFound { .. })));
    assert!(store.user(&f.scope, sara).await.unwrap().unwrap().active);
});

contract!(
    a_token_stops_when_revoked_or_its_user_is_deactivated,
    |store| {
        let f = Fixture::new(&store).await;
        let sara = add_user(&*store, &f.scope, "sara", "cashier").await;
        let first = token(&*store, &f.scope, sara, &format!("a-{}", f.token_hash)).await;
        let second = token(&*store, &f.scope, sara, &format!("b-{}", f.token_hash)).await;
        let (_, owner) = store
            .authenticate(&format!("a-{}", f.token_hash))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((owner.user.id, owner.token.id), (sara, first));
        assert_eq!(owner.token.expires_at_ms, Some(NOW + 60_000));

        // Revoking needs the right owner when one is named; revoking twice keeps the first time.
        let wrong = store
            .write(
                &f.scope,
                None,
                Command::RevokeToken {
                    token: first,
                    owner: Some(UserId(sara.0 + 1_000)),
                    now_ms: NOW,
                },
            )
            .await;
        assert!(matches!(wrong, Err(WriteError::NotFound { .. })));
        for at in [NOW + 1, NOW + 2] {
            store
                .write(
                    &f.scope,
                    None,
                    Command::RevokeToken {
                        token: first,
                        owner: Some(sara),
                        now_ms: at,
                    },
                )
                .await
                .unwrap();
        }
        assert!(
            store
                .authenticate(&format!("a-{}", f.token_hash))
                .await
                .unwrap()
                .is_none()
        );
        let listed = store.tokens(&f.scope, Some(sara)).await.unwrap();
        assert_eq!(
            listed.iter().map(|t| t.id).collect::<Vec<_>>(),
            [second, first]
        );
        assert_eq!(listed[1].revoked_at_ms, Some(NOW + 1));
        assert_eq!(store.tokens(&f.scope, None).await.unwrap().len(), 3);

        store
            .write(
                &f.scope,
                None,
                Command::TouchToken {
                    token: second,
                    now_ms: NOW + 5,
                },
            )
            .await
            .unwrap();
        let t = store.token(&f.scope, second).await.unwrap().unwrap();
        assert_eq!(t.last_used_at_ms, Some(NOW + 5));

        // Deactivating the user stops every token of theirs; reactivating brings them back.
        let set_active = |active| Command::UpdateUser {
            user: sara,
            changes: UserChanges {
                active: Some(active),
                ..UserChanges::default()
            },
        };
        store
            .write(&f.scope, None, set_active(false))
            .await
            .unwrap();
        assert!(
            store
                .authenticate(&format!("b-{}", f.token_hash))
                .await
                .unwrap()
                .is_none()
        );
        store.write(&f.scope, None, set_active(true)).await.unwrap();
        assert!(
            store
                .authenticate(&format!("b-{}", f.token_hash))
                .await
                .unwrap()
                .is_some()
        );
    }
);

contract!(
    failed_sign_ins_count_lock_and_are_logged_and_a_good_one_clears_them,
    |store| {
        let f = Fixture::new(&store).await;
        let sara = add_user(&*store, &f.scope, "sara", "cashier").await;
        let failed = |n: i64, user: Option<UserId>, name: &str| {
            Command::FailedSignIn(FailedSignIn {
                user,
                username: name.to_owned(),
                client: "10.0.0.7".to_owned(),
                device: None,
                kind: "sign_in_failed",
                detail: format!("attempt {n}"),
                lock_after: 3,
                lock_until_ms: NOW + 900_000,
                now_ms: NOW + n,
            })
        };
        for n in 1..=2 {
            store
                .write(&f.scope, None, failed(n, Some(sara), "sara"))
                .await
                .unwrap();
        }
        let u = store.user(&f.scope, sara).await.unwrap().unwrap();
        assert_eq!((u.failed_sign_ins, u.locked_until_ms), (2, 0));
        store
            .write(&f.scope, None, failed(3, Some(sara), "sara"))
            .await
            .unwrap();
        store
            .write(&f.scope, None, failed(4, None, "ghost"))
            .await
            .unwrap();
        let u = store.user(&f.scope, sara).await.unwrap().unwrap();
        assert_eq!((u.failed_sign_ins, u.locked_until_ms), (3, NOW + 900_000));
        let events = store.security_events(&f.scope, 10, None).await.unwrap();
        let seen: Vec<_> = events
            .iter()
            .map(|e| (e.username.as_str(), e.detail.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("ghost", "attempt 4"),
                ("sara", "attempt 3"),
                ("sara", "attempt 2"),
                ("sara", "attempt 1")
            ]
        );
        let older = store
            .security_events(&f.scope, 2, Some(events[1].id))
            .await
            .unwrap();
        assert_eq!(older.len(), 2);
        assert_eq!(older[0].detail, "attempt 2");

        // A good sign-in clears the count and the lock and replaces the browser's old session.
        let session = |hash: &str| NewToken {
            user: sara,
            token_hash: hash.to_owned(),
            kind: TokenKind::Session,
            label: String::new(),
            expires_at_ms: Some(NOW + 3_600_000),
            device: None,
            now_ms: NOW,
        };
        let old = format!("old-{}", f.token_hash);
        let new = format!("new-{}", f.token_hash);
        store
            .write(
                &f.scope,
                None,
                Command::SignedIn {
                    token: session(&old),
                    replaces: None,
                },
            )
            .await
            .unwrap();
        store
            .write(
                &f.scope,
                None,
                Command::SignedIn {
                    token: session(&new),
                    replaces: Some(old.clone()),
                },
            )
            .await
            .unwrap();
        let u = store.user(&f.scope, sara).await.unwrap().unwrap();
        assert_eq!((u.failed_sign_ins, u.locked_until_ms), (0, 0));
        assert!(store.authenticate(&old).await.unwrap().is_none());
        let (_, owner) = store.authenticate(&new).await.unwrap().unwrap();
        assert_eq!(owner.token.kind, TokenKind::Session);
        // Other tenants' logs stay apart.
        let other = Fixture::new(&store).await;
        assert!(
            store
                .security_events(&other.scope, 10, None)
                .await
                .unwrap()
                .is_empty()
        );
    }
);
