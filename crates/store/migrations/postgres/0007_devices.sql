-- Branches and devices: a user may be limited to branches; tills and PCs are registered to a
-- branch and hold a device credential (stored hashed); a sign-in and every write made under it
-- record the device and its branch. A tenant may require registered devices.
CREATE TABLE user_branches (
    tenant_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    branch_id BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id, branch_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, branch_id) REFERENCES branches (tenant_id, id)
);
CREATE TABLE devices (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    branch_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    credential_hash TEXT NOT NULL UNIQUE,
    registered_by TEXT NOT NULL,
    registered_at_ms BIGINT NOT NULL,
    revoked_at_ms BIGINT,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, branch_id) REFERENCES branches (tenant_id, id)
);
ALTER TABLE tenants ADD COLUMN require_registered_devices BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tokens ADD COLUMN device_id BIGINT;
ALTER TABLE security_events ADD COLUMN device_id BIGINT;
ALTER TABLE audit_log ADD COLUMN device_id BIGINT;
ALTER TABLE audit_log ADD COLUMN branch_id BIGINT;
-- What else the row says: the approver of an approved action, the permission a refusal named.
ALTER TABLE audit_log ADD COLUMN detail TEXT NOT NULL DEFAULT '';
