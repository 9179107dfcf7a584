//! The SQLite writer thread: it owns the one write connection and drains its queue into group
//! commits — several jobs in one `BEGIN IMMEDIATE` transaction, each inside its own savepoint so
//! that a refused job leaves no trace while the others commit; each job is answered on its own
//! after the one durable commit.

use std::sync::mpsc;

use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::oneshot;

use super::tx::SqliteTx;
use crate::cache::WriterState;
use crate::db::{Alone, Reply, WriteJob, next_batch};
use crate::{StoreError, WriteError};

/// Most jobs in one group commit.
const MAX_BATCH: usize = 512;

type JobResult = Result<Reply, WriteError>;

pub(super) struct Job {
    alone: Alone,
    run: WriteJob,
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

    /// Runs `job` inside the next group commit and answers once that commit is durable.
    pub(super) async fn submit(&self, alone: Alone, job: WriteJob) -> Result<Reply, WriteError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job {
                alone,
                run: job,
                reply,
            })
            .map_err(|_| WriteError::Store(StoreError::WriterGone))?;
        rx.await
            .map_err(|_| WriteError::Store(StoreError::WriterGone))?
    }
}

fn run(mut conn: Connection, rx: &mpsc::Receiver<Job>) {
    let mut state = WriterState::new(false);
    let mut held: Option<Job> = None;
    let joins = |first: &Job, job: &Job| first.alone == Alone::No && job.alone == Alone::No;
    while let Some(batch) = next_batch(rx, &mut held, MAX_BATCH, joins) {
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
        state.pending.begin_write();
        let result = match tx.savepoint() {
            Ok(mut sp) => {
                // A panic in one job (a bug) must not take the writer, and every later write,
                // down with it: it becomes that job's error and its savepoint is rolled back.
                let mut run = job.run;
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(&mut SqliteTx::new(&sp), state)
                }))
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
        if result.is_err() {
            // What the refused job left pending goes with its savepoint.
            state.pending.undo_write();
        }
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
    // What the batch left to write once (stock levels, numbers, the daily report, idempotency
    // keys), then the commit.
    let pending = state
        .pending
        .write(&mut SqliteTx::new(&tx))
        .map_err(|e| e.to_string());
    match pending.and_then(|()| tx.commit().map_err(|e| e.to_string())) {
        Ok(()) => {
            for (reply, result) in replies {
                let _ = reply.send(result);
            }
        }
        Err(msg) => {
            state.clear();
            for (reply, _) in replies {
                let _ = reply.send(Err(WriteError::Store(StoreError::Corrupt(format!(
                    "commit failed: {msg}"
                )))));
            }
        }
    }
}
