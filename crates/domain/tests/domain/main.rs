//! The domain's one integration test binary: worked examples, checkout, property tests of the
//! posting invariants.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cafe_bills;
mod cafe_rates;
mod chart;
mod checkout;
mod invariants;
mod payments;
mod posting_examples;
mod purchases;
mod returns;
mod scale_labels;
mod statements;
mod transfers;
mod workshop;
