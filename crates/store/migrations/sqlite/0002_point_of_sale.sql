-- Point of sale: tenant settings, cashier sessions, pay-ins and payouts, split payments,
-- customer credit, scale items, and the daily sales report.
ALTER TABLE tenants ADD COLUMN require_open_session INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN utc_offset_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN scale_layouts TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN credit_limit INTEGER;
ALTER TABLE customers ADD COLUMN balance INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN plu TEXT;
CREATE UNIQUE INDEX products_plu ON products (tenant_id, plu) WHERE plu IS NOT NULL;
ALTER TABLE sales ADD COLUMN branch_id INTEGER;
ALTER TABLE sales ADD COLUMN session_id INTEGER;
ALTER TABLE sales ADD COLUMN cashier TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN business_day INTEGER;
CREATE INDEX sales_session ON sales (tenant_id, session_id) WHERE session_id IS NOT NULL;
CREATE INDEX sales_day ON sales (tenant_id, business_day) WHERE business_day IS NOT NULL;
CREATE TABLE sale_payments (
    tenant_id INTEGER NOT NULL,
    sale_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    method TEXT NOT NULL,
    amount INTEGER NOT NULL,
    received INTEGER NOT NULL,
    change_amount INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, sale_id, line_no)
) WITHOUT ROWID;
CREATE TABLE cashier_sessions (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    cash_register_id INTEGER NOT NULL,
    branch_id INTEGER,
    number TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at_ms INTEGER NOT NULL,
    opened_day INTEGER NOT NULL,
    opening_float INTEGER NOT NULL,
    sales_count INTEGER NOT NULL DEFAULT 0,
    sales_total INTEGER NOT NULL DEFAULT 0,
    cash_received INTEGER NOT NULL DEFAULT 0,
    change_given INTEGER NOT NULL DEFAULT 0,
    card INTEGER NOT NULL DEFAULT 0,
    bank_transfer INTEGER NOT NULL DEFAULT 0,
    credit INTEGER NOT NULL DEFAULT 0,
    cash_refunds INTEGER NOT NULL DEFAULT 0,
    pay_ins INTEGER NOT NULL DEFAULT 0,
    payouts INTEGER NOT NULL DEFAULT 0,
    closed_by TEXT,
    closed_at_ms INTEGER,
    closed_day INTEGER,
    counted INTEGER,
    denominations TEXT,
    expected INTEGER,
    difference INTEGER,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id)
);
CREATE UNIQUE INDEX cashier_sessions_one_open ON cashier_sessions (tenant_id, cash_register_id)
    WHERE status = 'open';
CREATE TABLE cash_movements (
    id INTEGER PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    session_id INTEGER NOT NULL,
    cash_register_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    amount INTEGER NOT NULL,
    reason TEXT NOT NULL,
    account_id INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, session_id) REFERENCES cashier_sessions (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE TABLE daily_sales (
    tenant_id INTEGER NOT NULL,
    branch_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    sales_count INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    net INTEGER NOT NULL DEFAULT 0,
    vat INTEGER NOT NULL DEFAULT 0,
    cash INTEGER NOT NULL DEFAULT 0,
    card INTEGER NOT NULL DEFAULT 0,
    bank_transfer INTEGER NOT NULL DEFAULT 0,
    credit INTEGER NOT NULL DEFAULT 0,
    unique_customers INTEGER NOT NULL DEFAULT 0,
    returns_count INTEGER NOT NULL DEFAULT 0,
    returns_total INTEGER NOT NULL DEFAULT 0,
    sessions_opened INTEGER NOT NULL DEFAULT 0,
    sessions_closed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, branch_id, day)
) WITHOUT ROWID;
CREATE TABLE daily_customers (
    tenant_id INTEGER NOT NULL,
    branch_id INTEGER NOT NULL,
    day INTEGER NOT NULL,
    customer_id INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, branch_id, day, customer_id)
) WITHOUT ROWID;
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '11020', 'Bank', 'البنك', 'asset', 'bank' FROM tenants;
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '11040', 'Card payments clearing', 'مدفوعات البطاقات تحت التحصيل', 'asset',
        'card_clearing' FROM tenants;
INSERT INTO accounts (tenant_id, code, name_en, name_ar, kind, role)
    SELECT id, '53010', 'Cash over and short', 'عجز وزيادة النقدية', 'expense', 'cash_over_short'
    FROM tenants;
-- Sales posted before payments were recorded one by one: one payment each, for the total.
INSERT INTO sale_payments (tenant_id, sale_id, line_no, method, amount, received, change_amount,
        account_id)
    SELECT s.tenant_id, s.id, 0, s.payment_method, s.total, s.total, 0,
        CASE WHEN s.payment_method = 'cash' THEN r.account_id
             ELSE (SELECT a.id FROM accounts a WHERE a.tenant_id = s.tenant_id
                   AND a.role = 'customers') END
    FROM sales s LEFT JOIN cash_registers r ON r.tenant_id = s.tenant_id AND r.id = s.cash_register_id
    WHERE s.status = 'posted' AND s.total <> 0;
UPDATE customers SET balance = (SELECT COALESCE(SUM(p.amount), 0) FROM sale_payments p
    JOIN sales s ON s.tenant_id = p.tenant_id AND s.id = p.sale_id
    WHERE p.method = 'credit' AND s.tenant_id = customers.tenant_id AND s.customer_id = customers.id);
-- Sales posted before business days existed count on their UTC day, in their register's branch
-- (without a register: the branch of their first line's warehouse), as new sales do.
UPDATE sales SET business_day = CAST(strftime('%Y%m%d', posted_at_ms / 1000, 'unixepoch') AS INTEGER),
    branch_id = CASE WHEN cash_register_id IS NOT NULL
        THEN (SELECT r.branch_id FROM cash_registers r
              WHERE r.tenant_id = sales.tenant_id AND r.id = sales.cash_register_id)
        ELSE (SELECT w.branch_id FROM sale_lines l
              JOIN warehouses w ON w.tenant_id = l.tenant_id AND w.id = l.warehouse_id
              WHERE l.sale_id = sales.id AND l.line_no = 0) END
    WHERE status = 'posted';
INSERT INTO daily_customers (tenant_id, branch_id, day, customer_id)
    SELECT DISTINCT tenant_id, COALESCE(branch_id, 0), business_day, customer_id FROM sales
    WHERE status = 'posted' AND customer_id IS NOT NULL;
INSERT INTO daily_sales (tenant_id, branch_id, day, sales_count, total, net, vat, cash, credit,
        unique_customers)
    SELECT tenant_id, COALESCE(branch_id, 0), business_day, COUNT(*), SUM(total), SUM(net),
        SUM(vat), SUM(CASE WHEN payment_method = 'cash' THEN total ELSE 0 END),
        SUM(CASE WHEN payment_method = 'credit' THEN total ELSE 0 END), COUNT(DISTINCT customer_id)
    FROM sales WHERE status = 'posted'
    GROUP BY tenant_id, COALESCE(branch_id, 0), business_day;
