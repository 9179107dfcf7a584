//! The back office's reads through the store, on every backend: customers and suppliers found
//! by part of a name or phone in any script and case (a page at a time, `%` and `_` taken
//! literally, another tenant's never), and what each warehouse holds of one product.

use mizan_store::{Command, Page};

use crate::support::Fixture;

contract!(
    customers_and_suppliers_are_found_by_part_of_a_name_or_phone_a_page_at_a_time,
    |store| {
        let f = Fixture::new(&store).await;
        let other = Fixture::new(&store).await;
        for (name, phone) in [
            ("Hotel Nile", Some("0100 555")),
            ("Nile Curtains", None),
            ("Cairo 50% Outlet", Some("0122")),
            ("فندق النيل", None),
            ("Гостиница Нил", None),
        ] {
            let w = |cmd| store.write(&f.scope, None, cmd);
            w(Command::CreateCustomer {
                name: name.into(),
                phone: phone.map(Into::into),
                credit_limit: None,
            })
            .await
            .unwrap();
            w(Command::CreateSupplier {
                name: name.into(),
                phone: phone.map(Into::into),
                tax_number: Some(format!("TAX-{}", name.len())),
            })
            .await
            .unwrap();
        }
        let names = |v: Vec<String>| v;
        let customers = |text: &'static str, page| store.customers_named(&f.scope, text, page);
        let found = customers("nile", Page::first(50)).await.unwrap();
        assert_eq!(
            names(found.iter().map(|c| c.name.clone()).collect()),
            ["Hotel Nile", "Nile Curtains"]
        );
        let first = customers("nile", Page::first(1)).await.unwrap();
        assert_eq!(first.len(), 1);
        let second = customers("nile", Page::after(first[0].id.0, 1))
            .await
            .unwrap();
        assert_eq!(
            second.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            ["Nile Curtains"]
        );
        let by_phone = customers("555", Page::first(50)).await.unwrap();
        assert_eq!(by_phone.len(), 1);
        assert_eq!(by_phone[0].name, "Hotel Nile");
        let arabic = customers("النيل", Page::first(50)).await.unwrap();
        assert_eq!(arabic.len(), 1);
        // Cyrillic folds case on every backend (SQLite's own LOWER folds ASCII only).
        let russian = customers("гостиница", Page::first(50)).await.unwrap();
        assert_eq!(russian.len(), 1, "{russian:?}");
        let suppliers = store
            .suppliers_named(&f.scope, "НИЛ", Page::first(50))
            .await
            .unwrap();
        assert!(suppliers.iter().any(|x| x.name == "Гостиница Нил"));
        // `%` and `_` are letters here, not wildcards.
        assert_eq!(customers("%", Page::first(50)).await.unwrap().len(), 1);
        assert!(customers("o_t", Page::first(50)).await.unwrap().is_empty());
        assert!(
            store
                .customers_named(&other.scope, "nile", Page::first(50))
                .await
                .unwrap()
                .is_empty()
        );
        let suppliers = store
            .suppliers_named(&f.scope, "NILE", Page::first(50))
            .await
            .unwrap();
        assert_eq!(suppliers.len(), 2);
        let by_tax = store
            .suppliers_named(&f.scope, "TAX-16", Page::first(50))
            .await
            .unwrap();
        assert_eq!(by_tax.len(), 1, "{by_tax:?}");
        assert!(
            store
                .suppliers_named(&other.scope, "nile", Page::first(50))
                .await
                .unwrap()
                .is_empty()
        );
    }
);

contract!(a_product_shows_what_each_warehouse_holds_of_it, |store| {
    let f = Fixture::new(&store).await;
    let levels = store.stock_levels(&f.scope).await.unwrap();
    let expected: Vec<_> = levels
        .into_iter()
        .filter(|l| l.product_id == f.rings)
        .collect();
    assert!(!expected.is_empty(), "the fixture holds rings");
    let held = store.product_stock(&f.scope, f.rings).await.unwrap();
    assert_eq!(held, expected);
    let other = Fixture::new(&store).await;
    assert!(
        store
            .product_stock(&other.scope, f.rings)
            .await
            .unwrap()
            .is_empty()
    );
});
