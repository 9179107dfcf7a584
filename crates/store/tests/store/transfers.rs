//! Transfers and counts through the store, on every backend: a transfer moves quantity and
//! value between warehouses with no entry, and is listed newest first; a count books shrinkage and found stock; refusals
//! name the product and what is available; a check names a transfer whose quantities do not
//! balance.

use std::sync::Arc;

use mizan_domain::transfers::{CountLine, StockCount, Transfer, TransferLine};
use mizan_domain::{Refusal, WarehouseId};
use mizan_store::{Command, Store};

use crate::support::{self, Fixture, NOW};

async fn second_warehouse(store: &Arc<dyn Store>, f: &Fixture) -> WarehouseId {
    let w = store
        .write(
            &f.scope,
            None,
            Command::CreateWarehouse {
                branch_id: None,
                code: "SHOP".into(),
                name: "Shop floor".into(),
            },
        )
        .await
        .unwrap();
    WarehouseId(w.id)
}

async fn level(store: &Arc<dyn Store>, f: &Fixture, w: WarehouseId) -> (i64, i64) {
    store
        .stock_levels(&f.scope)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.warehouse_id == w && l.product_id == f.rings)
        .map_or((0, 0), |l| (l.qty, l.value))
}

contract!(
    transfers_move_value_and_counts_book_shrinkage_and_found_stock,
    |store| {
        let f = Fixture::new(&store).await;
        let shop = second_warehouse(&store, &f).await;
        // The fixture holds 50 rings at 7.00.
        let t = Transfer::new(
            f.warehouse,
            shop,
            vec![TransferLine {
                product: f.rings,
                qty: 20_000,
            }],
            Some("for the window"),
        )
        .unwrap();
        let w = store
            .write(
                &f.scope,
                None,
                Command::TransferStock {
                    transfer: t,
                    moved_by: "manager".into(),
                    now_ms: NOW,
                },
            )
            .await
            .unwrap();
        let doc = store
            .stock_document(&f.scope, "transfer", w.id)
            .await
            .unwrap()
            .unwrap();
        assert!(doc.number.starts_with("TRF-"), "{}", doc.number);
        assert_eq!(doc.value, 14_000);
        // Listed from its own table, though it wrote no journal entry; counts are not.
        let listed = store
            .stock_documents(&f.scope, "transfer", None, 50)
            .await
            .unwrap();
        assert_eq!(
            listed.iter().map(|d| &d.number).collect::<Vec<_>>(),
            [&doc.number]
        );
        assert!(listed[0].lines.is_empty());
        assert!(
            store
                .stock_documents(&f.scope, "transfer", Some(doc.id), 50)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            store
                .stock_documents(&f.scope, "count", None, 50)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(level(&store, &f, f.warehouse).await, (30_000, 21_000));
        assert_eq!(level(&store, &f, shop).await, (20_000, 14_000));
        let too_many = Transfer::new(
            shop,
            f.warehouse,
            vec![TransferLine {
                product: f.rings,
                qty: 20_001,
            }],
            None,
        )
        .unwrap();
        let e = store
            .write(
                &f.scope,
                None,
                Command::TransferStock {
                    transfer: too_many,
                    moved_by: "manager".into(),
                    now_ms: NOW,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(e.code(), "insufficient_stock");
        // Counted: 18 in the shop (2 short), 33 in the store room (3 found).
        for (warehouse, counted) in [(shop, 18_000), (f.warehouse, 33_000)] {
            let c = StockCount::new(
                warehouse,
                vec![CountLine {
                    product: f.rings,
                    counted,
                }],
                "monthly count",
            )
            .unwrap();
            let w = store
                .write(
                    &f.scope,
                    None,
                    Command::CountStock {
                        count: c,
                        counted_by: "manager".into(),
                        now_ms: NOW,
                    },
                )
                .await
                .unwrap();
            let doc = store
                .stock_document(&f.scope, "count", w.id)
                .await
                .unwrap()
                .unwrap();
            assert!(doc.number.starts_with("CNT-"), "{}", doc.number);
            assert_eq!(doc.lines[0].counted, Some(counted));
        }
        assert_eq!(level(&store, &f, shop).await, (18_000, 12_600));
        assert_eq!(level(&store, &f, f.warehouse).await, (33_000, 23_100));
        let balances = store.account_balances(&f.scope).await.unwrap();
        let bal = |code: &str| balances.iter().find(|a| a.code == code).unwrap().balance;
        assert_eq!(bal("52020"), 1_400);
        assert_eq!(bal("42010"), -2_100);
        assert_eq!(support::findings(&store, &f).await, Vec::<String>::new());
        support::tamper(
            &store,
            f.scope.tenant().0,
            "UPDATE stock_moves SET qty = qty + 1
             WHERE tenant_id = $1 AND doc_kind = 'transfer' AND qty > 0",
        )
        .await;
        let found = support::findings(&store, &f).await;
        assert!(
            found.iter().any(|x| x.starts_with("transfer_quantities")),
            "{found:?}"
        );
    }
);
