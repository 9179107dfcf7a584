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
use crate::tx::args;
use crate::write::Posting;

/// Whether a settlement puts anything on the customer's account.
fn uses_credit(settlement: &Settlement) -> bool {
    match settlement {
        Settlement::Whole(m) => *m == PaymentMethod::Credit,
        Settlement::Payments(p) => p.get().iter().any(|p| p.method == PaymentMethod::Credit),
        Settlement::Unpaid => false,
    }
}

/// The snapshot of `draft`; with `posting`, the rows the posting will change are locked.
pub(crate) fn load(
    p: &mut Posting<'_>,
    draft: &SaleDraft,
    posting: Option<&Settlement>,
) -> Result<SaleSnapshot, WriteError> {
    let t = p.t;
    let mut snap = SaleSnapshot::default();
    for line in draft.lines() {
        let l = line.get();
        if !snap.products.contains_key(&l.product)
            && let Some(policy) = product(p, l.product.0)?
        {
            snap.products.insert(l.product, policy);
        }
        if !snap.warehouses.contains(&l.warehouse) && warehouse_branch(p, l.warehouse.0)?.is_some()
        {
            snap.warehouses.push(l.warehouse);
        }
    }
    // Without a register, the sale counts for the branch of its first line's warehouse.
    if draft.register().is_none()
        && let Some(first) = draft.lines().first()
    {
        snap.branch = warehouse_branch(p, first.get().warehouse.0)?
            .flatten()
            .map(BranchId);
    }
    let mut pairs: Vec<_> = draft
        .lines()
        .iter()
        .map(|l| l.get())
        .filter(|l| {
            snap.warehouses.contains(&l.warehouse)
                && snap
                    .products
                    .get(&l.product)
                    .is_some_and(|p| p.tracks_stock)
        })
        .map(|l| (l.warehouse, l.product))
        .collect();
    snap.levels = crate::stock::write::levels(p.tx, t, &mut pairs, posting.is_some())?;
    snap.accounts = sale_accounts(p)?;
    snap.require_open_session = p.settings()?.require_open_session;
    if let Some(register) = draft.register()
        && let Some((account, branch)) = register_row(p, register.0)?
    {
        snap.register = Some(RegisterPolicy {
            account: mizan_domain::AccountId(account),
        });
        snap.branch = branch.map(BranchId);
        snap.session = session_state(p, register, draft.session())?;
    }
    if let Some(customer) = draft.customer() {
        snap.customer = customer_credit(p, customer, posting.is_some_and(uses_credit))?;
    }
    Ok(snap)
}

fn product(p: &mut Posting<'_>, id: i64) -> Result<Option<ProductPolicy>, WriteError> {
    let key = (p.t, id);
    if let Some(policy) = p.state.products.get(&key) {
        return Ok(Some(policy.clone()));
    }
    let found = p.tx.opt(
        "SELECT code, vat_bp, tracks_stock, allow_negative_stock, cost_price FROM products
         WHERE tenant_id = $1 AND id = $2",
        args![p.t, id],
        |r| {
            Ok(ProductPolicy {
                code: r.text(0)?,
                vat_bp: r.i64(1)?,
                tracks_stock: r.bool(2)?,
                allow_negative_stock: r.bool(3)?,
                cost_price: r.opt_i64(4)?,
            })
        },
    )?;
    if let Some(policy) = &found {
        p.state.products.insert(key, policy.clone());
    }
    Ok(found)
}

/// `Some(branch)` when the warehouse exists.
fn warehouse_branch(p: &mut Posting<'_>, id: i64) -> Result<Option<Option<i64>>, WriteError> {
    let key = (p.t, id);
    if let Some(branch) = p.state.warehouses.get(&key) {
        return Ok(Some(*branch));
    }
    let found = p.tx.opt(
        "SELECT branch_id FROM warehouses WHERE tenant_id = $1 AND id = $2",
        args![p.t, id],
        |r| r.opt_i64(0),
    )?;
    if let Some(branch) = found {
        p.state.warehouses.insert(key, branch);
    }
    Ok(found)
}

/// The register's drawer account and branch, when it exists.
pub(crate) fn register_row(
    p: &mut Posting<'_>,
    id: i64,
) -> Result<Option<(i64, Option<i64>)>, WriteError> {
    let key = (p.t, id);
    if let Some(row) = p.state.registers.get(&key) {
        return Ok(Some(*row));
    }
    let found = p.tx.opt(
        "SELECT account_id, branch_id FROM cash_registers WHERE tenant_id = $1 AND id = $2",
        args![p.t, id],
        |r| Ok((r.i64(0)?, r.opt_i64(1)?)),
    )?;
    if let Some(row) = found {
        p.state.registers.insert(key, row);
    }
    Ok(found)
}

/// The session the client named, or else the register's open session.
fn session_state(
    p: &mut Posting<'_>,
    register: CashRegisterId,
    named: Option<CashierSessionId>,
) -> Result<Option<SessionState>, WriteError> {
    let row = |r: &dyn crate::tx::Row| {
        Ok(SessionState {
            id: CashierSessionId(r.i64(0)?),
            register: CashRegisterId(r.i64(1)?),
            open: r.text(2)? == "open",
        })
    };
    Ok(match named {
        Some(s) => p.tx.opt(
            "SELECT id, cash_register_id, status FROM cashier_sessions
             WHERE tenant_id = $1 AND id = $2",
            args![p.t, s.0],
            row,
        )?,
        None => p.tx.opt(
            "SELECT id, cash_register_id, status FROM cashier_sessions
             WHERE tenant_id = $1 AND cash_register_id = $2 AND status = 'open'",
            args![p.t, register.0],
            row,
        )?,
    })
}

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
