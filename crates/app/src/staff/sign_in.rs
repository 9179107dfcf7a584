//! Signing in with a user name and password (for a browser session or a till's token) and
//! signing out. Failed attempts count against the account: after a few, each must wait longer
//! (up to a 15-minute lock); every failure and refusal is a security event.

use mizan_domain::staff::{MAX_SIGN_IN_WAIT_MS, Role, Username, sign_in_wait_ms};
use mizan_domain::{DeviceId, TenantId};
use mizan_store::{Author, Command, FailedSignIn, NewToken, SignInRecord, TenantScope, TokenKind};
use tokio::sync::MutexGuard;

use super::{Actor, SESSION_TTL_MS, Workplace, password};
use crate::{AppError, Mizan, hash_token, new_token};

/// A sign-in attempt.
#[derive(Debug, Clone)]
pub struct SignIn {
    /// The tenant; may be left out on a server that holds one tenant.
    pub tenant: Option<TenantId>,
    pub username: String,
    pub password: String,
    /// A browser session (cookie) or an API token for a till.
    pub kind: TokenKind,
    /// A label for the token (the till's name).
    pub label: String,
    /// The client's address, for the security log.
    pub client: String,
    /// The session cookie the browser still sent, revoked by this sign-in.
    pub replaces: Option<String>,
    /// The device credential the browser or till holds, when it was registered.
    pub device: Option<String>,
}

/// Who is trying a password, and from where.
pub(crate) struct Attempt<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub client: &'a str,
}

/// A good sign-in: the secret (shown once) and who signed in.
#[derive(Debug)]
pub struct SignedIn {
    pub token: String,
    pub expires_at_ms: Option<i64>,
    pub actor: Actor,
}

impl Mizan {
    async fn sign_in_tenant(&self, tenant: Option<TenantId>) -> Result<TenantId, AppError> {
        if let Some(t) = tenant {
            return Ok(t);
        }
        match self.store.operator_tenants().await?.as_slice() {
            [(scope, _)] => Ok(scope.tenant()),
            _ => Err(AppError::invalid(
                "tenant_id",
                "required: this server holds more than one tenant",
            )),
        }
    }

    async fn refuse(
        &self,
        scope: &TenantScope,
        s: &Attempt<'_>,
        device: Option<DeviceId>,
        kind: &'static str,
        detail: &str,
        counted: Option<&SignInRecord>,
    ) -> Result<i64, AppError> {
        let now = self.now_ms();
        let (user, wait) = match counted {
            Some(r) => (Some(r.user.id), sign_in_wait_ms(r.user.failed_sign_ins + 1)),
            None => (None, 0),
        };
        let kind = if wait >= MAX_SIGN_IN_WAIT_MS {
            "account_locked"
        } else {
            kind
        };
        let event = FailedSignIn {
            user,
            username: s.username.trim().to_lowercase(),
            client: s.client.to_owned(),
            device,
            kind,
            detail: detail.to_owned(),
            lock_after: if wait > 0 {
                counted.map_or(i64::MAX, |r| r.user.failed_sign_ins + 1)
            } else {
                i64::MAX
            },
            lock_until_ms: now + wait,
            now_ms: now,
        };
        self.store
            .write(scope, None, Command::FailedSignIn(event))
            .await?;
        Ok(wait)
    }

    /// Where a person with a good password signs in: the registered device their browser or
    /// till presented. Refused, and logged with user, device and time, when the tenant requires
    /// registered devices and this is none (`device_not_registered`), or the device belongs to
    /// a branch the person does not work in (`wrong_branch`).
    async fn workplace(
        &self,
        scope: &TenantScope,
        s: &SignIn,
        attempt: &Attempt<'_>,
        record: &SignInRecord,
    ) -> Result<Workplace, AppError> {
        let device = match &s.device {
            Some(c) => {
                self.store
                    .device_by_credential(scope, &hash_token(c))
                    .await?
            }
            None => None,
        };
        let Some(device) = device else {
            // The owner is never locked out of their own shop by this setting.
            let owner = Role::named(&record.user.role)
                .is_some_and(|r| r.grants(mizan_domain::staff::Permission::UsersManage));
            if !owner && self.tenant(scope).await?.require_registered_devices {
                let why = if s.device.is_some() {
                    "unknown or revoked device credential"
                } else {
                    "no device credential"
                };
                self.refuse(scope, attempt, None, "device_not_registered", why, None)
                    .await?;
                return Err(AppError::DeviceNotRegistered);
            }
            return Ok(Workplace::default());
        };
        let branches = &record.user.branches;
        if !branches.is_empty() && !branches.contains(&device.branch_id) {
            let why = format!(
                "device {} ({}) is registered to branch {}",
                device.id, device.name, device.branch_id
            );
            self.refuse(scope, attempt, Some(device.id), "wrong_branch", &why, None)
                .await?;
            return Err(AppError::WrongBranch {
                device: Some(device.id),
                branch: device.branch_id,
            });
        }
        Ok(Workplace {
            device: Some(device.id),
            branch: Some(device.branch_id),
        })
    }

    /// Checks a person's password at `tenant`, taking turns with other tries at the account
    /// (in this process, so that parallel guesses each see the failures before them and wait
    /// as long as they should); a failure counts against the account and is logged. Returns
    /// the turn (held by the caller until it is done), the scope, the record and the role.
    ///
    /// # Errors
    /// `invalid_credentials` (with the wait before the next try), `account_locked`, a store
    /// failure.
    pub(crate) async fn verified(
        &self,
        tenant: TenantId,
        s: &Attempt<'_>,
    ) -> Result<(MutexGuard<'_, ()>, TenantScope, SignInRecord, &'static Role), AppError> {
        let name = Username::parse(s.username).ok();
        let turn = self
            .sign_in_turns
            .turn(tenant, name.as_ref().map_or("", Username::as_str))
            .await;
        let found = match &name {
            Some(n) => self.store.sign_in_record(tenant, n.as_str()).await?,
            None => None,
        };
        let password = || s.password.to_owned();
        let Some((scope, record)) = found else {
            password::verify(password(), None).await?;
            return Err(AppError::InvalidCredentials { retry_after_ms: 0 });
        };
        let Some(record) = record else {
            password::verify(password(), None).await?;
            self.refuse(&scope, s, None, "sign_in_failed", "unknown user", None)
                .await?;
            return Err(AppError::InvalidCredentials { retry_after_ms: 0 });
        };
        let now = self.now_ms();
        if record.user.locked_until_ms > now {
            // As long as a real check, so that the wait tells nothing more.
            password::verify(password(), None).await?;
            self.refuse(&scope, s, None, "sign_in_refused", "locked", None)
                .await?;
            return Err(AppError::Locked {
                retry_after_ms: record.user.locked_until_ms - now,
            });
        }
        let role = Role::named(&record.user.role);
        let good = password::verify(password(), record.password_hash.clone()).await?;
        let why = match (good, record.user.active, role) {
            (false, _, _) => "wrong password",
            (true, false, _) => "deactivated",
            (true, true, None) => "unknown role",
            (true, true, Some(_)) => "",
        };
        let Some(role) = role.filter(|_| why.is_empty()) else {
            // Wrong passwords and deactivated accounts count alike (a deactivated account's
            // answer must not tell a right password from a wrong one).
            let counted = (!good || !record.user.active).then_some(&record);
            let wait = self
                .refuse(&scope, s, None, "sign_in_failed", why, counted)
                .await?;
            return Err(AppError::InvalidCredentials {
                retry_after_ms: wait,
            });
        };
        Ok((turn, scope, record, role))
    }

    /// Signs a person in: checks the password (on a blocking thread) and issues a session or
    /// token. Wrong names and wrong passwords are refused alike.
    ///
    /// # Errors
    /// `invalid_credentials` (with the wait before the next try), `account_locked` while the
    /// account waits, `invalid_field` for a missing tenant, or a store failure.
    pub async fn sign_in(&self, s: SignIn) -> Result<SignedIn, AppError> {
        let tenant = self.sign_in_tenant(s.tenant).await?;
        let wait = self.client_failures.wait_ms(&s.client, self.now_ms());
        if wait > 0 {
            return Err(AppError::TooManySignIns {
                retry_after_ms: wait,
            });
        }
        let attempt = Attempt {
            username: &s.username,
            password: &s.password,
            client: &s.client,
        };
        let (_turn, scope, record, role) = match self.verified(tenant, &attempt).await {
            Ok(found) => found,
            Err(e @ (AppError::InvalidCredentials { .. } | AppError::Locked { .. })) => {
                self.client_failures.failed(&s.client, self.now_ms());
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        let now = self.now_ms();
        let at = self.workplace(&scope, &s, &attempt, &record).await?;
        let secret = new_token();
        let expires_at_ms = (s.kind == TokenKind::Session).then_some(now + SESSION_TTL_MS);
        let token = NewToken {
            user: record.user.id,
            token_hash: hash_token(&secret),
            kind: s.kind,
            label: s.label.clone(),
            expires_at_ms,
            device: at.device,
            now_ms: now,
        };
        let replaces = s.replaces.as_deref().map(hash_token);
        let by = Author {
            device: at.device,
            branch: at.branch,
            ..Author::user(Some(record.user.id), &record.user.username, now)
        };
        let w = self
            .store
            .write_by(&scope, &by, None, Command::SignedIn { token, replaces })
            .await?;
        let actor = Actor::new(
            scope,
            record.user,
            role,
            (mizan_domain::TokenId(w.id), s.kind),
            at,
        );
        Ok(SignedIn {
            token: secret,
            expires_at_ms,
            actor,
        })
    }

    /// Ends the actor's session (or revokes the token they used).
    ///
    /// # Errors
    /// A store failure.
    pub async fn sign_out(&self, actor: &Actor) -> Result<(), AppError> {
        let revoke = Command::RevokeToken {
            token: actor.token,
            owner: Some(actor.user),
            now_ms: self.now_ms(),
        };
        let by = actor.author(self.now_ms());
        self.store.write_by(&actor.scope, &by, None, revoke).await?;
        self.auth.clear();
        Ok(())
    }
}
