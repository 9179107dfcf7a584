//! Cashier sessions (shifts): open one on a register with a float, pay cash in or out, close it
//! with the counted cash, and read sessions, each under the cashier's rules: her own sessions
//! unless her role reaches everyone's (`sessions.read_all` to see, `sessions.close_any` to
//! close).

use mizan_domain::sessions::{CashMovementKind, CountedCash, NewCashMovement, OpeningFloat};
use mizan_domain::staff::{Perm, Permission, perm};
use mizan_domain::{AccountId, CashRegisterId, CashierSessionId};
use mizan_store::{CashierSession, Command, Idempotency, WriteError};

use crate::{AppError, Grant, Mizan};

/// A pay-in or payout as a client asks for it.
#[derive(Debug, Clone)]
pub struct CashMoveInput {
    pub kind: CashMovementKind,
    /// Minor units.
    pub amount: i64,
    pub reason: String,
    /// The other side; the main cash account (the safe) by default.
    pub account: Option<AccountId>,
}

/// A pay-in or payout as written, with the session after it.
#[derive(Debug, Clone)]
pub struct CashMoved {
    /// The movement's id.
    pub id: i64,
    pub movement: NewCashMovement,
    pub session: CashierSession,
}

const SESSION: AppError = AppError::NotFound {
    what: "cashier session",
};

/// A session the client named that does not exist: a store `not_found` about the session.
fn session_not_found(e: WriteError) -> AppError {
    match e {
        WriteError::NotFound { field } if field == "cashier_session" => SESSION,
        other => AppError::Write(other),
    }
}

impl Mizan {
    /// Opens a session on `register` with `float` (minor units) in the drawer.
    ///
    /// # Errors
    /// A negative float, or the store's refusal (an unknown register, one already open).
    pub async fn open_cashier_session(
        &self,
        g: &Grant<perm::SessionsOperate>,
        idempotency: Option<Idempotency>,
        register: CashRegisterId,
        float: i64,
    ) -> Result<CashierSession, AppError> {
        let cmd = Command::OpenSession {
            register,
            float: OpeningFloat::new(float).map_err(WriteError::from)?,
            user: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self
            .write(g, idempotency, cmd)
            .await
            .map_err(session_not_found)?;
        self.session_record(g, CashierSessionId(w.id)).await
    }

    /// Pays cash into or out of the drawer of open session `session`.
    ///
    /// # Errors
    /// A non-positive amount, an empty reason, an unknown or closed session, or the store's
    /// refusal.
    pub async fn move_cash(
        &self,
        g: &Grant<perm::CashMove>,
        idempotency: Option<Idempotency>,
        session: CashierSessionId,
        input: CashMoveInput,
    ) -> Result<CashMoved, AppError> {
        let movement = NewCashMovement::new(input.kind, input.amount, &input.reason)
            .map_err(WriteError::from)?;
        let cmd = Command::MoveCash {
            session,
            movement: movement.clone(),
            account: input.account,
            user: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self
            .write(g, idempotency, cmd)
            .await
            .map_err(session_not_found)?;
        Ok(CashMoved {
            id: w.id,
            movement,
            session: self.session_record(g, session).await?,
        })
    }

    /// Closes `session` with the cash counted in the drawer: `amount` (minor units), or the
    /// `denominations` (value in minor units, count) it was counted in. Closing a closed session
    /// again returns it as first closed.
    ///
    /// # Errors
    /// An unknown session, another cashier's without `sessions.close_any` (`forbidden`), an
    /// invalid count, or the store's refusal.
    pub async fn close_cashier_session(
        &self,
        g: &Grant<perm::SessionsOperate>,
        idempotency: Option<Idempotency>,
        session: CashierSessionId,
        amount: Option<i64>,
        denominations: Vec<(i64, i64)>,
    ) -> Result<CashierSession, AppError> {
        let open = self.session_record(g, session).await?;
        if open.opened_by != g.username() && !g.can(Permission::SessionsCloseAny) {
            return Err(AppError::Forbidden {
                permission: Permission::SessionsCloseAny,
            });
        }
        let counted = CountedCash::new(amount, denominations).map_err(WriteError::from)?;
        let cmd = Command::CloseSession {
            session,
            counted,
            user: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        self.write(g, idempotency, cmd)
            .await
            .map_err(session_not_found)?;
        self.session_record(g, session).await
    }

    /// A session the holder may see: one they opened, or any with `sessions.read_all`.
    ///
    /// # Errors
    /// `not_found`, `forbidden`, or a store failure.
    pub async fn cashier_session<P: Perm>(
        &self,
        g: &Grant<P>,
        id: CashierSessionId,
    ) -> Result<CashierSession, AppError> {
        let s = self.session_record(g, id).await?;
        g.may_see(&s.opened_by, Permission::SessionsReadAll)?;
        Ok(s)
    }

    /// The newest 200 sessions (below id `before`), of one register and only open ones when
    /// asked: the holder's own unless they may read everyone's.
    ///
    /// # Errors
    /// A store failure.
    pub async fn cashier_sessions<P: Perm>(
        &self,
        g: &Grant<P>,
        register: Option<CashRegisterId>,
        open_only: bool,
        before: Option<CashierSessionId>,
    ) -> Result<Vec<CashierSession>, AppError> {
        Ok(self
            .store
            .cashier_sessions(
                g.scope(),
                register,
                open_only,
                g.only_own(Permission::SessionsReadAll),
                before,
            )
            .await?)
    }

    /// A session as stored, whoever opened it.
    async fn session_record<P: Perm>(
        &self,
        g: &Grant<P>,
        id: CashierSessionId,
    ) -> Result<CashierSession, AppError> {
        self.store
            .cashier_session(g.scope(), id)
            .await?
            .ok_or(SESSION)
    }
}
