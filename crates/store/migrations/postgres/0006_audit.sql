-- The audit trail: one row per write, appended in the write's own transaction (no row that
-- every posting waits on), sealed into a hash chain afterwards, in order, by the sealer, which
-- alone locks the tenant's chain head.
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    at_ms BIGINT NOT NULL,
    user_id BIGINT,
    username TEXT NOT NULL,
    action TEXT NOT NULL,
    resource_kind TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    -- NULL until sealed.
    seq BIGINT,
    prev_hash TEXT,
    hash TEXT
);
-- Partial, so that appending a row (not yet sealed) touches one index only.
CREATE UNIQUE INDEX audit_log_by_seq ON audit_log (tenant_id, seq) WHERE seq IS NOT NULL;
CREATE INDEX audit_log_unsealed ON audit_log (tenant_id, id) WHERE seq IS NULL;
CREATE TABLE audit_heads (
    tenant_id BIGINT PRIMARY KEY REFERENCES tenants(id),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
