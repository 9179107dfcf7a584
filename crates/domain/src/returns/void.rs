//! Voiding a sale: a manager's correction of a sale rung up by mistake, while its cashier
//! session is still open. A void is never an edit: it is a return of every line, whole, back
//! to the warehouse it left, refunded the way the sale was paid, and allowed only once and only
//! before anything of the sale was returned.

use super::{Refund, Restock, ReturnDraft, ReturnError, ReturnLine};
use crate::sales::PaymentMethod;
use crate::{CashRegisterId, WarehouseId};

/// A sale as a void finds it, read under the sale's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleToVoid {
    /// Whether the sale is completed (a draft is discarded instead).
    pub completed: bool,
    /// Each line's warehouse and quantity, in line order.
    pub lines: Vec<(WarehouseId, i64)>,
    /// The method of each of the sale's payments.
    pub payments: Vec<PaymentMethod>,
    pub register: Option<CashRegisterId>,
    /// Whether the sale landed in a cashier session that is still open.
    pub session_open: bool,
    /// Whether any of the sale was returned already.
    pub returned: bool,
}

/// The return that voids `sale`, with `reason`.
///
/// # Errors
/// `sale_not_completed`, `sale_already_returned`, `void_session_closed`, a sale paid by
/// several methods (`void_mixed_payments`) or sold from several warehouses
/// (`void_mixed_warehouses`), which a return of the chosen lines corrects instead, or an
/// invalid reason.
pub fn void_draft(sale: &SaleToVoid, reason: &str) -> Result<ReturnDraft, ReturnError> {
    if !sale.completed {
        return Err(ReturnError::SaleNotCompleted);
    }
    if sale.returned {
        return Err(ReturnError::AlreadyReturned);
    }
    if !sale.session_open {
        return Err(ReturnError::VoidSessionClosed);
    }
    let warehouse = match sale.lines.split_first() {
        Some(((w, _), rest)) if rest.iter().all(|(o, _)| o == w) => *w,
        Some(_) => return Err(ReturnError::VoidMixedWarehouses),
        None => return Err(ReturnError::SaleNotCompleted),
    };
    let method = match sale.payments.split_first() {
        Some((m, rest)) if rest.iter().all(|o| o == m) => Some(*m),
        Some(_) => return Err(ReturnError::VoidMixedPayments),
        None => None,
    };
    let refund = match (method, sale.register) {
        (Some(PaymentMethod::Cash) | None, Some(register)) => Refund::Cash(register),
        (Some(PaymentMethod::Card) | None, _) => Refund::Card,
        (Some(PaymentMethod::BankTransfer), _) => Refund::Bank,
        (Some(PaymentMethod::Credit), _) => Refund::Credit,
        // A cash payment always has its register; without one the refund has nowhere to go.
        (Some(PaymentMethod::Cash), None) => {
            return Err(ReturnError::UnknownReference {
                field: "cash_register_id".to_owned(),
            });
        }
    };
    let lines = sale
        .lines
        .iter()
        .enumerate()
        .map(|(line, (_, qty))| ReturnLine { line, qty: *qty })
        .collect();
    ReturnDraft::new(lines, Restock::Warehouse(warehouse), refund, reason)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::refusal::Refusal;

    fn sale(payments: Vec<PaymentMethod>) -> SaleToVoid {
        SaleToVoid {
            completed: true,
            lines: vec![(WarehouseId(1), 2_000), (WarehouseId(1), 500)],
            payments,
            register: Some(CashRegisterId(3)),
            session_open: true,
            returned: false,
        }
    }

    #[test]
    fn a_void_returns_every_line_whole_and_refunds_the_way_it_was_paid() {
        let d = void_draft(&sale(vec![PaymentMethod::Cash]), " rung up twice ").unwrap();
        assert_eq!(
            d.lines(),
            &[
                ReturnLine {
                    line: 0,
                    qty: 2_000
                },
                ReturnLine { line: 1, qty: 500 }
            ]
        );
        assert_eq!(d.restock(), Restock::Warehouse(WarehouseId(1)));
        assert_eq!(d.refund(), Refund::Cash(CashRegisterId(3)));
        assert_eq!(d.reason(), "rung up twice");
        for (method, refund) in [
            (PaymentMethod::Card, Refund::Card),
            (PaymentMethod::BankTransfer, Refund::Bank),
            (PaymentMethod::Credit, Refund::Credit),
        ] {
            let d = void_draft(&sale(vec![method, method]), "x").unwrap();
            assert_eq!(d.refund(), refund);
        }
    }

    #[test]
    fn a_void_is_refused_once_returned_after_the_shift_or_when_mixed() {
        let code = |s: &SaleToVoid| void_draft(s, "x").map(|_| ()).map_err(|e| e.code());
        let mut s = sale(vec![PaymentMethod::Cash]);
        s.returned = true;
        assert_eq!(code(&s), Err("sale_already_returned"));
        let mut s = sale(vec![PaymentMethod::Cash]);
        s.session_open = false;
        assert_eq!(code(&s), Err("void_session_closed"));
        let s = sale(vec![PaymentMethod::Cash, PaymentMethod::Card]);
        assert_eq!(code(&s), Err("void_mixed_payments"));
        let mut s = sale(vec![PaymentMethod::Card]);
        s.lines[1].0 = WarehouseId(2);
        assert_eq!(code(&s), Err("void_mixed_warehouses"));
        let mut s = sale(vec![PaymentMethod::Card]);
        s.completed = false;
        assert_eq!(code(&s), Err("sale_not_completed"));
        assert_eq!(code(&sale(vec![PaymentMethod::Card])), Ok(()));
        let s = sale(vec![PaymentMethod::Card]);
        assert_eq!(
            void_draft(&s, "  ").map(|_| ()).map_err(|e| e.code()),
            Err("invalid_field")
        );
    }
}
