//! Managing staff: users (owner only), and tokens — everyone their own, the owner anyone's.
//! A person cannot lock themselves out: no one deactivates or demotes their own account.

use mizan_domain::staff::{Language, Permission, Role, Username, check_password};
use mizan_domain::{BranchId, TokenId, UserId};
use mizan_store::{
    Author, Command, Idempotency, NewToken, NewUser, SecurityEvent, Token, TokenKind, User,
    UserChanges,
};

use super::{Actor, Grant, password, perm};
use crate::{AppError, Mizan, hash_token, new_token};

/// A new staff user as asked for.
#[derive(Debug, Clone, Default)]
pub struct NewStaff {
    pub username: String,
    pub password: Option<String>,
    pub role: String,
    pub language: Option<String>,
    /// The branches the user works in; empty: every branch.
    pub branches: Vec<BranchId>,
}

/// Changes to a user as asked for; `None` leaves a field.
#[derive(Debug, Clone, Default)]
pub struct StaffChanges {
    pub role: Option<String>,
    pub language: Option<String>,
    pub active: Option<bool>,
    pub password: Option<String>,
    /// The branches the user works in (empty: every branch).
    pub branches: Option<Vec<BranchId>>,
}

/// A token asked for: whose (by default the asker's own), a label and an optional expiry.
#[derive(Debug, Clone, Default)]
pub struct TokenRequest {
    pub user: Option<UserId>,
    pub label: String,
    pub expires_at_ms: Option<i64>,
}

fn staff(e: &mizan_domain::staff::StaffError) -> AppError {
    AppError::invalid(e.field(), &e.to_string())
}

fn role(name: &str) -> Result<&'static Role, AppError> {
    Role::named(name.trim()).ok_or_else(|| {
        staff(&mizan_domain::staff::StaffError::UnknownRole(
            name.to_owned(),
        ))
    })
}

async fn new_password(raw: Option<String>) -> Result<Option<String>, AppError> {
    match raw {
        None => Ok(None),
        Some(p) => {
            check_password(&p).map_err(|e| staff(&e))?;
            Ok(Some(password::hash(p).await?))
        }
    }
}

impl Mizan {
    /// Creates a staff user.
    ///
    /// # Errors
    /// An invalid name, role, language or password; `username_taken`; a store failure.
    pub async fn create_user(
        &self,
        g: &Grant<perm::UsersManage>,
        idempotency: Option<Idempotency>,
        s: NewStaff,
    ) -> Result<User, AppError> {
        let username = Username::parse(&s.username).map_err(|e| staff(&e))?;
        let role = role(&s.role)?;
        let language = match &s.language {
            Some(l) => Language::parse(l).map_err(|e| staff(&e))?,
            None => Language::default(),
        };
        let user = NewUser {
            username: username.as_str().to_owned(),
            password_hash: new_password(s.password).await?,
            role: role.name.to_owned(),
            language: language.as_str().to_owned(),
            branches: s.branches,
            now_ms: self.now_ms(),
        };
        let by = g.author(self.now_ms());
        let w = self
            .store
            .write_by(g.scope(), &by, idempotency, Command::CreateUser(user))
            .await?;
        self.user(g, UserId(w.id)).await
    }

    /// Changes a user's role, language, password or whether they are active. A new role or a
    /// deactivation reaches their tokens and sessions within a second, in every process; a new
    /// password ends their browser sessions (API tokens stay until revoked).
    ///
    /// # Errors
    /// An invalid value, changing one's own role or access (`cannot_change_own_access`), an
    /// unknown user, a store failure.
    pub async fn update_user(
        &self,
        g: &Grant<perm::UsersManage>,
        idempotency: Option<Idempotency>,
        id: UserId,
        c: StaffChanges,
    ) -> Result<User, AppError> {
        if g.user() == Some(id) && (c.active == Some(false) || c.role.is_some()) {
            return Err(AppError::Conflict {
                code: "cannot_change_own_access",
                message: "you cannot deactivate yourself or change your own role".into(),
            });
        }
        let changes = UserChanges {
            role: c
                .role
                .as_deref()
                .map(role)
                .transpose()?
                .map(|r| r.name.to_owned()),
            language: c
                .language
                .as_deref()
                .map(|l| Language::parse(l).map_err(|e| staff(&e)))
                .transpose()?
                .map(|l| l.as_str().to_owned()),
            active: c.active,
            password_hash: new_password(c.password).await?,
            branches: c.branches,
            now_ms: self.now_ms(),
        };
        let update = Command::UpdateUser { user: id, changes };
        let by = g.author(self.now_ms());
        let written = self
            .store
            .write_by(g.scope(), &by, idempotency, update)
            .await;
        self.auth.clear();
        written?;
        self.user(g, id).await
    }

    /// Every user of the tenant.
    ///
    /// # Errors
    /// A store failure.
    pub async fn users(&self, g: &Grant<perm::UsersManage>) -> Result<Vec<User>, AppError> {
        Ok(self.store.users(g.scope()).await?)
    }

    /// One user.
    ///
    /// # Errors
    /// `not_found`, a store failure.
    pub async fn user(&self, g: &Grant<perm::UsersManage>, id: UserId) -> Result<User, AppError> {
        self.store
            .user(g.scope(), id)
            .await?
            .ok_or(AppError::NotFound { what: "user" })
    }

    /// The user a grant was made for: their own record.
    ///
    /// # Errors
    /// A store failure.
    pub async fn me(&self, actor: &Actor) -> Result<User, AppError> {
        self.store
            .user(&actor.scope, actor.user)
            .await?
            .ok_or(AppError::NotFound { what: "user" })
    }

    /// Issues an API token (the secret is returned once): one's own, or with
    /// `users.manage` anyone's.
    ///
    /// # Errors
    /// `forbidden` for another's token without `users.manage`; an unknown user; a store failure.
    pub async fn issue_token(
        &self,
        actor: &Actor,
        idempotency: Option<Idempotency>,
        r: TokenRequest,
    ) -> Result<(String, Token), AppError> {
        let user = r.user.unwrap_or(actor.user);
        if user != actor.user {
            actor.grant::<perm::UsersManage>()?;
        }
        if r.expires_at_ms.is_some_and(|at| at <= self.now_ms()) {
            return Err(AppError::invalid("expires_at", "must be in the future"));
        }
        let by = actor.author(self.now_ms());
        self.issue_token_for(&actor.scope, &by, idempotency, user, r)
            .await
    }

    /// Issues an API token for `user` by the operator (the CLI).
    ///
    /// # Errors
    /// An unknown user, a store failure.
    pub async fn issue_token_as_operator(
        &self,
        g: &Grant<perm::UsersManage>,
        username: &str,
        label: &str,
    ) -> Result<(String, Token), AppError> {
        let name = Username::parse(username).map_err(|e| staff(&e))?;
        let user = self
            .store
            .users(g.scope())
            .await?
            .into_iter()
            .find(|u| u.username == name.as_str())
            .ok_or(AppError::NotFound { what: "user" })?;
        let r = TokenRequest {
            user: Some(user.id),
            label: label.to_owned(),
            expires_at_ms: None,
        };
        let by = g.author(self.now_ms());
        self.issue_token_for(g.scope(), &by, None, user.id, r).await
    }

    async fn issue_token_for(
        &self,
        scope: &mizan_store::TenantScope,
        by: &Author,
        idempotency: Option<Idempotency>,
        user: UserId,
        r: TokenRequest,
    ) -> Result<(String, Token), AppError> {
        let secret = new_token();
        let token = NewToken {
            user,
            token_hash: hash_token(&secret),
            kind: TokenKind::Api,
            label: r.label,
            expires_at_ms: r.expires_at_ms,
            device: None,
            now_ms: self.now_ms(),
        };
        let w = self
            .store
            .write_by(scope, by, idempotency, Command::IssueToken(token))
            .await?;
        let token = self
            .store
            .token(scope, TokenId(w.id))
            .await?
            .ok_or(AppError::NotFound { what: "token" })?;
        Ok((secret, token))
    }

    /// Tokens and sessions newest first: one's own, or with `users.manage` everyone's (or one
    /// user's).
    ///
    /// # Errors
    /// `forbidden` for another's tokens without `users.manage`; a store failure.
    pub async fn tokens(
        &self,
        actor: &Actor,
        user: Option<UserId>,
    ) -> Result<Vec<Token>, AppError> {
        let of = if actor.can(Permission::UsersManage) {
            user
        } else if user.is_none_or(|u| u == actor.user) {
            Some(actor.user)
        } else {
            return Err(AppError::Forbidden {
                permission: Permission::UsersManage,
            });
        };
        Ok(self.store.tokens(&actor.scope, of).await?)
    }

    /// Revokes a token: one's own, or with `users.manage` anyone's. Within a second no process
    /// accepts it.
    ///
    /// # Errors
    /// `not_found` (also for another's token without `users.manage`); a store failure.
    pub async fn revoke_token(
        &self,
        actor: &Actor,
        idempotency: Option<Idempotency>,
        token: TokenId,
    ) -> Result<Token, AppError> {
        let owner = (!actor.can(Permission::UsersManage)).then_some(actor.user);
        let by = actor.author(self.now_ms());
        self.revoke(&actor.scope, &by, idempotency, token, owner)
            .await
    }

    /// Revokes a token by the operator (the CLI).
    ///
    /// # Errors
    /// `not_found`, a store failure.
    pub async fn revoke_token_as_operator(
        &self,
        g: &Grant<perm::UsersManage>,
        token: TokenId,
    ) -> Result<Token, AppError> {
        let by = g.author(self.now_ms());
        self.revoke(g.scope(), &by, None, token, None).await
    }

    async fn revoke(
        &self,
        scope: &mizan_store::TenantScope,
        by: &Author,
        idempotency: Option<Idempotency>,
        token: TokenId,
        owner: Option<UserId>,
    ) -> Result<Token, AppError> {
        let revoke = Command::RevokeToken {
            token,
            owner,
            now_ms: self.now_ms(),
        };
        let written = self.store.write_by(scope, by, idempotency, revoke).await;
        self.auth.clear();
        written?;
        self.store
            .token(scope, token)
            .await?
            .ok_or(AppError::NotFound { what: "token" })
    }

    /// Security events (failed and refused sign-ins, lockouts), newest first.
    ///
    /// # Errors
    /// A store failure.
    pub async fn security_events(
        &self,
        g: &Grant<perm::AuditRead>,
        limit: i64,
        before: Option<i64>,
    ) -> Result<Vec<SecurityEvent>, AppError> {
        Ok(self
            .store
            .security_events(g.scope(), limit.clamp(1, 500), before)
            .await?)
    }
}
