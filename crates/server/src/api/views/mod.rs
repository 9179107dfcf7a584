//! Typed answers of the API, by area: each derives `ToSchema`, so the OpenAPI document shows
//! exactly what is written (amounts as decimal strings in the tenant's currency, quantities
//! with three decimals, moments as RFC 3339, `null` where a field may be empty).

mod books;
mod cafe;
mod cafe_report;
mod installations;
mod master;
mod names;
mod payments;
mod purchases;
mod returns;
mod sale_check;
mod sales;
mod sales_reports;
mod scalars;
mod sessions;
mod staff;
mod statements;
mod stock_moves;
mod workshop;

pub use books::*;
pub use cafe::*;
pub use cafe_report::*;
pub use installations::*;
pub use master::*;
pub use names::*;
pub use payments::*;
pub use purchases::*;
pub use returns::*;
pub use sale_check::*;
pub use sales::*;
pub use sales_reports::*;
pub use scalars::*;
pub use sessions::*;
pub use staff::*;
pub use statements::*;
pub use stock_moves::*;
pub use workshop::*;
