-- Staff: users with roles, their tokens (API tokens and sign-in sessions) and security events.
-- Every user name that held a token so far becomes an owner (tokens could do everything).
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    username TEXT NOT NULL,
    -- NULL: no password; the user signs in only with tokens.
    password_hash TEXT,
    role TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    active INTEGER NOT NULL DEFAULT 1,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until_ms INTEGER NOT NULL DEFAULT 0,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, username),
    UNIQUE (tenant_id, id)
);
INSERT INTO users (tenant_id, username, role, created_at_ms)
    SELECT tenant_id, user_name, 'owner', MIN(created_at_ms) FROM api_tokens
    GROUP BY tenant_id, user_name;
CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    user_id INTEGER NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    -- 'api' (bearer, for tills and scripts) or 'session' (a browser's sign-in cookie).
    kind TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER,
    revoked_at_ms INTEGER,
    last_used_at_ms INTEGER,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
INSERT INTO tokens (tenant_id, user_id, token_hash, kind, created_at_ms)
    SELECT t.tenant_id, u.id, t.token_hash, 'api', t.created_at_ms
    FROM api_tokens t JOIN users u ON u.tenant_id = t.tenant_id AND u.username = t.user_name;
DROP TABLE api_tokens;
CREATE INDEX tokens_by_user ON tokens (tenant_id, user_id);
CREATE TABLE security_events (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    at_ms INTEGER NOT NULL,
    -- 'sign_in_failed', 'account_locked', 'sign_in_refused'.
    kind TEXT NOT NULL,
    username TEXT NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX security_events_by_time ON security_events (tenant_id, id);
