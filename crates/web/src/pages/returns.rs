//! Returns at the till: the receipt number scanned, the sale's lines with what may still come
//! back and the refund, restock and approval the cashier fills in (kept as typed when the server
//! refuses), and the return's receipt for the 80 mm printer.

use askama::Template;

use super::Ctx;

/// The form that scans or types a receipt's number.
#[derive(Template)]
#[template(path = "return_find.html")]
pub struct ReturnFindPage {
    pub c: Ctx,
    pub receipt: String,
    /// Why the number found no sale to take back, in the reader's language.
    pub error: Option<String>,
}

/// A line of the sale as the return form shows it, with the quantity typed to take back.
#[derive(Debug, Clone, Default)]
pub struct ReturnLineView {
    /// The sale line's position, as the form posts it.
    pub line: usize,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub sold: String,
    pub returned: String,
    /// What may still come back, for the input's placeholder.
    pub left: String,
    /// The line's total with VAT, as sold.
    pub total: String,
    /// As typed (empty: nothing of this line comes back).
    pub qty: String,
    /// Whether nothing of the line is left to take back.
    pub done: bool,
    /// A refusal about this line, in the reader's language.
    pub error: Option<String>,
}

/// What the return form carries besides its lines, as typed.
#[derive(Debug, Clone, Default)]
pub struct ReturnInput {
    /// `cash`, `card`, `bank_transfer` or `credit`.
    pub refund: String,
    /// A warehouse's id, or `write_off`.
    pub restock: String,
    pub reason: String,
    pub approver: String,
}

/// A sale's lines to take back, how the money goes back and where the goods go.
#[derive(Template)]
#[template(path = "return_form.html")]
pub struct ReturnFormPage {
    pub c: Ctx,
    /// The sale's receipt number.
    pub receipt: String,
    pub time: String,
    pub cashier: String,
    pub customer: String,
    pub total: String,
    /// The return's idempotency key, made with the form: a second click posts nothing more.
    pub return_key: String,
    pub lines: Vec<ReturnLineView>,
    pub input: ReturnInput,
    /// The ways to refund: (value, label).
    pub refunds: Vec<(String, String)>,
    /// Where the goods may go: (value, label).
    pub restocks: Vec<(String, String)>,
    /// Whether the signed-in role needs a manager's approval to take back a sale.
    pub needs_approval: bool,
    /// A refusal about the approval, in the reader's language.
    pub approval_error: Option<String>,
    /// A refusal about the return as a whole, in the reader's language.
    pub error: Option<String>,
}

/// A line of a return's receipt.
#[derive(Debug, Clone)]
pub struct ReturnReceiptLine {
    pub name: String,
    pub qty: String,
    pub total: String,
}

/// A return's receipt, for the 80 mm printer and the screen.
#[derive(Template)]
#[template(path = "return_receipt.html")]
pub struct ReturnReceiptPage {
    pub c: Ctx,
    pub number: String,
    pub sale_number: String,
    pub time: String,
    pub branch: String,
    pub register: String,
    pub returned_by: String,
    pub customer: String,
    pub reason: String,
    pub lines: Vec<ReturnReceiptLine>,
    pub net: String,
    pub vat: String,
    pub total: String,
    /// How the money went back, in the reader's language.
    pub refund: String,
}
