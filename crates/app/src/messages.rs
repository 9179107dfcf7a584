//! Refusals in the reader's language: the stable code is the key of its message in the
//! ar/en/ru catalogues (`locales/*.ftl`, compiled into the binary), filled from the refusal's
//! details, whose amounts are already written in the tenant's currency. Arabic isolates each
//! value (U+2068..U+2069) so bidi never reorders numbers and codes.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, langid, static_loader};
use mizan_domain::staff::Language;

static_loader! {
    static CATALOGUES = {
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

fn id(lang: Language) -> &'static LanguageIdentifier {
    match lang {
        Language::Ar => &AR,
        Language::En => &EN,
        Language::Ru => &RU,
    }
}

/// The message for refusal `code` in `lang`, filled from `args`; `None` when the catalogue has
/// no message for the code (the caller keeps its own).
#[must_use]
pub fn refusal(lang: Language, code: &str, args: &[(&str, String)]) -> Option<String> {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
        .iter()
        .map(|(k, v)| (Cow::Owned((*k).to_owned()), FluentValue::from(v.as_str())))
        .collect();
    let find =
        |l: &LanguageIdentifier| CATALOGUES.lookup_single_language(l, code, Some(&args)).ok();
    find(id(lang)).or_else(|| (lang != Language::En).then(|| find(&EN)).flatten())
}

/// The first of ar, en, ru that an `Accept-Language` header asks for.
#[must_use]
pub fn from_accept_language(header: &str) -> Option<Language> {
    let mut asked: Vec<(f32, Language)> = header
        .split(',')
        .filter_map(|part| {
            let mut it = part.trim().split(';');
            let tag = it.next()?.trim().to_ascii_lowercase();
            let q = it
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next()?;
            Language::parse(primary).ok().map(|l| (q, l))
        })
        .collect();
    asked.sort_by(|a, b| b.0.total_cmp(&a.0));
    asked.first().map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_in_each_language_with_amounts_as_written() {
        let args = [
            ("paid_amount", "93.71".to_owned()),
            ("total_amount", "93.70".to_owned()),
        ];
        assert_eq!(
            refusal(Language::En, "payment_mismatch", &args).as_deref(),
            Some("Payments add up to 93.71, the total is 93.70")
        );
        let ar = refusal(Language::Ar, "payment_mismatch", &args).unwrap_or_default();
        assert!(ar.contains("\u{2068}93.71\u{2069}"), "{ar}");
        let ru = refusal(Language::Ru, "payment_mismatch", &args).unwrap_or_default();
        assert_eq!(ru, "Сумма оплат 93.71, итог продажи 93.70");
        // A code only Arabic and Russian spell out keeps the server's English message.
        assert!(refusal(Language::En, "invalid_field", &[]).is_none());
        assert!(refusal(Language::Ru, "no_such_code", &[]).is_none());
        assert_eq!(
            from_accept_language("fr-FR, ru;q=0.8, ar;q=0.9"),
            Some(Language::Ar)
        );
        assert_eq!(from_accept_language("ru-RU"), Some(Language::Ru));
        assert_eq!(from_accept_language("de, fr"), None);
    }
}
