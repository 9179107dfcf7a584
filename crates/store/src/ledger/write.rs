//! Writing the ledger: the next number of a gapless series and a document's journal entry.

use mizan_domain::calendar::{Date, business_day};
use mizan_domain::ledger::BalancedEntry;

use crate::WriteError;
use crate::tx::Col::{Int, Text};
use crate::tx::{Arg, Table, Tx, args, ordinal};
use crate::write::Posting;

/// Takes the next value of series `$2` of tenant `$1` when the series exists (no row when it
/// does not: then [`START_NUMBER`]); the counter moves in the posting's own transaction, so a
/// refused posting leaves no gap. (A plain update: an upsert cost four times as much.) The
/// first write of a batch that numbers a series bumps (and locks) its row; the batch's later
/// ones count on from there (`pending`), which sets the row once as the batch commits.
pub(crate) const NEXT_NUMBER: &str = "UPDATE number_series SET last_value = last_value + 1
     WHERE tenant_id = $1 AND series = $2 RETURNING last_value";

/// Takes the next value of series `$2` of tenant `$1`, starting the series when it is new.
pub(crate) const START_NUMBER: &str =
    "INSERT INTO number_series (tenant_id, series, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (tenant_id, series)
     DO UPDATE SET last_value = number_series.last_value + 1
     RETURNING last_value";

/// The next value of `series`, when [`NEXT_NUMBER`] found no row.
pub(crate) fn start_number(tx: &mut dyn Tx, t: i64, series: &str) -> Result<i64, WriteError> {
    Ok(tx.one(START_NUMBER, args![t, series], |r| r.i64(0))?)
}

/// The series of `prefix` in the year of `now_ms` (`INV-2026`).
pub(crate) fn series(prefix: &str, now_ms: i64) -> String {
    format!("{prefix}-{}", Date::from_unix_ms(now_ms).year)
}

/// The number `n` of `series` (`INV-2026-000042`).
pub(crate) fn number(series: &str, n: i64) -> String {
    format!("{series}-{n:06}")
}

/// Takes the next number of a gapless series (`INV-2026-000042`).
pub(crate) fn next_number(
    p: &mut Posting<'_>,
    prefix: &str,
    now_ms: i64,
) -> Result<String, WriteError> {
    let series = series(prefix, now_ms);
    if let Some(n) = p.state.pending.next_number(p.t, &series) {
        return Ok(number(&series, n));
    }
    let n = match p
        .tx
        .opt(NEXT_NUMBER, args![p.t, series.as_str()], |r| r.i64(0))?
    {
        Some(n) => n,
        None => start_number(p.tx, p.t, &series)?,
    };
    p.state.pending.bumped_number(p.t, &series, n);
    Ok(number(&series, n))
}

/// A document's journal entry; `id` when the posting took it beforehand (the entry is then
/// written without waiting for an answer).
pub(crate) struct Entry<'a> {
    pub id: Option<i64>,
    pub doc_kind: &'a str,
    pub doc: i64,
    pub number: &'a str,
    pub memo: &'a str,
    pub lines: &'a BalancedEntry,
    pub now_ms: i64,
}

/// Writes `entry` and its lines (two statements), dated by the tenant's business day, and adds
/// the lines to the accounts' day balances (written once per batch, see `pending`).
pub(crate) fn write_entry(p: &mut Posting<'_>, entry: &Entry<'_>) -> Result<(), WriteError> {
    let t = p.t;
    let day = business_day(entry.now_ms, p.settings()?.utc_offset_minutes);
    let head = args![
        tenant = t,
        doc_kind = entry.doc_kind,
        doc_id = entry.doc,
        number = entry.number,
        memo = entry.memo,
        posted_at_ms = entry.now_ms,
        business_day = day,
    ];
    let id = match entry.id {
        Some(id) => {
            let mut values: Vec<Arg<'_>> = vec![id.into()];
            values.extend_from_slice(head);
            p.tx.append(&ENTRIES, &values)?;
            id
        }
        None => p.tx.insert_id(
            "INSERT INTO journal_entries (tenant_id, doc_kind, doc_id, number, memo, posted_at_ms,
                 business_day)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            head,
        )?,
    };
    let mut values: Vec<Arg<'_>> = Vec::with_capacity(entry.lines.lines().len() * 5);
    for (i, l) in entry.lines.lines().iter().enumerate() {
        values.extend::<[Arg<'_>; 5]>([
            t.into(),
            id.into(),
            ordinal(i).into(),
            l.account.0.into(),
            l.amount.into(),
        ]);
        p.state
            .pending
            .add_to_account_day(t, l.account, day, l.amount);
    }
    p.tx.append(&LINES, &values)?;
    Ok(())
}

/// Journal entries whose ids were taken beforehand.
static ENTRIES: Table = Table {
    head: "INSERT INTO journal_entries (id, tenant_id, doc_kind, doc_id, number, memo,
         posted_at_ms, business_day)",
    cols: &[Int, Int, Text, Int, Text, Text, Int, Int],
    tail: "",
};

static LINES: Table = Table {
    head: "INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_id, amount)",
    cols: &[Int; 5],
    tail: "",
};
