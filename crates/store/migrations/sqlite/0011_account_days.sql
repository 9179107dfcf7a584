-- Per-account per-day balances, so reports cost O(accounts x days), not O(journal lines): each
-- posting adds its lines to its business day's row, in its own transaction; and each journal
-- entry keeps the business day it posted on (the tenant's local day then), which reports and
-- exports date it by even after the tenant's UTC offset changes.
ALTER TABLE journal_entries ADD COLUMN business_day INTEGER NOT NULL DEFAULT 0;
UPDATE journal_entries SET business_day = (
    SELECT CAST(strftime('%Y%m%d', journal_entries.posted_at_ms / 1000
                         + t.utc_offset_minutes * 60, 'unixepoch') AS INTEGER)
    FROM tenants t WHERE t.id = journal_entries.tenant_id);
CREATE TABLE account_days (
    tenant_id INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    -- YYYYMMDD.
    day INTEGER NOT NULL,
    -- The day's debits and credits (both positive).
    debit INTEGER NOT NULL,
    credit INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, account_id, day)
) WITHOUT ROWID;
CREATE INDEX account_days_by_day ON account_days (tenant_id, day);
INSERT INTO account_days (tenant_id, account_id, day, debit, credit)
    SELECT l.tenant_id, l.account_id, e.business_day,
        SUM(CASE WHEN l.amount > 0 THEN l.amount ELSE 0 END),
        SUM(CASE WHEN l.amount < 0 THEN -l.amount ELSE 0 END)
    FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
    GROUP BY l.tenant_id, l.account_id, e.business_day;
-- Each stock move keeps its business day too (stock valuation at a date).
ALTER TABLE stock_moves ADD COLUMN business_day INTEGER NOT NULL DEFAULT 0;
UPDATE stock_moves SET business_day = COALESCE((
    SELECT e.business_day FROM journal_entries e
    WHERE e.tenant_id = stock_moves.tenant_id AND e.doc_kind = stock_moves.doc_kind
      AND e.doc_id = stock_moves.doc_id), 0);
