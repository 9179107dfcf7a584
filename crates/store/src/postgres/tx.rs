//! [`Tx`] on a synchronous `postgres` client: each statement is prepared once per connection and
//! kept (the client has no cache of its own) — or, behind a pgBouncer that cannot keep prepared
//! statements across transactions (before 1.21), only for the transaction. Integers bind as
//! whatever integer (or text) type the server inferred for the parameter.

use std::collections::HashMap;
use std::error::Error;

use bytes::BytesMut;
use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, Statement};

use crate::StoreError;
use crate::tx::{Arg, Backend, EachRow, Row, Tx};

/// A client with its prepared statements.
pub(crate) struct PgConn {
    pub(crate) client: Client,
    statements: HashMap<String, Statement>,
    /// Forget the statements at the end of every transaction (pgBouncer < 1.21).
    per_transaction: bool,
}

impl PgConn {
    pub(crate) fn new(client: Client, per_transaction: bool) -> Self {
        Self {
            client,
            statements: HashMap::new(),
            per_transaction,
        }
    }

    /// Runs `sql` (several statements, no parameters) in one round trip.
    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.client.batch_execute(sql)?)
    }

    /// Ends the transaction with `sql` (`COMMIT`, `ROLLBACK`, ...). Statements that live for
    /// one transaction only are closed first, inside it, so that behind pgBouncer their names
    /// are gone from the server connection before another client gets it.
    pub(crate) fn finish(&mut self, sql: &str) -> Result<(), StoreError> {
        if self.per_transaction {
            self.statements.clear();
        }
        self.batch(sql)
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(st) = self.statements.get(sql) {
            return Ok(st.clone());
        }
        let st = self.client.prepare(sql)?;
        self.statements.insert(sql.to_owned(), st.clone());
        Ok(st)
    }
}

impl Tx for PgConn {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        let st = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        Ok(self.client.execute(&st, &params)?)
    }

    fn query(&mut self, sql: &str, args: &[Arg<'_>], each: EachRow<'_>) -> Result<(), StoreError> {
        let st = self.statement(sql)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        for r in self.client.query(&st, &params)? {
            each(&PgRow(&r))?;
        }
        Ok(())
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
            Arg::Int(None) | Arg::Text(None) | Arg::Bool(None) => Ok(IsNull::Yes),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

struct PgRow<'r>(&'r postgres::Row);

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
