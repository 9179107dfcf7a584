//! `TenantScope`: proof that a caller was authenticated for one tenant. Every store call takes
//! one; only this crate can make one (from a token lookup or tenant creation), so no query can
//! run unscoped.

use mizan_domain::TenantId;

/// A tenant the caller is authenticated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantScope {
    tenant: TenantId,
}

impl TenantScope {
    pub(crate) fn new(tenant: TenantId) -> Self {
        Self { tenant }
    }

    #[must_use]
    pub fn tenant(&self) -> TenantId {
        self.tenant
    }

    pub(crate) fn id(&self) -> i64 {
        self.tenant.0
    }
}
