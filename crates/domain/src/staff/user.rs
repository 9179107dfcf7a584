//! People: user names (parsed once), the minimum rules for a password, and languages.

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 8;

/// A refused user name, role, language or password.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    #[error("username: 2 to 32 characters, lower-case letters, digits, '.', '_' or '-'")]
    InvalidUsername,
    #[error("role: no role called {0:?} (owner, manager, cashier, accountant)")]
    UnknownRole(String),
    #[error("language: {0:?} is not one of ar, en, ru")]
    UnknownLanguage(String),
    #[error("password: at least {MIN_PASSWORD_LEN} characters")]
    WeakPassword,
}

impl StaffError {
    /// The refused field.
    #[must_use]
    pub fn field(&self) -> &'static str {
        match self {
            Self::InvalidUsername => "username",
            Self::UnknownRole(_) => "role",
            Self::UnknownLanguage(_) => "language",
            Self::WeakPassword => "password",
        }
    }
}

/// A user name: 2-32 of `a-z 0-9 . _ -`, starting with a letter or digit (case folded).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    /// # Errors
    /// [`StaffError::InvalidUsername`].
    pub fn parse(raw: &str) -> Result<Self, StaffError> {
        let name = raw.trim().to_lowercase();
        let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
        let first_ok = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if (2..=32).contains(&name.len()) && first_ok && name.chars().all(ok_char) {
            Ok(Self(name))
        } else {
            Err(StaffError::InvalidUsername)
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a new password against the minimum rules.
///
/// # Errors
/// [`StaffError::WeakPassword`].
pub fn check_password(password: &str) -> Result<(), StaffError> {
    if password.chars().count() >= MIN_PASSWORD_LEN {
        Ok(())
    } else {
        Err(StaffError::WeakPassword)
    }
}

/// Failed sign-ins in a row that are let through without a wait.
pub const FREE_SIGN_IN_FAILURES: i64 = 3;
/// The longest wait between sign-ins (the account is locked that long).
pub const MAX_SIGN_IN_WAIT_MS: i64 = 15 * 60 * 1000;

/// How long the account waits after its `failures`-th failed sign-in in a row before it may
/// try again: nothing for the first few, then 1 s doubling up to a 15-minute lock.
#[must_use]
pub fn sign_in_wait_ms(failures: i64) -> i64 {
    let over = failures - FREE_SIGN_IN_FAILURES;
    if over <= 0 {
        return 0;
    }
    let doubling = u32::try_from(over - 1).unwrap_or(u32::MAX).min(20);
    (1_000_i64 << doubling).min(MAX_SIGN_IN_WAIT_MS)
}

/// A language Mizan speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    Ar,
    #[default]
    En,
    Ru,
}

impl Language {
    /// # Errors
    /// [`StaffError::UnknownLanguage`].
    pub fn parse(raw: &str) -> Result<Self, StaffError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "ar" => Ok(Self::Ar),
            "en" => Ok(Self::En),
            "ru" => Ok(Self::Ru),
            other => Err(StaffError::UnknownLanguage(other.to_owned())),
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ar => "ar",
            Self::En => "en",
            Self::Ru => "ru",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_folded_and_checked() {
        assert_eq!(
            Username::parse(" Sara.K ").map(|u| u.0),
            Ok("sara.k".into())
        );
        assert_eq!(Username::parse("a"), Err(StaffError::InvalidUsername));
        assert_eq!(Username::parse("-x"), Err(StaffError::InvalidUsername));
        assert_eq!(
            Username::parse("ali baba"),
            Err(StaffError::InvalidUsername)
        );
        assert_eq!(Username::parse("علي"), Err(StaffError::InvalidUsername));
        assert!(check_password("1234567").is_err());
        assert!(check_password("12345678").is_ok());
        assert_eq!(Language::parse("AR"), Ok(Language::Ar));
        assert!(Language::parse("fr").is_err());
        let waits: Vec<_> = (1..=15).map(sign_in_wait_ms).collect();
        assert_eq!(&waits[..6], [0, 0, 0, 1_000, 2_000, 4_000]);
        assert_eq!(waits[14], MAX_SIGN_IN_WAIT_MS);
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
    }
}
