-- Foreign keys that a posting proves itself, in its own transaction, dropped from the tables
-- every sale writes (each cost a trigger and an index probe per row; about 20 per sale). A
-- posting writes these rows only for a tenant it was authenticated for, for a document it has
-- just inserted, and for accounts it took from the tenant's own chart (or checked: a pay-in's
-- counter-account). The composite (tenant_id, id) keys on client-supplied references — product,
-- warehouse, register, customer, session — stay, so the database itself still refuses a
-- reference to another tenant's row. SQLite keeps these keys: its checks are in-process index
-- lookups (the schema-parity test lists exactly these as PostgreSQL's difference).
ALTER TABLE sales DROP CONSTRAINT IF EXISTS sales_tenant_id_fkey;
ALTER TABLE sale_lines DROP CONSTRAINT IF EXISTS sale_lines_sale_id_fkey;
ALTER TABLE stock_levels DROP CONSTRAINT IF EXISTS stock_levels_tenant_id_fkey;
ALTER TABLE stock_moves DROP CONSTRAINT IF EXISTS stock_moves_tenant_id_fkey;
ALTER TABLE journal_entries DROP CONSTRAINT IF EXISTS journal_entries_tenant_id_fkey;
ALTER TABLE journal_lines DROP CONSTRAINT IF EXISTS journal_lines_entry_id_fkey;
ALTER TABLE journal_lines DROP CONSTRAINT IF EXISTS journal_lines_tenant_id_account_id_fkey;
