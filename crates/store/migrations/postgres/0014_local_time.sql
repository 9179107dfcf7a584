-- Receipts keep their time: a posted sale and a return store the tenant's UTC offset in effect
-- when they posted (a reprint shows the local time it happened, whatever the offset is now);
-- rows posted before are given the tenant's current offset. A sale line sold by a scale label
-- with an embedded price keeps the label's amount (the line's worth before discount and VAT),
-- and a return that voids its sale says so.
ALTER TABLE sales ADD COLUMN utc_offset_minutes BIGINT;
UPDATE sales SET utc_offset_minutes = t.utc_offset_minutes
    FROM tenants t WHERE t.id = sales.tenant_id AND sales.status = 'posted';
ALTER TABLE sale_returns ADD COLUMN utc_offset_minutes BIGINT NOT NULL DEFAULT 0;
UPDATE sale_returns SET utc_offset_minutes = t.utc_offset_minutes
    FROM tenants t WHERE t.id = sale_returns.tenant_id;
ALTER TABLE sale_returns ADD COLUMN voids_sale BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sale_lines ADD COLUMN label_amount BIGINT;
