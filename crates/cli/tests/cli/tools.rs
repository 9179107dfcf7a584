//! hledger and beancount read back: their per-account balances, hledger's income statement and
//! balance sheet totals, all in minor units of a currency with `exp` decimals.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::text;

/// `"-1054.50 EGP"` -> -105450 with `exp` = 2; `"0"` -> 0; `"1250 JPY"` -> 1250 with 0.
pub fn minor(amount: &str, exp: u32) -> i64 {
    let number = amount
        .split_whitespace()
        .next()
        .unwrap_or("0")
        .replace(',', "");
    let (negative, number) = match number.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, number),
    };
    let (int, frac) = number.split_once('.').unwrap_or((&number, ""));
    assert!(
        frac.len() <= exp as usize,
        "{amount}: more than {exp} decimals"
    );
    let width = exp as usize;
    let v: i64 = format!("{int}{frac:0<width$}").parse().unwrap();
    if negative { -v } else { v }
}

/// The Mizan code of an account named `assets:11010-01 Cash - Till 1`.
fn code_of(account: &str) -> String {
    let leaf = account.split(':').nth(1).unwrap();
    leaf.split(' ').next().unwrap().to_owned()
}

/// Rows of hledger's CSV output: (first column, second column).
fn hledger_csv(hledger: &Path, file: &Path, args: &[&str]) -> Vec<(String, String)> {
    let out = Command::new(hledger)
        .arg("-f")
        .arg(file)
        .args(args)
        .args(["-O", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success(), "hledger {args:?}: {}", text(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let cols: Vec<&str> = line.split("\",\"").map(|c| c.trim_matches('"')).collect();
            (
                cols[0].to_owned(),
                cols.get(1).copied().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// `hledger check` of the file: every account and commodity declared, every entry balanced.
pub fn hledger_check(hledger: &Path, file: &Path) {
    let out = Command::new(hledger)
        .arg("-f")
        .arg(file)
        .args(["check", "accounts", "commodities"])
        .output()
        .unwrap();
    assert!(out.status.success(), "hledger check: {}", text(&out));
}

/// hledger's balance of each account (by Mizan code) that is not zero.
pub fn hledger_balances(hledger: &Path, file: &Path, exp: u32) -> BTreeMap<String, i64> {
    hledger_csv(hledger, file, &["balance", "--flat", "--no-total"])
        .into_iter()
        .skip(1)
        .map(|(account, amount)| (code_of(&account), minor(&amount, exp)))
        .filter(|(_, v)| *v != 0)
        .collect()
}

/// The totals of an hledger report (`incomestatement`, `balancesheet`): each section's total
/// by its title (`Revenues`, `Expenses`, `Assets`, `Liabilities`, ...) and `Net:`.
pub fn hledger_totals(
    hledger: &Path,
    file: &Path,
    report: &str,
    exp: u32,
) -> BTreeMap<String, i64> {
    let mut totals = BTreeMap::new();
    let mut section = String::new();
    for (first, second) in hledger_csv(hledger, file, &[report]).into_iter().skip(2) {
        if first == "total" {
            totals.insert(section.clone(), minor(&second, exp));
        } else if first == "Net:" {
            totals.insert(first, minor(&second, exp));
        } else if second.is_empty() {
            section = first;
        }
    }
    totals
}

/// `bean-check` of the file, then the sum of the postings of each account (by the Mizan code
/// its `open` carries) that is not zero.
pub fn beancount_balances(bean_check: &Path, file: &Path, exp: u32) -> BTreeMap<String, i64> {
    let checked = Command::new(bean_check).arg(file).output().unwrap();
    assert!(checked.status.success(), "bean-check: {}", text(&checked));
    let script = "import sys, collections\n\
        from beancount import loader\n\
        from beancount.core import data\n\
        entries, errors, _ = loader.load_file(sys.argv[1])\n\
        assert not errors, errors\n\
        scale = 10 ** int(sys.argv[2])\n\
        codes = {e.account: e.meta['code'] for e in entries if isinstance(e, data.Open)}\n\
        sums = collections.defaultdict(int)\n\
        for e in entries:\n\
        \x20   if isinstance(e, data.Transaction):\n\
        \x20       for p in e.postings:\n\
        \x20           units = p.units.number * scale\n\
        \x20           assert units == int(units), p\n\
        \x20           sums[codes[p.account]] += int(units)\n\
        for k, v in sorted(sums.items()):\n\
        \x20   print(k, v)\n";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .arg(exp.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(' ').unwrap();
            (k.to_owned(), v.parse().unwrap())
        })
        .filter(|(_, v)| *v != 0)
        .collect()
}

#[test]
fn amounts_are_read_in_minor_units_of_any_currency() {
    assert_eq!(minor("-1054.50 EGP", 2), -105_450);
    assert_eq!(minor("1054.5", 2), 105_450);
    assert_eq!(minor("0", 2), 0);
    assert_eq!(minor("1250 JPY", 0), 1_250);
    assert_eq!(minor("-0.125 KWD", 3), -125);
}
