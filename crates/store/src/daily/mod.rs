//! The daily sales report in the store: each posting adds to its (branch, day) row in its own
//! transaction — a batch's sales once, as it commits (`write`, `pending`) — the rebuild
//! recomputes the rows from the postings (`rebuild`), and `read` answers the report. The upkeep
//! is plain counter upserts with no constraint to violate (PostgreSQL keeps the sums as
//! NUMERIC; SQLite turns an overflowing sum into a REAL).

pub(crate) mod read;
pub(crate) mod rebuild;
pub(crate) mod write;
