//! The café and gaming lounge's pure rules: a station's rate plan and what a timed play session
//! bills from its recorded events (`timing`, `rate_plan`); a bill's arithmetic and status, and
//! merging and splitting bills without losing a charge or a payment (`bill`).

pub mod bill;
pub mod rate_plan;
pub mod timing;

pub use bill::{Bill, BillStatus, Charge, merge, split};
pub use rate_plan::{Billed, Peak, Prepaid, RatePlan};
pub use timing::{CafeError, Played, SessionEvent, played};
