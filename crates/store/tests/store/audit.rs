//! The audit trail in the store: each write leaves one row naming who did it (a refused or
//! replayed write leaves none), the sealer chains the rows in order, and `check` names a row
//! that was changed, removed or inserted behind the store's back — on both backends.

use mizan_domain::{BranchId, DeviceId, UserId};
use mizan_store::{Author, Command, Idempotency, Store, TenantScope};

use crate::support::{self, Fixture, NOW};

/// Sara at till 3 of branch 1, approved by a manager.
fn sara() -> Author {
    Author {
        device: Some(DeviceId(3)),
        branch: Some(BranchId(1)),
        detail: "approved by omar".to_owned(),
        ..Author::user(Some(UserId(7)), "sara", NOW)
    }
}

async fn branches(store: &dyn Store, scope: &TenantScope, n: usize) {
    for i in 0..n {
        let cmd = Command::CreateBranch {
            name: format!("Branch {i}"),
        };
        store.write_by(scope, &sara(), None, cmd).await.unwrap();
    }
}

async fn seal_all(store: &dyn Store, scope: &TenantScope) {
    while store.seal_audit(scope).await.unwrap() > 0 {}
}

async fn chain_findings(store: &dyn Store, scope: &TenantScope) -> Vec<String> {
    store
        .check(scope)
        .await
        .unwrap()
        .into_iter()
        .filter(|f| f.check == "audit_chain")
        .map(|f| f.subject)
        .collect()
}

contract!(
    every_write_leaves_one_row_naming_its_author_and_the_chain_seals_in_order,
    |store| {
        let f = Fixture::new(&store).await;
        let before = store.audit_log(&f.scope, 500, None).await.unwrap().len();
        branches(&*store, &f.scope, 3).await;
        // A refused write leaves no row; a replayed one adds none.
        let refused = Command::CreateWarehouse {
            branch_id: Some(mizan_domain::BranchId(i64::MAX)),
            code: "X".into(),
            name: "X".into(),
        };
        assert!(
            store
                .write_by(&f.scope, &sara(), None, refused)
                .await
                .is_err()
        );
        let key = Idempotency {
            key: "k-1".into(),
            request_hash: "h".into(),
        };
        for _ in 0..2 {
            let cmd = Command::CreateBranch {
                name: "Once".into(),
            };
            store
                .write_by(&f.scope, &sara(), Some(key.clone()), cmd)
                .await
                .unwrap();
        }
        let rows = store.audit_log(&f.scope, 500, None).await.unwrap();
        assert_eq!(rows.len(), before + 4);
        let newest = &rows[0];
        assert_eq!(
            (
                newest.username.as_str(),
                newest.user_id,
                newest.action.as_str()
            ),
            ("sara", Some(UserId(7)), "create_branch")
        );
        assert_eq!(
            (newest.resource_kind.as_str(), newest.at_ms),
            ("branch", NOW)
        );
        assert_eq!(
            (newest.device_id, newest.branch_id, newest.detail.as_str()),
            (Some(DeviceId(3)), Some(BranchId(1)), "approved by omar")
        );
        assert!(rows.iter().all(|r| r.seq.is_none()));

        seal_all(&*store, &f.scope).await;
        let sealed = store.audit_log(&f.scope, 500, None).await.unwrap();
        let mut seqs: Vec<i64> = sealed.iter().map(|r| r.seq.unwrap()).collect();
        seqs.reverse();
        assert_eq!(
            seqs,
            (1..=i64::try_from(sealed.len()).unwrap()).collect::<Vec<_>>()
        );
        assert!(chain_findings(&*store, &f.scope).await.is_empty());
        // Later rows continue the chain.
        branches(&*store, &f.scope, 2).await;
        seal_all(&*store, &f.scope).await;
        assert!(chain_findings(&*store, &f.scope).await.is_empty());
        assert!(
            store
                .unsealed_audit_tenants()
                .await
                .unwrap()
                .iter()
                .all(|s| *s != f.scope)
        );
    }
);

contract!(
    check_names_an_audit_row_changed_removed_or_inserted_behind_the_stores_back,
    |store| {
        // Each kind of tampering on a tenant of its own.
        for (tampering, expect) in [
            (
                "UPDATE audit_log SET username = 'mallory' WHERE tenant_id = $1 AND seq = 2",
                "(seq 2) was changed",
            ),
            (
                "UPDATE audit_log SET device_id = 9 WHERE tenant_id = $1 AND seq = 2",
                "(seq 2) was changed",
            ),
            (
                "UPDATE audit_log SET detail = 'approved by mallory' WHERE tenant_id = $1 AND seq = 4",
                "(seq 4) was changed",
            ),
            (
                "DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 3",
                "audit rows from seq 3 to 3 were removed",
            ),
            (
                "DELETE FROM audit_log WHERE tenant_id = $1 AND seq = 5",
                "audit rows from seq 5 to 5 were removed",
            ),
            (
                "UPDATE audit_log SET seq = seq + 100 WHERE tenant_id = $1 AND seq >= 4",
                "audit rows from seq 4 to 103 were removed",
            ),
        ] {
            let f = Fixture::new(&store).await;
            branches(&*store, &f.scope, 5).await;
            seal_all(&*store, &f.scope).await;
            assert!(chain_findings(&*store, &f.scope).await.is_empty());
            let t = f.scope.tenant().0;
            support::tamper(&store, t, tampering).await;
            let found = chain_findings(&*store, &f.scope).await;
            assert!(
                found.iter().any(|s| s.contains(expect)),
                "{tampering}: {found:?}"
            );
        }
        // A row slipped in between two sealed ones, with a seal of its own.
        let f = Fixture::new(&store).await;
        branches(&*store, &f.scope, 3).await;
        seal_all(&*store, &f.scope).await;
        let t = f.scope.tenant().0;
        support::tamper(
            &store,
            t,
            "UPDATE audit_log SET seq = seq + 100 WHERE tenant_id = $1 AND seq >= 3",
        )
        .await;
        support::tamper(
            &store,
            t,
            "INSERT INTO audit_log (tenant_id, at_ms, username, action, resource_kind, resource_id,
                                seq, prev_hash, hash)
         SELECT tenant_id, at_ms, 'mallory', 'create_branch', 'branch', 1, 3, hash, 'forged'
         FROM audit_log WHERE tenant_id = $1 AND seq = 2",
        )
        .await;
        let found = chain_findings(&*store, &f.scope).await;
        assert!(
            found.iter().any(|s| s.contains("(seq 3) was changed")),
            "{found:?}"
        );
    }
);
