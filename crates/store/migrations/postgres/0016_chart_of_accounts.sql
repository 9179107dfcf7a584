-- The chart of accounts: Russian names beside the Arabic and English ones (back-filled for the
-- default chart and the registers' drawers of every tenant), the default accounts later
-- documents post to (work in progress, open café tabs, customer deposits), the role of general
-- expenses, and the opening balances of customers and suppliers with what customer payments
-- settled of them.
ALTER TABLE accounts ADD COLUMN name_ru TEXT NOT NULL DEFAULT '';
UPDATE accounts SET name_ru = CASE code
    WHEN '11010' THEN 'Касса'
    WHEN '11020' THEN 'Банк'
    WHEN '11030' THEN 'Покупатели'
    WHEN '11040' THEN 'Платежи по картам к зачислению'
    WHEN '11051' THEN 'Товарные запасы'
    WHEN '11060' THEN 'НДС по приобретённым ценностям'
    WHEN '21010' THEN 'НДС к уплате'
    WHEN '21020' THEN 'Поставщики'
    WHEN '31010' THEN 'Капитал начальных остатков'
    WHEN '41010' THEN 'Выручка от продаж'
    WHEN '42010' THEN 'Излишки при инвентаризации'
    WHEN '51010' THEN 'Себестоимость продаж'
    WHEN '52010' THEN 'Испорченный товар'
    WHEN '52020' THEN 'Недостачи при инвентаризации'
    WHEN '53010' THEN 'Излишки и недостачи кассы'
    WHEN '54010' THEN 'Общие расходы'
    ELSE name_ru END
WHERE role IS NOT NULL OR code = '54010';
UPDATE accounts SET name_ru = 'Касса - ' || substr(name_en, 8) WHERE code LIKE '11010-%';
UPDATE accounts SET role = 'expenses' WHERE code = '54010' AND role IS NULL;
INSERT INTO accounts (tenant_id, code, name_en, name_ar, name_ru, kind, role)
    SELECT id, '11052', 'Work in progress', 'أعمال تحت التنفيذ', 'Незавершённое производство', 'asset', 'work_in_progress' FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id AND a.code = '11052');
INSERT INTO accounts (tenant_id, code, name_en, name_ar, name_ru, kind, role)
    SELECT id, '11070', 'Open café tabs', 'حسابات المقهى المفتوحة', 'Открытые счета кафе', 'asset', 'cafe_tabs' FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id AND a.code = '11070');
INSERT INTO accounts (tenant_id, code, name_en, name_ar, name_ru, kind, role)
    SELECT id, '21030', 'Customer deposits', 'دفعات مقدمة من العملاء', 'Авансы покупателей', 'liability', 'customer_deposits' FROM tenants
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.tenant_id = tenants.id AND a.code = '21030');
CREATE TABLE opening_balances (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id BIGINT NOT NULL REFERENCES tenants(id),
    number TEXT NOT NULL,
    -- 'customer' or 'supplier': exactly one of the two ids is set.
    party TEXT NOT NULL,
    customer_id BIGINT,
    supplier_id BIGINT,
    -- Positive: the customer owes the shop / the shop owes the supplier; negative, an advance.
    amount BIGINT NOT NULL,
    -- The business day it is as of (YYYYMMDD); posted at noon of it, shop time.
    business_day BIGINT NOT NULL,
    posted_at_ms BIGINT NOT NULL,
    posted_by TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, customer_id),
    UNIQUE (tenant_id, supplier_id),
    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
    FOREIGN KEY (tenant_id, supplier_id) REFERENCES suppliers (tenant_id, id)
);
CREATE TABLE opening_balance_settlements (
    tenant_id BIGINT NOT NULL,
    payment_id BIGINT NOT NULL,
    opening_id BIGINT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, payment_id),
    FOREIGN KEY (tenant_id, payment_id) REFERENCES customer_payments (tenant_id, id),
    FOREIGN KEY (tenant_id, opening_id) REFERENCES opening_balances (tenant_id, id)
);
CREATE INDEX opening_balance_settlements_by_opening
    ON opening_balance_settlements (tenant_id, opening_id);
