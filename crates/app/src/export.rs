//! The accountant's escape hatch: the whole journal as an hledger or beancount file, so that
//! `hledger check` / `bean-check` accept it and their balances equal Mizan's to the minor unit.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use mizan_domain::calendar::Date;
use mizan_domain::decimal::format_scaled;
use mizan_store::{JournalEntryView, Tenant};

/// Output formats of `mizan export journal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerFormat {
    Hledger,
    Beancount,
}

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
                .map(|c| {
                    if matches!(c, ':' | ';' | '\t') {
                        '-'
                    } else {
                        c
                    }
                })
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

/// Renders the journal of one tenant.
#[must_use]
pub fn render(tenant: &Tenant, entries: &[JournalEntryView], format: LedgerFormat) -> String {
    let cur = &tenant.currency;
    let amount = |minor: i64| format!("{} {}", format_scaled(minor, cur.exponent), cur.code);
    let mut accounts: BTreeMap<String, &str> = BTreeMap::new();
    for e in entries {
        for l in &e.lines {
            let name = account_name(&l.account_code, &l.account_name, &l.account_kind, format);
            accounts.insert(name, &l.account_code);
        }
    }
    let first_date = entries.first().map_or_else(
        || Date::from_unix_ms(0),
        |e| Date::from_unix_ms(e.posted_at_ms),
    );
    let mut out = String::new();
    match format {
        LedgerFormat::Hledger => {
            let _ = writeln!(out, "; Mizan journal of {} ({})", tenant.name, cur.code);
            let _ = writeln!(out, "commodity {}\n", amount(100_000));
            for (a, code) in &accounts {
                let _ = writeln!(out, "account {a}  ; code: {code}");
            }
        }
        LedgerFormat::Beancount => {
            let _ = writeln!(out, "; Mizan journal of {} ({})", tenant.name, cur.code);
            let _ = writeln!(out, "option \"operating_currency\" \"{}\"", cur.code);
            let _ = writeln!(out, "{first_date} commodity {}\n", cur.code);
            for (a, code) in &accounts {
                let _ = writeln!(out, "{first_date} open {a} {}", cur.code);
                let _ = writeln!(out, "  code: \"{code}\"");
            }
        }
    }
    for e in entries {
        let date = Date::from_unix_ms(e.posted_at_ms);
        let memo = e.memo.replace('"', "'");
        out.push('\n');
        match format {
            LedgerFormat::Hledger => {
                let _ = writeln!(
                    out,
                    "{date} ({}) {memo}  ; doc:{}-{}",
                    e.number, e.doc_kind, e.doc_id
                );
            }
            LedgerFormat::Beancount => {
                let _ = writeln!(out, "{date} * \"{memo}\"");
                let _ = writeln!(out, "  number: \"{}\"", e.number);
                let _ = writeln!(out, "  document: \"{}:{}\"", e.doc_kind, e.doc_id);
            }
        }
        for l in &e.lines {
            let name = account_name(&l.account_code, &l.account_name, &l.account_kind, format);
            let _ = writeln!(out, "    {name}  {}", amount(l.amount));
        }
    }
    out
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
}
