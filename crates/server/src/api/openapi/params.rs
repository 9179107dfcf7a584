//! Parameters that many operations share, for `params(...)` of `#[utoipa::path]`: the
//! `Idempotency-Key` header, and the headers of sign-in and of the old till's routes.

use utoipa::IntoParams;
use utoipa::openapi::Required;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};

fn header(name: &str, required: bool, max_length: Option<usize>, text: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(if required {
            Required::True
        } else {
            Required::False
        })
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(max_length),
        ))
        .description(Some(text))
        .build()
}

/// `Idempotency-Key`: a retried write with the same key and body answers the first answer.
pub struct IdempotencyKey;

impl IntoParams for IdempotencyKey {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![header(
            "Idempotency-Key",
            false,
            Some(255),
            "Same key and body return the first response and write nothing; same key with \
             another body is refused with 422 idempotency_key_reused.",
        )]
    }
}

/// `X-Mizan-Device`: a till app's device credential.
pub struct DeviceCredential;

impl IntoParams for DeviceCredential {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![header(
            "X-Mizan-Device",
            false,
            None,
            "A till app's device credential (a browser sends its mizan_device cookie)",
        )]
    }
}

/// `X-Tenant-Key`: the old till names the token's tenant.
pub struct TenantKey;

impl IntoParams for TenantKey {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![header(
            "X-Tenant-Key",
            true,
            None,
            "The id of the token's tenant.",
        )]
    }
}
