//! The café and gaming lounge's pure rules: a station's rate plan and what a timed play session
//! bills from its recorded events (`timing`, `rate_plan`); a bill's arithmetic and status, and
//! merging and splitting bills without losing a charge or a payment (`bill`); what serving,
//! playing and paying post (`posting`); opening hours and utilisation (`hours`); and the café's
//! refusals (`error`).

pub mod bill;
pub mod error;
pub mod hours;
pub mod posting;
pub mod rate_plan;
pub mod timing;

pub use bill::{Bill, BillStatus, Charge, merge, split, split_amount};
pub use error::CafeError;
pub use hours::OpeningHours;
pub use posting::{CafeAccounts, PostedCharge, ServedItem, charge_play, pay, serve};
pub use rate_plan::{Billed, Peak, Prepaid, RatePlan};
pub use timing::{Played, SessionEvent, played};
