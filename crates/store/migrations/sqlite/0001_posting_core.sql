-- Posting core: tenants, master data, stock, sales, the journal, cash, idempotency.
CREATE TABLE tenants (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    exponent INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    token_hash TEXT NOT NULL UNIQUE,
    user_name TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL
);
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    code TEXT NOT NULL,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    kind TEXT NOT NULL,
    role TEXT,
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, role),
    UNIQUE (tenant_id, id)
);
CREATE TABLE branches (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    UNIQUE (tenant_id, id)
);
CREATE TABLE warehouses (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    branch_id INTEGER,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, branch_id) REFERENCES branches (tenant_id, id)
);
CREATE TABLE cash_registers (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    branch_id INTEGER,
    name TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, branch_id) REFERENCES branches (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    phone TEXT,
    UNIQUE (tenant_id, id)
);
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    code TEXT NOT NULL,
    barcode TEXT,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    unit TEXT NOT NULL,
    sale_price INTEGER NOT NULL,
    vat_bp INTEGER NOT NULL,
    tracks_stock INTEGER NOT NULL,
    allow_negative_stock INTEGER NOT NULL,
    cost_price INTEGER,
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX products_barcode ON products (tenant_id, barcode) WHERE barcode IS NOT NULL;
CREATE TABLE stock_levels (
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    warehouse_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, warehouse_id, product_id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
) WITHOUT ROWID;
CREATE TABLE stock_moves (
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    doc_kind TEXT NOT NULL,
    doc_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, doc_kind, doc_id, line_no)
) WITHOUT ROWID;
CREATE INDEX stock_moves_level ON stock_moves (tenant_id, warehouse_id, product_id);
CREATE TABLE number_series (
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    series TEXT NOT NULL,
    last_value INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, series)
) WITHOUT ROWID;
CREATE TABLE opening_stocks (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    warehouse_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    unit_cost INTEGER NOT NULL,
    value INTEGER NOT NULL,
    posted_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE TABLE sales (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT,
    status TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    cash_register_id INTEGER,
    customer_id INTEGER,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    total INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    posted_at_ms INTEGER,
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE TABLE sale_lines (
    tenant_id INTEGER NOT NULL,
    sale_id INTEGER NOT NULL REFERENCES sales(id),
    line_no INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    unit_price INTEGER NOT NULL,
    discount INTEGER NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    PRIMARY KEY (sale_id, line_no),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
) WITHOUT ROWID;
CREATE TABLE journal_entries (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    doc_kind TEXT NOT NULL,
    doc_id INTEGER NOT NULL,
    number TEXT NOT NULL,
    memo TEXT NOT NULL,
    posted_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, doc_kind, doc_id)
);
CREATE TABLE journal_lines (
    tenant_id INTEGER NOT NULL,
    entry_id INTEGER NOT NULL REFERENCES journal_entries(id),
    line_no INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (entry_id, line_no),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX journal_lines_account ON journal_lines (tenant_id, account_id);
CREATE TABLE cash_moves (
    tenant_id INTEGER NOT NULL,
    doc_kind TEXT NOT NULL,
    doc_id INTEGER NOT NULL,
    cash_register_id INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, doc_kind, doc_id, cash_register_id),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX cash_moves_register ON cash_moves (tenant_id, cash_register_id);
CREATE TABLE idempotency_keys (
    tenant_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    resource_kind TEXT NOT NULL,
    resource_id INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, key)
) WITHOUT ROWID;
