//! The refusals an operation documents: one marker per status for `responses(...)` of
//! `#[utoipa::path]`, each pointing at a shared response of `components.responses`, and the
//! shared responses themselves.

use std::collections::BTreeMap;

use utoipa::IntoResponses;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

/// `Marker = status => "SharedResponse"` lines as [`IntoResponses`] markers.
macro_rules! statuses {
    ($($(#[$doc:meta])* $name:ident = $status:literal => $shared:literal,)*) => {$(
        $(#[$doc])*
        pub struct $name;

        impl IntoResponses for $name {
            fn responses() -> BTreeMap<String, RefOr<Response>> {
                BTreeMap::from([(
                    $status.to_owned(),
                    RefOr::Ref(Ref::from_response_name($shared)),
                )])
            }
        }
    )*};
}

statuses! {
    /// 400 `malformed_json`: the body is not JSON.
    BadJson = "400" => "MalformedJson",
    /// 401 `unauthorized`: no valid token or session.
    Unauthorized = "401" => "Refused",
    /// 403: a missing permission (`forbidden`, naming it), a limit, another branch, or a write
    /// by cookie from another site (`cross_site_refused`).
    Forbidden = "403" => "Refused",
    /// 404 `not_found`: the record (or one the body names) does not exist for this tenant.
    NotFound = "404" => "Refused",
    /// 408 `body_timeout`.
    TimedOut = "408" => "BodyTimeout",
    /// 409: the request conflicts with what is stored (a duplicate, a closed session, ...).
    Conflict = "409" => "Refused",
    /// 413 `body_too_large`.
    TooLarge = "413" => "BodyTooLarge",
    /// 422: a field or query the server refuses (`invalid_field`, `too_many_decimals`, ...), or
    /// a reused `Idempotency-Key`.
    Invalid = "422" => "Refused",
    /// 429: too many tries; `Retry-After` says how long to wait.
    Throttled = "429" => "Refused",
    /// 503: the database is unavailable.
    Unavailable = "503" => "Unavailable",
}

/// Every refusal of the old till's routes, in its envelope.
pub struct CompatRefusals;

impl IntoResponses for CompatRefusals {
    fn responses() -> BTreeMap<String, RefOr<Response>> {
        [
            "400", "401", "403", "404", "408", "409", "413", "422", "503",
        ]
        .into_iter()
        .map(|s| {
            (
                s.to_owned(),
                RefOr::Ref(Ref::from_response_name("CompatRefused")),
            )
        })
        .collect()
    }
}

fn json_response(description: &str, schema: &str) -> ResponseBuilder {
    ResponseBuilder::new().description(description).content(
        "application/json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name(schema)))
            .build(),
    )
}

/// The shared responses, by name, for `components.responses`.
pub fn shared() -> Vec<(&'static str, Response)> {
    let retry_after = HeaderBuilder::new()
        .schema(ObjectBuilder::new().schema_type(Type::Integer))
        .description(Some("Seconds to wait"))
        .build();
    vec![
        (
            "Refused",
            json_response("Refused; see `error.code`", "Error").build(),
        ),
        (
            "MalformedJson",
            json_response("The body is not JSON (`malformed_json`)", "Error").build(),
        ),
        (
            "BodyTimeout",
            json_response("The body did not arrive in time (`body_timeout`)", "Error").build(),
        ),
        (
            "BodyTooLarge",
            json_response("The body is over 1 MiB (`body_too_large`)", "Error").build(),
        ),
        (
            "Unavailable",
            json_response(
                "The database is unavailable (`database_unavailable`, `storage_full`, \
                 `outcome_unknown`); nothing was written unless the code says the outcome is \
                 unknown. `Retry-After` says when to try again.",
                "Error",
            )
            .header("Retry-After", retry_after)
            .build(),
        ),
        (
            "CompatRefused",
            json_response(
                "Refused, in the old envelope; see `error.code`",
                "CompatError",
            )
            .build(),
        ),
    ]
}
