//! `Idempotency-Key`: a client's retry of the same request returns the first answer; the same
//! key with a different request is refused.

use mizan_store::Idempotency;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::AppError;

/// The meaning of a JSON body as bytes: object keys sorted, no insignificant whitespace (an
/// empty body reads as `{}`). `None` when the body is not JSON (it is hashed as sent).
fn canonical(body: &[u8]) -> Option<Vec<u8>> {
    fn write(v: &Value, out: &mut Vec<u8>) -> Option<()> {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                out.push(b'{');
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.extend(serde_json::to_vec(k).ok()?);
                    out.push(b':');
                    write(&m[k], out)?;
                }
                out.push(b'}');
            }
            Value::Array(a) => {
                out.push(b'[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write(x, out)?;
                }
                out.push(b']');
            }
            scalar => out.extend(serde_json::to_vec(scalar).ok()?),
        }
        Some(())
    }
    let value: Value = if body.iter().all(u8::is_ascii_whitespace) {
        Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_slice(body).ok()?
    };
    let mut out = Vec::with_capacity(body.len());
    write(&value, &mut out)?;
    Some(out)
}

/// Builds the idempotency record of a request from its key, method, path and the meaning of
/// its body (the same JSON with keys in another order or other spacing is the same request).
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
    match canonical(body) {
        Some(c) => h.update(c),
        None => h.update(body),
    }
    Ok(Idempotency {
        key: key.to_owned(),
        request_hash: hex::encode(h.finalize()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(body: &str) -> String {
        idempotency("k", "POST", "/api/v1/sales", body.as_bytes())
            .map(|i| i.request_hash)
            .unwrap_or_default()
    }

    #[test]
    fn the_same_json_in_another_order_or_spacing_is_the_same_request() {
        let a = hash(r#"{"lines": [{"a": 1, "b": "2.50"}], "post": true}"#);
        assert_eq!(a, hash(r#"{"post":true,"lines":[{"b":"2.50","a":1}]}"#));
        assert_ne!(
            a,
            hash(r#"{"post": true, "lines": [{"a": 1, "b": "2.5"}]}"#)
        );
        assert_ne!(
            a,
            hash(r#"{"post": false, "lines": [{"a": 1, "b": "2.50"}]}"#)
        );
        assert_eq!(hash(""), hash(" {} "));
        assert_ne!(hash("not json"), hash("not  json"));
    }
}
