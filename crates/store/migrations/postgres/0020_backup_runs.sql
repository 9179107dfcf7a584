-- Every backup taken (by `mizan backup` or the server's nightly job): where it went, its size and
-- checksum, whether it was proved by a restore and a check, or why it failed. The operator's,
-- not a tenant's.
CREATE TABLE backup_runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at_ms BIGINT NOT NULL,
    finished_at_ms BIGINT NOT NULL,
    file TEXT NOT NULL,
    bytes BIGINT,
    sha256 TEXT,
    ok BOOLEAN NOT NULL,
    verified BOOLEAN NOT NULL,
    tenants BIGINT,
    findings BIGINT,
    error TEXT
);
