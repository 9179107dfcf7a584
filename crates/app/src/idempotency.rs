//! `Idempotency-Key`: a client's retry of the same request returns the first answer; the same
//! key with a different request is refused.

use mizan_store::Idempotency;
use sha2::{Digest, Sha256};

use crate::AppError;

/// Builds the idempotency record of a request from its key, method, path and body.
///
/// # Errors
/// `invalid_idempotency_key` for an empty key, one over 255 characters, or one with characters
/// outside printable ASCII.
pub fn idempotency(
    key: &str,
    method: &str,
    path: &str,
    body: &[u8],
) -> Result<Idempotency, AppError> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(AppError::Invalid {
            code: "invalid_idempotency_key",
            field: "Idempotency-Key".into(),
            message: "must be 1 to 255 printable ASCII characters".into(),
        });
    }
    let mut h = Sha256::new();
    h.update(method.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(body);
    Ok(Idempotency {
        key: key.to_owned(),
        request_hash: hex::encode(h.finalize()),
    })
}
