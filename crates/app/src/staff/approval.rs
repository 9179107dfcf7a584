//! A manager's approval at the till: one action beyond the seller's role (a larger discount,
//! another price) goes through when a person whose role allows it types their own credentials
//! at the same till. A wrong password counts against that person's account as a failed
//! sign-in does; the write's audit row names the approver.

use mizan_domain::staff::{Perm, Role};

use super::Grant;
use super::sign_in::Attempt;
use crate::{AppError, Mizan};

/// Credentials typed at the till to approve one action.
#[derive(Debug, Clone)]
pub struct Approval {
    pub username: String,
    pub password: String,
}

/// Who approved, in which role.
#[derive(Debug, Clone)]
pub(crate) struct Approver {
    pub role: &'static Role,
    pub username: String,
}

impl Approver {
    /// What the write's audit row says of the approval.
    pub fn note(&self) -> String {
        format!("approved by {} ({})", self.username, self.role.name)
    }
}

impl Mizan {
    /// Checks an approval typed at the till where `g`'s holder works.
    ///
    /// # Errors
    /// `approval_refused` for wrong credentials or an approver who does not work in the
    /// till's branch; `account_locked` while the approver's account waits; a store failure.
    pub(crate) async fn approver<P: Perm>(
        &self,
        g: &Grant<P>,
        a: &Approval,
    ) -> Result<Approver, AppError> {
        let attempt = Attempt {
            username: &a.username,
            password: &a.password,
            client: "",
        };
        let (_turn, _, record, role) = match self.verified(g.scope().tenant(), &attempt).await {
            Ok(found) => found,
            Err(AppError::InvalidCredentials { .. }) => {
                return Err(AppError::ApprovalRefused {
                    reason: "wrong user name or password",
                });
            }
            Err(e) => return Err(e),
        };
        let branches = &record.user.branches;
        if let Some(branch) = g.branch()
            && !branches.is_empty()
            && !branches.contains(&branch)
        {
            return Err(AppError::ApprovalRefused {
                reason: "the approver does not work in this till's branch",
            });
        }
        Ok(Approver {
            role,
            username: record.user.username,
        })
    }
}
