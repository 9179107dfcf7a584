//! The one transaction surface every store operation is written against: `Tx` (execute, query
//! rows, multi-row insert, lock rows for update), its arguments (`Arg`) and rows (`Row`).
//! SQLite (`sqlite::tx`) and PostgreSQL (`postgres::tx`) implement it; nothing above this
//! module knows which database it talks to. SQL is written with `$n` parameters; SQLite's
//! implementation rewrites them to `?n`.

use std::collections::HashMap;
use std::rc::Rc;

use crate::StoreError;

/// Which database a [`Tx`] runs on, for the few statements whose best form differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

/// One bound parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    Int(Option<i64>),
    Text(Option<&'a str>),
    Bool(Option<bool>),
    /// An array of integers: PostgreSQL only (`$n::int8[]`), for the statements whose best
    /// form there takes a list (see `stock::write::LevelLookup`).
    Ints(&'a [i64]),
}

impl<'a> From<&'a [i64]> for Arg<'a> {
    fn from(v: &'a [i64]) -> Self {
        Self::Ints(v)
    }
}
impl<'a> From<&'a Vec<i64>> for Arg<'a> {
    fn from(v: &'a Vec<i64>) -> Self {
        Self::Ints(v)
    }
}

impl From<i64> for Arg<'_> {
    fn from(v: i64) -> Self {
        Self::Int(Some(v))
    }
}
impl From<i32> for Arg<'_> {
    fn from(v: i32) -> Self {
        Self::Int(Some(i64::from(v)))
    }
}
impl From<Option<i64>> for Arg<'_> {
    fn from(v: Option<i64>) -> Self {
        Self::Int(v)
    }
}
impl From<Option<i32>> for Arg<'_> {
    fn from(v: Option<i32>) -> Self {
        Self::Int(v.map(i64::from))
    }
}
impl<'a> From<&'a str> for Arg<'a> {
    fn from(v: &'a str) -> Self {
        Self::Text(Some(v))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(v: &'a String) -> Self {
        Self::Text(Some(v))
    }
}
impl<'a> From<Option<&'a str>> for Arg<'a> {
    fn from(v: Option<&'a str>) -> Self {
        Self::Text(v)
    }
}
impl<'a> From<&'a Option<String>> for Arg<'a> {
    fn from(v: &'a Option<String>) -> Self {
        Self::Text(v.as_deref())
    }
}
impl From<bool> for Arg<'_> {
    fn from(v: bool) -> Self {
        Self::Bool(Some(v))
    }
}
impl From<Option<bool>> for Arg<'_> {
    fn from(v: Option<bool>) -> Self {
        Self::Bool(v)
    }
}

/// The arguments of a statement, in `$n` order: `args![t, id]`, or with each named at its
/// bind site, `args![tenant = t, sale = id]` (the names document; the order binds).
macro_rules! args {
    ($($name:ident = $value:expr),+ $(,)?) => {
        &[$($crate::tx::Arg::from($value)),+]
    };
    ($($value:expr),* $(,)?) => {
        &[$($crate::tx::Arg::from($value)),*]
    };
}
pub(crate) use args;

/// One result row; columns by position.
pub(crate) trait Row {
    fn opt_i64(&self, i: usize) -> Result<Option<i64>, StoreError>;
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError>;
    fn opt_bool(&self, i: usize) -> Result<Option<bool>, StoreError>;

    fn i64(&self, i: usize) -> Result<i64, StoreError> {
        self.opt_i64(i)?
            .ok_or_else(|| StoreError::Corrupt(format!("column {i} is NULL")))
    }
    fn i32(&self, i: usize) -> Result<i32, StoreError> {
        let v = self.i64(i)?;
        i32::try_from(v).map_err(|_| StoreError::Corrupt(format!("column {i}: {v} is too large")))
    }
    fn text(&self, i: usize) -> Result<String, StoreError> {
        self.opt_text(i)?
            .ok_or_else(|| StoreError::Corrupt(format!("column {i} is NULL")))
    }
    fn bool(&self, i: usize) -> Result<bool, StoreError> {
        self.opt_bool(i)?
            .ok_or_else(|| StoreError::Corrupt(format!("column {i} is NULL")))
    }
}

/// What each row of a query is handed to.
pub(crate) type EachRow<'f> = &'f mut dyn FnMut(&dyn Row) -> Result<(), StoreError>;

/// One query of [`Tx::query_all`].
pub(crate) struct Query<'q> {
    pub sql: &'q str,
    pub args: &'q [Arg<'q>],
    pub each: EachRow<'q>,
}

/// A transaction (or a read-only connection) on one of the two databases.
pub(crate) trait Tx {
    fn backend(&self) -> Backend;

    /// Runs one statement; returns the number of rows it changed.
    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError>;

    /// Runs one query, handing each row to `each`.
    fn query(&mut self, sql: &str, args: &[Arg<'_>], each: EachRow<'_>) -> Result<(), StoreError>;

    /// Runs a statement whose answer the caller does not need: PostgreSQL sends it with the
    /// next statement that is waited for (one round trip for several), SQLite runs it at once.
    /// Statements still run in order; an error surfaces at the next statement or [`Tx::flush`].
    fn defer(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<(), StoreError> {
        self.execute(sql, args).map(|_| ())
    }

    /// Runs independent queries, in order, handing each one's rows to its own `each`.
    /// PostgreSQL sends them all in one round trip (with whatever was deferred).
    fn query_all(&mut self, queries: &mut [Query<'_>]) -> Result<(), StoreError> {
        for q in queries {
            self.query(q.sql, q.args, q.each)?;
        }
        Ok(())
    }

    /// Sends what was deferred and waits for it.
    fn flush(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Whether a query returns any row, asked now and answered by the next round trip:
    /// PostgreSQL sends it with the next statement that is waited for (or [`Tx::flush`]);
    /// SQLite answers at once. Read the answer with [`Probe::found`].
    fn probe(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Probe, StoreError> {
        let mut found = false;
        self.query(sql, args, &mut |_| {
            found = true;
            Ok(())
        })?;
        Ok(Probe::answered(found))
    }

    /// Adds rows (`values`, `table.cols.len()` a row, in order) to an append-only effect table:
    /// rows that no write reads back (stock moves, journal lines, a posted sale's lines, ...).
    /// SQLite inserts them now (one multi-row `INSERT`); PostgreSQL keeps them and writes each
    /// table's rows of the whole batch with one `INSERT ... SELECT FROM unnest(...)` as the
    /// transaction commits, so a batch of sales costs a statement per table, not per sale. No
    /// write may read rows that it or an earlier write of its batch appended (a write that must
    /// runs in a batch of its own: `db::Alone`).
    fn append(&mut self, table: &'static Table, values: &[Arg<'_>]) -> Result<(), StoreError> {
        let width = table.width(values)?;
        let mut rest = values;
        while !rest.is_empty() {
            // A write's few rows in one statement; a batch's many in chunks of a few sizes, so
            // that the statements stay few (and prepared).
            let rows = rest.len() / width;
            let n = if rows <= 16 {
                rows
            } else {
                1 << rows.min(64).ilog2()
            };
            let (now, later) = rest.split_at(n * width);
            self.defer(&values_sql(table.head, width, n, table.tail), now)?;
            rest = later;
        }
        Ok(())
    }
}

/// The answer to a [`Tx::probe`], once its round trip has been made.
#[derive(Debug, Clone, Default)]
pub(crate) struct Probe(std::sync::Arc<std::sync::atomic::AtomicU8>);

/// [`Probe`]'s states.
const UNANSWERED: u8 = 0;
const NOT_FOUND: u8 = 1;
const FOUND: u8 = 2;

impl Probe {
    pub(crate) fn answered(found: bool) -> Self {
        let probe = Self::default();
        probe.set(found);
        probe
    }

    /// Records the answer (the backend, when the probe's round trip comes back).
    pub(crate) fn set(&self, found: bool) {
        let v = if found { FOUND } else { NOT_FOUND };
        self.0.store(v, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the query returned a row; makes the round trip if none was made since.
    pub(crate) fn found(&self, tx: &mut dyn Tx) -> Result<bool, StoreError> {
        let get = || self.0.load(std::sync::atomic::Ordering::Relaxed);
        if get() == UNANSWERED {
            tx.flush()?;
        }
        match get() {
            FOUND => Ok(true),
            NOT_FOUND => Ok(false),
            _ => Err(StoreError::Corrupt("a probe was never answered".into())),
        }
    }
}

/// A column's type, which PostgreSQL's arrays need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    Int,
    Text,
}

/// An append-only effect table for [`Tx::append`]: `head` is `INSERT INTO t (a, b, ...)`,
/// `cols` the type of each column named there, in order, and `tail` what follows the rows
/// (`ON CONFLICT ...`, or nothing).
#[derive(Debug)]
pub(crate) struct Table {
    pub head: &'static str,
    pub cols: &'static [Col],
    pub tail: &'static str,
}

impl Table {
    /// Values a row; refuses `values` that do not make whole rows.
    pub(crate) fn width(&self, values: &[Arg<'_>]) -> Result<usize, StoreError> {
        let width = self.cols.len().max(1);
        if values.len().is_multiple_of(width) {
            Ok(width)
        } else {
            Err(StoreError::Corrupt(format!(
                "{} values do not make rows of {width}",
                values.len()
            )))
        }
    }
}

impl dyn Tx + '_ {
    /// Every row of a query, mapped by `f`.
    pub(crate) fn rows<T>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
        mut f: impl FnMut(&dyn Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        self.query(sql, args, &mut |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, if any.
    pub(crate) fn opt<T>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
        f: impl FnOnce(&dyn Row) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let mut f = Some(f);
        let mut out = None;
        self.query(sql, args, &mut |r| {
            if let Some(f) = f.take() {
                out = Some(f(r)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The one row a query must return.
    pub(crate) fn one<T>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
        f: impl FnOnce(&dyn Row) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.opt(sql, args, f)?
            .ok_or_else(|| StoreError::Corrupt(format!("no row from: {sql}")))
    }

    /// Like [`Self::opt`], locking the row it reads until the transaction ends. PostgreSQL:
    /// `FOR UPDATE` appended (`sql` must be a plain single-table `SELECT`); SQLite: nothing to
    /// add, its one writer already excludes every other write.
    pub(crate) fn lock_row<T>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
        f: impl FnOnce(&dyn Row) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        match self.backend() {
            Backend::Sqlite => self.opt(sql, args, f),
            Backend::Postgres => self.opt(&format!("{sql} FOR UPDATE"), args, f),
        }
    }

    /// One multi-row `INSERT` (that returns nothing), deferred (see [`Tx::defer`]): `head VALUES
    /// (...), (...)` with `width` parameters a row, bound from `values` in order; `tail` follows
    /// (`ON CONFLICT ...`). Nothing runs for no rows. Multi-row VALUES is the best form on
    /// SQLite; on PostgreSQL it is as good as `UNNEST` at a posting's few rows, and keeps one
    /// statement text per row count (so each stays prepared).
    pub(crate) fn insert_many(
        &mut self,
        head: &'static str,
        width: usize,
        values: &[Arg<'_>],
        tail: &'static str,
    ) -> Result<(), StoreError> {
        let width = width.max(1);
        let rows = values.len() / width;
        if rows == 0 {
            return Ok(());
        }
        let sql = values_sql(head, width, rows, tail);
        self.defer(&sql, &values[..rows * width])
    }

    /// The id of the row an `INSERT ... RETURNING id` made.
    pub(crate) fn insert_id(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<i64, StoreError> {
        self.one(sql, args, |r| r.i64(0))
    }

    /// Whether a query returns any row.
    pub(crate) fn exists(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<bool, StoreError> {
        Ok(self.opt(sql, args, |_| Ok(()))?.is_some())
    }
}

/// (head address, tail address, width, rows) of a [`values_sql`] statement.
type ValuesKey = (usize, usize, usize, usize);

thread_local! {
    /// The statements [`values_sql`] made: built once per thread.
    static VALUES_SQL: std::cell::RefCell<HashMap<ValuesKey, Rc<str>>> =
        std::cell::RefCell::new(HashMap::new());
}

/// `head VALUES ($1, ...), (...) tail` for `rows` rows of `width` parameters. `head` and
/// `tail` are static, so their addresses name them.
fn values_sql(head: &'static str, width: usize, rows: usize, tail: &'static str) -> Rc<str> {
    let key = (head.as_ptr() as usize, tail.as_ptr() as usize, width, rows);
    VALUES_SQL.with(|cache| {
        Rc::clone(
            cache
                .borrow_mut()
                .entry(key)
                .or_insert_with(|| build_values_sql(head, width, rows, tail).into()),
        )
    })
}

fn build_values_sql(head: &str, width: usize, rows: usize, tail: &str) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(head.len() + tail.len() + 8 + rows * width * 5);
    sql.push_str(head);
    sql.push_str(" VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push(',');
            }
            n += 1;
            let _ = write!(sql, "${n}");
        }
        sql.push(')');
    }
    if !tail.is_empty() {
        sql.push(' ');
        sql.push_str(tail);
    }
    sql
}

/// The query for the ids a sale's posting takes before it inserts (so that the inserts need no
/// answer): its sale's (when `new_sale`; else NULL) and its journal entry's, in one row. This
/// statement differs per backend: PostgreSQL takes them from the identity sequences, named (a
/// refused posting leaves a gap in ids, never in numbers); SQLite, whose one writer excludes
/// every other write, from the largest ids so far.
pub(crate) fn next_ids_query(tx: &dyn Tx, new_sale: bool) -> &'static str {
    match (tx.backend(), new_sale) {
        (Backend::Sqlite, true) => {
            "SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM sales),
                 (SELECT COALESCE(MAX(id), 0) + 1 FROM journal_entries)"
        }
        (Backend::Sqlite, false) => {
            "SELECT NULL, (SELECT COALESCE(MAX(id), 0) + 1 FROM journal_entries)"
        }
        (Backend::Postgres, true) => {
            "SELECT nextval('sales_id_seq'::regclass),
                 nextval('journal_entries_id_seq'::regclass)"
        }
        (Backend::Postgres, false) => {
            "SELECT NULL::int8, nextval('journal_entries_id_seq'::regclass)"
        }
    }
}

/// `i` as a stored ordinal (line numbers).
pub(crate) fn ordinal(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}
