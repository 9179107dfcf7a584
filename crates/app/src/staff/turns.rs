//! Turns for sign-in attempts: attempts at one account (tenant and user name) run one after
//! another in this process, so each sees the failures counted before it. Accounts share a
//! fixed set of locks by hash, so the set never grows.

use std::hash::{DefaultHasher, Hash, Hasher};

use mizan_domain::TenantId;
use tokio::sync::{Mutex, MutexGuard};

/// Locks an account's attempts hash onto.
const STRIPES: usize = 64;

pub(crate) struct SignInTurns([Mutex<()>; STRIPES]);

impl Default for SignInTurns {
    fn default() -> Self {
        Self(std::array::from_fn(|_| Mutex::new(())))
    }
}

impl SignInTurns {
    /// Waits for the account's turn; it lasts as long as the guard.
    pub(crate) async fn turn(&self, tenant: TenantId, username: &str) -> MutexGuard<'_, ()> {
        let mut h = DefaultHasher::new();
        (tenant, username).hash(&mut h);
        let stripe = usize::try_from(h.finish() % STRIPES as u64).unwrap_or(0);
        self.0[stripe].lock().await
    }
}
