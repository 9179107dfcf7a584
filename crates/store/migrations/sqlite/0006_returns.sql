-- Sales returns: a return takes back lines of a completed sale (its own amounts and the cost the
-- sale took), restocks them or writes them off to the damaged goods account, and refunds them.
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '52010', 'Damaged goods', 'بضاعة تالفة', 'expense', 'damaged_goods' FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id
                      AND (a.code = '52010' OR a.role = 'damaged_goods'));
CREATE TABLE sale_returns (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    sale_id INTEGER NOT NULL,
    -- NULL: written off as damaged.
    warehouse_id INTEGER,
    -- cash, card, bank_transfer or credit.
    refund_method TEXT NOT NULL,
    cash_register_id INTEGER,
    session_id INTEGER,
    customer_id INTEGER,
    branch_id INTEGER,
    reason TEXT NOT NULL,
    returned_by TEXT NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    total INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    business_day INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id)
);
CREATE INDEX sale_returns_by_sale ON sale_returns (tenant_id, sale_id);
CREATE TABLE sale_return_lines (
    tenant_id INTEGER NOT NULL,
    return_id INTEGER NOT NULL,
    sale_id INTEGER NOT NULL,
    -- The sale line's position (0-based, as sale_lines.line_no).
    line_no INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, return_id, line_no),
    FOREIGN KEY (tenant_id, return_id) REFERENCES sale_returns (tenant_id, id)
);
CREATE INDEX sale_return_lines_by_sale ON sale_return_lines (tenant_id, sale_id, line_no);
