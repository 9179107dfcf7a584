//! Passwords: Argon2id hashes (PHC strings), computed on a blocking thread, never on an async
//! worker. An unknown user is checked against a dummy hash so the answer takes as long.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use mizan_store::StoreError;

use crate::AppError;

fn blocking_failed(e: &dyn std::fmt::Display) -> AppError {
    AppError::Store(StoreError::Corrupt(format!("password hashing failed: {e}")))
}

fn hash_now(password: &[u8]) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password)
        .map(|h| h.to_string())
        .map_err(|e| blocking_failed(&e))
}

/// Password hashes computed at once, at most: each takes ~19 MiB and a core for a moment, so a
/// burst of sign-ins waits its turn instead of taking the machine.
const AT_ONCE: usize = 4;
static TURNS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(AT_ONCE);

/// Runs one hashing job when its turn comes.
async fn in_turn<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let _turn = TURNS.acquire().await.map_err(|e| blocking_failed(&e))?;
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| blocking_failed(&e))?
}

/// The Argon2id hash of `password`.
pub(crate) async fn hash(password: String) -> Result<String, AppError> {
    in_turn(move || hash_now(password.as_bytes())).await
}

/// Whether `password` matches `stored`; with no stored hash (unknown user, or a user without a
/// password) the same work is done against a dummy and the answer is no.
pub(crate) async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    in_turn(move || {
        static DUMMY: OnceLock<Option<String>> = OnceLock::new();
        let dummy = DUMMY.get_or_init(|| hash_now(b"no user has this password").ok());
        let (phc, real) = match &stored {
            Some(h) => (h.as_str(), true),
            None => (dummy.as_deref().unwrap_or_default(), false),
        };
        let ok = PasswordHash::new(phc).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        });
        Ok(ok && real)
    })
    .await
}
