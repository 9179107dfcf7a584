//! Accounts the owner or accountant adds to the chart, and the names they give accounts: a new
//! account sits in one of the default groups (assets, liabilities, equity, income, expenses),
//! its five-digit code starts with its group's digit, and it has a name in each of Arabic,
//! English and Russian. Added accounts never carry a role, so they are never sub-ledger
//! accounts; a code and a group never change.

use crate::ledger::AccountKind;
use crate::refusal::{Details, Kind, Refusal, field};

/// The longest account name, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// Why an account cannot be added or renamed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("{field}: {reason}")]
    InvalidField {
        field: &'static str,
        reason: &'static str,
    },
    #[error("another account already has code {code}")]
    CodeTaken { code: String },
}

impl Refusal for AccountError {
    fn code(&self) -> &'static str {
        match self {
            Self::InvalidField { .. } => "invalid_field",
            Self::CodeTaken { .. } => "account_code_taken",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Self::InvalidField { .. } => Kind::Invalid,
            Self::CodeTaken { .. } => Kind::Conflict,
        }
    }

    fn details(&self) -> Details {
        match self {
            Self::InvalidField { field: f, .. } => field(*f),
            Self::CodeTaken { code } => {
                let mut d = field("code");
                d.push(("code", code.as_str().into()));
                d
            }
        }
    }
}

impl AccountKind {
    /// The first digit of the codes of the group.
    #[must_use]
    pub fn digit(self) -> char {
        match self {
            Self::Asset => '1',
            Self::Liability => '2',
            Self::Equity => '3',
            Self::Income => '4',
            Self::Expense => '5',
        }
    }
}

/// An account's names in the three languages, each trimmed, non-empty and at most
/// [`MAX_NAME_CHARS`] long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountNames {
    en: String,
    ar: String,
    ru: String,
}

fn name(text: &str, field: &'static str) -> Result<String, AccountError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AccountError::InvalidField {
            field,
            reason: "must not be empty",
        });
    }
    if t.chars().count() > MAX_NAME_CHARS || t.chars().any(char::is_control) {
        return Err(AccountError::InvalidField {
            field,
            reason: "must be at most 100 characters on one line",
        });
    }
    Ok(t.to_owned())
}

impl AccountNames {
    /// # Errors
    /// `invalid_field` naming `name_en`, `name_ar` or `name_ru`.
    pub fn parse(en: &str, ar: &str, ru: &str) -> Result<Self, AccountError> {
        Ok(Self {
            en: name(en, "name_en")?,
            ar: name(ar, "name_ar")?,
            ru: name(ru, "name_ru")?,
        })
    }

    #[must_use]
    pub fn en(&self) -> &str {
        &self.en
    }

    #[must_use]
    pub fn ar(&self) -> &str {
        &self.ar
    }

    #[must_use]
    pub fn ru(&self) -> &str {
        &self.ru
    }
}

/// An account to add: a code that fits its group, and its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    code: String,
    kind: AccountKind,
    names: AccountNames,
}

impl NewAccount {
    /// A code is five digits whose first is the group's (`1xxxx` assets, `2xxxx` liabilities,
    /// `3xxxx` equity, `4xxxx` income, `5xxxx` expenses); the `-NN` codes are the registers'
    /// drawers, made with their registers.
    ///
    /// # Errors
    /// `invalid_field` naming `code`.
    pub fn parse(code: &str, kind: AccountKind, names: AccountNames) -> Result<Self, AccountError> {
        let code = code.trim();
        if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AccountError::InvalidField {
                field: "code",
                reason: "must be five digits",
            });
        }
        if !code.starts_with(kind.digit()) {
            return Err(AccountError::InvalidField {
                field: "code",
                reason: "must start with its group's digit: 1 assets, 2 liabilities, 3 equity, 4 income, 5 expenses",
            });
        }
        Ok(Self {
            code: code.to_owned(),
            kind,
            names,
        })
    }

    #[must_use]
    pub fn code(&self) -> &str {
        &self.code
    }

    #[must_use]
    pub fn kind(&self) -> AccountKind {
        self.kind
    }

    #[must_use]
    pub fn names(&self) -> &AccountNames {
        &self.names
    }
}
