//! Reading the ledger: account balances, the journal with its lines, and `mizan check`.

use mizan_domain::AccountId;

use crate::tx::{Tx, args};
use crate::{
    AccountBalance, CHECK_QUERIES, Finding, JournalEntryView, JournalLineView, StoreError,
    TenantScope,
};

type R<T> = Result<T, StoreError>;

/// Every account's balance, summed from its day balances (one row per account and day).
pub(crate) fn account_balances(tx: &mut dyn Tx, s: TenantScope) -> R<Vec<AccountBalance>> {
    tx.rows(
        "SELECT a.id, a.code, a.name_en, a.name_ar, a.kind,
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
                kind: r.text(4)?,
                balance: r.i64(5)?,
            })
        },
    )
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

/// The entries `filter` selects (`$1` is the tenant) with their lines, in id order.
fn entries(tx: &mut dyn Tx, filter: &str, a: &[crate::tx::Arg<'_>]) -> R<Vec<JournalEntryView>> {
    let mut out: Vec<JournalEntryView> = Vec::new();
    tx.query(
        &format!(
            "SELECT e.id, e.number, e.doc_kind, e.doc_id, e.posted_at_ms, e.memo,
                    a.code, a.name_en, a.kind, l.amount
             FROM journal_entries e
             JOIN journal_lines l ON l.entry_id = e.id AND l.tenant_id = e.tenant_id
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
