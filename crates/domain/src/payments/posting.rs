//! The payment posting rules: pure functions from a payment and the state it needs (whom it
//! pays, the accounts, the drawer's open session and the cash it expects) to its effects.

use super::{CustomerPayment, PaidFrom, PaymentError, ReceivedBy, SupplierPayment};
use crate::ledger::{BalancedEntry, JournalLine};
use crate::{AccountId, CashRegisterId, CashierSessionId, SaleId};

/// The accounts payments post to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentAccounts {
    pub suppliers: AccountId,
    pub customers: AccountId,
    pub card: AccountId,
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

/// A credit sale of the customer with what is still open on it (its credit part, less credit
/// refunds of its returns and earlier allocations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenSale {
    pub sale: SaleId,
    pub open: i64,
}

/// The state a customer payment is posted against.
#[derive(Debug, Clone, Default)]
pub struct CustomerPaymentSnapshot {
    /// What the customer owes; `None`: no such customer.
    pub balance: Option<i64>,
    /// Their credit sales with something open, oldest first.
    pub open_sales: Vec<OpenSale>,
    /// What is still open on their opening balance (older than every sale).
    pub opening_open: i64,
    pub accounts: Option<PaymentAccounts>,
    /// The receiving register's drawer account, when it exists.
    pub drawer: Option<AccountId>,
    /// The receiving register's open session.
    pub session: Option<CashierSessionId>,
    pub require_open_session: bool,
}

/// What a posted customer payment writes besides the customer's balance (less `amount`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerPaymentEffects {
    pub entry: BalancedEntry,
    /// How much of the payment settles each sale.
    pub allocations: Vec<(SaleId, i64)>,
    /// How much of it settles the customer's opening balance.
    pub opening_settled: i64,
    /// Cash into a drawer and the session it counts in.
    pub cash: Option<(CashRegisterId, i64)>,
    pub session: Option<CashierSessionId>,
}

/// Posts a customer payment: Dr drawer, card clearing or bank / Cr Customers. It is no more
/// than the customer owes; the chosen allocations first (each within what is open on its
/// sale), then the opening balance, then the oldest open sales.
///
/// # Errors
/// [`PaymentError`] naming the customer, the allocation or the register at fault.
pub fn post_customer_payment(
    pay: &CustomerPayment,
    s: &CustomerPaymentSnapshot,
) -> Result<CustomerPaymentEffects, PaymentError> {
    let unknown = |field: &str| PaymentError::UnknownReference {
        field: field.to_owned(),
    };
    let balance = s.balance.ok_or_else(|| unknown("customer_id"))?;
    let accounts = s.accounts.ok_or_else(|| unknown("chart of accounts"))?;
    let amount = pay.amount();
    if amount > balance {
        return Err(PaymentError::ExceedsBalance {
            balance,
            requested: amount,
        });
    }
    let mut open: Vec<OpenSale> = s.open_sales.clone();
    let mut allocations: Vec<(SaleId, i64)> = Vec::new();
    let mut left = amount;
    for (index, (sale, part)) in pay.chosen().iter().enumerate() {
        let slot = open.iter_mut().find(|o| o.sale == *sale);
        let available = slot.as_ref().map_or(0, |o| o.open);
        if *part > available {
            return Err(PaymentError::AllocationExceedsOpen {
                index,
                sale: *sale,
                open: available.max(0),
                requested: *part,
            });
        }
        if let Some(o) = slot {
            o.open -= part;
        }
        allocations.push((*sale, *part));
        left -= part;
    }
    let opening_settled = left.min(s.opening_open.max(0));
    left -= opening_settled;
    for o in open.iter_mut().filter(|o| o.open > 0) {
        if left == 0 {
            break;
        }
        let part = left.min(o.open);
        match allocations.iter_mut().find(|(sale, _)| *sale == o.sale) {
            Some((_, a)) => *a += part,
            None => allocations.push((o.sale, part)),
        }
        o.open -= part;
        left -= part;
    }
    if left > 0 {
        // What the customer owes is what is open on their opening balance and credit sales; a
        // payment that cannot all settle them is more than they owe.
        return Err(PaymentError::ExceedsBalance {
            balance: amount - left,
            requested: amount,
        });
    }
    let (receiving, cash, session) = match pay.by() {
        ReceivedBy::Card => (accounts.card, None, None),
        ReceivedBy::Bank => (accounts.bank, None, None),
        ReceivedBy::Cash(register) => {
            let drawer = s.drawer.ok_or_else(|| unknown("cash_register_id"))?;
            if s.session.is_none() && s.require_open_session {
                return Err(PaymentError::NoOpenSession { register });
            }
            (drawer, Some((register, amount)), s.session)
        }
    };
    let entry = BalancedEntry::new([
        JournalLine::debit(receiving, amount),
        JournalLine::credit(accounts.customers, amount),
    ])
    .map_err(|_| PaymentError::Overflow)?;
    Ok(CustomerPaymentEffects {
        entry,
        allocations,
        opening_settled,
        cash,
        session,
    })
}
