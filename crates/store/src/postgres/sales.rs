//! Sales on PostgreSQL: create a sale (as a draft, or completed at once) and complete a draft
//! with its payments. The snapshot is read under row locks (stock levels in (warehouse,
//! product) order, the customer for credit), the pure domain rule posts, and the sale is
//! written in two statements: the document with its effects, then — last, so that the rows
//! every sale of a tenant shares stay locked only until the commit — its number, its session's
//! totals and the daily report.

use mizan_domain::calendar::business_day;
use mizan_domain::sales::{
    CustomerCredit, PaymentMethod, ProductPolicy, RegisterPolicy, SaleDraft, SaleEffects,
    SalePostingError, SaleSnapshot, SessionState, Settlement, post_sale, quote_sale,
};
use mizan_domain::stock::StockLevel;
use mizan_domain::{
    AccountId, BranchId, CashRegisterId, CashierSessionId, ProductId, SaleId, WarehouseId,
};
use sqlx::{PgConnection, Row};

use super::PgStore;
use super::posting::{LOCK_LEVELS, entry_arrays, line_no, next_number_cte, role_accounts, series};
use crate::{Idempotency, ResourceKind, TenantScope, WriteError, Written};

/// A posted sale's effects, given the sale `s(id)`: stock moves, final levels (rows already
/// locked), the journal entry and its lines, the drawer's cash move, the payments.
/// Parameters `$1`–`$27`.
macro_rules! sale_effects_ctes {
    () => {
        "sm AS (
             INSERT INTO stock_moves (tenant_id, doc_kind, doc_id, line_no, warehouse_id,
                 product_id, qty, value)
             SELECT $1, 'sale', s.id, u.ord - 1, u.w, u.p, u.q, u.v
             FROM s, UNNEST($12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[])
                 WITH ORDINALITY AS u(w, p, q, v, ord)),
         lv AS (
             UPDATE stock_levels l SET qty = u.q, value = u.v
             FROM UNNEST($16::bigint[], $17::bigint[], $18::bigint[], $19::bigint[])
                 AS u(w, p, q, v)
             WHERE l.tenant_id = $1 AND l.warehouse_id = u.w AND l.product_id = u.p),
         je AS (
             INSERT INTO journal_entries (tenant_id, doc_kind, doc_id, number, memo, posted_at_ms)
             SELECT $1, 'sale', s.id, '', '', $3 FROM s
             RETURNING id),
         jl AS (
             INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_id, amount)
             SELECT $1, je.id, u.ord - 1, u.a, u.m
             FROM je, UNNEST($20::bigint[], $21::bigint[]) WITH ORDINALITY AS u(a, m, ord)),
         cm AS (
             INSERT INTO cash_moves (tenant_id, doc_kind, doc_id, cash_register_id, amount)
             SELECT $1, 'sale', s.id, $22, $2 FROM s WHERE CAST($22 AS BIGINT) IS NOT NULL),
         sp AS (
             INSERT INTO sale_payments (tenant_id, sale_id, line_no, method, amount, received,
                 change_amount, account_id)
             SELECT $1, s.id, u.ord - 1, u.m, u.a, u.r, u.c, u.acc
             FROM s, UNNEST($23::text[], $24::bigint[], $25::bigint[], $26::bigint[],
                 $27::bigint[]) WITH ORDINALITY AS u(m, a, r, c, acc, ord))
         SELECT id FROM s"
    };
}

/// Creates and posts a sale in one statement. `$28`–`$39`: payment method, register,
/// customer, session, branch, cashier, business day, and the lines' product, warehouse, qty,
/// unit price, discount; `$40`/`$41` the idempotency key and request hash, recorded here to
/// spare a round trip.
const INSERT_POSTED_SALE: &str = concat!(
    "WITH s AS (
         INSERT INTO sales (tenant_id, number, status, payment_method, cash_register_id,
             customer_id, session_id, branch_id, cashier, business_day, net, vat, total, cost,
             created_at_ms, posted_at_ms)
         VALUES ($1, NULL, 'posted', $28, $29, $30, $31, $32, $33, $34, $4, $5, $6, $7, $3, $3)
         RETURNING id),
     sl AS (
         INSERT INTO sale_lines (tenant_id, sale_id, line_no, product_id, warehouse_id, qty,
             unit_price, discount, net, vat, cost)
         SELECT $1, s.id, u.line_no, u.p, u.w, u.q, u.up, u.d, u.n, u.v, u.c
         FROM s, UNNEST($8::bigint[], $35::bigint[], $36::bigint[], $37::bigint[],
             $38::bigint[], $39::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
             AS u(line_no, p, w, q, up, d, n, v, c)),
     ik AS (
         INSERT INTO idempotency_keys (tenant_id, key, request_hash, resource_kind, resource_id)
         SELECT $1, $40, $41, 'sale', s.id FROM s WHERE CAST($40 AS TEXT) IS NOT NULL),
     ",
    sale_effects_ctes!()
);

/// Posts the draft sale `$28` (its row already locked) in one statement; `$29`–`$31` its
/// session, branch and business day.
const POST_DRAFT_SALE: &str = concat!(
    "WITH s AS (
         UPDATE sales SET status = 'posted', net = $4, vat = $5, total = $6, cost = $7,
             posted_at_ms = $3, session_id = $29, branch_id = $30, business_day = $31
         WHERE sales.tenant_id = $1 AND sales.id = $28
         RETURNING sales.id),
     sl AS (
         UPDATE sale_lines l SET net = u.n, vat = u.v, cost = u.c
         FROM s, UNNEST($8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
             AS u(line_no, n, v, c)
         WHERE l.tenant_id = $1 AND l.sale_id = s.id AND l.line_no = u.line_no),
     ",
    sale_effects_ctes!()
);

/// The last statement of a sale's transaction: numbers the sale `$3` and its entry from the
/// series `$2`, adds the sale to its open session `$4` (counting the rows it updated, so that a
/// session closed meanwhile refuses the sale), to the daily report of branch `$5` on day `$6`,
/// and its credit to customer `$7`'s debt. `$8`–`$18`: total, net, vat, cash kept, cash
/// received, change, card, bank transfer, credit, customer for the daily count.
const FINISH_SALE: &str = concat!(
    "WITH ",
    next_number_cte!(),
    ",
     s AS (
         UPDATE sales SET number = num.number FROM num
         WHERE sales.tenant_id = $1 AND sales.id = $3),
     je AS (
         UPDATE journal_entries SET number = num.number, memo = 'Sale ' || num.number FROM num
         WHERE journal_entries.tenant_id = $1 AND journal_entries.doc_kind = 'sale'
           AND journal_entries.doc_id = $3),
     ss AS (
         UPDATE cashier_sessions SET sales_count = sales_count + 1,
             sales_total = sales_total + $8, cash_received = cash_received + $12,
             change_given = change_given + $13, card = card + $14,
             bank_transfer = bank_transfer + $15, credit = credit + $16
         WHERE tenant_id = $1 AND id = $4 AND status = 'open'
         RETURNING 1),
     cu AS (
         UPDATE customers SET balance = balance + $16
         WHERE tenant_id = $1 AND id = $7 AND CAST($16 AS BIGINT) <> 0),
     dc AS (
         INSERT INTO daily_customers (tenant_id, branch_id, day, customer_id)
         SELECT $1, $5, $6, $17 WHERE CAST($17 AS BIGINT) IS NOT NULL
         ON CONFLICT DO NOTHING
         RETURNING 1),
     ds AS (
         INSERT INTO daily_sales (tenant_id, branch_id, day, sales_count, total, net, vat, cash,
             card, bank_transfer, credit, unique_customers)
         VALUES ($1, $5, $6, 1, $8, $9, $10, $11, $14, $15, $16, (SELECT COUNT(*) FROM dc))
         ON CONFLICT (tenant_id, branch_id, day) DO UPDATE SET
             sales_count = daily_sales.sales_count + 1, total = daily_sales.total + $8,
             net = daily_sales.net + $9, vat = daily_sales.vat + $10,
             cash = daily_sales.cash + $11, card = daily_sales.card + $14,
             bank_transfer = daily_sales.bank_transfer + $15,
             credit = daily_sales.credit + $16,
             unique_customers = daily_sales.unique_customers + EXCLUDED.unique_customers)
     SELECT num.number, (SELECT COUNT(*) FROM ss) FROM num"
);

type ScalarQuery<'q> =
    sqlx::query::QueryScalar<'q, sqlx::Postgres, i64, sqlx::postgres::PgArguments>;

/// Binds `$1`–`$27` of [`sale_effects_ctes`] (and the lines' amounts).
fn bind_sale_effects<'q>(
    q: ScalarQuery<'q>,
    t: i64,
    e: &SaleEffects,
    now_ms: i64,
) -> ScalarQuery<'q> {
    let nos: Vec<i64> = (0..e.lines.len()).map(line_no).collect();
    let l_net: Vec<i64> = e.lines.iter().map(|a| a.net).collect();
    let l_vat: Vec<i64> = e.lines.iter().map(|a| a.vat).collect();
    let l_cost: Vec<i64> = e.lines.iter().map(|a| a.cost).collect();
    let m_w: Vec<i64> = e.stock_moves.iter().map(|m| m.warehouse.0).collect();
    let m_p: Vec<i64> = e.stock_moves.iter().map(|m| m.product.0).collect();
    let m_q: Vec<i64> = e.stock_moves.iter().map(|m| m.qty).collect();
    let m_v: Vec<i64> = e.stock_moves.iter().map(|m| m.value).collect();
    let v_w: Vec<i64> = e.levels.iter().map(|((w, _), _)| w.0).collect();
    let v_p: Vec<i64> = e.levels.iter().map(|((_, p), _)| p.0).collect();
    let v_q: Vec<i64> = e.levels.iter().map(|(_, l)| l.qty).collect();
    let v_v: Vec<i64> = e.levels.iter().map(|(_, l)| l.value).collect();
    let (accounts, amounts) = entry_arrays(&e.entry);
    let p_m: Vec<&'static str> = e.payments.iter().map(|p| p.method.as_str()).collect();
    let p_a: Vec<i64> = e.payments.iter().map(|p| p.amount).collect();
    let p_r: Vec<i64> = e.payments.iter().map(|p| p.received).collect();
    let p_c: Vec<i64> = e.payments.iter().map(|p| p.change).collect();
    let p_acc: Vec<i64> = e.payments.iter().map(|p| p.account.0).collect();
    q.bind(t)
        .bind(e.cash.map_or(0, |(_, a)| a))
        .bind(now_ms)
        .bind(e.net)
        .bind(e.vat)
        .bind(e.total)
        .bind(e.cost)
        .bind(nos)
        .bind(l_net)
        .bind(l_vat)
        .bind(l_cost)
        .bind(m_w)
        .bind(m_p)
        .bind(m_q)
        .bind(m_v)
        .bind(v_w)
        .bind(v_p)
        .bind(v_q)
        .bind(v_v)
        .bind(accounts)
        .bind(amounts)
        .bind(e.cash.map(|(r, _)| r.0))
        .bind(p_m)
        .bind(p_a)
        .bind(p_r)
        .bind(p_c)
        .bind(p_acc)
}

/// Creates a sale (completing it when `complete` says how it is paid). Returns whether
/// `idempotency` was recorded too.
#[allow(clippy::too_many_arguments)]
pub(super) async fn create_sale(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    draft: &SaleDraft,
    complete: Option<&Settlement>,
    cashier: &str,
    now_ms: i64,
    idempotency: Option<&Idempotency>,
) -> Result<(Written, bool), WriteError> {
    let t = scope.id();
    let lock = complete.is_some();
    let credit = complete.is_some_and(uses_credit);
    let (snapshot, offset) = load_sale_snapshot(store, c, t, draft, lock, credit).await?;
    let method = crate::payment_columns::encode(draft);
    let n = draft.lines().len();
    let (mut nos, mut products, mut warehouses, mut qtys, mut prices, mut discounts) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for (i, line) in draft.lines().iter().enumerate() {
        let l = line.get();
        nos.push(line_no(i));
        products.push(l.product.0);
        warehouses.push(l.warehouse.0);
        qtys.push(l.qty);
        prices.push(l.unit_price);
        discounts.push(l.discount);
    }
    let register = draft.register().map(|r| r.0);
    let customer = draft.customer().map(|c| c.0);
    let Some(settlement) = complete else {
        let (amounts, net, vat) = quote_sale(draft, &snapshot)?;
        let l_net: Vec<i64> = amounts.iter().map(|a| a.net).collect();
        let l_vat: Vec<i64> = amounts.iter().map(|a| a.vat).collect();
        let id: i64 = sqlx::query_scalar(
            "WITH s AS (
                 INSERT INTO sales (tenant_id, number, status, payment_method,
                     cash_register_id, customer_id, session_id, cashier, net, vat, total, cost,
                     created_at_ms, posted_at_ms)
                 VALUES ($1, NULL, 'draft', $2, $3, $4, $12, $13, $14, $15, $16, 0, $5, NULL)
                 RETURNING id),
             sl AS (
                 INSERT INTO sale_lines (tenant_id, sale_id, line_no, product_id,
                     warehouse_id, qty, unit_price, discount, net, vat, cost)
                 SELECT $1, s.id, u.line_no, u.p, u.w, u.q, u.up, u.d, u.n, u.v, 0
                 FROM s, UNNEST($6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],
                     $10::bigint[], $11::bigint[], $17::bigint[], $18::bigint[])
                     AS u(line_no, p, w, q, up, d, n, v))
             SELECT id FROM s",
        )
        .bind(t)
        .bind(method)
        .bind(register)
        .bind(customer)
        .bind(now_ms)
        .bind(&nos)
        .bind(&products)
        .bind(&warehouses)
        .bind(&qtys)
        .bind(&prices)
        .bind(&discounts)
        .bind(draft.session().map(|s| s.0))
        .bind(cashier)
        .bind(net)
        .bind(vat)
        .bind(net + vat)
        .bind(l_net)
        .bind(l_vat)
        .fetch_one(&mut *c)
        .await?;
        return Ok((Written::created(ResourceKind::Sale, id), false));
    };
    let effects = post_sale(draft, settlement, &snapshot)?;
    let day = business_day(now_ms, offset);
    let q = sqlx::query_scalar(INSERT_POSTED_SALE);
    let id = bind_sale_effects(q, t, &effects, now_ms)
        .bind(method)
        .bind(register)
        .bind(customer)
        .bind(effects.session.map(|s| s.0))
        .bind(effects.branch.map(|b| b.0))
        .bind(cashier)
        .bind(i64::from(day))
        .bind(&products)
        .bind(&warehouses)
        .bind(&qtys)
        .bind(&prices)
        .bind(&discounts)
        .bind(idempotency.map(|i| &i.key))
        .bind(idempotency.map(|i| &i.request_hash))
        .fetch_one(&mut *c)
        .await?;
    finish_sale(c, t, id, &effects, draft, day, now_ms).await?;
    Ok((
        Written::created(ResourceKind::Sale, id),
        idempotency.is_some(),
    ))
}

fn uses_credit(settlement: &Settlement) -> bool {
    match settlement {
        Settlement::Whole(m) => *m == PaymentMethod::Credit,
        Settlement::Payments(p) => p.get().iter().any(|p| p.method == PaymentMethod::Credit),
        Settlement::Unpaid => false,
    }
}

pub(super) async fn complete_sale(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    sale: SaleId,
    payments: Option<&mizan_domain::sales::Payments>,
    in_session: Option<CashierSessionId>,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    type Head = (String, String, Option<i64>, Option<i64>, Option<i64>);
    let head: Option<Head> = sqlx::query_as(
        "SELECT status, payment_method, cash_register_id, customer_id, session_id FROM sales
         WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(t)
    .bind(sale.0)
    .fetch_optional(&mut *c)
    .await?;
    let Some((status, method, register, customer, session)) = head else {
        return Err(WriteError::not_found("sale"));
    };
    if status == "posted" {
        return match payments {
            None => Ok(Written::replayed(ResourceKind::Sale, sale.0)),
            Some(_) => Err(WriteError::already_completed(sale)),
        };
    }
    let rows: Vec<(i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT product_id, warehouse_id, qty, unit_price, discount FROM sale_lines
         WHERE tenant_id = $1 AND sale_id = $2 ORDER BY line_no",
    )
    .bind(t)
    .bind(sale.0)
    .fetch_all(&mut *c)
    .await?;
    let lines = rows
        .into_iter()
        .map(
            |(p, w, qty, unit_price, discount)| mizan_domain::sales::NewSaleLine {
                product: ProductId(p),
                warehouse: WarehouseId(w),
                qty,
                unit_price,
                discount,
            },
        )
        .collect();
    let draft = crate::payment_columns::decode(sale, lines, &method, register, customer, session)?;
    let draft = crate::payment_columns::in_session(draft, sale, in_session)?;
    let settlement = crate::payment_columns::settlement(&draft, payments)?;
    let (snapshot, offset) =
        load_sale_snapshot(store, c, t, &draft, true, uses_credit(&settlement)).await?;
    let effects = post_sale(&draft, &settlement, &snapshot)?;
    let day = business_day(now_ms, offset);
    let q = sqlx::query_scalar(POST_DRAFT_SALE);
    let _: i64 = bind_sale_effects(q, t, &effects, now_ms)
        .bind(sale.0)
        .bind(effects.session.map(|s| s.0))
        .bind(effects.branch.map(|b| b.0))
        .bind(i64::from(day))
        .fetch_one(&mut *c)
        .await?;
    finish_sale(c, t, sale.0, &effects, &draft, day, now_ms).await?;
    Ok(Written::created(ResourceKind::Sale, sale.0))
}

async fn finish_sale(
    c: &mut PgConnection,
    t: i64,
    sale: i64,
    e: &SaleEffects,
    draft: &SaleDraft,
    day: i32,
    now_ms: i64,
) -> Result<(), WriteError> {
    let p = &e.totals;
    let (_, sessions): (String, i64) = sqlx::query_as(FINISH_SALE)
        .bind(t)
        .bind(series("INV", now_ms))
        .bind(sale)
        .bind(e.session.map(|s| s.0))
        .bind(e.branch.map_or(0, |b| b.0))
        .bind(i64::from(day))
        .bind(e.credit.map(|(c, _)| c.0))
        .bind(e.total)
        .bind(e.net)
        .bind(e.vat)
        .bind(p.cash)
        .bind(p.cash_received)
        .bind(p.change)
        .bind(p.card)
        .bind(p.bank_transfer)
        .bind(p.credit)
        .bind(draft.customer().map(|c| c.0))
        .fetch_one(&mut *c)
        .await?;
    if let Some(session) = e.session
        && sessions != 1
    {
        // Closed after the snapshot found it open. A sale that named it is refused; one that
        // only took the register's open session runs again and sees the register as it is now.
        if draft.session().is_some() {
            return Err(SalePostingError::SessionClosed { session }.into());
        }
        return Err(crate::StoreError::Contended("the register's session closed meanwhile").into());
    }
    Ok(())
}

/// Loads what `post_sale` needs, and the tenant's UTC offset, in one query for the references
/// (warehouses, register, tenant settings, session, customer, products). With `lock`, the stock levels of
/// every tracked (warehouse, product) pair are created if missing and locked, in sorted order;
/// with `lock_customer`, the customer's row too (its credit is about to change).
async fn load_sale_snapshot(
    store: &PgStore,
    c: &mut PgConnection,
    t: i64,
    draft: &SaleDraft,
    lock: bool,
    lock_customer: bool,
) -> Result<(SaleSnapshot, i32), WriteError> {
    let mut product_ids: Vec<i64> = draft.lines().iter().map(|l| l.get().product.0).collect();
    product_ids.sort_unstable();
    product_ids.dedup();
    let mut warehouse_ids: Vec<i64> = draft.lines().iter().map(|l| l.get().warehouse.0).collect();
    let first_warehouse = warehouse_ids.first().copied();
    warehouse_ids.sort_unstable();
    warehouse_ids.dedup();
    let rows = sqlx::query(
        "SELECT r.*, p.id, p.code, p.vat_bp, p.tracks_stock, p.allow_negative_stock,
                p.cost_price
         FROM (SELECT ARRAY(SELECT id FROM warehouses WHERE tenant_id = $1 AND id = ANY($3))
                          AS whs,
                      (SELECT branch_id FROM warehouses WHERE tenant_id = $1 AND id = $7)
                          AS wh_branch,
                      reg.account_id AS reg_account, reg.branch_id AS reg_branch,
                      t.require_open_session AS require_session,
                      t.utc_offset_minutes AS utc_offset,
                      ses.id AS ses_id, ses.cash_register_id AS ses_register,
                      ses.status = 'open' AS ses_open,
                      cu.balance AS cust_balance, cu.credit_limit AS cust_limit,
                      cu.id IS NOT NULL AS cust_found
               FROM tenants t
               LEFT JOIN cash_registers reg ON reg.tenant_id = $1 AND reg.id = $4
               LEFT JOIN customers cu ON cu.tenant_id = $1 AND cu.id = $5
               LEFT JOIN cashier_sessions ses ON ses.tenant_id = $1 AND reg.id IS NOT NULL
                    AND ((CAST($6 AS BIGINT) IS NOT NULL AND ses.id = $6)
                         OR (CAST($6 AS BIGINT) IS NULL AND ses.cash_register_id = $4
                             AND ses.status = 'open'))
               WHERE t.id = $1) r
         LEFT JOIN products p ON p.tenant_id = $1 AND p.id = ANY($2)",
    )
    .bind(t)
    .bind(&product_ids)
    .bind(&warehouse_ids)
    .bind(draft.register().map(|r| r.0))
    .bind(draft.customer().map(|c| c.0))
    .bind(draft.session().map(|s| s.0))
    .bind(first_warehouse)
    .fetch_all(&mut *c)
    .await?;
    let mut snap = SaleSnapshot::default();
    let mut offset = 0;
    for (i, row) in rows.iter().enumerate() {
        if i == 0 {
            let whs: Vec<i64> = row.try_get("whs")?;
            snap.warehouses = whs.into_iter().map(WarehouseId).collect();
            snap.require_open_session = row.try_get("require_session")?;
            offset = i32::try_from(row.try_get::<i64, _>("utc_offset")?).unwrap_or(0);
            if draft.register().is_some() {
                snap.register =
                    row.try_get::<Option<i64>, _>("reg_account")?
                        .map(|a| RegisterPolicy {
                            account: AccountId(a),
                        });
                snap.branch = row.try_get::<Option<i64>, _>("reg_branch")?.map(BranchId);
            } else {
                snap.branch = row.try_get::<Option<i64>, _>("wh_branch")?.map(BranchId);
            }
            if let (Some(id), Some(register), Some(open)) = (
                row.try_get::<Option<i64>, _>("ses_id")?,
                row.try_get::<Option<i64>, _>("ses_register")?,
                row.try_get::<Option<bool>, _>("ses_open")?,
            ) {
                snap.session = Some(SessionState {
                    id: CashierSessionId(id),
                    register: CashRegisterId(register),
                    open,
                });
            }
            if row.try_get::<bool, _>("cust_found")? {
                snap.customer = Some(CustomerCredit {
                    balance: row.try_get::<Option<i64>, _>("cust_balance")?.unwrap_or(0),
                    limit: row.try_get("cust_limit")?,
                });
            }
        }
        if let (Some(id), Some(code), Some(vat_bp), Some(tracks_stock), Some(negative)) = (
            row.try_get::<Option<i64>, _>("id")?,
            row.try_get::<Option<String>, _>("code")?,
            row.try_get::<Option<i64>, _>("vat_bp")?,
            row.try_get::<Option<bool>, _>("tracks_stock")?,
            row.try_get::<Option<bool>, _>("allow_negative_stock")?,
        ) {
            snap.products.insert(
                ProductId(id),
                ProductPolicy {
                    code,
                    vat_bp,
                    tracks_stock,
                    allow_negative_stock: negative,
                    cost_price: row.try_get("cost_price")?,
                },
            );
        }
    }
    // The tracked pairs that exist, sorted: the lock order.
    let mut pairs: Vec<(i64, i64)> = draft
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
        .map(|l| (l.warehouse.0, l.product.0))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    if !pairs.is_empty() {
        let (ws, ps): (Vec<i64>, Vec<i64>) = pairs.into_iter().unzip();
        let levels: Vec<(i64, i64, i64, i64)> =
            sqlx::query_as(if lock { LOCK_LEVELS } else { READ_LEVELS })
                .bind(t)
                .bind(&ws)
                .bind(&ps)
                .fetch_all(&mut *c)
                .await?;
        for (w, p, qty, value) in levels {
            snap.levels
                .insert((WarehouseId(w), ProductId(p)), StockLevel { qty, value });
        }
    }
    if lock_customer
        && let Some(customer) = draft.customer()
        && snap.customer.is_some()
    {
        let (balance, limit): (i64, Option<i64>) = sqlx::query_as(
            "SELECT balance, credit_limit FROM customers WHERE tenant_id = $1 AND id = $2
             FOR UPDATE",
        )
        .bind(t)
        .bind(customer.0)
        .fetch_one(&mut *c)
        .await?;
        snap.customer = Some(CustomerCredit { balance, limit });
    }
    let roles = role_accounts(
        store,
        c,
        t,
        &[
            "customers",
            "sales_revenue",
            "vat_payable",
            "cogs",
            "inventory",
            "card_clearing",
            "bank",
        ],
    )
    .await?;
    snap.accounts = match roles.as_slice() {
        [
            Some(customers),
            Some(revenue),
            Some(vat),
            Some(cogs),
            Some(inventory),
            Some(card),
            Some(bank),
        ] => Some(mizan_domain::sales::SaleAccounts {
            customers: AccountId(*customers),
            revenue: AccountId(*revenue),
            vat: AccountId(*vat),
            cogs: AccountId(*cogs),
            inventory: AccountId(*inventory),
            card: AccountId(*card),
            bank: AccountId(*bank),
        }),
        _ => None,
    };
    Ok((snap, offset))
}

const READ_LEVELS: &str = "SELECT l.warehouse_id, l.product_id, l.qty, l.value
     FROM stock_levels l
     JOIN UNNEST($2::bigint[], $3::bigint[]) AS u(w, p)
       ON l.warehouse_id = u.w AND l.product_id = u.p
     WHERE l.tenant_id = $1";
