//! What the customer hands over at the till, turned into the sale's payments: card, bank
//! transfer and credit amounts as typed, cash for the rest, and the change from the cash
//! received. Pure; the sale's posting still checks that the payments add up to its total.

use super::{NewPayment, PaymentMethod, Payments, SaleError};

/// The amounts a cashier typed, in minor units; `None`/0 is not used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tendered {
    pub card: i64,
    pub bank_transfer: i64,
    pub credit: i64,
    /// Cash handed over; `None`: exactly the cash due.
    pub cash_received: Option<i64>,
}

/// The payments of a tender, and the cash due and change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tender {
    pub payments: Payments,
    /// What is paid in cash (the total less card, bank and credit).
    pub cash: i64,
    /// Cash received − cash due.
    pub change: i64,
}

fn invalid(field: &str, reason: &str) -> SaleError {
    SaleError::InvalidField {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Splits `total` into payments: the typed card, bank and credit amounts, and cash for what
/// remains (received as typed, or exactly).
///
/// # Errors
/// A negative amount, card + bank + credit above the total (`invalid_field` on the first
/// method that overshoots), cash received below the cash due (`received_below_amount`), or a
/// tender without any payment.
pub fn tender(total: i64, t: Tendered) -> Result<Tender, SaleError> {
    let typed = [
        (PaymentMethod::Card, t.card, "card"),
        (
            PaymentMethod::BankTransfer,
            t.bank_transfer,
            "bank_transfer",
        ),
        (PaymentMethod::Credit, t.credit, "credit"),
    ];
    let mut payments = Vec::with_capacity(4);
    let mut rest = i128::from(total);
    for (method, amount, field) in typed {
        if amount < 0 {
            return Err(invalid(field, "must not be negative"));
        }
        rest -= i128::from(amount);
        if rest < 0 {
            return Err(invalid(field, "card, bank and credit exceed the total"));
        }
        if amount > 0 {
            payments.push(NewPayment {
                method,
                amount,
                received: None,
            });
        }
    }
    let cash = i64::try_from(rest).map_err(|_| invalid("total", "too large"))?;
    let received = t.cash_received.unwrap_or(cash);
    if received < 0 {
        return Err(invalid("cash_received", "must not be negative"));
    }
    let change = if cash > 0 {
        if received < cash {
            return Err(SaleError::ReceivedBelowAmount {
                payment: payments.len(),
                amount: cash,
                received,
            });
        }
        payments.push(NewPayment {
            method: PaymentMethod::Cash,
            amount: cash,
            received: Some(received),
        });
        received - cash
    } else {
        0
    };
    Ok(Tender {
        payments: Payments::new(payments)?,
        cash,
        change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_card_part_cash_gives_change_from_the_cash() {
        let t = tender(
            11_400,
            Tendered {
                card: 5_000,
                cash_received: Some(10_000),
                ..Tendered::default()
            },
        )
        .unwrap();
        assert_eq!((t.cash, t.change), (6_400, 3_600));
        assert_eq!(t.payments.get().len(), 2);
    }

    #[test]
    fn cash_below_what_is_due_and_card_above_the_total_are_refused() {
        let short = Tendered {
            cash_received: Some(100),
            ..Tendered::default()
        };
        assert!(matches!(
            tender(200, short),
            Err(SaleError::ReceivedBelowAmount { .. })
        ));
        let over = Tendered {
            card: 300,
            ..Tendered::default()
        };
        assert!(matches!(
            tender(200, over),
            Err(SaleError::InvalidField { .. })
        ));
    }

    #[test]
    fn all_on_card_takes_no_cash() {
        let t = tender(
            200,
            Tendered {
                card: 200,
                cash_received: Some(500),
                ..Tendered::default()
            },
        )
        .unwrap();
        assert_eq!((t.cash, t.change, t.payments.get().len()), (0, 0, 1));
    }
}
