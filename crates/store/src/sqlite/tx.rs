//! [`Tx`] on a rusqlite connection: `$n` parameters rewritten to `?n` (SQLite would bind `$1`
//! as a named parameter in order of first appearance, not by its number), statements prepared
//! once per connection through rusqlite's cache.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use rusqlite::Connection;
use rusqlite::types::{ToSql, ToSqlOutput, Value, ValueRef};

use crate::StoreError;
use crate::tx::{Arg, Backend, EachRow, Row, Tx};

/// A connection inside the writer's transaction (or a read connection).
pub(crate) struct SqliteTx<'c> {
    conn: &'c Connection,
}

impl<'c> SqliteTx<'c> {
    pub(crate) fn new(conn: &'c Connection) -> Self {
        Self { conn }
    }
}

/// `sql` with every `$n` outside string literals written `?n`.
pub(crate) fn numbered(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == '$' && !quoted && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Arg::Ints(_) => {
                return Err(rusqlite::Error::ToSqlConversionFailure(
                    "SQLite takes no arrays: this statement is PostgreSQL's".into(),
                ));
            }
            Arg::Int(Some(v)) => ToSqlOutput::Owned(Value::Integer(v)),
            Arg::Text(Some(s)) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Arg::Bool(Some(b)) => ToSqlOutput::Owned(Value::Integer(i64::from(b))),
            Arg::Int(None) | Arg::Text(None) | Arg::Bool(None) => ToSqlOutput::Owned(Value::Null),
        })
    }
}

thread_local! {
    /// Each statement's text as SQLite reads it, rewritten once per thread.
    static NUMBERED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

/// Most statement texts [`NUMBERED`] keeps (they are a bounded set; this only guards a bug).
const MAX_NUMBERED: usize = 4096;

fn prepare<'c>(
    conn: &'c Connection,
    sql: &str,
    args: &[Arg<'_>],
) -> Result<rusqlite::CachedStatement<'c>, StoreError> {
    let mut st = NUMBERED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if !cache.contains_key(sql) {
            if cache.len() >= MAX_NUMBERED {
                cache.clear();
            }
            cache.insert(sql.to_owned(), numbered(sql).into_owned());
        }
        match cache.get(sql) {
            Some(text) => conn.prepare_cached(text),
            None => conn.prepare_cached(&numbered(sql)),
        }
    })?;
    for (i, a) in args.iter().enumerate() {
        st.raw_bind_parameter(i + 1, a)?;
    }
    Ok(st)
}

impl Tx for SqliteTx<'_> {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        let mut st = prepare(self.conn, sql, args)?;
        let n = st.raw_execute()?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn query(&mut self, sql: &str, args: &[Arg<'_>], each: EachRow<'_>) -> Result<(), StoreError> {
        let mut st = prepare(self.conn, sql, args)?;
        let mut rows = st.raw_query();
        while let Some(r) = rows.next()? {
            each(&SqliteRow(r))?;
        }
        Ok(())
    }
}

struct SqliteRow<'r, 's>(&'r rusqlite::Row<'s>);

impl Row for SqliteRow<'_, '_> {
    fn opt_i64(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.0.get(i)?)
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(self.0.get(i)?)
    }
    fn opt_bool(&self, i: usize) -> Result<Option<bool>, StoreError> {
        Ok(self.0.get(i)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_bind_by_their_number_not_by_first_appearance() {
        let conn = Connection::open_in_memory().unwrap();
        let mut tx = SqliteTx::new(&conn);
        let tx: &mut dyn Tx = &mut tx;
        let got = tx
            .one(
                "SELECT $2, $1, $2 + $1, '$1 stays'",
                crate::tx::args![10_i64, 20_i64],
                |r| Ok((r.i64(0)?, r.i64(1)?, r.i64(2)?, r.text(3)?)),
            )
            .unwrap();
        assert_eq!(got, (20, 10, 30, "$1 stays".to_owned()));
    }

    #[test]
    fn a_multi_row_insert_numbers_every_parameter() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER, b TEXT)")
            .unwrap();
        let mut tx = SqliteTx::new(&conn);
        let tx: &mut dyn Tx = &mut tx;
        tx.insert_many(
            "INSERT INTO t (a, b)",
            2,
            crate::tx::args![1_i64, "x", 2_i64, "y"],
            "",
        )
        .unwrap();
        let rows = tx
            .rows("SELECT a, b FROM t ORDER BY a", &[], |r| {
                Ok((r.i64(0)?, r.text(1)?))
            })
            .unwrap();
        assert_eq!(rows, vec![(1, "x".to_owned()), (2, "y".to_owned())]);
    }
}
