//! What `post_sale` needs, read inside the writer's transaction: the products, warehouses and
//! register (through the writer's caches), the stock levels (locked, in order, when the sale is
//! about to be posted), the session, the customer's credit (locked when credit is used), the
//! accounts and settings.

use mizan_domain::sales::{
    CustomerCredit, PaymentMethod, ProductPolicy, RegisterPolicy, SaleAccounts, SaleDraft,
    SaleSnapshot, SessionState, Settlement,
};
use mizan_domain::{BranchId, CashRegisterId, CashierSessionId, CustomerId};

use crate::WriteError;
use crate::catalog::policies::{product_lookup, product_row};
use crate::tx::{Arg, Backend, Query, Row, Tx, args, next_ids_query};
use crate::write::Posting;

/// Whether a settlement puts anything on the customer's account.
fn uses_credit(settlement: &Settlement) -> bool {
    match settlement {
        Settlement::Whole(m) => *m == PaymentMethod::Credit,
        Settlement::Payments(p) => p.get().iter().any(|p| p.method == PaymentMethod::Credit),
        Settlement::Unpaid => false,
    }
}

/// A sale about to be posted: how it is settled, when, and whether its row is still to be
/// inserted (a new sale) or exists (a draft).
pub(crate) struct Completing<'a> {
    pub settlement: &'a Settlement,
    pub now_ms: i64,
    pub new_sale: bool,
}

/// What a posting takes before it writes, read with the snapshot: the sale's number, and the
/// ids of its row (a new sale) and of its journal entry, so that nothing it writes afterwards
/// needs an answer.
pub(crate) struct Reserved {
    pub number: String,
    pub sale_id: Option<i64>,
    pub entry_id: i64,
}

/// The snapshot of `draft`; with `posting`, the rows the posting will change are locked and
/// its number and ids taken. What the writer's caches lack (products), the stock levels, the
/// session, the number and the ids are read in one go (one round trip on PostgreSQL), each by
/// its primary key.
pub(crate) fn load(
    p: &mut Posting<'_>,
    draft: &SaleDraft,
    completing: Option<&Completing<'_>>,
) -> Result<(SaleSnapshot, Option<Reserved>), WriteError> {
    let posting = completing.map(|c| c.settlement);
    let t = p.t;
    let series = completing.map(|c| crate::ledger::write::series("INV", c.now_ms));
    // A series the batch numbered already counts on in the writer (its row is locked).
    let mut taken = series
        .as_ref()
        .and_then(|s| p.state.pending.next_number(t, s));
    let bumped_before = taken.is_some();
    let number_args: Vec<Arg<'_>> = match &series {
        Some(s) => vec![t.into(), s.as_str().into()],
        None => Vec::new(),
    };
    let (mut sale_id, mut entry_id) = (None, None);
    let mut snap = SaleSnapshot::default();
    let missing = cached_products(p, draft, &mut snap);
    let mut pairs: Vec<_> = draft
        .lines()
        .iter()
        .map(|l| (l.get().warehouse, l.get().product))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let (product_sql, product_args) = product_lookup(p.tx, t, &missing);
    // Levels an earlier write of the batch changed are known (and locked); the rest are read.
    let unread = crate::stock::write::pending_levels(p, &pairs, &mut snap.levels);
    let levels_lookup = crate::stock::write::LevelLookup::new(p.tx, t, &unread, posting.is_some());
    let level_args = levels_lookup.args();
    let session_q = draft
        .register()
        .map(|r| session_query(p.tx, t, r, draft.session(), posting.is_some()));
    let mut found: Vec<(i64, ProductPolicy)> = Vec::new();
    let mut session: Option<SessionState> = None;
    {
        let found_cell = std::cell::RefCell::new(&mut found);
        let mut on_product: Vec<_> = product_args
            .iter()
            .map(|_| {
                |r: &dyn Row| {
                    found_cell.borrow_mut().push(product_row(r)?);
                    Ok(())
                }
            })
            .collect();
        let levels = std::cell::RefCell::new(&mut snap.levels);
        let mut on_level: Vec<_> = level_args
            .iter()
            .map(|_| {
                |r: &dyn Row| {
                    let (key, level) = crate::stock::write::level_row(r)?;
                    levels.borrow_mut().insert(key, level);
                    Ok(())
                }
            })
            .collect();
        let mut on_session = |r: &dyn Row| {
            session = Some(SessionState {
                id: CashierSessionId(r.i64(0)?),
                register: CashRegisterId(r.i64(1)?),
                open: r.text(2)? == "open",
            });
            Ok(())
        };
        let mut queries = Vec::with_capacity(4 + product_args.len() + level_args.len());
        for (args, each) in product_args.iter().zip(on_product.iter_mut()) {
            queries.push(Query {
                sql: product_sql,
                args,
                each,
            });
        }
        for (args, each) in level_args.iter().zip(on_level.iter_mut()) {
            queries.push(Query {
                sql: levels_lookup.sql(),
                args,
                each,
            });
        }
        let mut on_number = |r: &dyn Row| {
            taken = Some(r.i64(0)?);
            Ok(())
        };
        let mut on_ids = |r: &dyn Row| {
            sale_id = r.opt_i64(0)?;
            entry_id = Some(r.i64(1)?);
            Ok(())
        };
        if let Some(c) = completing {
            if !bumped_before {
                queries.push(Query {
                    sql: crate::ledger::write::NEXT_NUMBER,
                    args: &number_args,
                    each: &mut on_number,
                });
            }
            queries.push(Query {
                sql: next_ids_query(p.tx, c.new_sale),
                args: &[],
                each: &mut on_ids,
            });
        }
        // After the number: the rows every sale shares are locked in one order.
        if let Some((sql, args)) = &session_q {
            queries.push(Query {
                sql,
                args,
                each: &mut on_session,
            });
        }
        p.tx.query_all(&mut queries)?;
    }
    if let (Some(series), None) = (&series, taken) {
        taken = Some(crate::ledger::write::start_number(p.tx, t, series)?);
    }
    if let (Some(series), Some(n), false) = (&series, taken, bumped_before) {
        p.state.pending.bumped_number(t, series, n);
    }
    let reserved = match (&series, taken, entry_id) {
        (Some(series), Some(n), Some(entry_id)) => Some(Reserved {
            number: crate::ledger::write::number(series, n),
            sale_id,
            entry_id,
        }),
        (None, _, _) => None,
        _ => return Err(crate::StoreError::Corrupt("no number or id was taken".into()).into()),
    };
    for (id, policy) in found {
        p.state.products.insert((t, id), policy.clone());
        snap.products.insert(mizan_domain::ProductId(id), policy);
    }
    for line in draft.lines() {
        let l = line.get();
        if !snap.warehouses.contains(&l.warehouse) && p.warehouse(l.warehouse.0)?.is_some() {
            snap.warehouses.push(l.warehouse);
        }
    }
    // Without a register, the sale counts for the branch of its first line's warehouse.
    if draft.register().is_none()
        && let Some(first) = draft.lines().first()
    {
        snap.branch = p
            .warehouse(first.get().warehouse.0)?
            .flatten()
            .map(BranchId);
    }
    if posting.is_some() {
        let tracked: Vec<_> = pairs
            .iter()
            .filter(|(w, product)| {
                snap.warehouses.contains(w)
                    && snap.products.get(product).is_some_and(|p| p.tracks_stock)
            })
            .copied()
            .collect();
        crate::stock::write::lock_missing(p.tx, t, &tracked, &mut snap.levels)?;
    }
    snap.accounts = sale_accounts(p)?;
    snap.require_open_session = p.settings()?.require_open_session;
    if let Some(register) = draft.register()
        && let Some((account, branch)) = p.register(register.0)?
    {
        snap.register = Some(RegisterPolicy {
            account: mizan_domain::AccountId(account),
        });
        snap.branch = branch.map(BranchId);
        snap.session = session;
    }
    if let Some(customer) = draft.customer() {
        snap.customer = customer_credit(p, customer, posting.is_some_and(uses_credit))?;
    }
    Ok((snap, reserved))
}

/// The draft's products the writer has cached go into the snapshot; the ids of the rest.
fn cached_products(p: &Posting<'_>, draft: &SaleDraft, snap: &mut SaleSnapshot) -> Vec<i64> {
    let mut missing: Vec<i64> = Vec::new();
    for line in draft.lines() {
        let id = line.get().product;
        if let Some(policy) = p.state.products.get(&(p.t, id.0)) {
            snap.products.insert(id, policy.clone());
        } else if !missing.contains(&id.0) {
            missing.push(id.0);
        }
    }
    missing
}

/// The query for the session the client named, or else the register's open session; locked
/// (PostgreSQL: `FOR UPDATE`) when the sale is about to be added to its totals, so that the
/// session cannot close before the sale commits.
fn session_query(
    tx: &dyn Tx,
    t: i64,
    register: CashRegisterId,
    named: Option<CashierSessionId>,
    lock: bool,
) -> (&'static str, Vec<Arg<'static>>) {
    let lock = lock && tx.backend() == Backend::Postgres;
    match (named, lock) {
        (Some(s), false) => (
            "SELECT id, cash_register_id, status FROM cashier_sessions
             WHERE tenant_id = $1 AND id = $2",
            vec![t.into(), s.0.into()],
        ),
        (Some(s), true) => (
            "SELECT id, cash_register_id, status FROM cashier_sessions
             WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
            vec![t.into(), s.0.into()],
        ),
        (None, false) => (
            "SELECT id, cash_register_id, status FROM cashier_sessions
             WHERE tenant_id = $1 AND cash_register_id = $2 AND status = 'open'",
            vec![t.into(), register.0.into()],
        ),
        (None, true) => (
            "SELECT id, cash_register_id, status FROM cashier_sessions
             WHERE tenant_id = $1 AND cash_register_id = $2 AND status = 'open' FOR UPDATE",
            vec![t.into(), register.0.into()],
        ),
    }
}

/// `Some(branch)` when the warehouse exists.
/// The customer's balance and limit; with `lock`, locked (the balance is about to change).
fn customer_credit(
    p: &mut Posting<'_>,
    c: CustomerId,
    lock: bool,
) -> Result<Option<CustomerCredit>, WriteError> {
    let sql = "SELECT balance, credit_limit FROM customers WHERE tenant_id = $1 AND id = $2";
    let row = |r: &dyn crate::tx::Row| {
        Ok(CustomerCredit {
            balance: r.i64(0)?,
            limit: r.opt_i64(1)?,
        })
    };
    Ok(if lock {
        p.tx.lock_row(sql, args![p.t, c.0], row)?
    } else {
        p.tx.opt(sql, args![p.t, c.0], row)?
    })
}

/// The accounts a sale posts to, from the tenant's role accounts.
fn sale_accounts(p: &mut Posting<'_>) -> Result<Option<SaleAccounts>, WriteError> {
    let roles = p.state.role_accounts(p.tx, p.t)?;
    let role = |name: &str| roles.get(name).copied().map(mizan_domain::AccountId);
    Ok((|| {
        Some(SaleAccounts {
            customers: role("customers")?,
            revenue: role("sales_revenue")?,
            vat: role("vat_payable")?,
            cogs: role("cogs")?,
            inventory: role("inventory")?,
            card: role("card_clearing")?,
            bank: role("bank")?,
        })
    })())
}
