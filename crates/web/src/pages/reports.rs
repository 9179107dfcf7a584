//! The accountant's statements as pages: profit and loss for a period.

use askama::Template;

use super::Ctx;

/// One row of a statement: a label, an amount as read, and whether it is a total.
#[derive(Debug, Clone)]
pub struct StatementRow {
    pub label: String,
    pub amount: String,
    pub total: bool,
}

/// Profit and loss for a period, printable.
#[derive(Template)]
#[template(path = "profit_and_loss.html")]
pub struct ProfitLossPage {
    pub c: Ctx,
    pub from: String,
    pub to: String,
    pub rows: Vec<StatementRow>,
    pub margin: String,
    pub error: Option<String>,
}
