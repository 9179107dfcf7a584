//! Staff use cases: who is asking (`Actor`) and the proofs of permission app functions take
//! (`Grant`), passwords, signing in and out, authenticating a token or session, users and their
//! tokens, devices, and the audit rows of refusals.

mod actor;
mod approval;
mod authenticate;
mod devices;
mod password;
mod sign_in;
mod throttle;
mod turns;
mod users;

pub use actor::{Actor, Grant, Workplace};
pub use approval::Approval;
pub(crate) use authenticate::AuthCache;
pub use authenticate::{AUTH_CACHE_MS, SESSION_IDLE_MS, SESSION_TTL_MS, TOUCH_EVERY_MS};
pub use devices::RegisteredDevice;
pub use mizan_domain::staff::{Perm, perm};
pub use sign_in::{SignIn, SignedIn};
pub(crate) use throttle::ClientFailures;
pub use throttle::{MAX_FAILURES as MAX_CLIENT_FAILURES, WINDOW_MS as CLIENT_FAILURE_WINDOW_MS};
pub(crate) use turns::SignInTurns;
pub use users::{NewStaff, StaffChanges, TokenRequest};
