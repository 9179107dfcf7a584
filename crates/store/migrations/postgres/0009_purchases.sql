-- Suppliers and purchases: receipts at cost with input VAT, purchase returns, supplier payments
-- (from the safe, a drawer's open session, or the bank).
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '11060', 'VAT input', 'ضريبة القيمة المضافة على المشتريات', 'asset', 'vat_input'
    FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id
                      AND (a.code = '11060' OR a.role = 'vat_input'));
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '21020', 'Suppliers', 'الموردون', 'liability', 'suppliers' FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id
                      AND (a.code = '21020' OR a.role = 'suppliers'));
CREATE TABLE suppliers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    phone TEXT,
    tax_number TEXT,
    -- What the shop owes the supplier (negative: paid in advance).
    balance BIGINT NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, id)
);
CREATE TABLE purchases (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    supplier_id BIGINT NOT NULL,
    warehouse_id BIGINT NOT NULL,
    branch_id BIGINT,
    -- The supplier's own invoice number.
    supplier_ref TEXT,
    received_by TEXT NOT NULL,
    net BIGINT NOT NULL,
    vat BIGINT NOT NULL,
    total BIGINT NOT NULL,
    business_day BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE INDEX purchases_by_supplier ON purchases (tenant_id, supplier_id);
CREATE TABLE purchase_lines (
    tenant_id BIGINT NOT NULL,
    purchase_id BIGINT NOT NULL,
    line_no BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    unit_cost BIGINT NOT NULL,
    vat_bp BIGINT NOT NULL,
    net BIGINT NOT NULL,
    vat BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, purchase_id, line_no),
    FOREIGN KEY (tenant_id, purchase_id) REFERENCES purchases (tenant_id, id)
);
CREATE TABLE purchase_returns (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    purchase_id BIGINT NOT NULL,
    supplier_id BIGINT NOT NULL,
    warehouse_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    returned_by TEXT NOT NULL,
    net BIGINT NOT NULL,
    vat BIGINT NOT NULL,
    total BIGINT NOT NULL,
    -- The stock value that left.
    cost BIGINT NOT NULL,
    business_day BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_id) REFERENCES purchases (tenant_id, id)
);
CREATE INDEX purchase_returns_by_purchase ON purchase_returns (tenant_id, purchase_id);
CREATE TABLE purchase_return_lines (
    tenant_id BIGINT NOT NULL,
    return_id BIGINT NOT NULL,
    purchase_id BIGINT NOT NULL,
    -- The receipt line's position (as purchase_lines.line_no).
    line_no BIGINT NOT NULL,
    product_id BIGINT NOT NULL,
    qty BIGINT NOT NULL,
    net BIGINT NOT NULL,
    vat BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, return_id, line_no),
    FOREIGN KEY (tenant_id, return_id) REFERENCES purchase_returns (tenant_id, id)
);
CREATE INDEX purchase_return_lines_by_purchase
    ON purchase_return_lines (tenant_id, purchase_id, line_no);
CREATE TABLE supplier_payments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    supplier_id BIGINT NOT NULL,
    -- safe, drawer or bank.
    paid_from TEXT NOT NULL,
    cash_register_id BIGINT,
    session_id BIGINT,
    amount BIGINT NOT NULL,
    note TEXT,
    paid_by TEXT NOT NULL,
    business_day BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id)
);
CREATE INDEX supplier_payments_by_supplier ON supplier_payments (tenant_id, supplier_id);
CREATE INDEX supplier_payments_by_session ON supplier_payments (tenant_id, session_id);
