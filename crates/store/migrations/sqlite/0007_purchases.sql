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
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    name TEXT NOT NULL,
    phone TEXT,
    tax_number TEXT,
    -- What the shop owes the supplier (negative: paid in advance).
    balance INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, id)
);
CREATE TABLE purchases (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    supplier_id INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    branch_id INTEGER,
    -- The supplier's own invoice number.
    supplier_ref TEXT,
    received_by TEXT NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    total INTEGER NOT NULL,
    business_day INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    FOREIGN KEY (tenant_id, warehouse_id) REFERENCES warehouses (tenant_id, id)
);
CREATE INDEX purchases_by_supplier ON purchases (tenant_id, supplier_id);
CREATE TABLE purchase_lines (
    tenant_id INTEGER NOT NULL,
    purchase_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    unit_cost INTEGER NOT NULL,
    vat_bp INTEGER NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, purchase_id, line_no),
    FOREIGN KEY (tenant_id, purchase_id) REFERENCES purchases (tenant_id, id)
);
CREATE TABLE purchase_returns (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    purchase_id INTEGER NOT NULL,
    supplier_id INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    reason TEXT NOT NULL,
    returned_by TEXT NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    total INTEGER NOT NULL,
    -- The stock value that left.
    cost INTEGER NOT NULL,
    business_day INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, purchase_id) REFERENCES purchases (tenant_id, id)
);
CREATE INDEX purchase_returns_by_purchase ON purchase_returns (tenant_id, purchase_id);
CREATE TABLE purchase_return_lines (
    tenant_id INTEGER NOT NULL,
    return_id INTEGER NOT NULL,
    purchase_id INTEGER NOT NULL,
    -- The receipt line's position (as purchase_lines.line_no).
    line_no INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    qty INTEGER NOT NULL,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    cost INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, return_id, line_no),
    FOREIGN KEY (tenant_id, return_id) REFERENCES purchase_returns (tenant_id, id)
);
CREATE INDEX purchase_return_lines_by_purchase
    ON purchase_return_lines (tenant_id, purchase_id, line_no);
CREATE TABLE supplier_payments (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    supplier_id INTEGER NOT NULL,
    -- safe, drawer or bank.
    paid_from TEXT NOT NULL,
    cash_register_id INTEGER,
    session_id INTEGER,
    amount INTEGER NOT NULL,
    note TEXT,
    paid_by TEXT NOT NULL,
    business_day INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id)
);
CREATE INDEX supplier_payments_by_supplier ON supplier_payments (tenant_id, supplier_id);
CREATE INDEX supplier_payments_by_session ON supplier_payments (tenant_id, session_id);
