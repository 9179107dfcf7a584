-- Customer payments: what a customer pays on their debt (cash into a session, card, bank),
-- allocated to their open credit sales.
CREATE TABLE customer_payments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    customer_id BIGINT NOT NULL,
    -- cash, card or bank_transfer.
    method TEXT NOT NULL,
    cash_register_id BIGINT,
    session_id BIGINT,
    amount BIGINT NOT NULL,
    note TEXT,
    received_by TEXT NOT NULL,
    business_day BIGINT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, cash_register_id) REFERENCES cash_registers (tenant_id, id)
);
CREATE INDEX customer_payments_by_customer ON customer_payments (tenant_id, customer_id);
CREATE INDEX customer_payments_by_session ON customer_payments (tenant_id, session_id);
CREATE TABLE customer_payment_allocations (
    tenant_id BIGINT NOT NULL,
    payment_id BIGINT NOT NULL,
    sale_id BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, payment_id, sale_id),
    FOREIGN KEY (tenant_id, payment_id) REFERENCES customer_payments (tenant_id, id)
);
CREATE INDEX customer_payment_allocations_by_sale
    ON customer_payment_allocations (tenant_id, sale_id);
-- Partial: the many sales without a customer cost nothing.
CREATE INDEX sales_by_customer ON sales (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
