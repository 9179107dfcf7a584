-- Stock between warehouses and counted stock: transfers at cost, counts that book shortfalls to
-- shrinkage and surpluses to found stock.
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '42010', 'Found stock', 'زيادة المخزون عند الجرد', 'income', 'found_stock'
    FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id
                      AND (a.code = '42010' OR a.role = 'found_stock'));
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '52020', 'Shrinkage', 'عجز المخزون عند الجرد', 'expense', 'shrinkage' FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id
                      AND (a.code = '52020' OR a.role = 'shrinkage'));
CREATE TABLE stock_transfers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    from_warehouse_id BIGINT NOT NULL,
    to_warehouse_id BIGINT NOT NULL,
    note TEXT,
    -- The cost that left the first warehouse.
    value BIGINT NOT NULL,
    moved_by TEXT NOT NULL,
    business_day BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, from_warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, to_warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE TABLE stock_transfer_lines (
    tenant_id BIGINT NOT NULL,
    transfer_id BIGINT NOT NULL,
    line_no BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, transfer_id, line_no),
    FOREIGN KEY (tenant_id, transfer_id) REFERENCES stock_transfers (tenant_id, id)
);
CREATE TABLE stock_counts (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    warehouse_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    shrinkage BIGINT NOT NULL,
    found BIGINT NOT NULL,
    counted_by TEXT NOT NULL,
    business_day BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE TABLE stock_count_lines (
    tenant_id BIGINT NOT NULL,
    count_id BIGINT NOT NULL,
    line_no BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    counted BIGINT NOT NULL,
    -- Counted less on hand, and the value that moved (signed).
    difference BIGINT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, count_id, line_no),
    FOREIGN KEY (tenant_id, count_id) REFERENCES stock_counts (tenant_id, id)
);
