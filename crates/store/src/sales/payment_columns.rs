//! How a draft sale is stored and read back: its `payment_method` column (the method that
//! settles it as a whole, or `none`) and the rebuilt draft, the same for every backend.

use mizan_domain::sales::{NewSaleLine, PaymentMethod, Payments, SaleDraft, Settlement};
use mizan_domain::{CashRegisterId, CashierSessionId, CustomerId, SaleId};

use crate::StoreError;

/// The `payment_method` column of a sale.
pub(crate) fn encode(draft: &SaleDraft) -> &'static str {
    draft.default_method().map_or("none", PaymentMethod::as_str)
}

/// A stored draft sale, rebuilt from its columns and lines.
pub(crate) fn decode(
    sale: SaleId,
    lines: Vec<NewSaleLine>,
    method: &str,
    register: Option<i64>,
    customer: Option<i64>,
    session: Option<i64>,
) -> Result<SaleDraft, StoreError> {
    let method = match method {
        "none" => None,
        m => Some(
            PaymentMethod::parse(m)
                .ok_or_else(|| StoreError::Corrupt(format!("sale {sale} payment method {m}")))?,
        ),
    };
    SaleDraft::at(
        lines,
        register.map(CashRegisterId),
        customer.map(CustomerId),
        session.map(CashierSessionId),
        method,
    )
    .map_err(|e| StoreError::Corrupt(format!("stored draft sale {sale}: {e}")))
}

/// How a draft is settled when completed: by `payments`, as a whole by its own method, or —
/// having neither — not at all, which only a zero total allows (`payments_required` otherwise).
/// A stored draft, moved to `session` when the completion names one.
pub(crate) fn in_session(
    draft: SaleDraft,
    sale: SaleId,
    session: Option<CashierSessionId>,
) -> Result<SaleDraft, crate::WriteError> {
    match session {
        None => Ok(draft),
        Some(s) => draft.in_session(s).map_err(|e| {
            mizan_domain::sessions::SessionError::InvalidField {
                field: "cashier_session_id".into(),
                reason: format!("sale {sale}: {e}"),
            }
            .into()
        }),
    }
}

pub(crate) fn settlement(
    draft: &SaleDraft,
    payments: Option<&Payments>,
) -> Result<Settlement, crate::WriteError> {
    match (payments, draft.default_method()) {
        (Some(p), _) => Ok(Settlement::Payments(p.clone())),
        (None, Some(m)) => Ok(Settlement::Whole(m)),
        (None, None) => Ok(Settlement::Unpaid),
    }
}
