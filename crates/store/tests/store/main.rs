//! The store's one integration test binary: the contract suite, the point of sale, the books
//! property test, on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod support;

mod accounts;
mod audit;
mod back_office;
mod books_invariants;
mod cafe;
mod contract;
mod installations;
mod journal;
mod payments;
mod point_of_sale;
mod purchases;
mod returns;
mod sales_reports;
mod schema_parity;
mod staff;
mod statements;
mod transfers;
mod workshop;
mod workshop_invariants;
mod workshop_receipts;
