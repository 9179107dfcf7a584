-- Sales reports over a range of business days read the returns of those days.
CREATE INDEX IF NOT EXISTS sale_returns_by_day ON sale_returns (tenant_id, business_day);
