//! The SQLite writer thread: it owns the one write connection and drains its queue into group
//! commits — several jobs in one `BEGIN IMMEDIATE` transaction, each inside its own savepoint so
//! that a refused job leaves no trace while the others commit; each job is answered on its own
//! after the one durable commit.

use std::collections::HashMap;

use mizan_domain::sales::ProductPolicy;
use std::sync::mpsc;

use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::oneshot;

use crate::{StoreError, WriteError};

/// Most jobs in one group commit.
const MAX_BATCH: usize = 512;

/// Caches of rows postings read on every write. Whoever changes one of these rows must
/// invalidate its entry here. Keys are (tenant, id). Cleared whenever a commit
/// fails, so they can never hold a row that was not committed.
#[derive(Default)]
pub(super) struct WriterState {
    /// Role accounts per tenant.
    pub role_accounts: HashMap<i64, HashMap<String, i64>>,
    pub products: HashMap<(i64, i64), ProductPolicy>,
    /// Branch of each warehouse.
    pub warehouses: HashMap<(i64, i64), Option<i64>>,
    /// Cash account and branch of each register.
    pub registers: HashMap<(i64, i64), (i64, Option<i64>)>,
    /// Posting settings per tenant (invalidated when they change).
    pub settings: HashMap<i64, TenantSettings>,
}

/// What postings need of a tenant's settings.
#[derive(Debug, Clone, Copy)]
pub(super) struct TenantSettings {
    pub require_open_session: bool,
    pub utc_offset_minutes: i32,
}

impl WriterState {
    fn clear(&mut self) {
        *self = Self::default();
    }
}

type JobFn = Box<dyn FnOnce(&Connection, &mut WriterState) -> JobResult + Send>;
type JobResult = Result<Box<dyn std::any::Any + Send>, WriteError>;

pub(super) struct Job {
    run: JobFn,
    reply: oneshot::Sender<JobResult>,
}

/// A handle to the writer thread.
#[derive(Clone)]
pub(super) struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    pub(super) fn spawn(conn: Connection) -> Result<Self, StoreError> {
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("mizan-sqlite-writer".into())
            .spawn(move || run(conn, &rx))?;
        Ok(Self { tx })
    }

    /// Runs `f` inside the next group commit and returns its result once that commit is durable.
    pub(super) async fn submit<T, F>(&self, f: F) -> Result<T, WriteError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &mut WriterState) -> Result<T, WriteError> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel();
        let run: JobFn =
            Box::new(move |c, s| f(c, s).map(|v| Box::new(v) as Box<dyn std::any::Any + Send>));
        self.tx
            .send(Job { run, reply })
            .map_err(|_| WriteError::Store(StoreError::WriterGone))?;
        let any = rx
            .await
            .map_err(|_| WriteError::Store(StoreError::WriterGone))??;
        any.downcast::<T>()
            .map(|b| *b)
            .map_err(|_| WriteError::Store(StoreError::Corrupt("writer reply type".into())))
    }
}

fn run(mut conn: Connection, rx: &mpsc::Receiver<Job>) {
    let mut state = WriterState::default();
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        run_batch(&mut conn, &mut state, batch);
    }
}

fn batch_aborted() -> WriteError {
    WriteError::Store(StoreError::Corrupt(
        "the database rolled the transaction back (disk full or I/O error); nothing was written"
            .into(),
    ))
}

fn run_batch(conn: &mut Connection, state: &mut WriterState, batch: Vec<Job>) {
    let mut replies = Vec::with_capacity(batch.len());
    let mut tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => {
            let msg = e.to_string();
            for job in batch {
                let _ = job
                    .reply
                    .send(Err(WriteError::Store(StoreError::Corrupt(format!(
                        "begin failed: {msg}"
                    )))));
            }
            return;
        }
    };
    let mut aborted = false;
    for job in batch {
        if aborted {
            replies.push((job.reply, Err(batch_aborted())));
            continue;
        }
        let result = match tx.savepoint() {
            Ok(mut sp) => {
                // A panic in one job (a bug) must not take the writer, and every later write,
                // down with it: it becomes that job's error and its savepoint is rolled back.
                let run = job.run;
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&sp, state)))
                    .unwrap_or_else(|_| {
                        Err(WriteError::Store(StoreError::Corrupt(
                            "a write panicked".into(),
                        )))
                    });
                let done = if r.is_ok() {
                    sp.commit()
                } else {
                    sp.rollback().and_then(|()| sp.commit())
                };
                match done {
                    Ok(()) => r,
                    Err(e) => Err(e.into()),
                }
            }
            Err(e) => Err(e.into()),
        };
        replies.push((job.reply, result));
        // After SQLITE_FULL, IOERR or NOMEM SQLite may roll the whole transaction back by
        // itself: then nothing of this batch will commit, whatever the jobs answered.
        if tx.is_autocommit() {
            aborted = true;
        }
    }
    if aborted {
        state.clear();
        for (reply, _) in replies {
            let _ = reply.send(Err(batch_aborted()));
        }
        let _ = tx.rollback();
        return;
    }
    match tx.commit() {
        Ok(()) => {
            for (reply, result) in replies {
                let _ = reply.send(result);
            }
        }
        Err(e) => {
            state.clear();
            let msg = e.to_string();
            for (reply, _) in replies {
                let _ = reply.send(Err(WriteError::Store(StoreError::Corrupt(format!(
                    "commit failed: {msg}"
                )))));
            }
        }
    }
}
