//! PostgreSQL's writer threads. Each tenant's writes go to one writer (by tenant id), which
//! drains its queue into batches of one tenant: one READ COMMITTED transaction, a savepoint per
//! write (a refused write leaves no trace and gets its own answer), so the rows every write of
//! a tenant shares — the number series, a session's totals, the day's report row — are locked
//! once per batch. Each write's statements that need no answer ride with the next write's first
//! round trip (one round trip a write); an error the server reports among them re-runs the batch
//! with each write waiting for its own (and its appended rows), so that the error reaches its own
//! write — except in what the batch writes once at commit (`pending`), which fails the batch.
//! A lost connection never re-runs a batch whose commit may have happened. A serialization failure,
//! a deadlock or a unique key another process took first re-runs the whole batch. The commit does
//! not wait for the WAL flush (locks go as soon as the commit record is written); the batch is
//! answered only after [`DURABLE`], which a thread of its own waits for while the writer goes
//! on, so no acknowledged write can be lost.

use std::sync::mpsc;

use tokio::sync::oneshot;
use tokio_postgres::error::SqlState;

use super::Target;
use super::tx::PgConn;
use crate::cache::WriterState;
use crate::db::{Alone, Reply, WriteJob, next_batch};
use crate::{StoreError, WriteError};

/// Writer threads.
const WRITERS: usize = 4;

/// Most writes in one transaction. Each runs in a savepoint whose subtransaction takes an id
/// (it locks rows); past 64 of them PostgreSQL's per-backend cache of subtransaction ids
/// overflows and every session's snapshots get slower.
const MAX_BATCH: usize = 64;

/// Most attempts of one batch.
const MAX_ATTEMPTS: usize = 10;

/// Starts a write transaction whose commit does not wait for the WAL flush.
const BEGIN: &str = "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL synchronous_commit = off";

/// Waits until everything committed on the server so far is durable: a transaction that
/// writes WAL (a transactional logical message, which no decoder here consumes) and commits with
/// `synchronous_commit = on` waits for the WAL flush past its own commit record, which follows
/// ours. (A transaction that writes no WAL commits without waiting.) Concurrent waits share one
/// flush (PostgreSQL's own group commit).
const DURABLE: &str = "BEGIN; SET LOCAL synchronous_commit = on;
     SELECT pg_logical_emit_message(true, 'mizan', ''); COMMIT";

type JobResult = Result<Reply, WriteError>;

struct Job {
    tenant: Option<i64>,
    alone: Alone,
    run: WriteJob,
    reply: oneshot::Sender<JobResult>,
}

/// Handles to the writer threads.
pub(super) struct Writers {
    queues: Vec<mpsc::Sender<Job>>,
}

impl Writers {
    pub(super) fn spawn(target: &Target) -> Result<Self, StoreError> {
        let mut queues = Vec::with_capacity(WRITERS);
        for i in 0..WRITERS {
            let (tx, rx) = mpsc::channel::<Job>();
            let (committed, to_confirm) = mpsc::channel::<Committed>();
            let t = target.clone();
            std::thread::Builder::new()
                .name(format!("mizan-pg-durable-{i}"))
                .spawn(move || confirm(&t, &to_confirm))?;
            let t = target.clone();
            std::thread::Builder::new()
                .name(format!("mizan-pg-writer-{i}"))
                .spawn(move || run(&t, &rx, &committed))?;
            queues.push(tx);
        }
        Ok(Self { queues })
    }

    /// Runs `job` in a batch of `tenant`'s writer; answers once the batch is durable.
    pub(super) async fn submit(
        &self,
        tenant: Option<i64>,
        alone: Alone,
        job: WriteJob,
    ) -> JobResult {
        let lane = tenant
            .and_then(|t| usize::try_from(t.rem_euclid(WRITERS as i64)).ok())
            .unwrap_or(0);
        let queue = self
            .queues
            .get(lane)
            .ok_or(WriteError::Store(StoreError::WriterGone))?;
        let (reply, rx) = oneshot::channel();
        queue
            .send(Job {
                tenant,
                alone,
                run: job,
                reply,
            })
            .map_err(|_| WriteError::Store(StoreError::WriterGone))?;
        rx.await
            .map_err(|_| WriteError::Store(StoreError::WriterGone))?
    }
}

/// A committed batch's answers, to be sent once the commit is durable.
type Committed = Vec<(oneshot::Sender<JobResult>, JobResult)>;

fn run(target: &Target, rx: &mpsc::Receiver<Job>, committed: &mpsc::Sender<Committed>) {
    let mut conn: Option<PgConn> = None;
    let mut state = WriterState::new(true);
    let mut held: Option<Job> = None;
    let joins = |first: &Job, job: &Job| {
        first.tenant == job.tenant && first.alone == Alone::No && job.alone == Alone::No
    };
    while let Some(batch) = next_batch(rx, &mut held, MAX_BATCH, joins) {
        run_batch(target, &mut conn, &mut state, batch, committed);
    }
}

/// Answers committed batches once they are durable, on a connection of its own, so that the
/// writer goes on with its next batch meanwhile. One wait covers every batch committed before
/// it (the WAL is flushed in order).
fn confirm(target: &Target, rx: &mpsc::Receiver<Committed>) {
    let mut conn: Option<PgConn> = None;
    while let Ok(mut answers) = rx.recv() {
        while let Ok(more) = rx.try_recv() {
            answers.extend(more);
        }
        let durable = wait_durable(target, &mut conn);
        for (reply, result) in answers {
            let _ = reply.send(match &durable {
                Ok(()) => result,
                Err(e) => Err(WriteError::Store(StoreError::OutcomeUnknown(format!(
                    "the write was committed, but the database did not confirm it durable: {e}"
                )))),
            });
        }
    }
}

/// Waits until everything committed so far is durable (reconnecting, a few times, when the
/// connection is lost).
fn wait_durable(target: &Target, conn: &mut Option<PgConn>) -> Result<(), StoreError> {
    let mut last = StoreError::WriterGone;
    for _ in 0..3 {
        if conn.as_ref().is_none_or(PgConn::is_closed) {
            match target.connect() {
                Ok(c) => *conn = Some(c),
                Err(e) => {
                    last = e;
                    continue;
                }
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        match c.batch(DURABLE) {
            Ok(()) => return Ok(()),
            Err(e) => {
                *conn = None;
                last = e;
            }
        }
    }
    Err(last)
}

/// Whether `e` is worth re-running the whole batch for.
fn retryable(e: &WriteError) -> bool {
    match e {
        WriteError::Store(StoreError::Postgres(pg)) => pg.code().is_some_and(|c| {
            *c == SqlState::T_R_SERIALIZATION_FAILURE
                || *c == SqlState::T_R_DEADLOCK_DETECTED
                || *c == SqlState::UNIQUE_VIOLATION
        }),
        _ => false,
    }
}

/// The answer to every write of a batch that failed as a whole.
fn batch_failed(e: &WriteError) -> WriteError {
    WriteError::Store(StoreError::Corrupt(format!(
        "the transaction failed and nothing was written: {e}"
    )))
}

/// How a batch attempt sends each write's statements that need no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// With the next write's first round trip: one round trip a write. A database error may
    /// then surface in a later write than the one that caused it, so such an error re-runs
    /// the batch `Careful`.
    Fast,
    /// Each write waits for its own statements and appended rows, so an error is its own
    /// write's (all but `pending`'s, written at commit).
    Careful,
}

/// How an attempt at a batch ended.
enum Attempt {
    Done(Vec<JobResult>),
    /// The transaction failed as a whole (rolled back; maybe re-run).
    Failed(WriteError),
    /// A database error whose write is not known: re-run `Careful`.
    Unattributed(WriteError),
}

fn run_batch(
    target: &Target,
    conn: &mut Option<PgConn>,
    state: &mut WriterState,
    mut batch: Vec<Job>,
    committed: &mpsc::Sender<Committed>,
) {
    let mut attempt = 0;
    let mut pace = Pace::Fast;
    loop {
        attempt += 1;
        if conn.as_ref().is_none_or(|c| c.is_closed()) {
            *conn = None;
            match target.connect() {
                Ok(c) => *conn = Some(c),
                Err(e) => {
                    // The database cannot be reached: nothing was written, and every write of
                    // the batch is told so.
                    let why = e.to_string();
                    for job in batch {
                        let down = StoreError::Unavailable(why.clone());
                        let _ = job.reply.send(Err(WriteError::Store(down)));
                    }
                    return;
                }
            }
        }
        let Some(c) = conn.as_mut() else { return };
        state.begin_batch();
        let (e, unattributed) = match attempt_batch(c, state, &mut batch, pace) {
            Attempt::Done(results) => {
                let answers = batch.into_iter().map(|j| j.reply).zip(results).collect();
                if let Err(mpsc::SendError(answers)) = committed.send(answers) {
                    for (reply, _) in answers {
                        let _ = reply.send(Err(WriteError::Store(StoreError::WriterGone)));
                    }
                }
                return;
            }
            Attempt::Failed(e) => (e, false),
            Attempt::Unattributed(e) => {
                pace = Pace::Careful;
                (e, true)
            }
        };
        state.clear();
        c.discard();
        let _ = c.finish("ROLLBACK");
        if attempt < MAX_ATTEMPTS && (retryable(&e) || unattributed) {
            tracing::debug!(attempt, error = %e, "re-running a postgres batch");
            continue;
        }
        // An outage is every write's answer (nothing was written, or nobody knows).
        if let WriteError::Store(s) = &e
            && let Some(outage) = s.outage()
        {
            let why = s.to_string();
            for job in batch {
                let answer = match outage {
                    crate::Outage::OutcomeUnknown => StoreError::OutcomeUnknown(why.clone()),
                    crate::Outage::StorageFull => StoreError::Full(why.clone()),
                    crate::Outage::Unreachable => StoreError::Unavailable(why.clone()),
                };
                let _ = job.reply.send(Err(WriteError::Store(answer)));
            }
            return;
        }
        let mut jobs = batch.into_iter();
        if let Some(first) = jobs.next() {
            let _ = first.reply.send(Err(e));
        }
        for job in jobs {
            let _ = job
                .reply
                .send(Err(batch_failed(&WriteError::Store(StoreError::Corrupt(
                    "another write of its batch failed".into(),
                )))));
        }
        return;
    }
}

/// One attempt at a batch: every job in its savepoint, then the commit.
fn attempt_batch(
    c: &mut PgConn,
    state: &mut WriterState,
    batch: &mut [Job],
    pace: Pace,
) -> Attempt {
    let savepoints = batch.len() > 1;
    c.set_careful(pace == Pace::Careful);
    // Sent with the first statement of the first write (one round trip).
    c.batch_later(&if savepoints {
        format!("{BEGIN}; {}; SAVEPOINT job", super::GENERIC_PLANS)
    } else {
        format!("{BEGIN}; {}", super::GENERIC_PLANS)
    });
    let mut results = Vec::with_capacity(batch.len());
    let mut last_failed = false;
    for (i, job) in batch.iter_mut().enumerate() {
        if i > 0 {
            c.batch_later(if last_failed {
                "ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job; SAVEPOINT job"
            } else {
                "RELEASE SAVEPOINT job; SAVEPOINT job"
            });
        }
        // What the write defers after this belongs to it (the framing above does not).
        let mark = c.mark();
        c.take_server_error();
        // A panic in one job (a bug) must not take the writer down with it: it becomes that
        // job's error and its savepoint is rolled back.
        let run = &mut job.run;
        state.pending.begin_write();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let reply = run(c, state)?;
            if pace == Pace::Careful {
                crate::tx::Tx::flush(c)?;
            }
            Ok(reply)
        }))
        .unwrap_or_else(|_| {
            Err(WriteError::Store(StoreError::Corrupt(
                "a write panicked".into(),
            )))
        });
        match result {
            Err(e) if retryable(&e) || c.is_closed() => return Attempt::Failed(e),
            // Earlier writes' statements rode with this one's: whose error is it?
            Err(e) if pace == Pace::Fast && i > 0 && c.take_server_error() => {
                return Attempt::Unattributed(e);
            }
            Err(e) if !savepoints => {
                // A single refused write: nothing to commit.
                state.pending = crate::pending::Pending::default();
                c.discard_since(mark);
                return match c.finish("ROLLBACK") {
                    Ok(()) => Attempt::Done(vec![Err(e)]),
                    Err(end) => Attempt::Failed(end.into()),
                };
            }
            result => {
                last_failed = result.is_err();
                if last_failed {
                    // What a refused write deferred is its own: it must not run with the next.
                    state.pending.undo_write();
                    c.discard_since(mark);
                }
                results.push(result);
            }
        }
    }
    if last_failed {
        // Before the appended rows, which `finish` writes outside every savepoint.
        c.batch_later("ROLLBACK TO SAVEPOINT job");
    }
    if let Err(e) = state.pending.write(c) {
        return Attempt::Failed(e.into());
    }
    c.take_server_error();
    match c.finish("COMMIT") {
        Ok(()) => Attempt::Done(results),
        Err(e) => {
            // Only an error the server answered proves the transaction did not commit; a lost
            // connection may have lost the answer to a commit that happened (no re-run then,
            // and every write of the batch is told its outcome is unknown).
            if !c.take_server_error() {
                return Attempt::Failed(WriteError::Store(StoreError::OutcomeUnknown(
                    e.to_string(),
                )));
            }
            let e = WriteError::Store(e);
            if pace == Pace::Fast && savepoints && !retryable(&e) {
                Attempt::Unattributed(e)
            } else {
                Attempt::Failed(e)
            }
        }
    }
}
