//! Store errors: infrastructure failures (`StoreError`) and refusals of a write (`WriteError`),
//! each refusal with a stable machine code.

use mizan_domain::journal::JournalError;
use mizan_domain::ledger::accounts::AccountError;
use mizan_domain::opening::OpeningStockError;
use mizan_domain::opening::balances::OpeningBalanceError;
use mizan_domain::payments::PaymentError;
use mizan_domain::purchases::PurchaseError;
use mizan_domain::refusal::{Details, Kind, Refusal, field};
use mizan_domain::returns::ReturnError;
use mizan_domain::sales::SalePostingError;
use mizan_domain::sessions::SessionError;
use mizan_domain::transfers::StockMoveError;

/// A failure of the database itself. Never shown to a client beyond "internal error".
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("unsupported database url {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("the writer thread has stopped")]
    WriterGone,
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// A backup or restore could not be done: what and why.
    #[error("{0}")]
    Backup(String),
    /// The database could not be reached; nothing was written.
    #[error("the database cannot be reached: {0}")]
    Unavailable(String),
    /// The database's disk is full; nothing was written.
    #[error("the database's disk is full: {0}")]
    Full(String),
    /// The commit was sent but its answer was lost: the write may or may not have happened.
    /// A retry with the same Idempotency-Key answers the truth.
    #[error("the outcome of the commit is unknown: {0}")]
    OutcomeUnknown(String),
}

/// Why the database cannot serve now (a client should try again later).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outage {
    /// It cannot be reached, or is starting or shutting down.
    Unreachable,
    /// Its disk is full: reads go on, writes cannot.
    StorageFull,
    /// A commit's answer was lost.
    OutcomeUnknown,
}

impl StoreError {
    /// The outage this failure shows, if it is one (and not a bug).
    #[must_use]
    pub fn outage(&self) -> Option<Outage> {
        use rusqlite::ErrorCode as Sq;
        use tokio_postgres::error::SqlState as Pg;
        match self {
            Self::OutcomeUnknown(_) => Some(Outage::OutcomeUnknown),
            Self::Full(_) => Some(Outage::StorageFull),
            Self::WriterGone | Self::Unavailable(_) => Some(Outage::Unreachable),
            Self::Postgres(e) => match e.code() {
                Some(c) if *c == Pg::DISK_FULL => Some(Outage::StorageFull),
                Some(c)
                    if *c == Pg::ADMIN_SHUTDOWN
                        || *c == Pg::CRASH_SHUTDOWN
                        || *c == Pg::CANNOT_CONNECT_NOW
                        || *c == Pg::TOO_MANY_CONNECTIONS
                        || c.code().starts_with("08") =>
                {
                    Some(Outage::Unreachable)
                }
                Some(c) if *c == Pg::READ_ONLY_SQL_TRANSACTION => Some(Outage::Unreachable),
                Some(_) => None,
                // No SQLSTATE: unreachable when the connection itself failed (refused, reset,
                // timed out, closed); anything else is a bug, not an outage.
                None => {
                    let io = std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>());
                    (e.is_closed() || io).then_some(Outage::Unreachable)
                }
            },
            Self::Sqlite(e) => match e.sqlite_error_code() {
                Some(Sq::DiskFull) => Some(Outage::StorageFull),
                Some(Sq::DatabaseBusy | Sq::DatabaseLocked | Sq::CannotOpen) => {
                    Some(Outage::Unreachable)
                }
                _ => None,
            },
            Self::Io(e) if e.raw_os_error() == Some(28) => Some(Outage::StorageFull),
            _ => None,
        }
    }
}

/// Why a write was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Posting(#[from] SalePostingError),
    #[error(transparent)]
    Opening(#[from] OpeningStockError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error(transparent)]
    Return(#[from] ReturnError),
    #[error(transparent)]
    Purchase(#[from] PurchaseError),
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    StockMove(#[from] StockMoveError),
    #[error(transparent)]
    Payment(#[from] PaymentError),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    OpeningBalance(#[from] OpeningBalanceError),
    #[error(transparent)]
    Cafe(#[from] mizan_domain::cafe::CafeError),
    #[error(transparent)]
    Workshop(#[from] mizan_domain::workshop::WorkshopError),
    #[error("{field} does not exist")]
    NotFound { field: String },
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("this Idempotency-Key was used with a different request")]
    IdempotencyKeyReused,
    #[error(transparent)]
    Store(StoreError),
}

impl Refusal for WriteError {
    /// The stable machine code of the refusal (`internal` for store failures, which callers
    /// take out first: they are failures, not refusals).
    fn code(&self) -> &'static str {
        match self {
            Self::Posting(e) => e.code(),
            Self::Opening(e) => e.code(),
            Self::Session(e) => e.code(),
            Self::Return(e) => e.code(),
            Self::Purchase(e) => e.code(),
            Self::Journal(e) => e.code(),
            Self::StockMove(e) => e.code(),
            Self::Payment(e) => e.code(),
            Self::Account(e) => e.code(),
            Self::OpeningBalance(e) => e.code(),
            Self::Cafe(e) => e.code(),
            Self::Workshop(e) => e.code(),
            Self::NotFound { .. } => "not_found",
            Self::Conflict { code, .. } => code,
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::Store(_) => "internal",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::Posting(e) => e.kind(),
            Self::Opening(e) => e.kind(),
            Self::Session(e) => e.kind(),
            Self::Return(e) => e.kind(),
            Self::Purchase(e) => e.kind(),
            Self::Journal(e) => e.kind(),
            Self::StockMove(e) => e.kind(),
            Self::Payment(e) => e.kind(),
            Self::Account(e) => e.kind(),
            Self::OpeningBalance(e) => e.kind(),
            Self::Cafe(e) => e.kind(),
            Self::Workshop(e) => e.kind(),
            Self::NotFound { .. } => Kind::NotFound,
            Self::Conflict { .. } | Self::Store(_) => Kind::Conflict,
            Self::IdempotencyKeyReused => Kind::Invalid,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::Posting(e) => e.details(),
            Self::Opening(e) => e.details(),
            Self::Session(e) => e.details(),
            Self::Return(e) => e.details(),
            Self::Purchase(e) => e.details(),
            Self::Journal(e) => e.details(),
            Self::StockMove(e) => e.details(),
            Self::Payment(e) => e.details(),
            Self::Account(e) => e.details(),
            Self::OpeningBalance(e) => e.details(),
            Self::Cafe(e) => e.details(),
            Self::Workshop(e) => e.details(),
            Self::NotFound { field: f } => field(f.as_str()),
            Self::Conflict { .. } | Self::IdempotencyKeyReused | Self::Store(_) => Vec::new(),
        }
    }
}

impl WriteError {
    pub(crate) fn duplicate_code(what: &str, code: &str) -> Self {
        Self::Conflict {
            code: "duplicate_code",
            message: format!("a {what} with code {code} already exists"),
        }
    }

    /// The store failure inside, for callers that cannot be refused (tenant creation, tokens).
    pub(crate) fn into_store_error(self) -> StoreError {
        match self {
            Self::Store(s) => s,
            other => StoreError::Corrupt(other.to_string()),
        }
    }

    pub(crate) fn already_completed(sale: mizan_domain::SaleId) -> Self {
        Self::Conflict {
            code: "sale_already_completed",
            message: format!("sale {sale} is already completed; it cannot be paid again"),
        }
    }

    pub(crate) fn discarded(sale: mizan_domain::SaleId) -> Self {
        Self::Conflict {
            code: "sale_discarded",
            message: format!("sale {sale} was discarded; ring it up again"),
        }
    }

    pub(crate) fn not_found(field: impl Into<String>) -> Self {
        Self::NotFound {
            field: field.into(),
        }
    }
}

impl From<StoreError> for WriteError {
    fn from(e: StoreError) -> Self {
        // A running total (a session's, a customer's) pushed past 64 bits: the write is refused
        // as too large, like any amount, rather than failing as an internal error.
        if let StoreError::Postgres(pg) = &e
            && pg.code() == Some(&tokio_postgres::error::SqlState::NUMERIC_VALUE_OUT_OF_RANGE)
        {
            return Self::Posting(SalePostingError::Overflow);
        }
        Self::Store(e)
    }
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sqlite(e).into()
    }
}

impl From<tokio_postgres::Error> for WriteError {
    fn from(e: tokio_postgres::Error) -> Self {
        StoreError::Postgres(e).into()
    }
}
