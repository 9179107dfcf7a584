//! Cashier sessions in the store: open with a float, pay-ins and payouts, the close (`write`),
//! the counter-account rule of pay-ins (`counter`), counted denominations (`denominations`), and
//! reading sessions with their running totals (`read`), and cash documents pay out of a
//! session's drawer (`drawer`).

pub(crate) mod counter;
pub(crate) mod denominations;
pub(crate) mod drawer;
pub(crate) mod read;
pub(crate) mod write;
