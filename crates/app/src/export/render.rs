//! The text of an export: the header (the commodity and every account of the chart), then one
//! transaction per journal entry, dated by the business day it is counted on.

use std::collections::HashMap;
use std::fmt::Write as _;

use mizan_domain::Currency;
use mizan_domain::calendar::day_text;
use mizan_domain::decimal::format_scaled;
use mizan_store::{JournalEntryView, LedgerOutline, Tenant};

use super::LedgerFormat;
use super::names::{account_name, hledger_type, one_line};

/// `12.50 EGP`, `1250 JPY`, `12.500 KWD`: as many decimals as the currency has.
pub(super) fn amount(minor: i64, cur: &Currency) -> String {
    format!("{} {}", format_scaled(minor, cur.exponent), cur.code)
}

/// The sample amount of hledger's `commodity` directive, which sets the display style and must
/// show a decimal mark even for a currency without decimals (`1000. JPY`: hledger refuses
/// `1000 JPY` there).
pub(super) fn commodity_sample(cur: &Currency) -> String {
    let one = 10_i64.pow(cur.exponent);
    let sample = format_scaled(1_000 * one, cur.exponent);
    if cur.exponent == 0 {
        format!("{sample}. {}", cur.code)
    } else {
        format!("{sample} {}", cur.code)
    }
}

/// The accounts of the chart by code, named in the export's format.
pub(super) type Names = HashMap<String, String>;

/// Writes the header to `out` and returns the account names by code.
pub(super) fn header(
    out: &mut String,
    tenant: &Tenant,
    outline: &LedgerOutline,
    format: LedgerFormat,
) -> Names {
    let cur = &tenant.currency;
    let names: Names = outline
        .accounts
        .iter()
        .map(|a| {
            let name = account_name(&a.code, &a.name_en, &a.kind, format);
            (a.code.clone(), name)
        })
        .collect();
    let _ = writeln!(
        out,
        "; Mizan journal of {} ({}), dated by business day",
        one_line(&tenant.name, LedgerFormat::Hledger),
        cur.code
    );
    match format {
        LedgerFormat::Hledger => {
            let _ = writeln!(out, "commodity {}\n", commodity_sample(cur));
            for a in &outline.accounts {
                let name = names.get(&a.code).map_or("", String::as_str);
                let _ = writeln!(
                    out,
                    "account {name}  ; code: {}, type: {}",
                    a.code,
                    hledger_type(&a.kind)
                );
            }
        }
        LedgerFormat::Beancount => {
            let opened = day_text(outline.first_day.unwrap_or(19_700_101));
            let _ = writeln!(out, "option \"operating_currency\" \"{}\"", cur.code);
            let _ = writeln!(out, "{opened} commodity {}\n", cur.code);
            for a in &outline.accounts {
                let name = names.get(&a.code).map_or("", String::as_str);
                let _ = writeln!(out, "{opened} open {name} {}", cur.code);
                let _ = writeln!(out, "  code: \"{}\"", a.code);
            }
        }
    }
    names
}

/// Writes one entry to `out` as a transaction on its business day.
pub(super) fn entry(
    out: &mut String,
    e: &JournalEntryView,
    cur: &Currency,
    names: &Names,
    format: LedgerFormat,
) {
    let date = day_text(e.business_day);
    let memo = one_line(&e.memo, format);
    let number = one_line(&e.number, format);
    out.push('\n');
    match format {
        LedgerFormat::Hledger => {
            let _ = writeln!(
                out,
                "{date} ({number}) {memo}  ; doc:{}-{}",
                e.doc_kind, e.doc_id
            );
        }
        LedgerFormat::Beancount => {
            let _ = writeln!(out, "{date} * \"{memo}\"");
            let _ = writeln!(out, "  number: \"{number}\"");
            let _ = writeln!(out, "  document: \"{}:{}\"", e.doc_kind, e.doc_id);
        }
    }
    for l in &e.lines {
        let _ = match names.get(&l.account_code) {
            Some(name) => writeln!(out, "    {name}  {}", amount(l.amount, cur)),
            None => {
                let name = account_name(&l.account_code, &l.account_name, &l.account_kind, format);
                writeln!(out, "    {name}  {}", amount(l.amount, cur))
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commodity_sample_shows_a_decimal_mark_whatever_the_decimals() {
        let c = |code| Currency::from_code(code).unwrap();
        assert_eq!(commodity_sample(&c("JPY")), "1000. JPY");
        assert_eq!(commodity_sample(&c("EGP")), "1000.00 EGP");
        assert_eq!(commodity_sample(&c("KWD")), "1000.000 KWD");
        assert_eq!(amount(-1_250, &c("JPY")), "-1250 JPY");
        assert_eq!(amount(1_250, &c("KWD")), "1.250 KWD");
    }
}
