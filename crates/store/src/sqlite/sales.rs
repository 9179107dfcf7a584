//! Sales on SQLite: create a sale (as a draft, or completed at once) and complete a draft with
//! its payments. The snapshot is read inside the writer's transaction, the pure domain rule
//! posts, and the sale is written with every effect: stock, journal entry, drawer cash,
//! payments, customer debt, session totals and the daily report.

use mizan_domain::calendar::business_day;
use mizan_domain::sales::{
    CustomerCredit, LineAmounts, NewSaleLine, ProductPolicy, RegisterPolicy, SaleAccounts,
    SaleDraft, SaleEffects, SalePostingError, SaleSnapshot, SessionState, Settlement, post_sale,
    quote_sale,
};
use mizan_domain::stock::StockLevel;
use mizan_domain::{AccountId, BranchId, CashRegisterId, CashierSessionId, ProductId, SaleId};
use mizan_domain::{CustomerId, WarehouseId};
use rusqlite::{Connection, OptionalExtension, params};

use super::posting::{insert_rows, next_number, ordinal, role_accounts, write_entry, write_stock};
use super::writer::{TenantSettings, WriterState};
use crate::{ResourceKind, StoreError, TenantScope, WriteError, Written};

pub(super) fn create_sale(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    draft: &SaleDraft,
    complete: Option<&Settlement>,
    cashier: &str,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let snapshot = load_sale_snapshot(conn, state, t, draft)?;
    let method = crate::payment_columns::encode(draft);
    let register = draft.register().map(|r| r.0);
    let customer = draft.customer().map(|c| c.0);
    let session = draft.session().map(|s| s.0);
    let Some(settlement) = complete else {
        // A draft is checked for what it refers to and priced; the rest waits for completion.
        let (amounts, net, vat) = quote_sale(draft, &snapshot)?;
        conn.prepare_cached(
            "INSERT INTO sales (tenant_id, number, status, payment_method, cash_register_id,
                 customer_id, session_id, cashier, net, vat, total, cost, created_at_ms)
             VALUES (?1, NULL, 'draft', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10)",
        )?
        .execute(params![
            t,
            method,
            register,
            customer,
            session,
            cashier,
            net,
            vat,
            net + vat,
            now_ms
        ])?;
        let sale = conn.last_insert_rowid();
        insert_sale_lines(conn, t, sale, draft, &amounts)?;
        return Ok(Written::created(ResourceKind::Sale, sale));
    };
    let effects = post_sale(draft, settlement, &snapshot)?;
    let day = business_day(now_ms, state.settings(conn, t)?.utc_offset_minutes);
    let number = next_number(conn, t, "INV", now_ms)?;
    conn.prepare_cached(
        "INSERT INTO sales (tenant_id, number, status, payment_method, cash_register_id,
             customer_id, session_id, branch_id, cashier, business_day, net, vat, total, cost,
             created_at_ms, posted_at_ms)
         VALUES (?1, ?2, 'posted', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
    )?
    .execute(params![
        t,
        number,
        method,
        register,
        customer,
        effects.session.map(|s| s.0),
        effects.branch.map(|b| b.0),
        cashier,
        day,
        effects.net,
        effects.vat,
        effects.total,
        effects.cost,
        now_ms
    ])?;
    let sale = conn.last_insert_rowid();
    insert_sale_lines(conn, t, sale, draft, &effects.lines)?;
    write_sale_effects(
        conn,
        t,
        sale,
        &number,
        &effects,
        draft.customer(),
        day,
        now_ms,
    )?;
    Ok(Written::created(ResourceKind::Sale, sale))
}

/// Inserts a sale's lines in one statement, with their amounts (a draft's without cost).
fn insert_sale_lines(
    conn: &Connection,
    t: i64,
    sale: i64,
    draft: &SaleDraft,
    amounts: &[LineAmounts],
) -> Result<(), WriteError> {
    let mut values = Vec::with_capacity(draft.lines().len() * 11);
    for (i, line) in draft.lines().iter().enumerate() {
        let l = line.get();
        let a = amounts.get(i).copied().unwrap_or_default();
        values.extend([
            t,
            sale,
            ordinal(i),
            l.product.0,
            l.warehouse.0,
            l.qty,
            l.unit_price,
            l.discount,
            a.net,
            a.vat,
            a.cost,
        ]);
    }
    insert_rows(
        conn,
        "INSERT INTO sale_lines (tenant_id, sale_id, line_no, product_id, warehouse_id, qty, \
         unit_price, discount, net, vat, cost)",
        "(?,?,?,?,?,?,?,?,?,?,?)",
        &values,
    )
}

pub(super) fn complete_sale(
    conn: &Connection,
    state: &mut WriterState,
    scope: TenantScope,
    sale: SaleId,
    payments: Option<&mizan_domain::sales::Payments>,
    in_session: Option<CashierSessionId>,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    type Head = (String, String, Option<i64>, Option<i64>, Option<i64>);
    let head: Option<Head> = conn
        .prepare_cached(
            "SELECT status, payment_method, cash_register_id, customer_id, session_id FROM sales
             WHERE tenant_id = ?1 AND id = ?2",
        )?
        .query_row(params![t, sale.0], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let Some((status, method, register, customer, session)) = head else {
        return Err(WriteError::not_found("sale"));
    };
    if status == "posted" {
        return match payments {
            None => Ok(Written::replayed(ResourceKind::Sale, sale.0)),
            Some(_) => Err(WriteError::already_completed(sale)),
        };
    }
    let lines = conn
        .prepare_cached(
            "SELECT product_id, warehouse_id, qty, unit_price, discount FROM sale_lines
             WHERE tenant_id = ?1 AND sale_id = ?2 ORDER BY line_no",
        )?
        .query_map(params![t, sale.0], |r| {
            Ok(NewSaleLine {
                product: ProductId(r.get(0)?),
                warehouse: WarehouseId(r.get(1)?),
                qty: r.get(2)?,
                unit_price: r.get(3)?,
                discount: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let draft = crate::payment_columns::decode(sale, lines, &method, register, customer, session)?;
    let draft = crate::payment_columns::in_session(draft, sale, in_session)?;
    let settlement = crate::payment_columns::settlement(&draft, payments)?;
    let snapshot = load_sale_snapshot(conn, state, t, &draft)?;
    let effects = post_sale(&draft, &settlement, &snapshot)?;
    let day = business_day(now_ms, state.settings(conn, t)?.utc_offset_minutes);
    let number = next_number(conn, t, "INV", now_ms)?;
    conn.prepare_cached(
        "UPDATE sales SET number = ?3, status = 'posted', net = ?4, vat = ?5, total = ?6,
             cost = ?7, posted_at_ms = ?8, session_id = ?9, branch_id = ?10, business_day = ?11
         WHERE tenant_id = ?1 AND id = ?2",
    )?
    .execute(params![
        t,
        sale.0,
        number,
        effects.net,
        effects.vat,
        effects.total,
        effects.cost,
        now_ms,
        effects.session.map(|s| s.0),
        effects.branch.map(|b| b.0),
        day
    ])?;
    let mut line_q = conn.prepare_cached(
        "UPDATE sale_lines SET net = ?4, vat = ?5, cost = ?6
         WHERE tenant_id = ?1 AND sale_id = ?2 AND line_no = ?3",
    )?;
    for (i, a) in effects.lines.iter().enumerate() {
        line_q.execute(params![t, sale.0, ordinal(i), a.net, a.vat, a.cost])?;
    }
    write_sale_effects(
        conn,
        t,
        sale.0,
        &number,
        &effects,
        draft.customer(),
        day,
        now_ms,
    )?;
    Ok(Written::created(ResourceKind::Sale, sale.0))
}

// Lookups fill two maps (the snapshot and the writer's cache) with fallible queries in between,
// which the entry API cannot express.
#[allow(clippy::map_entry)]
fn load_sale_snapshot(
    conn: &Connection,
    state: &mut WriterState,
    t: i64,
    draft: &SaleDraft,
) -> Result<SaleSnapshot, WriteError> {
    let mut snap = SaleSnapshot::default();
    let mut product_q = conn.prepare_cached(
        "SELECT code, vat_bp, tracks_stock, allow_negative_stock, cost_price FROM products
         WHERE tenant_id = ?1 AND id = ?2",
    )?;
    let mut warehouse_q =
        conn.prepare_cached("SELECT branch_id FROM warehouses WHERE tenant_id = ?1 AND id = ?2")?;
    let mut level_q = conn.prepare_cached(
        "SELECT qty, value FROM stock_levels
         WHERE tenant_id = ?1 AND warehouse_id = ?2 AND product_id = ?3",
    )?;
    for line in draft.lines() {
        let l = line.get();
        if !snap.products.contains_key(&l.product) {
            let key = (t, l.product.0);
            if !state.products.contains_key(&key)
                && let Some(p) = product_q
                    .query_row(params![t, l.product.0], |r| {
                        Ok(ProductPolicy {
                            code: r.get(0)?,
                            vat_bp: r.get(1)?,
                            tracks_stock: r.get(2)?,
                            allow_negative_stock: r.get(3)?,
                            cost_price: r.get(4)?,
                        })
                    })
                    .optional()?
            {
                state.products.insert(key, p);
            }
            if let Some(p) = state.products.get(&key) {
                snap.products.insert(l.product, p.clone());
            }
        }
        if !snap.warehouses.contains(&l.warehouse) {
            let key = (t, l.warehouse.0);
            if !state.warehouses.contains_key(&key)
                && let Some(branch) = warehouse_q
                    .query_row(params![t, l.warehouse.0], |r| r.get::<_, Option<i64>>(0))
                    .optional()?
            {
                state.warehouses.insert(key, branch);
            }
            if state.warehouses.contains_key(&key) {
                snap.warehouses.push(l.warehouse);
            }
        }
        let key = (l.warehouse, l.product);
        if let std::collections::hash_map::Entry::Vacant(slot) = snap.levels.entry(key)
            && let Some((qty, value)) = level_q
                .query_row(params![t, l.warehouse.0, l.product.0], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?
        {
            slot.insert(StockLevel { qty, value });
        }
    }
    // Without a register, the sale counts for the branch of its first line's warehouse.
    if draft.register().is_none()
        && let Some(first) = draft.lines().first()
    {
        snap.branch = state
            .warehouses
            .get(&(t, first.get().warehouse.0))
            .copied()
            .flatten()
            .map(BranchId);
    }
    snap.accounts = sale_accounts(role_accounts(conn, state, t)?);
    snap.require_open_session = state.settings(conn, t)?.require_open_session;
    if let Some(register) = draft.register() {
        let key = (t, register.0);
        if !state.registers.contains_key(&key)
            && let Some(row) = conn
                .prepare_cached(
                    "SELECT account_id, branch_id FROM cash_registers
                     WHERE tenant_id = ?1 AND id = ?2",
                )?
                .query_row(params![t, register.0], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
        {
            state.registers.insert(key, row);
        }
        if let Some((account, branch)) = state.registers.get(&key).copied() {
            snap.register = Some(RegisterPolicy {
                account: AccountId(account),
            });
            snap.branch = branch.map(BranchId);
            snap.session = session_state(conn, t, register, draft.session())?;
        }
    }
    if let Some(customer) = draft.customer() {
        snap.customer = customer_credit(conn, t, customer)?;
    }
    Ok(snap)
}

/// The session the client named, or else the register's open session.
fn session_state(
    conn: &Connection,
    t: i64,
    register: CashRegisterId,
    named: Option<CashierSessionId>,
) -> Result<Option<SessionState>, WriteError> {
    let row: Option<(i64, i64, String)> = match named {
        Some(s) => conn
            .prepare_cached(
                "SELECT id, cash_register_id, status FROM cashier_sessions
                 WHERE tenant_id = ?1 AND id = ?2",
            )?
            .query_row(params![t, s.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?,
        None => conn
            .prepare_cached(
                "SELECT id, cash_register_id, status FROM cashier_sessions
                 WHERE tenant_id = ?1 AND cash_register_id = ?2 AND status = 'open'",
            )?
            .query_row(params![t, register.0], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?,
    };
    Ok(row.map(|(id, reg, status)| SessionState {
        id: CashierSessionId(id),
        register: CashRegisterId(reg),
        open: status == "open",
    }))
}

fn customer_credit(
    conn: &Connection,
    t: i64,
    c: CustomerId,
) -> Result<Option<CustomerCredit>, WriteError> {
    Ok(conn
        .prepare_cached(
            "SELECT balance, credit_limit FROM customers WHERE tenant_id = ?1 AND id = ?2",
        )?
        .query_row(params![t, c.0], |r| {
            Ok(CustomerCredit {
                balance: r.get(0)?,
                limit: r.get(1)?,
            })
        })
        .optional()?)
}

/// The accounts a sale posts to, from the tenant's role accounts.
pub(super) fn sale_accounts(
    roles: &std::collections::HashMap<String, i64>,
) -> Option<SaleAccounts> {
    let role = |name: &str| roles.get(name).copied().map(AccountId);
    Some(SaleAccounts {
        customers: role("customers")?,
        revenue: role("sales_revenue")?,
        vat: role("vat_payable")?,
        cogs: role("cogs")?,
        inventory: role("inventory")?,
        card: role("card_clearing")?,
        bank: role("bank")?,
    })
}

/// Writes a posted sale's effects: stock, the journal entry, drawer cash, its payments, the
/// customer's debt, the session's totals and the daily report.
#[allow(clippy::too_many_arguments)]
fn write_sale_effects(
    conn: &Connection,
    t: i64,
    sale: i64,
    number: &str,
    effects: &SaleEffects,
    customer: Option<CustomerId>,
    day: i32,
    now_ms: i64,
) -> Result<(), WriteError> {
    write_stock(conn, t, "sale", sale, &effects.stock_moves, &effects.levels)?;
    write_entry(
        conn,
        t,
        "sale",
        sale,
        number,
        &format!("Sale {number}"),
        &effects.entry,
        now_ms,
    )?;
    if let Some((register, amount)) = effects.cash {
        conn.prepare_cached(
            "INSERT INTO cash_moves (tenant_id, doc_kind, doc_id, cash_register_id, amount)
             VALUES (?1, 'sale', ?2, ?3, ?4)",
        )?
        .execute(params![t, sale, register.0, amount])?;
    }
    let mut pay_q = conn.prepare_cached(
        "INSERT INTO sale_payments (tenant_id, sale_id, line_no, method, amount, received,
             change_amount, account_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (i, p) in effects.payments.iter().enumerate() {
        pay_q.execute(params![
            t,
            sale,
            ordinal(i),
            p.method.as_str(),
            p.amount,
            p.received,
            p.change,
            p.account.0
        ])?;
    }
    if let Some((customer, amount)) = effects.credit {
        conn.prepare_cached(
            "UPDATE customers SET balance = balance + ?3 WHERE tenant_id = ?1 AND id = ?2",
        )?
        .execute(params![t, customer.0, amount])?;
    }
    if let Some(session) = effects.session {
        let p = &effects.totals;
        let updated = conn
            .prepare_cached(
                "UPDATE cashier_sessions SET sales_count = sales_count + 1,
                     sales_total = sales_total + ?3, cash_received = cash_received + ?4,
                     change_given = change_given + ?5, card = card + ?6,
                     bank_transfer = bank_transfer + ?7, credit = credit + ?8
                 WHERE tenant_id = ?1 AND id = ?2 AND status = 'open'",
            )?
            .execute(params![
                t,
                session.0,
                effects.total,
                p.cash_received,
                p.change,
                p.card,
                p.bank_transfer,
                p.credit
            ])?;
        if updated != 1 {
            return Err(SalePostingError::SessionClosed { session }.into());
        }
    }
    super::daily::record_sale(conn, t, effects, customer, day)
}

impl WriterState {
    /// The tenant's posting settings, cached until they change.
    pub(super) fn settings(
        &mut self,
        conn: &Connection,
        t: i64,
    ) -> Result<TenantSettings, StoreError> {
        if let Some(s) = self.settings.get(&t) {
            return Ok(*s);
        }
        let s = conn
            .prepare_cached(
                "SELECT require_open_session, utc_offset_minutes FROM tenants WHERE id = ?1",
            )?
            .query_row([t], |r| {
                Ok(TenantSettings {
                    require_open_session: r.get(0)?,
                    utc_offset_minutes: r.get(1)?,
                })
            })?;
        self.settings.insert(t, s);
        Ok(s)
    }
}
