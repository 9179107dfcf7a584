//! The sub-ledgers a posting moves besides its journal entry, each written in one place: a
//! register drawer's cash moves, a customer's running balance (what they owe) and a supplier's
//! (what the shop owes them).

use crate::WriteError;
use crate::tx::Col::{Int, Text};
use crate::tx::{Table, args};
use crate::write::Posting;

static CASH_MOVES: Table = Table {
    head: "INSERT INTO cash_moves (tenant_id, doc_kind, doc_id, cash_register_id, amount)",
    cols: &[Int, Text, Int, Int, Int],
    tail: "",
};

/// Moves `amount` (negative: out) of register `register`'s drawer for document `doc`. Nothing
/// reads it back in the batch, so it is appended.
pub(crate) fn drawer_cash(
    p: &mut Posting<'_>,
    doc_kind: &str,
    doc: i64,
    register: i64,
    amount: i64,
) -> Result<(), WriteError> {
    Ok(p.tx.append(&CASH_MOVES, args![p.t, doc_kind, doc, register, amount])?)
}

/// Adds `amount` (negative: less) to what customer `customer` owes.
pub(crate) fn add_to_customer_debt(
    p: &mut Posting<'_>,
    customer: i64,
    amount: i64,
) -> Result<(), WriteError> {
    Ok(p.tx.defer(
        "UPDATE customers SET balance = balance + $3 WHERE tenant_id = $1 AND id = $2",
        args![p.t, customer, amount],
    )?)
}

/// Adds `amount` (negative: less) to what the shop owes supplier `supplier`.
pub(crate) fn add_to_supplier_debt(
    p: &mut Posting<'_>,
    supplier: i64,
    amount: i64,
) -> Result<(), WriteError> {
    Ok(p.tx.defer(
        "UPDATE suppliers SET balance = balance + $3 WHERE tenant_id = $1 AND id = $2",
        args![p.t, supplier, amount],
    )?)
}
