-- The audit trail (and two indexes for pages, below): one row per write, appended in the write's own transaction (no row that
-- every posting waits on), sealed into a hash chain afterwards, in order, by the sealer, which
-- alone locks the tenant's chain head.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    at_ms INTEGER NOT NULL,
    user_id INTEGER,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    resource_kind TEXT NOT NULL,
    resource_id INTEGER NOT NULL,
    -- NULL until sealed.
    seq INTEGER,
    prev_hash TEXT,
    hash TEXT
);
-- Partial, so that appending a row (not yet sealed) touches one index only.
CREATE UNIQUE INDEX audit_log_by_seq ON audit_log (tenant_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX audit_log_unsealed ON audit_log (tenant_id, id) WHERE seq IS NULL;
CREATE TABLE audit_heads (
    tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
-- Pages of sales and journal entries cost their size, not the tenant's history: without these
-- SQLite sorted every row of the tenant (PostgreSQL's planner already walks its primary key).
CREATE INDEX sales_by_id ON sales (tenant_id, id);
CREATE INDEX journal_entries_by_id ON journal_entries (tenant_id, id);
