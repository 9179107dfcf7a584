//! Applying one `Command` in the writer's transaction, on either database: the idempotency
//! record, the period lock every posting obeys, dispatch to the aggregate that owns the command,
//! and the write's audit row.

use mizan_domain::calendar::business_day;
use mizan_domain::journal::check_period;

use crate::cache::WriterState;
use crate::tx::{Tx, args};
use crate::{Author, Command, Idempotency, ResourceKind, TenantScope, WriteError, Written};

/// The stored answer to an idempotency key: (request hash, resource kind, resource id).
pub(crate) fn seen_key(
    tx: &mut dyn Tx,
    scope: TenantScope,
    idem: &Idempotency,
) -> Result<Option<(String, String, i64)>, WriteError> {
    Ok(tx.opt(
        "SELECT request_hash, resource_kind, resource_id FROM idempotency_keys
         WHERE tenant_id = $1 AND key = $2",
        args![scope.id(), &idem.key],
        |r| Ok((r.text(0)?, r.text(1)?, r.i64(2)?)),
    )?)
}

/// Applies `command` with its idempotency record. Whether the key was recorded before is asked
/// with the write's first round trip (a probe), and of the batch's own keys (`pending`); when
/// it was, the write is refused (`idempotency_key_taken`), its savepoint undoes everything it
/// did, and the store answers with the first result (see `Db::write`). Otherwise the key is
/// recorded as the batch commits; one that another process recorded meanwhile breaks the
/// unique key, which re-runs the batch (and then the probe sees it).
pub(crate) fn execute(
    tx: &mut dyn Tx,
    state: &mut WriterState,
    scope: TenantScope,
    by: &Author,
    idempotency: Option<&Idempotency>,
    command: &Command,
) -> Result<Written, WriteError> {
    if let Some(idem) = idempotency
        && state.pending.has_key(scope.id(), &idem.key)
    {
        return Err(key_taken());
    }
    let seen = match idempotency {
        Some(idem) => Some(tx.probe(
            "SELECT 1 FROM idempotency_keys WHERE tenant_id = $1 AND key = $2",
            args![scope.id(), &idem.key],
        )?),
        None => None,
    };
    let written = apply(tx, state, scope, command)?;
    if let Some(action) = command.action()
        && !written.replayed
    {
        crate::audit::write::record(tx, scope.id(), by, action, &written)?;
    }
    if let (Some(idem), Some(seen)) = (idempotency, seen) {
        if seen.found(tx)? {
            return Err(key_taken());
        }
        state.pending.record_key(
            scope.id(),
            &idem.key,
            (
                idem.request_hash.clone(),
                written.kind.as_str().to_owned(),
                written.id,
            ),
        );
    }
    Ok(written)
}

fn key_taken() -> WriteError {
    WriteError::Conflict {
        code: "idempotency_key_taken",
        message: "this Idempotency-Key was used before".into(),
    }
}

/// What every write works with: the transaction, the writer's caches and the tenant.
pub(crate) struct Posting<'a> {
    pub tx: &'a mut dyn Tx,
    pub state: &'a mut WriterState,
    /// The tenant's id.
    pub t: i64,
}

impl Posting<'_> {
    /// The account of `role` in the tenant's chart.
    pub(crate) fn role(&mut self, role: &str) -> Result<mizan_domain::AccountId, WriteError> {
        Ok(self.state.role(self.tx, self.t, role)?)
    }

    /// Register `id`'s drawer account and branch, when it exists (cached by the writer).
    pub(crate) fn register(&mut self, id: i64) -> Result<Option<(i64, Option<i64>)>, WriteError> {
        let key = (self.t, id);
        if let Some(row) = self.state.registers.get(&key) {
            return Ok(Some(*row));
        }
        let found = self.tx.opt(
            "SELECT account_id, branch_id FROM cash_registers WHERE tenant_id = $1 AND id = $2",
            args![self.t, id],
            |r| Ok((r.i64(0)?, r.opt_i64(1)?)),
        )?;
        if let Some(row) = found {
            self.state.registers.insert(key, row);
        }
        Ok(found)
    }

    /// Warehouse `id`'s branch, when the warehouse exists (cached by the writer).
    pub(crate) fn warehouse(&mut self, id: i64) -> Result<Option<Option<i64>>, WriteError> {
        let key = (self.t, id);
        if let Some(branch) = self.state.warehouses.get(&key) {
            return Ok(Some(*branch));
        }
        let found = self.tx.opt(
            "SELECT branch_id FROM warehouses WHERE tenant_id = $1 AND id = $2",
            args![self.t, id],
            |r| r.opt_i64(0),
        )?;
        if let Some(branch) = found {
            self.state.warehouses.insert(key, branch);
        }
        Ok(found)
    }

    /// The tenant's posting settings.
    pub(crate) fn settings(&mut self) -> Result<crate::cache::TenantSettings, WriteError> {
        Ok(self.state.settings(self.tx, self.t)?)
    }
}

fn apply(
    tx: &mut dyn Tx,
    state: &mut WriterState,
    scope: TenantScope,
    command: &Command,
) -> Result<Written, WriteError> {
    use crate::{cafe, catalog, sales, sessions, staff, stock, tenants};
    let p = &mut Posting {
        tx,
        state,
        t: scope.id(),
    };
    if let Some(at) = command.posts_at() {
        let s = p.settings()?;
        check_period(business_day(at, s.utc_offset_minutes), s.lock_day)?;
    }
    match command {
        Command::CreateBranch { name } => catalog::write::create_branch(p, name),
        Command::CreateWarehouse {
            branch_id,
            code,
            name,
        } => catalog::write::create_warehouse(p, *branch_id, code, name),
        Command::CreateCashRegister { branch_id, name } => {
            catalog::write::create_cash_register(p, *branch_id, name)
        }
        Command::CreateCustomer {
            name,
            phone,
            credit_limit,
        } => catalog::write::create_customer(p, name, phone.as_deref(), *credit_limit),
        Command::SetCreditLimit {
            customer,
            credit_limit,
        } => catalog::write::set_credit_limit(p, *customer, *credit_limit),
        Command::UpdateSettings(changes) => tenants::write::update_settings(p, changes),
        Command::CreateProduct(product) => catalog::write::create_product(p, product),
        Command::UpdateProduct { product, changes } => {
            catalog::write::update_product(p, *product, changes)
        }
        Command::PostOpeningStock {
            warehouse,
            product,
            qty,
            unit_cost,
            rolls,
            now_ms,
        } => stock::write::post_opening_stock(
            p,
            &stock::write::OpeningStock {
                warehouse: *warehouse,
                product: *product,
                qty: *qty,
                unit_cost: *unit_cost,
                rolls,
                now_ms: *now_ms,
            },
        ),
        Command::CreateSale {
            draft,
            complete,
            cashier,
            terms,
            now_ms,
        } => sales::write::create_sale(p, draft, complete.as_ref(), cashier, terms, *now_ms),
        Command::CompleteSale {
            sale,
            payments,
            session,
            now_ms,
        } => sales::write::complete_sale(p, *sale, payments.as_ref(), *session, *now_ms),
        Command::DiscardSale { sale } => sales::write::discard_sale(p, *sale),
        Command::OpenSession {
            register,
            float,
            user,
            now_ms,
        } => sessions::write::open_session(p, *register, *float, user, *now_ms),
        Command::MoveCash {
            session,
            movement,
            account,
            user,
            now_ms,
        } => sessions::write::move_cash(
            p,
            &sessions::write::CashMove {
                session: *session,
                movement,
                account: *account,
                user,
                now_ms: *now_ms,
            },
        ),
        Command::CloseSession {
            session,
            counted,
            user,
            now_ms,
        } => sessions::write::close_session(p, *session, counted, user, *now_ms),
        Command::CreateUser(u) => staff::write::create_user(p, u),
        Command::UpdateUser { user, changes } => staff::write::update_user(p, *user, changes),
        Command::IssueToken(k) => staff::write::issue_token(p, k),
        Command::RevokeToken {
            token,
            owner,
            now_ms,
        } => staff::write::revoke_token(p, *token, *owner, *now_ms),
        Command::TouchToken { token, now_ms } => staff::write::touch_token(p, *token, *now_ms),
        Command::SignedIn { token, replaces } => {
            staff::write::signed_in(p, token, replaces.as_deref())
        }
        Command::FailedSignIn(f) => staff::write::failed_sign_in(p, f),
        Command::RegisterDevice(d) => staff::devices::register(p, d),
        Command::RevokeDevice { device, now_ms } => staff::devices::revoke(p, *device, *now_ms),
        Command::RecordRefusal { .. } => Ok(Written::created(ResourceKind::Refusal, 0)),
        Command::CreateReturn {
            sale,
            draft,
            returned_by,
            now_ms,
        } => crate::returns::write::create_return(p, *sale, draft, returned_by, *now_ms),
        Command::VoidSale {
            sale,
            reason,
            voided_by,
            now_ms,
        } => crate::returns::void::void_sale(p, *sale, reason, voided_by, *now_ms),
        Command::CreateSupplier {
            name,
            phone,
            tax_number,
        } => crate::purchases::write::create_supplier(
            p,
            name,
            phone.as_deref(),
            tax_number.as_deref(),
        ),
        Command::CreatePurchase {
            draft,
            received_by,
            now_ms,
        } => crate::purchases::write::create_purchase(p, draft, received_by, *now_ms),
        Command::CreatePurchaseReturn {
            purchase,
            draft,
            returned_by,
            now_ms,
        } => crate::purchases::write::create_purchase_return(
            p,
            *purchase,
            draft,
            returned_by,
            *now_ms,
        ),
        Command::PaySupplier {
            payment,
            paid_by,
            now_ms,
        } => crate::payments::write::pay_supplier(p, payment, paid_by, *now_ms),
        Command::ReceiveCustomerPayment {
            payment,
            received_by,
            now_ms,
        } => crate::payments::write::receive_customer_payment(p, payment, received_by, *now_ms),
        Command::TransferStock {
            transfer,
            moved_by,
            now_ms,
        } => crate::stock::moves::transfer(p, transfer, moved_by, *now_ms),
        Command::CountStock {
            count,
            counted_by,
            now_ms,
        } => crate::stock::moves::count(p, count, counted_by, *now_ms),
        Command::PostManualEntry {
            entry,
            posted_by,
            now_ms,
        } => crate::ledger::manual::post(p, entry, posted_by, *now_ms),
        Command::SetLockDay { lock_day } => crate::ledger::manual::set_lock_day(p, *lock_day),
        Command::CreateAccount(a) => crate::ledger::accounts::create(p, a),
        Command::RenameAccount { account, names } => {
            crate::ledger::accounts::rename(p, *account, names)
        }
        Command::PostOpeningBalance {
            balance,
            posted_by,
            now_ms,
        } => crate::ledger::openings::post(p, balance, posted_by, *now_ms),
        Command::CreatePlace(n) => cafe::floor::create_place(p, n),
        Command::UpdatePlace { place, changes } => cafe::floor::update_place(p, *place, changes),
        Command::StartPlay {
            station,
            by,
            now_ms,
        } => cafe::floor::start_play(p, *station, by, *now_ms),
        Command::TimePlay {
            session,
            action,
            by,
            now_ms,
        } => cafe::floor::time_play(p, *session, *action, by, *now_ms),
        Command::AddOrder {
            target,
            product,
            qty,
            served,
            note,
            by,
            now_ms,
        } => cafe::tabs::add_order(
            p,
            &cafe::tabs::NewOrder {
                target: *target,
                product: *product,
                qty: *qty,
                served: *served,
                note: note.as_deref(),
                by,
                now_ms: *now_ms,
            },
        ),
        Command::OpenTab { table, by, now_ms } => cafe::tabs::open_tab(p, *table, by, *now_ms),
        Command::ServeOrder { order, now_ms } => cafe::tabs::serve_order(p, order.0, *now_ms),
        Command::VoidOrder { order, reason, by } => cafe::tabs::void_order(p, order.0, reason, by),
        Command::PayBill {
            bill,
            amount,
            method,
            by,
            now_ms,
        } => cafe::tabs::pay_bill(
            p,
            &cafe::tabs::TabPayment {
                bill: *bill,
                amount: *amount,
                method: *method,
                by,
                now_ms: *now_ms,
            },
        ),
        Command::LinkSession {
            session,
            table,
            by,
            now_ms,
        } => cafe::merge::link_session(p, *session, *table, by, *now_ms),
        Command::MergeBills {
            from,
            into,
            by,
            now_ms,
        } => cafe::merge::merge_bills(p, *from, *into, by, *now_ms),
        Command::SplitBill {
            bill,
            part,
            by,
            now_ms,
        } => cafe::merge::split_bill(p, *bill, part, by, *now_ms),
        Command::UpdateBill { bill, due_ms, note } => {
            cafe::merge::update_bill(p, *bill, *due_ms, note.as_deref())
        }
        Command::CreateCuttingOrder(o) => crate::workshop::cutting::create_order(p, o),
        Command::CreateInstallationTeam {
            name,
            members,
            now_ms,
        } => crate::workshop::installations::create_team(p, name, members, *now_ms),
        Command::ScheduleInstallation(n) => crate::workshop::installations::schedule(p, n),
        Command::MoveInstallation(m) => crate::workshop::installations::move_to(p, m),
        Command::WriteOffRoll {
            roll,
            reason,
            now_ms,
        } => crate::workshop::write_off::write_off(
            p,
            &crate::workshop::write_off::WriteOff {
                roll: *roll,
                reason,
                now_ms: *now_ms,
            },
        ),
        Command::StepCuttingItem {
            item,
            action,
            reason,
            by,
            now_ms,
        } => crate::workshop::cutting::step(
            p,
            &crate::workshop::cutting::ItemStep {
                item: *item,
                action: *action,
                reason: reason.as_deref(),
                by,
                now_ms: *now_ms,
            },
        ),
    }
}
