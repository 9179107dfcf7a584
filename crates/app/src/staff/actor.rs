//! The signed-in actor and capability proofs: an app function that needs a permission takes a
//! `Grant<P>` (`P` one of the domain's `perm::` types), and only [`Actor::grant`] (or the
//! operator, who holds the database) makes one, so a handler cannot call it without the check.

use std::marker::PhantomData;

use mizan_domain::sales::SellerTerms;
use mizan_domain::staff::{Language, Perm, Permission, Role};
use mizan_domain::{BranchId, DeviceId, TokenId, UserId};
use mizan_store::{Author, TenantScope, TokenKind, User};

use crate::AppError;

/// A person (or till) authenticated by a token or a browser session.
#[derive(Debug, Clone)]
pub struct Actor {
    pub(crate) scope: TenantScope,
    pub user: UserId,
    pub username: String,
    pub role: &'static Role,
    pub language: Language,
    pub token: TokenId,
    pub kind: TokenKind,
    /// Where the actor works: the registered device they signed in at, and its branch.
    pub at: Workplace,
    /// The branches the actor is limited to; empty: every branch.
    pub branches: Vec<BranchId>,
}

/// The registered device a person works at, and its branch (none: an unregistered device).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Workplace {
    pub device: Option<DeviceId>,
    pub branch: Option<BranchId>,
}

/// Proof that the holder may do `P` in one tenant.
#[derive(Debug)]
pub struct Grant<P: Perm> {
    scope: TenantScope,
    by: Option<(UserId, String)>,
    /// The holder's role (the operator's: owner).
    role: &'static Role,
    at: Workplace,
    /// The branches the holder is limited to; empty: every branch.
    branches: Vec<BranchId>,
    _p: PhantomData<fn() -> P>,
}

impl<P: Perm> Grant<P> {
    /// The operator's grant: the CLI holds the database itself, so it may do anything.
    #[must_use]
    pub fn operator(scope: TenantScope) -> Self {
        Self {
            scope,
            by: None,
            role: Role::owner(),
            at: Workplace::default(),
            branches: Vec::new(),
            _p: PhantomData,
        }
    }

    #[must_use]
    pub fn scope(&self) -> &TenantScope {
        &self.scope
    }

    /// The user the grant was made for (`None`: the operator).
    #[must_use]
    pub fn user(&self) -> Option<UserId> {
        self.by.as_ref().map(|(id, _)| *id)
    }

    /// The holder's name, as records they make carry it (`operator` for the CLI).
    #[must_use]
    pub fn username(&self) -> &str {
        self.by
            .as_ref()
            .map_or("operator", |(_, name)| name.as_str())
    }

    /// Whether the holder also has permission `p`.
    #[must_use]
    pub fn can(&self, p: Permission) -> bool {
        self.role.grants(p)
    }

    /// The branch of the registered device the holder works at.
    #[must_use]
    pub fn branch(&self) -> Option<BranchId> {
        self.at.branch
    }

    /// Whether the holder works in `branch` (a holder limited to none works in all).
    #[must_use]
    pub fn works_in(&self, branch: BranchId) -> bool {
        self.branches.is_empty() || self.branches.contains(&branch)
    }

    /// Whether the holder takes back sales only with a manager's approval.
    #[must_use]
    pub fn refunds_need_approval(&self) -> bool {
        !self.can(Permission::SalesReturn) || self.role.limits.refunds_need_approval
    }

    /// What the holder may do to a sale's prices.
    #[must_use]
    pub fn seller_terms(&self) -> SellerTerms {
        SellerTerms::of(self.role)
    }

    /// `None` when the holder may see everyone's records (`all`), else their own name: the
    /// filter for a list of records people make (sales, sessions).
    #[must_use]
    pub fn only_own(&self, all: Permission) -> Option<&str> {
        (!self.can(all)).then(|| self.username())
    }

    /// Whether the holder may see a record `owner` made: their own, or anyone's under `all`.
    ///
    /// # Errors
    /// [`AppError::Forbidden`] naming `all`.
    pub fn may_see(&self, owner: &str, all: Permission) -> Result<(), AppError> {
        if owner == self.username() || self.can(all) {
            Ok(())
        } else {
            Err(AppError::Forbidden { permission: all })
        }
    }

    /// The author of a write made under this grant at `at_ms`.
    #[must_use]
    pub fn author(&self, at_ms: i64) -> Author {
        match &self.by {
            Some((id, name)) => Author {
                device: self.at.device,
                branch: self.at.branch,
                ..Author::user(Some(*id), name, at_ms)
            },
            None => Author::operator(at_ms),
        }
    }
}

impl Actor {
    /// The actor `user` of `scope` signed in with token `token`, in their role.
    pub(crate) fn new(
        scope: TenantScope,
        user: User,
        role: &'static Role,
        (token, kind): (TokenId, TokenKind),
        at: Workplace,
    ) -> Self {
        Self {
            scope,
            user: user.id,
            language: Language::parse(&user.language).unwrap_or_default(),
            username: user.username,
            role,
            token,
            kind,
            at,
            branches: user.branches,
        }
    }

    /// The author of a write this actor makes at `at_ms`.
    #[must_use]
    pub fn author(&self, at_ms: i64) -> Author {
        Author {
            device: self.at.device,
            branch: self.at.branch,
            ..Author::user(Some(self.user), &self.username, at_ms)
        }
    }

    /// Proof that this actor may do `P`, or `forbidden` naming the permission.
    ///
    /// # Errors
    /// [`AppError::Forbidden`].
    pub fn grant<P: Perm>(&self) -> Result<Grant<P>, AppError> {
        match P::NEEDS {
            Some(p) if !self.role.grants(p) => Err(AppError::Forbidden { permission: p }),
            _ => Ok(Grant {
                scope: self.scope,
                by: Some((self.user, self.username.clone())),
                role: self.role,
                at: self.at,
                branches: self.branches.clone(),
                _p: PhantomData,
            }),
        }
    }

    #[must_use]
    pub fn can(&self, p: Permission) -> bool {
        self.role.grants(p)
    }
}
