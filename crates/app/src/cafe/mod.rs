//! The café floor's use cases: setting up tables and stations (`cafe.manage`); the floor with
//! running timers and open amounts, orders and play sessions (`cafe.order`: waiters too);
//! voiding an order before it is served (`cafe.void`); payments, links, merges and splits
//! (`cafe.settle`); the café report (`reports.read`). Each write answers with what it
//! changed, read back.

mod floor;
mod report;

use mizan_domain::cafe::BillStatus;
use mizan_domain::staff::perm;
use mizan_domain::{BillId, OrderId, PlaceId, PlaySessionId, ProductId};
use mizan_store::{
    BillHead, BillRecord, Command, Idempotency, NewPlace, OrderTarget, Place, PlaceChanges,
    PlayAction, PlaySession, SplitPart, TabMethod,
};
use serde::Serialize;

pub use floor::{Floor, FloorEntry, Running};
pub use report::CafeReport;

use crate::master::{found, written};
use crate::{AppError, Grant, Mizan};

/// A bill with where it stands now.
#[derive(Debug, Clone, Serialize)]
pub struct BillView {
    pub record: BillRecord,
    pub status: BillStatus,
}

/// The status of bill `head` at `now_ms`.
#[must_use]
pub fn status_of(head: &BillHead, now_ms: i64) -> BillStatus {
    BillStatus::of(
        head.total,
        head.paid,
        head.due_at_ms,
        head.merged_into.is_some(),
        now_ms,
    )
}

/// An order to add.
#[derive(Debug, Clone)]
pub struct OrderInput {
    pub target: OrderTarget,
    pub product: ProductId,
    pub qty: i64,
    pub served: bool,
    pub note: Option<String>,
}

impl Mizan {
    /// # Errors
    /// `duplicate_name`, an unknown warehouse, an invalid rate plan, or a store failure.
    pub async fn create_place(
        &self,
        g: &Grant<perm::CafeManage>,
        idempotency: Option<Idempotency>,
        place: NewPlace,
    ) -> Result<Place, AppError> {
        let w = self
            .write(g, idempotency, Command::CreatePlace(place))
            .await?;
        written(self.store.place(g.scope(), PlaceId(w.id)).await?, "place")
    }

    /// Changes a table or station, or retires it (`place_in_use` while a bill is open on it or
    /// a session plays there).
    ///
    /// # Errors
    /// An unknown place, `duplicate_name`, an invalid rate plan, `place_in_use`, or a store
    /// failure.
    pub async fn update_place(
        &self,
        g: &Grant<perm::CafeManage>,
        idempotency: Option<Idempotency>,
        place: PlaceId,
        changes: PlaceChanges,
    ) -> Result<Place, AppError> {
        self.write(g, idempotency, Command::UpdatePlace { place, changes })
            .await?;
        written(self.store.place(g.scope(), place).await?, "place")
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn place(&self, g: &Grant<perm::CafeOrder>, id: PlaceId) -> Result<Place, AppError> {
        found(self.store.place(g.scope(), id).await?, "place")
    }

    /// # Errors
    /// A store failure.
    pub async fn places(&self, g: &Grant<perm::CafeOrder>) -> Result<Vec<Place>, AppError> {
        Ok(self.store.places(g.scope()).await?)
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn bill(&self, g: &Grant<perm::CafeOrder>, id: BillId) -> Result<BillView, AppError> {
        let record = found(self.store.bill(g.scope(), id).await?, "bill")?;
        let status = status_of(&record.head, self.now_ms());
        Ok(BillView { record, status })
    }

    /// Bills newest first (only those still open when `open`), with their status.
    ///
    /// # Errors
    /// A store failure.
    pub async fn bills(
        &self,
        g: &Grant<perm::CafeOrder>,
        open: bool,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<(BillHead, BillStatus)>, AppError> {
        let now = self.now_ms();
        Ok(self
            .store
            .bills(g.scope(), open, before, limit)
            .await?
            .into_iter()
            .map(|b| {
                let s = status_of(&b, now);
                (b, s)
            })
            .collect())
    }

    /// # Errors
    /// `not_found`, or a store failure.
    pub async fn play_session(
        &self,
        g: &Grant<perm::CafeOrder>,
        id: PlaySessionId,
    ) -> Result<PlaySession, AppError> {
        found(
            self.store.play_session(g.scope(), id).await?,
            "play session",
        )
    }

    /// Starts a play session on a free station.
    ///
    /// # Errors
    /// An unknown station, `station_busy`, or a store failure.
    pub async fn start_play(
        &self,
        g: &Grant<perm::CafeOrder>,
        idempotency: Option<Idempotency>,
        station: PlaceId,
    ) -> Result<PlaySession, AppError> {
        let cmd = Command::StartPlay {
            station,
            by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        written(
            self.store
                .play_session(g.scope(), PlaySessionId(w.id))
                .await?,
            "play session",
        )
    }

    /// Pauses, resumes or stops a play session (stopping twice answers the first stop).
    ///
    /// # Errors
    /// An unknown session, `session_stopped`, a period lock, or a store failure.
    pub async fn time_play(
        &self,
        g: &Grant<perm::CafeOrder>,
        idempotency: Option<Idempotency>,
        session: PlaySessionId,
        action: PlayAction,
    ) -> Result<PlaySession, AppError> {
        let cmd = Command::TimePlay {
            session,
            action,
            by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        self.write(g, idempotency, cmd).await?;
        written(
            self.store.play_session(g.scope(), session).await?,
            "play session",
        )
    }

    /// Opens a bill at a table (or answers its newest unpaid one).
    ///
    /// # Errors
    /// An unknown table, or a store failure.
    pub async fn open_tab(
        &self,
        g: &Grant<perm::CafeOrder>,
        idempotency: Option<Idempotency>,
        table: PlaceId,
    ) -> Result<BillView, AppError> {
        let cmd = Command::OpenTab {
            table,
            by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        self.settled(g, idempotency, cmd).await
    }

    /// Adds an order; answers the bill it joined.
    ///
    /// # Errors
    /// An unknown bill, table, session or product, `bill_merged`, `bill_closed`, stock short
    /// when served at once, or a store failure.
    pub async fn add_order(
        &self,
        g: &Grant<perm::CafeOrder>,
        idempotency: Option<Idempotency>,
        o: OrderInput,
    ) -> Result<BillView, AppError> {
        let cmd = Command::AddOrder {
            target: o.target,
            product: o.product,
            qty: o.qty,
            served: o.served,
            note: o.note,
            by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        let w = self.write(g, idempotency, cmd).await?;
        self.bill_of_order(g.scope(), w.id).await
    }

    /// Serves a pending order: its charge posts.
    ///
    /// # Errors
    /// An unknown order, `order_not_pending`, `insufficient_stock`, or a store failure.
    pub async fn serve_order(
        &self,
        g: &Grant<perm::CafeOrder>,
        idempotency: Option<Idempotency>,
        order: OrderId,
    ) -> Result<BillView, AppError> {
        let cmd = Command::ServeOrder {
            order,
            now_ms: self.now_ms(),
        };
        self.write(g, idempotency, cmd).await?;
        self.bill_of_order(g.scope(), order.0).await
    }

    /// Voids an order not yet served.
    ///
    /// # Errors
    /// An unknown order, `order_not_pending`, a missing reason, or a store failure.
    pub async fn void_order(
        &self,
        g: &Grant<perm::CafeVoid>,
        idempotency: Option<Idempotency>,
        order: OrderId,
        reason: String,
    ) -> Result<BillView, AppError> {
        let cmd = Command::VoidOrder {
            order,
            reason,
            by: g.username().to_owned(),
        };
        self.write(g, idempotency, cmd).await?;
        self.bill_of_order(g.scope(), order.0).await
    }

    async fn bill_of_order(
        &self,
        scope: &mizan_store::TenantScope,
        order: i64,
    ) -> Result<BillView, AppError> {
        let bill = written(self.store.order_bill(scope, OrderId(order)).await?, "order")?;
        let record = written(self.store.bill(scope, bill).await?, "bill")?;
        let status = status_of(&record.head, self.now_ms());
        Ok(BillView { record, status })
    }

    async fn settled<P: mizan_domain::staff::Perm>(
        &self,
        g: &Grant<P>,
        idempotency: Option<Idempotency>,
        cmd: Command,
    ) -> Result<BillView, AppError> {
        let w = self.write(g, idempotency, cmd).await?;
        let bill = match w.kind {
            mizan_store::ResourceKind::BillPayment => {
                written(self.store.payment_bill(g.scope(), w.id).await?, "payment")?
            }
            _ => BillId(w.id),
        };
        let record = written(self.store.bill(g.scope(), bill).await?, "bill")?;
        let status = status_of(&record.head, self.now_ms());
        Ok(BillView { record, status })
    }

    /// Pays part or all of what a bill has open; answers the bill.
    ///
    /// # Errors
    /// `payment_exceeds_remaining`, `bill_merged`, `no_open_session`, an unknown register,
    /// `cafe_on_account_unavailable`, or a store failure.
    pub async fn pay_bill(
        &self,
        g: &Grant<perm::CafeSettle>,
        idempotency: Option<Idempotency>,
        bill: BillId,
        amount: i64,
        method: TabMethod,
    ) -> Result<BillView, AppError> {
        // A café bill on a customer's account would owe outside the open items that customer
        // statements, aging and payment allocation work from (and that `mizan check` holds
        // equal to the customers account): refused until they carry café bills too.
        if matches!(method, TabMethod::Customer(_)) {
            return Err(AppError::Conflict {
                code: "cafe_on_account_unavailable",
                message: "a café bill cannot go on a customer's account yet: take cash or card"
                    .to_owned(),
            });
        }
        let cmd = Command::PayBill {
            bill,
            amount,
            method,
            by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        self.settled(g, idempotency, cmd).await
    }

    /// Links a play session to a table; answers the bill the session is now on.
    ///
    /// # Errors
    /// An unknown session or table, `bill_merged`, `bill_closed`, or a store failure.
    pub async fn link_session(
        &self,
        g: &Grant<perm::CafeSettle>,
        idempotency: Option<Idempotency>,
        session: PlaySessionId,
        table: PlaceId,
    ) -> Result<BillView, AppError> {
        let cmd = Command::LinkSession {
            session,
            table,
            by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        self.settled(g, idempotency, cmd).await
    }

    /// Merges bill `from` into bill `into`; answers `into`.
    ///
    /// # Errors
    /// An unknown bill, `bill_merged`, `bill_closed`, or a store failure.
    pub async fn merge_bills(
        &self,
        g: &Grant<perm::CafeSettle>,
        idempotency: Option<Idempotency>,
        from: BillId,
        into: BillId,
    ) -> Result<BillView, AppError> {
        let cmd = Command::MergeBills {
            from,
            into,
            by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        self.settled(g, idempotency, cmd).await
    }

    /// Splits charges or an amount off a bill; answers the new bill.
    ///
    /// # Errors
    /// An unknown bill, an invalid split, `bill_merged`, `bill_closed`, or a store failure.
    pub async fn split_bill(
        &self,
        g: &Grant<perm::CafeSettle>,
        idempotency: Option<Idempotency>,
        bill: BillId,
        part: SplitPart,
    ) -> Result<BillView, AppError> {
        let cmd = Command::SplitBill {
            bill,
            part,
            by: g.username().to_owned(),
            now_ms: self.now_ms(),
        };
        self.settled(g, idempotency, cmd).await
    }

    /// Sets when a kept tab is due and adds a note.
    ///
    /// # Errors
    /// An unknown bill, `bill_merged`, `bill_closed`, or a store failure.
    pub async fn update_bill(
        &self,
        g: &Grant<perm::CafeSettle>,
        idempotency: Option<Idempotency>,
        bill: BillId,
        due_ms: Option<Option<i64>>,
        note: Option<String>,
    ) -> Result<BillView, AppError> {
        let cmd = Command::UpdateBill { bill, due_ms, note };
        self.settled(g, idempotency, cmd).await
    }
}
