-- The back office's document lists: newest first of one kind, and the document with a number,
-- each picked through an index so a page costs its size with a million documents.
CREATE INDEX journal_entries_kind ON journal_entries (tenant_id, doc_kind, id);
CREATE INDEX journal_entries_number ON journal_entries (tenant_id, number);
