-- The café and gaming lounge: tables and play stations on the floor, bills (tabs) with their
-- charges and payments, timed play sessions with their events, orders, and the trail of bills
-- merged and split. A bill's `total` and `paid` are kept by the postings; the open café tabs
-- account equals the sum of `total - paid` over all bills (`mizan check`).
CREATE TABLE cafe_places (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    -- 'table' or 'station'.
    kind TEXT NOT NULL,
    area TEXT NOT NULL,
    name TEXT NOT NULL,
    seats INTEGER,
    -- Where orders served here are issued from.
    warehouse_id INTEGER NOT NULL,
    -- A station's rate plan (JSON), its VAT rate in basis points.
    rate_plan TEXT,
    vat_bp INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, name),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE TABLE cafe_bills (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    -- The table the bill is on, when it is on one; its name ("Table 4", "PS5 #2").
    place_id INTEGER,
    name TEXT NOT NULL,
    -- One note per line.
    notes TEXT NOT NULL DEFAULT '',
    due_at_ms INTEGER,
    merged_into_id INTEGER,
    closed INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    paid INTEGER NOT NULL DEFAULT 0,
    opened_by TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, place_id) REFERENCES cafe_places (tenant_id, id)
);
CREATE INDEX cafe_bills_open_by_place ON cafe_bills (tenant_id, place_id, id)
    WHERE merged_into_id IS NULL AND NOT closed;
CREATE TABLE cafe_sessions (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    station_id INTEGER NOT NULL,
    bill_id INTEGER NOT NULL,
    -- The plan as it was when the session started (JSON) and its VAT rate.
    rate_plan TEXT NOT NULL,
    vat_bp INTEGER NOT NULL,
    -- 'running', 'paused' or 'stopped'.
    state TEXT NOT NULL,
    started_at_ms INTEGER NOT NULL,
    stopped_at_ms INTEGER,
    played_minutes INTEGER,
    billed_minutes INTEGER,
    -- What the plan billed, before VAT.
    amount INTEGER,
    started_by TEXT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, station_id) REFERENCES cafe_places (tenant_id, id),
    FOREIGN KEY (tenant_id, bill_id) REFERENCES cafe_bills (tenant_id, id)
);
CREATE UNIQUE INDEX cafe_sessions_one_live_per_station ON cafe_sessions (tenant_id, station_id)
    WHERE state <> 'stopped';
CREATE INDEX cafe_sessions_by_bill ON cafe_sessions (tenant_id, bill_id);
CREATE TABLE cafe_session_events (
    tenant_id INTEGER NOT NULL,
    session_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    -- 'start', 'pause', 'resume' or 'stop'.
    kind TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    by_user TEXT NOT NULL,
    PRIMARY KEY (tenant_id, session_id, seq),
    FOREIGN KEY (tenant_id, session_id) REFERENCES cafe_sessions (tenant_id, id)
);
CREATE TABLE cafe_orders (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    bill_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    unit_price INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    -- 'pending', 'served' or 'voided'.
    status TEXT NOT NULL,
    note TEXT,
    ordered_by TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    voided_by TEXT,
    void_reason TEXT,
    FOREIGN KEY (tenant_id, bill_id) REFERENCES cafe_bills (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE INDEX cafe_orders_by_bill ON cafe_orders (tenant_id, bill_id);
CREATE TABLE cafe_charges (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    bill_id INTEGER NOT NULL,
    -- 'order' (a served order), 'play' (a stopped session) or 'transfer' (an amount split off).
    kind TEXT NOT NULL,
    order_id INTEGER,
    session_id INTEGER,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    business_day INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, bill_id) REFERENCES cafe_bills (tenant_id, id)
);
CREATE INDEX cafe_charges_by_bill ON cafe_charges (tenant_id, bill_id);
CREATE TABLE cafe_payments (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    bill_id INTEGER NOT NULL,
    -- 'cash', 'card' or 'customer'.
    method TEXT NOT NULL,
    cash_register_id INTEGER,
    session_id INTEGER,
    customer_id INTEGER,
    amount INTEGER NOT NULL,
    received_by TEXT NOT NULL,
    business_day INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, bill_id) REFERENCES cafe_bills (tenant_id, id)
);
CREATE INDEX cafe_payments_by_bill ON cafe_payments (tenant_id, bill_id);
-- The trail of a merge (`from` closed into `into`) or a split (`into` opened from `from`).
CREATE TABLE cafe_bill_links (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    kind TEXT NOT NULL,
    from_bill_id INTEGER NOT NULL,
    into_bill_id INTEGER NOT NULL,
    moved_total INTEGER NOT NULL,
    moved_paid INTEGER NOT NULL,
    by_user TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    FOREIGN KEY (tenant_id, from_bill_id) REFERENCES cafe_bills (tenant_id, id),
    FOREIGN KEY (tenant_id, into_bill_id) REFERENCES cafe_bills (tenant_id, id)
);
CREATE INDEX cafe_bill_links_from ON cafe_bill_links (tenant_id, from_bill_id);
CREATE INDEX cafe_bill_links_into ON cafe_bill_links (tenant_id, into_bill_id);
