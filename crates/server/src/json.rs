//! Request plumbing: write requests (auth + `Idempotency-Key` + raw body, parsed with clear
//! errors), decimal amounts sent as strings or integers (never floats), and id path segments.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use mizan_app::{Mizan, Perm, perm};
use mizan_domain::cafe::{CafeError, OpeningHours};
use mizan_domain::decimal::{DecimalError, parse_scaled};
use mizan_domain::{Currency, QTY_SCALE};
use mizan_store::Idempotency;
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{RefOr, Required, Schema};
use utoipa::{IntoParams, PartialSchema, ToSchema};

use crate::ApiError;
use crate::auth::Auth;
use crate::http::HttpConfig;
use crate::listen::Limits;

/// Largest request body accepted.
const MAX_BODY: usize = 1 << 20;

/// An authenticated write allowed to do `P`: who, the idempotency record (if the client sent a
/// key), the body.
pub struct WriteRequest<P: Perm = perm::Anyone> {
    pub auth: Auth<P>,
    pub idempotency: Option<Idempotency>,
    body: Bytes,
}

/// Reads a request body of at most [`MAX_BODY`] bytes within the body deadline.
pub async fn read_body(parts: &Parts, body: axum::body::Body) -> Result<Bytes, ApiError> {
    let deadline = parts
        .extensions
        .get::<Arc<HttpConfig>>()
        .map_or_else(|| Limits::default().body_timeout, |c| c.limits.body_timeout);
    match tokio::time::timeout(deadline, axum::body::to_bytes(body, MAX_BODY)).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            "request body over 1 MiB",
        )),
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "body_timeout",
            format!(
                "the request body did not arrive within {} s",
                deadline.as_secs()
            ),
        )),
    }
}

/// Parses a JSON body (an empty body reads as `{}`).
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| {
        let code = if e.is_data() {
            "invalid_field"
        } else {
            "malformed_json"
        };
        let status = if e.is_data() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError::new(status, code, e.to_string())
    })
}

impl<P: Perm> WriteRequest<P> {
    /// Parses the JSON body (an empty body reads as `{}`).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        parse_json(&self.body)
    }
}

impl<P: Perm + Send + Sync> FromRequest<Arc<Mizan>> for WriteRequest<P> {
    type Rejection = ApiError;

    async fn from_request(req: Request, app: &Arc<Mizan>) -> Result<Self, ApiError> {
        let (mut parts, body) = req.into_parts();
        let auth = Auth::<P>::from_request_parts(&mut parts, app).await?;
        let body = read_body(&parts, body).await?;
        let idempotency = match parts.headers.get("idempotency-key") {
            None => None,
            Some(v) => {
                let key = v.to_str().map_err(|_| {
                    ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "invalid_idempotency_key",
                        "Idempotency-Key must be printable ASCII",
                    )
                })?;
                Some(mizan_app::idempotency(
                    key,
                    parts.method.as_str(),
                    parts.uri.path(),
                    &body,
                )?)
            }
        };
        Ok(Self {
            auth,
            idempotency,
            body,
        })
    }
}

/// A decimal amount as the client sent it: a JSON string (`"450000.00"`) or integer
/// (`450000`). Floats are refused, because they cannot carry exact money.
#[derive(Debug, Clone)]
pub struct Decimal(String);

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Decimal;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a decimal string such as \"12.50\" or an integer")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
                Ok(Decimal(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
                Ok(Decimal(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Decimal, E> {
                Err(E::custom(
                    "decimal amounts must be sent as strings (\"12.50\"), not floating-point numbers",
                ))
            }
        }
        d.deserialize_any(V)
    }
}

impl PartialSchema for Decimal {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Integer]))
            .pattern(Some(r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\s*$"))
            .description(Some(
                "A decimal as the server accepts it: a string such as \"12.50\", \"+3\", \"5.\" \
                 or \".5\" (spaces around it ignored), or a JSON integer. Floats are refused (they \
                 cannot carry exact money), and so are more decimals than the field holds \
                 (too_many_decimals).",
            ))
            .examples(["12.50"])
            .into()
    }
}

impl ToSchema for Decimal {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("DecimalInput")
    }
}

fn decimal_error(field: &str, e: &DecimalError) -> ApiError {
    let mut err = ApiError::invalid(field, e.to_string());
    if matches!(e, DecimalError::TooManyDecimals { .. }) {
        err.code = "too_many_decimals";
    }
    err
}

impl Decimal {
    /// A decimal a person typed into a form.
    #[must_use]
    pub fn typed(text: &str) -> Self {
        Self(text.trim().to_owned())
    }

    /// Money in the currency's minor units.
    pub fn money(&self, currency: &Currency, field: &str) -> Result<i64, ApiError> {
        currency
            .parse(&self.0)
            .map_err(|e| decimal_error(field, &e))
    }

    /// A quantity in thousandths.
    pub fn qty(&self, field: &str) -> Result<i64, ApiError> {
        parse_scaled(&self.0, QTY_SCALE).map_err(|e| decimal_error(field, &e))
    }

    /// A percentage with up to two decimals, in basis points.
    pub fn percent_bp(&self, field: &str) -> Result<i64, ApiError> {
        parse_scaled(&self.0, 2).map_err(|e| decimal_error(field, &e))
    }
}

/// A numeric id in the path. Anything else is a 404, like an id that does not exist.
pub struct Id(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Path(raw) =
            axum::extract::Path::<String>::from_request_parts(parts, state)
                .await
                .map_err(|_| ApiError::not_found("id"))?;
        raw.parse::<i64>()
            .ok()
            .filter(|v| *v > 0)
            .map(Id)
            .ok_or_else(|| ApiError::not_found("id"))
    }
}

impl IntoParams for Id {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            ParameterBuilder::new()
                .name("id")
                .parameter_in(ParameterIn::Path)
                .required(Required::True)
                .schema(Some(i64::schema()))
                .description(Some(
                    "The record's id (anything but a positive integer is not found)",
                ))
                .build(),
        ]
    }
}

/// `?limit=&after=` of a list in id order: the next page is `after=` the last id (each list
/// sets its own default and most rows).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Rows per page (each list says its default and most).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// The last id of the previous page.
    pub after: Option<i64>,
}

/// `?limit=&before=` of a list newest first: the next page is `before=` the last id.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BeforeQuery {
    /// Rows per page (each list says its default and most).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// The last id of the previous page: the next page holds older rows.
    pub before: Option<i64>,
}

/// The page a list request asks for.
pub struct ListPage(pub mizan_store::Page);

impl<S: Send + Sync> FromRequestParts<S> for ListPage {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let axum::extract::Query(q) =
            axum::extract::Query::<PageQuery>::from_request_parts(parts, state)
                .await
                .map_err(|e| ApiError::invalid("query", e.body_text()))?;
        Ok(Self(mizan_store::Page::after(
            q.after.unwrap_or(0),
            q.limit.unwrap_or(mizan_store::Page::MAX),
        )))
    }
}

/// A query's optional business day `YYYY-MM-DD` in field `field`, as `YYYYMMDD`; anything that
/// is not a real date is refused naming the field.
///
/// # Errors
/// `invalid_field` naming `field`.
pub fn query_day(field: &str, text: Option<&str>) -> Result<Option<i32>, ApiError> {
    text.map(|d| {
        mizan_domain::calendar::Date::parse(d)
            .map(mizan_domain::calendar::Date::yyyymmdd)
            .ok_or_else(|| ApiError::invalid(field, "must be a real date as YYYY-MM-DD"))
    })
    .transpose()
}

/// `HH:MM` as minutes after midnight.
pub fn time_of_day(field: &str, text: &str) -> Result<i64, ApiError> {
    mizan_domain::cafe::hours::parse_clock(text)
        .ok_or_else(|| ApiError::invalid(field, "a time of day as HH:MM"))
}

/// Opening hours as asked for (`HH:MM` each, named `fields`); what is not given is taken from
/// `current`, and `None` when neither is given.
///
/// # Errors
/// A time that is not one, or a day with no hours.
pub fn opening_hours(
    fields: [&str; 2],
    opens: Option<&str>,
    closes: Option<&str>,
    current: OpeningHours,
) -> Result<Option<OpeningHours>, ApiError> {
    let (o, c) = match (
        opens.filter(|x| !x.trim().is_empty()),
        closes.filter(|x| !x.trim().is_empty()),
    ) {
        (None, None) => return Ok(None),
        (o, c) => (
            o.map_or(Ok(current.opens()), |t| time_of_day(fields[0], t))?,
            c.map_or(Ok(current.closes()), |t| time_of_day(fields[1], t))?,
        ),
    };
    OpeningHours::new(o, c).map(Some).map_err(|e| match e {
        CafeError::InvalidField { field, reason } => {
            let f = if field == "opens" {
                fields[0]
            } else {
                fields[1]
            };
            ApiError::invalid(f, reason)
        }
        e => ApiError::refusal(&e, None),
    })
}
