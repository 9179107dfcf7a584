//! A submitted form's fields, in order (the till's cart repeats `product_id`, `qty`, ...
//! once per line), from a body of at most [`MAX_FORM`] bytes.

use axum::body::Body;

use crate::ApiError;

/// Largest form body a page accepts.
pub const MAX_FORM: usize = 256 * 1024;

/// A form's fields as sent.
pub struct Form(pub Vec<(String, String)>);

impl Form {
    /// Reads and parses an `application/x-www-form-urlencoded` body.
    ///
    /// # Errors
    /// A body too large or cut off.
    pub async fn read(body: Body) -> Result<Self, ApiError> {
        let bytes = axum::body::to_bytes(body, MAX_FORM)
            .await
            .map_err(|_| ApiError::invalid("form", "the form is too large or was cut off"))?;
        Ok(Self(
            form_urlencoded::parse(&bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ))
    }

    /// The first value of field `name`, trimmed; empty when absent.
    #[must_use]
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every value of field `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.trim())
    }
}

impl Form {
    /// The form's idempotency key (its `key` field, made when the form was shown) for a post
    /// to `path` of these fields.
    ///
    /// # Errors
    /// A missing or malformed key.
    pub fn key(&self, s: &super::Signed, path: &str) -> Result<mizan_store::Idempotency, ApiError> {
        let body: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
        mizan_app::idempotency(self.get("key"), "POST", path, body.join("&").as_bytes())
            .map_err(|e| s.error(e))
    }
}
