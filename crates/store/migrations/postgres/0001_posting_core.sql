-- Posting core: tenants, master data, stock, sales, the journal, cash, idempotency.
CREATE TABLE tenants (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    exponent BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    token_hash TEXT NOT NULL UNIQUE,
    user_name TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);
CREATE TABLE accounts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
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
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    UNIQUE (tenant_id, id)
);
CREATE TABLE warehouses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    branch_id BIGINT,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, branch_id) REFERENCES branches (tenant_id, id)
);
CREATE TABLE cash_registers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    branch_id BIGINT,
    name TEXT NOT NULL,
    account_id BIGINT NOT NULL,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, branch_id) REFERENCES branches (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE TABLE customers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    phone TEXT,
    UNIQUE (tenant_id, id)
);
CREATE TABLE products (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    code TEXT NOT NULL,
    barcode TEXT,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    unit TEXT NOT NULL,
    sale_price BIGINT NOT NULL,
    vat_bp BIGINT NOT NULL,
    tracks_stock BOOLEAN NOT NULL,
    allow_negative_stock BOOLEAN NOT NULL,
    cost_price BIGINT,
    UNIQUE (tenant_id, code),
    UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX products_barcode ON products (tenant_id, barcode) WHERE barcode IS NOT NULL;
CREATE TABLE stock_levels (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    warehouse_id BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, warehouse_id, product_id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE TABLE stock_moves (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    doc_kind TEXT NOT NULL,
    doc_id BIGINT NOT NULL,
    line_no BIGINT NOT NULL,
    warehouse_id BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, doc_kind, doc_id, line_no)
);
CREATE INDEX stock_moves_level ON stock_moves (tenant_id, warehouse_id, product_id);
CREATE TABLE number_series (
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    series TEXT NOT NULL,
    last_value BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, series)
);
CREATE TABLE opening_stocks (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    warehouse_id BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    unit_cost BIGINT NOT NULL,
    value BIGINT NOT NULL,
    posted_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id)
);
CREATE TABLE sales (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT,
    status TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    cash_register_id BIGINT,
    customer_id BIGINT,
    net BIGINT NOT NULL,
    vat BIGINT NOT NULL,
    total BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    posted_at_ms BIGINT,
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)
);
CREATE TABLE sale_lines (
    tenant_id BIGINT NOT NULL,
    sale_id BIGINT NOT NULL REFERENCES sales(id),
    line_no BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    warehouse_id BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    unit_price BIGINT NOT NULL,
    discount BIGINT NOT NULL,
    net BIGINT NOT NULL,
    vat BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    PRIMARY KEY (sale_id, line_no),
    FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE TABLE journal_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    doc_kind TEXT NOT NULL,
    doc_id BIGINT NOT NULL,
    number TEXT NOT NULL,
    memo TEXT NOT NULL,
    posted_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, doc_kind, doc_id)
);
CREATE TABLE journal_lines (
    tenant_id BIGINT NOT NULL,
    entry_id BIGINT NOT NULL REFERENCES journal_entries(id),
    line_no BIGINT NOT NULL,
    account_id BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (entry_id, line_no),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX journal_lines_account ON journal_lines (tenant_id, account_id);
CREATE TABLE cash_moves (
    tenant_id BIGINT NOT NULL,
    doc_kind TEXT NOT NULL,
    doc_id BIGINT NOT NULL,
    cash_register_id BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, doc_kind, doc_id, cash_register_id),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id)
);
CREATE INDEX cash_moves_register ON cash_moves (tenant_id, cash_register_id);
CREATE TABLE idempotency_keys (
    tenant_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    resource_kind TEXT NOT NULL,
    resource_id BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, key)
);
