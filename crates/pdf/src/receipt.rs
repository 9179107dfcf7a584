//! What an A4 receipt shows: plain, already formatted strings (money, quantities and times are
//! written by the caller, never here), and the words for its labels in the reader's language.

/// A sale's receipt, ready to print on A4.
#[derive(Debug, Clone, Default)]
pub struct Receipt {
    /// Right to left (Arabic): the name column on the right, amounts on the left.
    pub rtl: bool,
    /// The document's language for the PDF's metadata (`ar`, `en`, `ru`).
    pub lang: String,
    /// The shop or branch, large at the top.
    pub branch: String,
    /// The document's name, e.g. "Receipt".
    pub title: String,
    pub number: String,
    pub time: String,
    pub register: String,
    pub cashier: String,
    /// Empty when the sale has no customer.
    pub customer: String,
    pub lines: Vec<Line>,
    pub net: String,
    pub vat: String,
    pub total: String,
    /// Each payment's method (as the reader calls it) and amount.
    pub payments: Vec<(String, String)>,
    /// Cash handed over, when paid in cash.
    pub received: Option<String>,
    /// Change given back, when there was any.
    pub change: Option<String>,
    /// A closing line ("Thank you").
    pub footer: String,
    pub labels: Labels,
}

/// One line of the sale.
#[derive(Debug, Clone, Default)]
pub struct Line {
    pub name: String,
    pub qty: String,
    pub unit_price: String,
    pub total: String,
}

/// The words a receipt prints before its values and above its columns.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub time: String,
    pub register: String,
    pub cashier: String,
    pub customer: String,
    pub item: String,
    pub qty: String,
    pub unit_price: String,
    pub line_total: String,
    pub net: String,
    pub vat: String,
    pub total: String,
    pub received: String,
    pub change: String,
    /// Before the page number ("Page").
    pub page: String,
}
