//! Authenticating a presented token or session cookie: one indexed read, or a cache entry at
//! most [`AUTH_CACHE_MS`] old, so a revoked token or a deactivated user is refused in every
//! process within a second. Expiry (absolute, and idle for sessions) is checked here, and last
//! use is recorded at most once a minute.

use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use mizan_domain::staff::Role;
use mizan_store::{Command, Token, TokenKind, TokenOwner};

use super::{Actor, Workplace};
use crate::{AppError, Mizan, hash_token};

/// How long an authenticated token is believed without asking the database again.
pub const AUTH_CACHE_MS: i64 = 1_000;
/// A browser session ends after this long without a request.
pub const SESSION_IDLE_MS: i64 = 30 * 60 * 1000;
/// A browser session ends this long after sign-in, however busy.
pub const SESSION_TTL_MS: i64 = 12 * 60 * 60 * 1000;
/// Last use is recorded when the recorded one is older than this.
pub const TOUCH_EVERY_MS: i64 = 60 * 1000;
/// Most cached tokens; the cache is emptied when it would grow past this.
const MAX_CACHED: usize = 10_000;

/// Tokens authenticated in the last second, by hash. The generation moves whenever this
/// process revokes a token or changes a user, so that a lookup that raced the change is not
/// cached.
#[derive(Default)]
pub(crate) struct AuthCache {
    map: RwLock<HashMap<String, (Actor, i64)>>,
    generation: AtomicU64,
}

impl AuthCache {
    fn get(&self, hash: &str, now: i64) -> Option<Actor> {
        let map = self.map.read().ok()?;
        let (actor, at) = map.get(hash)?;
        (0..AUTH_CACHE_MS)
            .contains(&now.saturating_sub(*at))
            .then(|| actor.clone())
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn put(&self, hash: String, actor: Actor, generation: u64, now: i64) {
        if let Ok(mut map) = self.map.write()
            && self.generation() == generation
        {
            if map.len() >= MAX_CACHED {
                map.clear();
            }
            map.insert(hash, (actor, now));
        }
    }

    /// Forgets everything: this process just revoked a token or changed a user.
    pub(crate) fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut map) = self.map.write() {
            map.clear();
        }
    }
}

/// Whether a token is still good at `now`.
fn usable(t: &Token, now: i64) -> bool {
    let unexpired = t.expires_at_ms.is_none_or(|at| now < at);
    let busy = t.kind != TokenKind::Session
        || now < t.last_used_at_ms.unwrap_or(t.created_at_ms) + SESSION_IDLE_MS;
    unexpired && busy
}

impl Mizan {
    /// The actor a bearer token or session cookie belongs to; `None` when it is unknown,
    /// revoked, expired, idle too long, or its user is deactivated.
    ///
    /// # Errors
    /// A store failure.
    pub async fn authenticate(&self, token: &str) -> Result<Option<Actor>, AppError> {
        let hash = hash_token(token);
        let now = self.now_ms();
        if let Some(actor) = self.auth.get(&hash, now) {
            return Ok(Some(actor));
        }
        let generation = self.auth.generation();
        let Some((
            scope,
            TokenOwner {
                token,
                user,
                device_branch,
            },
        )) = self.store.authenticate(&hash).await?
        else {
            return Ok(None);
        };
        let Some(role) = Role::named(&user.role) else {
            return Ok(None);
        };
        if !usable(&token, now) {
            return Ok(None);
        }
        if token
            .last_used_at_ms
            .is_none_or(|at| now.saturating_sub(at) >= TOUCH_EVERY_MS)
        {
            let touch = Command::TouchToken {
                token: token.id,
                now_ms: now,
            };
            // Last use is bookkeeping: a database that takes no writes (a full disk) must not
            // stop reads, so a failure here is logged and the request goes on.
            if let Err(e) = self.store.write(&scope, None, touch).await {
                tracing::warn!(error = %e, token = %token.id, "could not record a token's last use");
            }
        }
        let at = Workplace {
            device: token.device_id,
            branch: device_branch,
        };
        let actor = Actor::new(scope, user, role, (token.id, token.kind), at);
        self.auth.put(hash, actor.clone(), generation, now);
        Ok(Some(actor))
    }
}

#[cfg(test)]
mod tests {
    use mizan_domain::{TokenId, UserId};

    use super::*;

    fn token(kind: TokenKind, expires: Option<i64>, used: Option<i64>) -> Token {
        Token {
            id: TokenId(1),
            user_id: UserId(1),
            username: "sara".into(),
            kind,
            label: String::new(),
            created_at_ms: 1_000,
            expires_at_ms: expires,
            revoked_at_ms: None,
            last_used_at_ms: used,
            device_id: None,
        }
    }

    #[test]
    fn tokens_expire_when_asked_and_sessions_also_when_idle() {
        let api = token(TokenKind::Api, None, None);
        assert!(usable(&api, i64::MAX / 2));
        let expiring = token(TokenKind::Api, Some(5_000), None);
        assert!(usable(&expiring, 4_999) && !usable(&expiring, 5_000));
        let session = token(TokenKind::Session, Some(1_000 + SESSION_TTL_MS), None);
        assert!(usable(&session, 1_000 + SESSION_IDLE_MS - 1));
        assert!(!usable(&session, 1_000 + SESSION_IDLE_MS));
        let used = token(
            TokenKind::Session,
            Some(1_000 + SESSION_TTL_MS),
            Some(SESSION_TTL_MS),
        );
        assert!(usable(&used, SESSION_TTL_MS + 1));
        assert!(!usable(&used, 1_000 + SESSION_TTL_MS));
    }
}
