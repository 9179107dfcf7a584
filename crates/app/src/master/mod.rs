//! Master data: branches, warehouses and cash registers (`places`), customers and their credit
//! limits (`customers`), products (`products`), with the rules their names and codes follow.

mod customers;
mod places;
mod products;

pub use products::NewProductInput;

use mizan_store::StoreError;

use crate::AppError;

/// What a person typed to search by: trimmed, 1 to 100 characters.
pub(crate) fn search_text(text: &str) -> Result<&str, AppError> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 100 {
        return Err(AppError::invalid("text", "1 to 100 characters"));
    }
    Ok(text)
}

/// A required text: trimmed, not empty, no control characters, at most `max` characters.
pub(crate) fn text(value: &str, field: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::invalid(field, "must not be empty"));
    }
    if v.chars().any(char::is_control) {
        return Err(AppError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    if v.chars().count() > max {
        return Err(AppError::invalid(
            field,
            &format!("at most {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

/// An optional text: absent or blank is `None`, else as [`text`].
pub(crate) fn optional_text(
    value: Option<&str>,
    field: &str,
    max: usize,
) -> Result<Option<String>, AppError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(v, field, max).map(Some),
    }
}

/// A record that must exist: `not_found` naming `what` otherwise.
pub(crate) fn found<T>(record: Option<T>, what: &'static str) -> Result<T, AppError> {
    record.ok_or(AppError::NotFound { what })
}

/// The record a write just made, read back: missing, it is a failure (an opaque `internal`),
/// not a refusal.
pub(crate) fn written<T>(record: Option<T>, what: &str) -> Result<T, AppError> {
    record.ok_or_else(|| {
        AppError::Store(StoreError::Corrupt(format!(
            "{what} vanished after being written"
        )))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(text("  Main  ", "name", 10).unwrap(), "Main");
        assert!(text("   ", "name", 10).is_err());
        assert!(text("a\u{7}b", "name", 10).is_err());
        assert!(text("ééé", "name", 3).is_ok());
        assert!(text("éééé", "name", 3).is_err());
        assert_eq!(optional_text(Some("  "), "phone", 5).unwrap(), None);
        assert_eq!(optional_text(None, "phone", 5).unwrap(), None);
        assert_eq!(
            optional_text(Some(" 012 "), "phone", 5).unwrap().as_deref(),
            Some("012")
        );
    }
}
