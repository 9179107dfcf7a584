//! [`Tx`] on a PostgreSQL connection, used synchronously from a dedicated thread: the
//! `tokio-postgres` client runs on a runtime of its own (one thread, driven only while a call
//! waits), never on the server's workers. Each statement is prepared once per connection and
//! kept — or, behind a pgBouncer that cannot keep prepared statements across transactions
//! (before 1.21), for the transaction only. Statements whose answer nobody waits for
//! ([`Tx::defer`]) are sent together with the next one that is waited for, in one round trip
//! (the protocol's pipelining). Integers bind as whatever integer (or text) type the server
//! inferred for the parameter.

use std::collections::HashMap;
use std::error::Error;

use bytes::BytesMut;
use futures_util::future::try_join_all;
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use tokio_postgres::{Client, Statement};

use crate::StoreError;
use crate::tx::{Arg, Backend, Col, EachRow, Probe, Query, Row, Table, Tx};

/// An argument kept until a deferred statement is sent.
#[derive(Debug, Clone)]
enum Owned {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Ints(Vec<i64>),
}

impl Owned {
    fn of(a: &Arg<'_>) -> Self {
        match *a {
            Arg::Int(v) => Self::Int(v),
            Arg::Text(v) => Self::Text(v.map(str::to_owned)),
            Arg::Bool(v) => Self::Bool(v),
            Arg::Ints(v) => Self::Ints(v.to_vec()),
        }
    }

    fn arg(&self) -> Arg<'_> {
        match self {
            Self::Int(v) => Arg::Int(*v),
            Self::Text(v) => Arg::Text(v.as_deref()),
            Self::Bool(v) => Arg::Bool(*v),
            Self::Ints(v) => Arg::Ints(v),
        }
    }
}

/// A statement to run: prepared and kept, or the unnamed statement.
#[derive(Clone)]
enum Stmt {
    Named(Statement),
    Unnamed(String),
}

/// A statement sent with the next one that is waited for.
enum Deferred {
    Prepared(Stmt, Vec<Owned>),
    /// An append-only table's rows, one array a column ([`Tx::append`]).
    Columns(Stmt, Vec<Column>),
    /// A query whose only answer is whether it found a row ([`Tx::probe`]).
    Probe(Stmt, Vec<Owned>, Probe),
    /// Several statements without parameters (simple query protocol).
    Simple(String),
}

/// One column of appended rows, bound as an array.
#[derive(Debug)]
enum Column {
    Int(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
}

impl Column {
    fn new(col: Col, rows: usize) -> Self {
        match col {
            Col::Int => Self::Int(Vec::with_capacity(rows)),
            Col::Text => Self::Text(Vec::with_capacity(rows)),
        }
    }

    /// Adds one value; a value of another type is a bug in the table's description.
    fn push(&mut self, v: &Owned) -> Result<(), StoreError> {
        match (self, v) {
            (Self::Int(c), Owned::Int(v)) => c.push(*v),
            (Self::Text(c), Owned::Text(v)) => c.push(v.clone()),
            (c, v) => {
                return Err(StoreError::Corrupt(format!(
                    "appended value {v:?} does not fit column {c:?}"
                )));
            }
        }
        Ok(())
    }

    fn param(&self) -> &(dyn ToSql + Sync) {
        match self {
            Self::Int(c) => c,
            Self::Text(c) => c,
        }
    }

    fn pg_type(&self) -> Type {
        match self {
            Self::Int(_) => Type::INT8_ARRAY,
            Self::Text(_) => Type::TEXT_ARRAY,
        }
    }
}

/// `table.head SELECT * FROM unnest($1::int8[], $2::text[], ...)`.
fn unnest_sql(table: &Table) -> String {
    use std::fmt::Write;
    let mut sql = format!("{} SELECT * FROM unnest(", table.head);
    for (i, col) in table.cols.iter().enumerate() {
        let ty = match col {
            Col::Int => "int8",
            Col::Text => "text",
        };
        let _ = write!(sql, "{}${}::{ty}[]", if i > 0 { ", " } else { "" }, i + 1);
    }
    sql.push(')');
    if !table.tail.is_empty() {
        sql.push(' ');
        sql.push_str(table.tail);
    }
    sql
}

/// The parameter type an argument is sent as, for the unnamed statement.
fn pg_type(a: &Arg<'_>) -> Type {
    match a {
        Arg::Int(_) => Type::INT8,
        Arg::Text(_) => Type::TEXT,
        Arg::Bool(_) => Type::BOOL,
        Arg::Ints(_) => Type::INT8_ARRAY,
    }
}

/// Runs `stmt` with `args`: its rows, and how many rows it changed.
async fn run(
    client: &Client,
    stmt: &Stmt,
    args: &[Arg<'_>],
) -> Result<(Vec<tokio_postgres::Row>, u64), tokio_postgres::Error> {
    use futures_util::TryStreamExt;
    let stream = match stmt {
        Stmt::Named(st) => client.query_raw(st, params(args)).await?,
        Stmt::Unnamed(sql) => {
            let typed = args.iter().map(|a| (a as &(dyn ToSql + Sync), pg_type(a)));
            client.query_typed_raw(sql, typed).await?
        }
    };
    let mut stream = std::pin::pin!(stream);
    let mut rows = Vec::new();
    while let Some(r) = stream.try_next().await? {
        rows.push(r);
    }
    let changed = stream.rows_affected().unwrap_or(0);
    Ok((rows, changed))
}

/// Runs an appended table's `INSERT ... SELECT FROM unnest` with its column arrays.
async fn insert_columns(
    client: &Client,
    stmt: &Stmt,
    columns: &[Column],
) -> Result<(), tokio_postgres::Error> {
    use futures_util::TryStreamExt;
    let stream = match stmt {
        Stmt::Named(st) => {
            client
                .query_raw(st, columns.iter().map(Column::param))
                .await?
        }
        Stmt::Unnamed(sql) => {
            let typed = columns.iter().map(|c| (c.param(), c.pg_type()));
            client.query_typed_raw(sql, typed).await?
        }
    };
    let mut stream = std::pin::pin!(stream);
    while stream.try_next().await?.is_some() {}
    Ok(())
}

/// What was deferred and appended at some point of a transaction ([`PgConn::mark`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mark {
    sent: u64,
    deferred: usize,
    appended: usize,
}

/// A connection with its prepared statements and what it has yet to send.
pub(crate) struct PgConn {
    runtime: tokio::runtime::Runtime,
    client: Client,
    statements: HashMap<String, Statement>,
    deferred: Vec<Deferred>,
    /// Rows appended to effect tables, written as the transaction commits (or at once, when
    /// `careful`).
    appended: Vec<(&'static Table, Vec<Owned>)>,
    /// Appended rows go out with the write that appends them, so that an error in them is
    /// that write's.
    careful: bool,
    /// Round trips that sent deferred statements (a mark taken before one is stale).
    sent: u64,
    /// Whether the server reported an error since this was last taken.
    server_error: bool,
    /// Never prepare named statements (pgBouncer < 1.21).
    unnamed: bool,
}

impl PgConn {
    pub(crate) fn connect(
        config: &tokio_postgres::Config,
        unnamed: bool,
    ) -> Result<Self, StoreError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (client, connection) = runtime.block_on(config.connect(tokio_postgres::NoTls))?;
        runtime.spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "postgres connection ended");
            }
        });
        Ok(Self {
            runtime,
            client,
            statements: HashMap::new(),
            deferred: Vec::new(),
            appended: Vec::new(),
            careful: false,
            sent: 0,
            server_error: false,
            unnamed,
        })
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// Runs `sql` (several statements, no parameters) and waits for it.
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.flush()?;
        let done = self.runtime.block_on(self.client.batch_execute(sql));
        self.noted(done.map_err(StoreError::from))
    }

    /// Sends `sql` (several statements, no parameters) with the next statement waited for.
    pub(crate) fn batch_later(&mut self, sql: &str) {
        self.deferred.push(Deferred::Simple(sql.to_owned()));
    }

    /// Sends what was deferred and the appended rows, then ends the transaction with `sql`
    /// (`COMMIT`, `ROLLBACK`), all in one round trip. (When a statement before it fails, the
    /// transaction is aborted and PostgreSQL ends a `COMMIT` as a rollback.)
    pub(crate) fn finish(&mut self, sql: &str) -> Result<(), StoreError> {
        self.write_appended()?;
        let pending = self.take_deferred();
        let client = &self.client;
        let done = pipeline(&self.runtime, client, &pending, client.batch_execute(sql));
        self.noted(done)
    }

    /// Defers one `INSERT ... SELECT FROM unnest` per table for the rows appended so far.
    fn write_appended(&mut self) -> Result<(), StoreError> {
        let appended = std::mem::take(&mut self.appended);
        let mut tables: Vec<(&'static Table, Vec<&[Owned]>)> = Vec::new();
        for (table, rows) in &appended {
            match tables.iter_mut().find(|(t, _)| std::ptr::eq(*t, *table)) {
                Some((_, all)) => all.push(rows),
                None => tables.push((table, vec![rows])),
            }
        }
        for (table, chunks) in tables {
            let width = table.cols.len().max(1);
            let rows = chunks.iter().map(|c| c.len() / width).sum();
            let mut columns: Vec<Column> =
                table.cols.iter().map(|c| Column::new(*c, rows)).collect();
            for chunk in chunks {
                for row in chunk.chunks_exact(width) {
                    for (column, v) in columns.iter_mut().zip(row) {
                        column.push(v)?;
                    }
                }
            }
            let st = self.statement(&unnest_sql(table))?;
            self.deferred.push(Deferred::Columns(st, columns));
        }
        Ok(())
    }

    /// Drops what was deferred or appended and not sent (the transaction is being abandoned).
    pub(crate) fn discard(&mut self) {
        self.deferred.clear();
        self.appended.clear();
    }

    /// What is deferred and appended now, to drop what comes after it
    /// ([`Self::discard_since`]).
    pub(crate) fn mark(&self) -> Mark {
        Mark {
            sent: self.sent,
            deferred: self.deferred.len(),
            appended: self.appended.len(),
        }
    }

    /// Drops what was deferred or appended after `mark` and not sent yet (all that is
    /// deferred, when a round trip went out since the mark).
    pub(crate) fn discard_since(&mut self, mark: Mark) {
        if self.sent == mark.sent {
            self.deferred.truncate(mark.deferred);
        } else {
            self.deferred.clear();
        }
        self.appended.truncate(mark.appended);
    }

    /// With `careful`, appended rows go out with the write that appends them.
    pub(crate) fn set_careful(&mut self, careful: bool) {
        self.careful = careful;
    }

    /// Whether the server reported an error (rather than the connection failing, or a rule
    /// refusing) since the last call.
    pub(crate) fn take_server_error(&mut self) -> bool {
        std::mem::take(&mut self.server_error)
    }

    /// What is deferred, to be sent now.
    fn take_deferred(&mut self) -> Vec<Deferred> {
        self.sent += 1;
        std::mem::take(&mut self.deferred)
    }

    /// `r`, noting whether it is an error the server reported.
    fn noted<T>(&mut self, r: Result<T, StoreError>) -> Result<T, StoreError> {
        if let Err(StoreError::Postgres(e)) = &r
            && e.code().is_some()
        {
            self.server_error = true;
        }
        r
    }

    fn statement(&mut self, sql: &str) -> Result<Stmt, StoreError> {
        if self.unnamed {
            return Ok(Stmt::Unnamed(sql.to_owned()));
        }
        if let Some(st) = self.statements.get(sql) {
            return Ok(Stmt::Named(st.clone()));
        }
        // What is queued goes first: it may end an aborted savepoint (`ROLLBACK TO`), before
        // which the server prepares nothing.
        self.flush()?;
        let prepared = self.runtime.block_on(self.client.prepare(sql));
        let st = self.noted(prepared.map_err(StoreError::from))?;
        self.statements.insert(sql.to_owned(), st.clone());
        Ok(Stmt::Named(st))
    }
}

fn params<'a>(args: &'a [Arg<'a>]) -> Vec<&'a (dyn ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
}

impl Tx for PgConn {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        self.flush()?;
        let st = self.statement(sql)?;
        let done = self.runtime.block_on(run(&self.client, &st, args));
        Ok(self.noted(done.map_err(StoreError::from))?.1)
    }

    fn query(&mut self, sql: &str, args: &[Arg<'_>], each: EachRow<'_>) -> Result<(), StoreError> {
        self.flush()?;
        let st = self.statement(sql)?;
        let done = self.runtime.block_on(run(&self.client, &st, args));
        let (rows, _) = self.noted(done.map_err(StoreError::from))?;
        for r in &rows {
            each(&PgRow(r))?;
        }
        Ok(())
    }

    fn defer(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<(), StoreError> {
        let st = self.statement(sql)?;
        self.deferred
            .push(Deferred::Prepared(st, args.iter().map(Owned::of).collect()));
        Ok(())
    }

    fn probe(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Probe, StoreError> {
        let st = self.statement(sql)?;
        let probe = Probe::default();
        self.deferred.push(Deferred::Probe(
            st,
            args.iter().map(Owned::of).collect(),
            probe.clone(),
        ));
        Ok(probe)
    }

    fn append(&mut self, table: &'static Table, values: &[Arg<'_>]) -> Result<(), StoreError> {
        table.width(values)?;
        if !values.is_empty() {
            self.appended
                .push((table, values.iter().map(Owned::of).collect()));
        }
        if self.careful {
            self.write_appended()?;
        }
        Ok(())
    }

    fn query_all(&mut self, queries: &mut [Query<'_>]) -> Result<(), StoreError> {
        let statements = queries
            .iter()
            .map(|q| self.statement(q.sql))
            .collect::<Result<Vec<_>, _>>()?;
        let pending = self.take_deferred();
        let client = &self.client;
        let asked = statements
            .iter()
            .zip(queries.iter())
            .map(|(st, q)| run(client, st, q.args));
        let answers = pipeline(&self.runtime, client, &pending, try_join_all(asked));
        let answers = self.noted(answers)?;
        for ((rows, _), q) in answers.iter().zip(queries.iter_mut()) {
            for r in rows {
                (q.each)(&PgRow(r))?;
            }
        }
        Ok(())
    }

    /// Sends every deferred statement in one round trip and waits for them all.
    fn flush(&mut self) -> Result<(), StoreError> {
        if self.deferred.is_empty() {
            return Ok(());
        }
        let pending = self.take_deferred();
        let done = std::future::ready(Ok::<_, tokio_postgres::Error>(()));
        let sent = pipeline(&self.runtime, &self.client, &pending, done);
        self.noted(sent)
    }
}

/// Sends every `pending` statement, then `next`, in one round trip; waits for all of them and
/// answers `next`'s result.
fn pipeline<T>(
    runtime: &tokio::runtime::Runtime,
    client: &Client,
    pending: &[Deferred],
    next: impl std::future::Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, StoreError> {
    {
        let args: Vec<Vec<Arg<'_>>> = pending
            .iter()
            .map(|d| match d {
                Deferred::Prepared(_, a) | Deferred::Probe(_, a, _) => {
                    a.iter().map(Owned::arg).collect()
                }
                Deferred::Columns(..) | Deferred::Simple(_) => Vec::new(),
            })
            .collect();
        let sent = pending.iter().zip(&args).map(|(d, a)| async move {
            match d {
                Deferred::Prepared(st, _) => run(client, st, a).await.map(|_| ()),
                Deferred::Probe(st, _, probe) => {
                    let (rows, _) = run(client, st, a).await?;
                    probe.set(!rows.is_empty());
                    Ok(())
                }
                Deferred::Columns(st, columns) => insert_columns(client, st, columns).await,
                Deferred::Simple(sql) => client.batch_execute(sql).await,
            }
        });
        // Both start at once: the deferred statements' requests go out first, then `next`'s.
        let (sent, answer) = runtime.block_on(futures_util::future::join(try_join_all(sent), next));
        sent?;
        Ok(answer?)
    }
}

fn int_to_sql(
    v: i64,
    ty: &Type,
    out: &mut BytesMut,
) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
    match *ty {
        Type::INT8 => v.to_sql(ty, out),
        Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
        Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
        Type::TEXT | Type::VARCHAR => v.to_string().as_str().to_sql(ty, out),
        _ => Err(format!("an integer cannot bind as {ty}: cast the parameter in the SQL").into()),
    }
}

impl ToSql for Arg<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match *self {
            Arg::Int(Some(v)) => int_to_sql(v, ty, out),
            Arg::Text(Some(s)) => s.to_sql(ty, out),
            Arg::Bool(Some(b)) => b.to_sql(ty, out),
            Arg::Ints(v) => v.to_sql(ty, out),
            Arg::Int(None) | Arg::Text(None) | Arg::Bool(None) => Ok(IsNull::Yes),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

struct PgRow<'r>(&'r tokio_postgres::Row);

impl Row for PgRow<'_> {
    fn opt_i64(&self, i: usize) -> Result<Option<i64>, StoreError> {
        let ty = self
            .0
            .columns()
            .get(i)
            .map(|c| c.type_().clone())
            .ok_or_else(|| StoreError::Corrupt(format!("no column {i}")))?;
        Ok(match ty {
            Type::INT4 => self.0.try_get::<_, Option<i32>>(i)?.map(i64::from),
            Type::INT2 => self.0.try_get::<_, Option<i16>>(i)?.map(i64::from),
            _ => self.0.try_get::<_, Option<i64>>(i)?,
        })
    }
    fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        Ok(self.0.try_get(i)?)
    }
    fn opt_bool(&self, i: usize) -> Result<Option<bool>, StoreError> {
        Ok(self.0.try_get(i)?)
    }
}
