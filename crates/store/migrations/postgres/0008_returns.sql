-- Sales returns: a return takes back lines of a completed sale (its own amounts and the cost the
-- sale took), restocks them or writes them off to the damaged goods account, and refunds them.
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '52010', 'Damaged goods', 'بضاعة تالفة', 'expense', 'damaged_goods' FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id
                      AND (a.code = '52010' OR a.role = 'damaged_goods'));
CREATE TABLE sale_returns (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    sale_id BIGINT NOT NULL,
    -- NULL: written off as damaged.
    warehouse_id BIGINT,
    -- cash, card, bank_transfer or credit.
    refund_method TEXT NOT NULL,
    cash_register_id BIGINT,
    session_id BIGINT,
    customer_id BIGINT,
    branch_id BIGINT,
    reason TEXT NOT NULL,
    returned_by TEXT NOT NULL,
    net BIGINT NOT NULL,
    vat BIGINT NOT NULL,
    total BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    business_day BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id)
);
CREATE INDEX sale_returns_by_sale ON sale_returns (tenant_id, sale_id);
CREATE TABLE sale_return_lines (
    tenant_id BIGINT NOT NULL,
    return_id BIGINT NOT NULL,
    sale_id BIGINT NOT NULL,
    -- The sale line's position (0-based, as sale_lines.line_no).
    line_no BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    net BIGINT NOT NULL,
    vat BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, return_id, line_no),
    FOREIGN KEY (tenant_id, return_id) REFERENCES sale_returns (tenant_id, id)
);
CREATE INDEX sale_return_lines_by_sale ON sale_return_lines (tenant_id, sale_id, line_no);
