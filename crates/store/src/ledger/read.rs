//! Reading the ledger: account balances, the journal with its lines (a page at a time, and the
//! outline an export starts with), and `mizan check`.

use mizan_domain::AccountId;

use crate::tx::{Tx, args};
use crate::{
    AccountBalance, CHECK_QUERIES, Finding, JournalEntryView, JournalLineView, LedgerAccount,
    LedgerOutline, StoreError, TenantScope,
};

type R<T> = Result<T, StoreError>;

/// Every account's balance, summed from its day balances (one row per account and day).
pub(crate) fn account_balances(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<AccountBalance>> {
    tx.rows(
        "SELECT a.id, a.code, a.name_en, a.name_ar, a.name_ru, a.kind,
                CAST(COALESCE((SELECT SUM(d.debit - d.credit) FROM account_days d
                               WHERE d.tenant_id = a.tenant_id AND d.account_id = a.id), 0)
                     AS BIGINT)
         FROM accounts a WHERE a.tenant_id = $1 ORDER BY a.code",
        args![s.id()],
        |r| {
            Ok(AccountBalance {
                id: AccountId(r.i64(0)?),
                code: r.text(1)?,
                name_en: r.text(2)?,
                name_ar: r.text(3)?,
                name_ru: r.text(4)?,
                kind: r.text(5)?,
                balance: r.i64(6)?,
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
    let first_day = tx.one(
        "SELECT MIN(business_day) FROM journal_entries WHERE tenant_id = $1",
        args![s.id()],
        |r| r.opt_i64(0),
    )?;
    Ok(LedgerOutline {
        accounts,
        first_day: first_day.and_then(|d| i32::try_from(d).ok()),
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
    // The limit is written into the statement (an integer, never text from outside): as a
    // parameter, PostgreSQL's generic plan guessed thousands of ids and hashed every entry of
    // the tenant per page.
    entries(
        tx,
        &format!(
            "SELECT id FROM journal_entries WHERE tenant_id = $1 AND id > $2
             ORDER BY id LIMIT {limit}"
        ),
        args![s.id(), after],
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
        "SELECT id FROM journal_entries WHERE tenant_id = $1 AND doc_kind = $2 AND doc_id = $3",
        args![s.id(), doc_kind, doc_id],
    )?;
    Ok(found.into_iter().next())
}

/// The entries whose ids `ids` selects (of tenant `$1`) with their lines, in id order. The
/// ids drive the join, and the lines join by entry id alone (an entry is the tenant's
/// already), so a page costs its size on both backends: as `e.id IN (ids)` PostgreSQL scanned
/// every entry of the tenant per page, and with `l.tenant_id` named SQLite read every line of
/// the tenant through `journal_lines_account` (minutes instead of seconds for 1 M lines).
pub(crate) fn entries(
    tx: &mut dyn Tx,
    ids: &str,
    a: &[crate::tx::Arg<'_>],
) -> R<Vec<JournalEntryView>> {
    let mut out: Vec<JournalEntryView> = Vec::new();
    tx.query(
        &format!(
            "SELECT e.id, e.number, e.doc_kind, e.doc_id, e.posted_at_ms, e.memo,
                    a.code, a.name_en, a.kind, l.amount, e.business_day
             FROM ({ids}) p
             JOIN journal_entries e ON e.id = p.id
             JOIN journal_lines l ON l.entry_id = p.id
             JOIN accounts a ON a.id = l.account_id AND a.tenant_id = e.tenant_id
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
                    business_day: r.i32(10)?,
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
