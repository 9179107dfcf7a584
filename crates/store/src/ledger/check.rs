//! `mizan check`: the books checking themselves. Each check is one SQL query, written once in
//! SQL both backends accept (`$1` is the tenant), that returns one row per offending document or
//! balance: (subject, expected, actual). The audit trail's hash chain is verified beside them
//! (`audit::read::check_chain`, findings `audit_chain`).

use serde::Serialize;

/// One thing that is wrong with the books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable name of the check (`unbalanced_entry`, ...).
    pub check: &'static str,
    /// What is wrong: a document number, a (warehouse, product), an account.
    pub subject: String,
    pub expected: i64,
    pub actual: i64,
}

/// (check name, query). Each query takes the tenant id as `$1` and yields
/// (subject TEXT, expected BIGINT, actual BIGINT) rows.
pub const CHECK_QUERIES: &[(&str, &str)] = &[
    (
        "unbalanced_entry",
        "SELECT e.number, 0, CAST(SUM(l.amount) AS BIGINT)
         FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
         WHERE e.tenant_id = $1
         GROUP BY e.id, e.number HAVING SUM(l.amount) <> 0",
    ),
    (
        "stock_ledger_qty",
        "SELECT 'warehouse ' || CAST(s.warehouse_id AS TEXT) || ' product ' || CAST(s.product_id AS TEXT),
                s.qty, CAST(COALESCE(m.total, 0) AS BIGINT)
         FROM stock_levels s LEFT JOIN (
             SELECT warehouse_id, product_id, SUM(qty) AS total FROM stock_moves
             WHERE tenant_id = $1 GROUP BY warehouse_id, product_id
         ) m ON m.warehouse_id = s.warehouse_id AND m.product_id = s.product_id
         WHERE s.tenant_id = $1 AND s.qty <> COALESCE(m.total, 0)",
    ),
    (
        "stock_ledger_value",
        "SELECT 'warehouse ' || CAST(s.warehouse_id AS TEXT) || ' product ' || CAST(s.product_id AS TEXT),
                s.value, CAST(COALESCE(m.total, 0) AS BIGINT)
         FROM stock_levels s LEFT JOIN (
             SELECT warehouse_id, product_id, SUM(value) AS total FROM stock_moves
             WHERE tenant_id = $1 GROUP BY warehouse_id, product_id
         ) m ON m.warehouse_id = s.warehouse_id AND m.product_id = s.product_id
         WHERE s.tenant_id = $1 AND s.value <> COALESCE(m.total, 0)",
    ),
    (
        "stock_moves_without_level",
        "SELECT 'warehouse ' || CAST(m.warehouse_id AS TEXT) || ' product ' || CAST(m.product_id AS TEXT),
                0, CAST(COUNT(*) AS BIGINT)
         FROM stock_moves m LEFT JOIN stock_levels s
           ON s.tenant_id = m.tenant_id AND s.warehouse_id = m.warehouse_id AND s.product_id = m.product_id
         WHERE m.tenant_id = $1 AND s.product_id IS NULL
         GROUP BY m.warehouse_id, m.product_id",
    ),
    (
        "inventory_account_vs_stock_value",
        "SELECT a.code,
                CAST((SELECT COALESCE(SUM(value), 0) FROM stock_levels WHERE tenant_id = $1) AS BIGINT),
                CAST(COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0) AS BIGINT)
         FROM accounts a
         WHERE a.tenant_id = $1 AND a.role = 'inventory'
           AND COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0)
               <> (SELECT COALESCE(SUM(value), 0) FROM stock_levels WHERE tenant_id = $1)",
    ),
    (
        "cash_account_vs_cash_moves",
        "SELECT COALESCE(a.code, 'register ' || CAST(r.id AS TEXT) || ' (account of another tenant)'),
                CAST(COALESCE((SELECT SUM(c.amount) FROM cash_moves c WHERE c.tenant_id = $1 AND c.cash_register_id = r.id), 0) AS BIGINT),
                CAST(COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = r.account_id), 0) AS BIGINT)
         FROM cash_registers r LEFT JOIN accounts a ON a.id = r.account_id AND a.tenant_id = r.tenant_id
         WHERE r.tenant_id = $1
           AND (a.id IS NULL OR COALESCE((SELECT SUM(c.amount) FROM cash_moves c WHERE c.tenant_id = $1 AND c.cash_register_id = r.id), 0)
            <> COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = r.account_id), 0))",
    ),
    (
        "posted_sale_entries",
        "SELECT COALESCE(s.number, CAST(s.id AS TEXT)), 1,
                CAST((SELECT COUNT(*) FROM journal_entries e WHERE e.tenant_id = $1 AND e.doc_kind = 'sale' AND e.doc_id = s.id) AS BIGINT)
         FROM sales s
         WHERE s.tenant_id = $1 AND s.status = 'posted'
           AND (SELECT COUNT(*) FROM journal_entries e WHERE e.tenant_id = $1 AND e.doc_kind = 'sale' AND e.doc_id = s.id) <> 1",
    ),
    (
        "draft_sale_effects",
        "SELECT CAST(s.id AS TEXT), 0,
                CAST((SELECT COUNT(*) FROM journal_entries e WHERE e.tenant_id = $1 AND e.doc_kind = 'sale' AND e.doc_id = s.id)
                   + (SELECT COUNT(*) FROM stock_moves m WHERE m.tenant_id = $1 AND m.doc_kind = 'sale' AND m.doc_id = s.id)
                   + (SELECT COUNT(*) FROM cash_moves c WHERE c.tenant_id = $1 AND c.doc_kind = 'sale' AND c.doc_id = s.id) AS BIGINT)
         FROM sales s
         WHERE s.tenant_id = $1 AND s.status IN ('draft', 'discarded')
           AND EXISTS (SELECT 1 FROM journal_entries e WHERE e.tenant_id = $1 AND e.doc_kind = 'sale' AND e.doc_id = s.id
                       UNION ALL SELECT 1 FROM stock_moves m WHERE m.tenant_id = $1 AND m.doc_kind = 'sale' AND m.doc_id = s.id
                       UNION ALL SELECT 1 FROM cash_moves c WHERE c.tenant_id = $1 AND c.doc_kind = 'sale' AND c.doc_id = s.id)",
    ),
    (
        "posted_sale_stock_moves",
        "SELECT s.number,
                CAST((SELECT COUNT(*) FROM sale_lines sl JOIN products p ON p.id = sl.product_id AND p.tenant_id = sl.tenant_id
                      WHERE sl.tenant_id = $1 AND sl.sale_id = s.id AND p.tracks_stock) AS BIGINT),
                CAST((SELECT COUNT(*) FROM stock_moves m WHERE m.tenant_id = $1 AND m.doc_kind = 'sale' AND m.doc_id = s.id) AS BIGINT)
         FROM sales s
         WHERE s.tenant_id = $1 AND s.status = 'posted'
           AND (SELECT COUNT(*) FROM sale_lines sl JOIN products p ON p.id = sl.product_id AND p.tenant_id = sl.tenant_id
                WHERE sl.tenant_id = $1 AND sl.sale_id = s.id AND p.tracks_stock)
            <> (SELECT COUNT(*) FROM stock_moves m WHERE m.tenant_id = $1 AND m.doc_kind = 'sale' AND m.doc_id = s.id)",
    ),
    (
        "posted_sale_cash_moves",
        "SELECT s.number,
                CAST(COALESCE((SELECT SUM(p.amount) FROM sale_payments p WHERE p.tenant_id = $1 AND p.sale_id = s.id AND p.method = 'cash'), 0) AS BIGINT),
                CAST(COALESCE((SELECT SUM(c.amount) FROM cash_moves c WHERE c.tenant_id = $1 AND c.doc_kind = 'sale' AND c.doc_id = s.id), 0) AS BIGINT)
         FROM sales s
         WHERE s.tenant_id = $1 AND s.status = 'posted'
           AND COALESCE((SELECT SUM(p.amount) FROM sale_payments p WHERE p.tenant_id = $1 AND p.sale_id = s.id AND p.method = 'cash'), 0)
            <> COALESCE((SELECT SUM(c.amount) FROM cash_moves c WHERE c.tenant_id = $1 AND c.doc_kind = 'sale' AND c.doc_id = s.id), 0)",
    ),
    (
        "sale_payments_vs_total",
        "SELECT s.number, s.total,
                CAST(COALESCE((SELECT SUM(p.amount) FROM sale_payments p WHERE p.tenant_id = $1 AND p.sale_id = s.id), 0) AS BIGINT)
         FROM sales s
         WHERE s.tenant_id = $1 AND s.status = 'posted'
           AND s.total <> COALESCE((SELECT SUM(p.amount) FROM sale_payments p WHERE p.tenant_id = $1 AND p.sale_id = s.id), 0)",
    ),
    (
        "customer_balance_vs_credit_sales",
        "SELECT 'customer ' || CAST(c.id AS TEXT), c.balance,
                CAST(COALESCE((SELECT SUM(p.amount) FROM sales s JOIN sale_payments p ON p.tenant_id = s.tenant_id AND p.sale_id = s.id
                               WHERE s.tenant_id = $1 AND s.customer_id = c.id AND p.method = 'credit'), 0)
                   - COALESCE((SELECT SUM(r.total) FROM sale_returns r
                               WHERE r.tenant_id = $1 AND r.customer_id = c.id AND r.refund_method = 'credit'), 0)
                   - COALESCE((SELECT SUM(cp.amount) FROM customer_payments cp
                               WHERE cp.tenant_id = $1 AND cp.customer_id = c.id), 0)
                   + COALESCE((SELECT SUM(bp.amount) FROM cafe_payments bp
                               WHERE bp.tenant_id = $1 AND bp.customer_id = c.id), 0)
                   + COALESCE((SELECT SUM(o.amount) FROM opening_balances o
                               WHERE o.tenant_id = $1 AND o.customer_id = c.id), 0) AS BIGINT)
         FROM customers c
         WHERE c.tenant_id = $1
           AND c.balance <> COALESCE((SELECT SUM(p.amount) FROM sales s JOIN sale_payments p ON p.tenant_id = s.tenant_id AND p.sale_id = s.id
                                      WHERE s.tenant_id = $1 AND s.customer_id = c.id AND p.method = 'credit'), 0)
                          - COALESCE((SELECT SUM(r.total) FROM sale_returns r
                                      WHERE r.tenant_id = $1 AND r.customer_id = c.id AND r.refund_method = 'credit'), 0)
                          - COALESCE((SELECT SUM(cp.amount) FROM customer_payments cp
                                      WHERE cp.tenant_id = $1 AND cp.customer_id = c.id), 0)
                          + COALESCE((SELECT SUM(bp.amount) FROM cafe_payments bp
                                      WHERE bp.tenant_id = $1 AND bp.customer_id = c.id), 0)
                          + COALESCE((SELECT SUM(o.amount) FROM opening_balances o
                                      WHERE o.tenant_id = $1 AND o.customer_id = c.id), 0)",
    ),
    (
        "customers_account_vs_balances",
        "SELECT a.code,
                CAST((SELECT COALESCE(SUM(balance), 0) FROM customers WHERE tenant_id = $1) AS BIGINT),
                CAST(COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0) AS BIGINT)
         FROM accounts a
         WHERE a.tenant_id = $1 AND a.role = 'customers'
           AND COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0)
               <> (SELECT COALESCE(SUM(balance), 0) FROM customers WHERE tenant_id = $1)",
    ),
    (
        "session_totals_vs_sales",
        "SELECT cs.number, cs.sales_total,
                CAST(COALESCE((SELECT SUM(s.total) FROM sales s WHERE s.tenant_id = $1 AND s.session_id = cs.id AND s.status = 'posted'), 0) AS BIGINT)
         FROM cashier_sessions cs
         WHERE cs.tenant_id = $1
           AND (cs.sales_total, cs.sales_count) <> (
               SELECT COALESCE(SUM(s.total), 0), COUNT(*) FROM sales s
               WHERE s.tenant_id = $1 AND s.session_id = cs.id AND s.status = 'posted')",
    ),
    (
        "session_cash_vs_drawer_moves",
        "SELECT cs.number,
                cs.opening_float + cs.cash_received - cs.change_given + cs.pay_ins - cs.payouts - cs.cash_refunds,
                CAST(COALESCE((SELECT SUM(c.amount) FROM cash_moves c WHERE c.tenant_id = $1 AND c.doc_kind = 'session_open' AND c.doc_id = cs.id), 0)
                   + COALESCE((SELECT SUM(c.amount) FROM sales s JOIN cash_moves c ON c.tenant_id = s.tenant_id AND c.doc_kind = 'sale' AND c.doc_id = s.id
                               WHERE s.tenant_id = $1 AND s.session_id = cs.id), 0)
                   + COALESCE((SELECT SUM(c.amount) FROM cash_movements m JOIN cash_moves c ON c.tenant_id = m.tenant_id AND c.doc_kind = 'cash_movement' AND c.doc_id = m.id
                               WHERE m.tenant_id = $1 AND m.session_id = cs.id), 0)
                   + COALESCE((SELECT SUM(c.amount) FROM sale_returns r JOIN cash_moves c ON c.tenant_id = r.tenant_id AND c.doc_kind = 'return' AND c.doc_id = r.id
                               WHERE r.tenant_id = $1 AND r.session_id = cs.id), 0)
                   + COALESCE((SELECT SUM(c.amount) FROM supplier_payments sp JOIN cash_moves c ON c.tenant_id = sp.tenant_id AND c.doc_kind = 'supplier_payment' AND c.doc_id = sp.id
                               WHERE sp.tenant_id = $1 AND sp.session_id = cs.id), 0)
                   + COALESCE((SELECT SUM(c.amount) FROM customer_payments cp JOIN cash_moves c ON c.tenant_id = cp.tenant_id AND c.doc_kind = 'customer_payment' AND c.doc_id = cp.id
                               WHERE cp.tenant_id = $1 AND cp.session_id = cs.id), 0)
                   + COALESCE((SELECT SUM(c.amount) FROM cafe_payments bp JOIN cash_moves c ON c.tenant_id = bp.tenant_id AND c.doc_kind = 'cafe_payment' AND c.doc_id = bp.id
                               WHERE bp.tenant_id = $1 AND bp.session_id = cs.id), 0) AS BIGINT)
         FROM cashier_sessions cs
         WHERE cs.tenant_id = $1
           AND cs.opening_float + cs.cash_received - cs.change_given + cs.pay_ins - cs.payouts - cs.cash_refunds
            <> COALESCE((SELECT SUM(c.amount) FROM cash_moves c WHERE c.tenant_id = $1 AND c.doc_kind = 'session_open' AND c.doc_id = cs.id), 0)
             + COALESCE((SELECT SUM(c.amount) FROM sales s JOIN cash_moves c ON c.tenant_id = s.tenant_id AND c.doc_kind = 'sale' AND c.doc_id = s.id
                         WHERE s.tenant_id = $1 AND s.session_id = cs.id), 0)
             + COALESCE((SELECT SUM(c.amount) FROM cash_movements m JOIN cash_moves c ON c.tenant_id = m.tenant_id AND c.doc_kind = 'cash_movement' AND c.doc_id = m.id
                         WHERE m.tenant_id = $1 AND m.session_id = cs.id), 0)
             + COALESCE((SELECT SUM(c.amount) FROM sale_returns r JOIN cash_moves c ON c.tenant_id = r.tenant_id AND c.doc_kind = 'return' AND c.doc_id = r.id
                         WHERE r.tenant_id = $1 AND r.session_id = cs.id), 0)
             + COALESCE((SELECT SUM(c.amount) FROM supplier_payments sp JOIN cash_moves c ON c.tenant_id = sp.tenant_id AND c.doc_kind = 'supplier_payment' AND c.doc_id = sp.id
                         WHERE sp.tenant_id = $1 AND sp.session_id = cs.id), 0)
             + COALESCE((SELECT SUM(c.amount) FROM customer_payments cp JOIN cash_moves c ON c.tenant_id = cp.tenant_id AND c.doc_kind = 'customer_payment' AND c.doc_id = cp.id
                         WHERE cp.tenant_id = $1 AND cp.session_id = cs.id), 0)
             + COALESCE((SELECT SUM(c.amount) FROM cafe_payments bp JOIN cash_moves c ON c.tenant_id = bp.tenant_id AND c.doc_kind = 'cafe_payment' AND c.doc_id = bp.id
                         WHERE bp.tenant_id = $1 AND bp.session_id = cs.id), 0)",
    ),
    (
        "cafe_tabs_vs_open_bills",
        "SELECT a.code,
                CAST((SELECT COALESCE(SUM(total - paid), 0) FROM cafe_bills WHERE tenant_id = $1) AS BIGINT),
                CAST(COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0) AS BIGINT)
         FROM accounts a
         WHERE a.tenant_id = $1 AND a.role = 'cafe_tabs'
           AND COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0)
               <> (SELECT COALESCE(SUM(total - paid), 0) FROM cafe_bills WHERE tenant_id = $1)",
    ),
    (
        "cafe_bill_vs_charges_and_payments",
        "SELECT b.number, b.total - b.paid,
                CAST(COALESCE((SELECT SUM(c.net + c.vat) FROM cafe_charges c WHERE c.tenant_id = $1 AND c.bill_id = b.id), 0)
                   - COALESCE((SELECT SUM(p.amount) FROM cafe_payments p WHERE p.tenant_id = $1 AND p.bill_id = b.id), 0) AS BIGINT)
         FROM cafe_bills b
         WHERE b.tenant_id = $1
           AND (b.total <> COALESCE((SELECT SUM(c.net + c.vat) FROM cafe_charges c WHERE c.tenant_id = $1 AND c.bill_id = b.id), 0)
             OR b.paid <> COALESCE((SELECT SUM(p.amount) FROM cafe_payments p WHERE p.tenant_id = $1 AND p.bill_id = b.id), 0))",
    ),
    (
        "daily_sales_vs_postings",
        "SELECT 'branch ' || CAST(x.b AS TEXT) || ' day ' || CAST(x.d AS TEXT), x.total,
                CAST(COALESCE((SELECT total FROM daily_sales ds WHERE ds.tenant_id = $1 AND ds.branch_id = x.b AND ds.day = x.d), 0) AS BIGINT)
         FROM (SELECT COALESCE(branch_id, 0) AS b, business_day AS d, CAST(SUM(total) AS BIGINT) AS total, COUNT(*) AS n
               FROM sales WHERE tenant_id = $1 AND status = 'posted' AND business_day IS NOT NULL
               GROUP BY COALESCE(branch_id, 0), business_day) x
         WHERE NOT EXISTS (SELECT 1 FROM daily_sales ds WHERE ds.tenant_id = $1 AND ds.branch_id = x.b AND ds.day = x.d
                           AND ds.total = x.total AND ds.sales_count = x.n)",
    ),
    (
        "sale_total_vs_entry",
        "SELECT s.number, s.total + s.cost,
                CAST((SELECT COALESCE(SUM(l.amount), 0) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                      WHERE e.tenant_id = $1 AND e.doc_kind = 'sale' AND e.doc_id = s.id AND l.amount > 0) AS BIGINT)
         FROM sales s
         WHERE s.tenant_id = $1 AND s.status = 'posted'
           AND s.total + s.cost <> (SELECT COALESCE(SUM(l.amount), 0) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                      WHERE e.tenant_id = $1 AND e.doc_kind = 'sale' AND e.doc_id = s.id AND l.amount > 0)",
    ),
    (
        "sale_header_vs_lines",
        "SELECT s.number, s.net + s.vat + s.cost,
                CAST((SELECT COALESCE(SUM(sl.net + sl.vat + sl.cost), 0) FROM sale_lines sl
                      WHERE sl.tenant_id = $1 AND sl.sale_id = s.id) AS BIGINT)
         FROM sales s
         WHERE s.tenant_id = $1 AND s.status = 'posted'
           AND (s.net, s.vat, s.cost) <> (
               SELECT COALESCE(SUM(sl.net), 0), COALESCE(SUM(sl.vat), 0), COALESCE(SUM(sl.cost), 0)
               FROM sale_lines sl WHERE sl.tenant_id = $1 AND sl.sale_id = s.id)",
    ),
    (
        "sale_cost_vs_stock_moves",
        "SELECT s.number, s.cost,
                CAST(-(SELECT COALESCE(SUM(m.value), 0) FROM stock_moves m
                       WHERE m.tenant_id = $1 AND m.doc_kind = 'sale' AND m.doc_id = s.id) AS BIGINT)
         FROM sales s
         WHERE s.tenant_id = $1 AND s.status = 'posted'
           AND s.cost <> -(SELECT COALESCE(SUM(m.value), 0) FROM stock_moves m
                           WHERE m.tenant_id = $1 AND m.doc_kind = 'sale' AND m.doc_id = s.id)",
    ),
    (
        "opening_stock_effects",
        "SELECT o.number, 2,
                CAST((SELECT COUNT(*) FROM journal_entries e WHERE e.tenant_id = $1 AND e.doc_kind = 'opening_stock' AND e.doc_id = o.id)
                   + (SELECT COUNT(*) FROM stock_moves m WHERE m.tenant_id = $1 AND m.doc_kind = 'opening_stock' AND m.doc_id = o.id) AS BIGINT)
         FROM opening_stocks o
         WHERE o.tenant_id = $1
           AND (SELECT COUNT(*) FROM journal_entries e WHERE e.tenant_id = $1 AND e.doc_kind = 'opening_stock' AND e.doc_id = o.id)
             + (SELECT COUNT(*) FROM stock_moves m WHERE m.tenant_id = $1 AND m.doc_kind = 'opening_stock' AND m.doc_id = o.id) <> 2",
    ),
    (
        "opening_balance_effects",
        "SELECT o.number, o.amount,
                CAST(COALESCE((SELECT SUM(l.amount) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                               JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
                               WHERE e.tenant_id = $1 AND e.doc_kind = 'opening_balance' AND e.doc_id = o.id
                                 AND a.role = o.party || 's'), 0)
                     * CASE WHEN o.party = 'supplier' THEN -1 ELSE 1 END AS BIGINT)
         FROM opening_balances o
         WHERE o.tenant_id = $1
           AND o.amount <> COALESCE((SELECT SUM(l.amount) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                                     JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
                                     WHERE e.tenant_id = $1 AND e.doc_kind = 'opening_balance' AND e.doc_id = o.id
                                       AND a.role = o.party || 's'), 0)
                            * CASE WHEN o.party = 'supplier' THEN -1 ELSE 1 END",
    ),
    (
        "return_exceeds_sale",
        "SELECT s.number || ' line ' || CAST(sl.line_no AS TEXT), sl.qty,
                CAST((SELECT SUM(rl.qty) FROM sale_return_lines rl
                      WHERE rl.tenant_id = $1 AND rl.sale_id = sl.sale_id AND rl.line_no = sl.line_no) AS BIGINT)
         FROM sale_lines sl JOIN sales s ON s.tenant_id = sl.tenant_id AND s.id = sl.sale_id
         WHERE sl.tenant_id = $1
           AND (SELECT COALESCE(SUM(rl.qty), 0) FROM sale_return_lines rl
                WHERE rl.tenant_id = $1 AND rl.sale_id = sl.sale_id AND rl.line_no = sl.line_no) > sl.qty",
    ),
    (
        "return_total_vs_entry",
        "SELECT r.number, r.net + r.vat,
                CAST((SELECT COALESCE(SUM(l.amount), 0) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                      JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
                      WHERE e.tenant_id = $1 AND e.doc_kind = 'return' AND e.doc_id = r.id
                        AND a.role IN ('sales_revenue', 'vat_payable')) AS BIGINT)
         FROM sale_returns r
         WHERE r.tenant_id = $1
           AND r.net + r.vat <> (SELECT COALESCE(SUM(l.amount), 0) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                                 JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
                                 WHERE e.tenant_id = $1 AND e.doc_kind = 'return' AND e.doc_id = r.id
                                   AND a.role IN ('sales_revenue', 'vat_payable'))",
    ),
    (
        "supplier_balance_vs_documents",
        "SELECT 'supplier ' || CAST(su.id AS TEXT), su.balance,
                CAST(COALESCE((SELECT SUM(total) FROM purchases WHERE tenant_id = $1 AND supplier_id = su.id), 0)
                   - COALESCE((SELECT SUM(total) FROM purchase_returns WHERE tenant_id = $1 AND supplier_id = su.id), 0)
                   - COALESCE((SELECT SUM(amount) FROM supplier_payments WHERE tenant_id = $1 AND supplier_id = su.id), 0)
                   + COALESCE((SELECT SUM(amount) FROM opening_balances WHERE tenant_id = $1 AND supplier_id = su.id), 0) AS BIGINT)
         FROM suppliers su
         WHERE su.tenant_id = $1
           AND su.balance <> COALESCE((SELECT SUM(total) FROM purchases WHERE tenant_id = $1 AND supplier_id = su.id), 0)
                   - COALESCE((SELECT SUM(total) FROM purchase_returns WHERE tenant_id = $1 AND supplier_id = su.id), 0)
                   - COALESCE((SELECT SUM(amount) FROM supplier_payments WHERE tenant_id = $1 AND supplier_id = su.id), 0)
                   + COALESCE((SELECT SUM(amount) FROM opening_balances WHERE tenant_id = $1 AND supplier_id = su.id), 0)",
    ),
    (
        "suppliers_account_vs_balances",
        "SELECT a.code,
                CAST((SELECT COALESCE(SUM(balance), 0) FROM suppliers WHERE tenant_id = $1) AS BIGINT),
                CAST(-COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0) AS BIGINT)
         FROM accounts a
         WHERE a.tenant_id = $1 AND a.role = 'suppliers'
           AND -COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0)
               <> (SELECT COALESCE(SUM(balance), 0) FROM suppliers WHERE tenant_id = $1)",
    ),
    (
        "purchase_header_vs_lines",
        "SELECT pu.number, pu.net + pu.vat,
                CAST((SELECT COALESCE(SUM(pl.net + pl.vat), 0) FROM purchase_lines pl
                      WHERE pl.tenant_id = $1 AND pl.purchase_id = pu.id) AS BIGINT)
         FROM purchases pu
         WHERE pu.tenant_id = $1
           AND (pu.net, pu.vat, pu.total) <> (
               SELECT COALESCE(SUM(pl.net), 0), COALESCE(SUM(pl.vat), 0), COALESCE(SUM(pl.net + pl.vat), 0)
               FROM purchase_lines pl WHERE pl.tenant_id = $1 AND pl.purchase_id = pu.id)",
    ),
    (
        "purchase_total_vs_entry",
        "SELECT pu.number, pu.total,
                CAST(-(SELECT COALESCE(SUM(l.amount), 0) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                       JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
                       WHERE e.tenant_id = $1 AND e.doc_kind = 'purchase' AND e.doc_id = pu.id
                         AND a.role = 'suppliers') AS BIGINT)
         FROM purchases pu
         WHERE pu.tenant_id = $1
           AND pu.total <> -(SELECT COALESCE(SUM(l.amount), 0) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id
                             JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
                             WHERE e.tenant_id = $1 AND e.doc_kind = 'purchase' AND e.doc_id = pu.id
                               AND a.role = 'suppliers')",
    ),
    (
        "return_exceeds_purchase",
        "SELECT pu.number || ' line ' || CAST(pl.line_no AS TEXT), pl.qty,
                CAST((SELECT SUM(rl.qty) FROM purchase_return_lines rl
                      WHERE rl.tenant_id = $1 AND rl.purchase_id = pl.purchase_id AND rl.line_no = pl.line_no) AS BIGINT)
         FROM purchase_lines pl JOIN purchases pu ON pu.tenant_id = pl.tenant_id AND pu.id = pl.purchase_id
         WHERE pl.tenant_id = $1
           AND (SELECT COALESCE(SUM(rl.qty), 0) FROM purchase_return_lines rl
                WHERE rl.tenant_id = $1 AND rl.purchase_id = pl.purchase_id AND rl.line_no = pl.line_no) > pl.qty",
    ),
    (
        "payment_allocations_vs_amount",
        "SELECT cp.number, cp.amount,
                CAST(COALESCE((SELECT SUM(a.amount) FROM customer_payment_allocations a
                               WHERE a.tenant_id = $1 AND a.payment_id = cp.id), 0)
                   + COALESCE((SELECT SUM(x.amount) FROM opening_balance_settlements x
                               WHERE x.tenant_id = $1 AND x.payment_id = cp.id), 0) AS BIGINT)
         FROM customer_payments cp
         WHERE cp.tenant_id = $1
           AND cp.amount <> COALESCE((SELECT SUM(a.amount) FROM customer_payment_allocations a
                                      WHERE a.tenant_id = $1 AND a.payment_id = cp.id), 0)
                          + COALESCE((SELECT SUM(x.amount) FROM opening_balance_settlements x
                                      WHERE x.tenant_id = $1 AND x.payment_id = cp.id), 0)",
    ),
    (
        "customer_open_items_vs_account",
        "SELECT a.code,
                CAST(COALESCE((SELECT SUM(p.amount) FROM sale_payments p JOIN sales s ON s.tenant_id = p.tenant_id AND s.id = p.sale_id
                               WHERE p.tenant_id = $1 AND p.method = 'credit' AND s.customer_id IS NOT NULL), 0)
                   - COALESCE((SELECT SUM(r.total) FROM sale_returns r WHERE r.tenant_id = $1 AND r.refund_method = 'credit'), 0)
                   - COALESCE((SELECT SUM(x.amount) FROM customer_payment_allocations x WHERE x.tenant_id = $1), 0)
                   + COALESCE((SELECT SUM(o.amount) FROM opening_balances o WHERE o.tenant_id = $1 AND o.customer_id IS NOT NULL), 0)
                   - COALESCE((SELECT SUM(x.amount) FROM opening_balance_settlements x WHERE x.tenant_id = $1), 0) AS BIGINT),
                CAST(COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0) AS BIGINT)
         FROM accounts a
         WHERE a.tenant_id = $1 AND a.role = 'customers'
           AND COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0)
               <> COALESCE((SELECT SUM(p.amount) FROM sale_payments p JOIN sales s ON s.tenant_id = p.tenant_id AND s.id = p.sale_id
                            WHERE p.tenant_id = $1 AND p.method = 'credit' AND s.customer_id IS NOT NULL), 0)
                - COALESCE((SELECT SUM(r.total) FROM sale_returns r WHERE r.tenant_id = $1 AND r.refund_method = 'credit'), 0)
                - COALESCE((SELECT SUM(x.amount) FROM customer_payment_allocations x WHERE x.tenant_id = $1), 0)
                + COALESCE((SELECT SUM(o.amount) FROM opening_balances o WHERE o.tenant_id = $1 AND o.customer_id IS NOT NULL), 0)
                - COALESCE((SELECT SUM(x.amount) FROM opening_balance_settlements x WHERE x.tenant_id = $1), 0)",
    ),
    (
        "transfer_quantities",
        "SELECT t.number, 0,
                CAST(COALESCE((SELECT SUM(m.qty) FROM stock_moves m
                               WHERE m.tenant_id = $1 AND m.doc_kind = 'transfer' AND m.doc_id = t.id), 0) AS BIGINT)
         FROM stock_transfers t
         WHERE t.tenant_id = $1
           AND COALESCE((SELECT SUM(m.qty) FROM stock_moves m
                         WHERE m.tenant_id = $1 AND m.doc_kind = 'transfer' AND m.doc_id = t.id), 0) <> 0",
    ),
    (
        "account_day_debits",
        "SELECT a.code || ' day ' || CAST(x.day AS TEXT),
                CAST(SUM(x.journal) AS BIGINT), CAST(SUM(x.days) AS BIGINT)
         FROM (SELECT l.account_id AS account_id, e.business_day AS day,
                      CASE WHEN l.amount > 0 THEN l.amount ELSE 0 END AS journal, 0 AS days
               FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
               WHERE l.tenant_id = $1
               UNION ALL
               SELECT account_id, day, 0, debit FROM account_days WHERE tenant_id = $1) x
         JOIN accounts a ON a.tenant_id = $1 AND a.id = x.account_id
         GROUP BY a.code, x.day
         HAVING SUM(x.journal) <> SUM(x.days)",
    ),
    (
        "account_day_credits",
        "SELECT a.code || ' day ' || CAST(x.day AS TEXT),
                CAST(SUM(x.journal) AS BIGINT), CAST(SUM(x.days) AS BIGINT)
         FROM (SELECT l.account_id AS account_id, e.business_day AS day,
                      CASE WHEN l.amount < 0 THEN -l.amount ELSE 0 END AS journal, 0 AS days
               FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
               WHERE l.tenant_id = $1
               UNION ALL
               SELECT account_id, day, 0, credit FROM account_days WHERE tenant_id = $1) x
         JOIN accounts a ON a.tenant_id = $1 AND a.id = x.account_id
         GROUP BY a.code, x.day
         HAVING SUM(x.journal) <> SUM(x.days)",
    ),
    (
        "rolls_vs_stock",
        "SELECT 'warehouse ' || CAST(k.warehouse_id AS TEXT) || ' product ' || CAST(k.product_id AS TEXT),
                CAST(COALESCE(MAX(l.qty), 0) AS BIGINT),
                CAST(COALESCE((SELECT SUM(r.remaining) FROM fabric_rolls r WHERE r.tenant_id = $1
                     AND r.warehouse_id = k.warehouse_id AND r.product_id = k.product_id), 0) AS BIGINT)
         FROM (SELECT s.warehouse_id, s.product_id FROM stock_levels s
               JOIN products p ON p.tenant_id = s.tenant_id AND p.id = s.product_id
               WHERE s.tenant_id = $1 AND p.in_rolls
               UNION SELECT warehouse_id, product_id FROM fabric_rolls WHERE tenant_id = $1) k
         LEFT JOIN stock_levels l ON l.tenant_id = $1 AND l.warehouse_id = k.warehouse_id
              AND l.product_id = k.product_id
         GROUP BY k.warehouse_id, k.product_id
         HAVING COALESCE(MAX(l.qty), 0) <> COALESCE((SELECT SUM(r.remaining) FROM fabric_rolls r
             WHERE r.tenant_id = $1 AND r.warehouse_id = k.warehouse_id AND r.product_id = k.product_id), 0)",
    ),
    (
        "roll_remaining_vs_cuts",
        "SELECT r.label || ' (roll ' || CAST(r.id AS TEXT) || ')',
                CAST(r.length - COALESCE(SUM(c.length), 0) AS BIGINT), r.remaining
         FROM fabric_rolls r LEFT JOIN roll_cuts c ON c.tenant_id = r.tenant_id AND c.roll_id = r.id
         WHERE r.tenant_id = $1
         GROUP BY r.id, r.label, r.length, r.remaining
         HAVING r.length - COALESCE(SUM(c.length), 0) <> r.remaining",
    ),
    (
        "reserved_within_on_hand",
        "SELECT 'warehouse ' || CAST(i.warehouse_id AS TEXT) || ' product ' || CAST(i.product_id AS TEXT),
                CAST(COALESCE(MAX(l.qty), 0) AS BIGINT), CAST(SUM(i.length) AS BIGINT)
         FROM cutting_items i LEFT JOIN stock_levels l ON l.tenant_id = i.tenant_id
              AND l.warehouse_id = i.warehouse_id AND l.product_id = i.product_id
         WHERE i.tenant_id = $1 AND i.status = 'reserved'
         GROUP BY i.warehouse_id, i.product_id
         HAVING SUM(i.length) > COALESCE(MAX(l.qty), 0)",
    ),
    (
        "work_in_progress_vs_cut_items",
        "SELECT a.code,
                CAST(COALESCE((SELECT SUM(i.cut_value) FROM cutting_items i
                     JOIN cutting_orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
                     WHERE i.tenant_id = $1 AND i.status = 'cut' AND o.charge_account_id = a.id), 0) AS BIGINT),
                CAST(COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0) AS BIGINT)
         FROM accounts a
         WHERE a.tenant_id = $1 AND a.role = 'work_in_progress'
           AND COALESCE((SELECT SUM(i.cut_value) FROM cutting_items i
                     JOIN cutting_orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
                     WHERE i.tenant_id = $1 AND i.status = 'cut' AND o.charge_account_id = a.id), 0)
               <> COALESCE((SELECT SUM(l.amount) FROM journal_lines l WHERE l.tenant_id = $1 AND l.account_id = a.id), 0)",
    ),
    (
        "cut_items_vs_stock_moves",
        "SELECT 'cutting item ' || CAST(i.id AS TEXT),
                CASE WHEN i.status = 'cut' THEN -i.length ELSE 0 END,
                CAST(COALESCE((SELECT SUM(m.qty) FROM stock_moves m WHERE m.tenant_id = $1
                     AND m.doc_kind IN ('cutting_cut', 'cutting_cancel') AND m.doc_id = i.id), 0) AS BIGINT)
         FROM cutting_items i
         WHERE i.tenant_id = $1
           AND CASE WHEN i.status = 'cut' THEN -i.length ELSE 0 END
               <> COALESCE((SELECT SUM(m.qty) FROM stock_moves m WHERE m.tenant_id = $1
                     AND m.doc_kind IN ('cutting_cut', 'cutting_cancel') AND m.doc_id = i.id), 0)",
    ),
    (
        "installation_archives",
        "SELECT i.number,
                CASE WHEN EXISTS (SELECT 1 FROM installation_events e WHERE e.tenant_id = $1
                     AND e.installation_id = i.id AND e.status IN ('completed', 'modification_completed'))
                     THEN 1 ELSE 0 END,
                CAST((SELECT COUNT(*) FROM installation_archives a WHERE a.tenant_id = $1
                     AND a.installation_id = i.id) AS BIGINT)
         FROM installations i
         WHERE i.tenant_id = $1
           AND CASE WHEN EXISTS (SELECT 1 FROM installation_events e WHERE e.tenant_id = $1
                     AND e.installation_id = i.id AND e.status IN ('completed', 'modification_completed'))
                     THEN 1 ELSE 0 END
               <> (SELECT COUNT(*) FROM installation_archives a WHERE a.tenant_id = $1
                     AND a.installation_id = i.id)",
    ),
];
