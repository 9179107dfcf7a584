-- Manual journal entries by an accountant, and the period lock: nothing posts on or before a
-- tenant's lock day.
ALTER TABLE tenants ADD COLUMN lock_day INTEGER;
CREATE TABLE manual_entries (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    -- The business day the entry is for (YYYYMMDD).
    business_day INTEGER NOT NULL,
    memo TEXT NOT NULL,
    posted_by TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id)
);
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '54010', 'General expenses', 'مصروفات عامة', 'expense', NULL FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id AND a.code = '54010');
