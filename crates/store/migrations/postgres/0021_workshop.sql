-- The fabric and curtain workshop. A fabric kept in rolls (`products.in_rolls`) has its stock
-- in `fabric_rolls`: in each warehouse the rolls' remaining lengths add up to its stock level,
-- and each roll's remaining length is its length less every cut taken from it (`roll_cuts`,
-- a put-back is a negative cut) — both checked by `mizan check`. A cutting order's items are
-- reserved (held out of on hand), cut (off one roll, Dr work in progress or the order's own
-- account / Cr inventory) or cancelled; a cut item records the roll it came from and the value
-- it took, so cancelling puts back exactly that.
ALTER TABLE products ADD COLUMN in_rolls BOOLEAN NOT NULL DEFAULT FALSE;
-- What is left of a roll below this length (thousandths of a metre) is an offcut.
ALTER TABLE tenants ADD COLUMN roll_min_useful BIGINT NOT NULL DEFAULT 1000;

CREATE TABLE fabric_rolls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    warehouse_id BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    label TEXT NOT NULL,
    width_mm BIGINT,
    length BIGINT NOT NULL CHECK (length > 0),
    remaining BIGINT NOT NULL CHECK (remaining >= 0),
    offcut BOOLEAN NOT NULL DEFAULT FALSE,
    -- Why what was left was written off, when it was.
    written_off TEXT,
    -- The document that brought the roll in.
    doc_kind TEXT NOT NULL,
    doc_id BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE INDEX fabric_rolls_by_fabric ON fabric_rolls (tenant_id, product_id, warehouse_id, id);

CREATE TABLE roll_cuts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    roll_id BIGINT NOT NULL,
    -- What took it: a sale, a transfer, a cutting item...; negative when put back.
    doc_kind TEXT NOT NULL,
    doc_id BIGINT NOT NULL,
    length BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    FOREIGN KEY (tenant_id, roll_id) REFERENCES fabric_rolls (tenant_id, id)
);
CREATE INDEX roll_cuts_by_roll ON roll_cuts (tenant_id, roll_id, id);

-- A roll written off: what was left of it, its value and why (the document of its stock move
-- and entry, one per write-off: a roll given length back by a cancelled cut can go again).
CREATE TABLE roll_write_offs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    roll_id BIGINT NOT NULL,
    length BIGINT NOT NULL,
    value BIGINT NOT NULL,
    reason TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, roll_id) REFERENCES fabric_rolls (tenant_id, id)
);

CREATE TABLE cutting_orders (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    note TEXT,
    -- Where the cut fabric's cost goes: work in progress, or the account a cutting order for
    -- the shop's own use names.
    charge_account_id BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, charge_account_id) REFERENCES accounts (tenant_id, id)
);

CREATE TABLE cutting_items (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    order_id BIGINT NOT NULL,
    line_no INTEGER NOT NULL,
    product_id BIGINT NOT NULL,
    warehouse_id BIGINT NOT NULL,
    length BIGINT NOT NULL CHECK (length > 0),
    -- The roll asked for, if any.
    roll_id BIGINT,
    -- 'pending', 'reserved', 'cut' or 'cancelled'.
    status TEXT NOT NULL,
    -- Once cut: the roll it came off, whether that roll was an offcut before, the value taken.
    cut_roll_id BIGINT,
    cut_was_offcut BOOLEAN,
    cut_value BIGINT,
    -- Whether it was cut when it was cancelled (its cut was put back).
    uncut BOOLEAN NOT NULL DEFAULT FALSE,
    reason TEXT,
    updated_by TEXT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, order_id, line_no),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, order_id) REFERENCES cutting_orders (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, roll_id) REFERENCES fabric_rolls (tenant_id, id),
    FOREIGN KEY (tenant_id, cut_roll_id) REFERENCES fabric_rolls (tenant_id, id)
);
CREATE INDEX cutting_items_open ON cutting_items (tenant_id, warehouse_id, product_id, status)
    WHERE status IN ('pending', 'reserved');
CREATE INDEX cutting_items_by_order ON cutting_items (tenant_id, order_id, line_no);

-- Installations: a team's visit to an address on a day within a time window, moving through
-- its states (each change a row of `installation_events`, with who and when). Reaching
-- completed or modification completed writes the installation's one archive record: created the
-- first time, its notes appended after that (`mizan check`: `installation_archives`).
CREATE TABLE installation_teams (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, name),
    UNIQUE (tenant_id, id)
);
CREATE TABLE installation_team_members (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    team_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, team_id, user_id),
    FOREIGN KEY (tenant_id, team_id) REFERENCES installation_teams (tenant_id, id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE TABLE installations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    team_id BIGINT NOT NULL,
    customer_id BIGINT,
    cutting_order_id BIGINT,
    address TEXT NOT NULL,
    -- The local day (YYYYMMDD) and the window, minutes after midnight.
    day BIGINT NOT NULL,
    window_from BIGINT NOT NULL,
    window_to BIGINT NOT NULL,
    status TEXT NOT NULL,
    note TEXT,
    created_by TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, team_id) REFERENCES installation_teams (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, cutting_order_id) REFERENCES cutting_orders (tenant_id, id)
);
CREATE INDEX installations_by_day ON installations (tenant_id, day, team_id);
CREATE TABLE installation_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    installation_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    note TEXT,
    changed_by TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    FOREIGN KEY (tenant_id, installation_id) REFERENCES installations (tenant_id, id)
);
CREATE INDEX installation_events_by_installation ON installation_events (tenant_id, installation_id, id);
CREATE TABLE installation_archives (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    installation_id BIGINT NOT NULL,
    -- The state it was archived in last, and every note, oldest first, one per line.
    status TEXT NOT NULL,
    notes TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    updated_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, installation_id),
    FOREIGN KEY (tenant_id, installation_id) REFERENCES installations (tenant_id, id)
);
