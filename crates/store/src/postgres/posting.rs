//! Posting on PostgreSQL: load the snapshot a document needs (locking the stock levels it
//! touches, in (warehouse, product) order), call the pure domain rule, and write the document
//! with all of its effects in one statement of data-modifying CTEs.

use std::collections::HashMap;

use mizan_domain::calendar::Date;
use mizan_domain::ledger::BalancedEntry;
use mizan_domain::opening::{OpeningAccounts, post_opening_stock as post_opening};
use mizan_domain::sales::{
    NewSaleLine, Payment, ProductPolicy, SaleAccounts, SaleDraft, SaleEffects, SalePostingError,
    SaleSnapshot, post_sale,
};
use mizan_domain::stock::StockLevel;
use mizan_domain::{AccountId, CustomerId, ProductId, SaleId, WarehouseId};
use sqlx::PgConnection;

use super::PgStore;
use crate::{Idempotency, ResourceKind, StoreError, TenantScope, WriteError, Written};

/// Takes the next number of the gapless series `$2` (`INV-2026`) for tenant `$1` as `num`; the
/// counter moves in the posting's own transaction, so a refused posting leaves no gap.
macro_rules! next_number_cte {
    () => {
        "num AS (
             INSERT INTO number_series (tenant_id, series, last_value) VALUES ($1, $2, 1)
             ON CONFLICT (tenant_id, series)
             DO UPDATE SET last_value = number_series.last_value + 1
             RETURNING $2 || '-' || CASE WHEN last_value < 1000000
                 THEN lpad(CAST(last_value AS TEXT), 6, '0') ELSE CAST(last_value AS TEXT) END
                 AS number)"
    };
}

/// A posted sale's effects, given the sale `s(id)` (numbered last, by [`NUMBER_SALE`]): stock moves, final levels (rows
/// already locked), the journal entry and its lines, the cash move. Parameters `$1`–`$22`.
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
             SELECT $1, 'sale', s.id, $22, $6 FROM s WHERE CAST($22 AS BIGINT) IS NOT NULL)
         SELECT id FROM s"
    };
}

/// Creates and posts a sale in one statement. `$23`–`$30`: payment method, register, customer,
/// and the lines' product, warehouse, qty, unit price, discount; `$31`/`$32` the idempotency key
/// and request hash, recorded here to spare a round trip while the number series is locked.
const INSERT_POSTED_SALE: &str = concat!(
    "WITH s AS (
         INSERT INTO sales (tenant_id, number, status, payment_method, cash_register_id,
             customer_id, net, vat, total, cost, created_at_ms, posted_at_ms)
         VALUES ($1, NULL, 'posted', $23, $24, $25, $4, $5, $6, $7, $3, $3)
         RETURNING id),
     sl AS (
         INSERT INTO sale_lines (tenant_id, sale_id, line_no, product_id, warehouse_id, qty,
             unit_price, discount, net, vat, cost)
         SELECT $1, s.id, u.line_no, u.p, u.w, u.q, u.up, u.d, u.n, u.v, u.c
         FROM s, UNNEST($8::bigint[], $26::bigint[], $27::bigint[], $28::bigint[],
             $29::bigint[], $30::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
             AS u(line_no, p, w, q, up, d, n, v, c)),
     ik AS (
         INSERT INTO idempotency_keys (tenant_id, key, request_hash, resource_kind, resource_id)
         SELECT $1, $31, $32, 'sale', s.id FROM s WHERE CAST($31 AS TEXT) IS NOT NULL),
     ",
    sale_effects_ctes!()
);

/// Posts the draft sale `$23` (its row already locked) in one statement.
const POST_DRAFT_SALE: &str = concat!(
    "WITH s AS (
         UPDATE sales SET status = 'posted', net = $4, vat = $5, total = $6, cost = $7,
             posted_at_ms = $3
         WHERE sales.tenant_id = $1 AND sales.id = $23
         RETURNING sales.id),
     sl AS (
         UPDATE sale_lines l SET net = u.n, vat = u.v, cost = u.c
         FROM s, UNNEST($8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[])
             AS u(line_no, n, v, c)
         WHERE l.tenant_id = $1 AND l.sale_id = s.id AND l.line_no = u.line_no),
     ",
    sale_effects_ctes!()
);

/// Numbers the posted sale `$3` and its journal entry, from the series `$2`. The last statement
/// of a sale's transaction: the series row every posting of the tenant shares stays locked only
/// from here to the commit.
const NUMBER_SALE: &str = concat!(
    "WITH ",
    next_number_cte!(),
    ",
     s AS (
         UPDATE sales SET number = num.number FROM num
         WHERE sales.tenant_id = $1 AND sales.id = $3),
     je AS (
         UPDATE journal_entries SET number = num.number, memo = 'Sale ' || num.number FROM num
         WHERE journal_entries.tenant_id = $1 AND journal_entries.doc_kind = 'sale'
           AND journal_entries.doc_id = $3)
     SELECT number FROM num"
);

/// Posts opening stock in one statement: `$4`/`$5` warehouse/product, `$6` qty, `$7` unit cost,
/// `$8` value, `$9`/`$10` the level after, `$11`/`$12` journal accounts/amounts, `$13`/`$14`
/// the stock move's qty/value.
const INSERT_OPENING_STOCK: &str = concat!(
    "WITH ",
    next_number_cte!(),
    ",
     o AS (
         INSERT INTO opening_stocks (tenant_id, number, warehouse_id, product_id, qty, unit_cost,
             value, posted_at_ms)
         SELECT $1, num.number, $4, $5, $6, $7, $8, $3 FROM num
         RETURNING id, number),
     sm AS (
         INSERT INTO stock_moves (tenant_id, doc_kind, doc_id, line_no, warehouse_id,
             product_id, qty, value)
         SELECT $1, 'opening_stock', o.id, 0, $4, $5, $13, $14 FROM o),
     lv AS (
         UPDATE stock_levels SET qty = $9, value = $10
         WHERE tenant_id = $1 AND warehouse_id = $4 AND product_id = $5),
     je AS (
         INSERT INTO journal_entries (tenant_id, doc_kind, doc_id, number, memo, posted_at_ms)
         SELECT $1, 'opening_stock', o.id, o.number, 'Opening stock ' || o.number, $3 FROM o
         RETURNING id),
     jl AS (
         INSERT INTO journal_lines (tenant_id, entry_id, line_no, account_id, amount)
         SELECT $1, je.id, u.ord - 1, u.a, u.m
         FROM je, UNNEST($11::bigint[], $12::bigint[]) WITH ORDINALITY AS u(a, m, ord))
     SELECT id FROM o"
);

/// Creates or locks the levels of the (warehouse, product) pairs `$2`/`$3` (sorted, distinct)
/// and returns them; a pair seen for the first time starts empty.
const LOCK_LEVELS: &str =
    "INSERT INTO stock_levels (tenant_id, warehouse_id, product_id, qty, value)
     SELECT $1, u.w, u.p, 0, 0
     FROM UNNEST($2::bigint[], $3::bigint[]) WITH ORDINALITY AS u(w, p, ord)
     ORDER BY u.ord
     ON CONFLICT (tenant_id, warehouse_id, product_id)
     DO UPDATE SET qty = stock_levels.qty
     RETURNING warehouse_id, product_id, qty, value";

const READ_LEVELS: &str = "SELECT l.warehouse_id, l.product_id, l.qty, l.value
     FROM stock_levels l
     JOIN UNNEST($2::bigint[], $3::bigint[]) AS u(w, p)
       ON l.warehouse_id = u.w AND l.product_id = u.p
     WHERE l.tenant_id = $1";

fn series(prefix: &str, now_ms: i64) -> String {
    format!("{prefix}-{}", Date::from_unix_ms(now_ms).year)
}

fn line_no(i: usize) -> i64 {
    i64::try_from(i).unwrap_or(i64::MAX)
}

/// Creates (and with `post`, posts) a sale. Returns whether `idempotency` was recorded too.
pub(super) async fn create_sale(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    draft: &SaleDraft,
    post: bool,
    now_ms: i64,
    idempotency: Option<&Idempotency>,
) -> Result<(Written, bool), WriteError> {
    let t = scope.id();
    let snapshot = load_sale_snapshot(store, c, t, draft, post).await?;
    let effects = match post_sale(draft, &snapshot) {
        Ok(effects) => Some(effects),
        Err(e @ SalePostingError::UnknownReference { .. }) => return Err(e.into()),
        Err(e) if post => return Err(e.into()),
        Err(_) => None,
    };
    let (method, register, customer) = crate::payment_columns::encode(draft);
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
    let mut recorded = false;
    let id: i64 = match effects {
        Some(effects) if post => {
            let q = sqlx::query_scalar(INSERT_POSTED_SALE);
            let id = bind_sale_effects(q, t, &effects, now_ms)
                .bind(method)
                .bind(register)
                .bind(customer)
                .bind(&products)
                .bind(&warehouses)
                .bind(&qtys)
                .bind(&prices)
                .bind(&discounts)
                .bind(idempotency.map(|i| &i.key))
                .bind(idempotency.map(|i| &i.request_hash))
                .fetch_one(&mut *c)
                .await?;
            recorded = idempotency.is_some();
            number_sale(c, t, id, now_ms).await?;
            id
        }
        _ => {
            sqlx::query_scalar(
                "WITH s AS (
                     INSERT INTO sales (tenant_id, number, status, payment_method,
                         cash_register_id, customer_id, net, vat, total, cost, created_at_ms,
                         posted_at_ms)
                     VALUES ($1, NULL, 'draft', $2, $3, $4, 0, 0, 0, 0, $5, NULL)
                     RETURNING id),
                 sl AS (
                     INSERT INTO sale_lines (tenant_id, sale_id, line_no, product_id,
                         warehouse_id, qty, unit_price, discount, net, vat, cost)
                     SELECT $1, s.id, u.line_no, u.p, u.w, u.q, u.up, u.d, 0, 0, 0
                     FROM s, UNNEST($6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[],
                         $10::bigint[], $11::bigint[]) AS u(line_no, p, w, q, up, d))
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
            .fetch_one(&mut *c)
            .await?
        }
    };
    Ok((Written::created(ResourceKind::Sale, id), recorded))
}

type ScalarQuery<'q> =
    sqlx::query::QueryScalar<'q, sqlx::Postgres, i64, sqlx::postgres::PgArguments>;

/// Binds `$1`–`$22` of [`sale_effects_ctes`] (and the lines' amounts).
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
    q.bind(t)
        .bind(series("INV", now_ms))
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
}

fn entry_arrays(entry: &BalancedEntry) -> (Vec<i64>, Vec<i64>) {
    entry
        .lines()
        .iter()
        .map(|l| (l.account.0, l.amount))
        .unzip()
}

pub(super) async fn post_draft_sale(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    sale: SaleId,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let head: Option<(String, String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT status, payment_method, cash_register_id, customer_id FROM sales
         WHERE tenant_id = $1 AND id = $2 FOR UPDATE",
    )
    .bind(t)
    .bind(sale.0)
    .fetch_optional(&mut *c)
    .await?;
    let Some((status, method, register, customer)) = head else {
        return Err(WriteError::not_found("sale"));
    };
    if status == "posted" {
        return Ok(Written::replayed(ResourceKind::Sale, sale.0));
    }
    let payment = crate::payment_columns::decode(sale, &method, register, customer)?;
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
        .map(|(p, w, qty, unit_price, discount)| NewSaleLine {
            product: ProductId(p),
            warehouse: WarehouseId(w),
            qty,
            unit_price,
            discount,
        })
        .collect();
    let draft = SaleDraft::new(lines, payment, customer.map(CustomerId))
        .map_err(|e| StoreError::Corrupt(format!("stored draft sale {sale}: {e}")))?;
    let snapshot = load_sale_snapshot(store, c, t, &draft, true).await?;
    let effects = post_sale(&draft, &snapshot)?;
    let q = sqlx::query_scalar(POST_DRAFT_SALE);
    let _: i64 = bind_sale_effects(q, t, &effects, now_ms)
        .bind(sale.0)
        .fetch_one(&mut *c)
        .await?;
    number_sale(c, t, sale.0, now_ms).await?;
    Ok(Written::created(ResourceKind::Sale, sale.0))
}

async fn number_sale(
    c: &mut PgConnection,
    t: i64,
    sale: i64,
    now_ms: i64,
) -> Result<(), WriteError> {
    let _: String = sqlx::query_scalar(NUMBER_SALE)
        .bind(t)
        .bind(series("INV", now_ms))
        .bind(sale)
        .fetch_one(&mut *c)
        .await?;
    Ok(())
}

/// One row of the snapshot query: the references (same on every row) and one product.
type SnapshotRow = (
    Vec<i64>,
    Option<i64>,
    bool,
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<bool>,
    Option<bool>,
    Option<i64>,
);

/// Loads what `post_sale` needs; with `lock`, the stock levels of every tracked
/// (warehouse, product) pair are created if missing and locked, in sorted order.
async fn load_sale_snapshot(
    store: &PgStore,
    c: &mut PgConnection,
    t: i64,
    draft: &SaleDraft,
    lock: bool,
) -> Result<SaleSnapshot, WriteError> {
    let mut product_ids: Vec<i64> = draft.lines().iter().map(|l| l.get().product.0).collect();
    product_ids.sort_unstable();
    product_ids.dedup();
    let mut warehouse_ids: Vec<i64> = draft.lines().iter().map(|l| l.get().warehouse.0).collect();
    warehouse_ids.sort_unstable();
    warehouse_ids.dedup();
    let (register, customer) = match draft.payment() {
        Payment::Cash { cash_register_id } => (Some(cash_register_id.0), draft.customer()),
        Payment::Credit { customer_id } => (None, Some(customer_id)),
    };
    let rows: Vec<SnapshotRow> = sqlx::query_as(
        "SELECT r.whs, r.reg, r.cust, p.id, p.code, p.vat_bp, p.tracks_stock,
                p.allow_negative_stock, p.cost_price
         FROM (SELECT ARRAY(SELECT id FROM warehouses WHERE tenant_id = $1 AND id = ANY($3))
                          AS whs,
                      (SELECT account_id FROM cash_registers WHERE tenant_id = $1 AND id = $4)
                          AS reg,
                      EXISTS (SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $5) AS cust
              ) r
         LEFT JOIN products p ON p.tenant_id = $1 AND p.id = ANY($2)",
    )
    .bind(t)
    .bind(&product_ids)
    .bind(&warehouse_ids)
    .bind(register)
    .bind(customer.map(|c| c.0))
    .fetch_all(&mut *c)
    .await?;
    let mut snap = SaleSnapshot::default();
    let mut register_account = None;
    let mut customer_found = false;
    for (whs, reg, cust, id, code, vat_bp, tracks, negative, cost_price) in rows {
        if snap.warehouses.is_empty() {
            snap.warehouses = whs.into_iter().map(WarehouseId).collect();
        }
        register_account = reg;
        customer_found = cust;
        if let (Some(id), Some(code), Some(vat_bp), Some(tracks_stock), Some(negative)) =
            (id, code, vat_bp, tracks, negative)
        {
            snap.products.insert(
                ProductId(id),
                ProductPolicy {
                    code,
                    vat_bp,
                    tracks_stock,
                    allow_negative_stock: negative,
                    cost_price,
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
        ] => Some(SaleAccounts {
            customers: AccountId(*customers),
            revenue: AccountId(*revenue),
            vat: AccountId(*vat),
            cogs: AccountId(*cogs),
            inventory: AccountId(*inventory),
        }),
        _ => None,
    };
    match draft.payment() {
        Payment::Cash { .. } => {
            snap.register_account = register_account.map(AccountId);
            snap.customer_exists = true;
            if draft.customer().is_some() && !customer_found {
                return Err(WriteError::not_found("customer_id"));
            }
        }
        Payment::Credit { .. } => snap.customer_exists = customer_found,
    }
    Ok(snap)
}

/// The account ids of `wanted` roles, from the per-tenant cache (loaded once).
async fn role_accounts(
    store: &PgStore,
    c: &mut PgConnection,
    t: i64,
    wanted: &[&str],
) -> Result<Vec<Option<i64>>, WriteError> {
    let pick = |m: &HashMap<String, i64>| wanted.iter().map(|r| m.get(*r).copied()).collect();
    if let Ok(cache) = store.role_accounts.read()
        && let Some(m) = cache.get(&t)
    {
        return Ok(pick(m));
    }
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT role, id FROM accounts WHERE tenant_id = $1 AND role IS NOT NULL")
            .bind(t)
            .fetch_all(&mut *c)
            .await?;
    let map: HashMap<String, i64> = rows.into_iter().collect();
    let out = pick(&map);
    if let Ok(mut cache) = store.role_accounts.write() {
        cache.insert(t, map);
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn post_opening_stock(
    store: &PgStore,
    c: &mut PgConnection,
    scope: TenantScope,
    warehouse: WarehouseId,
    product: ProductId,
    qty: i64,
    unit_cost: i64,
    now_ms: i64,
) -> Result<Written, WriteError> {
    let t = scope.id();
    let (tracks, warehouse_exists): (Option<bool>, bool) = sqlx::query_as(
        "SELECT (SELECT tracks_stock FROM products WHERE tenant_id = $1 AND id = $2),
                EXISTS (SELECT 1 FROM warehouses WHERE tenant_id = $1 AND id = $3)",
    )
    .bind(t)
    .bind(product.0)
    .bind(warehouse.0)
    .fetch_one(&mut *c)
    .await?;
    match tracks {
        None => return Err(WriteError::not_found("product_id")),
        Some(false) => return Err(mizan_domain::opening::OpeningStockError::NotStocked.into()),
        Some(true) => {}
    }
    if !warehouse_exists {
        return Err(WriteError::not_found("warehouse_id"));
    }
    let (_, _, cur_qty, cur_value): (i64, i64, i64, i64) = sqlx::query_as(LOCK_LEVELS)
        .bind(t)
        .bind([warehouse.0].as_slice())
        .bind([product.0].as_slice())
        .fetch_one(&mut *c)
        .await?;
    let current = StockLevel {
        qty: cur_qty,
        value: cur_value,
    };
    let roles = role_accounts(store, c, t, &["inventory", "opening_equity", "cogs"]).await?;
    let [Some(inventory), Some(opening_equity), Some(cogs)] = roles.as_slice() else {
        return Err(
            StoreError::Corrupt("chart of accounts lacks inventory/equity/cogs".into()).into(),
        );
    };
    let accounts = OpeningAccounts {
        inventory: AccountId(*inventory),
        opening_equity: AccountId(*opening_equity),
        cogs: AccountId(*cogs),
    };
    let effects = post_opening(warehouse, product, qty, unit_cost, current, accounts)?;
    let (accounts, amounts) = entry_arrays(&effects.entry);
    let doc: i64 = sqlx::query_scalar(INSERT_OPENING_STOCK)
        .bind(t)
        .bind(series("OPN", now_ms))
        .bind(now_ms)
        .bind(warehouse.0)
        .bind(product.0)
        .bind(qty)
        .bind(unit_cost)
        .bind(effects.value)
        .bind(effects.level.qty)
        .bind(effects.level.value)
        .bind(accounts)
        .bind(amounts)
        .bind(effects.stock_move.qty)
        .bind(effects.stock_move.value)
        .fetch_one(&mut *c)
        .await?;
    Ok(Written::created(ResourceKind::OpeningStock, doc))
}
