//! API tokens: random, shown once, stored only as a SHA-256 hash.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new random API token (`mzn_` + 64 hex digits).
#[must_use]
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("mzn_{}", hex::encode(bytes))
}

/// The stored form of a token. Tokens carry 256 bits of randomness, so a fast hash suffices
/// (no password stretching is needed, unlike for user passwords).
#[must_use]
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
