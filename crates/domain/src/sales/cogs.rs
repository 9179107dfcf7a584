//! How one document's cost of goods sold must agree in the journal, on its lines and in its
//! stock moves (`mizan cogs reconcile`): a sale books COGS equal to the cost its lines took,
//! which is the value its stock moves took out; a return of restocked goods takes out of COGS
//! the value that went back on hand (into negative stock, the difference to the lines' cost
//! stays in COGS, as a receipt's does); a return written off moves the lines' cost from COGS to
//! damaged goods and moves no stock. Amounts are in COGS' direction: what a sale adds is
//! positive, what a return takes back negative.

use super::verdict::Problem;

/// Which kind of document, as far as its COGS goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CogsKind {
    Sale,
    /// A return whose goods went back into a warehouse.
    RestockedReturn,
    /// A return whose goods were written off as damaged.
    WrittenOffReturn,
}

/// One document's COGS three ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CogsFigures {
    pub kind: CogsKind,
    /// What its journal entry posted to the COGS account (debit positive).
    pub journal: i64,
    /// The cost on its lines (a return's negative).
    pub lines: i64,
    /// The value its stock moves took out of stock (a restock's negative).
    pub stock: i64,
}

/// The one difference that is not a fault: goods returned into negative stock, whose cost
/// beyond the shortfall's value stays in COGS.
pub const RESTOCK_VARIANCE: &str = "restock_variance";

/// Every difference among the three, in a stable order ([`RESTOCK_VARIANCE`] is named but is
/// not a fault; see [`is_fault`]).
#[must_use]
pub fn cogs_differences(f: &CogsFigures) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut differs = |code, expected: i64, actual: i64| {
        if expected != actual {
            out.push(Problem {
                code,
                expected,
                actual,
            });
        }
    };
    match f.kind {
        CogsKind::Sale => {
            differs("journal_vs_lines", f.lines, f.journal);
            differs("stock_vs_lines", f.lines, f.stock);
        }
        CogsKind::RestockedReturn => {
            differs("journal_vs_stock", f.stock, f.journal);
            differs(RESTOCK_VARIANCE, f.lines, f.stock);
        }
        CogsKind::WrittenOffReturn => {
            differs("journal_vs_lines", f.lines, f.journal);
            differs("stock_moves_on_write_off", 0, f.stock);
        }
    }
    out
}

/// `part / whole` in basis points, rounded half away from zero; `None` when `whole` is 0.
#[must_use]
pub fn share_bp(part: i64, whole: i64) -> Option<i64> {
    (whole != 0).then(|| {
        let bp = crate::decimal::div_round(i128::from(part) * 10_000, i128::from(whole));
        i64::try_from(bp).unwrap_or(if bp < 0 { i64::MIN } else { i64::MAX })
    })
}

/// Gross margin in basis points: gross profit over revenue (`None` without revenue).
/// DOMAIN §4: 40,000 of 100,000 is 4,000 bp (40%).
#[must_use]
pub fn gross_margin_bp(profit: i64, revenue: i64) -> Option<i64> {
    share_bp(profit, revenue)
}

/// Whether a difference is a fault of the books (everything but [`RESTOCK_VARIANCE`]).
#[must_use]
pub fn is_fault(p: &Problem) -> bool {
    p.code != RESTOCK_VARIANCE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_margin_of_domain_s_income_statement_is_forty_percent() {
        assert_eq!(gross_margin_bp(40_000, 100_000), Some(4_000));
        assert_eq!(gross_margin_bp(1, 3), Some(3_333));
        assert_eq!(gross_margin_bp(-2, 3), Some(-6_667));
        assert_eq!(gross_margin_bp(5, 0), None);
    }

    #[test]
    fn each_kind_of_document_agrees_its_own_way() {
        let sale = CogsFigures {
            kind: CogsKind::Sale,
            journal: 6_000,
            lines: 6_000,
            stock: 6_000,
        };
        assert!(cogs_differences(&sale).is_empty());
        let missing = CogsFigures { journal: 0, ..sale };
        assert_eq!(
            cogs_differences(&missing),
            [Problem {
                code: "journal_vs_lines",
                expected: 6_000,
                actual: 0
            }]
        );
        let restocked = CogsFigures {
            kind: CogsKind::RestockedReturn,
            journal: -1_100,
            lines: -1_200,
            stock: -1_100,
        };
        let d = cogs_differences(&restocked);
        assert_eq!(d.len(), 1);
        assert!(!is_fault(&d[0]));
        let written_off = CogsFigures {
            kind: CogsKind::WrittenOffReturn,
            journal: -1_200,
            lines: -1_200,
            stock: 0,
        };
        assert!(cogs_differences(&written_off).is_empty());
    }
}
