-- Per-account per-day balances, so reports cost O(accounts x days), not O(journal lines): each
-- posting adds its lines to its business day's row, in its own transaction; and each journal
-- entry keeps the business day it posted on (the tenant's local day then), which reports and
-- exports date it by even after the tenant's UTC offset changes.
ALTER TABLE journal_entries ADD COLUMN business_day BIGINT NOT NULL DEFAULT 0;
UPDATE journal_entries e SET business_day = CAST(to_char(
        to_timestamp(floor((e.posted_at_ms + t.utc_offset_minutes * 60000) / 1000.0))
            AT TIME ZONE 'UTC', 'YYYYMMDD') AS BIGINT)
    FROM tenants t WHERE t.id = e.tenant_id;
CREATE TABLE account_days (
    tenant_id BIGINT NOT NULL,
    account_id BIGINT NOT NULL,
    -- YYYYMMDD.
    day BIGINT NOT NULL,
    -- The day's debits and credits (both positive).
    debit BIGINT NOT NULL,
    credit BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, account_id, day)
);
CREATE INDEX account_days_by_day ON account_days (tenant_id, day);
INSERT INTO account_days (tenant_id, account_id, day, debit, credit)
    SELECT l.tenant_id, l.account_id, e.business_day,
        CAST(SUM(CASE WHEN l.amount > 0 THEN l.amount ELSE 0 END) AS BIGINT),
        CAST(SUM(CASE WHEN l.amount < 0 THEN -l.amount ELSE 0 END) AS BIGINT)
    FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
    GROUP BY l.tenant_id, l.account_id, e.business_day;
-- Each stock move keeps its business day too (stock valuation at a date).
ALTER TABLE stock_moves ADD COLUMN business_day BIGINT NOT NULL DEFAULT 0;
UPDATE stock_moves m SET business_day = e.business_day FROM journal_entries e
    WHERE e.tenant_id = m.tenant_id AND e.doc_kind = m.doc_kind AND e.doc_id = m.doc_id;
