//! Account names and one-line texts as hledger and beancount accept them.

use super::LedgerFormat;

fn top_level(kind: &str, format: LedgerFormat) -> &'static str {
    match (kind, format) {
        ("asset", LedgerFormat::Hledger) => "assets",
        ("liability", LedgerFormat::Hledger) => "liabilities",
        ("equity", LedgerFormat::Hledger) => "equity",
        ("income", LedgerFormat::Hledger) => "revenues",
        (_, LedgerFormat::Hledger) => "expenses",
        ("asset", LedgerFormat::Beancount) => "Assets",
        ("liability", LedgerFormat::Beancount) => "Liabilities",
        ("equity", LedgerFormat::Beancount) => "Equity",
        ("income", LedgerFormat::Beancount) => "Income",
        (_, LedgerFormat::Beancount) => "Expenses",
    }
}

/// hledger's account type of a Mizan account kind (the `type:` tag of its `account` directive).
pub(super) fn hledger_type(kind: &str) -> &'static str {
    match kind {
        "asset" => "A",
        "liability" => "L",
        "equity" => "E",
        "income" => "R",
        _ => "X",
    }
}

/// The account name in the target format: `assets:11010-01 Cash - Till 1` for hledger,
/// `Assets:Cash-Till-1-11010-01` for beancount (whose names allow only letters, digits, dashes).
#[must_use]
pub fn account_name(code: &str, name: &str, kind: &str, format: LedgerFormat) -> String {
    let top = top_level(kind, format);
    match format {
        LedgerFormat::Hledger => {
            // No ':' (sub-account separator), no double spaces (amount separator), no ';'.
            let clean: String = name
                .chars()
                .map(|c| if matches!(c, ':' | ';') { '-' } else { c })
                .collect();
            let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
            format!("{top}:{code} {clean}")
        }
        LedgerFormat::Beancount => {
            let mut slug = String::new();
            for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
                if word.is_empty() {
                    continue;
                }
                if !slug.is_empty() {
                    slug.push('-');
                }
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    slug.push(first.to_ascii_uppercase());
                    slug.extend(chars);
                }
            }
            if slug.is_empty() {
                slug.push_str("Account");
            } else if !slug.starts_with(|c: char| c.is_ascii_uppercase()) {
                slug.insert_str(0, "Account-");
            }
            let code: String = code
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            format!("{top}:{slug}-{code}")
        }
    }
}

/// `text` on one line, safe where the format puts it: no control characters (a line break
/// would end the transaction), and for hledger no `;` (which starts a comment), for beancount
/// no `"` or `\` (which end or escape its string).
#[must_use]
pub fn one_line(text: &str, format: LedgerFormat) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| match (c, format) {
            (c, _) if c.is_control() => ' ',
            (';', LedgerFormat::Hledger) => ',',
            ('"', LedgerFormat::Beancount) => '\'',
            ('\\', LedgerFormat::Beancount) => '/',
            (c, _) => c,
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_are_valid_in_both_formats() {
        assert_eq!(
            account_name("11010-01", "Cash - Till: 1", "asset", LedgerFormat::Hledger),
            "assets:11010-01 Cash - Till- 1"
        );
        assert_eq!(
            account_name(
                "11010-01",
                "Cash - Till 1",
                "asset",
                LedgerFormat::Beancount
            ),
            "Assets:Cash-Till-1-11010-01"
        );
        assert_eq!(
            account_name("41010", "إيرادات", "income", LedgerFormat::Beancount),
            "Income:Account-41010"
        );
    }

    #[test]
    fn texts_are_put_on_one_line_without_what_ends_them() {
        assert_eq!(
            one_line("Rent;\nNovember  \"flat\"", LedgerFormat::Hledger),
            "Rent, November \"flat\""
        );
        assert_eq!(
            one_line("Rent;\r\nNov \\ \"flat\"", LedgerFormat::Beancount),
            "Rent; Nov / 'flat'"
        );
    }
}
