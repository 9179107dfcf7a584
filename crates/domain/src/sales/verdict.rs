//! What one sale's own rows must agree on (`mizan check sale`): its header and lines, its one
//! balanced journal entry (revenue, VAT, COGS and inventory equal to the lines, the payment
//! accounts equal to the payments), its stock moves (one per stocked line, at the cost the line
//! took), its cash moves (the cash it kept) and its returns (never more than was sold). A pure
//! rule over the figures the store reads; each disagreement is a [`Problem`] with a stable code.

use serde::Serialize;

/// One thing a document's rows disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable name (`entry_unbalanced`, `cogs_vs_line_costs`, ...).
    pub code: &'static str,
    /// What the rule expects (from the document's own lines, mostly).
    pub expected: i64,
    /// What the rows hold.
    pub actual: i64,
}

/// Net, VAT and cost, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Amounts {
    pub net: i64,
    pub vat: i64,
    pub total: i64,
    pub cost: i64,
}

/// What a sale's rows say, summed by the store.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SaleFigures {
    /// Whether the sale is completed (a draft or a discarded draft posts nothing).
    pub posted: bool,
    /// The header's amounts.
    pub header: Amounts,
    /// The lines' sums (`total` = net + VAT).
    pub lines: Amounts,
    /// Stocked lines and the quantity they sold.
    pub stocked_lines: i64,
    pub stocked_qty: i64,
    /// Journal entries of the sale (one when posted, none for a draft).
    pub entries: i64,
    /// Sum of every entry line, debit positive (0 when balanced).
    pub entry_sum: i64,
    /// What the entry credited revenue and VAT, and debited COGS, and credited inventory.
    pub revenue: i64,
    pub vat: i64,
    pub cogs: i64,
    pub inventory: i64,
    /// What the entry debited the accounts of the sale's payments.
    pub payment_accounts: i64,
    /// Stock moves: how many, the quantity and value that left (positive out).
    pub stock_moves: i64,
    pub stock_qty_out: i64,
    pub stock_value_out: i64,
    /// The payments' sum and the cash among them.
    pub payments: i64,
    pub cash_payments: i64,
    /// What the cash moves put into a drawer.
    pub cash_moves: i64,
    /// Each sale line returned beyond what it sold: (line, sold, returned).
    pub over_returned: Vec<(i64, i64, i64)>,
}

/// Every disagreement among a sale's rows, in a stable order; empty when the sale is right.
#[must_use]
pub fn sale_problems(f: &SaleFigures) -> Vec<Problem> {
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
    if !f.posted {
        // A draft posts nothing at all.
        differs("draft_has_entry", 0, f.entries);
        differs("draft_has_stock_moves", 0, f.stock_moves);
        differs("draft_has_cash_moves", 0, f.cash_moves);
        return out;
    }
    differs("entry_count", 1, f.entries);
    differs("entry_unbalanced", 0, f.entry_sum);
    differs("header_net_vs_lines", f.lines.net, f.header.net);
    differs("header_vat_vs_lines", f.lines.vat, f.header.vat);
    differs("header_cost_vs_lines", f.lines.cost, f.header.cost);
    differs("header_total_vs_lines", f.lines.total, f.header.total);
    differs("revenue_vs_lines", f.lines.net, f.revenue);
    differs("vat_vs_lines", f.lines.vat, f.vat);
    differs("cogs_vs_line_costs", f.lines.cost, f.cogs);
    differs("inventory_vs_line_costs", f.lines.cost, f.inventory);
    differs(
        "stock_moves_vs_stocked_lines",
        f.stocked_lines,
        f.stock_moves,
    );
    differs("stock_qty_vs_lines", f.stocked_qty, f.stock_qty_out);
    differs("stock_value_vs_line_costs", f.lines.cost, f.stock_value_out);
    differs("payments_vs_total", f.header.total, f.payments);
    differs("entry_vs_payments", f.payments, f.payment_accounts);
    differs("cash_moves_vs_cash_payments", f.cash_payments, f.cash_moves);
    for &(_, sold, returned) in &f.over_returned {
        differs("returned_qty_exceeds_sold", sold, returned);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DOMAIN §4's sale: 10,000 on credit, cost 6,000, all stocked.
    fn right() -> SaleFigures {
        let a = Amounts {
            net: 10_000,
            vat: 0,
            total: 10_000,
            cost: 6_000,
        };
        SaleFigures {
            posted: true,
            header: a,
            lines: a,
            stocked_lines: 1,
            stocked_qty: 10_000,
            entries: 1,
            entry_sum: 0,
            revenue: 10_000,
            vat: 0,
            cogs: 6_000,
            inventory: 6_000,
            payment_accounts: 10_000,
            stock_moves: 1,
            stock_qty_out: 10_000,
            stock_value_out: 6_000,
            payments: 10_000,
            cash_payments: 0,
            cash_moves: 0,
            over_returned: Vec::new(),
        }
    }

    #[test]
    fn a_right_sale_has_no_problem_and_each_broken_row_is_named() {
        assert_eq!(sale_problems(&right()), Vec::new());
        let broken = SaleFigures {
            cogs: 0,
            entry_sum: -6_000,
            ..right()
        };
        let codes: Vec<_> = sale_problems(&broken).iter().map(|p| p.code).collect();
        assert_eq!(codes, ["entry_unbalanced", "cogs_vs_line_costs"]);
        let moved = SaleFigures {
            stock_value_out: 5_999,
            ..right()
        };
        assert_eq!(
            sale_problems(&moved),
            [Problem {
                code: "stock_value_vs_line_costs",
                expected: 6_000,
                actual: 5_999
            }]
        );
    }

    #[test]
    fn a_draft_may_post_nothing() {
        let draft = SaleFigures {
            posted: false,
            ..SaleFigures::default()
        };
        assert!(sale_problems(&draft).is_empty());
        let leaked = SaleFigures {
            stock_moves: 1,
            ..draft
        };
        assert_eq!(sale_problems(&leaked)[0].code, "draft_has_stock_moves");
    }
}
