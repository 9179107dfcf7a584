//! How a sale's payment is stored: the (method, cash register, customer) columns of `sales`,
//! encoded from a draft and decoded back, the same for every backend.

use mizan_domain::sales::{Payment, SaleDraft};
use mizan_domain::{CashRegisterId, CustomerId, SaleId};

use crate::StoreError;

/// The `payment_method`, `cash_register_id` and `customer_id` columns of a sale.
pub(crate) fn encode(draft: &SaleDraft) -> (&'static str, Option<i64>, Option<i64>) {
    match draft.payment() {
        Payment::Cash { cash_register_id } => (
            "cash",
            Some(cash_register_id.0),
            draft.customer().map(|c| c.0),
        ),
        Payment::Credit { customer_id } => ("credit", None, Some(customer_id.0)),
    }
}

/// The payment of a stored sale.
pub(crate) fn decode(
    sale: SaleId,
    method: &str,
    register: Option<i64>,
    customer: Option<i64>,
) -> Result<Payment, StoreError> {
    match (method, register, customer) {
        ("cash", Some(r), _) => Ok(Payment::Cash {
            cash_register_id: CashRegisterId(r),
        }),
        ("credit", _, Some(c)) => Ok(Payment::Credit {
            customer_id: CustomerId(c),
        }),
        _ => Err(StoreError::Corrupt(format!("sale {sale} payment"))),
    }
}
