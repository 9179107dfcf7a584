//! The café and gaming lounge's pure rules: a station's rate plan and what a timed play session
//! bills from its recorded events (`timing`, `rate_plan`). Bills, merges and splits come next.

pub mod rate_plan;
pub mod timing;

pub use rate_plan::{Billed, Peak, Prepaid, RatePlan};
pub use timing::{CafeError, Played, SessionEvent, played};
