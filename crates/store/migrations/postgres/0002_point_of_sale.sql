-- Point of sale (derived from the SQLite migration; the daily report's money columns are
-- NUMERIC so that no sum can overflow and fail the sale that feeds it): tenant settings, cashier sessions, pay-ins and payouts, split payments,
-- customer credit, scale items, and the daily sales report.
ALTER TABLE tenants ADD COLUMN require_open_session BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tenants ADD COLUMN utc_offset_minutes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN scale_layouts TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN credit_limit BIGINT;
ALTER TABLE customers ADD COLUMN balance BIGINT NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN plu TEXT;
CREATE UNIQUE INDEX products_plu ON products (tenant_id, plu) WHERE plu IS NOT NULL;
ALTER TABLE sales ADD COLUMN branch_id BIGINT;
ALTER TABLE sales ADD COLUMN session_id BIGINT;
ALTER TABLE sales ADD COLUMN cashier TEXT NOT NULL DEFAULT '';
ALTER TABLE sales ADD COLUMN business_day BIGINT;
CREATE INDEX sales_session ON sales (tenant_id, session_id) WHERE session_id IS NOT NULL;
CREATE INDEX sales_day ON sales (tenant_id, business_day) WHERE business_day IS NOT NULL;
CREATE TABLE sale_payments (
    tenant_id BIGINT NOT NULL,
    sale_id BIGINT NOT NULL,
    line_no BIGINT NOT NULL,
    method TEXT NOT NULL,
    amount BIGINT NOT NULL,
    received BIGINT NOT NULL,
    change_amount BIGINT NOT NULL,
    account_id BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, sale_id, line_no)
);
CREATE TABLE cashier_sessions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    cash_register_id BIGINT NOT NULL,
    branch_id BIGINT,
    number TEXT NOT NULL,
    status TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at_ms BIGINT NOT NULL,
    opened_day BIGINT NOT NULL,
    opening_float BIGINT NOT NULL,
    sales_count BIGINT NOT NULL DEFAULT 0,
    sales_total BIGINT NOT NULL DEFAULT 0,
    cash_received BIGINT NOT NULL DEFAULT 0,
    change_given BIGINT NOT NULL DEFAULT 0,
    card BIGINT NOT NULL DEFAULT 0,
    bank_transfer BIGINT NOT NULL DEFAULT 0,
    credit BIGINT NOT NULL DEFAULT 0,
    cash_refunds BIGINT NOT NULL DEFAULT 0,
    pay_ins BIGINT NOT NULL DEFAULT 0,
    payouts BIGINT NOT NULL DEFAULT 0,
    closed_by TEXT,
    closed_at_ms BIGINT,
    closed_day BIGINT,
    counted BIGINT,
    denominations TEXT,
    expected BIGINT,
    difference BIGINT,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id)
);
CREATE UNIQUE INDEX cashier_sessions_one_open ON cashier_sessions (tenant_id, cash_register_id)
    WHERE status = 'open';
CREATE TABLE cash_movements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    session_id BIGINT NOT NULL,
    cash_register_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    amount BIGINT NOT NULL,
    reason TEXT NOT NULL,
    account_id BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    FOREIGN KEY (tenant_id, session_id) REFERENCES cashier_sessions (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE TABLE daily_sales (
    tenant_id BIGINT NOT NULL,
    branch_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    sales_count BIGINT NOT NULL DEFAULT 0,
    total NUMERIC NOT NULL DEFAULT 0,
    net NUMERIC NOT NULL DEFAULT 0,
    vat NUMERIC NOT NULL DEFAULT 0,
    cash NUMERIC NOT NULL DEFAULT 0,
    card NUMERIC NOT NULL DEFAULT 0,
    bank_transfer NUMERIC NOT NULL DEFAULT 0,
    credit NUMERIC NOT NULL DEFAULT 0,
    unique_customers BIGINT NOT NULL DEFAULT 0,
    returns_count BIGINT NOT NULL DEFAULT 0,
    returns_total NUMERIC NOT NULL DEFAULT 0,
    sessions_opened BIGINT NOT NULL DEFAULT 0,
    sessions_closed BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, branch_id, day)
);
CREATE TABLE daily_customers (
    tenant_id BIGINT NOT NULL,
    branch_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    customer_id BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, branch_id, day, customer_id)
);
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
UPDATE sales SET business_day = CAST(to_char(to_timestamp(posted_at_ms / 1000.0) AT TIME ZONE 'UTC', 'YYYYMMDD') AS BIGINT),
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
