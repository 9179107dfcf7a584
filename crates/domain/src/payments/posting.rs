//! The payment posting rules: pure functions from a payment and the state it needs (whom it
//! pays, the accounts, the drawer's open session and the cash it expects) to its effects.

use super::{PaidFrom, PaymentError, SupplierPayment};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::{AccountId, CashRegisterId, CashierSessionId};

/// The accounts payments post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentAccounts {
    pub suppliers: AccountId,
    /// The main cash account.
    pub safe: AccountId,
    pub bank: AccountId,
}

/// The state a supplier payment is posted against.
#[derive(Debug, Clone, Default)]
pub struct SupplierPaymentSnapshot {
    pub supplier_exists: bool,
    pub accounts: Option<PaymentAccounts>,
    /// The paying register's drawer account, when it exists.
    pub drawer: Option<AccountId>,
    /// The paying register's open session and the cash it expects in the drawer.
    pub session: Option<(CashierSessionId, i64)>,
}

/// What a posted supplier payment writes besides the supplier's balance (less `amount`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplierPaymentEffects {
    pub entry: BalancedEntry,
    /// Cash out of a drawer (negative) and the session whose payouts it counts in.
    pub cash: Option<(CashRegisterId, i64)>,
    pub session: Option<CashierSessionId>,
}

/// Posts a supplier payment: Dr Suppliers / Cr the safe, the drawer or the bank. From a drawer
/// it needs the register's open session, and no more than the cash that session expects.
///
/// # Errors
/// [`PaymentError`] naming the supplier, register or shortfall.
pub fn post_supplier_payment(
    pay: &SupplierPayment,
    s: &SupplierPaymentSnapshot,
) -> Result<SupplierPaymentEffects, PaymentError> {
    let unknown = |field: &str| PaymentError::UnknownReference {
        field: field.to_owned(),
    };
    if !s.supplier_exists {
        return Err(unknown("supplier_id"));
    }
    let accounts = s.accounts.ok_or_else(|| unknown("chart of accounts"))?;
    let amount = pay.amount();
    let (paying, cash, session) = match pay.from() {
        PaidFrom::Safe => (accounts.safe, None, None),
        PaidFrom::Bank => (accounts.bank, None, None),
        PaidFrom::Drawer(register) => {
            let drawer = s.drawer.ok_or_else(|| unknown("cash_register_id"))?;
            let (session, expected) = s.session.ok_or(PaymentError::NoOpenSession { register })?;
            if expected < amount {
                return Err(PaymentError::InsufficientCash {
                    available: expected,
                    requested: amount,
                });
            }
            (drawer, Some((register, -amount)), Some(session))
        }
    };
    let entry = BalancedEntry::new([
        JournalLine::debit(accounts.suppliers, amount),
        JournalLine::credit(paying, amount),
    ])
    .map_err(|_| PaymentError::Overflow)?;
    Ok(SupplierPaymentEffects {
        entry,
        cash,
        session,
    })
}
