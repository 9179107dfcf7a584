//! The server's one integration test binary: the HTTP API and the point of sale over HTTP, on
//! SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod support;

mod accounts;
mod api;
mod approval;
mod browser;
mod cafe;
mod compat;
mod connections;
mod corrections;
mod devices;
mod installations;
mod journal;
mod languages;
mod openapi;
mod point_of_sale;
mod purchases;
mod receipts;
mod returns;
mod roles;
mod sales_reports;
mod staff;
mod statements;
mod voids;
mod workshop;
