//! Refusals by category: every refusal says once its stable code (also the key of its message in
//! the ar/en/ru catalogues), its kind (which decides the HTTP status) and its details, whose
//! amounts and quantities stay typed until they are written for a reader.

/// What sort of refusal it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The request is malformed or out of range (422).
    Invalid,
    /// Something it names does not exist (404).
    NotFound,
    /// It clashes with the current state: stock, limits, an open session (409).
    Conflict,
    /// The caller may not do this (403).
    Forbidden,
    /// The caller is not signed in, or their credentials are wrong (401).
    Unauthenticated,
    /// Too many tries: the details say how long to wait (`retry_after_seconds`; 429).
    Throttled,
}

/// One value of a refusal's details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    Int(i64),
    Text(String),
    /// Minor units of the tenant's currency.
    Money(i64),
    /// Thousandths of a unit.
    Qty(i64),
}

impl From<i64> for Detail {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}

impl From<usize> for Detail {
    fn from(v: usize) -> Self {
        Self::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}

impl From<String> for Detail {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

impl From<&str> for Detail {
    fn from(v: &str) -> Self {
        Self::Text(v.to_owned())
    }
}

/// Named details, in the order they are shown.
pub type Details = Vec<(&'static str, Detail)>;

/// A refusal: nothing was changed, and this says why.
pub trait Refusal: std::fmt::Display {
    /// The stable machine code.
    fn code(&self) -> &'static str;
    fn kind(&self) -> Kind;
    /// What the refusal is about (ids, fields, amounts); empty when nothing more is to say.
    fn details(&self) -> Details {
        Vec::new()
    }
}

/// The details of a refusal about one field.
#[must_use]
/// The details of a stock shortage, after `lead` (which line or field asked): the product, the
/// warehouse, what is available and what was requested (quantities in thousandths).
pub fn shortage(
    lead: Details,
    product: crate::ProductId,
    product_code: &str,
    warehouse: crate::WarehouseId,
    available: i64,
    requested: i64,
) -> Details {
    let mut d = lead;
    d.extend([
        ("product_id", product.0.into()),
        ("product_code", product_code.into()),
        ("warehouse_id", warehouse.0.into()),
        ("available", Detail::Qty(available)),
        ("requested", Detail::Qty(requested)),
    ]);
    d
}

pub fn field(name: impl Into<String>) -> Details {
    vec![("field", Detail::Text(name.into()))]
}
