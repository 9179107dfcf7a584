-- The back office's document lists: newest first (of the tenant, of one kind), and the
-- document with a number, each picked through an index so a page costs its size with a million
-- documents.
CREATE INDEX IF NOT EXISTS journal_entries_by_id ON journal_entries (tenant_id, id);
CREATE INDEX IF NOT EXISTS journal_entries_kind ON journal_entries (tenant_id, doc_kind, id);
CREATE INDEX IF NOT EXISTS journal_entries_number ON journal_entries (tenant_id, number);
