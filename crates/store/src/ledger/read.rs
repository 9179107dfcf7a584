//! Reading the ledger: account balances, the journal with its lines (a page at a time, and the
//! outline an export starts with), and `mizan check`.

use mizan_domain::AccountId;
use mizan_domain::calendar::business_day;

use crate::tx::{Tx, args};
use crate::{
    AccountBalance, CHECK_QUERIES, Finding, JournalEntryView, JournalLineView, LedgerAccount,
    LedgerOutline, StoreError, TenantScope,
};

type R<T> = Result<T, StoreError>;

pub(crate) fn account_balances(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<AccountBalance>> {
    tx.rows(
        "SELECT a.id, a.code, a.name_en, a.name_ar, a.kind,
                CAST(COALESCE((SELECT SUM(l.amount) FROM journal_lines l
                               WHERE l.tenant_id = a.tenant_id AND l.account_id = a.id), 0)
                     AS BIGINT)
         FROM accounts a WHERE a.tenant_id = $1 ORDER BY a.code",
        args![s.id()],
        |r| {
            Ok(AccountBalance {
                id: AccountId(r.i64(0)?),
                code: r.text(1)?,
                name_en: r.text(2)?,
                name_ar: r.text(3)?,
                kind: r.text(4)?,
                balance: r.i64(5)?,
            })
        },
    )
}

/// The chart of accounts and the first business day of the journal: what an export declares
/// before it streams the entries.
pub(crate) fn outline(tx: &mut dyn Tx, s: TenantScope) -> R<LedgerOutline> {
    let accounts = tx.rows(
        "SELECT code, name_en, kind FROM accounts WHERE tenant_id = $1 ORDER BY code",
        args![s.id()],
        |r| {
            Ok(LedgerAccount {
                code: r.text(0)?,
                name_en: r.text(1)?,
                kind: r.text(2)?,
            })
        },
    )?;
    // INTERIM until `journal_entries.business_day` lands: the day of the first posting in
    // the tenant's time, or an earlier manual entry's own day.
    let (first_ms, offset) = tx.one(
        "SELECT MIN(e.posted_at_ms), t.utc_offset_minutes FROM tenants t
         LEFT JOIN journal_entries e ON e.tenant_id = t.id
         WHERE t.id = $1 GROUP BY t.utc_offset_minutes",
        args![s.id()],
        |r| Ok((r.opt_i64(0)?, r.i32(1)?)),
    )?;
    let first_manual = tx.one(
        "SELECT MIN(business_day) FROM manual_entries WHERE tenant_id = $1",
        args![s.id()],
        |r| r.opt_i64(0),
    )?;
    let first_day = first_ms
        .map(|ms| business_day(ms, offset))
        .into_iter()
        .chain(first_manual.and_then(|d| i32::try_from(d).ok()))
        .min();
    Ok(LedgerOutline {
        accounts,
        first_day,
    })
}

/// Journal entries oldest first with ids above `after`, at most `limit` of them (a page costs
/// its size: the entries are picked by the `(tenant_id, id)` order first).
pub(crate) fn journal(
    tx: &mut dyn Tx,
    s: TenantScope,
    limit: i64,
    after: i64,
) -> R<Vec<JournalEntryView>> {
    entries(
        tx,
        "e.id IN (SELECT id FROM journal_entries WHERE tenant_id = $1 AND id > $2
                  ORDER BY id LIMIT $3)",
        args![s.id(), after, limit],
    )
}

/// The journal entry document (`doc_kind`, `doc_id`) posted, when it posted one.
pub(crate) fn entry_of(
    tx: &mut dyn Tx,
    s: TenantScope,
    doc_kind: &str,
    doc_id: i64,
) -> R<Option<JournalEntryView>> {
    let found = entries(
        tx,
        "e.doc_kind = $2 AND e.doc_id = $3",
        args![s.id(), doc_kind, doc_id],
    )?;
    Ok(found.into_iter().next())
}

/// The entries `filter` selects (`$1` is the tenant) with their lines, in id order. The lines
/// join by entry id alone (an entry is the tenant's already): with `l.tenant_id` named too,
/// SQLite reads every line of the tenant through `journal_lines_account` for each page instead
/// of the page's lines through the primary key (4 minutes instead of 10 s for 1 M lines).
fn entries(tx: &mut dyn Tx, filter: &str, a: &[crate::tx::Arg<'_>]) -> R<Vec<JournalEntryView>> {
    let mut out: Vec<JournalEntryView> = Vec::new();
    tx.query(
        &format!(
            "SELECT e.id, e.number, e.doc_kind, e.doc_id, e.posted_at_ms, e.memo,
                    a.code, a.name_en, a.kind, l.amount, t.utc_offset_minutes, m.business_day
             FROM journal_entries e
             JOIN tenants t ON t.id = e.tenant_id
             LEFT JOIN manual_entries m
               ON m.tenant_id = e.tenant_id AND m.id = e.doc_id AND e.doc_kind = 'manual'
             JOIN journal_lines l ON l.entry_id = e.id
             JOIN accounts a ON a.id = l.account_id AND a.tenant_id = e.tenant_id
             WHERE e.tenant_id = $1 AND {filter}
             ORDER BY e.id, l.line_no"
        ),
        a,
        &mut |r| {
            let id = r.i64(0)?;
            if out.last().is_none_or(|e| e.id != id) {
                out.push(JournalEntryView {
                    id,
                    number: r.text(1)?,
                    doc_kind: r.text(2)?,
                    doc_id: r.i64(3)?,
                    posted_at_ms: r.i64(4)?,
                    // INTERIM until `journal_entries.business_day` lands.
                    business_day: match r.opt_i64(11)? {
                        Some(day) => i32::try_from(day).unwrap_or_default(),
                        None => business_day(r.i64(4)?, r.i32(10)?),
                    },
                    memo: r.text(5)?,
                    lines: Vec::new(),
                });
            }
            if let Some(e) = out.last_mut() {
                e.lines.push(JournalLineView {
                    account_code: r.text(6)?,
                    account_name: r.text(7)?,
                    account_kind: r.text(8)?,
                    amount: r.i64(9)?,
                });
            }
            Ok(())
        },
    )?;
    Ok(out)
}

pub(crate) fn check(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<Finding>> {
    let mut out = Vec::new();
    for (name, sql) in CHECK_QUERIES {
        tx.query(sql, args![s.id()], &mut |r| {
            out.push(Finding {
                check: name,
                subject: r.text(0)?,
                expected: r.i64(1)?,
                actual: r.i64(2)?,
            });
            Ok(())
        })?;
    }
    out.extend(crate::audit::read::check_chain(tx, s)?);
    Ok(out)
}
