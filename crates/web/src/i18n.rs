//! The UI's words in Arabic, English and Russian (`locales/*.ftl`, compiled into the binary),
//! and the page direction each language reads in. A word missing in Arabic or Russian falls
//! back to English; a word missing everywhere shows its key, which a test forbids.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use mizan_domain::staff::Language;

static_loader! {
    static WORDS = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| {
            let arabic = bundle.locales.first().is_some_and(|l| l.language.as_str() == "ar");
            bundle.set_use_isolating(arabic);
        },
    };
}

static AR: LanguageIdentifier = langid!("ar");
static EN: LanguageIdentifier = langid!("en");
static RU: LanguageIdentifier = langid!("ru");

/// The translator of one page: its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr {
    pub lang: Language,
}

impl Tr {
    #[must_use]
    pub fn new(lang: Language) -> Self {
        Self { lang }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self.lang {
            Language::Ar => &AR,
            Language::En => &EN,
            Language::Ru => &RU,
        }
    }

    /// The word `key` in the page's language.
    #[must_use]
    pub fn t(&self, key: &str) -> String {
        WORDS
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The phrase `key` filled from `args`.
    #[must_use]
    pub fn f(&self, key: &str, args: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.as_str())))
            .collect();
        WORDS
            .try_lookup_with_args(self.id(), key, &args)
            .unwrap_or_else(|| key.to_owned())
    }

    /// `ar`, `en` or `ru`, for `<html lang>`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.lang.as_str()
    }

    /// `rtl` for Arabic, else `ltr`, for `<html dir>`.
    #[must_use]
    pub fn dir(&self) -> &'static str {
        if self.lang == Language::Ar {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// Whether the page is in `code`, for the language switch.
    #[must_use]
    pub fn is(&self, code: &str) -> bool {
        self.code() == code
    }
}

/// Every key of the English catalogue.
#[must_use]
pub fn english_keys() -> Vec<String> {
    include_str!("../locales/en.ftl")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
        .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_exists_in_arabic_and_russian() {
        for key in english_keys() {
            for lang in [Language::Ar, Language::Ru] {
                let id = Tr::new(lang).id();
                assert!(
                    WORDS.lookup_single_language::<&str>(id, &key, None).is_ok(),
                    "{key} has no {} word",
                    lang.as_str()
                );
            }
        }
    }

    #[test]
    fn arabic_pages_read_right_to_left() {
        assert_eq!(Tr::new(Language::Ar).dir(), "rtl");
        assert_eq!(Tr::new(Language::Ru).dir(), "ltr");
        assert_eq!(Tr::new(Language::Ar).t("sign_in"), "تسجيل الدخول");
    }
}
