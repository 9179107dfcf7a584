-- Every backup taken (by `mizan backup` or the server's nightly job): where it went, its size and
-- checksum, whether it was proved by a restore and a check, or why it failed. The operator's,
-- not a tenant's.
CREATE TABLE backup_runs (
    id INTEGER PRIMARY KEY,
    started_at_ms INTEGER NOT NULL,
    finished_at_ms INTEGER NOT NULL,
    file TEXT NOT NULL,
    bytes INTEGER,
    sha256 TEXT,
    ok INTEGER NOT NULL,
    verified INTEGER NOT NULL,
    tenants INTEGER,
    findings INTEGER,
    error TEXT
);
