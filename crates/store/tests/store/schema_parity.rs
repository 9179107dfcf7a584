//! The two migration folders describe one schema: after migrating a fresh SQLite file and the
//! PostgreSQL test database, both have the same tables, columns (and which may be NULL),
//! primary keys, unique keys (and whether partial) and foreign keys — except the foreign keys
//! PostgreSQL dropped from the hot tables on purpose (`0003_hot_table_keys.sql`) and from the rows a
//! café merge moves (`0018_cafe.sql`), listed here.

use std::collections::{BTreeMap, BTreeSet};

/// (table, columns, referenced table) of the foreign keys only SQLite keeps.
const DROPPED_ON_POSTGRES: &[(&str, &str, &str)] = &[
    ("sales", "tenant_id", "tenants"),
    ("sale_lines", "sale_id", "sales"),
    ("stock_levels", "tenant_id", "tenants"),
    ("stock_moves", "tenant_id", "tenants"),
    ("journal_entries", "tenant_id", "tenants"),
    ("journal_lines", "entry_id", "journal_entries"),
    ("journal_lines", "tenant_id,account_id", "accounts"),
    ("cafe_orders", "tenant_id,bill_id", "cafe_bills"),
    ("cafe_charges", "tenant_id,bill_id", "cafe_bills"),
];

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// Column name → NOT NULL.
    columns: BTreeMap<String, bool>,
    primary_key: Vec<String>,
    /// (columns, partial).
    unique: BTreeSet<(String, bool)>,
    /// (columns, referenced table, referenced columns).
    foreign_keys: BTreeSet<(String, String, String)>,
}

type Schema = BTreeMap<String, Table>;

fn sqlite_schema(path: &std::path::Path) -> Schema {
    let c = rusqlite::Connection::open(path).unwrap();
    let strings = |sql: &str, arg: &str| -> Vec<Vec<Option<String>>> {
        let mut q = c.prepare(sql).unwrap();
        let n = q.column_count();
        q.query_map([arg], |r| {
            (0..n)
                .map(|i| {
                    r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                        rusqlite::types::Value::Null => None,
                        rusqlite::types::Value::Integer(i) => Some(i.to_string()),
                        rusqlite::types::Value::Text(t) => Some(t),
                        other => Some(format!("{other:?}")),
                    })
                })
                .collect()
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut schema = Schema::new();
    for t in strings(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> ?1",
        "",
    ) {
        let name = s(&t[0]);
        let mut table = Table::default();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for col in strings(
            "SELECT name, \"notnull\", pk FROM pragma_table_info(?1)",
            &name,
        ) {
            let pk_pos: i64 = s(&col[2]).parse().unwrap();
            table
                .columns
                .insert(s(&col[0]), s(&col[1]) == "1" || pk_pos > 0);
            if pk_pos > 0 {
                pk.push((pk_pos, s(&col[0])));
            }
        }
        pk.sort();
        table.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        for idx in strings(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)",
            &name,
        ) {
            if s(&idx[1]) != "1" || s(&idx[2]) == "pk" {
                continue;
            }
            let cols: Vec<String> = strings(
                "SELECT name FROM pragma_index_info(?1) ORDER BY seqno",
                &s(&idx[0]),
            )
            .iter()
            .map(|r| s(&r[0]))
            .collect();
            table.unique.insert((cols.join(","), s(&idx[3]) == "1"));
        }
        let mut fks: BTreeMap<String, (String, Vec<String>, Vec<String>)> = BTreeMap::new();
        for fk in strings(
            "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1) \
             ORDER BY id, seq",
            &name,
        ) {
            let e = fks
                .entry(s(&fk[0]))
                .or_insert_with(|| (s(&fk[1]), vec![], vec![]));
            e.1.push(s(&fk[2]));
            e.2.push(fk[3].clone().unwrap_or_else(|| "id".into()));
        }
        for (_, (to, from, cols)) in fks {
            table
                .foreign_keys
                .insert((from.join(","), to, cols.join(",")));
        }
        schema.insert(name, table);
    }
    schema
}

fn postgres_schema(url: &str) -> Schema {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    let mut schema = Schema::new();
    let tables = c
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
               AND table_name <> 'schema_migrations'",
            &[],
        )
        .unwrap();
    for t in tables {
        let name: String = t.get(0);
        let mut table = Table::default();
        for col in c
            .query(
                "SELECT column_name::text, is_nullable = 'NO' FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = $1",
                &[&name],
            )
            .unwrap()
        {
            table.columns.insert(col.get(0), col.get(1));
        }
        let cols = |rel: &str, keys: &str| {
            format!(
                "ARRAY(SELECT a.attname::text FROM unnest({keys}) WITH ORDINALITY k(n, i)
                       JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.n
                       ORDER BY k.i)"
            )
        };
        for idx in c
            .query(
                &format!(
                    "SELECT i.indisprimary, i.indpred IS NOT NULL, {}
                     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                     JOIN pg_namespace n ON n.oid = t.relnamespace
                     WHERE n.nspname = 'public' AND t.relname = $1 AND i.indisunique",
                    cols("i.indrelid", "i.indkey::int2[]")
                ),
                &[&name],
            )
            .unwrap()
        {
            let columns: Vec<String> = idx.get(2);
            if idx.get::<_, bool>(0) {
                table.primary_key = columns;
            } else {
                table.unique.insert((columns.join(","), idx.get(1)));
            }
        }
        for fk in c
            .query(
                &format!(
                    "SELECT {}, f.relname::text, {}
                     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                     JOIN pg_namespace n ON n.oid = t.relnamespace
                     JOIN pg_class f ON f.oid = c.confrelid
                     WHERE n.nspname = 'public' AND t.relname = $1 AND c.contype = 'f'",
                    cols("c.conrelid", "c.conkey"),
                    cols("c.confrelid", "c.confkey")
                ),
                &[&name],
            )
            .unwrap()
        {
            let from: Vec<String> = fk.get(0);
            let to: Vec<String> = fk.get(2);
            table
                .foreign_keys
                .insert((from.join(","), fk.get(1), to.join(",")));
        }
        schema.insert(name, table);
    }
    schema
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migration_folders_make_the_same_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parity.db");
    drop(
        mizan_store::open(&format!("sqlite://{}", path.display()))
            .await
            .unwrap(),
    );
    let mut sqlite = sqlite_schema(&path);
    for (table, from, to) in DROPPED_ON_POSTGRES {
        let t = sqlite.get_mut(*table).unwrap();
        let before = t.foreign_keys.len();
        t.foreign_keys.retain(|(f, r, _)| !(f == from && r == to));
        assert_eq!(
            t.foreign_keys.len() + 1,
            before,
            "SQLite has the key {table}({from}) -> {to}"
        );
    }
    let Some(store) = crate::support::postgres().await else {
        return;
    };
    drop(store);
    let url = std::env::var("MIZAN_TEST_POSTGRES_URL").unwrap();
    let postgres = tokio::task::spawn_blocking(move || postgres_schema(&url))
        .await
        .unwrap();
    assert!(
        sqlite.len() >= 18,
        "every table is read: {:?}",
        sqlite.keys()
    );
    let names = |s: &Schema| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&sqlite), names(&postgres), "the same tables");
    for (name, table) in &sqlite {
        assert_eq!(Some(table), postgres.get(name), "table {name}");
    }
}
