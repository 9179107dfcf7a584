//! The scalar types of answers: money, quantities and percentages as decimal strings, and
//! moments as RFC 3339, each with its one schema in the document.

use std::borrow::Cow;

use mizan_domain::QTY_SCALE;
use mizan_domain::calendar::rfc3339;
use mizan_domain::decimal::format_scaled;
use mizan_store::Tenant;
use serde::Serialize;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

/// A string scalar with a named schema: `name`, its pattern (or format) and what it holds.
macro_rules! scalar {
    ($(#[$doc:meta])* $ty:ident, $pattern:expr, $format:expr, $example:literal, $text:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
        #[serde(transparent)]
        pub struct $ty(String);

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialSchema for $ty {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern($pattern)
                    .format($format)
                    .description(Some($text))
                    .examples([$example])
                    .into()
            }
        }

        impl ToSchema for $ty {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($ty))
            }
        }
    };
}

scalar!(
    /// Money in the tenant's currency.
    Money,
    Some(r"^-?[0-9]+(\.[0-9]+)?$"),
    None,
    "450000.00",
    "An amount in the tenant's currency as the server writes it: an optional minus, digits, \
     and the currency's decimals (none for a currency without minor units)."
);

scalar!(
    /// A quantity, always with three decimals.
    Quantity,
    Some(r"^-?[0-9]+\.[0-9]{3}$"),
    None,
    "2.500",
    "A quantity with three decimals (metres, kilograms, pieces, hours)."
);

scalar!(
    /// A percentage with two decimals.
    Percent,
    Some(r"^-?[0-9]+\.[0-9]{2}$"),
    None,
    "14.00",
    "A percentage with two decimals."
);

scalar!(
    /// A moment in UTC.
    Timestamp,
    None::<String>,
    Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)),
    "2026-01-31T09:30:00.000Z",
    "A moment in UTC, RFC 3339 with milliseconds."
);

impl Money {
    pub fn of(t: &Tenant, minor: i64) -> Self {
        Self(t.currency.format(minor))
    }
}

impl Quantity {
    pub fn of(thousandths: i64) -> Self {
        Self(format_scaled(thousandths, QTY_SCALE))
    }
}

impl Percent {
    /// A rate held in basis points (hundredths of a percent).
    pub fn of_bp(bp: i64) -> Self {
        Self(format_scaled(bp, 2))
    }
}

impl Timestamp {
    pub fn at(ms: i64) -> Self {
        Self(rfc3339(ms))
    }
}
