//! Staff: the built-in roles, the permissions each grants and the limits it sets, user names,
//! passwords' minimum rules and the languages a person reads Mizan in.

mod permission;
mod role;
mod user;

pub use permission::{Perm, Permission, perm};
pub use role::{BUILT_IN_ROLES, Limits, Role};
pub use user::{
    FREE_SIGN_IN_FAILURES, Language, MAX_SIGN_IN_WAIT_MS, MIN_PASSWORD_LEN, StaffError, Username,
    check_password, sign_in_wait_ms,
};
