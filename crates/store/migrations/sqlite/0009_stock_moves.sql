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
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    from_warehouse_id INTEGER NOT NULL,
    to_warehouse_id INTEGER NOT NULL,
    note TEXT,
    -- The cost that left the first warehouse.
    value INTEGER NOT NULL,
    moved_by TEXT NOT NULL,
    business_day INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, from_warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, to_warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE TABLE stock_transfer_lines (
    tenant_id INTEGER NOT NULL,
    transfer_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, transfer_id, line_no),
    FOREIGN KEY (tenant_id, transfer_id) REFERENCES stock_transfers (tenant_id, id)
);
CREATE TABLE stock_counts (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    warehouse_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    shrinkage INTEGER NOT NULL,
    found INTEGER NOT NULL,
    counted_by TEXT NOT NULL,
    business_day INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE TABLE stock_count_lines (
    tenant_id INTEGER NOT NULL,
    count_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    counted INTEGER NOT NULL,
    -- Counted less on hand, and the value that moved (signed).
    difference INTEGER NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, count_id, line_no),
    FOREIGN KEY (tenant_id, count_id) REFERENCES stock_counts (tenant_id, id)
);
